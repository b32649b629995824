//! `wildcard-resource`: `Allow` of resource-scoped actions on `Resource: "*"`.
use polgen_catalog::{AccessLevel, ActionRef};

use crate::prelude::*;
use crate::util::narrowing;

use super::common;

/// Flags `"Resource": "*"` for actions that could be scoped to resources.
pub struct WildcardResource;

/// `Read` actions that return data or secrets: reported on `*` even though they only read.
const SENSITIVE_READS: &[&str] = &[
    "s3:GetObject",
    "s3:GetObjectVersion",
    "secretsmanager:GetSecretValue",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
    "kms:Decrypt",
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
];

pub static META: RuleMeta = RuleMeta {
    id: "wildcard-resource",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "an `Allow` statement grants actions that support resource-level permissions on `\"Resource\": \"*\"`",
    aa_codes: &[],
    doc: r#"## What it does
Reports the `"*"` of an `Allow` statement's `Resource` when the statement grants actions that
could be limited to specific resources (the catalog lists a resource type for them) and that
change something (access levels Write, Permissions management, Tagging), or read data or
secrets (`s3:GetObject`, `secretsmanager:GetSecretValue`, `ssm:GetParameter*`, `kms:Decrypt`,
DynamoDB item reads). In the strict ruleset every `Read` action is reported too.

Not reported:
- actions that only accept `"*"` (`s3:ListAllMyBuckets`, `ec2:Describe*`,
  `sts:GetCallerIdentity`): there is nothing narrower to write;
- `List` actions, and in the recommended ruleset other `Read` actions (metadata);
- statements whose conditions narrow the resources: a condition on `aws:ResourceTag/...`,
  `aws:ResourceAccount`, `aws:ResourceOrgID`, `aws:ResourceOrgPaths`, or on a service key
  (`s3:prefix`, `ec2:ResourceTag/...`), provided the condition really narrows (not `*`, not an
  `...IfExists` on a key that may be absent);
- `"*"` actions on `"*"` without condition, which `admin-access` reports;
- resource policies (a KMS key policy, a queue or bucket policy): attached to one resource,
  their `"*"` means that resource.

## Conditions that count
A condition silences this rule only when it is on a key that narrows which resources:
`aws:ResourceTag/*`, `aws:ResourceAccount`, `aws:ResourceOrgID`, `aws:ResourceOrgPaths` and
service keys (`s3:prefix`, `ec2:ResourceTag/*`), which AWS evaluates per action and resource.

A condition counts only when it really narrows: `...IfExists` on a key the request may lack,
`ForAllValues` on an absent key, `ForAnyValue` with a negated operator, `Null` alone and
match-all values (`*`, `0.0.0.0/0`) do not.

An empty block (`"Condition": {}`) or an empty operator (`{"StringEquals": {}}`) narrows
nothing: the statement is judged as if it had no condition (`empty-element` reports the empty
block). Only a value polgen cannot see (a CloudFormation intrinsic, a Terraform expression) in
place of the block or of one of these keys' values keeps the rule quiet. A block that can never
hold makes the statement dead: `unsatisfiable-condition` reports it instead.

## Why is this bad?
`"Resource": "*"` extends the grant to every resource of the type in the account, including
resources created later and those of other teams: `s3:PutObject` on every bucket, including
the CloudTrail bucket; `kms:Decrypt` with every key.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": "*"}]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::my-bucket/*"},
    {"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "ec2:DescribeInstances"], "Resource": "*"}
  ]
}
```

## References
- [Actions, resources, and condition keys for AWS services](https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html)
- [Parliament: RESOURCE_STAR](https://github.com/duo-labs/parliament)
- [Cloudsplaining: Data exfiltration and resource exposure](https://cloudsplaining.readthedocs.io/en/latest/glossary/)
"#,
};

/// Whether `action` granted on `*` is worth a finding.
pub(crate) fn offends(action: &ActionRef<'_>, strict: bool) -> bool {
    if !action.action.supports_resource_level_permissions() {
        return false;
    }
    match action.action.access_level {
        AccessLevel::List => false,
        AccessLevel::Read => strict || SENSITIVE_READS.iter().any(|s| action.is_named(s)),
        AccessLevel::Write | AccessLevel::PermissionsManagement | AccessLevel::Tagging => true,
    }
}

impl Rule for WildcardResource {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        // A resource policy applies only to the resource it is attached to: `"*"` there
        // means "this key / queue / topic" (the norm in KMS key policies), not every resource.
        if matches!(ctx.kind(), PolicyKind::Resource | PolicyKind::Trust) {
            return;
        }
        let strict = ctx.settings.strict;
        let mut picker = common::Picker::new(ctx.catalog, |a| offends(a, strict));
        for st in ctx.doc.allow_statements() {
            let Some(star) = common::star_resource(st) else {
                continue;
            };
            let Some(list) = common::actions(st) else {
                continue;
            };
            if common::is_admin_statement(st, ctx.catalog)
                || narrowing::narrowed(st, &narrowing::RESOURCES, ctx.catalog)
            {
                continue;
            }
            let common::Picked {
                actions: offenders,
                sources,
            } = picker.pick(list);
            if offenders.is_empty() {
                continue;
            }
            let mut d = ctx
                .diagnostic(star.span, format!("{} {} allowed on every resource (`Resource: \"*\"`)", common::name_list(&offenders, 3), if offenders.len() == 1 { "is" } else { "are" }))
                .with_label("every resource of the account, including future ones")
                .with_help("list the ARNs these actions need in `Resource`, or narrow the statement with a condition on `aws:ResourceTag/...` or `aws:ResourceAccount`; keep `\"*\"` in a separate statement for actions that only accept it")
                .with_location_path(st.path());
            for span in sources {
                d = d.with_related(span, "grants actions that can be scoped to resources");
            }
            ctx.report(d);
        }
    }
}
