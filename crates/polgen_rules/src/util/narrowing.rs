//! The one judgement every rule uses of "does this statement's `Condition` block narrow X".
//!
//! A rule names what it is about as an [`Aspect`]: the keys whose conditions can narrow it
//! (who the caller is, the resource a service acts for, which role is passed, ...) and how
//! strictly such a condition must bite. [`judge`] then answers, for one statement:
//!
//! - [`Narrowing::Dead`]: the block can never hold (see [`crate::util::satisfiable`]), so the
//!   statement grants nothing and `unsatisfiable-condition` reports it (asked only when
//!   nothing else narrows the aspect: a dead statement with a narrowing condition is `By`);
//! - [`Narrowing::By`]: a condition on one of the aspect's keys really narrows it;
//! - [`Narrowing::Unknown`]: a part of the block that could narrow it is computed at deploy time
//!   (a CloudFormation intrinsic, a Terraform expression): polgen cannot see it and stays quiet;
//! - [`Narrowing::No`]: nothing narrows it. That includes no block at all, an empty block
//!   (`"Condition": {}`), an empty operator block (`{"StringEquals": {}}`), conditions on keys
//!   unrelated to the aspect (`aws:SecureTransport` does not narrow who may assume a role), and
//!   every trap [`conditions::narrows`] recognises.
//!
//! On top of those traps, the strict [`Test::Callers`] test rejects:
//!
//! - negated operators (`StringNotEquals aws:PrincipalOrgID o-x` in an `Allow` lets in every
//!   caller *outside* the organisation);
//! - `Like` values that wildcard the identifying part (`aws:SourceAccount` `*`,
//!   `aws:PrincipalArn` `arn:aws:iam::*:role/x`, `aws:SourceArn` `arn:aws:sns:*:*:*`).
//!
//! The keys of each aspect are listed in the doc page of every rule that uses it.

use polgen_catalog::Catalog;
use polgen_policy::{Comparison, Condition, Family, Statement};
use polgen_source::Span;

use crate::util::{conditions, satisfiable};

/// Keys that name who the caller is or where the call comes from: a narrowing condition on one
/// of them makes `"*"` no longer public (the set S3 and Access Analyzer use to decide whether a
/// policy is public, plus the KMS and access-point keys of the same kind).
pub const CALLER_KEYS: &[&str] = &[
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalServiceName",
    "aws:PrincipalServiceNamesList",
    "aws:PrincipalIsAWSService",
    "aws:userid",
    "aws:username",
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOwner",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:VpceAccount",
    "aws:VpceOrgID",
    "aws:VpceOrgPaths",
    "aws:SourceIp",
    "kms:CallerAccount",
    "s3:DataAccessPointAccount",
    "s3:DataAccessPointArn",
];

/// Keys that tie a service principal to the resource (or account, organisation) it acts for:
/// the confused-deputy defence (IAM User Guide, "The confused deputy problem",
/// "Cross-service confused deputy prevention").
pub const SOURCE_KEYS: &[&str] = &[
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:SourceOwner",
];

/// Keys that keep a cross-account principal inside our organisation.
pub const ORG_KEYS: &[&str] = &["aws:PrincipalOrgID", "aws:PrincipalOrgPaths"];

/// The key a third party must present when it assumes a role for us.
pub const EXTERNAL_ID: &str = "sts:ExternalId";

/// The keys whose values are ids rather than ARNs: any wildcard in a `Like` value makes them
/// match callers we do not know.
const ID_KEYS: &[&str] = &[
    "aws:PrincipalOrgID",
    "aws:PrincipalAccount",
    "aws:SourceAccount",
    "aws:SourceOwner",
    "aws:SourceOrgID",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:VpceAccount",
    "aws:VpceOrgID",
    "kms:CallerAccount",
    "s3:DataAccessPointAccount",
    "sts:ExternalId",
];

/// How strictly a condition on an aspect's key must bite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Test {
    /// [`conditions::narrows`]: it limits the requests the statement applies to.
    Requests,
    /// [`narrows_callers`]: it limits the callers to known ones (no negation, no wildcard in
    /// the identifying part of the value).
    Callers,
}

/// What a rule asks a statement's conditions to narrow.
#[derive(Clone, Copy)]
pub struct Aspect {
    /// For tests and messages: "who may call", "which role is passed", ...
    pub what: &'static str,
    /// Whether a condition on this key can narrow the aspect.
    pub key: fn(&str) -> bool,
    pub test: Test,
}

impl Aspect {
    pub fn is_key(&self, key: &str) -> bool {
        (self.key)(key)
    }
}

fn one_of(keys: &[&str], key: &str) -> bool {
    keys.iter().any(|k| k.eq_ignore_ascii_case(key))
}

