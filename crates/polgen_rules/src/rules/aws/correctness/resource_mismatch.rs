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

It reports:
- an ARN of a service none of the statement's actions' services has resources in
  (`dynamodb:GetItem` on an SQS queue, `iam:PassRole` on a bucket), whatever the reference's
  per-action lists miss. The namespaces AWS's own managed policies use across services
  (`ssm:StartSession` on EKS clusters, `codestar-connections` actions on the renamed
  `codeconnections` ARNs, AWS Backup on EC2 snapshots) are exempt: polgen embeds them,
  generated from the managed policies with the first policy that uses each. A service that
  has no resources of its own (zonal shift acts on load balancers and EKS clusters) is not
  judged: its resource types are a sample of what it manages;
- the mix-up of a container and its contents: a bucket for object actions, an object pattern
  for bucket actions, a log group for log-stream actions, a table for index actions;
- the look-alikes AWS documents: a KMS alias ARN for an action that does not act on aliases
  (`kms:Decrypt` on `alias/app`: an alias ARN controls access to the alias, not to the key),
  a Lambda layer ARN for a function action.

Other combinations within one service are not reported, because the reference's lists of
resource types per action are incomplete there: AWS's own managed policies scope actions to
types the reference omits (`ec2:CreateFleet` on network interfaces,
`elasticloadbalancing:AddTags` on target groups). A linter that contradicted AWS there would
be noise.

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
            if actions.negated || resources.negated {
                continue;
            }
            // Only literal ARNs are judged (`"*"` is none): most statements have none, and
            // resolving their actions would be wasted work.
            if !resources.items.iter().any(|r| {
                r.as_pattern()
                    .is_some_and(|v| polgen_catalog::literal_arn_service(v).is_some())
            }) {
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
            // API Gateway's management actions are HTTP verbs on any resource path of the
            // service; the reference lists only the REST API (v1) paths for them.
            if resolved
                .actions
                .iter()
                .any(|a| is_http_verb(&a.action.name))
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
                let Some(arn_service) = polgen_catalog::literal_arn_service(value) else {
                    continue;
                };
                if accepted.iter().any(|(_, rt)| rt.matches_arn(value)) {
                    continue;
                }
                if let Some(d) = other_service(ctx, &resolved.actions, item, value, arn_service) {
                    ctx.report(d);
                    continue;
                }
                // Only judge ARNs of a service the statement's actions act on: across services
                // the reference is incomplete (`ssm:StartSession` on EKS clusters,
                // `codestar-connections` actions on `codeconnections` ARNs after the rename,
                // AWS Backup on EC2 snapshots), and AWS's own policies rely on it.
                if !accepted
                    .iter()
                    .any(|(_, rt)| same_service(&rt.arn_format, arn_service))
                {
                    continue;
                }
                // What the ARN is: only report ARNs whose type the catalog knows, by the formats
                // of that very service (generic formats such as AWS Backup's recovery points,
                // `arn:${Partition}:${Vendor}:...`, say nothing about the ARN).
                let is: Vec<_> = catalog
                    .resource_types_matching_arn(value)
                    .into_iter()
                    .filter(|t| same_service(&t.resource_type.arn_format, arn_service))
                    .collect();
                // Report only the confusion of a container with its contents (a bucket for
                // object actions, a log group for log-stream actions, an object ARN for bucket
                // actions): the reference's lists of types per action are incomplete elsewhere
                // (AWS's own managed policies scope actions to types the reference omits), and
                // a finding that contradicts AWS would be noise. The look-alikes AWS documents
                // are reported too.
                let confused = is.iter().any(|t| {
                    accepted.iter().any(|(_, rt)| {
                        container_and_contents(&t.resource_type.arn_format, &rt.arn_format)
                    }) || documented_confusion(t, &resolved.actions)
                });
                if !confused {
                    continue;
                }
                // Name the ARN's own service's types first (`s3:bucket`, not also `ssm:bucket`).
                let own: Vec<_> = is
                    .iter()
                    .filter(|t| t.service.prefix.eq_ignore_ascii_case(arn_service))
                    .collect();
                let named: Vec<_> = if own.is_empty() {
                    is.iter().collect()
                } else {
                    own
                };
                let mut kinds: Vec<String> = Vec::new();
                for t in named {
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

/// True when one ARN format extends the other by a path or a `:`-qualified part: a bucket and
/// its objects, a table and its indexes, a log group and its streams.
fn container_and_contents(a: &str, b: &str) -> bool {
    let extends = |long: &str, short: &str| {
        long.strip_prefix(short)
            .is_some_and(|rest| rest.starts_with(['/', ':']))
    };
    extends(a, b) || extends(b, a)
}

/// True when an ARN format's service field is literally `service`.
fn same_service(arn_format: &str, service: &str) -> bool {
    polgen_catalog::literal_arn_service(arn_format).is_some_and(|s| s.eq_ignore_ascii_case(service))
}

/// An ARN of a namespace that no resource type of any of the statement's services uses
/// (`dynamodb:GetItem` on an SQS queue): whatever the reference's per-action lists miss, the
/// action cannot act on it. Namespaces AWS's own managed policies use with a service
/// (`ssm:StartSession` on `eks` clusters) are exempt, by the generated evidence of
/// `polgen_catalog::Undocumented`.
fn other_service(
    ctx: &RuleContext<'_>,
    actions: &[ActionRef<'static>],
    item: &Str,
    value: &str,
    namespace: &str,
) -> Option<polgen_diagnostics::Diagnostic> {
    let mut services: Vec<&'static Service> = Vec::new();
    for a in actions {
        if !services.iter().any(|s| std::ptr::eq(*s, a.service)) {
            services.push(a.service);
        }
    }
    for service in &services {
        // A format with a placeholder namespace (AWS Backup's recovery points) reaches any.
        let namespaces = service.arn_namespaces()?;
        // A service with no resource of its own acts on other services' resources (zonal
        // shift on load balancers, and on EKS clusters, which the reference omits): its list
        // is a sample of what it manages.
        if !namespaces
            .iter()
            .any(|n| n.eq_ignore_ascii_case(service.prefix))
        {
            return None;
        }
        if namespaces.iter().any(|n| n.eq_ignore_ascii_case(namespace))
            || polgen_catalog::Undocumented::get().uses_arns_of(service.prefix, namespace)
        {
            return None;
        }
    }
    let names: Vec<String> = services.iter().map(|s| format!("`{}`", s.prefix)).collect();
    let message = match actions {
        [only] => format!(
            "`{value}` is an ARN of `{namespace}`, a service `{}` does not act on",
            full(only)
        ),
        _ => format!(
            "`{value}` is an ARN of `{namespace}`, a service no action of this statement acts on"
        ),
    };
    Some(
        ctx.diagnostic(item.span, message)
            .with_label("no action of the statement can use this resource")
            .with_help(format!(
                "{}; the actions act on resources of {}",
                describe_actions(actions),
                names.join(", ")
            )),
    )
}

/// Same-service confusions AWS documents: an ARN that identifies another resource than the
/// one the action acts on, though the words look alike.
/// - AWS KMS: "an alias ARN in the `Resource` element controls access to the alias, not to the
///   KMS key it points to" (KMS Developer Guide, "Using aliases to control access to KMS
///   keys"): `kms:Decrypt` on `alias/x` allows nothing.
/// - AWS Lambda: layers and layer versions are not functions (`lambda:InvokeFunction` on
///   `layer:x`).
fn documented_confusion(
    is: &polgen_catalog::ResourceTypeRef<'_>,
    actions: &[ActionRef<'static>],
) -> bool {
    let (service, ty) = (is.service.prefix, is.resource_type.name.as_str());
    let confusing = match service {
        "kms" => ty.eq_ignore_ascii_case("alias"),
        "lambda" => ty.eq_ignore_ascii_case("layer") || ty.eq_ignore_ascii_case("layerVersion"),
        _ => false,
    };
    confusing
        && actions.iter().all(|a| {
            a.service.prefix == service
                && !a
                    .action
                    .resource_types
                    .iter()
                    .any(|art| art.name.eq_ignore_ascii_case(ty))
        })
}

fn is_http_verb(name: &str) -> bool {
    matches!(
        name,
        "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS"
    )
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
/// The tail after the last placeholder but one of an ARN format, with placeholders as `*`:
/// `...:log-group:${LogGroupName}:log-stream:${LogStreamName}` gives `:log-stream:*`.
fn literal_tail(format: &str) -> Option<String> {
    let last = format.rfind("${")?;
    let before = format.get(..last)?;
    let prev_end = before.rfind('}')? + 1;
    let middle = before.get(prev_end..)?;
    (!middle.is_empty()).then(|| format!("{middle}*"))
}

fn suggestion(
    value: &str,
    accepted: &[(&'static Service, &'static ResourceType)],
) -> Option<String> {
    let trimmed = value.trim_end_matches(['/', ':']);
    // The literal tail of a contents type (`:log-stream:${LogStreamName}` -> `:log-stream:*`)
    // goes first: it names the contents, where a bare `/*` may match nothing.
    let mut candidates: Vec<String> = accepted
        .iter()
        .filter_map(|(_, rt)| literal_tail(&rt.arn_format))
        .map(|tail| format!("{trimmed}{tail}"))
        .collect();
    candidates.sort_by_key(String::len);
    candidates.extend([format!("{trimmed}/*"), format!("{trimmed}:*")]);
    if let Some(parent) = value.strip_suffix("/*") {
        candidates.insert(0, parent.to_string());
    }
    candidates
        .into_iter()
        .find(|c| accepted.iter().any(|(_, rt)| rt.matches_arn(c)))
}
