//! End-to-end tests of `polgen lint` on infrastructure as code: discovery of templates,
//! `.tf` files and plans by content, findings on the host file's own lines, syntax errors.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn polgen() -> Command {
    let mut cmd = Command::cargo_bin("polgen").expect("binary");
    cmd.env("COLUMNS", "100").arg("lint").arg("--no-config");
    cmd
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).expect("write");
}

const TEMPLATE: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      MaxSessionDuration: 43200
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: ec2.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: app
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: "sqs:*"
                Resource: !Sub "arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:jobs"
"#;

const TERRAFORM: &str = r#"resource "aws_iam_policy" "app" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sns:*"
      Resource = aws_sns_topic.t.arn
    }]
  })
}

resource "aws_iam_access_key" "ci" {
  user = "ci"
}
"#;

const PLAN: &str = r#"{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
  {"address": "aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy", "name": "p",
   "values": {"policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"arn:aws:kms:us-east-1:111122223333:key/k\"}]}"}}
]}}}
"#;

#[test]
fn templates_tf_files_and_plans_are_found_and_findings_land_on_their_lines() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "stack.yaml", TEMPLATE);
    write(dir.path(), "main.tf", TERRAFORM);
    write(dir.path(), "plan.json", PLAN);
    write(
        dir.path(),
        "docker-compose.yml",
        "services:\n  web:\n    image: nginx\n",
    );
    let out = polgen()
        .arg(dir.path())
        .args(["--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let findings = report["findings"].as_array().expect("findings");
    let at = |file: &str, rule: &str| -> Vec<(u64, u64)> {
        findings
            .iter()
            .filter(|f| f["path"].as_str().is_some_and(|p| p.ends_with(file)) && f["rule"] == rule)
            .map(|f| {
                (
                    f["line"].as_u64().unwrap_or(0),
                    f["column"].as_u64().unwrap_or(0),
                )
            })
            .collect()
    };
    assert_eq!(at("stack.yaml", "wildcard-action"), vec![(19, 25)]);
    assert_eq!(at("stack.yaml", "long-session"), vec![(6, 27)]);
    assert_eq!(at("main.tf", "wildcard-action"), vec![(6, 18)]);
    assert_eq!(at("main.tf", "long-lived-credentials"), vec![(12, 10)]);
    assert_eq!(at("plan.json", "wildcard-action"), vec![(3, 102)]);
    // The resource is named in machine output.
    let wildcard = findings
        .iter()
        .find(|f| {
            f["rule"] == "wildcard-action"
                && f["path"]
                    .as_str()
                    .is_some_and(|p| p.ends_with("stack.yaml"))
        })
        .expect("finding");
    assert_eq!(
        wildcard["location_path"],
        "AppRole.Policies[0].PolicyDocument.Statement[0]"
    );
    // A `!Sub` resource is not judged as a literal wildcard.
    assert!(at("stack.yaml", "wildcard-resource").is_empty());
    assert_eq!(
        report["summary"]["files"], 3,
        "docker-compose.yml is not a template"
    );
}

#[test]
fn broken_yaml_template_is_a_syntax_error_with_its_position() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "bad.yaml",
        "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  R: [a, b\n",
    );
    polgen()
        .arg(dir.path().join("bad.yaml"))
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("syntax-error").and(predicate::str::contains("invalid YAML")),
        );
}

#[test]
fn policy_json_string_errors_point_into_the_template() {
    let dir = tempfile::tempdir().expect("tmp");
    let template = "{\"Resources\": {\"P\": {\"Type\": \"AWS::IAM::ManagedPolicy\", \"Properties\": {\n  \"PolicyDocument\": \"{\\\"Statement\\\": [}\"\n}}}}\n";
    write(dir.path(), "t.json", template);
    let out = polgen()
        .arg(dir.path())
        .args(["--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let f = &report["findings"][0];
    assert_eq!(f["rule"], "syntax-error");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(2), Some(39))
    );
}

#[test]
fn suppressions_silence_findings_and_unused_ones_are_reported_on_request() {
    let dir = tempfile::tempdir().expect("tmp");
    let template = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  # polgen:ignore long-session batch role, approved in SEC-42\n  BatchRole:\n    Type: AWS::IAM::Role\n    Properties:\n      MaxSessionDuration: 43200\n  # polgen:ignore long-lived-credentials no key here any more\n  Topic:\n    Type: AWS::SNS::Topic\n";
    write(dir.path(), "stack.yaml", template);
    polgen()
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no findings"));
    polgen()
        .arg(dir.path())
        .arg("--report-unused-suppressions")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "suppression of `long-lived-credentials` matches no finding",
        ));
}