fn has_prefix(prefix: &str, key: &str) -> bool {
    key.len() > prefix.len()
        && key.is_char_boundary(prefix.len())
        && key[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Who the caller is or where the call comes from: `"*"` is no longer public
/// (`public-access`).
pub const CALLERS: Aspect = Aspect {
    what: "who may call",
    key: |k| one_of(CALLER_KEYS, k),
    test: Test::Callers,
};

/// The resource, account or organisation a service principal acts for (`confused-deputy`).
pub const SERVICE_SOURCE: Aspect = Aspect {
    what: "what a service acts for",
    key: |k| one_of(SOURCE_KEYS, k),
    test: Test::Callers,
};

/// The external id a third party presents (`missing-external-id`, `trust-missing-mfa`).
pub const EXTERNAL_ID_ASPECT: Aspect = Aspect {
    what: "the external id",
    key: |k| k.eq_ignore_ascii_case(EXTERNAL_ID),
    test: Test::Callers,
};

/// Our organisation (`missing-external-id`: a principal inside it is not a third party).
pub const ORGANIZATION: Aspect = Aspect {
    what: "the caller's organisation",
    key: |k| one_of(ORG_KEYS, k),
    test: Test::Callers,
};

/// The caller's ARN (`trust-account-root`: which roles of a trusted account may assume).
pub const PRINCIPAL_ARN: Aspect = Aspect {
    what: "the caller's ARN",
    key: |k| k.eq_ignore_ascii_case("aws:PrincipalArn"),
    test: Test::Callers,
};

/// The SAML audience (`saml-missing-aud`).
pub const SAML_AUDIENCE: Aspect = Aspect {
    what: "the SAML audience",
    key: |k| k.eq_ignore_ascii_case("SAML:aud"),
    test: Test::Callers,
};

/// The resources reached (`wildcard-resource`, `resource-effectively-star`): see
/// [`conditions::is_resource_key`].
pub const RESOURCES: Aspect = Aspect {
    what: "which resources",
    key: conditions::is_resource_key,
    test: Test::Requests,
};

/// Keys naming the principal an identity policy applies to.
pub const PRINCIPAL_KEYS: &[&str] = &["aws:PrincipalArn", "aws:userid", "aws:username"];

fn is_principal_key(key: &str) -> bool {
    one_of(PRINCIPAL_KEYS, key) || has_prefix("aws:PrincipalTag/", key)
}

fn is_target_tag_key(key: &str) -> bool {
    has_prefix("aws:ResourceTag/", key) || has_prefix("iam:ResourceTag/", key)
}

fn is_mfa_key(key: &str) -> bool {
    key.eq_ignore_ascii_case(conditions::MFA_PRESENT)
        || key.eq_ignore_ascii_case(conditions::MFA_AGE)
}

/// Keys that say which way the request came: only through another AWS service acting for the
/// principal (`aws:CalledVia`, `aws:CalledViaFirst`, `aws:CalledViaLast`, `aws:ViaAWSService`),
/// never by the principal's own call.
fn is_path_key(key: &str) -> bool {
    has_prefix("aws:CalledVia", key)
        || key.eq_ignore_ascii_case("aws:CalledVia")
        || key.eq_ignore_ascii_case("aws:ViaAWSService")
}

/// A service's own key (`iam:PassedToService`, `iam:PolicyARN`, `ec2:ResourceTag/x`,
/// `ecs:container-name`): AWS evaluates it per action and resource, so it says what the
/// action acts on or with.
fn is_service_key(key: &str) -> bool {
    !has_prefix("aws:", key) && key.contains(':')
}

/// The keys that narrow a privilege escalation (`privilege-escalation`): the principal that
/// escalates (`aws:PrincipalArn`, `aws:PrincipalTag/*`, `aws:userid`, `aws:username`), MFA for
/// people (`aws:MultiFactorAuthPresent`, `aws:MultiFactorAuthAge`), the way the request comes
/// (only through another service: `aws:CalledVia*`, `aws:ViaAWSService`), the resource acted
/// on by its tags (`aws:ResourceTag/*`), and every service key, which AWS evaluates per action
/// and resource: the role or service passed (`iam:PassedToService`,
/// `iam:AssociatedResourceArn`), the policy attached (`iam:PolicyARN`), the permissions
/// boundary required (`iam:PermissionsBoundary`), `iam:ResourceTag/*`, `ec2:ResourceTag/*`.
/// Transport, time, region, network, request tags and the resource's account
/// (`aws:ResourceAccount` is the principal's own in practice) do not stop an escalation.
pub const ESCALATION: Aspect = Aspect {
    what: "the escalation",
    key: |k| {
        is_principal_key(k)
            || is_mfa_key(k)
            || is_path_key(k)
            || has_prefix("aws:ResourceTag/", k)
            || is_service_key(k)
    },
    test: Test::Requests,
};

/// The keys that narrow which role `iam:PassRole` may pass (`pass-role-star`): the role's tags
/// (`aws:ResourceTag/*`, `iam:ResourceTag/*`), the resource it is passed for
/// (`iam:AssociatedResourceArn`), the principal passing it, MFA and the way the request comes.
/// `iam:PassedToService` limits the service that receives the role, not the role.
pub const PASSED_ROLE: Aspect = Aspect {
    what: "which role is passed",
    key: |k| {
        is_principal_key(k)
            || is_mfa_key(k)
            || is_path_key(k)
            || is_target_tag_key(k)
            || k.eq_ignore_ascii_case("iam:AssociatedResourceArn")
    },
    test: Test::Requests,
};

/// The keys that make `Action: "*"` on `Resource: "*"` less than standing administrator access
/// (`admin-access`): who the caller is ([`CALLER_KEYS`], `aws:PrincipalTag/*`), which resources
/// ([`conditions::is_resource_key`]) and MFA (administrator access for people who sign in with
/// MFA is AWS's own pattern). Transport, time, region and request-tag keys keep it admin.
pub const ADMIN_SCOPE: Aspect = Aspect {
    what: "the scope of administrator access",
    key: |k| {
        one_of(CALLER_KEYS, k)
            || is_principal_key(k)
            || is_mfa_key(k)
            || conditions::is_resource_key(k)
    },
    test: Test::Requests,
};

/// Keys about how or when a request is made rather than who makes it or what it reaches: a
/// condition on them leaves a grant as wide as it was.
pub const INCIDENTAL_KEYS: &[&str] = &[
    "aws:SecureTransport",
    "aws:RequestedRegion",
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:TokenIssueTime",
    "aws:UserAgent",
    "aws:Referer",
];

/// Any key but the [`INCIDENTAL_KEYS`] (`resource-policy-escalation`: `kms:GrantIsForAWSResource`
/// or `s3:x-amz-acl` limit what a grant or ACL may say).
pub const GRANT_SCOPE: Aspect = Aspect {
    what: "what the grant reaches",
    key: |k| !one_of(INCIDENTAL_KEYS, k),
    test: Test::Requests,
};

/// MFA (`trust-missing-mfa` asks whether people must present it).
pub const MFA: Aspect = Aspect {
    what: "multi-factor authentication",
    key: is_mfa_key,
    test: Test::Requests,
};

/// What a statement's conditions say about one aspect.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Narrowing<'a> {
    /// The block can never hold: the statement applies to no request.
    Dead,
    /// This condition narrows it.
    By(&'a Condition),
    /// Computed at deploy time where it could be narrowed: nothing can be said.
    Unknown(Span),
    /// Nothing narrows it.
    No,
}

impl Narrowing<'_> {
    /// Whether a rule about the aspect must stay quiet: it is narrowed, dead, or unknown.
    pub fn narrowed(&self) -> bool {
        !matches!(self, Narrowing::No)
    }
}

/// What `st`'s conditions say about `aspect`.
pub fn judge<'a>(st: &'a Statement, aspect: &Aspect, catalog: &Catalog) -> Narrowing<'a> {
    if st.condition_span.is_none() || st.conditions.is_empty() && st.computed_condition.is_none() {
        return Narrowing::No;
    }
    if let Some(span) = st.computed_condition {
        return Narrowing::Unknown(span);
    }
    let mut unknown = None;
    for c in &st.conditions {
        let Some(key) = c.key.as_literal() else {
            unknown = unknown.or(Some(c.key.span));
            continue;
        };
        if !aspect.is_key(key) {
            continue;
        }
        if c.values.iter().any(|v| !v.str.is_literal()) {
            unknown = unknown.or(Some(c.values_span));
            continue;
        }
        let bites = match aspect.test {
            Test::Requests => conditions::narrows(c, st, catalog),
            Test::Callers => narrows_callers(c, st, catalog),
        };
        if bites {
            return Narrowing::By(c);
        }
    }
    match unknown {
        Some(span) => Narrowing::Unknown(span),
        // Only now, when nothing else would keep the rule quiet: is the statement dead?
        None if satisfiable::unsatisfiable(st, catalog).is_some() => Narrowing::Dead,
        None => Narrowing::No,
    }
}

