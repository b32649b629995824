//! `missing-mfa`: permissions-management and credential actions allowed without MFA.
use polgen_catalog::{AccessLevel, ActionRef};

use crate::prelude::*;
use crate::util::conditions::{self, MfaRequirement};

use super::common;

/// Flags sensitive IAM actions allowed without requiring MFA.
pub struct MissingMfa;

/// Services whose permissions-management actions change who can do what.
const SERVICES: &[&str] = &["iam", "sts", "organizations", "kms"];

/// Actions that create or reset credentials (some are `Write`, not permissions management).
const CREDENTIAL_ACTIONS: &[&str] = &[
    "iam:CreateAccessKey",
    "iam:UpdateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:CreateServiceSpecificCredential",
    "iam:ResetServiceSpecificCredential",
    "iam:DeactivateMFADevice",
    "iam:DeleteVirtualMFADevice",
];

pub static META: RuleMeta = RuleMeta {
    id: "missing-mfa",
    category: Category::Security,
    severity: Severity::Info,
    summary: "permissions-management or credential actions are allowed without requiring MFA",
    aa_codes: &[],
    doc: r#"## What it does
In identity policies, reports the first action of an `Allow` statement that grants
permissions-management actions of IAM, STS, Organizations or KMS, or credential actions
(`iam:CreateAccessKey`, `iam:UpdateLoginProfile`, `iam:DeactivateMFADevice`...), when:
- the statement does not require MFA with `Bool` `aws:MultiFactorAuthPresent` `true` (or a
  `NumericLessThan` on `aws:MultiFactorAuthAge`), and
- no `Deny` of the same policy denies those actions with
  `BoolIfExists` `aws:MultiFactorAuthPresent` `false` (the catch-all pattern).

`BoolIfExists ... true` in an `Allow` does not count: access keys pass it without MFA (see
`mfa-if-exists-allow`).

Severity: info. Roles used by services and automation cannot present MFA, and most identity
policies are attached to roles, so a warning would be noise there. Raise it to warning for the
policies of human users and groups in configuration.

## Why is this bad?
These actions change who can do what, or mint credentials. Without MFA, one phished password
or leaked access key is enough to take over the account.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": ["iam:AttachUserPolicy", "iam:CreateAccessKey"], "Resource": "*"}]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow", "Action": ["iam:AttachUserPolicy", "iam:CreateAccessKey"], "Resource": "*",
    "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
  }]
}
```

## References
- [Configuring MFA-protected API access](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html)
- [IAM: allows MFA-authenticated IAM users to manage their own credentials](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam_mfa-selfmanage.html)
"#,
};

fn sensitive(action: &ActionRef<'_>) -> bool {
    (action.action.access_level == AccessLevel::PermissionsManagement
        && SERVICES.contains(&action.service.prefix))
        || CREDENTIAL_ACTIONS.iter().any(|c| action.is_named(c))
}

impl Rule for MissingMfa {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        if ctx.kind() != PolicyKind::Identity {
            return;
        }
        let doc = ctx.doc;
        let denies: Vec<&Statement> = doc
            .statements
            .iter()
            .filter(|s| conditions::denies_without_mfa(s))
            .collect();
        let mut picker = common::Picker::new(ctx.catalog, |action| {
            sensitive(action) && !common::denied(denies.iter().copied(), &action.full_name(), None)
        });
        for st in doc.allow_statements() {
            if conditions::requires_mfa(st) == MfaRequirement::Required {
                continue;
            }
            let Some(list) = common::actions(st) else {
                continue;
            };
            let picked = picker.pick(list);
            let Some(&span) = picked.sources.first() else {
                continue;
            };
            let names = picked.actions;
            let d = ctx
                .diagnostic(span, format!("{} {} allowed without MFA", common::name_list(&names, 3), if names.len() == 1 { "is" } else { "are" }))
                .with_label("changes permissions or credentials")
                .with_help("add `\"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}}` to the statement, or a `Deny` of these actions with `BoolIfExists` `aws:MultiFactorAuthPresent` `false`")
                .with_location_path(st.path());
            ctx.report(d);
        }
    }
}
