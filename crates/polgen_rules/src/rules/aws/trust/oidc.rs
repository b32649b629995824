//! Web identity (OIDC) federation: which statements let an OIDC provider's tokens in, and the
//! conditions on the provider's claims (`<issuer>:sub`, `<issuer>:aud`, ...).

use polgen_catalog::{Catalog, federation_key};
use polgen_policy::principal::{OidcIdp, PrincipalClass, is_computed};
use polgen_policy::{Comparison, Condition, Family, SetQualifier, Statement};
use polgen_source::Span;

use crate::util::{conditions, narrowing};

use super::common;

/// An `Allow` of `sts:AssumeRoleWithWebIdentity` to one OIDC provider.
pub struct OidcGrant<'a> {
    pub statement: &'a Statement,
    /// The principal value.
    pub span: Span,
    pub issuer: String,
    pub idp: OidcIdp,
}

/// Every OIDC provider principal that an `Allow` statement lets assume the role. Statements
/// whose condition block or claim keys are computed at deploy time are left out: nothing can be
/// said about them.
pub fn grants<'a>(statements: &'a [Statement], catalog: &Catalog) -> Vec<OidcGrant<'a>> {
    let mut out = Vec::new();
    for (st, principals) in common::allowed_principals(statements) {
        if !common::may_grant(st, common::ASSUME_ROLE_WITH_WEB_IDENTITY)
            || narrowing::cannot_judge(st, catalog)
            || st
                .conditions
                .iter()
                .any(|c| c.key.as_literal().is_none_or(is_computed))
        {
            continue;
        }
        for p in principals {
            if let PrincipalClass::OidcProvider { issuer, .. } = &p.class {
                out.push(OidcGrant {
                    statement: st,
                    span: p.span,
                    idp: OidcIdp::of(issuer),
                    issuer: issuer.clone(),
                });
            }
        }
    }
    out
}

fn host(provider: &str) -> &str {
    provider.split('/').next().unwrap_or(provider)
}

/// The conditions of the grant's statement on one of `claims` of its provider. GitHub
/// Enterprise issuers add a path (`token.actions.githubusercontent.com/<slug>:sub`), so the
/// provider is matched by host.
pub fn claim_conditions<'a>(grant: &OidcGrant<'a>, claims: &[&str]) -> Vec<&'a Condition> {
    let issuer_host = host(&grant.issuer);
    grant
        .statement
        .conditions
        .iter()
        .filter(|c| {
            c.key
                .as_literal()
                .and_then(federation_key)
                .is_some_and(|k| {
                    k.host.eq_ignore_ascii_case(issuer_host)
                        && claims.iter().any(|w| k.claim.eq_ignore_ascii_case(w))
                })
        })
        .collect()
}

/// Whether a claim condition narrows: a positive string operator, no trap. `sub` and `aud`
/// are in every token, so `IfExists` and `ForAllValues` are harmless on them.
pub fn claim_narrows(
    c: &Condition,
    st: &Statement,
    catalog: &Catalog,
    always_present: bool,
) -> bool {
    let kind = c.operator.kind;
    if kind.negated || kind.family != Family::String {
        return false;
    }
    // `StringEquals` compares literally: `*` matches only a claim that is `*`, so it pins (to
    // nothing real); `wildcard-without-like` reports the mistake.
    if always_present && kind.comparison != Comparison::Like {
        return !c.values.is_empty();
    }
    if always_present {
        let mut present = c.clone();
        present.operator.if_exists = false;
        if present.operator.qualifier == Some(SetQualifier::ForAllValues) {
            present.operator.qualifier = None;
        }
        return conditions::narrows(&present, st, catalog);
    }
    conditions::narrows(c, st, catalog)
}

/// Whether the operator treats `*` and `?` as wildcards.
pub fn is_like(c: &Condition) -> bool {
    c.operator.kind.name == "StringLike"
}
