//! Matching files against the globs of `[[overrides]] paths`.

use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::ConfigError;

/// The globs of every override, compiled into one set per kind: a file is matched once
/// against all of them, whatever the number of overrides (100k overrides matched one by one
/// made every file cost 100k matches per rule).
#[derive(Clone, Debug)]
pub(crate) struct PathMatcher {
    /// Globs with a `/`: matched against the relative path and each of its parent directories.
    anchored: GlobSet,
    /// Globs without `/`: matched against each file or directory name of the path.
    names: GlobSet,
    /// For each glob of `anchored`, then of `names`, in the order added: its group.
    anchored_group: Vec<usize>,
    names_group: Vec<usize>,
}

impl PathMatcher {
    /// Compiles `groups` (the `paths` of each override, in order); [`PathMatcher::matching`]
    /// answers with positions in it.
    pub fn new<'a>(groups: impl IntoIterator<Item = &'a [String]>) -> Result<Self, ConfigError> {
        let mut anchored = GlobSetBuilder::new();
        let mut names = GlobSetBuilder::new();
        let (mut anchored_group, mut names_group) = (Vec::new(), Vec::new());
        for (group, globs) in groups.into_iter().enumerate() {
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
                    anchored_group.push(group);
                } else {
                    names.add(compiled);
                    names_group.push(group);
                }
            }
        }
        let build = |builder: GlobSetBuilder, count: usize| {
            builder.build().map_err(|e| ConfigError::InvalidGlob {
                glob: format!("<{count} globs together>"),
                message: e.to_string(),
            })
        };
        Ok(Self {
            anchored: build(anchored, anchored_group.len())?,
            names: build(names, names_group.len())?,
            anchored_group,
            names_group,
        })
    }

    /// The groups with a glob matching `relative` (a path relative to the config
    /// directory), in order, each once.
    pub fn matching(&self, relative: &Path) -> Vec<usize> {
        let mut globs = Vec::new();
        let mut groups = Vec::new();
        for ancestor in relative.ancestors().filter(|p| !p.as_os_str().is_empty()) {
            self.anchored.matches_into(ancestor, &mut globs);
            groups.extend(globs.iter().map(|&g| self.anchored_group[g]));
        }
        for component in relative.components() {
            if let Component::Normal(name) = component {
                self.names.matches_into(name, &mut globs);
                groups.extend(globs.iter().map(|&g| self.names_group[g]));
            }
        }
        groups.sort_unstable();
        groups.dedup();
        groups
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

    /// One override with these globs.
    struct One(PathMatcher);

    impl One {
        fn is_match(&self, path: &Path) -> bool {
            self.0.matching(path) == [0]
        }
    }

    fn matcher(globs: &[&str]) -> One {
        let globs: Vec<String> = globs.iter().map(|g| g.to_string()).collect();
        One(PathMatcher::new([globs.as_slice()]).expect("valid globs"))
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
        let err = PathMatcher::new([["a/[".to_owned()].as_slice()]).expect_err("invalid");
        assert!(err.to_string().contains("`a/[`"), "{err}");
    }

    #[test]
    fn every_override_matching_is_found_once_in_order() {
        let groups: Vec<Vec<String>> = [
            vec!["legacy/**", "*.json"],
            vec!["src/**"],
            vec!["legacy"],
            vec!["a.json"],
        ]
        .iter()
        .map(|g| g.iter().map(|s| s.to_string()).collect())
        .collect();
        let m = PathMatcher::new(groups.iter().map(Vec::as_slice)).expect("valid globs");
        assert_eq!(m.matching(Path::new("legacy/x/a.json")), [0, 2, 3]);
        assert_eq!(m.matching(Path::new("src/b.tf")), [1]);
        assert!(m.matching(Path::new("other/b.tf")).is_empty());
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
