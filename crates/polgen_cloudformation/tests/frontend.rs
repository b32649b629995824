//! The CloudFormation front-end on hand-written templates (positions) and on the corpus
//! (every template parses; no false syntax error).

use std::path::{Path, PathBuf};

use polgen_cloudformation::{Parsed, parse};
use polgen_iac::HostDocument;
use polgen_policy::{PolicyKind, StrKind, build};

fn template(text: &str) -> HostDocument {
    match parse(text) {
        Ok(Parsed::Template(doc)) => doc,
        Ok(Parsed::NotATemplate) => panic!("not a template"),
        Err(e) => panic!("{e:?}"),
    }
}

#[test]
fn yaml_policies_keep_template_positions_and_intrinsic_shapes() {
    let text = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: "*"
                Resource: !Sub "arn:aws:s3:::${Bucket}/*"
"#;
    let doc = template(text);
    assert_eq!(doc.policies.len(), 2);
    assert_eq!(doc.policies[0].kind, Some(PolicyKind::Trust));
    let inline = &doc.policies[1];
    assert_eq!(inline.path, "Policies[0].PolicyDocument");
    let model = build(inline.root.clone(), inline.kind);
    let st = &model.statements[0];
    let action = &st.action.as_ref().expect("action").items[0];
    assert_eq!(&text[action.span.range()], "\"*\"");
    assert!(action.is_literal());
    let resource = &st.resource.as_ref().expect("resource").items[0];
    assert_eq!(resource.kind, StrKind::Pattern);
    assert_eq!(resource.value, "arn:aws:s3:::*/*");
    assert_eq!(
        &text[resource.span.range()],
        "!Sub \"arn:aws:s3:::${Bucket}/*\""
    );
}

#[test]
fn json_string_policies_map_into_the_template() {
    let text = r#"{"Resources": {"Q": {"Type": "AWS::SQS::QueuePolicy", "Properties": {
  "PolicyDocument": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sqs:*\",\"Resource\":\"*\"}]}"
}}}}"#;
    let doc = template(text);
    let model = build(doc.policies[0].root.clone(), doc.policies[0].kind);
    let action = &model.statements[0].action.as_ref().expect("action").items[0];
    assert_eq!(action.value, "sqs:*");
    assert_eq!(&text[action.span.range()], "\\\"sqs:*\\\"");
}

#[test]
fn sub_of_a_json_block_becomes_a_policy_with_holes() {
    let text = "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: !Sub |\n        {\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\",\n          \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::${B}/${!aws:username}/*\"}]}\n";
    let doc = template(text);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let model = build(doc.policies[0].root.clone(), doc.policies[0].kind);
    let resource = &model.statements[0]
        .resource
        .as_ref()
        .expect("resource")
        .items[0];
    assert_eq!(resource.value, "arn:aws:s3:::*/${aws:username}/*");
    assert!(text[resource.span.range()].starts_with("\"arn:aws:s3:::${B}"));
}

#[test]
fn lambda_permission_is_a_resource_policy_statement() {
    let text = "Resources:\n  P:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      FunctionName: !Ref Fn\n      Principal: \"*\"\n";
    let doc = template(text);
    let model = build(doc.policies[0].root.clone(), doc.policies[0].kind);
    let principal = model.statements[0].principal.as_ref().expect("principal");
    assert!(principal.is_everyone());
}

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/cloudformation");
    dir.is_dir().then_some(dir)
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Every template of the corpus parses; the only syntax errors are real ones (listed).
#[test]
fn corpus_templates_parse_without_false_syntax_errors() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    };
    let mut paths = Vec::new();
    files(&dir, &mut paths);
    paths.sort();
    let mut templates = 0;
    let mut policies = 0;
    let mut problems = Vec::new();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if !polgen_cloudformation::may_be_template(&text) {
            continue;
        }
        let name = path.display().to_string();
        match parse(&text) {
            Ok(Parsed::Template(doc)) => {
                templates += 1;
                policies += doc.policies.len();
                for e in &doc.errors {
                    problems.push(format!("{name}: {}", e.message));
                }
            }
            Ok(Parsed::NotATemplate) => {}
            Err(e) => problems.push(format!("{name}: {}", e.message)),
        }
    }
    // The one real problem in the corpus: a template that repeats an output name.
    let expected = ["CloudFront.yaml: duplicate key `EC2InstanceSGID`"];
    problems.retain(|p| !expected.iter().any(|e| p.ends_with(e)));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(templates > 400, "only {templates} templates");
    assert!(policies > 500, "only {policies} policies");
}
