use std::collections::HashMap;

use crate::prelude::*;

/// Flags statement ids used more than once in one policy.
pub struct DuplicateSid;

pub static META: RuleMeta = RuleMeta {
    id: "duplicate-sid",
    category: Category::Correctness,
    severity: Severity::Error,
    summary: "two statements of one policy have the same `Sid`",
    aa_codes: &["DUPLICATE_SID"],
    doc: r#"## What it does
Reports a `Sid` that an earlier statement of the same policy already uses.

## Why is this bad?
Statement ids must be unique within a policy: IAM rejects duplicates in identity policies,
and in resource policies (S3, SNS, SQS, KMS) tools that edit statements by `Sid` then change
the wrong one.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"},
    {"Sid": "Read", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::a"}
  ]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "ReadObjects", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"},
    {"Sid": "ListBucket", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::a"}
  ]
}
```

## References
- [IAM JSON policy elements: Sid](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html)
"#,
};

impl Rule for DuplicateSid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        // By Sid: one look-up per statement (a list made 100k statements quadratic).
        let mut first_use: HashMap<&str, Span, foldhash::fast::RandomState> = HashMap::default();
        for st in &ctx.doc.statements {
            let Some(sid) = st
                .sid
                .as_ref()
                .filter(|s| s.is_literal() && !s.value.is_empty())
            else {
                continue;
            };
            match first_use.get(sid.value.as_str()) {
                Some(&first) => {
                    let d = ctx
                        .diagnostic(sid.span, format!("duplicate `Sid` `{}`", sid.value))
                        .with_label("used again here")
                        .with_related(first, "first used here")
                        .with_help("give every statement of the policy its own `Sid`");
                    ctx.report(d);
                }
                None => {
                    first_use.insert(&sid.value, sid.span);
                }
            }
        }
    }
}
