//! `user-attached-policy`: policies attached directly to IAM users.

use crate::host::HostContext;
use crate::prelude::*;

use super::common;

/// Flags inline and managed policies attached to IAM users instead of groups or roles.
pub struct UserAttachedPolicy;

pub static META: RuleMeta = RuleMeta {
    id: "user-attached-policy",
    category: Category::Security,
    severity: Severity::Info,
    summary: "a policy is attached directly to an IAM user instead of a group or role",
    aa_codes: &[],
    doc: r#"## What it does
Reports policies given to IAM users directly: `Policies` and `ManagedPolicyArns` of an
`AWS::IAM::User`, the `Users` of an `AWS::IAM::Policy` or `AWS::IAM::ManagedPolicy`,
`AWS::IAM::UserPolicy`, and Terraform's `aws_iam_user_policy`,
`aws_iam_user_policy_attachment` and the `users` of `aws_iam_policy_attachment`.

## Why is this bad?
Permissions attached user by user drift apart and are hard to review or revoke. Granting
them through groups (or, better, roles) keeps one place to read and change them.

## Example
```yaml
Resources:
  Alice:
    Type: AWS::IAM::User
    Properties:
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/ReadOnlyAccess
```

## Use instead
```yaml
Resources:
  Readers:
    Type: AWS::IAM::Group
    Properties:
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/ReadOnlyAccess
```

## References
- [IAM best practices: use groups to assign permissions](https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html)
- [CIS AWS Foundations Benchmark 1.15: IAM users receive permissions only through groups](https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-2)
"#,
};

impl Rule for UserAttachedPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _ctx: &mut RuleContext<'_>) {}

    fn check_host(&self, ctx: &mut HostContext<'_>) {
        for resource in &ctx.host.resources {
            let found: Vec<(Span, &str)> = match resource.ty.as_str() {
                "AWS::IAM::User" => ["Policies", "ManagedPolicyArns"]
                    .iter()
                    .filter_map(|p| common::non_empty_property(resource, p).map(|(s, _)| (s, *p)))
                    .collect(),
                "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => {
                    common::non_empty_property(resource, "Users")
                        .map(|(s, _)| (s, "Users"))
                        .into_iter()
                        .collect()
                }
                "aws_iam_policy_attachment" => common::non_empty_property(resource, "users")
                    .map(|(s, _)| (s, "users"))
                    .into_iter()
                    .collect(),
                "AWS::IAM::UserPolicy"
                | "aws_iam_user_policy"
                | "aws_iam_user_policy_attachment" => {
                    vec![(resource.span, "")]
                }
                _ => continue,
            };
            for (span, what) in found {
                let message = if what.is_empty() {
                    format!(
                        "`{}` attaches a policy directly to an IAM user",
                        resource.address
                    )
                } else {
                    format!(
                        "`{}` attaches policies directly to IAM users through `{what}`",
                        resource.address
                    )
                };
                let d = ctx
                    .diagnostic(resource, span, message)
                    .with_label("attached to a user")
                    .with_help("attach the policy to a group the user belongs to, or have the user assume a role");
                ctx.report(d);
            }
        }
    }
}
