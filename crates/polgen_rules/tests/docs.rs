//! `docs/rules/<id>.md` must be exactly what the rules' metadata renders: the pages linked
//! from SARIF (`helpUri`) and from the human output cannot go stale. Regenerate with
//! `POLGEN_UPDATE_DOCS=1 cargo test -p polgen_rules --test docs`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use polgen_rules::all_rule_metas;

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules")
}

fn index() -> String {
    let mut out = String::from(
        "# polgen rules\n\nGenerated from the rules' metadata (`polgen rules` prints the same list; \
         `polgen explain RULE` prints a page).\n\n| rule | category | default severity | summary |\n|---|---|---|---|\n",
    );
    for m in all_rule_metas() {
        let _ = writeln!(
            out,
            "| [`{id}`]({id}.md) | {} | {} | {} |",
            m.category.as_str(),
            m.severity.as_str(),
            m.summary.replace('|', "\\|"),
            id = m.id
        );
    }
    out
}

#[test]
fn rule_pages_are_up_to_date() {
    let dir = docs_dir();
    let update = std::env::var_os("POLGEN_UPDATE_DOCS").is_some();
    let mut expected: Vec<(String, String)> = all_rule_metas()
        .map(|m| (format!("{}.md", m.id), m.page()))
        .collect();
    expected.push(("README.md".to_string(), index()));
    if update {
        std::fs::create_dir_all(&dir).expect("create docs/rules");
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.flatten() {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let mut stale = Vec::new();
    for (name, text) in &expected {
        let path = dir.join(name);
        if update {
            std::fs::write(&path, text).expect("write page");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(name.clone());
        }
    }
    let wanted: BTreeSet<&str> = expected.iter().map(|(n, _)| n.as_str()).collect();
    let extra: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !wanted.contains(n.as_str()))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "docs/rules is stale (changed or missing: {stale:?}; no longer a rule: {extra:?}); \
         regenerate with POLGEN_UPDATE_DOCS=1 cargo test -p polgen_rules --test docs"
    );
}
