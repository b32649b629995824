//! Fixture tests for the Vault rules: `testdata/rules/vault/<rule-id>/fail-*.{hcl,json}` must
//! fire the rule and `pass-*` must not, each linted with only that rule enabled (plus
//! `syntax-error`, so that a broken fixture cannot pass silently). Findings of failing
//! fixtures are snapshotted with the text they underline. Fixtures named `*.openbao.hcl`
//! are linted with the OpenBao flavor.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use polgen_diagnostics::Severity;
use polgen_rules::{EnabledVaultRule, VaultSettings, all_vault_rules, find_vault_rule, lint_vault};
use polgen_source::SourceFile;
use polgen_vault::Flavor;

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/rules/vault")
}

fn settings_for(name: &str) -> VaultSettings {
    VaultSettings {
        flavor: if name.contains(".openbao.") {
            Flavor::OpenBao
        } else {
            Flavor::Vault
        },
        ..VaultSettings::default()
    }
}

fn render(source: &SourceFile, diagnostics: &[polgen_diagnostics::Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let (start, _) = source.span_positions(d.span);
        let _ = writeln!(out, "{start} {} {}: {}", d.severity, d.rule, d.message);
        let _ = writeln!(out, "    underlined: {}", source.slice(d.span));
        if let Some(label) = &d.label {
            let _ = writeln!(out, "    label: {label}");
        }
        for label in &d.labels {
            let _ = writeln!(
                out,
                "    related: {} ({})",
                source.slice(label.span),
                label.message.as_deref().unwrap_or("")
            );
        }
        for note in &d.notes {
            let _ = writeln!(out, "    note: {note}");
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "    help: {help}");
        }
    }
    out
}

fn lint_one(rule_id: &str, name: &str, text: String) -> (usize, String) {
    let rule = find_vault_rule(rule_id).unwrap_or_else(|| panic!("no rule `{rule_id}`"));
    let source = SourceFile::new(name.to_string(), text);
    let enabled = [EnabledVaultRule {
        rule,
        severity: rule.meta().severity,
    }];
    let outcome = lint_vault(
        &source,
        &settings_for(name),
        &enabled,
        Some(Severity::Error),
    );
    let own = outcome
        .diagnostics
        .iter()
        .filter(|d| d.rule == rule_id)
        .count();
    let syntax = outcome.diagnostics.iter().any(|d| d.rule == "syntax-error");
    assert!(
        !syntax,
        "{name}: syntax error:\n{}",
        render(&source, &outcome.diagnostics)
    );
    (own, render(&source, &outcome.diagnostics))
}

fn fixture_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "hcl" || e == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn vault_fixtures_fire_and_stay_silent() {
    let mut failures = Vec::new();
    for rule in all_vault_rules() {
        let id = rule.meta().id;
        let dir = testdata().join(id);
        for file in fixture_files(&dir) {
            let name = file
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            let text = std::fs::read_to_string(&file).expect("readable");
            let (count, rendered) = lint_one(id, &name, text);
            if name.starts_with("fail-") && count == 0 {
                failures.push(format!("{id}/{name}: expected a finding, got none"));
            }
            if name.starts_with("pass-") && count > 0 {
                failures.push(format!(
                    "{id}/{name}: expected no finding, got:\n{rendered}"
                ));
            }
            if name.starts_with("fail-") {
                let stem = name
                    .rsplit_once('.')
                    .map_or(name.as_str(), |(s, _)| s)
                    .to_string();
                insta::with_settings!({snapshot_path => dir.join("snapshots"), prepend_module_to_snapshot => false, omit_expression => true}, {
                    insta::assert_snapshot!(stem, rendered);
                });
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_vault_rule_has_fixtures_and_every_fixture_a_rule() {
    let mut problems = Vec::new();
    for rule in all_vault_rules() {
        let id = rule.meta().id;
        let files = fixture_files(&testdata().join(id));
        let has = |prefix: &str| {
            files.iter().any(|f| {
                f.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(prefix))
            })
        };
        if !has("fail-") || !has("pass-") {
            problems.push(format!(
                "rule `{id}` needs a fail-*.hcl and a pass-*.hcl in testdata/rules/vault/{id}/"
            ));
        }
    }
    if let Ok(entries) = std::fs::read_dir(testdata()) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if entry.path().is_dir() && find_vault_rule(&name).is_none() {
                problems.push(format!("testdata/rules/vault/{name} has no rule"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The HCL code blocks of a Markdown section.
fn hcl_blocks(doc: &str, section: &str) -> Vec<String> {
    let Some(start) = doc.find(&format!("## {section}\n")) else {
        return Vec::new();
    };
    let body = &doc[start + section.len() + 4..];
    let body = &body[..body.find("\n## ").unwrap_or(body.len())];
    body.split("```hcl\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .map(str::to_string)
        .collect()
}

#[test]
fn vault_rule_docs_have_the_sections_and_their_examples_hold() {
    let mut problems = Vec::new();
    for rule in all_vault_rules() {
        let meta = rule.meta();
        assert!(meta.id.starts_with("vault-"), "{}", meta.id);
        for section in [
            "What it does",
            "Why is this bad?",
            "Example",
            "Use instead",
            "References",
        ] {
            if !meta.doc.contains(&format!("## {section}\n")) {
                problems.push(format!("`{}`: doc has no `## {section}` section", meta.id));
            }
        }
        for (section, must_fire) in [("Example", true), ("Use instead", false)] {
            let blocks = hcl_blocks(meta.doc, section);
            if blocks.is_empty() {
                problems.push(format!("`{}`: `## {section}` has no ```hcl block", meta.id));
            }
            for block in blocks {
                let (count, _) = lint_one(meta.id, "doc.hcl", block.clone());
                if (count > 0) != must_fire {
                    problems.push(format!(
                        "`{}`: the `{section}` example {}:\n{block}",
                        meta.id,
                        if must_fire { "does not fire" } else { "fires" }
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn rule_ids_are_unique_across_aws_and_vault() {
    let mut ids: Vec<&str> = polgen_rules::all_rule_metas().map(|m| m.id).collect();
    let before = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(before, ids.len(), "duplicate rule ids");
}
