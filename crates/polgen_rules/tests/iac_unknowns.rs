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
