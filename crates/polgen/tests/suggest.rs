//! End-to-end tests of `polgen suggest` over testdata/trail (see its PROVENANCE.md).

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

const APP_ROLE: &str = "arn:aws:iam::111122223333:role/app";

fn trail() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/trail")
}

fn suggest() -> Command {
    let mut cmd = Command::cargo_bin("polgen").expect("binary");
    cmd.arg("suggest");
    cmd
}

fn app_role() -> Command {
    let mut cmd = suggest();
    cmd.args(["--role", APP_ROLE, "--until", "2024-05-02", "--cloudtrail"])
        .arg(trail().join("synthetic"));
    cmd
}

#[test]
fn policy_on_stdout_is_the_expected_canonical_one() {
    let expected = fs::read_to_string(trail().join("expected/app-role.json")).expect("golden");
    let first = app_role().assert().code(0).get_output().stdout.clone();
    assert_eq!(String::from_utf8_lossy(&first), expected);
    // Deterministic: a second run gives the same bytes.
    let second = app_role().assert().code(0).get_output().stdout.clone();
    assert_eq!(first, second);
    // With what CloudTrail cannot show: `iam:PassRole` for the role given to `CreateFunction`.
    let inferred =
        fs::read_to_string(trail().join("expected/app-role.inferred.json")).expect("golden");
    let out = app_role()
        .arg("--include-inferred")
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "inferred  iam:PassRole on arn:aws:iam::111122223333:role/thumbnail-exec  (by lambda:CreateFunction)",
        ))
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8_lossy(&out), inferred);
}

#[test]
fn the_report_says_what_was_read_granted_and_left_out() {
    app_role().assert().code(0).stderr(
        predicate::str::contains("polgen suggest: role arn:aws:iam::111122223333:role/app")
            .and(predicate::str::contains("read      1 file ("))
            .and(predicate::str::contains(
                "matched   34 events from 2024-05-01T10:00:00Z to 2024-05-01T10:35:00Z",
            ))
            .and(predicate::str::contains(
                "(1 by other callers, 1 outside --since/--until)",
            ))
            .and(predicate::str::contains(
                "s3:GetObject  arn:aws:s3:::app-data/in/2024/*  (3 observed)",
            ))
            .and(predicate::str::contains("needs no permission"))
            .and(predicate::str::contains(
                "sts.amazonaws.com GetCallerIdentity  x1",
            ))
            .and(predicate::str::contains("no IAM action of that name"))
            .and(predicate::str::contains(
                "s3.amazonaws.com FrobnicateBucket  x1",
            ))
            .and(predicate::str::contains(
                "s3.amazonaws.com DeleteObject  x1",
            )),
    );
}

#[test]
fn report_file_and_output_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let report = dir.path().join("report.txt");
    let policy = dir.path().join("policy.json");
    app_role()
        .arg("--report")
        .arg(&report)
        .arg("-o")
        .arg(&policy)
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
    assert!(
        fs::read_to_string(&report)
            .expect("report")
            .contains("granted   25 actions")
    );
    // The written policy lints clean with polgen itself.
    Command::cargo_bin("polgen")
        .expect("binary")
        .args(["lint", "--no-config", "--fail-on", "warning"])
        .arg(&policy)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no findings"));
}

