//! The model of AWS IAM policy documents, with spans on every element, and the strict
//! JSON parser that builds it from `.json` files.

pub mod build;
pub mod fingerprint;
pub mod json;
pub mod model;
pub mod operator;
pub mod principal;
pub mod scalar;
pub mod value;

pub use build::{ROLE_ASSUMPTION_ACTIONS, build, detect_kind};
pub use json::{DuplicateKey, SyntaxError};
pub use model::*;
pub use operator::{Comparison, Family, OperatorKind, operator_kind};
pub use value::{Member, Node, Origin, Part, Unknown, Value};

/// A policy parsed from JSON text, with the duplicate keys the parser saw.
#[derive(Debug)]
pub struct ParsedPolicy {
    pub document: PolicyDocument,
    pub duplicate_keys: Vec<DuplicateKey>,
}

/// Parses JSON `text` as a policy document. `kind` forces the policy kind.
pub fn parse_policy(text: &str, kind: Option<PolicyKind>) -> Result<ParsedPolicy, SyntaxError> {
    Ok(ParsedPolicy::from_json(json::parse(text)?, kind))
}

impl ParsedPolicy {
    /// The policy document of JSON parsed already.
    pub fn from_json(parsed: json::Parsed, kind: Option<PolicyKind>) -> ParsedPolicy {
        ParsedPolicy {
            document: build(parsed.root, kind),
            duplicate_keys: parsed.duplicate_keys,
        }
    }
}

