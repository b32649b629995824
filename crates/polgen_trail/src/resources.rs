//! The resources a call touched, as ARNs: from the event's `resources[]`, from ARNs in its
//! `requestParameters`, and from names in its `requestParameters` filled into the catalog's ARN
//! format for the action's resource types. Only ARNs of a resource type the action lists are
//! kept, so a role ARN in `CreateFunction` is no function (it is the resource of the inferred
//! `iam:PassRole`).

use std::borrow::Cow;
use std::collections::HashMap;

use polgen_catalog::ActionRef;
use serde_json::value::RawValue;

use crate::event::Event;

/// The resource answer for one action of one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resources {
    /// The action has no resource-level permission: `"*"` is the only possible resource.
    NotSupported,
    /// The ARNs the call touched.
    Found(Vec<String>),
    /// The action takes resources but the event does not say which.
    Unknown,
}

/// How a request parameter becomes an ARN format variable.
#[derive(Clone, Copy)]
enum Transform {
    Plain,
    /// SSM parameter names: `/a/b` fills `parameter/${ParameterNameWithoutLeadingSlash}`.
    TrimSlash,
    /// `https://sqs.us-east-1.amazonaws.com/111122223333/q`: name, and account of the queue.
    QueueUrl,
    /// A Lambda function name, partial ARN (`123:function:f`) or qualified name (`f:live`).
    FunctionName,
    /// A secret given by name: the ARN ends in `-` and six random characters.
    SecretName,
    /// A KMS key id or `alias/name`.
    KmsKey,
    /// An ECR registry id: the account that owns the repository.
    AccountId,
}

/// (service prefix, request parameter, ARN format variable, transform).
const PARAMETER_VARIABLES: &[(&str, &str, &str, Transform)] = &[
    ("s3", "bucketName", "BucketName", Transform::Plain),
    ("s3", "key", "ObjectName", Transform::Plain),
    ("dynamodb", "tableName", "TableName", Transform::Plain),
    ("dynamodb", "indexName", "IndexName", Transform::Plain),
    ("sqs", "queueUrl", "QueueName", Transform::QueueUrl),
    ("sqs", "queueName", "QueueName", Transform::Plain),
    ("sns", "name", "TopicName", Transform::Plain),
    (
        "lambda",
        "functionName",
        "FunctionName",
        Transform::FunctionName,
    ),
    ("lambda", "layerName", "LayerName", Transform::Plain),
    (
        "secretsmanager",
        "secretId",
        "SecretId",
        Transform::SecretName,
    ),
    ("secretsmanager", "name", "SecretId", Transform::SecretName),
    (
        "ssm",
        "name",
        "ParameterNameWithoutLeadingSlash",
        Transform::TrimSlash,
    ),
    (
        "ssm",
        "names",
        "ParameterNameWithoutLeadingSlash",
        Transform::TrimSlash,
    ),
    (
        "ssm",
        "path",
        "ParameterNameWithoutLeadingSlash",
        Transform::TrimSlash,
    ),
    ("ssm", "documentName", "DocumentName", Transform::Plain),
    ("ssm", "instanceIds", "InstanceId", Transform::Plain),
    ("ssm", "instanceId", "InstanceId", Transform::Plain),
    ("ssm", "target", "InstanceId", Transform::Plain),
    ("kms", "keyId", "KeyId", Transform::KmsKey),
    ("kms", "aliasName", "Alias", Transform::KmsKey),
    ("kms", "targetKeyId", "KeyId", Transform::KmsKey),
    ("logs", "logGroupName", "LogGroupName", Transform::Plain),
    ("logs", "logStreamName", "LogStreamName", Transform::Plain),
    ("ecr", "repositoryName", "RepositoryName", Transform::Plain),
    ("ecr", "registryId", "Account", Transform::AccountId),
    ("events", "eventBusName", "EventBusName", Transform::Plain),
    ("events", "name", "RuleName", Transform::Plain),
    ("events", "rule", "RuleName", Transform::Plain),
    ("kinesis", "streamName", "StreamName", Transform::Plain),
    ("iam", "roleName", "RoleNameWithPath", Transform::Plain),
    ("iam", "userName", "UserNameWithPath", Transform::Plain),
    ("iam", "groupName", "GroupNameWithPath", Transform::Plain),
    (
        "iam",
        "instanceProfileName",
        "InstanceProfileNameWithPath",
        Transform::Plain,
    ),
    ("ec2", "instanceId", "InstanceId", Transform::Plain),
    ("ec2", "imageId", "ImageId", Transform::Plain),
    ("ec2", "snapshotId", "SnapshotId", Transform::Plain),
    ("ec2", "volumeId", "VolumeId", Transform::Plain),
    ("ec2", "groupId", "SecurityGroupId", Transform::Plain),
    ("cloudtrail", "name", "TrailName", Transform::Plain),
    ("cloudtrail", "trailName", "TrailName", Transform::Plain),
    (
        "rds",
        "dBSnapshotIdentifier",
        "SnapshotName",
        Transform::Plain,
    ),
    ("bedrock", "modelId", "ResourceId", Transform::Plain),
];

