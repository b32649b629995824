//! What `Ref` returns for a CloudFormation resource type: its ARN (`AWS::SNS::Topic`), its
//! name (`AWS::S3::Bucket`) or its URL (`AWS::SQS::Queue`). `data/cfn_ref.json` is generated
//! from the resource provider schemas of a pinned cfn-lint release (`polgen_dev
//! update-cfn-ref`; its `source` field says which); a type it does not list is not known.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The file under `data/`.
pub const CFN_REF_FILE: &str = "cfn_ref.json";

static CFN_REF_JSON: &str = include_str!("../data/cfn_ref.json");

/// What a `Ref` gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RefKind {
    Arn,
    Name,
    Url,
}

impl RefKind {
    pub fn describe(self) -> &'static str {
        match self {
            RefKind::Arn => "ARN",
            RefKind::Name => "name",
            RefKind::Url => "URL",
        }
    }
}

/// `Ref` of one resource type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefReturn {
    /// The property `Ref` returns (`QueueUrl`).
    pub property: String,
    pub returns: RefKind,
    /// The attribute `Fn::GetAtt` gives the ARN by, when the type has one (`Arn`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn_attribute: Option<String>,
}

/// The whole table, as stored.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct RefTable {
    pub source: String,
    pub types: BTreeMap<String, RefReturn>,
}

fn table() -> &'static RefTable {
    static DATA: OnceLock<RefTable> = OnceLock::new();
    DATA.get_or_init(|| serde_json::from_str(CFN_REF_JSON).unwrap_or_default())
}

/// What `Ref` returns for the CloudFormation resource type `ty` (`AWS::SQS::Queue`).
pub fn cfn_ref(ty: &str) -> Option<&'static RefReturn> {
    table().types.get(ty)
}

/// Where the table comes from.
pub fn cfn_ref_source() -> &'static str {
    &table().source
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_types() {
        let queue = cfn_ref("AWS::SQS::Queue").expect("queue");
        assert_eq!(
            (queue.property.as_str(), queue.returns),
            ("QueueUrl", RefKind::Url)
        );
        assert_eq!(queue.arn_attribute.as_deref(), Some("Arn"));
        assert_eq!(
            cfn_ref("AWS::SNS::Topic").map(|r| r.returns),
            Some(RefKind::Arn)
        );
        assert_eq!(
            cfn_ref("AWS::S3::Bucket").map(|r| r.returns),
            Some(RefKind::Name)
        );
        assert_eq!(
            cfn_ref("AWS::IAM::ManagedPolicy").map(|r| r.returns),
            Some(RefKind::Arn)
        );
        assert!(cfn_ref("AWS::KMS::Key").is_none());
        assert!(cfn_ref_source().contains("cfn-lint"));
    }
}
