use crate::prelude::*;
use crate::util::actions::{ItemStatus, item_status};

/// Notes actions that the Service Authorization Reference does not list but AWS's own managed
/// policies use: retired services and undocumented actions.
pub struct UndocumentedAction;

pub static META: RuleMeta = RuleMeta {
    id: "undocumented-action",
    category: Category::Correctness,
    severity: Severity::Info,
    summary: "an action that the Service Authorization Reference does not list, though AWS managed policies use it",
    aa_codes: &[],
    doc: r#"## What it does
Notes an action (or an action pattern) that is absent from the Service Authorization Reference
but appears in AWS's own managed policies: a service AWS has retired (`iot1click`, `mobilehub`,
`deepracer`, ...) or an action AWS uses without documenting it (`s3:ListObjects`, `payments:*`).
The note names the managed policy that uses it.

`unknown-action` and `unknown-service` stay silent on these names: polgen does not call a name
unknown that AWS itself writes. But it cannot check them either, so it says so.

## Why is this bad?
IAM accepts any action name, so nothing fails; but a name that no service authorizes grants
nothing. `s3:ListObjects` is the API call, while the permission it needs is `s3:ListBucket`;
a policy for a retired service is dead weight.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:ListObjects", "Resource": "arn:aws:s3:::reports"}
  ]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports"}
  ]
}
```

## References
- [Service Authorization Reference](https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html)
- The list of such names is generated from the AWS managed policies with
  `cargo run -p polgen_dev -- update-undocumented`.
"#,
};

impl Rule for UndocumentedAction {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let catalog = ctx.catalog;
        for st in &ctx.doc.statements {
            let Some(list) = &st.action else { continue };
            for item in &list.items {
                let ItemStatus::Undocumented(evidence) = item_status(catalog, item) else {
                    continue;
                };
                let text = item.value.as_str();
                let prefix = text.split_once(':').map_or(text, |(p, _)| p);
                let message = if polgen_catalog::Undocumented::get()
                    .service(prefix)
                    .is_some()
                {
                    format!(
                        "`{text}` belongs to `{prefix}`, a service the Service Authorization Reference no longer lists"
                    )
                } else {
                    format!("`{text}` is not in the Service Authorization Reference")
                };
                let d = ctx
                    .diagnostic(item.span, message)
                    .with_label(format!("AWS managed policy `{}` uses it", evidence.policy))
                    .with_help("polgen cannot check what this grants; prefer documented actions, and drop actions of retired services");
                ctx.report(d);
            }
        }
    }
}
