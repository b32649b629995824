//! This crate only hosts polgen's in-process benchmarks (`cargo bench -p polgen_bench`,
//! see `benches/lint.rs` and `bench/README.md` at the repository root). It has no API of its
//! own beyond the helpers below, which locate and load the shared benchmark corpus.

use std::path::{Path, PathBuf};

use polgen_source::SourceFile;

/// The shared corpus directory: `$POLGEN_CORPUS` if set, else `../shared/corpus` relative to
/// the workspace root (i.e. next to the repository checkout).
pub fn corpus_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("POLGEN_CORPUS") {
        return PathBuf::from(dir);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

/// Every `.json` file directly inside `dir`, sorted by name, loaded as [`SourceFile`]s.
///
/// Returns `None` when `dir` does not exist or cannot be read, so that benchmarks can skip
/// quietly on machines without the corpus. Files that cannot be read are left out.
pub fn load_json_dir(dir: &Path) -> Option<Vec<SourceFile>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "json") && p.is_file())
        .collect();
    paths.sort();
    let files = paths
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            Some(SourceFile::new(p.display().to_string(), text))
        })
        .collect();
    Some(files)
}

/// The AWS managed policies of the corpus (`aws-managed/`, 1,644 files), or `None` when absent.
pub fn aws_managed() -> Option<Vec<SourceFile>> {
    load_json_dir(&corpus_dir().join("aws-managed")).filter(|files| !files.is_empty())
}

/// Every Vault policy (`.hcl`) under the corpus's `vault/` folder, sorted by path, or `None`
/// when absent.
pub fn vault_policies() -> Option<Vec<SourceFile>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "hcl") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(&corpus_dir().join("vault"), &mut paths);
    paths.sort();
    let files: Vec<SourceFile> = paths
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            Some(SourceFile::new(p.display().to_string(), text))
        })
        .collect();
    (!files.is_empty()).then_some(files)
}
