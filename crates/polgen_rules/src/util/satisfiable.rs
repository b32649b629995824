//! Whether a statement's `Condition` block can ever hold.
//!
//! A block that no request can meet makes the statement dead: an `Allow` that grants nothing, a
//! `Deny` that denies nothing. It is almost always a mistake (a placeholder left in, a value
//! written for the wrong key, a revocation date long past), and a rule judging the statement
//! as live would report grants that do not exist. Three shapes are recognised, each decided
//! with the same condition evaluator `polgen suggest --current` uses ([`polgen_eval`]):
//!
//! - `sts:ExternalId` compared for equality only with values no external id can have (IAM
//!   accepts 2 to 1,224 characters of `[\w+=,.@:/-]`), such as `""`;
//! - a date that is past: `DateLessThan aws:CurrentTime` (or `aws:EpochTime`) a date before now,
//!   or `DateLessThan aws:TokenIssueTime` a date older than the longest-lived temporary
//!   credentials (36 hours: long-term access keys have no `aws:TokenIssueTime`, so the
//!   condition is false for them too);
//! - a single-valued key required to equal values that no one value meets: `StringEquals` on
//!   two different literal values of one key (written twice with different capitalisation,
//!   or under two operators), `Bool` `true` and `false`, `StringEquals` with a value that a
//!   `StringNotEquals` or `StringLike` of the same key rules out, `Null: true` beside a
//!   positive comparison.

use polgen_catalog::Catalog;
use polgen_eval::condition::condition_holds;
use polgen_eval::{Context, Truth};
use polgen_policy::scalar::date;
use polgen_policy::{Comparison, Condition, Family, Statement};
use polgen_source::Span;

use crate::util::conditions;

/// Why a statement can never apply.
#[derive(Clone, Debug, PartialEq)]
pub struct Unsatisfiable<'a> {
    /// The condition that cannot hold (or that rules out the last possible value).
    pub condition: &'a Condition,
    /// Where: the values of that condition.
    pub span: Span,
    /// Another condition it contradicts, if the contradiction takes two.
    pub other: Option<&'a Condition>,
    /// Why, in one clause: "an external id has 2 to 1,224 characters".
    pub reason: String,
}

/// The longest a temporary credential lives (`GetSessionToken`, `GetFederationToken`): a
/// token issued longer ago than this has expired.
const LONGEST_TOKEN_SECONDS: f64 = 36.0 * 3600.0;

/// IAM's limits on an external id (`AssumeRole`'s `ExternalId` parameter).
const EXTERNAL_ID_MIN: usize = 2;
const EXTERNAL_ID_MAX: usize = 1224;

/// Why `st`'s conditions can never all hold, if they cannot.
pub fn unsatisfiable<'a>(st: &'a Statement, catalog: &Catalog) -> Option<Unsatisfiable<'a>> {
    if st.conditions.is_empty() {
        return None;
    }
    st.conditions
        .iter()
        .find_map(|c| impossible_external_id(c).or_else(|| past_date(c)))
        .or_else(|| contradiction(st, catalog))
}

fn now_seconds() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// Literal values of `c`, or `None` if one is computed at deploy time.
fn literal_values(c: &Condition) -> Option<Vec<&str>> {
    c.values.iter().map(|v| v.str.as_literal()).collect()
}

fn is_external_id_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || "+=,.@:/-".contains(c)
}

fn impossible_external_id(c: &Condition) -> Option<Unsatisfiable<'_>> {
    let kind = c.operator.kind;
    // `IfExists` holds for callers that present no external id; set operators and negations
    // hold for values outside the list.
    if !c.key_is(super::narrowing::EXTERNAL_ID)
        || c.operator.if_exists
        || c.operator.qualifier.is_some()
        || kind.negated
        || kind.family != Family::String
        || kind.comparison == Comparison::Like
    {
        return None;
    }
    let values = literal_values(c)?;
    if values.is_empty() {
        return None;
    }
    let possible = |v: &&str| {
        // A policy variable (`${aws:PrincipalAccount}`) is replaced before the comparison.
        if v.contains("${") {
            return true;
        }
        let n = v.chars().count();
        (EXTERNAL_ID_MIN..=EXTERNAL_ID_MAX).contains(&n) && v.chars().all(is_external_id_char)
    };
    if values.iter().any(possible) {
        return None;
    }
    let shown = values
        .iter()
        .map(|v| format!("`\"{}\"`", v))
        .collect::<Vec<_>>()
        .join(", ");
    Some(Unsatisfiable {
        condition: c,
        span: c.values_span,
        other: None,
        reason: format!(
            "`{}` can never be {shown}: an external id has {EXTERNAL_ID_MIN} to 1,224 characters of letters, digits and `_+=,.@:/-`",
            c.key.value
        ),
    })
}

