use crate::prelude::*;
use crate::util::actions::{ItemStatus, has_wildcard, item_status, suggest_action};

/// Flags actions that do not exist in a known service, and wildcards that match none.
pub struct UnknownAction;

pub static META: RuleMeta = RuleMeta {
    id: "unknown-action",
    category: Category::Correctness,
    severity: Severity::Error,
    summary: "an action does not exist in its service, or a wildcard matches no action",
    aa_codes: &["INVALID_ACTION"],
    doc: r#"## What it does
Reports an `Action` or `NotAction` entry of a known service that names no action of that
service (`s3:GetObjekt`), or a wildcard that matches none (`s3:Gett*`), and suggests the
closest real action. Action names compare case-insensitively, as IAM compares them.

## Why is this bad?
IAM accepts the policy, but the entry matches no request: the permission you meant to grant
is missing, and a misspelled action in a `Deny` or `NotAction` silently changes what the
statement blocks.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObjekt", "s3:Gett*"], "Resource": "arn:aws:s3:::reports/*"}
  ]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:Get*"], "Resource": "arn:aws:s3:::reports/*"}
  ]
}
```

## References
- [Service Authorization Reference](https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html)
- [IAM JSON policy elements: Action](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html)
"#,
};

impl Rule for UnknownAction {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let catalog = ctx.catalog;
        for st in &ctx.doc.statements {
            let Some(list) = &st.action else { continue };
            for item in &list.items {
                let ItemStatus::UnknownAction(service) = item_status(catalog, item) else {
                    continue;
                };
                let text = item.value.as_str();
                let name = text.split_once(':').map_or(text, |(_, n)| n);
                let wildcard = has_wildcard(name);
                let message = if wildcard {
                    format!("`{text}` matches no action of `{}`", service.prefix)
                } else {
                    format!("unknown action `{text}`")
                };
                let label = format!("`{}` ({}) has no such action", service.prefix, service.name);
                let help = match suggest_action(service, name) {
                    Some(near) if wildcard => format!(
                        "did you mean an action such as `{}:{near}`?",
                        service.prefix
                    ),
                    Some(near) => format!("did you mean `{}:{near}`?", service.prefix),
                    None => format!(
                        "see the actions of `{}` in the Service Authorization Reference",
                        service.prefix
                    ),
                };
                let d = ctx
                    .diagnostic(item.span, message)
                    .with_label(label)
                    .with_help(help);
                ctx.report(d);
            }
        }
    }
}
