use crate::prelude::*;
use crate::util::actions::{ItemStatus, item_status, suggest_service};

/// Flags actions whose service prefix AWS does not know.
pub struct UnknownService;

pub static META: RuleMeta = RuleMeta {
    id: "unknown-service",
    category: Category::Correctness,
    severity: Severity::Error,
    summary: "an action names a service prefix that does not exist",
    aa_codes: &["INVALID_SERVICE_IN_ACTION"],
    doc: r#"## What it does
Reports an `Action` or `NotAction` entry whose service prefix (the part before `:`) is not
the prefix of any AWS service in the Service Authorization Reference, and suggests the
closest real prefix. A wildcard service part (`s3*:Get*`) is reported only when it matches
no service at all.

## Why is this bad?
IAM rejects identity policies that name an unknown service, and in resource policies the
entry silently matches nothing: the permission you meant to grant (or deny) is not there.
A typo in a `Deny` statement is worse still, because the guardrail quietly does nothing.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3x:GetObject", "Resource": "arn:aws:s3:::reports/*"}
  ]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
  ]
}
```

## References
- [Service Authorization Reference](https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html)
- [IAM JSON policy elements: Action](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html)
"#,
};

impl Rule for UnknownService {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let catalog = ctx.catalog;
        for st in &ctx.doc.statements {
            let Some(list) = &st.action else { continue };
            for item in &list.items {
                if !matches!(item_status(catalog, item), ItemStatus::UnknownService) {
                    continue;
                }
                let text = item.value.as_str();
                let prefix = text.split_once(':').map_or(text, |(p, _)| p);
                let mut d = ctx
                    .diagnostic(
                        item.span,
                        format!("unknown service prefix `{prefix}` in action `{text}`"),
                    )
                    .with_label("no AWS service has this prefix");
                let suggestion = (!crate::util::actions::has_wildcard(prefix))
                    .then(|| suggest_service(catalog, prefix))
                    .flatten();
                d = match suggestion {
                    Some(near) => {
                        let name = text.split_once(':').map_or("*", |(_, n)| n);
                        d.with_help(format!("did you mean `{near}:{name}`?"))
                    }
                    None => d.with_help("use a service prefix from the AWS Service Authorization Reference, e.g. `s3`, `ec2`, `iam`"),
                };
                ctx.report(d);
            }
        }
    }
}
