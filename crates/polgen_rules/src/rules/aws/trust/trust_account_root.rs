//! `trust-account-root`: a role trusts a whole account.
use polgen_policy::principal::PrincipalClass;

use crate::prelude::*;
use crate::util::narrowing;

use super::common;

/// Suggests naming roles instead of trusting `arn:aws:iam::ACCOUNT:root`.
pub struct TrustAccountRoot;

pub static META: RuleMeta = RuleMeta {
    id: "trust-account-root",
    category: Category::Security,
    severity: Severity::Info,
    summary: "a role trusts a whole account (`arn:aws:iam::ACCOUNT:root`) rather than named principals",
    aa_codes: &[],
    doc: r#"## What it does
In role trust policies, reports an account principal (`"123456789012"` or
`arn:aws:iam::123456789012:root`) allowed to call `sts:AssumeRole` when no condition on
`aws:PrincipalArn` names the roles or users of that account that may do so.

## Conditions that count
A condition silences this rule only when it is on a key that narrows which roles of the
account: `aws:PrincipalArn`.

A condition counts only when it really narrows: `...IfExists` on a key the request may lack,
`ForAllValues` on an absent key, `ForAnyValue` with a negated operator, `Null` alone and
match-all values (`*`, `0.0.0.0/0`) do not. Nor do negated operators (`StringNotEquals
aws:PrincipalOrgID` lets in everyone outside the organisation) or `Like` values that wildcard
the account or the whole resource part (`aws:SourceAccount` `*`, `arn:aws:iam::*:role/x`).

An empty block (`"Condition": {}`) or an empty operator (`{"StringEquals": {}}`) narrows
nothing: the statement is judged as if it had no condition (`empty-element` reports the empty
block). Only a value polgen cannot see (a CloudFormation intrinsic, a Terraform expression) in
place of the block or of one of these keys' values keeps the rule quiet. A block that can never
hold makes the statement dead: `unsatisfiable-condition` reports it instead.

## Why is this bad?
Trusting the account root does not mean the root user: it delegates the decision to that
account, so *every* user and role in it whose own policies allow `sts:AssumeRole` on this role
(or on `*`) can assume it. That set grows silently as the account adds principals. Naming the
roles that need access keeps the trust explicit.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
    "Action": "sts:AssumeRole",
    "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
  }]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::111122223333:role/deploy"},
    "Action": "sts:AssumeRole"
  }]
}
```

## References
- [AWS account principals](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts)
- [aws:PrincipalArn](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn)
"#,
};

impl Rule for TrustAccountRoot {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        if ctx.kind() != PolicyKind::Trust {
            return;
        }
        for (st, principals) in common::allowed_principals(&ctx.doc.statements) {
            if !common::may_grant(st, common::ASSUME_ROLE)
                || narrowing::narrowed(st, &narrowing::PRINCIPAL_ARN, ctx.catalog)
            {
                continue;
            }
            for p in &principals {
                let PrincipalClass::Account { account, .. } = &p.class else {
                    continue;
                };
                let d = ctx
                    .diagnostic(
                        p.span,
                        format!("trusting account `{account}` lets every user and role in it that is allowed `sts:AssumeRole` assume this role"),
                    )
                    .with_label("the whole account")
                    .with_help(format!("name the roles that need access (`arn:aws:iam::{account}:role/NAME`), or add `\"ArnLike\": {{\"aws:PrincipalArn\": \"arn:aws:iam::{account}:role/NAME\"}}`"))
                    .with_location_path(format!("{}.Principal", st.path()));
                ctx.report(d);
            }
        }
    }
}
