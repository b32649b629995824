//! Rulesets: named profiles of rules, built in or loaded from files, that may extend others.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polgen_diagnostics::Severity;
use polgen_source::SourceFile;
use serde::Deserialize;

use crate::config::{parent_dir, parse_toml};
use crate::error::ConfigError;
use crate::layer::Layer;
use crate::settings::SettingValue;
use crate::suggest::did_you_mean;

/// The rulesets compiled into polgen, by name.
const BUILTIN: &[(&str, &str)] = &[
    (
        "recommended",
        include_str!("../../../rulesets/recommended.toml"),
    ),
    ("strict", include_str!("../../../rulesets/strict.toml")),
];

/// The names of the built-in rulesets; `recommended` is the default.
pub fn builtin_ruleset_names() -> &'static [&'static str] {
    &["recommended", "strict"]
}

/// Rulesets may extend each other this deep at most.
const MAX_DEPTH: usize = 16;

/// A ruleset file.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Ruleset {
    /// Shown in reports; defaults to the file name without extension.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// A built-in ruleset name or a path relative to this file.
    #[serde(default)]
    pub extends: Option<String>,
    /// Rule ids, categories or `all`.
    #[serde(default)]
    pub select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    #[serde(default)]
    pub settings: BTreeMap<String, SettingValue>,
}

impl Ruleset {
    /// A built-in ruleset by name.
    pub fn builtin(name: &str) -> Result<Ruleset, ConfigError> {
        let Some((_, text)) = BUILTIN.iter().find(|(n, _)| *n == name) else {
            return Err(unknown_ruleset(name));
        };
        let path = PathBuf::from(format!("<built-in ruleset `{name}`>"));
        let mut ruleset: Ruleset = parse_toml(&SourceFile::new(name, *text), &path)?;
        ruleset.name.get_or_insert_with(|| name.to_owned());
        Ok(ruleset)
    }

    /// A ruleset file.
    pub fn load(path: &Path) -> Result<Ruleset, ConfigError> {
        let text = crate::error::read_text(path)?;
        let source = SourceFile::new(path.display().to_string(), text);
        let mut ruleset: Ruleset = parse_toml(&source, path)?;
        if ruleset.name.is_none() {
            ruleset.name = path
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned());
        }
        Ok(ruleset)
    }

    pub(crate) fn layer(&self) -> Layer {
        Layer {
            origin: format!("ruleset `{}`", self.name.as_deref().unwrap_or("?")),
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            severity: self.severity.clone(),
        }
    }
}

/// Loads the ruleset `reference` (a built-in name, or a path relative to `base_dir`) and
/// everything it extends, the most basic first.
pub(crate) fn load_chain(reference: &str, base_dir: &Path) -> Result<Vec<Ruleset>, ConfigError> {
    let mut chain: Vec<Ruleset> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let mut next = Some((reference.to_owned(), base_dir.to_path_buf()));
    while let Some((reference, base)) = next.take() {
        let (key, ruleset, dir) = if builtin_ruleset_names().contains(&reference.as_str()) {
            let ruleset = Ruleset::builtin(&reference)?;
            (reference.clone(), ruleset, base)
        } else if looks_like_path(&reference) {
            let path = base.join(&reference);
            let key = std::path::absolute(&path)
                .unwrap_or_else(|_| path.clone())
                .display()
                .to_string();
            let ruleset = Ruleset::load(&path)?;
            (key, ruleset, parent_dir(&path))
        } else {
            return Err(unknown_ruleset(&reference));
        };
        if seen.contains(&key) || seen.len() >= MAX_DEPTH {
            seen.push(key);
            return Err(ConfigError::RulesetCycle { chain: seen });
        }
        seen.push(key);
        next = ruleset.extends.clone().map(|parent| (parent, dir));
        chain.push(ruleset);
    }
    chain.reverse();
    Ok(chain)
}

/// A reference that is not a built-in name is a path if it looks like one.
fn looks_like_path(reference: &str) -> bool {
    reference.contains('/') || reference.contains('\\') || reference.ends_with(".toml")
}

fn unknown_ruleset(name: &str) -> ConfigError {
    ConfigError::UnknownRuleset {
        name: name.to_owned(),
        suggestion: did_you_mean(name, builtin_ruleset_names().iter().copied()).map(str::to_owned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rulesets_parse() {
        for name in builtin_ruleset_names() {
            let ruleset = Ruleset::builtin(name).expect("built-in ruleset parses");
            assert_eq!(ruleset.name.as_deref(), Some(*name));
            assert!(ruleset.description.is_some(), "{name} has a description");
        }
        assert_eq!(BUILTIN.len(), builtin_ruleset_names().len());
    }

    #[test]
    fn strict_extends_recommended() {
        let chain = load_chain("strict", Path::new(".")).expect("chain");
        let names: Vec<_> = chain.iter().filter_map(|r| r.name.as_deref()).collect();
        assert_eq!(names, ["recommended", "strict"]);
    }

    #[test]
    fn unknown_names_get_suggestions() {
        let err = load_chain("strickt", Path::new(".")).expect_err("unknown");
        assert_eq!(
            err.to_string(),
            "unknown ruleset `strickt`: use `recommended`, `strict` or a path to a ruleset file (did you mean `strict`?)"
        );
    }

    #[test]
    fn file_rulesets_extend_relative_to_themselves_and_cycles_are_caught() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sub = dir.path().join("rs");
        std::fs::create_dir_all(&sub).expect("mkdir");
        std::fs::write(
            sub.join("team.toml"),
            "extends = \"base.toml\"\nselect = [\"style\"]\n",
        )
        .expect("write");
        std::fs::write(sub.join("base.toml"), "extends = \"strict\"\n").expect("write");
        let chain = load_chain("rs/team.toml", dir.path()).expect("chain");
        let names: Vec<_> = chain.iter().filter_map(|r| r.name.as_deref()).collect();
        assert_eq!(names, ["recommended", "strict", "base", "team"]);

        std::fs::write(sub.join("base.toml"), "extends = \"./team.toml\"\n").expect("write");
        let err = load_chain("rs/team.toml", dir.path()).expect_err("cycle");
        assert!(matches!(err, ConfigError::RulesetCycle { .. }), "{err}");
        assert!(err.to_string().contains("team.toml"), "{err}");
    }

    #[test]
    fn ruleset_files_reject_unknown_keys() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, "name = \"bad\"\nselects = []\n").expect("write");
        let err = Ruleset::load(&path).expect_err("unknown key");
        assert!(
            err.to_string().contains(":2:1: unknown field `selects`"),
            "{err}"
        );
    }
}
