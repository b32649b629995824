use super::common::strip_variables;
use crate::prelude::*;

/// Flags `*` or `?` in the value of a `StringEquals`-family condition, where it is matched
/// literally.
pub struct WildcardWithoutLike;

pub static META: RuleMeta = RuleMeta {
    id: "wildcard-without-like",
    category: Category::Correctness,
    severity: Severity::Warning,
    summary: "a `StringEquals`-family condition value has `*` or `?`, which it matches literally",
    aa_codes: &["WILDCARD_WITHOUT_LIKE_OPERATOR"],
    doc: r#"## What it does
Reports a value containing `*` or `?` under `StringEquals`, `StringNotEquals`,
`StringEqualsIgnoreCase` or `StringNotEqualsIgnoreCase` (with or without a set qualifier
or `IfExists`). Policy variables such as `${aws:username}` and the escapes `${*}`, `${?}`
are not counted.

`ArnEquals` and `ArnNotEquals` are not reported: IAM matches wildcards in them exactly
like `ArnLike`.

## Why is this bad?
Only the `...Like` operators treat `*` and `?` as wildcards. `StringEquals` compares the
text as written, so `"aws:PrincipalTag/team": "dev-*"` matches only a tag whose value is
literally `dev-*`: the `Allow` grants nothing, the `Deny` denies nothing, and a
`StringNotEquals` guard excludes nothing.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:StartInstances",
      "Resource": "*",
      "Condition": {"StringEquals": {"aws:ResourceTag/team": "dev-*"}}
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
      "Effect": "Allow",
      "Action": "ec2:StartInstances",
      "Resource": "*",
      "Condition": {"StringLike": {"aws:ResourceTag/team": "dev-*"}}
    }
  ]
}
```

## References
- [Access Analyzer policy check reference: Wildcard without like operator](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
- [IAM condition operators: String](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String)
"#,
};

impl Rule for WildcardWithoutLike {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for st in &ctx.doc.statements {
            for c in &st.conditions {
                let kind = c.operator.kind;
                if kind.family != Family::String || kind.comparison == Comparison::Like {
                    continue;
                }
                let like = if kind.negated {
                    "StringNotLike"
                } else {
                    "StringLike"
                };
                for v in &c.values {
                    let Some(text) = v.str.as_literal() else {
                        continue;
                    };
                    if !strip_variables(text).contains(['*', '?']) {
                        continue;
                    }
                    let prefix = c.operator.text.split_once(':').map_or("", |(q, _)| q);
                    let like = format!(
                        "{prefix}{}{like}{}",
                        if prefix.is_empty() { "" } else { ":" },
                        if c.operator.if_exists { "IfExists" } else { "" }
                    );
                    let mut help = format!("if you meant a wildcard, use `{like}`");
                    if kind.comparison == Comparison::EqualsIgnoreCase {
                        help.push_str(" (it is case-sensitive: list each spelling)");
                    }
                    help.push_str("; to match a literal `*` or `?`, write `${*}` or `${?}`");
                    let d = ctx
                        .diagnostic(
                            v.str.span,
                            format!(
                                "`{}` matches `{text}` literally, not as a wildcard",
                                c.operator.text
                            ),
                        )
                        .with_label("`*` and `?` are wildcards only with a `Like` operator")
                        .with_related(c.operator.span, "this operator compares text exactly")
                        .with_help(help)
                        .with_location_path(st.condition_path(c));
                    ctx.report(d);
                }
            }
        }
    }
}
