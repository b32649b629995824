//! Runs the security rules over the shared corpus of AWS managed policies (skipped when absent).
//! `cargo test -p polgen_rules security::corpus_tests -- --ignored --nocapture` prints counts.

use std::collections::BTreeMap;
use std::path::Path;

use polgen_source::SourceFile;

use crate::engine::EnabledRule;
use crate::settings::Settings;

fn lint(path: &Path) -> Vec<(String, String)> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let name = path.display().to_string();
    let source = SourceFile::new(name, text);
    let rules: Vec<EnabledRule> = super::RULES
        .iter()
        .map(|&rule| EnabledRule {
            rule,
            severity: rule.meta().severity,
        })
        .collect();
    let outcome = crate::driver::lint_json(
        &source,
        Some(polgen_policy::PolicyKind::Identity),
        &Settings::default(),
        &rules,
    );
    outcome
        .diagnostics
        .into_iter()
        .map(|d| (d.rule.to_string(), d.message))
        .collect()
}

// Runs in about 2 s in a debug build: part of the normal suite.
#[test]
fn aws_managed_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/aws-managed");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: {} is absent", dir.display());
        return;
    };
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut per_file: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for file in &files {
        let findings = lint(file);
        let mut seen = Vec::new();
        for (rule, _) in &findings {
            let entry = counts.entry(rule.clone()).or_default();
            entry.0 += 1;
            if !seen.contains(rule) {
                entry.1 += 1;
                seen.push(rule.clone());
            }
        }
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        per_file.insert(stem, findings);
    }
    println!("{} policies", files.len());
    for (rule, (n, f)) in &counts {
        println!("{rule}: {n} findings in {f} policies");
    }
    let has = |p: &str, r: &str| {
        per_file
            .get(p)
            .is_some_and(|v| v.iter().any(|(rule, _)| rule == r))
    };
    assert!(has("AdministratorAccess", "admin-access"));
    assert!(!has("ReadOnlyAccess", "privilege-escalation"));
    assert!(has("IAMFullAccess", "privilege-escalation"));
    if let Ok(out) = std::env::var("POLGEN_CORPUS_DUMP") {
        let mut text = String::new();
        for (p, v) in &per_file {
            for (r, m) in v {
                text.push_str(&format!("{p}\t{r}\t{m}\n"));
            }
        }
        let _ = std::fs::write(out, text);
    }
}