fn past_date(c: &Condition) -> Option<Unsatisfiable<'_>> {
    let kind = c.operator.kind;
    if kind.family != Family::Date
        || kind.negated
        || c.operator.qualifier.is_some()
        || !matches!(
            kind.comparison,
            Comparison::LessThan | Comparison::LessThanEquals
        )
    {
        return None;
    }
    let token = c.key_is("aws:TokenIssueTime");
    if !(token || c.key_is("aws:CurrentTime") || c.key_is("aws:EpochTime")) {
        return None;
    }
    // Long-term credentials lack `aws:TokenIssueTime`: `IfExists` lets them through.
    if token && c.operator.if_exists {
        return None;
    }
    let values = literal_values(c)?;
    let dates: Vec<f64> = values.iter().map(|v| date(v)).collect::<Option<_>>()?;
    let latest = dates.iter().copied().fold(f64::MIN, f64::max);
    let now = now_seconds();
    let limit = if token {
        now - LONGEST_TOKEN_SECONDS
    } else {
        now
    };
    if dates.is_empty() || latest >= limit {
        return None;
    }
    let shown = values.first().copied().unwrap_or_default();
    let reason = if token {
        format!(
            "`{}` `aws:TokenIssueTime` `{shown}` is false for every valid credential: temporary credentials live at most 36 hours, and long-term access keys have no `aws:TokenIssueTime`",
            c.operator.text
        )
    } else {
        format!("`{}` is never before `{shown}` again", c.key.value)
    };
    Some(Unsatisfiable {
        condition: c,
        span: c.values_span,
        other: None,
        reason,
    })
}

/// Comparisons that pin a single-valued key to the listed values.
fn pins_value(c: &Condition) -> bool {
    let kind = c.operator.kind;
    !kind.negated
        && c.operator.qualifier.is_none()
        && match kind.family {
            Family::String => matches!(
                kind.comparison,
                Comparison::Equals | Comparison::EqualsIgnoreCase
            ),
            Family::Arn | Family::Bool => kind.comparison == Comparison::Equals,
            Family::Numeric | Family::Date => kind.comparison == Comparison::Equals,
            _ => false,
        }
}

