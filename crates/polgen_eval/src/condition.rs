//! Condition operators against the request context. Entries of a `Condition` block must all
//! hold; the values of one entry are alternatives (any of them, or none of them for the
//! negated operators). What cannot be decided (an unknown key, an unknown operator, a value
//! that is not a number or a date) is [`Truth::Unknown`], never a guess.

use std::net::IpAddr;

use polgen_policy::scalar::{Cidr, date, number};
use polgen_policy::{Comparison, Condition, Family, OperatorKind, SetQualifier};

use crate::context::{Context, Lookup};
use crate::matching::{arn_like, pattern_matches};
use crate::truth::Truth;

/// The comparison an operator makes of one request value with one policy value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compare {
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    Numeric(Order),
    Date(Order),
    Bool,
    Binary,
    Ip,
    Arn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Order {
    fn holds(self, request: f64, policy: f64) -> bool {
        match self {
            Order::Eq => request == policy,
            Order::Lt => request < policy,
            Order::Le => request <= policy,
            Order::Gt => request > policy,
            Order::Ge => request >= policy,
        }
    }
}

/// What `kind` compares of each value; `None` for `Null` (it tests presence).
fn compare_of(kind: &OperatorKind) -> Option<Compare> {
    let order = || match kind.comparison {
        Comparison::Equals => Some(Order::Eq),
        Comparison::LessThan => Some(Order::Lt),
        Comparison::LessThanEquals => Some(Order::Le),
        Comparison::GreaterThan => Some(Order::Gt),
        Comparison::GreaterThanEquals => Some(Order::Ge),
        _ => None,
    };
    Some(match kind.family {
        Family::String => match kind.comparison {
            Comparison::EqualsIgnoreCase => Compare::StringEqualsIgnoreCase,
            Comparison::Like => Compare::StringLike,
            _ => Compare::StringEquals,
        },
        Family::Numeric => Compare::Numeric(order()?),
        Family::Date => Compare::Date(order()?),
        Family::Bool => Compare::Bool,
        Family::Binary => Compare::Binary,
        Family::Ip => Compare::Ip,
        // IAM matches wildcards in `ArnEquals` as in `ArnLike`.
        Family::Arn => Compare::Arn,
        Family::Null => return None,
    })
}

/// Every entry of a statement's `Condition` block must hold.
pub fn conditions_hold(conditions: &[Condition], context: &Context) -> Truth {
    Truth::all(conditions.iter().map(|c| condition_holds(c, context)))
}

/// One `operator: {key: values}` entry.
pub fn condition_holds(condition: &Condition, context: &Context) -> Truth {
    let key = condition.key.value.as_str();
    let op = &condition.operator;
    let Some(key_text) = condition.key.as_literal() else {
        return Truth::unknown(format!(
            "the condition key `{key}` is computed at deploy time"
        ));
    };
    let mut policy_values = Vec::with_capacity(condition.values.len());
    for v in &condition.values {
        match v.str.as_literal() {
            Some(text) => policy_values.push(text),
            None => {
                return Truth::unknown(format!(
                    "a value of `{}` on `{key}` is computed at deploy time",
                    op.text
                ));
            }
        }
    }
    let lookup = context.get(key_text);
    if op.kind.family == Family::Null {
        return null_holds(&policy_values, lookup, key);
    }
    let Some(compare) = compare_of(op.kind) else {
        return Truth::unknown(format!("the operator `{}` is not evaluated", op.text));
    };
    let negated = op.kind.negated;
    let request_values = match lookup {
        Lookup::Unknown => {
            return Truth::unknown(format!("the context has no `{key}` (`{}`)", op.text));
        }
        Lookup::Absent => {
            // IAM: set operators see an empty set; `IfExists` passes; a negated operator
            // passes (nothing to match); any other fails.
            return Truth::from_bool(match op.qualifier {
                Some(SetQualifier::ForAllValues) => true,
                Some(SetQualifier::ForAnyValue) => false,
                None => op.if_exists || negated,
            });
        }
        Lookup::Present(values) => values,
    };
    let one = |value: &str| value_holds(compare, negated, value, &policy_values, context);
    match op.qualifier {
        Some(SetQualifier::ForAllValues) => Truth::all(request_values.iter().map(|v| one(v))),
        Some(SetQualifier::ForAnyValue) => Truth::any(request_values.iter().map(|v| one(v))),
        None => match request_values {
            [value] => one(value),
            [] => Truth::unknown(format!(
                "`{key}` has no value in the context; `{}` compares one",
                op.text
            )),
            _ => Truth::unknown(format!(
                "`{key}` has {} values in the context; `{}` without ForAnyValue/ForAllValues compares one",
                request_values.len(),
                op.text
            )),
        },
    }
}

/// `Null`: `true` asks for the key to be absent, `false` for it to be present.
fn null_holds(policy_values: &[&str], lookup: Lookup<'_>, key: &str) -> Truth {
    let present = match lookup {
        Lookup::Unknown => {
            return Truth::unknown(format!(
                "the context does not say whether `{key}` is present (`Null`)"
            ));
        }
        Lookup::Absent => false,
        Lookup::Present(_) => true,
    };
    Truth::any(
        policy_values
            .iter()
            .map(|v| match v.to_ascii_lowercase().as_str() {
                "true" => Truth::from_bool(!present),
                "false" => Truth::from_bool(present),
                _ => Truth::unknown(format!(
                    "`Null` on `{key}` expects true or false, not `{v}`"
                )),
            }),
    )
}

/// One request value against the policy values: any matches (none for a negated operator).
fn value_holds(
    compare: Compare,
    negated: bool,
    request: &str,
    policy_values: &[&str],
    context: &Context,
) -> Truth {
    let hit = Truth::any(
        policy_values
            .iter()
            .map(|p| compare_one(compare, request, p, context)),
    );
    if negated { !hit } else { hit }
}

fn compare_one(compare: Compare, request: &str, policy: &str, context: &Context) -> Truth {
    match compare {
        // Policy variables work in the string and ARN operators only.
        Compare::StringEquals => pattern_matches(policy, request, context, &|p, t| p == t, false),
        Compare::StringEqualsIgnoreCase => pattern_matches(
            policy,
            request,
            context,
            &|p, t| p.to_lowercase() == t.to_lowercase(),
            false,
        ),
        Compare::StringLike => pattern_matches(
            policy,
            request,
            context,
            &polgen_catalog::wildcard::matches,
            true,
        ),
        Compare::Arn => pattern_matches(policy, request, context, &arn_like, true),
        // Request values (from the caller, not the policy) may come with spaces around them.
        Compare::Numeric(order) => match (number(request.trim()), number(policy)) {
            (Some(r), Some(p)) => Truth::from_bool(order.holds(r, p)),
            _ => Truth::unknown(format!("`{request}` or `{policy}` is not a number")),
        },
        Compare::Date(order) => match (date(request.trim()), date(policy)) {
            (Some(r), Some(p)) => Truth::from_bool(order.holds(r, p)),
            _ => Truth::unknown(format!("`{request}` or `{policy}` is not a date")),
        },
        Compare::Bool => Truth::from_bool(request.eq_ignore_ascii_case(policy)),
        Compare::Binary => Truth::from_bool(request == policy),
        Compare::Ip => match (request.trim().parse::<IpAddr>(), Cidr::parse(policy)) {
            (Ok(ip), Some(block)) => Truth::from_bool(block.contains(ip)),
            _ => Truth::unknown(format!(
                "`{request}` is not an IP address or `{policy}` not an address block"
            )),
        },
    }
}
