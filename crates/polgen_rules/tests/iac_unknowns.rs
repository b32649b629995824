//! The IAM rules on policies with values known only at deploy time: they never report an
//! element they cannot see, and still report what they can.

use polgen_rules::{Settings, default_rules, lint_host};
use polgen_source::SourceFile;

const TEMPLATE: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub "arn:aws:iam::${TrustedAccount}:root"}
            Action: sts:AssumeRole
            Condition:
              StringEquals: {"sts:ExternalId": !Ref ExternalId}
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: "*"
                Resource: !Sub "arn:aws:s3:::${Bucket}/*"
              - Effect: Allow
                Action: !Ref AllowedActions
                Resource: !GetAtt Queue.Arn
              - Effect: Allow
                Action: [s3:GetObject, !If [Prod, s3:PutObject, !Ref AWS::NoValue]]
                Resource: !Join ["", ["arn:aws:s3:::", !Ref Bucket, "/*"]]
              - !If
                - Prod
                - {Effect: Allow, Action: "iam:*", Resource: "*"}
                - !Ref AWS::NoValue
"#;

#[test]
fn unknown_values_are_never_judged_and_known_ones_are() {
    let source = SourceFile::new("t.yaml", TEMPLATE);
    let host = match polgen_cloudformation::parse(TEMPLATE) {
        Ok(polgen_cloudformation::Parsed::Template(doc)) => doc,
        _ => panic!("template"),
    };
    let diagnostics = lint_host(&source, &host, &Settings::default(), &default_rules());
    let found: Vec<(u32, &str, String)> = diagnostics
        .iter()
        .map(|d| {
            (
                source.line_col(d.span.start).line,
                d.rule,
                source.slice(d.span).to_string(),
            )
        })
        .collect();
    // The literal `*` next to a `!Sub` resource is still every action.
    assert!(
        found
            .iter()
            .any(|(line, rule, text)| *line == 20 && *rule == "wildcard-action" && text == "\"*\""),
        "{found:#?}"
    );
    // Nothing is reported on a value computed at deploy time (`!Sub`, `!Ref`, `!GetAtt`,
    // `!If`, `!Join` with a `!Ref`).
    for (line, rule, text) in &found {
        assert!(!text.starts_with('!'), "line {line}: `{rule}` on `{text}`");
    }
}

fn rules_fired_on_terraform(text: &str) -> Vec<&'static str> {
    let source = SourceFile::new("main.tf", text);
    let host = polgen_terraform::parse(text).unwrap_or_else(|e| panic!("{}", e.message));
    lint_host(&source, &host, &Settings::default(), &default_rules())
        .iter()
        .map(|d| d.rule)
        .collect()
}

fn rules_fired_on_template(text: &str) -> Vec<&'static str> {
    let source = SourceFile::new("t.yaml", text);
    let host = match polgen_cloudformation::parse(text) {
        Ok(polgen_cloudformation::Parsed::Template(doc)) => doc,
        _ => panic!("template"),
    };
    lint_host(&source, &host, &Settings::default(), &default_rules())
        .iter()
        .map(|d| d.rule)
        .collect()
}

const BUCKET_POLICY: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: logs
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: arn:aws:s3:::logs/*
            Condition: CONDITION
"#;

/// An empty block narrows nothing; a block polgen cannot see might.
#[test]
fn an_empty_condition_block_is_judged_a_computed_one_is_not() {
    let with =
        |condition: &str| rules_fired_on_template(&BUCKET_POLICY.replace("CONDITION", condition));
    assert!(with("{}").contains(&"public-access"));
    assert!(with("{StringEquals: {}}").contains(&"public-access"));
    assert!(with("{Bool: {aws:SecureTransport: true}}").contains(&"public-access"));
    assert!(!with("!Ref CallerCondition").contains(&"public-access"));
    assert!(!with("{StringEquals: !Ref CallerKeys}").contains(&"public-access"));
    assert!(!with("{StringEquals: {aws:PrincipalOrgID: !Ref OrgId}}").contains(&"public-access"));
    // A computed value of an unrelated key hides nothing.
    assert!(
        with("{StringEquals: {aws:RequestedRegion: !Ref AWS::Region}}").contains(&"public-access")
    );
}

const TRUST_DOCUMENT: &str = r#"
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]
    }
    CONDITION
  }
}

resource "aws_iam_role" "ci" {
  name               = "ci"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
"#;

#[test]
fn a_terraform_condition_with_a_computed_test_or_variable_is_not_judged() {
    let with =
        |condition: &str| rules_fired_on_terraform(&TRUST_DOCUMENT.replace("CONDITION", condition));
    assert!(with("").contains(&"oidc-missing-sub"));
    assert!(
        with(
            r#"condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }"#
        )
        .contains(&"oidc-missing-sub")
    );
    assert!(
        !with(
            r#"condition {
      test     = var.operator
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:acme/app:ref:refs/heads/main"]
    }"#
        )
        .contains(&"oidc-missing-sub")
    );
    assert!(
        !with(
            r#"condition {
      test     = "StringEquals"
      variable = local.sub_claim
      values   = ["repo:acme/app:ref:refs/heads/main"]
    }"#
        )
        .contains(&"oidc-missing-sub")
    );
}
