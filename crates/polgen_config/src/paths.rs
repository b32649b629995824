//! Matching files against the globs of `[[overrides]] paths`.

use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::ConfigError;

/// The globs of one override, split by how they match (see the crate docs).
#[derive(Clone, Debug)]
pub(crate) struct PathMatcher {
    /// Globs with a `/`: matched against the relative path and each of its parent directories.
    anchored: GlobSet,
    /// Globs without `/`: matched against each file or directory name of the path.
    names: GlobSet,
}

impl PathMatcher {
    pub fn new(globs: &[String]) -> Result<Self, ConfigError> {
        let mut anchored = GlobSetBuilder::new();
        let mut names = GlobSetBuilder::new();
        for glob in globs {
            let pattern = glob.trim_start_matches("./").trim_start_matches('/');
            let pattern = pattern.trim_end_matches('/');
            let compiled = GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .map_err(|e| ConfigError::InvalidGlob {
                    glob: glob.clone(),
                    message: e.kind().to_string(),
                })?;
            if pattern.contains('/') {
                anchored.add(compiled);
            } else {
                names.add(compiled);
            }
        }
        let build = |builder: GlobSetBuilder| {
            builder.build().map_err(|e| ConfigError::InvalidGlob {
                glob: globs.join(", "),
                message: e.to_string(),
            })
        };
        Ok(Self {
            anchored: build(anchored)?,
            names: build(names)?,
        })
    }

    /// Whether `relative` (a path relative to the config directory) matches.
    pub fn is_match(&self, relative: &Path) -> bool {
        relative
            .ancestors()
            .filter(|p| !p.as_os_str().is_empty())
            .any(|p| self.anchored.is_match(p))
            || relative
                .components()
                .any(|c| matches!(c, Component::Normal(name) if self.names.is_match(name)))
    }
}

/// `path` relative to `root`, both made absolute against `cwd` and cleaned of `.` and `..`.
/// A path outside `root` is returned absolute (only name globs can match it).
pub(crate) fn relative_to(path: &Path, root: &Path, cwd: &Path) -> PathBuf {
    let absolute = |p: &Path| {
        if p.is_absolute() {
            normalize(p)
        } else {
            normalize(&cwd.join(p))
        }
    };
    let path = absolute(path);
    let root = absolute(root);
    match path.strip_prefix(&root) {
        Ok(relative) => relative.to_path_buf(),
        Err(_) => path,
    }
}

/// Removes `.` and resolves `..` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(globs: &[&str]) -> PathMatcher {
        let globs: Vec<String> = globs.iter().map(|g| g.to_string()).collect();
        PathMatcher::new(&globs).expect("valid globs")
    }

    #[test]
    fn anchored_globs_match_from_the_root() {
        let m = matcher(&["legacy/**"]);
        assert!(m.is_match(Path::new("legacy/a.json")));
        assert!(m.is_match(Path::new("legacy/x/y/a.json")));
        assert!(!m.is_match(Path::new("src/legacy/a.json")));
        let m = matcher(&["legacy/*.json"]);
        assert!(m.is_match(Path::new("legacy/a.json")));
        assert!(!m.is_match(Path::new("legacy/x/a.json")));
    }

    #[test]
    fn directories_match_their_contents() {
        let m = matcher(&["infra/old"]);
        assert!(m.is_match(Path::new("infra/old/a.tf")));
        assert!(!m.is_match(Path::new("infra/older/a.tf")));
        let m = matcher(&["vendor"]);
        assert!(m.is_match(Path::new("x/vendor/a.json")));
    }

    #[test]
    fn name_globs_match_at_any_depth() {
        let m = matcher(&["*.generated.json"]);
        assert!(m.is_match(Path::new("a.generated.json")));
        assert!(m.is_match(Path::new("deep/er/a.generated.json")));
        assert!(!m.is_match(Path::new("a.json")));
    }

    #[test]
    fn invalid_globs_are_reported() {
        let err = PathMatcher::new(&["a/[".to_owned()]).expect_err("invalid");
        assert!(err.to_string().contains("`a/[`"), "{err}");
    }

    #[test]
    fn paths_are_made_relative_to_the_root() {
        let cwd = Path::new("/repo/sub");
        assert_eq!(
            relative_to(Path::new("../legacy/./a.json"), Path::new("/repo"), cwd),
            PathBuf::from("legacy/a.json")
        );
        assert_eq!(
            relative_to(Path::new("/elsewhere/a.json"), Path::new("/repo"), cwd),
            PathBuf::from("/elsewhere/a.json")
        );
    }
}