/// The top-level request parameters: strings, and lists of strings.
#[derive(Default)]
pub struct Params<'a> {
    values: Vec<(Cow<'a, str>, Vec<Cow<'a, str>>)>,
}

impl<'a> Params<'a> {
    /// Parses the top level of `requestParameters`; anything deeper is not looked at.
    pub fn parse(raw: Option<&'a RawValue>) -> Params<'a> {
        let Some(raw) = raw else {
            return Params::default();
        };
        let Ok(map) = serde_json::from_str::<HashMap<Cow<'a, str>, &'a RawValue>>(raw.get()) else {
            return Params::default();
        };
        let mut values: Vec<(Cow<'a, str>, Vec<Cow<'a, str>>)> = map
            .into_iter()
            .filter_map(|(key, value)| {
                let text = value.get();
                let strings = if text.starts_with('"') {
                    vec![serde_json::from_str::<Cow<'a, str>>(text).ok()?]
                } else if text.starts_with('[') {
                    serde_json::from_str::<Vec<Cow<'a, str>>>(text).ok()?
                } else {
                    return None;
                };
                Some((key, strings))
            })
            .collect();
        values.sort_by(|a, b| a.0.cmp(&b.0));
        Params { values }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&[Cow<'a, str>]> {
        self.values
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_slice())
    }

    fn arns(&self) -> impl Iterator<Item = &str> {
        self.values
            .iter()
            .flat_map(|(_, v)| v.iter())
            .map(|s| s.as_ref())
            .filter(|s| s.starts_with("arn:"))
    }
}

/// The partition of a region (`cn-north-1` is `aws-cn`).
pub(crate) fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("us-isob-") {
        "aws-iso-b"
    } else if region.starts_with("us-iso-") {
        "aws-iso"
    } else {
        "aws"
    }
}

/// The resources `action` was called on in `event`; `resource_arns` are the ARNs of its
/// `resources[]` ([`Event::resource_arns`], read once for all the actions of the event).
pub fn resources_for(
    action: ActionRef<'_>,
    event: &Event<'_>,
    params: &Params<'_>,
    resource_arns: &[Cow<'_, str>],
) -> Resources {
    if !action.action.supports_resource_level_permissions() {
        return Resources::NotSupported;
    }
    let mut found: Vec<String> = Vec::new();
    // Never a wildcard from the request (only our own formats make one: a secret's `-??????`).
    let keep = |arn: &str, found: &mut Vec<String>| {
        if !arn.contains(['*', '?'])
            && well_formed(arn)
            && !action.resource_types_matching_arn(arn).is_empty()
            && !found.iter().any(|f| f == arn)
        {
            found.push(arn.to_owned());
        }
    };
    // Built from the action's own formats: of its types by construction, no matching needed.
    for arn in from_formats(action, event, params) {
        if well_formed(&arn) && !found.contains(&arn) {
            found.push(arn);
        }
    }
    for arn in resource_arns {
        keep(arn, &mut found);
    }
    for arn in params.arns() {
        keep(arn, &mut found);
    }
    // A table ARN beside its index's, a log group beside its stream: the longer one is what
    // the call needed.
    let snapshot = found.clone();
    found.retain(|arn| {
        !snapshot.iter().any(|other| {
            other.len() > arn.len()
                && other.starts_with(arn.as_str())
                && other[arn.len()..].starts_with(['/', ':'])
        })
    });
    if found.is_empty() {
        Resources::Unknown
    } else {
        found.sort();
        Resources::Found(found)
    }
}

/// An ARN IAM would accept: six fields, an account that is empty, 12 digits or `aws`. Test
/// data and anonymised logs carry others (`0123456789`), which no policy should repeat.
fn well_formed(arn: &str) -> bool {
    let mut fields = arn.splitn(6, ':');
    let (Some("arn"), Some(partition), Some(service), Some(_region), Some(account), Some(resource)) = (
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
    ) else {
        return false;
    };
    !partition.is_empty()
        && !service.is_empty()
        && !resource.is_empty()
        && (account.is_empty()
            || account == "aws"
            || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())))
}

