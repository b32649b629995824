//! End-to-end tests of Vault policy support: discovery of `.hcl` and Vault JSON policies,
//! `--vault-flavor`, `[vault]` configuration, `polgen vault effective`, and rule listing.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn polgen() -> Command {
    let mut cmd = Command::cargo_bin("polgen").expect("binary");
    cmd.env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).expect("write");
    path
}

fn findings(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let out = polgen()
        .current_dir(dir)
        .args(["lint", "--format", "json"])
        .args(extra)
        .arg(".")
        .output()
        .expect("run");
    serde_json::from_slice(&out.stdout).expect("json output")
}

fn rules_and_files(report: &serde_json::Value) -> Vec<(String, String, u64)> {
    let mut v: Vec<(String, String, u64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_string(),
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn folders_lint_vault_policies_and_skip_other_hcl() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "app.hcl",
        "path \"secret/data/app/*\" {\n  capabilities = [\"read\", \"lsit\"]\n  cidr_blocks = [\"10.0.0.0/8\"]\n}\n",
    );
    write(
        dir.path(),
        "vault.json",
        r#"{"path": {"sys/policies/acl/*": {"capabilities": ["update"]}}}"#,
    );
    // A Vault server configuration and a Terraform-style file: not policies.
    write(
        dir.path(),
        "server.hcl",
        "storage \"raft\" {\n  path = \"/vault/data\"\n}\n",
    );
    write(
        dir.path(),
        "other.hcl",
        "initialize \"x\" {\n  path \"y\" {}\n}\n",
    );
    let report = findings(dir.path(), &["--no-config"]);
    assert_eq!(
        rules_and_files(&report),
        [
            ("app.hcl".into(), "vault-unknown-attribute".into(), 3),
            ("app.hcl".into(), "vault-unknown-capability".into(), 2),
            ("vault.json".into(), "vault-privilege-escalation".into(), 1),
        ]
    );
    assert_eq!(report["summary"]["files"], 2);
}

#[test]
fn hcl_syntax_errors_point_at_the_position_and_the_run_goes_on() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "broken.hcl",
        "path \"a\" {\n  capabilities = [\"read\" \"list\"]\n}\n",
    );
    write(
        dir.path(),
        "ok.hcl",
        "path \"kv/app\" {\n  capabilities = [\"read\"]\n}\n",
    );
    polgen()
        .current_dir(dir.path())
        .args(["lint", "--no-config", "--color", "never", "."])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("syntax-error"))
        .stdout(predicate::str::contains("broken.hcl:2:26"))
        .stdout(predicate::str::contains("in 2 files"));
}

#[test]
fn the_flavor_switch_and_the_vault_config_section() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "bao.hcl",
        "path \"kv/metadata/*\" {\n  capabilities = [\"list\", \"scan\"]\n}\npath \"kv/app/*\" {\n  capabilities = [\"read\"]\n}\n",
    );
    let vault = findings(dir.path(), &["--no-config"]);
    assert_eq!(
        rules_and_files(&vault),
        [("bao.hcl".into(), "vault-unknown-capability".into(), 2)]
    );
    let bao = findings(dir.path(), &["--no-config", "--vault-flavor", "openbao"]);
    assert_eq!(rules_and_files(&bao), []);
    // `kv` declared as a KV v2 mount, and the flavor from the file.
    write(
        dir.path(),
        "polgen.toml",
        "[vault]\nkv_v2_mounts = [\"kv\"]\nflavor = \"openbao\"\n",
    );
    let configured = findings(dir.path(), &[]);
    assert_eq!(
        rules_and_files(&configured),
        [("bao.hcl".into(), "vault-kv-v2-path".into(), 4)]
    );
}

#[test]
fn effective_names_the_block_and_file_that_apply() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "a.hcl",
        "path \"secret/data/*\" {\n  capabilities = [\"deny\"]\n}\n\npath \"secret/data/app/*\" {\n  capabilities = [\"read\"]\n}\n",
    );
    write(
        dir.path(),
        "b.hcl",
        "path \"secret/data/app/*\" {\n  capabilities = [\"update\"]\n}\npath \"secret/data/app/admin\" {\n  capabilities = [\"deny\"]\n}\n",
    );
    polgen()
        .current_dir(dir.path())
        .args(["vault", "effective", "--policy", "a.hcl", "--policy", "b.hcl"])
        .args(["secret/data/app/db", "secret/data/app/admin", "kv/x"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "secret/data/app/db\n  capabilities: read, update\n  applies: path \"secret/data/app/*\" (most specific match)\n    a.hcl:5:6  path \"secret/data/app/*\" grants read\n    b.hcl:1:6  path \"secret/data/app/*\" grants update\n",
        ))
        .stdout(predicate::str::contains(
            "secret/data/app/admin\n  capabilities: deny\n  applies: path \"secret/data/app/admin\" (exact match)\n    b.hcl:4:6",
        ))
        .stdout(predicate::str::contains(
            "kv/x\n  capabilities: deny\n  no path block matches",
        ));
    let out = polgen()
        .current_dir(dir.path())
        .args([
            "vault",
            "effective",
            "--json",
            "--policy",
            "a.hcl",
            "secret/data/x",
        ])
        .output()
        .expect("run");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["decisions"][0]["capabilities"][0], "deny");
    assert_eq!(json["decisions"][0]["applied"]["blocks"][0]["line"], 1);
}

