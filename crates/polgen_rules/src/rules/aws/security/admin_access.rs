//! `admin-access`: an unconditioned `Allow` of `Action: "*"` on `Resource: "*"`.
use crate::prelude::*;

use super::common;

/// Flags statements that grant every action on every resource.
pub struct AdminAccess;

pub static META: RuleMeta = RuleMeta {
    id: "admin-access",
    category: Category::Security,
    severity: Severity::Error,
    summary: "a statement allows every action on every resource (full administrator access)",
    aa_codes: &[],
    doc: r#"## What it does
Reports an `Allow` statement with `"Action": "*"` and `"Resource": "*"` and no condition that
really narrows it (see the `conditions` notes: a `StringLike` on `*`, an `...IfExists` on a key
that may be absent or a `ForAllValues:` on a missing key do not count).

`NotAction` grants are reported by `not-action-allow`; a `"*"` action limited to some resources
or by a narrowing condition is reported by `wildcard-action` instead, never both.

## Conditions that count
A condition silences this rule only when it is on a key that narrows the scope of administrator
access: who the caller is (the keys `public-access` lists, `aws:PrincipalTag/*`), which
resources (`aws:ResourceTag/*`, `aws:ResourceAccount`, `aws:ResourceOrgID`,
`aws:ResourceOrgPaths` and service keys) and MFA (administrator access for people who sign in
with MFA is AWS's own pattern). Transport, time, region and request-tag keys keep it
administrator access.

A condition counts only when it really narrows: `...IfExists` on a key the request may lack,
`ForAllValues` on an absent key, `ForAnyValue` with a negated operator, `Null` alone and
match-all values (`*`, `0.0.0.0/0`) do not.

An empty block (`"Condition": {}`) or an empty operator (`{"StringEquals": {}}`) narrows
nothing: the statement is judged as if it had no condition (`empty-element` reports the empty
block). Only a value polgen cannot see (a CloudFormation intrinsic, a Terraform expression) in
place of the block or of one of these keys' values keeps the rule quiet. A block that can never
hold makes the statement dead: `unsatisfiable-condition` reports it instead.

## Why is this bad?
Whoever holds the policy is an administrator of the account: they can read every secret,
delete every resource, and grant themselves or anyone else anything, including the ability to
remove the audit trail. Administrator access should be rare, named and protected (MFA,
short sessions, break-glass roles), not a side effect of a convenient policy.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
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
- [AWS managed policy AdministratorAccess](https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html)
"#,
};

impl Rule for AdminAccess {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for st in ctx.doc.allow_statements() {
            if !common::is_admin_statement(st, ctx.catalog) {
                continue;
            }
            let (Some(action), Some(resource)) =
                (common::admin_action(st), common::star_resource(st))
            else {
                continue;
            };
            let d = ctx
                .diagnostic(action.span, format!("{} allows every action on every resource (`Action: \"{}\"`)", st.label(), action.value))
                .with_label("every action of every service")
                .with_related(resource.span, "on every resource")
                .with_help("list the actions and resources this principal needs; keep administrator access for a few break-glass roles protected by MFA")
                .with_location_path(st.path());
            ctx.report(d);
        }
    }
}
