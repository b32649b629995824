//! `wildcard-action`: `Allow` of `Action: "*"` or `"service:*"`.
use std::collections::BTreeSet;

use polgen_catalog::AccessLevel;
use polgen_policy::principal::PrincipalClass;

use crate::prelude::*;
use crate::util::glob;

use super::common;

/// Flags `*` and `service:*` actions in `Allow` statements.
pub struct WildcardAction;

pub static META: RuleMeta = RuleMeta {
    id: "wildcard-action",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "an `Allow` statement grants every action (`*`) or every action of a service (`service:*`)",
    aa_codes: &[],
    doc: r#"## What it does
Reports an `Action` value `"*"` or `"service:*"` in an `Allow` statement, whatever its
resources and conditions: a condition limits *when* the grant applies, not *which* actions it
grants, and `s3:*` on one bucket still includes deleting it and rewriting its policy.

`"*"` on `"Resource": "*"` without a narrowing condition is full administrator access and is
reported by `admin-access` only. Patterns such as `s3:Get*` are not reported here.

In a KMS key policy, `kms:*` for the account itself (`arn:aws:iam::ACCOUNT:root`, the
statement AWS writes into every default key policy) is not reported: it hands the key's access
to the account's IAM policies. With `[accounts] own` set, an account not in it is reported.

## Why is this bad?
A service wildcard grants every action of the service, including its permissions-management
actions (`s3:PutBucketPolicy`, `kms:PutKeyPolicy`) and every action AWS adds in the future.
Nobody reviewing the policy can tell what it really allows.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::my-bucket/*"}]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::my-bucket/*"}
  ]
}
```

## References
- [Security best practices in IAM: grant least privilege](https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege)
- [Parliament: PERMISSIONS_MANAGEMENT_ACTIONS / wildcard actions](https://github.com/duo-labs/parliament)
"#,
};

/// AWS's default key policy statement: `kms:*` on the key for the account itself
/// (`arn:aws:iam::ACCOUNT:root`), which hands the key's access to the account's IAM
/// policies ("Allows access to the AWS account and enables IAM policies"). It is the KMS
/// default, not a grant of every action to anyone; an account known to be another's (`[accounts]
/// own` set and this one not in it) is still reported.
fn is_key_policy_delegation(ctx: &RuleContext<'_>, st: &Statement, prefix: &str) -> bool {
    if ctx.kind() != PolicyKind::Resource || !prefix.eq_ignore_ascii_case("kms") {
        return false;
    }
    let Some(p) = st
        .principal
        .as_ref()
        .filter(|p| !p.negated && p.everyone.is_none())
    else {
        return false;
    };
    let principals = polgen_policy::principal::classify_all(p);
    !principals.is_empty()
        && principals.iter().all(|c| match &c.class {
            PrincipalClass::Account { account, .. } => {
                ctx.settings.own_accounts.is_empty() || ctx.settings.is_own_account(account)
            }
            _ => false,
        })
}

impl Rule for WildcardAction {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for st in ctx.doc.allow_statements() {
            let Some(list) = common::actions(st) else {
                continue;
            };
            let admin = common::is_admin_statement(st, ctx.catalog);
            for item in &list.items {
                let Some(text) = item.as_literal() else {
                    continue;
                };
                if common::is_all_actions(text) {
                    if admin {
                        continue;
                    }
                    let d = ctx
                        .diagnostic(item.span, format!("`{text}` allows every action of every service"))
                        .with_label("every action, including those AWS adds later")
                        .with_help("list the actions this principal needs (AWS IAM Access Analyzer can generate them from CloudTrail activity)")
                        .with_location_path(st.path());
                    ctx.report(d);
                    continue;
                }
                let Some((prefix, "*")) = text.split_once(':') else {
                    continue;
                };
                if glob::has_wildcard(prefix) || is_key_policy_delegation(ctx, st, prefix) {
                    continue;
                }
                let (name, levels) = match ctx.catalog.service(prefix) {
                    Some(service) => {
                        let levels: BTreeSet<AccessLevel> =
                            service.actions().map(|a| a.access_level).collect();
                        let levels: Vec<&str> =
                            levels.into_iter().map(AccessLevel::as_str).collect();
                        (format!(" of {}", service.name), levels.join(", "))
                    }
                    None => (String::new(), String::new()),
                };
                let help = if levels.is_empty() {
                    format!("list the `{prefix}:` actions this principal needs")
                } else {
                    format!(
                        "list the `{prefix}:` actions this principal needs; `{text}` includes {levels} actions"
                    )
                };
                let d = ctx
                    .diagnostic(item.span, format!("`{text}` allows every action{name}"))
                    .with_label("every action of the service, including those AWS adds later")
                    .with_help(help)
                    .with_location_path(st.path());
                ctx.report(d);
            }
        }
    }
}
