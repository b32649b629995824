//! `trust-missing-mfa`: a role assumable by people without MFA.
use crate::prelude::*;
use crate::util::conditions::{self, MfaRequirement};
use crate::util::narrowing;

use super::common;

/// Flags trust policies that let IAM users (or a whole account, i.e. its users) assume the
/// role without requiring MFA.
pub struct TrustMissingMfa;

pub static META: RuleMeta = RuleMeta {
    id: "trust-missing-mfa",
    category: Category::Security,
    severity: Severity::Info,
    summary: "a role that people assume does not require MFA",
    aa_codes: &[],
    doc: r#"## What it does
In role trust policies, reports IAM user principals and account principals
(`arn:aws:iam::ACCOUNT:root`, whose users may assume the role) allowed to call
`sts:AssumeRole` when the statement does not require MFA with `Bool`
`aws:MultiFactorAuthPresent` `true` (or a `NumericLessThan` on `aws:MultiFactorAuthAge`).
Roles, sessions, services and federated providers are not reported (they cannot present MFA
to STS), and neither are third parties that must present an `sts:ExternalId` (automation).

Severity: info in the `recommended` ruleset, warning in `strict`. `BoolIfExists` is reported by
`mfa-if-exists-allow`, not here.

## Conditions that count
A condition silences this rule only when it is on a key that narrows people: MFA (`Bool`
`aws:MultiFactorAuthPresent` `true`, a `NumericLessThan` on `aws:MultiFactorAuthAge`) or
`sts:ExternalId` (the principal is a third party's service, not a person).

A condition counts only when it really narrows: `...IfExists` on a key the request may lack,
`ForAllValues` on an absent key, `ForAnyValue` with a negated operator, `Null` alone and
match-all values (`*`, `0.0.0.0/0`) do not.

An empty block (`"Condition": {}`) or an empty operator (`{"StringEquals": {}}`) narrows
nothing: the statement is judged as if it had no condition (`empty-element` reports the empty
block). Only a value polgen cannot see (a CloudFormation intrinsic, a Terraform expression) in
place of the block or of one of these keys' values keeps the rule quiet. A block that can never
hold makes the statement dead: `unsatisfiable-condition` reports it instead.

## Why is this bad?
A role assumed by people is usually more privileged than their own user. Without MFA, a
leaked access key or password is enough to assume it.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
    "Action": "sts:AssumeRole"
  }]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
    "Action": "sts:AssumeRole",
    "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
  }]
}
```

## References
- [Configuring MFA-protected API access](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html)
- [Providing access to an IAM user in another account](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_aws-accounts.html)
"#,
};

impl Rule for TrustMissingMfa {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        if ctx.kind() != PolicyKind::Trust {
            return;
        }
        for (st, principals) in common::allowed_principals(&ctx.doc.statements) {
            if !common::may_grant(st, common::ASSUME_ROLE)
                || narrowing::cannot_judge(st, ctx.catalog)
                || conditions::requires_mfa(st) != MfaRequirement::None
                || narrowing::narrowed(st, &narrowing::EXTERNAL_ID_ASPECT, ctx.catalog)
            {
                continue;
            }
            for p in &principals {
                if !matches!(
                    p.class,
                    polgen_policy::principal::PrincipalClass::User { .. }
                        | polgen_policy::principal::PrincipalClass::Account { .. }
                ) {
                    continue;
                }
                let who = match p.class {
                    polgen_policy::principal::PrincipalClass::User { .. } => {
                        format!("user `{}`", p.text())
                    }
                    _ => format!("the users of account `{}`", p.account().unwrap_or_default()),
                };
                let d = ctx
                    .diagnostic(p.span, format!("{who} can assume this role without MFA"))
                    .with_label("people, who can present MFA")
                    .with_help("add `\"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}}` to the statement")
                    .with_location_path(format!("{}.Principal", st.path()));
                ctx.report(d);
            }
        }
    }
}
