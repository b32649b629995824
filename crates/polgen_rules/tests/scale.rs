//! Scale tests: generated policies of 10,000 statements or path blocks, linted with every
//! rule, whose findings are known by construction. Rules that compare elements pairwise must
//! stay near-linear: at this size a quadratic rule takes minutes in a debug build, a
//! near-linear one a second. Only results are asserted; the times at full size (100k) are
//! measured by `bench/scale.sh` (bench/README.md).

use std::collections::BTreeMap;

use polgen_diagnostics::Diagnostic;
use polgen_rules::{VaultSettings, default_rules, default_vault_rules, lint_json, lint_vault};
use polgen_source::SourceFile;

const SIZE: usize = 10_000;

fn count_by_rule(diagnostics: &[Diagnostic]) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for d in diagnostics {
        *counts.entry(d.rule).or_insert(0) += 1;
    }
    counts
}

/// `SIZE` statements with their own Sid, and every 100th Sid used a second time.
fn policy_with_sids(size: usize) -> String {
    let statement = |sid: &str, i: usize| {
        format!(
            r#"{{"Sid":"{sid}","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket-{i}/*"}}"#
        )
    };
    let mut statements: Vec<String> = (0..size)
        .map(|i| statement(&format!("Read{i}"), i))
        .collect();
    statements.extend(
        (0..size)
            .step_by(100)
            .map(|i| statement(&format!("Read{i}"), size + i)),
    );
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",\n")
    )
}

#[test]
fn ten_thousand_statements_with_sids() {
    let source = SourceFile::new("big.json", policy_with_sids(SIZE));
    let settings = polgen_rules::Settings::default();
    let outcome = lint_json(&source, None, &settings, &default_rules());
    let duplicates: Vec<&Diagnostic> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.rule == "duplicate-sid")
        .collect();
    assert_eq!(
        duplicates.len(),
        SIZE / 100,
        "{:?}",
        count_by_rule(&outcome.diagnostics)
    );
    assert_eq!(duplicates[0].message, "duplicate `Sid` `Read0`");
    let last = SIZE - 100;
    assert_eq!(
        duplicates.last().map(|d| d.message.as_str()),
        Some(format!("duplicate `Sid` `Read{last}`").as_str())
    );
    assert!(
        duplicates.iter().all(|d| d.labels.len() == 1),
        "each names the first use"
    );
}

/// Per group `i`: a block that never applies (`team-i/+/+/*` under `team-i/*`, Vault's
/// documented example), a `deny` overridden by a more specific grant, and every 10th group
/// names its grant twice.
fn vault_policy(groups: usize) -> String {
    let mut text = String::new();
    for i in 0..groups {
        text.push_str(&format!(
            "path \"team-{i}/+/+/*\" {{\n  capabilities = [\"read\"]\n}}\n\
             path \"team-{i}/*\" {{\n  capabilities = [\"list\"]\n}}\n\
             path \"kv/app-{i}/*\" {{\n  capabilities = [\"deny\"]\n}}\n\
             path \"kv/app-{i}/db\" {{\n  capabilities = [\"read\"]\n}}\n"
        ));
        if i.is_multiple_of(10) {
            text.push_str(&format!(
                "path \"kv/app-{i}/db\" {{\n  capabilities = [\"update\"]\n}}\n"
            ));
        }
    }
    text
}

#[test]
fn ten_thousand_vault_path_blocks() {
    let groups = SIZE / 4;
    let source = SourceFile::new("big.hcl", vault_policy(groups));
    let outcome = lint_vault(
        &source,
        &VaultSettings::default(),
        &default_vault_rules(),
        None,
    );
    let counts = count_by_rule(&outcome.diagnostics);
    assert_eq!(
        counts.get("vault-shadowed-path"),
        Some(&(2 * groups)),
        "{counts:?}"
    );
    assert_eq!(
        counts.get("vault-duplicate-path"),
        Some(&(groups / 10)),
        "{counts:?}"
    );
    let messages: Vec<&str> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.rule != "vault-wildcard-path")
        .map(|d| d.message.as_str())
        .take(3)
        .collect();
    assert_eq!(
        messages,
        [
            "`path \"team-0/+/+/*\"` never applies: `team-0/*` matches every path it matches and wins",
            "`deny` on `kv/app-0/*` does not apply to `kv/app-0/db`: the more specific `kv/app-0/db` wins there (and 1 more blocks)",
            "duplicate path `kv/app-0/db`",
        ]
    );
    let merged = outcome
        .diagnostics
        .iter()
        .find(|d| d.rule == "vault-duplicate-path")
        .map(|d| d.notes.clone());
    assert_eq!(
        merged,
        Some(vec![
            "Vault merges the blocks; together they grant: read, update".to_string()
        ])
    );
}

/// Labels that all start with a `+` segment have no literal head: per group `i`, a `deny`
/// overridden by a more specific grant, among other labels of the same shape. A pairwise
/// comparison of every label with every other took minutes here.
#[test]
fn ten_thousand_vault_path_blocks_starting_with_plus() {
    let groups = SIZE / 4;
    let mut text = String::new();
    for i in 0..groups {
        text.push_str(&format!(
            "path \"+/app-{i}/+/*\" {{\n  capabilities = [\"read\"]\n}}\n\
             path \"+/app-{i}/*\" {{\n  capabilities = [\"list\"]\n}}\n\
             path \"+/kv-{i}/*\" {{\n  capabilities = [\"deny\"]\n}}\n\
             path \"+/kv-{i}/db\" {{\n  capabilities = [\"read\"]\n}}\n"
        ));
    }
    let source = SourceFile::new("plus.hcl", text);
    let outcome = lint_vault(
        &source,
        &VaultSettings::default(),
        &default_vault_rules(),
        None,
    );
    let counts = count_by_rule(&outcome.diagnostics);
    assert_eq!(
        counts.get("vault-shadowed-path"),
        Some(&groups),
        "{counts:?}"
    );
    let first = outcome
        .diagnostics
        .iter()
        .find(|d| d.rule == "vault-shadowed-path")
        .map(|d| d.message.as_str());
    assert_eq!(
        first,
        Some(
            "`deny` on `+/kv-0/*` does not apply to `x/kv-0/db`: the more specific `+/kv-0/db` wins there"
        )
    );
}
