use polgen_catalog::{Catalog, Service};

use crate::prelude::*;
use crate::util::actions::{closest, resolve};

/// Flags condition keys that no action of the statement supports and that are not global.
pub struct UnknownConditionKey;

pub static META: RuleMeta = RuleMeta {
    id: "unknown-condition-key",
    category: Category::Correctness,
    severity: Severity::Error,
    summary: "a condition key does not exist, or belongs to a service none of the statement's actions is of",
    aa_codes: &[
        "INVALID_GLOBAL_CONDITION_KEY",
        "INVALID_SERVICE_CONDITION_KEY",
        "INVALID_CONDITION_KEY_FORMAT",
    ],
    doc: r#"## What it does
Reports a `Condition` key that is not a global key (`aws:...`, or a cross-service key such as
`ec2:SourceInstanceArn`) and is not defined by the service of any action of the statement:
a misspelled key (`aws:SourceIpAddress`, `s3:prefx`), a key of a service that does not exist, or a
service key used with another service's actions (`s3:prefix` in a statement of `ec2`
actions). Keys compare case-insensitively; tag-key templates (`aws:RequestTag/Env`,
`s3:ExistingObjectTag/team`) match their template.

Keys of a service are valid when the statement has any action of that service (e.g.
`kms:ViaService` with `kms:Decrypt`). Web-identity claim keys (`accounts.google.com:aud`,
`token.actions.githubusercontent.com:sub`, `oidc.eks.<region>.amazonaws.com/id/<id>:sub`,
`cognito-identity.amazonaws.com:amr`) and SAML keys (`saml:aud`) are always accepted. With
`NotAction`, `"Action": "*"` or actions computed at deploy time, only keys that exist
nowhere are reported.