/// ARNs built from the action's resource type formats and the names in the request.
fn from_formats(action: ActionRef<'_>, event: &Event<'_>, params: &Params<'_>) -> Vec<String> {
    let prefix = action.service.prefix;
    // The request parameters that name a resource of this service, if any.
    let mut applicable = PARAMETER_VARIABLES
        .iter()
        .filter(|(service, ..)| *service == prefix)
        .filter_map(|(_, key, var, transform)| Some((*var, *transform, params.get(key)?)))
        .peekable();
    if applicable.peek().is_none() {
        return Vec::new();
    }
    let region = event.region();
    let mut vars: Vec<(&str, Vec<String>)> = vec![
        ("Partition", vec![partition(region).to_owned()]),
        ("Region", vec![region.to_owned()]),
        ("Account", vec![event.account().to_owned()]),
    ];
    for (var, transform, values) in applicable {
        for value in values.iter().filter(|v| !v.starts_with("arn:")) {
            for (var, value) in transform_value(var, transform, value) {
                set_var(&mut vars, var, value);
            }
        }
    }
    if vars.len() == 3 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for art in &action.action.resource_types {
        let Some(rt) = action.service.resource_type(&art.name) else {
            continue;
        };
        fill(&rt.arn_format, &vars, &mut out);
    }
    out
}

fn set_var<'v>(vars: &mut Vec<(&'v str, Vec<String>)>, var: &'v str, value: String) {
    match vars.iter_mut().find(|(v, _)| *v == var) {
        // An override of the event's account or region (a queue URL, a registry id).
        Some((v, values)) if matches!(*v, "Account" | "Region") => *values = vec![value],
        Some((_, values)) => {
            if !values.contains(&value) {
                values.push(value);
            }
        }
        None => vars.push((var, vec![value])),
    }
}

fn transform_value<'v>(var: &'v str, transform: Transform, value: &str) -> Vec<(&'v str, String)> {
    match transform {
        Transform::Plain => vec![(var, value.to_owned())],
        Transform::AccountId => vec![("Account", value.to_owned())],
        Transform::TrimSlash => vec![(var, value.trim_start_matches('/').to_owned())],
        Transform::QueueUrl => {
            let mut parts = value.trim_end_matches('/').rsplit('/');
            let name = parts.next().unwrap_or_default();
            let account = parts.next().unwrap_or_default();
            let mut out = vec![(var, name.to_owned())];
            if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
                out.push(("Account", account.to_owned()));
            }
            out
        }
        Transform::FunctionName => {
            let name = value.rsplit_once("function:").map_or(value, |(_, n)| n);
            let name = name.split(':').next().unwrap_or(name);
            vec![(var, name.to_owned())]
        }
        Transform::SecretName => vec![(var, format!("{value}-??????"))],
        Transform::KmsKey => match value.strip_prefix("alias/") {
            Some(alias) => vec![("Alias", alias.to_owned())],
            None => vec![(var, value.to_owned())],
        },
    }
}