/// The conditions of `st` on `aspect`'s keys that narrow it (values computed at deploy time
/// count as narrowing).
pub fn narrowing_conditions<'a>(
    st: &'a Statement,
    aspect: &'a Aspect,
    catalog: &'a Catalog,
) -> impl Iterator<Item = &'a Condition> + 'a {
    st.conditions.iter().filter(move |c| {
        c.key.as_literal().is_none_or(|k| aspect.is_key(k))
            && match aspect.test {
                Test::Requests => conditions::narrows(c, st, catalog),
                Test::Callers => narrows_callers(c, st, catalog),
            }
    })
}

/// Whether nothing can be said of `st`'s conditions whatever the aspect: the statement is dead,
/// or its block is computed at deploy time where the keys are unknown.
pub fn cannot_judge(st: &Statement, catalog: &Catalog) -> bool {
    st.computed_condition.is_some() || satisfiable::unsatisfiable(st, catalog).is_some()
}

/// Whether `st`'s conditions narrow `aspect` (or the statement is dead, or it cannot be known).
pub fn narrowed(st: &Statement, aspect: &Aspect, catalog: &Catalog) -> bool {
    judge(st, aspect, catalog).narrowed()
}

/// Whether `c` limits the callers to known ones. Values computed at deploy time get the benefit
/// of the doubt, as in [`conditions::narrows`] ([`judge`] reports them as unknown first).
pub fn narrows_callers(c: &Condition, st: &Statement, catalog: &Catalog) -> bool {
    if !conditions::narrows(c, st, catalog) {
        return false;
    }
    let Some(key) = c.key.as_literal() else {
        return true;
    };
    let kind = c.operator.kind;
    if kind.negated {
        return false;
    }
    if key.eq_ignore_ascii_case("aws:PrincipalIsAWSService") {
        return kind.family == Family::Bool
            && c.values.iter().all(|v| {
                v.str
                    .as_literal()
                    .is_none_or(|t| t.eq_ignore_ascii_case("true"))
            });
    }
    if key.eq_ignore_ascii_case("aws:SourceIp") {
        return kind.family == Family::Ip;
    }
    if !kind.matches_names() {
        return false;
    }
    let like = kind.comparison == Comparison::Like;
    let is_id = ID_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key));
    c.values.iter().all(|v| {
        let Some(text) = v.str.as_literal() else {
            return true;
        };
        if !like {
            return true;
        }
        if is_id {
            return !text.contains(['*', '?']);
        }
        arn_value_narrows(text)
    })
}

