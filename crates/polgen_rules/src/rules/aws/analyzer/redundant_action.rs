use super::common::report_redundant_entries;
use crate::prelude::*;

/// Flags an action that another action of the same statement already matches.
pub struct RedundantAction;

pub static META: RuleMeta = RuleMeta {
    id: "redundant-action",
    category: Category::Style,
    severity: Severity::Info,
    summary: "an action is already matched by another action of the same statement",
    aa_codes: &["REDUNDANT_ACTION"],
    doc: r#"## What it does
Reports an entry of `Action` (or `NotAction`) that another entry of the same statement
already matches: `s3:GetObject` next to `s3:Get*`, `s3:*` next to `*`, or the same action
written twice (action names are case-insensitive, so `s3:getobject` repeats `s3:GetObject`).

## Why is this bad?
The entry changes nothing, so it misleads the reader into thinking the statement is narrower
than it is (the wildcard beside it is what really decides), and it uses up the policy's size
quota.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "arn:aws:s3:::bucket/*"}
  ]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjectTagging"], "Resource": "arn:aws:s3:::bucket/*"}
  ]
}
```

## References
- [Access Analyzer policy check reference: Redundant action](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
- [IAM JSON policy elements: Action](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html)
"#,
};

impl Rule for RedundantAction {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for st in &ctx.doc.statements {
            let Some(list) = &st.action else { continue };
            let element = if list.negated { "NotAction" } else { "Action" };
            report_redundant_entries(ctx, st, list, "action", element, true);
        }
    }
}