/// Every ARN `format` gives with `vars` (one per combination of values); none when a
/// variable of the format has no value.
fn fill(format: &str, vars: &[(&str, Vec<String>)], out: &mut Vec<String>) {
    let mut partial = vec![String::new()];
    for (literal, name) in polgen_catalog::wildcard::placeholders(format) {
        let Some(name) = name else {
            out.extend(partial.iter().map(|p| format!("{p}{literal}")));
            return;
        };
        let Some((_, values)) = vars.iter().find(|(v, _)| *v == name) else {
            return;
        };
        partial = partial
            .iter()
            .flat_map(|p| values.iter().map(move |v| format!("{p}{literal}{v}")))
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polgen_catalog::Catalog;

    fn event(text: &str) -> Event<'_> {
        serde_json::from_str(text).expect("test input is valid")
    }

    fn resources(action: &str, text: &str) -> Resources {
        let e = event(text);
        let params = Params::parse(e.request_parameters);
        resources_for(
            Catalog::get().action(action).expect("test input is valid"),
            &e,
            &params,
            &e.resource_arns(),
        )
    }

    fn found(list: &[&str]) -> Resources {
        Resources::Found(list.iter().map(|s| (*s).to_owned()).collect())
    }

    const HEAD: &str = r#""awsRegion":"eu-west-1","recipientAccountId":"111122223333""#;

    #[test]
    fn s3_object_from_parameters_and_resources() {
        let text = format!(
            r#"{{{HEAD},"requestParameters":{{"bucketName":"b","key":"dir/f.txt"}},"resources":[{{"ARN":"arn:aws:s3:::b/dir/f.txt"}},{{"ARN":"arn:aws:s3:::b"}}]}}"#
        );
        assert_eq!(
            resources("s3:GetObject", &text),
            found(&["arn:aws:s3:::b/dir/f.txt"])
        );
        assert_eq!(
            resources("s3:ListBucket", &text),
            found(&["arn:aws:s3:::b"])
        );
    }

    #[test]
    fn dynamodb_index_wins_over_table() {
        let text = format!(r#"{{{HEAD},"requestParameters":{{"tableName":"t","indexName":"i"}}}}"#);
        assert_eq!(
            resources("dynamodb:Query", &text),
            found(&["arn:aws:dynamodb:eu-west-1:111122223333:table/t/index/i"])
        );
    }

    #[test]
    fn sqs_queue_url_names_the_account() {
        let text = format!(
            r#"{{{HEAD},"requestParameters":{{"queueUrl":"https://sqs.eu-west-1.amazonaws.com/444455556666/jobs"}}}}"#
        );
        assert_eq!(
            resources("sqs:SendMessage", &text),
            found(&["arn:aws:sqs:eu-west-1:444455556666:jobs"])
        );
    }

    #[test]
    fn secrets_by_name_and_by_arn() {
        let by_name = format!(r#"{{{HEAD},"requestParameters":{{"secretId":"prod/db"}}}}"#);
        assert_eq!(
            resources("secretsmanager:GetSecretValue", &by_name),
            found(&["arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-??????"])
        );
        let by_arn = format!(
            r#"{{{HEAD},"requestParameters":{{"secretId":"arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-AbCdEf"}}}}"#
        );
        assert_eq!(
            resources("secretsmanager:GetSecretValue", &by_arn),
            found(&["arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-AbCdEf"])
        );
    }

    #[test]
    fn ssm_parameters_lists_and_kms_aliases() {
        let text = format!(
            r#"{{{HEAD},"requestParameters":{{"names":["/app/a","/app/b"],"withDecryption":true}}}}"#
        );
        assert_eq!(
            resources("ssm:GetParameters", &text),
            found(&[
                "arn:aws:ssm:eu-west-1:111122223333:parameter/app/a",
                "arn:aws:ssm:eu-west-1:111122223333:parameter/app/b"
            ])
        );
        let kms = format!(
            r#"{{{HEAD},"requestParameters":{{"aliasName":"alias/app","keyId":"alias/app"}}}}"#
        );
        assert_eq!(
            resources("kms:DeleteAlias", &kms),
            found(&["arn:aws:kms:eu-west-1:111122223333:alias/app"])
        );
        // The key behind an alias is in `resources[]`.
        let described = format!(
            r#"{{{HEAD},"requestParameters":{{"keyId":"alias/app"}},"resources":[{{"ARN":"arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}]}}"#
        );
        assert_eq!(
            resources("kms:DescribeKey", &described),
            found(&["arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"])
        );
    }

    #[test]
    fn lambda_qualified_names_and_passed_roles() {
        let text = format!(
            r#"{{{HEAD},"requestParameters":{{"functionName":"f:live","role":"arn:aws:iam::111122223333:role/exec"}}}}"#
        );
        assert_eq!(
            resources("lambda:InvokeFunction", &text),
            found(&["arn:aws:lambda:eu-west-1:111122223333:function:f"])
        );
        assert_eq!(
            resources("iam:PassRole", &text),
            found(&["arn:aws:iam::111122223333:role/exec"])
        );
    }

    #[test]
    fn no_resource_level_permission_and_unknown() {
        assert_eq!(
            resources("ec2:DescribeInstances", &format!("{{{HEAD}}}")),
            Resources::NotSupported
        );
        assert_eq!(
            resources("s3:GetObject", &format!("{{{HEAD}}}")),
            Resources::Unknown
        );
    }

    #[test]
    fn malformed_arns_are_not_repeated() {
        assert!(well_formed("arn:aws:s3:::b"));
        assert!(well_formed("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        assert!(!well_formed(
            "arn:aws:ec2:us-east-2:0123456789:instance/i-1"
        ));
        assert!(!well_formed("arn:aws:s3"));
        let text = r#"{"awsRegion":"us-east-2","recipientAccountId":"0123456789","requestParameters":{"instanceId":"i-1"}}"#;
        assert_eq!(resources("ec2:StopInstances", text), Resources::Unknown);
    }

    #[test]
    fn partitions() {
        assert_eq!(partition("cn-north-1"), "aws-cn");
        assert_eq!(partition("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition("eu-west-1"), "aws");
    }
}
