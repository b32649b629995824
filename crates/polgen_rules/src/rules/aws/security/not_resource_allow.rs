//! `not-resource-allow`: `Allow` with `NotResource`.
use crate::prelude::*;

/// Flags `Allow` statements that use `NotResource`.
pub struct NotResourceAllow;

pub static META: RuleMeta = RuleMeta {
    id: "not-resource-allow",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "an `Allow` statement uses `NotResource`, granting every resource except those listed",
    aa_codes: &[],
    doc: r#"## What it does
Reports the `NotResource` key of an `Allow` statement.

## Why is this bad?
`"Effect": "Allow"` with `NotResource` grants the actions on every resource that is not
listed: every other bucket, key or role of the account, in every account and region the ARN
patterns do not mention, and every resource created later. It reads like a restriction and
is the opposite. `NotResource` belongs in `Deny` statements ("deny everything except...").

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::audit-logs/*"}
  ]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::app-data/*"},
    {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::app-data/*"}
  ]
}
```

## References
- [IAM JSON policy elements: NotResource](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html)
"#,
};

impl Rule for NotResourceAllow {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for st in ctx.doc.allow_statements() {
            let Some(res) = st.resource.as_ref().filter(|r| r.negated) else {
                continue;
            };
            let d = ctx
                .diagnostic(res.key_span, format!("{} allows its actions on every resource except those in `NotResource`", st.label()))
                .with_label("grants every resource not listed, including future ones")
                .with_help("list the resources to allow in `Resource`; use `NotResource` only with `\"Effect\": \"Deny\"`")
                .with_location_path(st.path());
            ctx.report(d);
        }
    }
}
