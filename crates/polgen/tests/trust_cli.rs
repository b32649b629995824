//! End-to-end: the trust rules read the account configuration (`--account`, `[accounts] own`)
//! and the ruleset severities (`trust-missing-mfa` is info in `recommended`, warning in `strict`).

use std::fs;

use assert_cmd::Command;

const VENDOR_TRUST: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::444455556666:user/ops"},
    "Action": "sts:AssumeRole"
  }]
}
"#;

/// `(rule, severity)` of every finding, from the JSON output.
fn findings(args: &[&str], config: Option<&str>) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("role-trust.json");
    fs::write(&file, VENDOR_TRUST).expect("write");
    let mut cmd = Command::cargo_bin("polgen").expect("binary");
    cmd.current_dir(dir.path()).arg("lint");
    match config {
        Some(text) => {
            fs::write(dir.path().join("polgen.toml"), text).expect("write config");
        }
        None => {
            cmd.arg("--no-config");
        }
    }
    let out = cmd
        .args(["--format", "json"])
        .args(args)
        .arg(&file)
        .output()
        .expect("run");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    let mut found: Vec<(String, String)> = json["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_string(),
                d["severity"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

fn has(found: &[(String, String)], rule: &str, severity: &str) -> bool {
    found.iter().any(|(r, s)| r == rule && s == severity)
}

#[test]
fn foreign_account_needs_external_id_until_it_is_declared_ours() {
    let found = findings(&[], None);
    assert!(has(&found, "missing-external-id", "warning"), "{found:?}");
    assert!(has(&found, "trust-missing-mfa", "info"), "{found:?}");

    let found = findings(&["--account", "444455556666"], None);
    assert!(
        !found.iter().any(|(r, _)| r == "missing-external-id"),
        "{found:?}"
    );

    let found = findings(&[], Some("[accounts]\nown = [\"444455556666\"]\n"));
    assert!(
        !found.iter().any(|(r, _)| r == "missing-external-id"),
        "{found:?}"
    );
}

#[test]
fn strict_ruleset_raises_trust_missing_mfa_to_warning() {
    let found = findings(&["--ruleset", "strict"], None);
    assert!(has(&found, "trust-missing-mfa", "warning"), "{found:?}");
}
