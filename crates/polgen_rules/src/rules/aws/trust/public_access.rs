//! `public-access`: a resource or trust policy that lets anyone in.
use polgen_policy::principal::PrincipalClass;

use crate::prelude::*;
use crate::util::narrowing;

/// Flags `Principal: "*"` (or `NotPrincipal` in an `Allow`) without a condition that limits
/// the callers.
pub struct PublicAccess;

pub static META: RuleMeta = RuleMeta {
    id: "public-access",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "a resource or trust policy lets anyone in: `Principal: \"*\"` without a condition that limits the callers",
    aa_codes: &[],
    doc: r#"## What it does
In resource policies (bucket, key, queue, topic, secret, function, repository policies...) and
role trust policies, reports an `Allow` statement whose principal is everyone
(`"Principal": "*"`, `{"AWS": "*"}`, `{"CanonicalUser": "*"}`), or that uses `NotPrincipal`
(everyone except the listed principals; in trust policies `policy-grammar` reports it), unless a condition really limits who can call:
`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalAccount`, `aws:PrincipalArn`,
`aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID`, `aws:SourceVpc`, `aws:SourceVpce`,
`aws:SourceIp`, `kms:CallerAccount` and the like.

Conditions that look restrictive but are not do not count: wildcard-only values
(`StringLike aws:SourceAccount "*"`), `...IfExists` on a key the request may lack,
`ForAnyValue` with a negated operator, negated operators (`StringNotEquals aws:PrincipalOrgID`
lets in everyone outside the organisation), `Null` alone, and `0.0.0.0/0`.

The message names the resource when the policy says what it is attached to (the `Resource`
ARN, or the service of the actions for key policies).

## Conditions that count
A condition silences this rule only when it is on a key that narrows who may call:
`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalAccount`, `aws:PrincipalArn`,
`aws:PrincipalServiceName`, `aws:PrincipalServiceNamesList`, `aws:PrincipalIsAWSService`
(`Bool` `true`), `aws:userid`, `aws:username`, `aws:SourceArn`, `aws:SourceAccount`,
`aws:SourceOwner`, `aws:SourceOrgID`, `aws:SourceOrgPaths`, `aws:SourceVpc`, `aws:SourceVpce`,
`aws:VpceAccount`, `aws:VpceOrgID`, `aws:VpceOrgPaths`, `aws:SourceIp` (an `IpAddress` range), `kms:CallerAccount`, `s3:DataAccessPointAccount` and
`s3:DataAccessPointArn`. Keys about the transport, the time, the region or request tags
(`aws:SecureTransport`, `aws:CurrentTime`, `aws:RequestedRegion`) do not make a public grant
private.

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
Anyone on the internet, with or without an AWS account, can use the granted actions: read
the bucket, decrypt with the key, send to the queue, invoke the function, or (in a trust
policy) assume the role and act inside your account.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::example-bucket/*"
  }]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::example-bucket/*",
    "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
  }]
}
```

## References
- [AWS JSON policy elements: Principal](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html)
- [The meaning of "public" (Amazon S3 Block Public Access)](https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status)
- [AWS global condition context keys](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html)
"#,
};

/// What a statement is attached to, for messages: `S3 bucket \`b\``, `the KMS key`, ...
fn target(st: &Statement) -> String {
    let arn = st
        .resource
        .as_ref()
        .filter(|r| !r.negated)
        .and_then(|r| r.items.iter().find_map(|i| i.as_literal()))
        .filter(|a| a.starts_with("arn:"));
    if let Some(arn) = arn {
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        if let [_, _, service, _, _, resource] = parts[..] {
            let name = resource
                .split_once(['/', ':'])
                .map_or(resource, |(ty, rest)| {
                    if matches!(
                        ty,
                        "function"
                            | "secret"
                            | "repository"
                            | "vault"
                            | "key"
                            | "alias"
                            | "domain"
                            | "log-group"
                    ) {
                        rest
                    } else {
                        resource
                    }
                });
            let name = name.split('/').next().unwrap_or(name);
            let what = match service {
                "s3" => "S3 bucket",
                "kms" => "KMS key",
                "sqs" => "SQS queue",
                "sns" => "SNS topic",
                "secretsmanager" => "secret",
                "lambda" => "Lambda function",
                "ecr" => "ECR repository",
                "glacier" => "Glacier vault",
                "es" => "OpenSearch domain",
                "logs" => "log group",
                "execute-api" => "API",
                "events" => "event bus",
                "backup" => "backup vault",
                _ => "resource",
            };
            return format!("{what} `{name}`");
        }
    }
    // Key and queue policies often say `Resource: "*"` (the resource they are attached to).
    let service = st
        .action
        .as_ref()
        .filter(|a| !a.negated)
        .and_then(|a| a.items.iter().find_map(|i| i.as_literal()))
        .and_then(|a| a.split_once(':'))
        .map(|(s, _)| s.to_ascii_lowercase());
    match service.as_deref() {
        Some("kms") => "the KMS key".to_string(),
        Some("sqs") => "the SQS queue".to_string(),
        Some("sns") => "the SNS topic".to_string(),
        Some("secretsmanager") => "the secret".to_string(),
        Some("s3") => "the bucket".to_string(),
        Some("ecr") => "the ECR repository".to_string(),
        Some("lambda") => "the Lambda function".to_string(),
        _ => "the resource".to_string(),
    }
}

impl Rule for PublicAccess {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let kind = ctx.kind();
        if !matches!(kind, PolicyKind::Resource | PolicyKind::Trust) {
            return;
        }
        for st in ctx.doc.allow_statements() {
            let Some(p) = &st.principal else { continue };
            if narrowing::narrowed(st, &narrowing::CALLERS, ctx.catalog) {
                continue;
            }
            let what = if kind == PolicyKind::Trust {
                "assume this role".to_string()
            } else {
                format!("access {}", target(st))
            };
            let help = "name the accounts or roles that need access, or limit the callers with a condition on `aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:SourceArn`, `aws:SourceAccount` or `aws:SourceVpce`";
            if p.negated {
                // IAM rejects `NotPrincipal` in trust policies: `policy-grammar` reports it.
                if kind == PolicyKind::Trust {
                    continue;
                }
                let d = ctx
                    .diagnostic(
                        p.key_span,
                        format!(
                            "`NotPrincipal` in an `Allow` lets everyone except the listed principals {what}"
                        ),
                    )
                    .with_label("everyone else, anonymous callers included")
                    .with_help(help)
                    .with_location_path(format!("{}.NotPrincipal", st.path()));
                ctx.report(d);
                continue;
            }
            let everyone = polgen_policy::principal::classify_all(p)
                .into_iter()
                .find(|c| c.class == PrincipalClass::Everyone);
            let Some(everyone) = everyone else { continue };
            let written = match everyone.ty {
                None => "\"*\"".to_string(),
                Some(ty) => format!("{{\"{}\": \"*\"}}", ty.as_str()),
            };
            let d = ctx
                .diagnostic(
                    everyone.span,
                    format!("`Principal: {written}` lets anyone {what}"),
                )
                .with_label("everyone, anonymous callers included")
                .with_help(help)
                .with_location_path(format!("{}.Principal", st.path()));
            ctx.report(d);
        }
    }
}
