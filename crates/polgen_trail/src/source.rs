//! Where CloudTrail logs come from. A source splits its logs into units (files, S3 objects, API
//! pages) that are read independently and in parallel; each unit's bytes may be gzip or not and
//! in any layout `records` knows. Local files are here; the S3 and `LookupEvents` sources of
//! polgen_trail_aws implement the same trait (their `read` returns an object's bytes, or a page
//! of events as JSON lines), so that this crate stays free of the AWS SDK.

use std::fs;
use std::path::{Path, PathBuf};

use polgen_source::read::{check_regular, io_message, read_limited};

/// One piece of input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unit {
    /// What the report calls it: a path, `s3://bucket/key`, `lookup-events page 3`.
    pub name: String,
    /// Size in bytes when known (progress, scheduling).
    pub size: u64,
}

/// A provider of CloudTrail logs.
pub trait TrailSource: Sync {
    /// The units to read. An error here (a path that does not exist) stops the run.
    fn units(&self) -> Result<Vec<Unit>, String>;
    /// The bytes of one unit. An error here is reported with the unit's name; the run goes on.
    fn read(&self, unit: &Unit) -> Result<Vec<u8>, String>;
}

/// Files, folders (walked: the S3 delivery layout `AWSLogs/<account>/CloudTrail/<region>/...`
/// or any other) and glob patterns on the local disk. Only regular files are read (a FIFO
/// would block, `/dev/zero` never end), each of at most `max_file_bytes`.
pub struct LocalFiles {
    inputs: Vec<String>,
    max_file_bytes: u64,
}

impl LocalFiles {
    pub fn new(inputs: impl IntoIterator<Item = impl Into<String>>) -> LocalFiles {
        LocalFiles {
            inputs: inputs.into_iter().map(Into::into).collect(),
            max_file_bytes: crate::Limits::default().max_file_bytes,
        }
    }

    /// Files larger than `bytes` on disk are refused (the decompressed size has its own limit).
    pub fn with_max_file_bytes(mut self, bytes: u64) -> LocalFiles {
        self.max_file_bytes = bytes;
        self
    }
}

/// What a walk found: the log files, and the folders it could not list.
#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    unreadable: Vec<PathBuf>,
}

impl TrailSource for LocalFiles {
    fn units(&self) -> Result<Vec<Unit>, String> {
        let mut walk = Walk::default();
        for input in &self.inputs {
            let path = Path::new(input);
            match fs::metadata(path) {
                Ok(meta) if meta.is_file() => walk.files.push(path.to_path_buf()),
                Ok(meta) if meta.is_dir() => walk_top(path, &mut walk)?,
                // Named explicitly, a FIFO or a device stops the run like a missing path.
                Ok(_) => {
                    let why = check_regular(path)
                        .err()
                        .map_or_else(|| "not a regular file".to_owned(), |e| e.to_string());
                    return Err(format!("`{input}`: {why}"));
                }
                Err(_) if input.contains(['*', '?', '[']) => {
                    let matches = glob::glob(input)
                        .map_err(|e| format!("bad glob pattern `{input}`: {e}"))?;
                    let before = walk.files.len();
                    for entry in matches.flatten() {
                        if entry.is_dir() {
                            walk_dir(&entry, &mut walk);
                        } else if is_log_file(&entry) {
                            walk.files.push(entry);
                        }
                    }
                    if walk.files.len() == before {
                        return Err(format!("`{input}` matches no CloudTrail file"));
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(format!("`{input}`: no such file or folder"));
                }
                Err(e) => return Err(format!("`{input}`: {}", io_message(&e))),
            }
        }
        walk.files.sort();
        walk.files.dedup();
        // A folder that cannot be listed is a unit whose read fails: it is named beside the
        // other problems, and the rest is read.
        walk.files.append(&mut walk.unreadable);
        Ok(walk
            .files
            .into_iter()
            .map(|p| Unit {
                size: fs::metadata(&p).map_or(0, |m| if m.is_file() { m.len() } else { 0 }),
                name: p.to_string_lossy().into_owned(),
            })
            .collect())
    }

    fn read(&self, unit: &Unit) -> Result<Vec<u8>, String> {
        let path = Path::new(&unit.name);
        if fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            // A folder the walk could not list (see [`walk_dir`]).
            return Err(match fs::read_dir(path) {
                Err(e) => format!("cannot list this folder: {}", io_message(&e)),
                Ok(_) => "a folder, not a log file".to_owned(),
            });
        }
        read_limited(path, self.max_file_bytes).map_err(|e| e.to_string())
    }
}

