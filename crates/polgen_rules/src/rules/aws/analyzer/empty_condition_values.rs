use crate::prelude::*;

/// Flags a condition key whose value is an empty array.
pub struct EmptyConditionValues;

pub static META: RuleMeta = RuleMeta {
    id: "empty-condition-values",
    category: Category::Correctness,
    severity: Severity::Warning,
    summary: "a condition key is given an empty array of values",
    aa_codes: &[
        "EMPTY_ARRAY_CONDITION",
        "EMPTY_ARRAY_CONDITION_FORALLVALUES",
        "EMPTY_ARRAY_CONDITION_FORANYVALUE",
        "EMPTY_ARRAY_CONDITION_IFEXISTS",
    ],
    doc: r#"## What it does
Reports a condition key written with an empty array of values, such as
`"StringEquals": {"aws:PrincipalTag/team": []}`.

## Why is this bad?
A condition with no values does not test what it seems to:

- with `ForAnyValue:` it never matches, so the statement never applies;
- with `ForAllValues:` it matches only when the key is missing from the request (every one
  of zero values is in the empty list), so an `Allow` grants exactly to the requests that
  carry no such key;
- with `...IfExists` it matches only when the key is missing;
- otherwise there is nothing to compare the key with.

An empty list is usually a template variable that expanded to nothing.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:CreateTags",
      "Resource": "*",
      "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": []}}
    }
  ]
}
```

## Use instead
To allow a request only when it carries no tags, say so with `Null`:

```json
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:CreateTags",
      "Resource": "*",
      "Condition": {"Null": {"aws:TagKeys": "true"}}
    }
  ]
}
```

## References
- [Access Analyzer policy check reference: Empty array condition, Empty array condition ForAllValues, Empty array condition ForAnyValue, Empty array condition IfExists](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
- [Set operators for multivalued context keys](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html)
"#,
};

impl Rule for EmptyConditionValues {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for st in &ctx.doc.statements {
            for c in &st.conditions {
                if !c.values_is_array || !c.values.is_empty() {
                    continue;
                }
                let op = &c.operator.text;
                let key = &c.key.value;
                let (why, help) = match (c.operator.qualifier, c.operator.if_exists) {
                    (Some(SetQualifier::ForAnyValue), _) => (
                        "with `ForAnyValue` and no values the condition never matches".to_string(),
                        "add the values to compare with, or remove the condition".to_string(),
                    ),
                    (Some(SetQualifier::ForAllValues), _) => (
                        format!(
                            "with `ForAllValues` and no values the condition matches only when `{key}` is missing from the request"
                        ),
                        format!(
                            "to test that `{key}` is missing, write `\"Null\": {{\"{key}\": \"true\"}}`; otherwise add the values"
                        ),
                    ),
                    (None, true) => (
                        format!(
                            "with `IfExists` and no values the condition matches only when `{key}` is missing from the request"
                        ),
                        format!(
                            "to test that `{key}` is missing, write `\"Null\": {{\"{key}\": \"true\"}}`; otherwise add the values"
                        ),
                    ),
                    (None, false) => (
                        "there is no value to compare the key with".to_string(),
                        "add the values to compare with, or remove the condition".to_string(),
                    ),
                };
                let d = ctx
                    .diagnostic(
                        c.values_span,
                        format!("condition key `{key}` of `{op}` has an empty array of values"),
                    )
                    .with_label(why)
                    .with_related(c.key.span, "this key")
                    .with_help(help)
                    .with_location_path(format!("{}.Condition.{op}.{key}", st.path()));
                ctx.report(d);
            }
        }
    }
}
