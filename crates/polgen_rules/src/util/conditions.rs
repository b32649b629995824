//! Whether a statement's conditions really narrow it.
//!
//! A `Condition` block makes a statement apply to fewer requests, but many conditions that
//! look restrictive are not: they match every request, or every request that lacks the key.
//! Security rules ask "is this grant limited by a condition?" and must not be fooled by:
//!
//! - `StringLike`/`ArnLike` (or `StringEquals`) whose values include a match-all such as `*`;
//! - `ForAllValues:...` on a key the request may lack: vacuously true when it is missing;
//! - `...IfExists` on a key the request may lack: true when it is missing;
//! - `Bool ... false` on a key that may be absent (asks for the *weaker* case);
//! - `ForAnyValue:` with a negated operator (`StringNotEquals`): true as soon as one value
//!   differs, i.e. nearly always;
//! - `Null` alone: only asserts that a key is present (or absent), not what it holds;
//! - `IpAddress` `0.0.0.0/0` or `::/0`.
//!
//! Each of these is "not narrowing" in [`narrows`], unless another condition of the same
//! statement closes the gap (a `Null: {key: "false"}` makes an `IfExists` or `ForAllValues`
//! condition on that key bite). Values computed at deploy time are given the benefit of the doubt
//! (narrowing), so rules stay quiet on what they cannot see. Which keys matter to which rule is
//! decided in [`crate::util::narrowing`].
//!
//! Whether a key may be absent comes from the catalog's global-key table; service keys
//! (`s3:prefix`, `ec2:ResourceTag/x`) are assumed to be absent for some requests.

use polgen_catalog::Catalog;
use polgen_policy::{Comparison, Condition, Effect, Family, SetQualifier, Statement};
use polgen_source::Span;

/// Keys whose value names a resource (or its owner), so a narrowing condition on them
/// limits the resources a statement reaches.
const RESOURCE_GLOBAL_KEYS: &[&str] = &[
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:ResourceOrgPaths",
];

/// The MFA key that `Bool` conditions test.
pub const MFA_PRESENT: &str = "aws:MultiFactorAuthPresent";
/// The MFA age key that numeric conditions test.
pub const MFA_AGE: &str = "aws:MultiFactorAuthAge";

/// Whether the request context can lack `key`. Global keys answer from the catalog; service
/// keys and unknown keys may always be absent.
pub fn may_be_absent(key: &str, catalog: &Catalog) -> bool {
    catalog
        .global_condition_key(key)
        .is_none_or(|k| k.may_be_absent)
}

/// Whether `cond` (one `operator: {key: values}` entry of `statement`) limits the requests the
/// statement applies to. See the module documentation for the traps it recognises.
pub fn narrows(cond: &Condition, statement: &Statement, catalog: &Catalog) -> bool {
    let op = &cond.operator;
    let Some(key) = cond.key.as_literal() else {
        return true;
    };
    if cond.values.is_empty() {
        return false;
    }
    let values: Vec<&str> = match cond
        .values
        .iter()
        .map(|v| v.str.as_literal())
        .collect::<Option<Vec<_>>>()
    {
        Some(v) => v,
        // Computed at deploy time: benefit of the doubt.
        None => return true,
    };
    let kind = op.kind;
    // `Null` only tests presence.
    if kind.family == Family::Null {
        return false;
    }
    let negated = kind.negated;
    if op.qualifier == Some(SetQualifier::ForAnyValue) && negated {
        return false;
    }
    // A companion `Null: {key: false}` guarantees the key is there.
    let absent = may_be_absent(key, catalog) && !asserts_present(statement, key);
    if op.if_exists && absent {
        return false;
    }
    if op.qualifier == Some(SetQualifier::ForAllValues) && absent {
        return false;
    }
    if kind.matches_names() {
        return !values.iter().any(|v| is_match_all(v));
    }
    match kind.family {
        // Only `true` narrows a key that may be absent; `false` asks for the weaker case.
        Family::Bool => !(absent && values.iter().any(|v| v.eq_ignore_ascii_case("false"))),
        Family::Ip if !negated => !values
            .iter()
            .any(|v| matches!(v.trim(), "0.0.0.0/0" | "::/0")),
        // Negated string and ARN operators, numbers, dates, `NotIpAddress`, binary values.
        _ => true,
    }
}

/// Whether `key` holds one value per request (not an `ArrayOf...` key). Unknown keys are not:
/// nothing is concluded from them. OIDC provider keys (`token.actions.githubusercontent.com:sub`)
/// are per provider; of the claims AWS documents only `amr` is a set.
pub fn is_single_valued(catalog: &Catalog, key: &str) -> bool {
    single_value_type(catalog, key).is_some()
}

