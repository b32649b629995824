//! `update-undocumented`: regenerate `crates/polgen_catalog/data/undocumented.json`, the names
//! AWS managed policies use that the catalog lacks (see `polgen_catalog::undocumented`), or
//! with `--check` compare it with the committed file.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use polgen_catalog::undocumented::UNDOCUMENTED_FILE;
use polgen_catalog::wildcard::{has_wildcard, matches_ignore_case};
use polgen_catalog::{Catalog, CrossService, Evidence, Undocumented};
use serde_json::Value;

use crate::update_catalog::default_data_dir;

/// Provenance written into the file: the corpus the names come from.
pub const SOURCE: &str = "AWS managed policies: iann0036/iam-dataset aws/managedpolicies \
(MIT, commit 2073fa52ac008a45477aa0b1b4580cd99135bf60, 2026-08-22) and zoph-io/MAMIP \
(commit 0387244e53a3dbe038810ef3463489c2c6836f06) for the three documents over 4 MiB";

/// The committed file.
pub fn default_file() -> PathBuf {
    default_data_dir().join(UNDOCUMENTED_FILE)
}

/// Collects the names of every `*.json` policy in `managed_dir` that `catalog` does not know.
pub fn collect(catalog: &Catalog, managed_dir: &Path) -> Result<Undocumented, String> {
    let mut files: Vec<PathBuf> = fs::read_dir(managed_dir)
        .map_err(|e| format!("{}: {e}", managed_dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("{}: no .json policies", managed_dir.display()));
    }
    // Lowercase name -> evidence; files are visited in name order, so the first policy wins.
    let mut services = BTreeMap::new();
    let mut actions = BTreeMap::new();
    let mut keys = BTreeMap::new();
    let mut cross = BTreeMap::new();
    for path in &files {
        let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let doc: Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let policy = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let evidence = |name: &str| Evidence {
            name: name.to_owned(),
            policy: policy.clone(),
        };
        for statement in statements(&doc) {
            for field in ["Action", "NotAction"] {
                for action in strings(statement.get(field)) {
                    match judge_action(catalog, action) {
                        Judgement::Known => {}
                        Judgement::UnknownService(prefix) => {
                            services
                                .entry(prefix.to_ascii_lowercase())
                                .or_insert_with(|| evidence(&prefix.to_ascii_lowercase()));
                        }
                        Judgement::UnknownAction => {
                            actions
                                .entry(action.to_ascii_lowercase())
                                .or_insert_with(|| evidence(action));
                        }
                    }
                }
            }
            cross_service(catalog, statement, &policy, &mut cross);
            let Some(Value::Object(condition)) = statement.get("Condition") else {
                continue;
            };
            for block in condition.values() {
                let Value::Object(block) = block else {
                    continue;
                };
                for key in block.keys() {
                    if catalog.condition_key(key).is_none() {
                        keys.entry(key.to_ascii_lowercase())
                            .or_insert_with(|| evidence(key));
                    }
                }
            }
        }
    }
    Ok(Undocumented {
        source: SOURCE.to_owned(),
        catalog: catalog.describe(),
        services: services.into_values().collect(),
        actions: actions.into_values().collect(),
        condition_keys: keys.into_values().collect(),
        arn_namespaces: cross.into_values().collect(),
    })
}

enum Judgement<'a> {
    Known,
    UnknownService(&'a str),
    UnknownAction,
}

fn judge_action<'a>(catalog: &Catalog, action: &'a str) -> Judgement<'a> {
    let Some((prefix, name)) = action.split_once(':') else {
        return Judgement::Known; // `*` or malformed: not a name
    };
    if has_wildcard(prefix) {
        return Judgement::Known;
    }
    let Some(service) = catalog.service(prefix) else {
        return Judgement::UnknownService(prefix);
    };
    let known = if name.bytes().all(|b| b == b'*') {
        true
    } else if has_wildcard(name) {
        service
            .actions()
            .any(|a| matches_ignore_case(name, &a.name))
    } else {
        service.action(name).is_some()
    };
    if known {
        Judgement::Known
    } else {
        Judgement::UnknownAction
    }
}

/// Records the ARN namespaces a statement uses that none of its actions' services has a
/// resource type in (what `resource-mismatch` would call a cross-service mismatch).
fn cross_service(
    catalog: &Catalog,
    statement: &serde_json::Map<String, Value>,
    policy: &str,
    out: &mut BTreeMap<(String, String), CrossService>,
) {
    let mut services: Vec<String> = Vec::new();
    for action in strings(statement.get("Action")) {
        let Some((prefix, _)) = action.split_once(':') else {
            return; // `*`: every service.
        };
        if has_wildcard(prefix) {
            return;
        }
        let prefix = prefix.to_ascii_lowercase();
        if !services.contains(&prefix) {
            services.push(prefix);
        }
    }
    let mut namespaces: Vec<String> = Vec::new();
    for prefix in &services {
        let Some(service) = catalog.service(prefix) else {
            return;
        };
        match service.arn_namespaces() {
            Some(ns) => namespaces.extend(ns),
            None => return,
        }
    }
    for resource in strings(statement.get("Resource")) {
        let Some(namespace) = polgen_catalog::literal_arn_service(resource) else {
            continue;
        };
        let namespace = namespace.to_ascii_lowercase();
        if namespaces.contains(&namespace) {
            continue;
        }
        for service in &services {
            out.entry((service.clone(), namespace.clone()))
                .or_insert_with(|| CrossService {
                    service: service.clone(),
                    namespace: namespace.clone(),
                    policy: policy.to_owned(),
                });
        }
    }
}

fn statements(doc: &Value) -> Vec<&serde_json::Map<String, Value>> {
    match doc.get("Statement") {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_object).collect(),
        Some(Value::Object(one)) => vec![one],
        _ => Vec::new(),
    }
}

fn strings(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The file's text: pretty JSON with a trailing newline (stable, reviewable diffs).
pub fn render(data: &Undocumented) -> Result<String, String> {
    serde_json::to_string_pretty(data)
        .map(|s| s + "\n")
        .map_err(|e| e.to_string())
}

/// Regenerates (or with `check` compares) `file` from `managed_dir`.
pub fn run(managed_dir: &Path, file: &Path, check: bool) -> Result<bool, String> {
    let text = render(&collect(Catalog::get(), managed_dir)?)?;
    let current = fs::read_to_string(file).unwrap_or_default();
    if check {
        if current == text {
            return Ok(false);
        }
        return Err(format!(
            "{} has drifted from the managed policies in {}; regenerate it with:\n  cargo run -p polgen_dev -- update-undocumented --managed {}",
            file.display(),
            managed_dir.display(),
            managed_dir.display()
        ));
    }
    if current == text {
        return Ok(false);
    }
    fs::write(file, text).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(true)
}