/// Whether a JSON value looks like a policy document (has a `Statement`), used to pick
/// policies out of folders without linting every JSON file.
pub fn looks_like_policy(root: &Node) -> bool {
    root.get("Statement").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        let p = parse_policy(text, None).expect("json");
        p.document
            .grammar_issues
            .iter()
            .map(|i| i.message.clone())
            .collect()
    }

    #[test]
    fn records_the_first_dropped_condition_entry() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
          "Condition":{"StringEquals":{"aws:username":"a"},"StringSortOf":{"aws:username":"b"}}},
          {"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}"#;
        let doc = parse_policy(text, None).expect("json").document;
        let (first, second) = (&doc.statements[0], &doc.statements[1]);
        assert!(first.unread_condition.is_some() && second.unread_condition.is_none());
        assert_eq!(first.conditions.len(), 1);
        let issue = doc
            .grammar_issues
            .iter()
            .find(|i| Some(i.span) == first.unread_condition)
            .expect("the dropped entry's issue");
        assert!(issue.message.contains("StringSortOf"));
    }

    #[test]
    fn accepts_every_legal_shape() {
        let text = r#"{
          "Version": "2012-10-17",
          "Statement": {
            "Sid": "A1",
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": ["arn:aws:s3:::b/${aws:username}/*"],
            "Condition": {"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["a*", "b"]}, "Bool": {"aws:SecureTransport": true}}
          }
        }"#;
        let p = parse_policy(text, None).expect("json");
        assert!(
            p.document.grammar_issues.is_empty(),
            "{:?}",
            p.document.grammar_issues
        );
        assert_eq!(p.document.kind, PolicyKind::Identity);
        let st = &p.document.statements[0];
        assert_eq!(st.conditions.len(), 2);
        let c = &st.conditions[0];
        assert_eq!(c.operator.kind.name, "StringLike");
        assert!(c.operator.if_exists);
        assert_eq!(c.operator.qualifier, Some(SetQualifier::ForAnyValue));
        assert_eq!(st.conditions[1].values[0].json, JsonKind::Bool);
    }

    #[test]
    fn detects_trust_and_resource_policies() {
        let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
        let p = parse_policy(trust, None).expect("json");
        assert_eq!(p.document.kind, PolicyKind::Trust);
        assert!(
            p.document.grammar_issues.is_empty(),
            "a trust policy needs no Resource"
        );
        let bucket = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#;
        let p = parse_policy(bucket, None).expect("json");
        assert_eq!(p.document.kind, PolicyKind::Resource);
        assert!(
            p.document.statements[0]
                .principal
                .as_ref()
                .is_some_and(Principals::is_everyone)
        );
    }

    #[test]
    fn reports_grammar_errors() {
        let m = messages(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"s3:GetObject","NotAction":"s3:Put*","Resourse":"*"}]}"#,
        );
        assert!(m.contains(&"invalid effect `allow`".to_string()), "{m:?}");
        assert!(
            m.contains(&"statement 1 has both `Action` and `NotAction`".to_string()),
            "{m:?}"
        );
        assert!(
            m.contains(&"unknown element `Resourse` in a statement".to_string()),
            "{m:?}"
        );
        assert!(
            m.contains(&"statement 1 has no `Resource`".to_string()),
            "{m:?}"
        );
    }

    #[test]
    fn principal_in_identity_policy_is_reported_when_forced() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#;
        let p = parse_policy(text, Some(PolicyKind::Identity)).expect("json");
        assert!(
            p.document
                .grammar_issues
                .iter()
                .any(|i| i.message.contains("not allowed in an identity policy"))
        );
    }

    #[test]
    fn unknown_operators_and_malformed_actions() {
        let m = messages(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3GetObject","s3:Get*"],"Resource":"*","Condition":{"StringEqual":{"aws:username":"x"},"NullIfExists":{"aws:TagKeys":"true"}}}]}"#,
        );
        assert!(
            m.iter()
                .any(|x| x == "action `s3GetObject` is not of the form `service:Action`"),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|x| x == "unknown condition operator `StringEqual`"),
            "{m:?}"
        );
        assert!(m.iter().any(|x| x.contains("NullIfExists")), "{m:?}");
    }

    #[test]
    fn trust_policy_grammar() {
        let text = r#"{"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/x"},"Action":"sts:AssumeRole"},
          {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ci-*"},"Action":["sts:AssumeRole","s3:GetObject","sts:*"]}
        ]}"#;
        let p = parse_policy(text, Some(PolicyKind::Trust)).expect("json");
        let m: Vec<&str> = p
            .document
            .grammar_issues
            .iter()
            .map(|i| i.message.as_str())
            .collect();
        assert!(
            m.contains(&"`NotPrincipal` is not allowed in a role trust policy"),
            "{m:?}"
        );
        assert!(
            m.contains(&"invalid principal `arn:aws:iam::111122223333:role/ci-*`"),
            "{m:?}"
        );
        assert!(
            m.contains(&"action `s3:GetObject` cannot be granted by a role trust policy"),
            "{m:?}"
        );
        assert_eq!(m.len(), 3, "{m:?}");
    }

    #[test]
    fn valid_principals_raise_nothing() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{
          "AWS":["111122223333","arn:aws:iam::111122223333:root","arn:aws:sts::111122223333:assumed-role/r/s","*"],
          "Service":["ec2.amazonaws.com","ecs.application-autoscaling.amazonaws.com"],
          "Federated":["cognito-identity.amazonaws.com","arn:aws:iam::111122223333:saml-provider/Okta"]},
          "Action":["sts:AssumeRole","sts:AssumeRoleWithSAML","sts:AssumeRoleWithWebIdentity","sts:TagSession"]}]}"#;
        let p = parse_policy(text, None).expect("json");
        assert_eq!(p.document.kind, PolicyKind::Trust);
        assert!(
            p.document.grammar_issues.is_empty(),
            "{:?}",
            p.document.grammar_issues
        );
    }

    #[test]
    fn resource_control_policy_grammar() {
        let text = r#"{"Version":"2012-10-17","Statement":[
          {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"},"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}},
          {"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},
          {"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/admin"},"NotAction":"s3:Get*","Resource":"*"},
          {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole","Resource":"*"}
        ]}"#;
        let p = parse_policy(text, Some(PolicyKind::ResourceControl)).expect("json");
        let m: Vec<&str> = p
            .document
            .grammar_issues
            .iter()
            .map(|i| i.message.as_str())
            .collect();
        assert_eq!(
            m,
            [
                "`NotAction` is not supported in a resource control policy",
                "`NotPrincipal` is not supported in a resource control policy",
                "the `Principal` of a resource control policy must be `\"*\"`",
                "`Allow` is not supported in a resource control policy",
            ],
        );
    }
}
