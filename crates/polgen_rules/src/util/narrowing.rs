//! Which conditions really narrow *who* a trust or resource policy lets in.
//!
//! A principal such as `"*"`, another account or a service counts as restricted only by a
//! condition on a key that identifies the caller (its organisation, account, ARN, network, or
//! the resource a service acts for), with an operator that works for that key. On top of the
//! traps [`conditions::narrows`] already recognises (`...IfExists` on a key that may be absent,
//! `ForAllValues` on an absent key, `ForAnyValue` with a negated operator, `Null` alone, match-all
//! values), this module rejects:
//!
//! - negated operators (`StringNotEquals aws:PrincipalOrgID o-x` in an `Allow` lets in every
//!   caller *outside* the organisation);
//! - `Like` values that wildcard the identifying part (`aws:SourceAccount` `*`,
//!   `aws:PrincipalArn` `arn:aws:iam::*:role/x`, `aws:SourceArn` `arn:aws:sns:*:*:*`);
//! - keys that do not identify the caller at all (`aws:SecureTransport`, `aws:CurrentTime`).

use polgen_catalog::Catalog;
use polgen_policy::{Comparison, Condition, Family, Statement};

use crate::util::conditions;

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
    "kms:CallerAccount",
    "s3:DataAccessPointAccount",
    "sts:ExternalId",
];

/// The first condition of `st` on one of `keys` that really narrows the callers.
pub fn narrowing_on<'a>(
    st: &'a Statement,
    keys: &[&str],
    catalog: &Catalog,
) -> Option<&'a Condition> {
    st.conditions.iter().find(|c| {
        c.key
            .as_literal()
            .is_some_and(|k| keys.iter().any(|x| x.eq_ignore_ascii_case(k)))
            && narrows_callers(c, st, catalog)
    })
}

/// Whether the `Condition` block of `st` is computed at deploy time (so nothing can be said).
pub fn conditions_unknown(st: &Statement) -> bool {
    st.condition_span.is_some() && st.conditions.is_empty()
}

/// Whether `c` limits the callers to known ones. Values computed at deploy time get the benefit
/// of the doubt, as in [`conditions::narrows`].
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
        narrowing_on(&st, CALLER_KEYS, Catalog::get()).is_some()
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
