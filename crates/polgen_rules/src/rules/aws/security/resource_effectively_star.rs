//! `resource-effectively-star`: an ARN pattern that names every resource of its type in every
//! account and region, which is `"*"` in all but spelling.
use polgen_catalog::ActionRef;

use crate::prelude::*;
use crate::util::narrowing;

use super::common;
use super::wildcard_resource::offends;

/// Flags ARN patterns such as `arn:*:cloudtrail:*:*:trail/*` granted for resource-scoped actions.
pub struct ResourceEffectivelyStar;

pub static META: RuleMeta = RuleMeta {
    id: "resource-effectively-star",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "an `Allow` grants resource-scoped actions on an ARN pattern that matches every resource of its type in every account",
    aa_codes: &[],
    doc: r#"## What it does
Reports an ARN pattern in the `Resource` of an `Allow` statement that leaves every field that
could narrow it to a wildcard: any account, any region, any name (`arn:*:cloudtrail:*:*:trail/*`,
`arn:aws:s3:::*`, `arn:aws:logs:*:*:*`), when the statement grants actions that could be
scoped to resources and that change something or read data, the same actions
`wildcard-resource` reports on `"*"`. One finding per statement, on the first such ARN; the
others are listed with it. An ARN that fixes the account, the region or part of the name
(`arn:aws:s3:::app-*`, `arn:aws:dynamodb:*:111122223333:table/*`) is not reported, nor are
statements whose conditions narrow the resources, nor resource policies. IAM's own actions
act only on the caller's account, so for them `arn:aws:iam::*:mfa/*` names that account (as in
AWS's documented self-service MFA policy); `sts:AssumeRole` on `arn:aws:iam::*:role/*` reaches
every account and is reported.

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
It reads like a scoped grant but is not one: `arn:aws:s3:::*/*` is every object of every
bucket, including the CloudTrail and backup buckets, and the grant extends to resources
created later. Reviewers skim past it because it is not `"*"`.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "cloudtrail:PutEventSelectors",
      "Resource": "arn:*:cloudtrail:*:*:trail/*"
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
      "Action": "cloudtrail:PutEventSelectors",
      "Resource": "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail"
    }
  ]
}
```

## References
- [Parliament: RESOURCE_EFFECTIVELY_STAR](https://github.com/duo-labs/parliament)
- [IAM JSON policy elements: Resource](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html)
"#,
};

/// The text an ARN format takes when every field is "anything": placeholders become `*`,
/// except the partition, which takes the pattern's own when it names one (`arn:aws:...`).
fn universal_arn(format: &str, partition: &str) -> String {
    let mut out = String::with_capacity(format.len());
    for (literal, name) in polgen_catalog::wildcard::placeholders(format) {
        out.push_str(literal);
        match name {
            Some("Partition") if !partition.contains(['*', '?']) && !partition.is_empty() => {
                out.push_str(partition);
            }
            Some(_) => out.push('*'),
            None => {}
        }
    }
    out
}

/// Whether the region and account fields of an ARN pattern are wildcards or empty: a cheap
/// test that rules out most ARNs before any action is expanded.
fn open_region_and_account(pattern: &str) -> bool {
    let mut fields = pattern.splitn(6, ':').skip(3);
    let open = |f: Option<&str>| f.is_some_and(|f| f.bytes().all(|b| b == b'*'));
    open(fields.next()) && open(fields.next())
}

impl Rule for ResourceEffectivelyStar {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        if matches!(ctx.kind(), PolicyKind::Resource | PolicyKind::Trust) {
            return;
        }
        let strict = ctx.settings.strict;
        let mut picker = common::Picker::new(ctx.catalog, |a| offends(a, strict));
        for st in ctx.doc.allow_statements() {
            let (Some(actions), Some(resources)) = (common::actions(st), st.resource.as_ref())
            else {
                continue;
            };
            if resources.negated || narrowing::narrowed(st, &narrowing::RESOURCES, ctx.catalog) {
                continue;
            }
            // One finding per statement, on its first such ARN: the others are related.
            let open: Vec<(&polgen_policy::Str, &str)> = resources
                .items
                .iter()
                .filter_map(|item| item.as_literal().map(|p| (item, p)))
                // `"*"` itself is `wildcard-resource`'s; only ARNs are judged here.
                .filter(|(_, p)| p.starts_with("arn:") && open_region_and_account(p))
                .collect();
            if open.is_empty() {
                continue;
            }
            // The statement's actions worth a finding (once per statement, not once per ARN),
            // the distinct ARN formats they take (a few, shared by many actions), and for each
            // action the indices of its formats: each ARN is tested once per format.
            let mut formats: Vec<&'static str> = Vec::new();
            let candidates: Vec<(ActionRef<'static>, Vec<usize>)> = picker
                .pick(actions)
                .actions
                .into_iter()
                .map(|action| {
                    let indices = action
                        .action
                        .resource_types
                        .iter()
                        .filter_map(|art| action.service.resource_type(&art.name))
                        .map(|rt| {
                            let format = rt.arn_format.as_str();
                            formats
                                .iter()
                                .position(|f| std::ptr::eq(*f, format))
                                .unwrap_or_else(|| {
                                    formats.push(format);
                                    formats.len() - 1
                                })
                        })
                        .collect();
                    (action, indices)
                })
                .collect();
            let mut broad: Vec<(&polgen_policy::Str, Vec<ActionRef<'static>>)> = Vec::new();
            for (item, pattern) in open {
                let partition = pattern.split(':').nth(1).unwrap_or("*");
                let covered: Vec<bool> = formats
                    .iter()
                    .map(|format| {
                        polgen_catalog::wildcard::matches(
                            pattern,
                            &universal_arn(format, partition),
                        )
                    })
                    .collect();
                // IAM's own actions reach only the caller's account: for them
                // `arn:aws:iam::*:...` names that account (`sts:AssumeRole` on
                // `arn:aws:iam::*:role/*` does reach every account).
                let iam_arn = pattern.split(':').nth(2) == Some("iam");
                let offenders: Vec<ActionRef<'static>> = candidates
                    .iter()
                    .filter(|(action, _)| !(iam_arn && action.service.prefix == "iam"))
                    .filter(|(_, indices)| indices.iter().any(|&i| covered.get(i) == Some(&true)))
                    .map(|(action, _)| *action)
                    .collect();
                if !offenders.is_empty() {
                    broad.push((item, offenders));
                }
            }
            let Some(((first, offenders), rest)) = broad.split_first() else {
                continue;
            };
            let mut d = ctx
                .diagnostic(
                    first.span,
                    format!(
                        "`{}` matches every resource of its type in every account: {} {} effectively allowed on `*`",
                        first.value,
                        common::name_list(offenders, 3),
                        if offenders.len() == 1 { "is" } else { "are" }
                    ),
                )
                .with_label("any account, any region, any name")
                .with_help("name the account, the region and the resources (or a name prefix such as `app-*`) in the ARN, or narrow the statement with a condition on `aws:ResourceAccount` or `aws:ResourceTag/...`")
                .with_location_path(st.path());
            for (item, offenders) in rest {
                d = d.with_related(
                    item.span,
                    format!(
                        "also every resource of its type, for {}",
                        common::name_list(offenders, 2)
                    ),
                );
            }
            ctx.report(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{open_region_and_account, universal_arn};

    #[test]
    fn open_fields() {
        assert!(open_region_and_account("arn:aws:s3:::*"));
        assert!(open_region_and_account("arn:*:cloudtrail:*:*:trail/*"));
        assert!(!open_region_and_account(
            "arn:aws:dynamodb:*:111122223333:table/*"
        ));
        assert!(!open_region_and_account("arn:aws:logs:eu-west-1:*:*"));
        assert!(!open_region_and_account("arn:aws:s3"));
    }

    #[test]
    fn universal_arns() {
        let trail = "arn:${Partition}:cloudtrail:${Region}:${Account}:trail/${TrailName}";
        assert_eq!(
            universal_arn(trail, "aws"),
            "arn:aws:cloudtrail:*:*:trail/*"
        );
        assert_eq!(universal_arn(trail, "*"), "arn:*:cloudtrail:*:*:trail/*");
        assert_eq!(
            universal_arn("arn:${Partition}:s3:::${BucketName}/${ObjectName}", "aws"),
            "arn:aws:s3:::*/*"
        );
    }
}
