//! Lints the real Vault and OpenBao policies of the shared corpus (`vault/` and
//! `peer-tests/vault-policy-parser/`) with every Vault rule. Skips when the corpus is absent.
//!
//! Holds: no panic; no `syntax-error` except on the one snippet that is not valid HCL; files
//! from OpenBao, linted with the OpenBao flavor, have no unknown capability or attribute except
//! the known defects listed below; and the findings per rule stay as reviewed (printed with
//! `--nocapture`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polgen_diagnostics::Severity;
use polgen_rules::{VaultSettings, default_vault_rules, lint_vault};
use polgen_source::SourceFile;
use polgen_vault::Flavor;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "note: {} is absent: Vault corpus test skipped",
            dir.display()
        );
        None
    }
}

fn hcl_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            hcl_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "hcl") {
            out.push(path);
        }
    }
}

/// Files whose unknown-capability or unknown-attribute findings are true defects:
/// OpenBao's parser tests that must be rejected, and an RFC draft that writes `control-group`.
const KNOWN_DEFECTS: &[&str] = &[
    "TestPolicy_ParseBadCapabilities.hcl",
    "TestPolicy_ParseBadPolicy.hcl",
    "TestPolicy_ParseBadPath.hcl",
    "TestPolicy_ParseBadRoot.hcl",
    "community_rfcs_control_groups_L76.hcl",
];

#[test]
fn vault_corpus_has_no_false_syntax_error() {
    let Some(corpus) = corpus() else { return };
    let mut files = Vec::new();
    hcl_files(&corpus.join("vault"), &mut files);
    hcl_files(&corpus.join("peer-tests/vault-policy-parser"), &mut files);
    files.sort();
    assert!(files.len() >= 89, "only {} files", files.len());
    let rules = default_vault_rules();
    let mut per_rule: BTreeMap<&str, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut not_policies = Vec::new();
    for file in &files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let shown = file
            .strip_prefix(&corpus)
            .unwrap_or(file)
            .display()
            .to_string();
        let openbao =
            shown.contains("openbao") || shown.contains("builtin/") || shown.contains("peer-tests");
        let settings = VaultSettings {
            flavor: if openbao {
                Flavor::OpenBao
            } else {
                Flavor::Vault
            },
            ..VaultSettings::default()
        };
        let text = std::fs::read_to_string(file).expect("readable");
        let source = SourceFile::new(shown.clone(), text);
        let outcome = lint_vault(&source, &settings, &rules, Some(Severity::Error));
        // As `polgen lint` does for files found in folders: HCL without top-level `path`
        // blocks is not a policy (an OpenBao declarative configuration here).
        if !shown.contains("peer-tests")
            && outcome.policy.as_ref().is_some_and(|p| p.paths.is_empty())
        {
            not_policies.push(shown);
            continue;
        }
        for d in &outcome.diagnostics {
            *per_rule.entry(d.rule).or_default() += 1;
            let at = source.line_col(d.span.start);
            println!("{shown}:{at} {} {}: {}", d.severity, d.rule, d.message);
            let syntax_ok = d.rule != "syntax-error" || name == "community_rfcs_self_init_L71.hcl";
            let unknown_ok = !matches!(
                d.rule,
                "vault-unknown-capability" | "vault-unknown-attribute"
            ) || !openbao
                || KNOWN_DEFECTS.contains(&name);
            if !syntax_ok || !unknown_ok {
                problems.push(format!("{shown}:{at} {}: {}", d.rule, d.message));
            }
        }
    }
    println!("{per_rule:#?}");
    assert_eq!(
        not_policies,
        ["vault/docs-snippets/openbao+openbao/blog_2026_07_21_declarative_configuration_L93.hcl"]
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(per_rule.get("syntax-error"), Some(&1));
}
