use std::fmt::Write as _;

use polgen_catalog::{ActionRef, ResourceType, Service};

use crate::prelude::*;
use crate::util::actions::resolve;

/// Flags resource ARNs that no action of their statement can act on.
pub struct ResourceMismatch;

pub static META: RuleMeta = RuleMeta {
    id: "resource-mismatch",
    category: Category::Correctness,
    severity: Severity::Error,
    summary: "a resource ARN is of a type that none of the statement's actions acts on",
    aa_codes: &[],
    doc: r#"## What it does
Reports a `Resource` ARN that no action of its statement can ever use: the ARN denotes a
resource type (per the Service Authorization Reference) that none of the statement's
actions lists, e.g. `s3:GetObject` (which acts on objects, `arn:aws:s3:::bucket/key`) with
the bucket ARN `arn:aws:s3:::bucket`.

A statement applies to a request when its action *and* its resource match. An ARN that one
action of the statement can use is fine, even if other actions cannot; only an ARN that no
action can use is reported. Actions that support no resource-level permissions accept only
`"Resource": "*"`. The rule stays silent on `NotAction`/`NotResource` statements, on `*`
and broad wildcard actions, on ARNs computed at deploy time, and on ARNs whose type the
catalog does not know.

## Why is this bad?
IAM accepts the policy, but the ARN is dead weight: the permission it seems to grant is not
granted (the classic bucket-versus-object mix-up makes `GetObject` fail with
`AccessDenied`), and in a `Deny` statement the resource is not protected.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::reports"}
  ]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::reports/*"},
    {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]}
  ]
}
```

## References
- [IAM JSON policy elements: Resource](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html)
- [Service Authorization Reference: resource types](https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html)
"#,
};

/// Above this many actions a statement is broad enough that nearly every ARN fits some
/// action: checking is pointless work.
const MAX_ACTIONS: usize = 500;

impl Rule for ResourceMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let catalog = ctx.catalog;
        for st in &ctx.doc.statements {
            let (Some(actions), Some(resources)) = (&st.action, &st.resource) else {
                continue;
            };
            if actions.negated
                || resources.negated
                || resources
                    .items
                    .iter()
                    .all(|r| r.value.bytes().all(|b| b == b'*'))
            {
                continue;
            }
            let resolved = resolve(catalog, actions);
            if !resolved.is_exact()
                || resolved.actions.is_empty()
                || resolved.actions.len() > MAX_ACTIONS
            {
                continue;
            }
            // An action without resource types is authorized against a resource the service
            // picks (`s3:ListAllMyBuckets` matches `arn:aws:s3:::*`): no ARN can be ruled out.
            if resolved
                .actions
                .iter()
                .any(|a| !a.action.supports_resource_level_permissions())
            {
                continue;
            }
            // Distinct resource types the statement's actions accept.
            let mut accepted: Vec<(&'static Service, &'static ResourceType)> = Vec::new();
            for a in &resolved.actions {
                for art in &a.action.resource_types {
                    if let Some(rt) = a.service.resource_type(&art.name)
                        && !accepted.iter().any(|(_, t)| std::ptr::eq(*t, rt))
                    {
                        accepted.push((a.service, rt));
                    }
                }
            }
            for item in &resources.items {
                let Some(value) = item.as_pattern() else {
                    continue;
                };
                if value.bytes().all(|b| b == b'*')
                    || polgen_catalog::literal_arn_service(value).is_none()
                {
                    continue;
                }
                if accepted.iter().any(|(_, rt)| rt.matches_arn(value)) {
                    continue;
                }
                // What the ARN is: only report ARNs whose type the catalog knows.
                let is = catalog.resource_types_matching_arn(value);
                if is.is_empty() {
                    continue;
                }
                let mut kinds: Vec<String> = Vec::new();
                for t in &is {
                    let name = format!("`{}:{}`", t.service.prefix, t.resource_type.name);
                    if !kinds.contains(&name) {
                        kinds.push(name);
                    }
                }
                let kind = if kinds.len() > 3 {
                    format!("{} or another type", kinds[..3].join(", "))
                } else {
                    kinds.join(" or ")
                };
                let message = match resolved.actions.as_slice() {
                    [only] => format!(
                        "`{value}` is a {kind} ARN, which `{}` does not act on",
                        full(only)
                    ),
                    _ => format!(
                        "`{value}` is a {kind} ARN, which no action of this statement acts on"
                    ),
                };
                let mut d = ctx
                    .diagnostic(item.span, message)
                    .with_label("no action of the statement can use this resource");
                let note = describe_actions(&resolved.actions);
                let help = match suggestion(value, &accepted) {
                    Some(s) => format!("{note}; did you mean `{s}`?"),
                    None if accepted.is_empty() => {
                        format!("{note}; use `\"Resource\": \"*\"` for them")
                    }
                    None => {
                        let formats: Vec<&str> = accepted
                            .iter()
                            .take(3)
                            .map(|(_, rt)| rt.arn_format.as_str())
                            .collect();
                        format!(
                            "{note}; use an ARN of the form `{}`",
                            formats.join("` or `")
                        )
                    }
                };
                d = d.with_help(help);
                ctx.report(d);
            }
        }
    }
}

fn full(a: &ActionRef<'static>) -> String {
    format!("{}:{}", a.service.prefix, a.action.name)
}

/// `s3:GetObject` acts on `object`; `s3:ListAllMyBuckets` only on `*`.
fn describe_actions(actions: &[ActionRef<'static>]) -> String {
    let mut out = String::new();
    for (i, a) in actions.iter().take(3).enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        let types: Vec<&str> = a
            .action
            .resource_types
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        if types.is_empty() {
            let _ = write!(
                out,
                "`{}` acts only on `*` (no resource-level permissions)",
                full(a)
            );
        } else {
            let _ = write!(out, "`{}` acts on `{}`", full(a), types.join("`, `"));
        }
    }
    if actions.len() > 3 {
        let _ = write!(out, " (and {} more actions)", actions.len() - 3);
    }
    out
}

/// A nearby ARN that an accepted type takes (`bucket` -> `bucket/*`).
fn suggestion(
    value: &str,
    accepted: &[(&'static Service, &'static ResourceType)],
) -> Option<String> {
    let trimmed = value.trim_end_matches(['/', ':']);
    let mut candidates = vec![format!("{trimmed}/*"), format!("{trimmed}:*")];
    if let Some(parent) = value.strip_suffix("/*") {
        candidates.insert(0, parent.to_string());
    }
    candidates
        .into_iter()
        .find(|c| accepted.iter().any(|(_, rt)| rt.matches_arn(c)))
}
