use super::common::report_redundant_entries;
use crate::prelude::*;

/// Flags a resource ARN that another ARN of the same statement already matches.
pub struct RedundantResource;

pub static META: RuleMeta = RuleMeta {
    id: "redundant-resource",
    category: Category::Style,
    severity: Severity::Info,
    summary: "a resource ARN is already matched by another ARN of the same statement",
    aa_codes: &["REDUNDANT_RESOURCE"],
    doc: r#"## What it does
Reports an entry of `Resource` (or `NotResource`) that another entry of the same statement
already matches: `arn:aws:s3:::bucket/reports/*` next to `arn:aws:s3:::bucket/*`, anything
next to `*`, or the same ARN written twice. ARNs compare case-sensitively, so
`arn:aws:s3:::Bucket/*` does not repeat `arn:aws:s3:::bucket/*`.

## Why is this bad?
The entry changes nothing: the broader ARN beside it already decides. It suggests a
narrower scope than the statement really has, and it uses up the policy's size quota.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": ["arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/reports/*"]
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
      "Action": "s3:GetObject",
      "Resource": ["arn:aws:s3:::bucket/reports/*", "arn:aws:s3:::bucket/exports/*"]
    }
  ]
}
```

## References
- [Access Analyzer policy check reference: Redundant resource](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
- [IAM JSON policy elements: Resource](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html)
"#,
};

impl Rule for RedundantResource {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for st in &ctx.doc.statements {
            let Some(list) = &st.resource else { continue };
            let element = if list.negated {
                "NotResource"
            } else {
                "Resource"
            };
            report_redundant_entries(ctx, st, list, "resource", element, false);
        }
    }
}
