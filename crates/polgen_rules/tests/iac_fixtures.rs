//! Fixture tests of the IaC rules: `testdata/rules/iac/<rule-id>/fail-*.{yaml,json,tf}`
//! must fire the rule and `pass-*` must not, each read by its front-end and linted with
//! only that rule enabled. Findings are snapshotted with the text they underline. The
//! `yaml`/`hcl` examples of each rule's doc must fire (Example) or stay silent (Use instead).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use polgen_iac::HostDocument;
use polgen_rules::{EnabledRule, Settings, all_rules, is_iac_rule, lint_host};
use polgen_source::SourceFile;

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/rules/iac")
}

/// The host model of a fixture, by its extension.
fn host_of(name: &str, text: &str) -> HostDocument {
    if name.ends_with(".tf") || name.ends_with(".hcl") {
        return polgen_terraform::parse(text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    }
    match polgen_cloudformation::parse(text) {
        Ok(polgen_cloudformation::Parsed::Template(doc)) => doc,
        Ok(polgen_cloudformation::Parsed::NotATemplate) => panic!("{name}: not a template"),
        Err(e) => panic!("{name}: {e:?}"),
    }
}

fn lint(rule_id: &str, name: &str, text: &str) -> (usize, String) {
    let rule = all_rules().find(|r| r.meta().id == rule_id).expect("rule");
    let source = SourceFile::new(name.to_string(), text.to_string());
    let host = host_of(name, text);
    // `.strict.` fixtures use the strict ruleset's settings (1-hour sessions).
    let strict = name.contains(".strict.");
    let settings = Settings {
        strict,
        max_session_hours: if strict { 1 } else { 4 },
        ..Settings::default()
    };
    let enabled = [EnabledRule {
        rule,
        severity: rule.meta().severity,
    }];
    let diagnostics = lint_host(&source, &host, &settings, &enabled);
    let mut out = String::new();
    for d in &diagnostics {
        let (start, _) = source.span_positions(d.span);
        let _ = writeln!(out, "{start} {} {}: {}", d.severity, d.rule, d.message);
        let _ = writeln!(out, "    underlined: {}", source.slice(d.span));
        if let Some(path) = &d.location_path {
            let _ = writeln!(out, "    resource: {path}");
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "    help: {help}");
        }
    }
    (diagnostics.len(), out)
}

fn fixtures(id: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(testdata().join(id))
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn iac_fixtures_fire_and_stay_silent() {
    let mut failures = Vec::new();
    for rule in all_rules().filter(|r| is_iac_rule(r.meta().id)) {
        let id = rule.meta().id;
        let files = fixtures(id);
        let named = |p: &str| {
            files.iter().any(|f| {
                f.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(p))
            })
        };
        if !named("fail-") || !named("pass-") {
            failures.push(format!(
                "rule `{id}` needs fail-* and pass-* fixtures in testdata/rules/iac/{id}/"
            ));
        }
        for file in files {
            let name = file
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            let text = std::fs::read_to_string(&file).expect("fixture");
            let (count, rendered) = lint(id, &name, &text);
            if name.starts_with("fail-") {
                if count == 0 {
                    failures.push(format!("{id}/{name}: expected a finding, got none"));
                }
                insta::with_settings!({snapshot_path => testdata().join(id).join("snapshots"), prepend_module_to_snapshot => false, omit_expression => true}, {
                    insta::assert_snapshot!(name.clone(), rendered);
                });
            } else if name.starts_with("pass-") && count > 0 {
                failures.push(format!(
                    "{id}/{name}: expected no finding, got:\n{rendered}"
                ));
            }
        }
    }
    if let Ok(entries) = std::fs::read_dir(testdata()) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if !is_iac_rule(&name) {
                failures.push(format!("testdata/rules/iac/{name} has no IaC rule"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The fenced blocks of a doc section, with the extension their language implies.
fn blocks(doc: &str, section: &str) -> Vec<(&'static str, String)> {
    let Some(start) = doc.find(&format!("## {section}\n")) else {
        return Vec::new();
    };
    let body = &doc[start + section.len() + 4..];
    let body = &body[..body.find("\n## ").unwrap_or(body.len())];
    let mut out = Vec::new();
    for (fence, ext) in [("```yaml\n", "doc.yaml"), ("```hcl\n", "doc.tf")] {
        out.extend(
            body.split(fence)
                .skip(1)
                .filter_map(|b| b.split("```").next())
                .map(|b| (ext, b.to_string())),
        );
    }
    out
}

#[test]
fn iac_rule_docs_examples_hold() {
    let mut problems = Vec::new();
    for rule in all_rules().filter(|r| is_iac_rule(r.meta().id)) {
        let meta = rule.meta();
        for (section, must_fire) in [("Example", true), ("Use instead", false)] {
            let found = blocks(meta.doc, section);
            if found.is_empty() {
                problems.push(format!(
                    "`{}`: `## {section}` has no yaml or hcl block",
                    meta.id
                ));
            }
            for (name, block) in found {
                let (count, rendered) = lint(meta.id, name, &block);
                if (count > 0) != must_fire {
                    problems.push(format!(
                        "`{}`: the `{section}` example:\n{block}\n{rendered}",
                        meta.id
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