## Why is this bad?
A key that is never in the request context makes the condition behave as if the key were
missing: `StringEquals` never matches (the statement grants nothing) and negated operators
such as `StringNotEquals` always match, so a `Deny` guarded by a misspelled key either never
applies or applies to everything.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:DescribeInstances",
      "Resource": "*",
      "Condition": {"StringEquals": {"s3:prefix": "home/"}, "IpAddress": {"aws:SourceIpAddress": "203.0.113.0/24"}}
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
      "Action": ["s3:ListBucket", "kms:Decrypt"],
      "Resource": "*",
      "Condition": {"StringLike": {"s3:prefix": "home/*", "kms:ViaService": "s3.*.amazonaws.com"}, "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
    }
  ]
}
```

## References
- [AWS global condition context keys](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html)
- [Service Authorization Reference: condition keys](https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html)
- [Available keys for web-identity and SAML federation](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html)
"#,
};

/// The services a statement's actions are of; `None` when that is not knowable (any).
fn statement_services(
    catalog: &'static Catalog,
    st: &Statement,
) -> Option<(
    Vec<&'static Service>,
    Vec<polgen_catalog::ActionRef<'static>>,
)> {
    let list = st.action.as_ref()?;
    if list.negated {
        return None;
    }
    let resolved = resolve(catalog, list);
    if resolved.all || resolved.opaque || !resolved.unknown_services.is_empty() {
        return None;
    }
    let mut services = resolved.services()?;
    // A misspelled action still says which service the statement is about.
    for item in &resolved.unknown_actions {
        if let Some(service) = item
            .value
            .split_once(':')
            .and_then(|(p, _)| catalog.service(p))
            && !services.iter().any(|s| std::ptr::eq(*s, service))
        {
            services.push(service);
        }
    }
    Some((services, resolved.actions))
}

impl Rule for UnknownConditionKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let catalog = ctx.catalog;
        for st in &ctx.doc.statements {
            if st.conditions.is_empty() {
                continue;
            }
            let scope = statement_services(catalog, st);
            for cond in &st.conditions {
                let Some(key) = cond.key.as_literal() else {
                    continue;
                };
                if let Some((message, label, help)) = judge(catalog, key, scope.as_ref()) {
                    let mut d = ctx.diagnostic(cond.key.span, message).with_label(label);
                    if let Some(help) = help {
                        d = d.with_help(help);
                    }
                    ctx.report(d);
                }
            }
        }
    }
}

type Finding = (String, String, Option<String>);

fn judge(
    catalog: &'static Catalog,
    key: &str,
    scope: Option<&(
        Vec<&'static Service>,
        Vec<polgen_catalog::ActionRef<'static>>,
    )>,
) -> Option<Finding> {
    // Keys with a `${...}` left by a template engine are not judged.
    if key.contains("${") && !key.contains("${TagKey}") {
        return None;
    }
    let Some((prefix, rest)) = key.split_once(':') else {
        return Some((
            format!("`{key}` is not a condition key"),
            "condition keys have the form `prefix:name`".to_string(),
            Some("write keys as `aws:SourceIp`, `s3:prefix`, ...".to_string()),
        ));
    };
    if polgen_catalog::is_federation_key(key) || prefix.eq_ignore_ascii_case("saml") {
        return None;
    }
    let info = catalog.condition_key(key);
    if prefix.eq_ignore_ascii_case("aws") {
        if info.is_some() {
            return None;
        }
        let help = closest(
            key,
            polgen_catalog::GLOBAL_CONDITION_KEYS
                .iter()
                .filter(|k| !k.is_template())
                .map(|k| k.key),
        )
        .map(|near| format!("did you mean `{near}`?"))
        .or_else(|| tag_hint(rest));
        return Some((
            format!("unknown global condition key `{key}`"),
            "not an AWS global condition key".to_string(),
            help,
        ));
    }
    let Some(service) = catalog.service(prefix) else {
        if info.is_some() {
            return None;
        }
        let help = crate::util::actions::suggest_service(catalog, prefix)
            .map(|near| format!("did you mean `{near}:{rest}`?"));
        return Some((
            format!("unknown condition key `{key}`: no AWS service has the prefix `{prefix}`"),
            "no such service".to_string(),
            help,
        ));
    };
    let Some(info) = info else {
        let help = closest(
            key,
            service
                .condition_keys()
                .filter(|k| !k.is_template())
                .map(|k| k.key.as_str()),
        )
        .map(|near| format!("did you mean `{near}`?"));
        return Some((
            format!("unknown condition key `{key}`"),
            format!(
                "`{}` ({}) defines no such condition key",
                service.prefix, service.name
            ),
            help.or_else(|| {
                Some(format!(
                    "see the condition keys of `{}` in the Service Authorization Reference",
                    service.prefix
                ))
            }),
        ));
    };
    if info.global {
        return None;
    }
    let (services, actions) = scope?;
    let owner = info.service.unwrap_or(service.prefix);
    if services
        .iter()
        .any(|s| s.prefix.eq_ignore_ascii_case(owner) || std::ptr::eq(*s, service))
    {
        return None;
    }
    let canonical = info.template.as_deref().unwrap_or(info.key.as_str());
    if actions.iter().any(|a| {
        a.action
            .all_condition_keys()
            .iter()
            .any(|k| k.eq_ignore_ascii_case(canonical))
    }) {
        return None;
    }
    let mut names: Vec<&str> = services.iter().map(|s| s.prefix).collect();
    names.sort_unstable();
    names.dedup();
    Some((
        format!("condition key `{key}` does not apply to any action of this statement"),
        format!(
            "`{key}` is a key of `{}`, but the statement's actions are of `{}`",
            service.prefix,
            names.join("`, `")
        ),
        Some(format!(
            "move the condition to a statement with `{}` actions, or use a key of `{}` or a global key",
            service.prefix,
            names.join("`/`")
        )),
    ))
}

fn tag_hint(rest: &str) -> Option<String> {
    let lower = rest.to_ascii_lowercase();
    ["RequestTag", "ResourceTag", "PrincipalTag"]
        .into_iter()
        .find(|t| lower.starts_with(&t.to_ascii_lowercase()))
        .map(|t| format!("tag keys are written `aws:{t}/tag-key`"))
}
