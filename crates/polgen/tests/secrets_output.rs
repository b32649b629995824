//! No credential of `testdata/secrets` (listed in its SECRETS.txt) appears in anything polgen
//! prints or writes: every command, every format, standard output, standard error and the
//! files written by `--output` and `--report`.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

const ROLE: &str = "arn:aws:iam::111122223333:role/app";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/secrets")
}

/// The secret parts of the fixture set's credentials.
fn secrets() -> Vec<String> {
    let text = fs::read_to_string(fixtures().join("SECRETS.txt")).expect("SECRETS.txt");
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// Removes ANSI escape sequences (`ESC [ ... letter`), which could split a value in two.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Runs polgen with `args` (and the output files it names) and fails on any secret in what
/// it printed or wrote. Returns the exit code.
fn assert_no_secret(args: &[&str], written: &[&Path]) -> i32 {
    for path in written {
        let _ = fs::remove_file(path);
    }
    let output = Command::cargo_bin("polgen")
        .expect("binary")
        .current_dir(fixtures())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "60")
        .args(args)
        .output()
        .expect("polgen runs");
    let code = output.status.code().expect("exit code");
    assert!(code <= 2, "{args:?}: exit {code}");
    let mut outputs = vec![
        (
            "stdout",
            String::from_utf8_lossy(&output.stdout).into_owned(),
        ),
        (
            "stderr",
            String::from_utf8_lossy(&output.stderr).into_owned(),
        ),
    ];
    for path in written {
        if let Ok(text) = fs::read_to_string(path) {
            outputs.push(("file", text));
        }
    }
    for (what, text) in &outputs {
        let plain = strip_ansi(text);
        for secret in secrets() {
            assert!(
                !plain.contains(&secret),
                "{args:?}: {what} shows `{secret}`:\n{text}"
            );
        }
    }
    code
}

const LINT_INPUTS: [&str; 6] = [
    "policy.json",
    "template.yaml",
    "broken.tf",
    "main.tf",
    "vault.hcl",
    ".",
];

#[test]
fn lint_shows_no_secret_in_any_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report");
    let out_arg = out.to_str().expect("utf-8 path");
    for input in LINT_INPUTS {
        for format in ["human", "json", "sarif", "github"] {
            let code = assert_no_secret(&["lint", "--format", format, input], &[]);
            assert_ne!(code, 0, "{input} {format}: the fixtures have findings");
            assert_no_secret(
                &["lint", "--format", format, "--output", out_arg, input],
                &[&out],
            );
        }
        // Colours on: a value split by escape codes is still caught (they are stripped).
        assert_no_secret(&["lint", "--color", "always", input], &[]);
        assert_no_secret(&["lint", "--ruleset", "strict", input], &[]);
    }
}

#[test]
fn lint_findings_are_still_reported_masked() {
    let output = Command::cargo_bin("polgen")
        .expect("binary")
        .current_dir(fixtures())
        .args(["lint", "--format", "json", "main.tf"])
        .output()
        .expect("polgen runs");
    let json = String::from_utf8_lossy(&output.stdout);
    assert!(json.contains("\"hardcoded-secret\""), "{json}");
    assert!(json.contains("AKIA************MPLE"), "{json}");
}

#[test]
fn suggest_shows_no_secret_in_any_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("report.txt");
    let policy = dir.path().join("policy.out");
    let (report_arg, policy_arg) = (
        report.to_str().expect("utf-8"),
        policy.to_str().expect("utf-8"),
    );
    for format in ["json", "yaml", "terraform", "cloudformation"] {
        for input in [
            ["--cloudtrail", "trail"],
            ["--cloudtrail", "trail/lines.json"],
            ["--usage", "usage.csv"],
        ] {
            let mut args = vec!["suggest", "--role", ROLE, "--format", format];
            args.extend(input);
            assert_no_secret(&args, &[]);
            args.extend(["--report", report_arg, "--output", policy_arg]);
            assert_no_secret(&args, &[&report, &policy]);
        }
    }
    assert_no_secret(
        &[
            "suggest",
            "--role",
            ROLE,
            "--cloudtrail",
            "trail",
            "--current",
            "policy.json",
        ],
        &[],
    );
}

#[test]
fn errors_quoting_arguments_show_no_secret() {
    assert_no_secret(
        &[
            "lint",
            "--format",
            "ghp_R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s12",
        ],
        &[],
    );
    assert_no_secret(&["lint", "AKIAZ7Q4EXAMPLE3KH2N/missing.json"], &[]);
    assert_no_secret(
        &[
            "suggest",
            "--role",
            "AKIAZ7Q4EXAMPLE3KH2N",
            "--cloudtrail",
            "trail",
        ],
        &[],
    );
    assert_no_secret(&["explain", "hardcoded-secret"], &[]);
    assert_no_secret(
        &[
            "vault",
            "effective",
            "--policy",
            "vault.hcl",
            "auth/token/lookup/x",
        ],
        &[],
    );
}