#[test]
fn plan_findings_say_where_the_linted_tf_source_declares_the_resource() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_iam_policy\" \"p\" {\n  policy = \"{}\"\n}\n",
    );
    write(dir.path(), "plan.json", PLAN);
    polgen().arg(dir.path()).assert().code(1).stdout(
        predicate::str::contains("`aws_iam_policy.p` is declared at")
            .and(predicate::str::contains("main.tf:1")),
    );
}

/// No output format may print a secret that polgen found, not even in a source snippet.
#[test]
fn secrets_never_reach_the_output() {
    let dir = tempfile::tempdir().expect("tmp");
    let key_id = "AKIAQ3PLMX7T2MZPR4WD";
    let secret = "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";
    write(
        dir.path(),
        "provider.tf",
        &format!(
            "provider \"aws\" {{\n  region     = \"eu-west-1\"\n  access_key = \"{key_id}\"\n  secret_key = \"{secret}\"\n}}\n"
        ),
    );
    for format in ["human", "json", "sarif", "github"] {
        let out = polgen()
            .arg(dir.path().join("provider.tf"))
            .args(["--format", format])
            .output()
            .expect("run");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("hardcoded-secret"), "{format}: {text}");
        assert!(
            !text.contains(key_id) && !text.contains(secret) && !text.contains("Vb9Nc4Xe1Ry6"),
            "{format} output shows a secret:\n{text}"
        );
    }
}

#[test]
fn file_policies_are_linted_in_the_referenced_json_with_the_attribute_kind() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "main.tf",
        r#"resource "aws_iam_role" "r" {
  assume_role_policy = file("${path.module}/trust.json")
}

resource "aws_iam_policy" "gone" {
  policy = file("missing.json")
}

resource "aws_iam_policy" "var" {
  policy = file(var.policy_file)
}

resource "aws_iam_access_key" "ci" {
  user = "ci"
}
"#,
    );
    write(
        dir.path(),
        "trust.json",
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Allow\",\n    \"Principal\": {\"AWS\": \"*\"},\n    \"Action\": \"sts:AssumeRole\"\n  }]\n}\n",
    );
    let assert = polgen()
        .arg(dir.path())
        .args(["--format", "json"])
        .assert()
        .code(2);
    let output = assert.get_output();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let findings = report["findings"].as_array().expect("findings");
    let in_trust: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| {
            f["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("trust.json"))
        })
        .collect();
    // Linted once, as the role's trust policy, though discovery found the file too.
    let public: Vec<_> = in_trust
        .iter()
        .filter(|f| f["rule"] == "public-access")
        .collect();
    assert_eq!(public.len(), 1, "{in_trust:#?}");
    assert_eq!(
        (public[0]["line"].as_u64(), public[0]["column"].as_u64()),
        (Some(5), Some(26))
    );
    assert_eq!(
        public[0]["location_path"],
        "aws_iam_role.r.assume_role_policy.Statement[0].Principal"
    );
    assert!(
        public[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("assume this role")),
        "judged as a trust policy: {}",
        public[0]["message"]
    );
    // The rest of main.tf is still linted.
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "long-lived-credentials"
                && f["path"].as_str().is_some_and(|p| p.ends_with("main.tf")))
    );
    assert_eq!(report["summary"]["files"], 2);
    // The missing file is an error naming the `.tf` file, the position and the resource.
    let errors = report["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("main.tf"))
    );
    let message = errors[0]["message"].as_str().unwrap_or("");
    assert!(
        message.starts_with("6:12:")
            && message.contains("aws_iam_policy.gone")
            && message.contains("missing.json"),
        "{message}"
    );
    // A path only Terraform knows is said, not failed on.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("main.tf:10:12") && stderr.contains("file(var.policy_file)"),
        "{stderr}"
    );
}

#[test]
fn terraform_variables_declared_in_another_file_of_the_module_are_judged_with_their_default() {
    let module = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/terraform-module");
    let main = module.join("main.tf");
    for target in [&module, &main] {
        polgen()
            .arg(target)
            .assert()
            .code(1)
            .stdout(predicate::str::contains(
                "account `444455556666` (the default of variable `var.partner_account_id`)",
            ));
    }
    // The same account named as the user's own is not external: no finding.
    polgen()
        .arg(&main)
        .args(["--account", "444455556666"])
        .assert()
        .code(0);
}
