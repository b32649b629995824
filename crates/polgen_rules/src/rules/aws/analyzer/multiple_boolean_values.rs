use crate::prelude::*;

/// Flags a `Bool` or `Null` condition with more than one value.
pub struct MultipleBooleanValues;

pub static META: RuleMeta = RuleMeta {
    id: "multiple-boolean-values",
    category: Category::Correctness,
    severity: Severity::Warning,
    summary: "a `Bool` or `Null` condition key is given more than one value",
    aa_codes: &["INVALID_CONDITION_MULTIPLE_BOOLEAN"],
    doc: r#"## What it does
Reports a `Bool` or `Null` condition whose key has more than one value, such as
`"Bool": {"aws:SecureTransport": ["true", "false"]}`.

## Why is this bad?
A Boolean key is either true or false. Values in a list are alternatives, so
`["true", "false"]` matches whenever the key is present (for `Null`: always) and the
condition restricts nothing; a repeated value is noise. Either way the condition does not
test what it appears to.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "s3:*",
      "Resource": "arn:aws:s3:::bucket/*",
      "Condition": {"Bool": {"aws:SecureTransport": ["false", "true"]}}
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
      "Action": "s3:*",
      "Resource": "arn:aws:s3:::bucket/*",
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    }
  ]
}
```

## References
- [Access Analyzer policy check reference: Invalid condition multiple Boolean](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
- [IAM condition operators: Boolean, Null](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)
"#,
};

impl Rule for MultipleBooleanValues {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for st in &ctx.doc.statements {
            for c in &st.conditions {
                if !matches!(c.operator.kind.family, Family::Bool | Family::Null)
                    || c.values.len() < 2
                {
                    continue;
                }
                let mut distinct: Vec<String> = c
                    .values
                    .iter()
                    .map(|v| v.str.value.to_ascii_lowercase())
                    .collect();
                distinct.sort();
                distinct.dedup();
                let why = if distinct.len() > 1 {
                    if c.operator.kind.family == Family::Null {
                        "with several values the condition matches whether the key is present or not".to_string()
                    } else {
                        format!(
                            "with several values the condition matches whenever `{}` is present, whatever its value",
                            c.key.value
                        )
                    }
                } else {
                    "the same value is repeated".to_string()
                };
                let d = ctx
                    .diagnostic(
                        c.values_span,
                        format!(
                            "`{}` condition on `{}` has {} values",
                            c.operator.text,
                            c.key.value,
                            c.values.len()
                        ),
                    )
                    .with_label(why)
                    .with_help(format!(
                        "give `{}` a single `\"true\"` or `\"false\"`",
                        c.key.value
                    ))
                    .with_location_path(st.condition_path(c));
                ctx.report(d);
            }
        }
    }
}
