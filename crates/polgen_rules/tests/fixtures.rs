//! Fixture tests: `testdata/rules/aws/<rule-id>/fail-*.json` must fire the rule and
//! `pass-*.json` must not, each linted with only that rule enabled. The findings of every
//! fixture are snapshotted with the text they underline, so a moved span shows in review.
//!
//! A fixture's policy kind is detected from its content, or forced by a suffix:
//! `*.identity.json`, `*.resource.json`, `*.trust.json`, `*.scp.json`, `*.rcp.json`.
//! Fixtures named `*.strict.json` run with the strict ruleset's settings.
//!
//! `*.tf` fixtures are Terraform configurations: every policy the front-end finds in them
//! (the kind from where it is attached) is linted with the rule, as `polgen lint` does.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use polgen_policy::PolicyKind;
use polgen_rules::{
    EnabledRule, Settings, all_rules, find_rule, is_iac_rule, lint_host, lint_json,
};
use polgen_source::SourceFile;

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/rules/aws")
}

fn kind_of(name: &str) -> Option<PolicyKind> {
    let stem = name.strip_suffix(".json")?;
    let suffix = stem.rsplit('.').next()?;
    if suffix == stem {
        return None;
    }
    PolicyKind::parse(suffix)
}

/// Lints one fixture with only `rule_id` enabled; returns the rendered findings.
fn lint_fixture(rule_id: &str, path: &Path) -> (usize, String) {
    let rule = find_rule(rule_id).unwrap_or_else(|| panic!("no rule `{rule_id}`"));
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    let source = SourceFile::new(name.clone(), text);
    let settings = Settings {
        strict: name.contains(".strict."),
        own_accounts: vec!["111122223333".to_string()],
        ..Settings::default()
    };
    let enabled = [EnabledRule {
        rule,
        severity: rule.meta().severity,
    }];
    let diagnostics = if name.ends_with(".tf") {
        let host = polgen_terraform::parse(source.text())
            .unwrap_or_else(|e| panic!("{name}: {}", e.message));
        lint_host(&source, &host, &settings, &enabled)
    } else {
        lint_json(&source, kind_of(&name), &settings, &enabled).diagnostics
    };
    let mut out = String::new();
    for d in &diagnostics {
        let (start, _) = source.span_positions(d.span);
        let _ = writeln!(out, "{start} {} {}: {}", d.severity, d.rule, d.message);
        let _ = writeln!(out, "    underlined: {}", source.slice(d.span));
        for label in &d.labels {
            let _ = writeln!(
                out,
                "    related: {} ({})",
                source.slice(label.span),
                label.message.as_deref().unwrap_or("")
            );
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "    help: {help}");
        }
    }
    (diagnostics.len(), out)
}

fn fixture_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "tf"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn fixtures_fire_and_stay_silent() {
    let mut failures = Vec::new();
    for rule in all_rules().filter(|r| !is_iac_rule(r.meta().id)) {
        let id = rule.meta().id;
        let dir = testdata().join(id);
        for file in fixture_files(&dir) {
            let name = file
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            let (count, rendered) = lint_fixture(id, &file);
            if name.starts_with("fail-") && count == 0 {
                failures.push(format!("{id}/{name}: expected a finding, got none"));
            }
            if name.starts_with("pass-") && count > 0 {
                failures.push(format!(
                    "{id}/{name}: expected no finding, got:\n{rendered}"
                ));
            }
            if name.starts_with("fail-") {
                insta::with_settings!({snapshot_path => testdata().join(id).join("snapshots"), prepend_module_to_snapshot => false, omit_expression => true}, {
                    insta::assert_snapshot!(name.trim_end_matches(".json").to_string(), rendered);
                });
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_fixtures_and_every_fixture_a_rule() {
    let mut problems = Vec::new();
    // IaC rules have their fixtures in testdata/rules/iac (tests/iac_fixtures.rs).
    for rule in all_rules().filter(|r| !is_iac_rule(r.meta().id)) {
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
            problems.push(format!("rule `{id}` needs at least one fail-*.json and one pass-*.json in testdata/rules/aws/{id}/"));
        }
    }
    if let Ok(entries) = std::fs::read_dir(testdata()) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if find_rule(&name).is_none() {
                problems.push(format!("testdata/rules/aws/{name} has no rule"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The JSON code blocks of a Markdown section (`## Title` up to the next `## `).
fn json_blocks(doc: &str, section: &str) -> Vec<String> {
    let Some(start) = doc.find(&format!("## {section}\n")) else {
        return Vec::new();
    };
    let body = &doc[start + section.len() + 4..];
    let body = &body[..body.find("\n## ").unwrap_or(body.len())];
    body.split("```json\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .map(str::to_string)
        .collect()
}

#[test]
fn rule_docs_have_the_sections_and_their_examples_hold() {
    let mut problems = Vec::new();
    for rule in all_rules() {
        let meta = rule.meta();
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
        // IaC rules' examples are templates, checked in tests/iac_fixtures.rs.
        if meta.id == "syntax-error" || is_iac_rule(meta.id) {
            continue;
        }
        let enabled = [EnabledRule {
            rule,
            severity: meta.severity,
        }];
        for (section, must_fire) in [("Example", true), ("Use instead", false)] {
            let blocks = json_blocks(meta.doc, section);
            if blocks.is_empty() {
                problems.push(format!(
                    "`{}`: `## {section}` has no ```json block",
                    meta.id
                ));
            }
            for block in blocks {
                let source = SourceFile::new("doc.json", block.clone());
                let outcome = lint_json(&source, None, &Settings::default(), &enabled);
                let fired = outcome.diagnostics.iter().any(|d| d.rule == meta.id);
                if fired != must_fire {
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
fn rule_ids_are_unique_kebab_case() {
    let mut ids: Vec<&str> = all_rules().map(|r| r.meta().id).collect();
    for id in &ids {
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "`{id}` is not kebab-case"
        );
    }
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, ids.len(), "duplicate rule ids");
}

#[test]
fn unused_enabled_rule_type_is_constructible() {
    // Keeps the public EnabledRule constructor in use from outside the crate.
    let rule = all_rules().next().expect("rules");
    let _ = EnabledRule {
        rule,
        severity: rule.meta().severity,
    };
}
