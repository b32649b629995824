//! `not-action-allow`: `Allow` with `NotAction`.
use crate::prelude::*;

/// Flags `Allow` statements that use `NotAction`.
pub struct NotActionAllow;

pub static META: RuleMeta = RuleMeta {
    id: "not-action-allow",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "an `Allow` statement uses `NotAction`, granting every action except those listed",
    aa_codes: &[],
    doc: r#"## What it does
Reports the `NotAction` key of an `Allow` statement, whatever its resources and conditions:
a condition limits when the grant applies, not how much it grants.

## Why is this bad?
`"Effect": "Allow"` with `NotAction` grants every action of every AWS service except the ones
listed, including actions and services AWS adds later. `{"NotAction": "iam:*", "Resource": "*"}`
(AWS's own `PowerUserAccess`) still allows reading every secret and deleting every resource.
The grant grows silently with every AWS release. `NotAction` belongs in `Deny` statements.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["ec2:*", "s3:*"], "Resource": "*"},
    {"Effect": "Deny", "NotAction": ["s3:GetObject"], "Resource": "arn:aws:s3:::audit/*"}
  ]
}
```

## References
- [IAM JSON policy elements: NotAction](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html)
"#,
};

impl Rule for NotActionAllow {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for st in ctx.doc.allow_statements() {
            let Some(list) = st.action.as_ref().filter(|a| a.negated) else {
                continue;
            };
            let excluded: Vec<String> = list.items.iter().map(|i| i.value.clone()).collect();
            let message = if excluded.is_empty() {
                format!("{} allows every action (`NotAction`)", st.label())
            } else {
                format!(
                    "{} allows every action except {}",
                    st.label(),
                    super::common::name_list(&excluded, 3)
                )
            };
            let d = ctx
                .diagnostic(list.key_span, message)
                .with_label("grants every other action, including those of future services")
                .with_help("list the actions to allow in `Action`; use `NotAction` only with `\"Effect\": \"Deny\"`")
                .with_location_path(st.path());
            ctx.report(d);
        }
    }
}