/// An ARN pattern narrows when neither its account nor its whole resource part is a wildcard.
/// S3 ARNs have no account field; their resource part must be more than `*`.
pub fn arn_value_narrows(text: &str) -> bool {
    if conditions::is_match_all(text) {
        return false;
    }
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    match parts[..] {
        [_, _, _, _, account, resource] => {
            !account.contains(['*', '?']) && !resource.chars().all(|c| c == '*' || c == '/')
        }
        _ => !text.chars().all(|c| c == '*'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polgen_policy::{PolicyKind, parse_policy};

    fn statement(condition: &str) -> Statement {
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{condition}}}]}}"#
        );
        parse_policy(&text, Some(PolicyKind::Resource))
            .unwrap_or_else(|e| panic!("{condition}: {}", e.message))
            .document
            .statements
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no statement"))
    }

    fn narrows(condition: &str) -> bool {
        let st = statement(condition);
        narrowed(&st, &CALLERS, Catalog::get())
    }

    #[test]
    fn real_restrictions() {
        assert!(narrows(
            r#"{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}"#
        ));
        assert!(narrows(
            r#"{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-abc/r-1/ou-1/*"}}"#
        ));
        assert!(narrows(
            r#"{"ArnLike":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:topic-*"}}"#
        ));
        assert!(narrows(
            r#"{"StringEquals":{"aws:SourceVpce":"vpce-1a2b"}}"#
        ));
        assert!(narrows(r#"{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}"#));
        assert!(narrows(r#"{"Bool":{"aws:PrincipalIsAWSService":"true"}}"#));
        // A `*` value is read as the match-all it was meant to be, whatever the operator.
        assert!(!narrows(r#"{"StringEquals":{"aws:SourceAccount":"*"}}"#));
    }

    #[test]
    fn tricks_that_do_not_narrow() {
        assert!(!narrows(r#"{"StringLike":{"aws:SourceAccount":"*"}}"#));
        assert!(!narrows(
            r#"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/deploy"}}"#
        ));
        assert!(!narrows(
            r#"{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:*:*"}}"#
        ));
        assert!(!narrows(
            r#"{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc123"}}"#
        ));
        assert!(!narrows(
            r#"{"ForAnyValue:StringNotEquals":{"aws:PrincipalOrgPaths":"o-abc/r-1/"}}"#
        ));
        assert!(!narrows(
            r#"{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}}"#
        ));
        assert!(!narrows(r#"{"Null":{"aws:SourceArn":"false"}}"#));
        assert!(!narrows(r#"{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}"#));
        assert!(!narrows(r#"{"Bool":{"aws:SecureTransport":"true"}}"#));
        assert!(!narrows(
            r#"{"Bool":{"aws:PrincipalIsAWSService":"false"}}"#
        ));
    }

    #[test]
    fn null_companion_makes_if_exists_bite() {
        assert!(narrows(
            r#"{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"},"Null":{"aws:SourceAccount":"false"}}"#
        ));
    }
}
