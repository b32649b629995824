//! `mfa-bool-false`: a `Deny` on `Bool aws:MultiFactorAuthPresent false`.
use crate::prelude::*;

use crate::util::conditions::MFA_PRESENT;

/// Flags MFA-enforcing denies that miss long-term access keys.
pub struct MfaBoolFalse;

pub static META: RuleMeta = RuleMeta {
    id: "mfa-bool-false",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "a `Deny` meant to enforce MFA uses `Bool` and misses requests signed with access keys",
    aa_codes: &[],
    doc: r#"## What it does
Reports the `Bool` operator of a `Deny` statement that tests
`"aws:MultiFactorAuthPresent": "false"`.

## Why is this bad?
`aws:MultiFactorAuthPresent` is only in the request context of temporary credentials. A
request signed with a long-term access key has no such key, and a `Bool` condition on a
missing key is false, so the `Deny` does not apply: anyone with a leaked access key passes
the "MFA required" guard. `BoolIfExists` is true when the key is missing and closes the gap.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Deny", "Action": "*", "Resource": "*",
    "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}
  }]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Deny", "Action": "*", "Resource": "*",
    "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
  }]
}
```

## References
- [IAM condition keys: aws:MultiFactorAuthPresent](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent)
- [Configuring MFA-protected API access](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html)
"#,
};

impl Rule for MfaBoolFalse {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for st in ctx.doc.statements.iter().filter(|s| s.is_deny()) {
            for c in st.conditions_on(MFA_PRESENT) {
                let op = &c.operator;
                if op.kind.family != Family::Bool
                    || op.if_exists
                    || op.qualifier.is_some()
                    || !c.all_values_are("false")
                {
                    continue;
                }
                let d = ctx
                    .diagnostic(op.span, format!("`{}` on `{}` does not deny requests signed with long-term access keys", op.text, c.key.value))
                    .with_label("false when the key is absent, as it is for access keys")
                    .with_related(c.values_span, "only matches temporary credentials obtained without MFA")
                    .with_help(format!("use `BoolIfExists` so the deny also applies when `{MFA_PRESENT}` is missing"))
                    .with_location_path(st.path());
                ctx.report(d);
            }
        }
    }
}