/// Two or more conditions on one single-valued key that no one value (nor the key's absence)
/// satisfies together.
fn contradiction<'a>(st: &'a Statement, catalog: &Catalog) -> Option<Unsatisfiable<'a>> {
    for (i, pin) in st.conditions.iter().enumerate() {
        if !pins_value(pin) {
            continue;
        }
        let Some(key) = pin.key.as_literal() else {
            continue;
        };
        // Each key is decided once, from its first pinning condition.
        if st.conditions[..i]
            .iter()
            .any(|c| pins_value(c) && c.key_is(key))
        {
            continue;
        }
        // Cheap tests first: most keys are written once (the catalog lookup is not free).
        let on_key: Vec<&Condition> = st.conditions_on(key).collect();
        if on_key.len() < 2 || on_key.iter().any(|c| c.operator.qualifier.is_some()) {
            continue;
        }
        if !conditions::is_single_valued(catalog, key) {
            continue;
        }
        let Some(candidates) = literal_values(pin) else {
            continue;
        };
        if candidates.is_empty() {
            continue;
        }
        // The key's absence, where a request can lack it: every condition must hold then.
        let absent = Context::new().complete();
        if conditions::may_be_absent(key, catalog)
            && on_key
                .iter()
                .all(|c| condition_holds(c, &absent) != Truth::No)
        {
            continue;
        }
        // Rule out candidates condition by condition; the one that removes the last is reported.
        let mut alive: Vec<&str> = candidates;
        let mut killer = None;
        for c in &on_key {
            alive.retain(|v| {
                let context = Context::new().with(key, *v).complete();
                condition_holds(c, &context) != Truth::No
            });
            if alive.is_empty() {
                killer = Some(*c);
                break;
            }
        }
        let Some(killer) = killer else { continue };
        let (condition, other) = if std::ptr::eq(killer, pin) {
            // The first pinning condition cannot even meet itself (e.g. a `Bool` value that
            // is neither true nor false): leave it to `condition-type-mismatch`.
            continue;
        } else {
            (killer, pin)
        };
        let list = |c: &Condition| {
            c.values
                .iter()
                .map(|v| format!("`{}`", v.str.value))
                .collect::<Vec<_>>()
                .join(" or ")
        };
        return Some(Unsatisfiable {
            condition,
            span: condition.values_span,
            other: Some(other),
            reason: format!(
                "`{key}` has one value per request, and no value meets both `{}` {} and `{}` `{}` {}",
                other.operator.text,
                list(other),
                condition.operator.text,
                condition.key.value,
                list(condition),
            ),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use polgen_policy::{PolicyKind, parse_policy};

    fn statement(condition: &str) -> Statement {
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::444455556666:root"}},"Action":"sts:AssumeRole","Condition":{condition}}}]}}"#
        );
        parse_policy(&text, Some(PolicyKind::Trust))
            .unwrap_or_else(|e| panic!("{condition}: {}", e.message))
            .document
            .statements
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no statement"))
    }

    fn dead(condition: &str) -> bool {
        unsatisfiable(&statement(condition), Catalog::get()).is_some()
    }

    #[test]
    fn impossible_external_ids() {
        assert!(dead(r#"{"StringEquals":{"sts:ExternalId":""}}"#));
        assert!(dead(r#"{"StringEquals":{"sts:ExternalId":["", "x"]}}"#));
        assert!(dead(r#"{"StringEquals":{"sts:ExternalId":"has space"}}"#));
        assert!(!dead(r#"{"StringEquals":{"sts:ExternalId":["", "ab"]}}"#));
        assert!(!dead(
            r#"{"StringEquals":{"sts:ExternalId":"${aws:PrincipalAccount}:workspace/${aws:PrincipalTag/Id}"}}"#
        ));
        assert!(!dead(r#"{"StringEqualsIfExists":{"sts:ExternalId":""}}"#));
        assert!(!dead(r#"{"StringNotEquals":{"sts:ExternalId":""}}"#));
        assert!(!dead(
            r#"{"StringEquals":{"sts:ExternalId":"Unique-ID_1234+=,.@:/"}}"#
        ));
    }

    #[test]
    fn past_dates() {
        assert!(dead(
            r#"{"DateLessThan":{"aws:CurrentTime":"2015-01-01T00:00:00Z"}}"#
        ));
        assert!(dead(
            r#"{"DateLessThan":{"aws:TokenIssueTime":"2015-01-01T00:00:00Z"}}"#
        ));
        assert!(!dead(
            r#"{"DateLessThan":{"aws:CurrentTime":"2999-01-01T00:00:00Z"}}"#
        ));
        assert!(!dead(
            r#"{"DateGreaterThan":{"aws:CurrentTime":"2015-01-01T00:00:00Z"}}"#
        ));
        assert!(!dead(
            r#"{"DateLessThanIfExists":{"aws:TokenIssueTime":"2015-01-01T00:00:00Z"}}"#
        ));
    }

    #[test]
    fn contradictions_on_single_valued_keys() {
        assert!(dead(
            r#"{"StringEquals":{"aws:SourceAccount":"111122223333","AWS:SourceAccount":"444455556666"}}"#
        ));
        assert!(dead(
            r#"{"StringEquals":{"aws:PrincipalOrgID":"o-aaaa"},"StringEqualsIgnoreCase":{"aws:PrincipalOrgID":"o-bbbb"}}"#
        ));
        assert!(dead(
            r#"{"Bool":{"aws:SecureTransport":"true"},"BoolIfExists":{"aws:SecureTransport":"false"}}"#
        ));
        assert!(dead(
            r#"{"StringEquals":{"aws:PrincipalOrgID":"o-aaaa"},"StringNotEquals":{"aws:PrincipalOrgID":"o-aaaa"}}"#
        ));
        assert!(dead(
            r#"{"StringEquals":{"aws:PrincipalOrgID":"o-aaaa"},"StringLike":{"aws:PrincipalOrgID":"o-b*"}}"#
        ));
        assert!(dead(
            r#"{"StringEquals":{"aws:PrincipalOrgID":"o-aaaa"},"Null":{"aws:PrincipalOrgID":"true"}}"#
        ));
        // One value meets both, or the key may be absent for an IfExists pair.
        assert!(!dead(
            r#"{"StringEquals":{"aws:SourceAccount":["111122223333","444455556666"],"AWS:SourceAccount":"444455556666"}}"#
        ));
        assert!(!dead(
            r#"{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1"},"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}"#
        ));
        assert!(!dead(
            r#"{"StringEquals":{"aws:PrincipalOrgID":"o-aaaa"},"StringLike":{"aws:PrincipalOrgID":"o-a*"}}"#
        ));
        // Multivalued keys hold several values at once.
        assert!(!dead(
            r#"{"ForAnyValue:StringEquals":{"aws:TagKeys":"a"},"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}"#
        ));
        // One condition alone contradicts nothing.
        assert!(!dead(
            r#"{"StringEquals":{"aws:SourceAccount":"111122223333"}}"#
        ));
    }
}
