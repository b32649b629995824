use polgen_policy::value::{Node, Value};

use crate::attachment::{Owner, PrincipalKind, inline_owners};
use crate::engine::Attachment;
use crate::host::HostContext;
use crate::prelude::*;

/// Flags a policy larger than the size quota of the kind of policy it is.
pub struct PolicySize;

pub static META: RuleMeta = RuleMeta {
    id: "policy-size",
    category: Category::Correctness,
    severity: Severity::Error,
    summary: "the policy is larger than AWS accepts for its kind",
    aa_codes: &[
        "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
        "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA",
    ],
    doc: r#"## What it does
Measures the policy as IAM does, without whitespace outside strings, and reports it when it
is larger than the quota of its kind:

| kind | quota (characters) |
|---|---|
| identity policy | 6,144 for a managed policy (inline: 2,048 per user, 5,120 per group, 10,240 per role, all inline policies together) |
| role trust policy | 2,048 by default (can be raised to 4,096) |
| SCP, RCP | 5,120 |
| S3 bucket policy | 20,480 |
| KMS key policy | 32,768 |
| Secrets Manager and Lambda resource policies | 20,480 |

A standalone identity policy is measured against the managed-policy quota, the most common
attachment. In CloudFormation and Terraform, inline policies are measured as IAM counts them:
all inline policies of one role, user or group together (`Policies` of `AWS::IAM::Role`,
`User` and `Group`; `AWS::IAM::Policy` counts for every role, user and group it lists;
`AWS::IAM::RolePolicy`/`UserPolicy`/`GroupPolicy`; Terraform `inline_policy` blocks and
`aws_iam_role_policy`/`_user_policy`/`_group_policy`), and the finding is on the principal,
listing each inline policy and its size. Of the `Fn::If` variants of one policy the largest
counts. A policy document data source referenced by an inline policy resource is measured on
its own. Resource policies of other services are not measured. An AWS managed policy
(recognised by its content, whatever its layout: polgen embeds the fingerprints of the 1,644
AWS managed policies) is not measured: AWS wrote it, and the quotas for customer policies do not
bind it.

## Why is this bad?
AWS rejects the policy when it is created or updated (`LimitExceeded: Cannot exceed quota
for PolicySize`), so the deployment fails, often long after the policy was written.

## Example
A role trust policy that lists one role in each of 64 accounts (2,600 characters):

```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "sts:AssumeRole",
    "Principal": {"AWS": [
      "arn:aws:iam::100000000000:role/deploy", "arn:aws:iam::100000001111:role/deploy",
      "arn:aws:iam::100000002222:role/deploy", "arn:aws:iam::100000003333:role/deploy",
      "arn:aws:iam::100000004444:role/deploy", "arn:aws:iam::100000005555:role/deploy",
      "arn:aws:iam::100000006666:role/deploy", "arn:aws:iam::100000007777:role/deploy",
      "arn:aws:iam::100000008888:role/deploy", "arn:aws:iam::100000009999:role/deploy",
      "arn:aws:iam::100000011110:role/deploy", "arn:aws:iam::100000012221:role/deploy",
      "arn:aws:iam::100000013332:role/deploy", "arn:aws:iam::100000014443:role/deploy",
      "arn:aws:iam::100000015554:role/deploy", "arn:aws:iam::100000016665:role/deploy",
      "arn:aws:iam::100000017776:role/deploy", "arn:aws:iam::100000018887:role/deploy",
      "arn:aws:iam::100000019998:role/deploy", "arn:aws:iam::100000021109:role/deploy",
      "arn:aws:iam::100000022220:role/deploy", "arn:aws:iam::100000023331:role/deploy",
      "arn:aws:iam::100000024442:role/deploy", "arn:aws:iam::100000025553:role/deploy",
      "arn:aws:iam::100000026664:role/deploy", "arn:aws:iam::100000027775:role/deploy",
      "arn:aws:iam::100000028886:role/deploy", "arn:aws:iam::100000029997:role/deploy",
      "arn:aws:iam::100000031108:role/deploy", "arn:aws:iam::100000032219:role/deploy",
      "arn:aws:iam::100000033330:role/deploy", "arn:aws:iam::100000034441:role/deploy",
      "arn:aws:iam::100000035552:role/deploy", "arn:aws:iam::100000036663:role/deploy",
      "arn:aws:iam::100000037774:role/deploy", "arn:aws:iam::100000038885:role/deploy",
      "arn:aws:iam::100000039996:role/deploy", "arn:aws:iam::100000041107:role/deploy",
      "arn:aws:iam::100000042218:role/deploy", "arn:aws:iam::100000043329:role/deploy",
      "arn:aws:iam::100000044440:role/deploy", "arn:aws:iam::100000045551:role/deploy",
      "arn:aws:iam::100000046662:role/deploy", "arn:aws:iam::100000047773:role/deploy",
      "arn:aws:iam::100000048884:role/deploy", "arn:aws:iam::100000049995:role/deploy",
      "arn:aws:iam::100000051106:role/deploy", "arn:aws:iam::100000052217:role/deploy",
      "arn:aws:iam::100000053328:role/deploy", "arn:aws:iam::100000054439:role/deploy",
      "arn:aws:iam::100000055550:role/deploy", "arn:aws:iam::100000056661:role/deploy",
      "arn:aws:iam::100000057772:role/deploy", "arn:aws:iam::100000058883:role/deploy",
      "arn:aws:iam::100000059994:role/deploy", "arn:aws:iam::100000061105:role/deploy",
      "arn:aws:iam::100000062216:role/deploy", "arn:aws:iam::100000063327:role/deploy",
      "arn:aws:iam::100000064438:role/deploy", "arn:aws:iam::100000065549:role/deploy",
      "arn:aws:iam::100000066660:role/deploy", "arn:aws:iam::100000067771:role/deploy",
      "arn:aws:iam::100000068882:role/deploy", "arn:aws:iam::100000069993:role/deploy"
    ]}
  }]
}
```

## Use instead
Trust the accounts' organization instead of listing them:

```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "sts:AssumeRole",
    "Principal": {"AWS": "*"},
    "Condition": {
      "StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"},
      "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/deploy"}
    }
  }]
}
```

## References
- [Access Analyzer policy check reference: Policy size exceeds identity policy quota, Policy size exceeds resource policy quota](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
- [IAM and AWS STS quotas](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html)
- [Service control policy size](https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html)
"#,
};

impl Rule for PolicySize {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        // Inline policies are measured together, per principal, by `check_host`.
        if ctx.attachment == Attachment::Inline && ctx.doc.kind == PolicyKind::Identity {
            return;
        }
        let Some(quota) = quota(ctx.doc) else { return };
        let size = minified_len(&ctx.doc.root);
        if size <= quota.limit {
            return;
        }
        // AWS wrote it: customer-policy quotas do not bind AWS managed policies.
        if polgen_policy::fingerprint::fingerprint(&ctx.doc.root).is_some_and(|f| {
            polgen_catalog::AwsManaged::get()
                .by_fingerprint(f)
                .is_some()
        }) {
            return;
        }
        let mut d = ctx
            .diagnostic(
                head(ctx.doc),
                format!(
                    "policy is {} characters, over the {} quota of {}",
                    group(size),
                    quota.what,
                    group(quota.limit)
                ),
            )
            .with_label(format!(
                "{} characters too many (whitespace outside strings not counted)",
                size - quota.limit
            ))
            .with_help(quota.help);
        if let Some(note) = quota.note {
            d = d.with_note(note);
        }
        ctx.report(d);
    }

    fn check_host(&self, ctx: &mut HostContext<'_>) {
        // Every inline policy of each principal, with its size.
        let mut owners: Vec<(Owner, Vec<Measured<'_>>)> = Vec::new();
        for policy in &ctx.host.policies {
            let size = minified_len(&policy.root);
            for owner in inline_owners(ctx.host, policy) {
                let entry = (
                    policy.resource.as_str(),
                    policy.path.as_str(),
                    size,
                    policy.root.span,
                );
                match owners.iter_mut().find(|(o, _)| *o == owner) {
                    Some((_, list)) => list.push(entry),
                    None => owners.push((owner, vec![entry])),
                }
            }
        }
        for (owner, policies) in owners {
            // `Fn::If` variants of one policy are alternatives: count the largest.
            let mut largest: Vec<Measured<'_>> = Vec::new();
            for p in policies {
                match largest.iter_mut().find(|q| q.0 == p.0 && q.1 == p.1) {
                    Some(q) if q.2 < p.2 => *q = p,
                    Some(_) => {}
                    None => largest.push(p),
                }
            }
            let total: usize = largest.iter().map(|p| p.2).sum();
            let limit = match owner.kind {
                PrincipalKind::Role => 10_240,
                PrincipalKind::User => 2_048,
                PrincipalKind::Group => 5_120,
            };
            if total <= limit {
                continue;
            }
            let kind = owner.kind.as_str();
            let declared = ctx.host.resource(&owner.name);
            let (span, resource) = match declared {
                Some(r) => (r.span, r),
                None => {
                    let first = largest[0];
                    match ctx.host.resource(first.0) {
                        Some(r) => (first.3, r),
                        None => continue,
                    }
                }
            };
            let listed = largest
                .iter()
                .map(|(res, path, size, _)| format!("`{res}` {path}: {}", group(*size)))
                .collect::<Vec<_>>()
                .join(", ");
            let d = ctx
                .diagnostic(
                    resource,
                    span,
                    format!(
                        "the inline policies of {kind} `{}` are {} characters together, over the quota of {} for a {kind}'s inline policies",
                        owner.name,
                        group(total),
                        group(limit)
                    ),
                )
                .with_label(format!("{} characters too many", total - limit))
                .with_note(format!("its inline policies: {listed}"))
                .with_help(format!("move some of the statements into a managed policy (`AWS::IAM::ManagedPolicy`, `aws_iam_policy`, 6,144 characters each, up to 10 per {kind} by default) and attach it"));
            ctx.report(d);
        }
    }
}

/// An inline policy measured: its resource, path, size and span.
type Measured<'a> = (&'a str, &'a str, usize, Span);

struct Quota {
    limit: usize,
    what: &'static str,
    help: &'static str,
    note: Option<&'static str>,
}

const SPLIT_HELP: &str = "shorten it: merge statements that differ only in actions or resources, use wildcards such as `s3:Get*` where they stay narrow, or split it into several policies";

fn quota(doc: &PolicyDocument) -> Option<Quota> {
    Some(match doc.kind {
        PolicyKind::Identity => Quota {
            limit: 6_144,
            what: "managed policy",
            help: SPLIT_HELP,
            note: Some(
                "inline policies have other quotas, for all inline policies of the identity together: 2,048 characters for a user, 5,120 for a group, 10,240 for a role",
            ),
        },
        PolicyKind::Trust => Quota {
            limit: 2_048,
            what: "role trust policy",
            help: "shorten it, e.g. trust an organization with `aws:PrincipalOrgID` instead of listing accounts",
            note: Some(
                "the trust policy quota can be raised to 4,096 characters through Service Quotas",
            ),
        },
        PolicyKind::ServiceControl => Quota {
            limit: 5_120,
            what: "service control policy",
            help: SPLIT_HELP,
            note: None,
        },
        PolicyKind::ResourceControl => Quota {
            limit: 5_120,
            what: "resource control policy",
            help: SPLIT_HELP,
            note: None,
        },
        PolicyKind::Resource => match resource_service(doc)? {
            "s3" => Quota {
                limit: 20_480,
                what: "S3 bucket policy",
                help: SPLIT_HELP,
                note: None,
            },
            "kms" => Quota {
                limit: 32_768,
                what: "KMS key policy",
                help: SPLIT_HELP,
                note: None,
            },
            "secretsmanager" => Quota {
                limit: 20_480,
                what: "Secrets Manager resource policy",
                help: SPLIT_HELP,
                note: None,
            },
            "lambda" => Quota {
                limit: 20_480,
                what: "Lambda resource policy",
                help: SPLIT_HELP,
                note: None,
            },
            _ => return None,
        },
    })
}

/// The service every resource ARN (or, without ARNs, every action) of a resource policy
/// belongs to, when they agree.
fn resource_service(doc: &PolicyDocument) -> Option<&str> {
    let mut arn_services = doc
        .statements
        .iter()
        .filter_map(|s| s.resource.as_ref())
        .flat_map(|r| r.items.iter())
        .filter_map(|r| r.as_literal())
        .filter(|r| *r != "*")
        .map(|r| r.split(':').nth(2).unwrap_or(""));
    if let Some(first) = arn_services.next() {
        return arn_services
            .all(|s| s == first)
            .then_some(first)
            .filter(|s| !s.is_empty());
    }
    let mut action_services = doc
        .statements
        .iter()
        .filter_map(|s| s.action.as_ref())
        .flat_map(|a| a.items.iter())
        .filter_map(|a| a.as_literal()?.split_once(':').map(|(svc, _)| svc));
    let first = action_services.next()?;
    action_services
        .all(|s| s.eq_ignore_ascii_case(first))
        .then_some(first)
}

/// The policy's length written as compact JSON, as IAM counts it. Values computed at deploy
/// time count their known text only, so the result is a lower bound.
fn minified_len(node: &Node) -> usize {
    match &node.value {
        Value::Null => 4,
        Value::Bool(b) => {
            if *b {
                4
            } else {
                5
            }
        }
        Value::Number(n) => n.chars().count(),
        Value::String(s) => string_len(s),
        Value::Array(items) => {
            2 + items.len().saturating_sub(1) + items.iter().map(minified_len).sum::<usize>()
        }
        Value::Object(members) => {
            2 + members.len().saturating_sub(1)
                + members
                    .iter()
                    .map(|m| string_len(&m.key) + 1 + minified_len(&m.value))
                    .sum::<usize>()
        }
        Value::Unknown(u) => u
            .pattern
            .as_deref()
            .map_or(0, |p| p.chars().filter(|c| *c != '*').count() + 2),
    }
}

/// A JSON string's length with its quotes and escapes.
fn string_len(s: &str) -> usize {
    2 + s
        .chars()
        .map(|c| match c {
            '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
            c if u32::from(c) < 0x20 => 6,
            _ => 1,
        })
        .sum::<usize>()
}

/// The start of the policy: where the finding points.
fn head(doc: &PolicyDocument) -> Span {
    let start = doc.root.span.start;
    Span::new(start, start.saturating_add(1).min(doc.root.span.end))
}

fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        assert_eq!(group(6144), "6,144");
        assert_eq!(group(20480), "20,480");
        assert_eq!(group(512), "512");
        assert_eq!(string_len("a\"b"), 6);
    }
}