/// The type of a single-valued key, `None` for multivalued (`ArrayOf...`) and unknown keys.
pub fn single_value_type(catalog: &Catalog, key: &str) -> Option<&'static str> {
    if let Some(info) = catalog.condition_key(key) {
        return (!info.ty.is_multivalued()).then(|| info.ty.as_str());
    }
    let claim = polgen_catalog::federation_key(key)?.claim;
    (!claim.eq_ignore_ascii_case("amr")
        && polgen_catalog::WELL_KNOWN_CLAIMS
            .iter()
            .any(|c| c.eq_ignore_ascii_case(claim)))
    .then_some("String")
}

/// A value that matches any string (`*`, `arn:*`, `arn:aws:*:*:*:*`, `*:*`).
pub fn is_match_all(value: &str) -> bool {
    let rest = value
        .strip_prefix("arn:")
        .map(|r| r.strip_prefix("aws").unwrap_or(r))
        .unwrap_or(value);
    value.contains('*') && rest.chars().all(|c| c == '*' || c == ':')
}

/// Whether `statement` has `Null: {key: "false"}`, i.e. requires `key` to be present.
pub(crate) fn asserts_present(statement: &Statement, key: &str) -> bool {
    statement.conditions_on(key).any(|c| {
        c.operator.kind.family == Family::Null
            && c.operator.qualifier.is_none()
            && c.all_values_are("false")
    })
}

/// The conditions of `statement` that narrow it.
pub fn narrowing_conditions<'a>(
    statement: &'a Statement,
    catalog: &'a Catalog,
) -> impl Iterator<Item = &'a Condition> + 'a {
    statement
        .conditions
        .iter()
        .filter(move |c| narrows(c, statement, catalog))
}

/// Whether `key` describes the resource acted on: `aws:ResourceTag/...`, `aws:ResourceAccount`,
/// `aws:ResourceOrgID`, `aws:ResourceOrgPaths`, or any service-defined key (`s3:prefix`,
/// `ec2:ResourceTag/...`, `iam:PassedToService`), which AWS evaluates per action and resource.
pub fn is_resource_key(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    if lower.starts_with("aws:resourcetag/")
        || RESOURCE_GLOBAL_KEYS
            .iter()
            .any(|k| k.eq_ignore_ascii_case(key))
    {
        return true;
    }
    !lower.starts_with("aws:") && lower.contains(':')
}

/// What a statement's conditions say about multi-factor authentication.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MfaRequirement {
    /// A condition that is only true for requests signed with MFA credentials:
    /// `Bool aws:MultiFactorAuthPresent true`, a `NumericLessThan` on `aws:MultiFactorAuthAge`
    /// or `Null: {aws:MultiFactorAuthAge: false}`.
    Required,
    /// `BoolIfExists aws:MultiFactorAuthPresent true`: looks like it requires MFA, but is true
    /// for long-term access keys, which lack the key. The span is the operator's.
    Ineffective(Span),
    /// Nothing about MFA.
    None,
}

/// Whether `statement` requires MFA through its conditions.
pub fn requires_mfa(statement: &Statement) -> MfaRequirement {
    let mut ineffective = None;
    for c in &statement.conditions {
        let op = &c.operator;
        let kind = op.kind;
        if c.key_is(MFA_PRESENT)
            && kind.family == Family::Bool
            && op.qualifier.is_none()
            && c.all_values_are("true")
        {
            if op.if_exists {
                ineffective.get_or_insert(op.span);
            } else {
                return MfaRequirement::Required;
            }
        }
        if c.key_is(MFA_AGE) && !op.if_exists {
            if kind.family == Family::Numeric
                && !kind.negated
                && matches!(
                    kind.comparison,
                    Comparison::LessThan | Comparison::LessThanEquals | Comparison::Equals
                )
            {
                return MfaRequirement::Required;
            }
            if kind.family == Family::Null && c.all_values_are("false") {
                return MfaRequirement::Required;
            }
        }
    }
    ineffective.map_or(MfaRequirement::None, MfaRequirement::Ineffective)
}

