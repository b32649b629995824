//! `confused-deputy`: a service principal is granted access without `aws:SourceArn`,
//! `aws:SourceAccount` or `aws:SourceOrgID`.
use polgen_policy::principal::PrincipalClass;

use crate::prelude::*;
use crate::util::narrowing;

use super::common;

/// Flags resource policies (and the trust policies of services that send the source keys)
/// granting a service principal without tying it to the resource or account it acts for.
pub struct ConfusedDeputy;

/// Services whose *role trust policies* receive `aws:SourceArn` / `aws:SourceAccount` when the
/// service assumes the role, from each service's "Cross-service confused deputy prevention"
/// page (AWS documentation, read November 2026): AWS Config, Amazon Personalize, AWS IoT,
/// VPC Flow Logs, EventBridge Scheduler, AWS DataSync, AWS Transfer Family, AWS AppSync,
/// CloudFormation registry extensions and hooks, SageMaker, Amazon Comprehend.
///
/// Compute services (EC2, Lambda, ECS tasks, EKS, Batch, Glue, CodeBuild...) do not send them
/// when they assume a role, so their trust policies are not checked: AWS documents no way to
/// narrow those, and a condition would make the role unusable.
const TRUST_SOURCE_SERVICES: &[&str] = &[
    "config",
    "personalize",
    "iot",
    "vpc-flow-logs",
    "scheduler",
    "datasync",
    "transfer",
    "appsync",
    "resources.cloudformation",
    "hooks.cloudformation",
    "sagemaker",
    "comprehend",
];

pub static META: RuleMeta = RuleMeta {
    id: "confused-deputy",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "a service principal is granted access without `aws:SourceArn`, `aws:SourceAccount` or `aws:SourceOrgID`",
    aa_codes: &["RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL"],
    doc: r#"## What it does
In resource policies (bucket, topic, queue, key, function, log group policies...), reports each
`{"Service": "..."}` principal of an `Allow` statement that has no condition narrowing it with
`aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID`, `aws:SourceOrgPaths` (or the legacy
`aws:SourceOwner`; in key policies, a `kms:EncryptionContext:...` key naming the resource):
Access Analyzer's `RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL` check.

In role trust policies only the services that send these keys when they assume a role are
checked (AWS Config, Personalize, IoT, VPC Flow Logs, EventBridge Scheduler, DataSync,
Transfer Family, AppSync, CloudFormation extensions and hooks, SageMaker, Comprehend). Compute
services such as EC2, Lambda or ECS tasks do not send them, so their trust policies are never
reported.

Wildcard-only values (`ArnLike aws:SourceArn "arn:aws:sns:*:*:*"`), `...IfExists` and negated
operators do not count.

## Conditions that count
A condition silences this rule only when it is on a key that narrows what the service acts for:
`aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID`, `aws:SourceOrgPaths`,
`aws:SourceOwner`, and, in KMS key policies, `kms:EncryptionContext:*` (CloudWatch Logs'
documented defence).

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
A service principal acts for every AWS customer. Without a source condition, another
customer can point the same service at your resource (deliver their logs into your bucket,
publish their events to your queue, invoke your function from their rule): the cross-service
confused-deputy problem.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Service": "sns.amazonaws.com"},
    "Action": "sqs:SendMessage",
    "Resource": "arn:aws:sqs:us-east-1:111122223333:orders"
  }]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Service": "sns.amazonaws.com"},
    "Action": "sqs:SendMessage",
    "Resource": "arn:aws:sqs:us-east-1:111122223333:orders",
    "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:order-events"}}
  }]
}
```

## References
- [Cross-service confused deputy prevention](https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html#cross-service-confused-deputy-prevention)
- [aws:SourceArn, aws:SourceAccount, aws:SourceOrgID](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcearn)
- [Access Analyzer policy checks: Restrict access to service principal](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
"#,
};

/// KMS key policies tie a service to the resource it encrypts for with the encryption context
/// (CloudWatch Logs: `kms:EncryptionContext:aws:logs:arn`; AWS documents it instead of
/// `aws:SourceArn` for those grants).
fn encryption_context_narrows(st: &Statement, ctx: &RuleContext<'_>) -> bool {
    st.conditions.iter().any(|c| {
        c.key
            .as_literal()
            .is_some_and(|k| k.to_ascii_lowercase().starts_with("kms:encryptioncontext:"))
            && narrowing::narrows_callers(c, st, ctx.catalog)
    })
}

impl Rule for ConfusedDeputy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let kind = ctx.kind();
        if !matches!(kind, PolicyKind::Resource | PolicyKind::Trust) {
            return;
        }
        for (st, principals) in common::allowed_principals(&ctx.doc.statements) {
            if narrowing::narrowed(st, &narrowing::SERVICE_SOURCE, ctx.catalog)
                || encryption_context_narrows(st, ctx)
            {
                continue;
            }
            if kind == PolicyKind::Trust && !common::may_grant(st, common::ASSUME_ROLE) {
                continue;
            }
            for p in &principals {
                let PrincipalClass::Service { principal, service } = &p.class else {
                    continue;
                };
                if kind == PolicyKind::Trust && !TRUST_SOURCE_SERVICES.contains(&service.as_str()) {
                    continue;
                }
                let what = if kind == PolicyKind::Trust {
                    "can assume this role"
                } else {
                    "is granted access"
                };
                let d = ctx
                    .diagnostic(
                        p.span,
                        format!("service principal `{principal}` {what} without `aws:SourceArn` or `aws:SourceAccount`"),
                    )
                    .with_label("acts for every AWS customer")
                    .with_help("tie the service to your resource or account: `\"Condition\": {\"ArnLike\": {\"aws:SourceArn\": \"<ARN of the resource the service acts for>\"}}` or `\"StringEquals\": {\"aws:SourceAccount\": \"<your account id>\"}`")
                    .with_location_path(format!("{}.Principal", st.path()));
                ctx.report(d);
            }
        }
    }
}
