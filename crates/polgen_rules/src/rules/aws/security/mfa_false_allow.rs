//! `mfa-false-allow`: an `Allow` that applies only to requests made without MFA.
use crate::prelude::*;
use crate::util::conditions::MFA_PRESENT;

/// Flags `Allow` statements conditioned on `aws:MultiFactorAuthPresent` being false or absent.
pub struct MfaFalseAllow;

pub static META: RuleMeta = RuleMeta {
    id: "mfa-false-allow",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "an `Allow` applies only to requests made without MFA (`aws:MultiFactorAuthPresent` false or absent)",
    aa_codes: &[],
    doc: r#"## What it does
Reports an `Allow` statement whose condition asks for the *absence* of MFA:
`"Bool": {"aws:MultiFactorAuthPresent": "false"}`, the same under `BoolIfExists`, or
`"Null": {"aws:MultiFactorAuthPresent": "true"}`.

## Why is this bad?
This is the MFA pattern turned inside out. The condition that belongs in a `Deny` (refuse
requests made without MFA) was put in an `Allow`, which now grants the permissions precisely
to sessions that did not use MFA, and with `BoolIfExists` or `Null` to long-term access keys
too, while an MFA-authenticated user gets nothing from it. Nobody means that; the policy
does the opposite of what its author wanted.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "iam:DeleteUser",
      "Resource": "*",
      "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}
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
      "Action": "iam:DeleteUser",
      "Resource": "*",
      "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    }
  ]
}
```
or keep the `Allow` unconditioned and add a `Deny` with
`"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}`.

## References
- [AWS global condition context keys: aws:MultiFactorAuthPresent](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent)
- [Parliament: BAD_PATTERN_FOR_MFA](https://github.com/duo-labs/parliament)
"#,
};

impl Rule for MfaFalseAllow {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for st in ctx.doc.allow_statements() {
            for c in st.conditions_on(MFA_PRESENT) {
                let op = &c.operator;
                if op.qualifier.is_some() {
                    continue;
                }
                let family = op.kind.family;
                let who = if family == Family::Bool && c.all_values_are("false") {
                    if op.if_exists {
                        "long-term access keys and sessions without MFA"
                    } else {
                        "sessions without MFA"
                    }
                } else if family == Family::Null && c.all_values_are("true") {
                    "long-term access keys"
                } else {
                    continue;
                };
                let d = ctx
                    .diagnostic(
                        op.span,
                        format!(
                            "this `Allow` applies only to {who}: `{}` on `{}` asks for the absence of MFA",
                            op.text, c.key.value
                        ),
                    )
                    .with_label("MFA-authenticated requests are not granted by this statement")
                    .with_related(c.values_span, "the condition holds only without MFA")
                    .with_help(format!(
                        "require MFA with `\"Bool\": {{\"{MFA_PRESENT}\": \"true\"}}`, or move this condition to a `Deny` statement with `BoolIfExists`"
                    ))
                    .with_location_path(st.path());
                ctx.report(d);
            }
        }
    }
}