/// Whether `statement` is a `Deny` that applies to every request made without MFA, long-term
/// access keys included: `BoolIfExists aws:MultiFactorAuthPresent false` or
/// `Null: {aws:MultiFactorAuthPresent: true}` / `Null: {aws:MultiFactorAuthAge: true}` (the
/// latter two only catch the absent case, so they are accepted only alongside a `Bool false`).
/// The statement must have no other condition (which would limit the deny).
pub fn denies_without_mfa(statement: &Statement) -> bool {
    if !matches!(statement.effect, Some((Effect::Deny, _))) || statement.conditions.is_empty() {
        return false;
    }
    let mfa_conditions = statement
        .conditions
        .iter()
        .all(|c| c.key_is(MFA_PRESENT) || c.key_is(MFA_AGE));
    let if_exists_false = statement.conditions.iter().any(|c| {
        c.key_is(MFA_PRESENT)
            && c.operator.kind.family == Family::Bool
            && c.operator.if_exists
            && c.all_values_are("false")
    });
    // Conditions are ANDed: only a single catch-all condition makes the deny cover everything.
    mfa_conditions && if_exists_false && statement.conditions.len() == 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use polgen_policy::{PolicyKind, parse_policy};

    fn statement(condition: &str) -> Statement {
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{condition}}}]}}"#
        );
        let parsed = parse_policy(&text, Some(PolicyKind::Identity))
            .unwrap_or_else(|e| panic!("{condition}: {}", e.message));
        parsed
            .document
            .statements
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no statement in {condition}"))
    }

    fn narrowing(condition: &str) -> bool {
        let st = statement(condition);
        narrowing_conditions(&st, Catalog::get()).next().is_some()
    }

    #[test]
    fn real_conditions_narrow() {
        assert!(narrowing(
            r#"{"StringEquals":{"aws:ResourceAccount":"111122223333"}}"#
        ));
        assert!(narrowing(r#"{"StringLike":{"s3:prefix":"home/*"}}"#));
        assert!(narrowing(
            r#"{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#
        ));
        assert!(narrowing(
            r#"{"StringNotEquals":{"aws:PrincipalTag/team":"x"}}"#
        ));
        assert!(narrowing(r#"{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#));
    }

    #[test]
    fn match_all_values_do_not_narrow() {
        assert!(!narrowing(r#"{"StringLike":{"aws:ResourceTag/team":"*"}}"#));
        assert!(!narrowing(
            r#"{"StringEquals":{"aws:ResourceAccount":["111122223333","*"]}}"#
        ));
        assert!(!narrowing(
            r#"{"ArnLike":{"aws:SourceArn":"arn:aws:*:*:*:*"}}"#
        ));
        assert!(!narrowing(r#"{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}"#));
    }

    #[test]
    fn for_all_values_on_optional_key_is_vacuous() {
        assert!(!narrowing(
            r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}"#
        ));
        // ... unless the key is required to be present.
        assert!(narrowing(
            r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["team"]},"Null":{"aws:TagKeys":"false"}}"#
        ));
    }

    #[test]
    fn if_exists_on_optional_key_does_not_narrow() {
        assert!(!narrowing(
            r#"{"StringEqualsIfExists":{"aws:ResourceTag/team":"x"}}"#
        ));
        assert!(!narrowing(
            r#"{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}"#
        ));
        // An always-present key makes IfExists harmless.
        assert!(narrowing(
            r#"{"StringEqualsIfExists":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/x"}}"#
        ));
    }

    #[test]
    fn bool_false_on_optional_key_does_not_narrow() {
        assert!(!narrowing(
            r#"{"Bool":{"aws:MultiFactorAuthPresent":"false"}}"#
        ));
        assert!(narrowing(r#"{"Bool":{"aws:SecureTransport":"false"}}"#));
    }

    #[test]
    fn for_any_value_negated_does_not_narrow() {
        assert!(!narrowing(
            r#"{"ForAnyValue:StringNotEquals":{"aws:TagKeys":"secret"}}"#
        ));
    }

    #[test]
    fn null_alone_does_not_narrow() {
        assert!(!narrowing(r#"{"Null":{"aws:ResourceTag/team":"false"}}"#));
        assert!(!narrowing(r#"{"Null":{"aws:TokenIssueTime":"true"}}"#));
    }

    #[test]
    fn resource_keys() {
        assert!(is_resource_key("aws:ResourceTag/team"));
        assert!(is_resource_key("aws:ResourceAccount"));
        assert!(is_resource_key("s3:prefix"));
        assert!(!is_resource_key("aws:SourceIp"));
        assert!(!is_resource_key("aws:PrincipalTag/team"));
        let st = statement(r#"{"StringEquals":{"aws:ResourceTag/team":"x"}}"#);
        let resources = |st: &Statement| {
            crate::util::narrowing::narrowed(st, &crate::util::narrowing::RESOURCES, Catalog::get())
        };
        assert!(resources(&st));
        let st = statement(r#"{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#);
        assert!(!resources(&st));
        let st = statement(r#"{}"#);
        assert!(!resources(&st));
        let st = statement(r#"{"StringEquals":{}}"#);
        assert!(!resources(&st));
    }

    #[test]
    fn mfa() {
        assert_eq!(
            requires_mfa(&statement(
                r#"{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#
            )),
            MfaRequirement::Required
        );
        assert_eq!(
            requires_mfa(&statement(
                r#"{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}"#
            )),
            MfaRequirement::Required
        );
        assert!(matches!(
            requires_mfa(&statement(
                r#"{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}"#
            )),
            MfaRequirement::Ineffective(_)
        ));
        assert_eq!(
            requires_mfa(&statement(
                r#"{"Bool":{"aws:MultiFactorAuthPresent":"false"}}"#
            )),
            MfaRequirement::None
        );
    }

    #[test]
    fn match_all() {
        assert!(is_match_all("*"));
        assert!(is_match_all("arn:*"));
        assert!(is_match_all("arn:aws:*:*:*:*"));
        assert!(!is_match_all("arn:aws:s3:::*"));
        assert!(!is_match_all("team-*"));
        assert!(!is_match_all(":"));
    }
}