#[test]
fn effective_refuses_to_guess_with_a_broken_policy() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "bad.hcl",
        "path \"a\" {\n  capabilities = [\"read\"\n}\n",
    );
    polgen()
        .current_dir(dir.path())
        .args([
            "vault",
            "effective",
            "--policy",
            "bad.hcl",
            "--policy",
            "missing.hcl",
            "a",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.hcl:3:1"))
        .stderr(predicate::str::contains(
            "missing.hcl: no such file or directory",
        ));
}

#[test]
fn vault_rules_are_listed_explained_and_configurable() {
    polgen()
        .args(["rules"])
        .assert()
        .success()
        .stdout(predicate::str::contains("vault-privilege-escalation"))
        .stdout(predicate::str::contains("wildcard-action"));
    polgen()
        .args(["explain", "vault-sudo"])
        .assert()
        .success()
        .stdout(predicate::str::contains("## Why is this bad?"));
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "p.hcl",
        "path \"sys/*\" {\n  capabilities = [\"sudo\"]\n}\n",
    );
    let report = findings(dir.path(), &["--no-config", "--ignore", "vault-sudo"]);
    assert!(
        !rules_and_files(&report)
            .iter()
            .any(|(_, r, _)| r == "vault-sudo"),
        "{report}"
    );
}

#[test]
fn vault_policies_in_terraform_are_linted_at_their_place_in_the_tf_file() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "main.tf",
        concat!(
            "resource \"vault_policy\" \"app\" {\n",
            "  name   = \"app\"\n",
            "  policy = <<EOT\n",
            "path \"secret/*\" { capabilities = [\"sudo\", \"creat\"] }\n",
            "path \"secret/${var.team}/*\" { capabilities = [\"sudo\"] }\n",
            "EOT\n",
            "}\n",
        ),
    );
    let report = findings(dir.path(), &["--no-config"]);
    let found: Vec<(String, u64, u64, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
                f["location_path"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let at = |rule: &str| found.iter().find(|f| f.0 == rule).cloned();
    let place = "vault_policy.app.policy".to_string();
    assert_eq!(
        at("vault-unknown-capability"),
        Some(("vault-unknown-capability".into(), 4, 43, place.clone())),
        "{found:?}"
    );
    assert_eq!(
        at("vault-sudo"),
        Some(("vault-sudo".into(), 4, 35, place)),
        "{found:?}"
    );
    // The interpolated path of line 5 is unknown: nothing may be said about it.
    assert!(found.iter().all(|f| f.1 == 4), "{found:?}");
}

/// `# polgen:ignore` in a `.hcl` policy works as in Terraform: above a `path` block it covers
/// the block, a trailing comment its line, and an unused one is reported when asked.
#[test]
fn ignore_comments_in_hcl_policies_are_honoured_and_checked() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "ops.hcl",
        "# polgen:ignore vault-wildcard-path break-glass operators, SEC-42\npath \"*\" {\n  capabilities = [\"read\"]\n}\n\npath \"secret/data/app\" { # polgen:ignore vault-sudo nothing to hide\n  capabilities = [\"read\"]\n}\n",
    );
    let plain = rules_and_files(&findings(dir.path(), &["--no-config"]));
    assert!(
        !plain
            .iter()
            .any(|(_, rule, _)| rule == "vault-wildcard-path"),
        "{plain:?}"
    );
    let strict = rules_and_files(&findings(
        dir.path(),
        &["--no-config", "--report-unused-suppressions"],
    ));
    assert!(
        strict
            .iter()
            .any(|(path, rule, line)| path.ends_with("ops.hcl")
                && rule == "unused-suppression"
                && *line == 6),
        "{strict:?}"
    );
    // Without the comment the finding is there: the suppression, not the rule, silenced it.
    write(
        dir.path(),
        "ops.hcl",
        "path \"*\" {\n  capabilities = [\"read\"]\n}\n",
    );
    let bare = rules_and_files(&findings(dir.path(), &["--no-config"]));
    assert!(
        bare.iter()
            .any(|(_, rule, _)| rule == "vault-wildcard-path"),
        "{bare:?}"
    );
}

/// A capability neither Vault nor OpenBao knows grants nothing: `vault effective` does not
/// list it, and says why.
#[test]
fn effective_never_lists_an_unknown_capability() {
    let dir = tempfile::tempdir().expect("tmp");
    let policy = write(
        dir.path(),
        "typo.hcl",
        "path \"secret/data/*\" {\n  capabilities = [\"raed\", \"list\"]\n}\n",
    );
    polgen()
        .args(["vault", "effective", "--policy"])
        .arg(&policy)
        .arg("secret/data/app")
        .assert()
        .success()
        .stdout(predicate::str::contains("capabilities: list\n"))
        .stdout(predicate::str::contains("raed").not())
        .stderr(predicate::str::contains(
            "unknown capability `raed` grants nothing",
        ));
}