#[test]
fn other_formats() {
    app_role()
        .args(["--format", "terraform"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::starts_with("data \"aws_iam_policy_document\" \"app\" {\n")
                .and(
                    predicate::str::contains("resources = [\"arn:aws:s3:::app-data/in/2024/*\"]")
                        .not(),
                )
                .and(predicate::str::contains(
                    "\"arn:aws:s3:::app-data/in/2024/*\",",
                )),
        );
    app_role()
        .args(["--format", "cloudformation"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "Resources:\n  AppPolicy:\n    Type: AWS::IAM::ManagedPolicy\n",
        ));
    app_role()
        .args(["--format", "yaml"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "Version: \"2012-10-17\"\nStatement:\n  - Sid: ",
        ));
}

#[test]
fn s3_layout_through_a_glob_with_the_malformed_file_beside_it() {
    let pattern = format!(
        "{}/s3-layout/AWSLogs/*/CloudTrail/*/2024/07/*",
        trail().display()
    );
    suggest()
        .args([
            "--user",
            "arn:aws:iam::903144391865:user/christophe",
            "--cloudtrail",
        ])
        .arg(&pattern)
        .arg(trail().join("cloudtrail2sightings"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "secret:stratus-red-team-retrieve-secret-11-OyGWSO",
        ))
        .stderr(
            predicate::str::contains("read      3 files")
                .and(predicate::str::contains("1 unreadable file,"))
                .and(predicate::str::contains(
                    "aws.execution.ec2-user-data.json: line 112 column 1",
                )),
        );
}

#[test]
fn json_lines_and_denied_calls() {
    let role = "arn:aws:iam::457448411975:role/stratus-red-team-ec2-get-password-data-role";
    // All of this role's calls were refused: nothing to grant without --include-denied.
    suggest()
        .args(["--role", role, "--cloudtrail"])
        .arg(trail().join("stratus"))
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("granted   nothing"));
    suggest()
        .args(["--role", role, "--include-denied", "--cloudtrail"])
        .arg(trail().join("stratus"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"ec2:GetPasswordData\""))
        .stderr(predicate::str::contains("30 refused calls are granted"));
    suggest()
        .args([
            "--user",
            "arn:aws:iam::123456789123:user/pedro",
            "--cloudtrail",
        ])
        .arg(trail().join("otrf"))
        .assert()
        .code(0)
        .stderr(predicate::str::contains("87 events"));
}

