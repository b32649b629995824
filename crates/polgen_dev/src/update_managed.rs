//! `update-managed`: regenerate `crates/polgen_catalog/data/aws_managed.json`, the fingerprints
//! of the AWS managed policies (see `polgen_catalog::managed`), or with `--check` compare it
//! with the committed file.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use polgen_catalog::managed::{AWS_MANAGED_FILE, AwsManaged, ManagedPolicy, fingerprint_hex};
use serde::Deserialize;

use crate::update_catalog::default_data_dir;
use crate::update_undocumented::SOURCE;

/// The committed file.
pub fn default_file() -> PathBuf {
    default_data_dir().join(AWS_MANAGED_FILE)
}

/// What the corpus' derived index (`meta/aws-managed-index.json`, beside the policies' folder)
/// says of a policy.
#[derive(Deserialize)]
struct IndexEntry {
    name: String,
    arn: Option<String>,
    version: Option<String>,
}

/// The index beside `managed_dir` (`<corpus>/meta/aws-managed-index.json`), by name.
fn index(managed_dir: &Path) -> BTreeMap<String, IndexEntry> {
    let path = managed_dir
        .parent()
        .map(|corpus| corpus.join("meta/aws-managed-index.json"));
    let Some(text) = path.and_then(|p| fs::read_to_string(p).ok()) else {
        return BTreeMap::new();
    };
    serde_json::from_str::<Vec<IndexEntry>>(&text)
        .map(|entries| entries.into_iter().map(|e| (e.name.clone(), e)).collect())
        .unwrap_or_default()
}

/// Fingerprints every `*.json` policy of `managed_dir`.
pub fn collect(managed_dir: &Path) -> Result<AwsManaged, String> {
    let mut files: Vec<PathBuf> = fs::read_dir(managed_dir)
        .map_err(|e| format!("{}: {e}", managed_dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("{}: no .json policies", managed_dir.display()));
    }
    let index = index(managed_dir);
    let mut policies = Vec::with_capacity(files.len());
    for path in &files {
        let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let parsed = polgen_policy::json::parse(&text)
            .map_err(|e| format!("{}: {}", path.display(), e.message))?;
        let fingerprint = polgen_policy::fingerprint::fingerprint(&parsed.root)
            .ok_or_else(|| format!("{}: no fingerprint", path.display()))?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let entry = index.get(&name);
        policies.push(ManagedPolicy {
            fingerprint: fingerprint_hex(fingerprint),
            arn: entry.and_then(|e| e.arn.clone()),
            version: entry.and_then(|e| e.version.clone()),
            name,
        });
    }
    policies.sort();
    Ok(AwsManaged {
        source: SOURCE.to_string(),
        policies,
    })
}

fn render(table: &AwsManaged) -> Result<String, String> {
    let mut text = serde_json::to_string_pretty(table).map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(text)
}

/// Regenerates (or with `check`, compares) `file`; `Ok(true)` when it was written.
pub fn run(managed_dir: &Path, file: &Path, check: bool) -> Result<bool, String> {
    let text = render(&collect(managed_dir)?)?;
    let current = fs::read_to_string(file).unwrap_or_default();
    if current == text {
        return Ok(false);
    }
    if check {
        return Err(format!(
            "{} has drifted from the managed policies in {}; regenerate it with:\n  cargo run -p polgen_dev -- update-managed --managed {}",
            file.display(),
            managed_dir.display(),
            managed_dir.display()
        ));
    }
    fs::write(file, text).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(true)
}
