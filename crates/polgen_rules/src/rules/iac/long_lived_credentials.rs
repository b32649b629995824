//! `long-lived-credentials`: IAM access keys and console passwords created as code.

use crate::host::HostContext;
use crate::prelude::*;

/// Flags `AWS::IAM::AccessKey`, `aws_iam_access_key`, `aws_iam_user_login_profile` and
/// the `LoginProfile` of an `AWS::IAM::User`.
pub struct LongLivedCredentials;

pub static META: RuleMeta = RuleMeta {
    id: "long-lived-credentials",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "a template creates an IAM access key or a console password for an IAM user",
    aa_codes: &[],
    doc: r#"## What it does
Reports IAM user credentials created by infrastructure as code: `AWS::IAM::AccessKey` and
`aws_iam_access_key` (access keys), `aws_iam_user_login_profile` and the `LoginProfile` of an
`AWS::IAM::User` (console passwords).

## Why is this bad?
Access keys never expire on their own. Created by a template, the secret ends up in stack
outputs, Terraform state or CI logs, where anyone who can read them holds the user's
permissions until someone rotates the key. AWS's first advice is to use roles with temporary
credentials instead of keys.

## Example
```yaml
Resources:
  DeployKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref DeployUser
```

## Use instead
```yaml
Resources:
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: codebuild.amazonaws.com}
            Action: sts:AssumeRole
```

## References
- [Security best practices in IAM: require workloads to use temporary credentials](https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles)
- [Checkov CKV_AWS_273 / cfn_nag F1000-series: IAM user access keys](https://www.checkov.io/5.Policy%20Index/cloudformation.html)
"#,
};

impl Rule for LongLivedCredentials {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _ctx: &mut RuleContext<'_>) {}

    fn check_host(&self, ctx: &mut HostContext<'_>) {
        for resource in &ctx.host.resources {
            let (span, what) = match resource.ty.as_str() {
                "AWS::IAM::AccessKey" | "aws_iam_access_key" => {
                    (resource.span, "an IAM access key")
                }
                "aws_iam_user_login_profile" => (resource.span, "a console password"),
                "AWS::IAM::User" => match resource.property_key_span("LoginProfile") {
                    Some(span) => (span, "a console password"),
                    None => continue,
                },
                _ => continue,
            };
            let d = ctx
                .diagnostic(resource, span, format!("`{}` creates {what} for an IAM user", resource.address))
                .with_label("long-lived credential")
                .with_help("use a role with temporary credentials (instance profile, OIDC federation, IAM Identity Center) instead of user credentials")
                .with_note(format!("resource `{}` ({})", resource.address, resource.ty));
            ctx.report(d);
        }
    }
}