#[test]
fn current_policy_comparison() {
    let dir = tempfile::tempdir().expect("tmp");
    let current = dir.path().join("current.json");
    fs::write(
        &current,
        r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::app-data","arn:aws:s3:::app-data/*"]},
            {"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}"#,
    )
    .expect("write");
    app_role()
        .arg("--current")
        .arg(&current)
        .assert()
        .code(0)
        .stderr(
            predicate::str::contains("never used in the window")
                .and(predicate::str::contains("s3: "))
                .and(predicate::str::contains(
                    "dynamodb:GetItem on arn:aws:dynamodb:eu-west-1:111122223333:table/orders: not allowed",
                ))
                .and(predicate::str::contains("sqs:SendMessage on").not()),
        );
}

#[test]
fn usage_errors_exit_two() {
    suggest()
        .args(["--role", "not-an-arn", "--cloudtrail"])
        .arg(trail())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a role ARN"));
    suggest()
        .args(["--cloudtrail", "/no/such/trail"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such file or folder"));
    suggest()
        .args(["--since", "yesterday", "--cloudtrail"])
        .arg(trail())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--since"));
    app_role()
        .args(["--current", "/no/such/policy.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--current"));
}

fn usage_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/usage")
}

/// `suggest --usage` over the aggregate `make_usage.py` computed as the SQL says, and
/// `suggest --cloudtrail` over the same records, print the same policy.
#[test]
fn usage_aggregate_gives_the_policy_of_the_raw_logs() {
    let cases = [
        (
            "--user",
            "arn:aws:iam::123456789123:user/pedro",
            "otrf/ec2_proxy_s3_exfiltration_2020-09-14011940.json",
            "otrf-pedro.csv",
        ),
        (
            "--user",
            "arn:aws:iam::903144391865:user/christophe",
            "stratus/aws.credential-access.secretsmanager-retrieve-secrets.json",
            "stratus-christophe.csv",
        ),
        (
            "--role",
            APP_ROLE,
            "synthetic/app-role.json",
            "app-role.csv",
        ),
    ];
    for (flag, who, logs, csv) in cases {
        let mut raw = suggest();
        raw.args([flag, who, "--cloudtrail"])
            .arg(trail().join(logs));
        if csv == "app-role.csv" {
            raw.args(["--until", "2024-05-02"]);
        }
        let from_logs = raw.assert().code(0).get_output().stdout.clone();
        let from_usage = suggest()
            .args([flag, who, "--usage"])
            .arg(usage_dir().join(csv))
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        assert!(!from_logs.is_empty());
        assert_eq!(
            String::from_utf8_lossy(&from_usage),
            String::from_utf8_lossy(&from_logs),
            "{csv}"
        );
    }
}

#[test]
fn a_bad_usage_row_is_reported_with_its_line_and_skipped() {
    let dir = tempfile::tempdir().expect("tmp");
    let csv = dir.path().join("usage.csv");
    let good = fs::read_to_string(usage_dir().join("stratus-christophe.csv")).expect("csv");
    let mut lines: Vec<&str> = good.lines().collect();
    lines.insert(
        2,
        r#""secretsmanager.amazonaws.com","GetSecretValue","us-east-1","","","","many","","""#,
    );
    lines.insert(3, r#""sts.amazonaws.com","GetCallerIdentity","x"oops,"1""#);
    fs::write(&csv, lines.join("\n")).expect("write");
    let expected = suggest()
        .args(["--usage"])
        .arg(usage_dir().join("stratus-christophe.csv"))
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let out = suggest()
        .args(["--usage"])
        .arg(&csv)
        .assert()
        .code(0)
        .stderr(
            predicate::str::contains("read      usage aggregate ")
                .and(predicate::str::contains("), 21 calls in "))
                .and(predicate::str::contains(
                    "usage.csv: line 3: `calls` is `many`, not a count",
                ))
                .and(predicate::str::contains(
                    "usage.csv: line 4: `o` after a closing quote",
                ))
                .and(predicate::str::contains("2 unreadable records")),
        )
        .get_output()
        .stdout
        .clone();
    assert_eq!(out, expected, "the other rows still count");
    suggest()
        .args(["--usage"])
        .arg(usage_dir().join("stratus-christophe.csv"))
        .args(["--since", "2024-01-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("usage-query"));
}

#[test]
fn copies_of_an_event_count_once() {
    let dir = tempfile::tempdir().expect("tmp");
    for name in ["org-trail.json", "account-trail.json"] {
        fs::copy(
            trail().join("synthetic/app-role.json"),
            dir.path().join(name),
        )
        .expect("copy");
    }
    let expected = fs::read_to_string(trail().join("expected/app-role.json")).expect("golden");
    let out = suggest()
        .args(["--role", APP_ROLE, "--until", "2024-05-02", "--cloudtrail"])
        .arg(dir.path())
        .assert()
        .code(0)
        .stderr(
            predicate::str::contains("matched   34 events").and(predicate::str::contains(
                "(34 more were copies of the same events (same eventID), counted once)",
            )),
        )
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8_lossy(&out), expected);
}

#[test]
fn usage_query_prints_sql_for_each_engine() {
    for (engine, marker) in [
        ("athena", "array_join(transform(resources"),
        ("trino", "array_join(transform(resources"),
        ("spark", "concat_ws(' ', transform(resources"),
    ] {
        Command::cargo_bin("polgen")
            .expect("binary")
            .args(["usage-query", "--engine", engine, "--role", APP_ROLE])
            .assert()
            .code(0)
            .stdout(
                predicate::str::contains(marker)
                    .and(predicate::str::contains("GROUP BY eventsource, eventname")),
            );
    }
    Command::cargo_bin("polgen")
        .expect("binary")
        .args([
            "usage-query",
            "--engine",
            "athena",
            "--role",
            "arn:aws:iam::1:role/x'y",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no IAM ARN holds"));
    Command::cargo_bin("polgen")
        .expect("binary")
        .args(["usage-query", "--engine", "spark", "--user", APP_ROLE])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a user ARN"));
}

/// A role that used 180 DynamoDB tables through three actions: a policy over both IAM limits.
fn big_role_logs(dir: &Path) -> (PathBuf, Vec<(String, String)>) {
    let mut records = Vec::new();
    let mut calls = Vec::new();
    for (n, action) in ["GetItem", "PutItem", "Query"].iter().enumerate() {
        for i in 0..60 {
            let table = format!("orders-archive-{n}-{i:03}");
            records.push(format!(
                r#"{{"eventTime":"2024-05-01T10:00:00Z","eventSource":"dynamodb.amazonaws.com","eventName":"{action}","awsRegion":"eu-west-1","recipientAccountId":"111122223333","eventType":"AwsApiCall","userIdentity":{{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/app/s","sessionContext":{{"sessionIssuer":{{"arn":"{APP_ROLE}"}}}}}},"requestParameters":{{"tableName":"{table}"}}}}"#
            ));
            calls.push((
                format!("dynamodb:{action}"),
                format!("arn:aws:dynamodb:eu-west-1:111122223333:table/{table}"),
            ));
        }
    }
    let path = dir.join("big.json");
    fs::write(&path, format!("{{\"Records\":[{}]}}", records.join(","))).expect("write");
    (path, calls)
}

#[test]
fn split_writes_several_policies_under_the_limit() {
    let dir = tempfile::tempdir().expect("tmp");
    let (logs, calls) = big_role_logs(dir.path());
    let run = || {
        let mut cmd = suggest();
        cmd.args(["--role", APP_ROLE, "--cloudtrail"]).arg(&logs);
        cmd
    };
    run().assert().code(0).stderr(predicate::str::contains(
        "warning   larger than IAM's limits for a managed policy (6144) and for a role's inline policies (10240): --split",
    ));
    let out = run()
        .arg("--split")
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "split     3 managed policies of 4262, 4263, 4261 characters (limit 6144)",
        ))
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&out);
    let value: serde_json::Value = serde_json::from_str(&text).expect("a JSON array");
    let parts = value.as_array().expect("an array");
    assert_eq!(parts.len(), 3);
    let mut documents = Vec::new();
    for part in parts {
        let doc = part.to_string();
        let size = doc.chars().filter(|c| !c.is_whitespace()).count();
        assert!(size <= 6144, "a part of {size} characters");
        documents.push(
            polgen_policy::parse_policy(&doc, None)
                .expect("each part is a policy")
                .document,
        );
    }
    // Together they allow every observed call, and nothing else of DynamoDB's.
    let refs: Vec<&polgen_policy::PolicyDocument> = documents.iter().collect();
    for (action, resource) in &calls {
        let e = polgen_eval::evaluate(&refs, &polgen_eval::Request::new(action, resource));
        assert_eq!(
            e.decision,
            polgen_eval::Decision::Allow,
            "{action} {resource}"
        );
    }
    let other = polgen_eval::Request::new(
        "dynamodb:DeleteTable",
        "arn:aws:dynamodb:eu-west-1:111122223333:table/orders-archive-0-000",
    );
    assert_eq!(
        polgen_eval::evaluate(&refs, &other).decision,
        polgen_eval::Decision::ImplicitDeny
    );
    // In Terraform: one data source per part.
    run()
        .args(["--split", "--format", "terraform"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains(r#"data "aws_iam_policy_document" "app_1""#).and(
                predicate::str::contains(r#"data "aws_iam_policy_document" "app_2""#),
            ),
        );
}

#[test]
fn current_policy_conditions_are_not_guessed() {
    let dir = tempfile::tempdir().expect("tmp");
    let current = dir.path().join("current.json");
    fs::write(
        &current,
        r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},
            {"Effect":"Allow","Action":"s3:*","Resource":"*"},
            {"Effect":"Deny","Action":"s3:ListBucket","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#,
    )
    .expect("write");
    app_role()
        .arg("--current")
        .arg(&current)
        .assert()
        .code(0)
        .stderr(
            predicate::str::contains(
                "dynamodb:GetItem on arn:aws:dynamodb:eu-west-1:111122223333:table/orders: allowed only under conditions: the context has no `aws:SourceIp` (`IpAddress`)",
            )
            .and(predicate::str::contains(
                "s3:ListBucket on arn:aws:s3:::app-data: allowed, but a Deny may apply: the context has no `aws:SecureTransport` (`Bool`)",
            ))
            .and(predicate::str::contains("s3:GetObject on").not()),
        );
}
