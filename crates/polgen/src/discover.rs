//! Finds the files to lint from the paths, folders and glob patterns on the command line.
//!
//! Files named explicitly (or matched by a glob) are always linted. Files found by walking
//! a folder are linted only when their name says they may hold a policy; the content check
//! ("is this a policy?") happens when the file is read.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use polgen_diagnostics::FileError;

/// A file to lint.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub path: PathBuf,
    /// Named on the command line (or matched by a glob): lint it whatever its content.
    pub explicit: bool,
}

pub struct Discovered {
    pub files: Vec<Candidate>,
    pub errors: Vec<FileError>,
    /// Files passed over while walking folders, with the reason (for `--verbose`).
    pub skipped: Vec<(PathBuf, &'static str)>,
}

/// Extensions of files that may hold policies when found in a folder.
const POLICY_EXTENSIONS: &[&str] = &["json", "hcl", "yaml", "yml", "template", "tf"];

pub fn display_path(path: &Path) -> String {
    let shown = path.strip_prefix("./").unwrap_or(path);
    shown.to_string_lossy().into_owned()
}

fn has_glob_chars(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

pub fn discover(inputs: &[String]) -> Discovered {
    let mut found = Discovered {
        files: Vec::new(),
        errors: Vec::new(),
        skipped: Vec::new(),
    };
    let defaults = [".".to_string()];
    let inputs = if inputs.is_empty() {
        &defaults[..]
    } else {
        inputs
    };
    for input in inputs {
        let path = Path::new(input);
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut found),
            Ok(_) => found.files.push(Candidate {
                path: path.to_path_buf(),
                explicit: true,
            }),
            Err(_) if has_glob_chars(input) => expand_glob(input, &mut found),
            Err(err) => found.errors.push(FileError {
                path: input.clone(),
                message: io_message(&err),
            }),
        }
    }
    // One entry per file, explicit wins, in a stable order.
    let mut seen = BTreeSet::new();
    found
        .files
        .sort_by(|a, b| (&a.path, !a.explicit).cmp(&(&b.path, !b.explicit)));
    found.files.retain(|c| seen.insert(c.path.clone()));
    found
}

fn expand_glob(pattern: &str, found: &mut Discovered) {
    let paths = match glob::glob(pattern) {
        Ok(paths) => paths,
        Err(err) => {
            found.errors.push(FileError {
                path: pattern.to_string(),
                message: format!("invalid glob pattern: {}", err.msg),
            });
            return;
        }
    };
    let mut matched = false;
    for entry in paths {
        match entry {
            Ok(p) if p.is_dir() => {
                matched = true;
                walk(&p, found);
            }
            Ok(p) => {
                matched = true;
                found.files.push(Candidate {
                    path: p,
                    explicit: true,
                });
            }
            Err(err) => found.errors.push(FileError {
                path: display_path(err.path()),
                message: io_message(err.error()),
            }),
        }
    }
    if !matched {
        found.errors.push(FileError {
            path: pattern.to_string(),
            message: "no file matches this pattern".to_string(),
        });
    }
}

fn walk(root: &Path, found: &mut Discovered) {
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(true)
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                // A FIFO, socket or device with a policy file's name is not passed over in
                // silence: it becomes a candidate, which the reader refuses, naming it ("not a
                // regular file"), without ever opening it.
                if entry.file_type().is_none_or(|t| t.is_dir()) {
                    continue;
                }
                let path = entry.into_path();
                let ext_ok = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| POLICY_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)));
                if ext_ok {
                    found.files.push(Candidate {
                        path,
                        explicit: false,
                    });
                } else {
                    found.skipped.push((path, "not a file type polgen lints"));
                }
            }
            Err(err) => found.errors.push(walk_error(&err)),
        }
    }
}

fn walk_error(err: &ignore::Error) -> FileError {
    // `ignore` nests errors with their path and depth; unwrap to the parts users need.
    let mut path = None;
    let mut current = err;
    loop {
        match current {
            ignore::Error::WithPath { path: p, err } => {
                path.get_or_insert_with(|| display_path(p));
                current = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                current = err
            }
            ignore::Error::Loop { ancestor, child } => {
                return FileError {
                    path: display_path(child),
                    message: format!(
                        "symbolic link loop: it leads back to `{}`; not followed",
                        display_path(ancestor)
                    ),
                };
            }
            ignore::Error::Io(io) => {
                return FileError {
                    path: path.unwrap_or_default(),
                    message: io_message(io),
                };
            }
            other => {
                return FileError {
                    path: path.unwrap_or_default(),
                    message: other.to_string(),
                };
            }
        }
    }
}

/// A short, lowercase description of an I/O error without Rust's `(os error N)` suffix.
pub fn io_message(err: &std::io::Error) -> String {
    polgen_source::read::io_message(err)
}
