use crate::prelude::*;
use crate::util::actions::arn_namespaces;
use crate::util::glob;
use polgen_catalog::wildcard::erase_variables;

/// Flags `Resource`/`NotResource` values that are neither `*` nor a well-formed ARN.
pub struct InvalidArn;

pub static META: RuleMeta = RuleMeta {
    id: "invalid-arn",
    category: Category::Correctness,
    severity: Severity::Error,
    summary: "a resource is neither `*` nor a well-formed ARN",
    aa_codes: &[
        "INVALID_ARN_PREFIX",
        "MISSING_ARN_FIELD",
        "INVALID_PARTITION",
        "INVALID_SERVICE",
        "INVALID_ARN_SERVICE_CASE",
        "INVALID_ARN_ACCOUNT",
        "INVALID_ARN_REGION",
        "INVALID_ARN_RESOURCE",
        "ARN_ACCOUNT_NOT_ALLOWED",
        "ARN_REGION_NOT_ALLOWED",
    ],
    doc: r#"## What it does
Reports a `Resource` or `NotResource` value that is neither `*` nor an ARN of the form
`arn:partition:service:region:account-id:resource`: a missing field, an unknown partition
(`aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`, `aws-iso-e`, `aws-iso-f`,
`aws-eusc`), a service namespace no AWS service uses, a region that is not a region code
(`useast1`, `region`), an account that is not 12 digits, an S3 bucket or object ARN with a
region or account (S3 bucket names are global), a region in the ARN of a service whose ARNs
have none (`arn:aws:iam:us-east-1:...`), no account in the ARN of a global service whose ARNs
all name one (`arn:aws:iam:::/home/...`), and a fully written ARN that names a resource type
of its service but does not fit its format (`arn:aws:kms:us-east-1:111122223333:key`, a key
ARN without its key id). The fields and formats come from the catalog's ARN formats; a
resource word the catalog does not know is not judged.

In a CloudFormation template, a `Resource` given as `!Ref X` of a resource whose `Ref`
returns its name or URL (`AWS::S3::Bucket`, `AWS::SQS::Queue`, `AWS::IAM::Role`, ...) is
reported too: IAM matches resources by ARN, and `!GetAtt X.Arn` is what was meant. What
`Ref` returns comes from the resource provider schemas (the primary identifier), generated
into the catalog from a pinned cfn-lint release; a `Ref` that returns an ARN
(`AWS::SNS::Topic`, `AWS::IAM::ManagedPolicy`) takes the ARN shape of its type.

Wildcards (`*`, `?`) and policy variables (`${aws:username}`) may stand anywhere. Any other
`${...}` (a CloudFormation `${AWS::AccountId}` or a Terraform `${var.bucket}` left in the
text) is treated as unknown text and never reported.

## Why is this bad?
IAM rejects identity policies with malformed resource ARNs. In resource policies a malformed
ARN matches no resource, so the statement does not do what it says: an `Allow` grants
nothing and a `Deny` protects nothing.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:us-east-1:123456789012:reports/*", "arn:aws:dynamodb:us-east-1:table/orders"]}
  ]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::reports/${aws:username}/*", "arn:aws:dynamodb:us-east-1:123456789012:table/orders"]}
  ]
}
```

## References
- [IAM JSON policy elements: Resource](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html)
- [Amazon Resource Names (ARNs)](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html)
- [IAM policy validation checks](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
"#,
};

/// The partitions an ARN may name.
pub const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// What is wrong with an ARN, with a hint at the fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArnProblem {
    pub reason: String,
    pub help: String,
}

fn problem(reason: impl Into<String>, help: impl Into<String>) -> Option<ArnProblem> {
    Some(ArnProblem {
        reason: reason.into(),
        help: help.into(),
    })
}

const ARN_SHAPE: &str = "an ARN has the form `arn:partition:service:region:account-id:resource`; use `*` for every resource";

/// Checks one resource value (its literal text). `None` when it is `*`, a valid ARN, or
/// cannot be judged (starts with a wildcard or placeholder).
pub fn check_arn(catalog: &'static polgen_catalog::Catalog, value: &str) -> Option<ArnProblem> {
    let text = erase_variables(value);
    if text.starts_with(['*', '?']) || text.is_empty() && value.starts_with("${") {
        return None;
    }
    if text.is_empty() {
        return problem("an empty resource", ARN_SHAPE);
    }
    let fields: Vec<&str> = text.split(':').collect();
    let head = fields.first().copied().unwrap_or("");
    if !head.contains(['*', '?']) && head != "arn" {
        return if head.eq_ignore_ascii_case("arn") {
            problem(
                "the `arn` prefix must be lowercase",
                "write `arn:` in lowercase",
            )
        } else {
            problem("it does not start with `arn:`", ARN_SHAPE)
        };
    }
    if fields.len() < 6 {
        // A wildcard may stand for the missing fields (`arn:aws:logs:*`): not certain.
        if fields.last().is_some_and(|f| f.contains('*')) {
            return None;
        }
        return problem(
            format!("it has {} of the 6 ARN fields", fields.len()),
            ARN_SHAPE,
        );
    }
    let (partition, service, region, account) = (fields[1], fields[2], fields[3], fields[4]);
    let resource = fields.get(5..).map(|r| r.join(":")).unwrap_or_default();
    let wild = |s: &str| s.contains(['*', '?']);
    let partition_ok = if wild(partition) {
        PARTITIONS
            .iter()
            .any(|p| glob::matches(partition, p, false))
    } else {
        PARTITIONS.contains(&partition)
    };
    if !partition_ok {
        return problem(
            format!("`{partition}` is not an AWS partition"),
            "use `aws` (or `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`, `aws-iso-e`, `aws-iso-f`, `aws-eusc`)",
        );
    }
    let namespaces = arn_namespaces(catalog);
    if service.is_empty() {
        return problem(
            "the service field is empty",
            "name the service that owns the resource, e.g. `arn:aws:s3:::bucket`",
        );
    }
    if wild(service) {
        if !namespaces
            .iter()
            .any(|ns| glob::matches(service, ns, false))
        {
            return problem(
                format!("`{service}` matches no AWS service namespace"),
                ARN_SHAPE,
            );
        }
    } else if !namespaces.contains(service) {
        let lower = service.to_ascii_lowercase();
        if namespaces.contains(&lower) {
            return problem(
                format!("the service `{service}` must be lowercase"),
                format!("write `{lower}`"),
            );
        }
        let help =
            match crate::util::actions::closest(service, namespaces.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None => {
                    "use the service namespace of the resource's ARN, e.g. `s3`, `dynamodb`, `iam`"
                        .to_string()
                }
            };
        return problem(format!("`{service}` is not an AWS service namespace"), help);
    }
    if !region
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '*' || c == '?')
        || !region.is_empty() && !wild(region) && !is_region_code(region)
    {
        return problem(
            format!("`{region}` is not a region"),
            "use a region code such as `us-east-1`, `*`, or nothing",
        );
    }
    let account_ok = account.is_empty()
        || wild(account)
        || account == "aws"
        || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()));
    if !account_ok {
        return problem(
            format!("`{account}` is not an account id"),
            "an account id has 12 digits; use `*` or nothing when the service has no account in its ARNs",
        );
    }
    if let Some(shape) = crate::util::actions::arn_shape(catalog, service) {
        if !region.is_empty() && !wild(region) && !shape.region_some {
            return problem(
                format!("`{service}` ARNs have no region, this one names `{region}`"),
                format!("leave the region empty: `arn:{partition}:{service}::{account}:...`"),
            );
        }
        // Regional services own account-less resources of their own (`arn:aws:ssm:*::document/
        // AWS-*`): only global services whose every ARN names an account (IAM) are judged.
        if account.is_empty() && !shape.account_none && !shape.region_some {
            return problem(
                format!("`{service}` ARNs name an account, this one has none"),
                format!(
                    "write the 12-digit account id (or `*`) after the fourth `:`: `arn:{partition}:{service}:{region}:111122223333:...`"
                ),
            );
        }
    }
    // A pattern with a wildcard in its fields and nothing after the fifth colon matches no
    // resource, but IAM accepts it and AWS ships one (`arn:aws:organizations::*:` in
    // AmazonDevOpsGuruOrganizationsAccess): only a fully literal ARN is called invalid.
    if resource.is_empty() && !wild(region) && !wild(account) {
        return problem(
            "the resource part is empty",
            "name the resource after the fifth `:`, or use `*`",
        );
    }
    if service == "s3"
        && (!region.is_empty() && !wild(region) || !account.is_empty() && !wild(account))
    {
        // Access points, jobs and Storage Lens have a region and account; buckets and objects
        // never do. Judge by the catalog's S3 formats.
        let typed = catalog
            .service("s3")
            .is_some_and(|s3| !s3.resource_types_matching_arn(value).is_empty());
        if !typed {
            return problem(
                "S3 bucket and object ARNs have no region or account",
                "write bucket ARNs as `arn:aws:s3:::bucket` and object ARNs as `arn:aws:s3:::bucket/key`",
            );
        }
    }
    // A fully written ARN that names a resource type of its service (its first word, `key`)
    // but does not fit that type's format is broken: a KMS key ARN without its key id. A word
    // the catalog does not know (`transform/...`) is left alone: the catalog may lack it.
    if !wild(&text) && !value.contains("${") && namespaces.contains(service) {
        let word = resource.split(['/', ':']).next().unwrap_or("");
        let formats = crate::util::actions::formats_of_word(catalog, service, word);
        if !formats.is_empty() && catalog.resource_types_matching_arn(value).is_empty() {
            let formats: Vec<String> = formats.iter().map(|f| format!("`{f}`")).collect();
            return problem(
                format!("it does not fit the format of `{service}` `{word}` ARNs"),
                format!("write it as {}", formats.join(" or ")),
            );
        }
    }
    None
}

/// A region code: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`,
/// `eusc-de-east-1` (letters, then words, then a number, joined by `-`).
fn is_region_code(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|p| !p.is_empty())
        && parts[0].len() <= 5
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
}

impl Rule for InvalidArn {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let catalog = ctx.catalog;
        for st in &ctx.doc.statements {
            let Some(list) = &st.resource else { continue };
            for item in &list.items {
                if let Some((reference, ty, returns)) =
                    crate::util::deploy::ref_that_is_no_arn(item)
                {
                    let help = match &returns.arn_attribute {
                        Some(attr) => format!(
                            "`Ref` of `{ty}` returns its `{}`; its ARN is `!GetAtt {reference}.{attr}` (`{{\"Fn::GetAtt\": [\"{reference}\", \"{attr}\"]}}`)",
                            returns.property
                        ),
                        None => format!(
                            "`Ref` of `{ty}` returns its `{}`; build the ARN with `Fn::Sub`, e.g. `arn:${{AWS::Partition}}:...:${{{reference}}}`",
                            returns.property
                        ),
                    };
                    let d = ctx
                        .diagnostic(
                            item.span,
                            format!(
                                "`{}` is the {} of `{ty}` `{reference}` (what `Ref` returns), not an ARN",
                                item.value,
                                returns.returns.describe()
                            ),
                        )
                        .with_label("a name or URL, not an ARN")
                        .with_help(help);
                    ctx.report(d);
                    continue;
                }
                let Some(value) = item.as_literal() else {
                    continue;
                };
                if let Some(p) = check_arn(catalog, value) {
                    let d = ctx
                        .diagnostic(
                            item.span,
                            format!("`{value}` is not a valid ARN: {}", p.reason),
                        )
                        .with_label("not `*` nor a well-formed ARN")
                        .with_help(p.help);
                    ctx.report(d);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erases_variables() {
        assert_eq!(
            erase_variables("arn:aws:s3:::b/${aws:username}/*"),
            "arn:aws:s3:::b/*/*"
        );
        assert_eq!(
            erase_variables("arn:${AWS::Partition}:s3:::${x}"),
            "arn:*:s3:::*"
        );
        assert_eq!(erase_variables("a${b"), "a${b");
    }
}