/// A folder named on the command line must be readable: that one stops the run.
fn walk_top(dir: &Path, walk: &mut Walk) -> Result<(), String> {
    fs::read_dir(dir)
        .map_err(|e| format!("cannot read folder {}: {}", dir.display(), io_message(&e)))?;
    walk_dir(dir, walk);
    Ok(())
}

/// Files in a folder that can hold CloudTrail records. Digest files (`CloudTrail-Digest/`, the
/// signatures CloudTrail delivers beside the logs) and hidden files are skipped.
fn walk_dir(dir: &Path, walk: &mut Walk) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(_) => {
            // Reported as a unit whose read fails, with the others' problems; the run goes on.
            walk.unreadable.push(dir.to_path_buf());
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || is_digest_folder(&name) {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        // Links to folders are not followed (they could loop). A log-named FIFO, device or
        // link to one is kept: its read refuses it, so the report names it.
        if kind.is_dir() {
            walk_dir(&path, walk);
        } else if is_log_file(&path) {
            walk.files.push(path);
        }
    }
}

/// The folder CloudTrail delivers digest files to (signatures of the logs, not events), beside
/// `CloudTrail/` in the delivery layout.
pub const DIGEST_FOLDER: &str = "CloudTrail-Digest";

/// True when a folder (a path segment, an S3 key segment) named `name` holds digests.
pub fn is_digest_folder(name: &str) -> bool {
    name == DIGEST_FOLDER
}

/// True when a file (or S3 object) named `name` can be a CloudTrail log by its extension
/// (`.json`, `.jsonl`, `.ndjson`, each optionally gzipped), whatever the case.
pub fn is_log_name(name: &str) -> bool {
    const EXTENSIONS: [&str; 6] = [
        ".json",
        ".json.gz",
        ".jsonl",
        ".jsonl.gz",
        ".ndjson",
        ".ndjson.gz",
    ];
    let name = name.to_ascii_lowercase();
    EXTENSIONS.iter().any(|ext| name.ends_with(ext))
}

/// A local file is read when [`is_log_name`] accepts it, and also for a bare `.gz` (a log
/// renamed or exported without the `.json`); S3 keys are not (a bucket holds other services'
/// archives).
fn is_log_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    is_log_name(&name) || name.to_ascii_lowercase().ends_with(".gz")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_the_s3_layout_and_skips_digests() {
        let dir = tempfile::tempdir().expect("test input is valid");
        let day = dir
            .path()
            .join("AWSLogs/111122223333/CloudTrail/eu-west-1/2024/05/01");
        let digest = dir
            .path()
            .join("AWSLogs/111122223333/CloudTrail-Digest/eu-west-1/2024/05/01");
        fs::create_dir_all(&day).expect("test input is valid");
        fs::create_dir_all(&digest).expect("test input is valid");
        fs::write(day.join("a.json.gz"), b"").expect("test input is valid");
        fs::write(day.join("notes.txt"), b"").expect("test input is valid");
        fs::write(digest.join("d.json.gz"), b"").expect("test input is valid");
        let units = LocalFiles::new([dir.path().to_string_lossy()])
            .units()
            .expect("test input is valid");
        assert_eq!(units.len(), 1);
        assert!(units[0].name.ends_with("a.json.gz"));
        let pattern = format!("{}/AWSLogs/*/CloudTrail/*/2024/05/*", dir.path().display());
        assert_eq!(
            LocalFiles::new([pattern])
                .units()
                .expect("test input is valid")
                .len(),
            1
        );
        assert!(LocalFiles::new(["/no/such/path"]).units().is_err());
    }
}
