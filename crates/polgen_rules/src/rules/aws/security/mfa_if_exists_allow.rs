//! `mfa-if-exists-allow`: an `Allow` on `BoolIfExists aws:MultiFactorAuthPresent true`.
use crate::prelude::*;

use crate::util::conditions::MFA_PRESENT;

/// Flags MFA-looking `Allow` conditions that access keys pass without MFA.
pub struct MfaIfExistsAllow;

pub static META: RuleMeta = RuleMeta {
    id: "mfa-if-exists-allow",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "an `Allow` requires MFA with `BoolIfExists`, which long-term access keys pass without MFA",
    aa_codes: &[],
    doc: r#"## What it does
Reports the `BoolIfExists` operator of an `Allow` statement that tests
`"aws:MultiFactorAuthPresent": "true"`.

## Why is this bad?
`...IfExists` conditions are true when the key is missing. Requests signed with long-term
access keys carry no `aws:MultiFactorAuthPresent`, so the statement allows them without any
MFA: the condition only constrains console and temporary-credential sessions. In an `Allow`,
`Bool` (without `IfExists`) is the operator that requires MFA.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow", "Action": "ec2:TerminateInstances", "Resource": "*",
    "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}
  }]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow", "Action": "ec2:TerminateInstances", "Resource": "*",
    "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
  }]
}
```

## References
- [IAM condition keys: aws:MultiFactorAuthPresent](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent)
- [...IfExists condition operators](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists)
"#,
};

impl Rule for MfaIfExistsAllow {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for st in ctx.doc.allow_statements() {
            for c in st.conditions_on(MFA_PRESENT) {
                let op = &c.operator;
                if op.kind.family != Family::Bool
                    || !op.if_exists
                    || op.qualifier.is_some()
                    || !c.all_values_are("true")
                {
                    continue;
                }
                let d = ctx
                    .diagnostic(op.span, format!("`{}` on `{}` allows long-term access keys without MFA", op.text, c.key.value))
                    .with_label("true when the key is absent, as it is for access keys")
                    .with_help(format!("use `Bool` so the statement only applies when `{MFA_PRESENT}` is present and true"))
                    .with_location_path(st.path());
                ctx.report(d);
            }
        }
    }
}
