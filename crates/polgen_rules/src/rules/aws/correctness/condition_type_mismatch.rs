use polgen_catalog::ConditionType;
use polgen_policy::scalar::{self, is_base64};

use crate::prelude::*;

/// Flags condition operators that cannot compare a key's type, and values an operator cannot read.
pub struct ConditionTypeMismatch;

pub static META: RuleMeta = RuleMeta {
    id: "condition-type-mismatch",
    category: Category::Correctness,
    severity: Severity::Error,
    summary: "a condition operator does not fit its key's type, or a value is malformed for the operator",
    aa_codes: &[
        "MISMATCHED_TYPE",
        "MISMATCHED_TYPE_BOOLEAN",
        "MISMATCHED_TYPE_DATE",
        "MISMATCHED_TYPE_NUMBER",
        "MISMATCHED_TYPE_IP_RANGE",
    ],
    doc: r#"## What it does
Reports two kinds of type errors in `Condition` blocks:

- an operator that cannot read the key's values: a `Numeric*`, `Date*`, `Bool`,
  `IpAddress`/`NotIpAddress`, `BinaryEquals` or `Arn*` operator on a key of another type
  (e.g. `NumericLessThan` on `aws:username`, `IpAddress` on `aws:SourceVpc`, `Bool` on
  `aws:SourceIp`). The finding points at the operator.
- a value the operator cannot parse: a CIDR or address for `IpAddress`/`NotIpAddress` (IPv4
  or IPv6, prefix length at most 32/128), an ISO 8601 date or epoch seconds for `Date*`, a
  number for `Numeric*`, `true`/`false` for `Bool` and `Null`, base64 for `BinaryEquals`.
  The finding points at the value.

What IAM accepts decides what is reported. The string operators compare the text of any key,
so `StringEquals` on a Boolean, date, number or IP address key works (it compares text: IAM
Access Analyzer only warns, and so does not this rule), and `StringLike` on an ARN key is the
same as `ArnLike`. `ArnEquals`/`ArnLike` on a string key are accepted by AWS too. `Null` fits
every key. `aws:EpochTime` takes both date and numeric operators.

## Why is this bad?
When an operator cannot read the key's value or its own value, the condition never matches:
an `Allow` grants nothing, and negated operators (`NotIpAddress`, `NumericNotEquals`) match
every request, so a `Deny` meant to fence off some requests blocks all of them, or none.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "*",
      "Resource": "*",
      "Condition": {
        "NotIpAddress": {"aws:SourceIp": ["203.0.113.0/33", "10.0.0.*"]},
        "NumericLessThan": {"aws:username": "5"}
      }
    }
  ]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "*",
      "Resource": "*",
      "Condition": {
        "NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]},
        "NumericLessThan": {"aws:MultiFactorAuthAge": "3600"},
        "DateGreaterThan": {"aws:CurrentTime": "2024-01-01T00:00:00Z"},
        "Bool": {"aws:SecureTransport": "false"},
        "StringEquals": {"aws:SecureTransport": "false"}
      }
    }
  ]
}
```

## References
- [IAM JSON policy elements: Condition operators](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)
- [AWS global condition context keys](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html)
- [IAM policy validation checks](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
"#,
};

/// The operators of a family, for messages.
fn family_operators(family: Family) -> &'static str {
    match family {
        Family::String => "`StringEquals`, `StringLike`, ...",
        Family::Numeric => "`NumericEquals`, `NumericLessThan`, ...",
        Family::Date => "`DateEquals`, `DateGreaterThan`, ...",
        Family::Bool => "`Bool`",
        Family::Binary => "`BinaryEquals`",
        Family::Ip => "`IpAddress` or `NotIpAddress`",
        Family::Arn => "`ArnEquals`, `ArnLike`, ... (or the string operators)",
        Family::Null => "`Null`",
    }
}

fn family_of_type(ty: ConditionType) -> Family {
    match ty.base() {
        ConditionType::Numeric => Family::Numeric,
        ConditionType::Date => Family::Date,
        ConditionType::Bool => Family::Bool,
        ConditionType::Binary => Family::Binary,
        ConditionType::IpAddress => Family::Ip,
        ConditionType::Arn => Family::Arn,
        _ => Family::String,
    }
}

/// Whether operators of `op` can compare a key of family `key` (see the rule doc).
fn fits(op: Family, key: Family) -> bool {
    op == key
        || matches!(op, Family::String | Family::Null)
        || (op == Family::Arn && key == Family::String)
}

impl Rule for ConditionTypeMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let catalog = ctx.catalog;
        for st in &ctx.doc.statements {
            for cond in &st.conditions {
                let op = cond.operator.kind.family;
                // 1. The operator against the key's type.
                let mut op_ok = true;
                if let Some(key) = cond.key.as_literal()
                    && let Some(info) = catalog.condition_key(key)
                {
                    let alt = catalog.global_condition_key(key).and_then(|g| g.alt_ty);
                    let key_family = family_of_type(info.ty);
                    if !fits(op, key_family) && alt.is_none_or(|t| !fits(op, family_of_type(t))) {
                        op_ok = false;
                        let d = ctx
                            .diagnostic(
                                cond.operator.span,
                                format!(
                                    "`{}` cannot compare `{}`, a key of type {}",
                                    cond.operator.text, info.key, info.ty
                                ),
                            )
                            .with_label("this operator never matches values of that type")
                            .with_related(cond.key.span, format!("a key of type {}", info.ty))
                            .with_help(format!(
                                "use {} for `{}`",
                                family_operators(key_family),
                                info.key
                            ));
                        ctx.report(d);
                    }
                }
                if !op_ok {
                    continue;
                }
                // 2. Each value against the operator.
                for v in &cond.values {
                    let Some(text) = v.str.as_literal() else {
                        continue;
                    };
                    if text.contains("${") {
                        continue;
                    }
                    if let Some((what, help)) = value_problem(op, text) {
                        let d = ctx
                            .diagnostic(
                                v.str.span,
                                format!(
                                    "`{text}` is not {what}, as `{}` requires",
                                    cond.operator.text
                                ),
                            )
                            .with_label("the condition can never match this value")
                            .with_help(help);
                        ctx.report(d);
                    }
                }
            }
        }
    }
}

fn value_problem(op: Family, text: &str) -> Option<(&'static str, &'static str)> {
    let ok = match op {
        Family::Ip => is_cidr(text),
        Family::Date => is_date(text),
        Family::Numeric => is_number(text),
        Family::Bool | Family::Null => {
            text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false")
        }
        Family::Binary => is_base64(text),
        Family::String | Family::Arn => true,
    };
    if ok {
        return None;
    }
    Some(match op {
        Family::Ip => (
            "an IP address or CIDR range",
            "write an IPv4 or IPv6 address or CIDR block, e.g. `203.0.113.0/24` or `2001:db8::/32`; wildcards do not work here",
        ),
        Family::Date => (
            "a date",
            "write an ISO 8601 date such as `2024-01-31` or `2024-01-31T12:00:00Z`, or epoch seconds",
        ),
        Family::Numeric => ("a number", "write a number such as `3600`"),
        Family::Bool => ("a boolean", "write `true` or `false`"),
        Family::Null => (
            "`true` or `false`",
            "`Null` takes `true` (the key is absent) or `false` (the key is present)",
        ),
        _ => ("base64", "write the binary value base64-encoded"),
    })
}

// The value grammar is polgen_policy's, shared with the evaluator.

fn is_cidr(text: &str) -> bool {
    scalar::Cidr::parse(text).is_some()
}

fn is_number(text: &str) -> bool {
    scalar::number(text).is_some()
}

fn is_date(text: &str) -> bool {
    scalar::date(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        assert!(
            is_cidr("203.0.113.0/24")
                && is_cidr("10.0.0.1")
                && is_cidr("2001:db8::/32")
                && is_cidr("::1")
        );
        assert!(
            !is_cidr("203.0.113.0/33")
                && !is_cidr("10.0.0.*")
                && !is_cidr("2001:db8::/129")
                && !is_cidr("1.2.3.4/")
        );
        assert!(
            is_date("2024-01-31")
                && is_date("2024-01-31T12:00:00Z")
                && is_date("2024-01-31T12:00:00.123+02:00")
                && is_date("1700000000")
        );
        assert!(is_date("2019-07-16T12:00Z"));
        assert!(
            !is_date("yesterday") && !is_date("2024-13-01") && !is_date("2024-01-31T25:00:00Z")
        );
        assert!(is_number("3600") && is_number("-1.5") && !is_number("1e3") && !is_number("ten"));
        assert!(is_base64("QmluYXJ5") && is_base64("YQ==") && !is_base64("abc"));
    }
}
