//! `polgen.toml`: parsing, discovery and validation against the known rules.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use polgen_diagnostics::Severity;
use polgen_source::SourceFile;
use serde::Deserialize;

use crate::error::ConfigError;
use crate::layer::{ALL, Layer};
use crate::settings::SettingValue;
use crate::suggest::{did_you_mean, find_name, unknown_field_suggestion};

/// The name of the configuration file.
pub const CONFIG_FILE_NAME: &str = "polgen.toml";

/// The contents of a `polgen.toml`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// `recommended`, `strict`, or a path to a ruleset file (relative to the config file).
    #[serde(default)]
    pub ruleset: Option<String>,
    /// Rule ids or categories to enable on top of the ruleset.
    #[serde(default)]
    pub select: Vec<String>,
    /// Rule ids or categories to disable.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Default for `--fail-on`.
    #[serde(default)]
    pub fail_on: Option<Severity>,
    /// Severity per rule id or category.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    /// Per-path changes, applied in order.
    #[serde(default)]
    pub overrides: Vec<Override>,
    #[serde(default)]
    pub accounts: Accounts,
    /// `[vault]`: how Vault policies are read.
    #[serde(default)]
    pub vault: VaultSection,
    /// Free-form rule settings.
    #[serde(default)]
    pub settings: BTreeMap<String, SettingValue>,
    /// The directory globs and ruleset paths are relative to: the config file's directory,
    /// or `None` (the current directory) for a configuration built in memory.
    #[serde(skip)]
    pub root: Option<PathBuf>,
    /// The file's text, to point validation problems at their line.
    #[serde(skip)]
    source: Origin,
}

/// The text a configuration was parsed from (equal when name and text are).
#[derive(Clone, Debug, Default)]
struct Origin(Option<Arc<SourceFile>>);

impl PartialEq for Origin {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => a.name() == b.name() && a.text() == b.text(),
            (None, None) => true,
            _ => false,
        }
    }
}

/// An `[[overrides]]` entry: changes for the files matching `paths`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    /// Globs relative to the config file's directory.
    pub paths: Vec<String>,
    #[serde(default)]
    pub select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
}

/// `[vault]`: settings for Vault and OpenBao ACL policies.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaultSection {
    /// Mounts where a KV version 2 secrets engine is enabled (default `["secret"]`).
    #[serde(default)]
    pub kv_v2_mounts: Option<Vec<String>>,
    /// `vault` (default) or `openbao`: which server's capabilities and attributes are valid.
    #[serde(default)]
    pub flavor: Option<VaultFlavor>,
}

/// The server that reads the policies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VaultFlavor {
    Vault,
    Openbao,
}

/// `[accounts]`: AWS account ids that are not third parties.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Accounts {
    /// Accounts of this organisation.
    #[serde(default)]
    pub own: Vec<String>,
    /// Accounts of partners that are trusted.
    #[serde(default)]
    pub trusted: Vec<String>,
}

impl Config {
    /// Finds `polgen.toml` in `start_dir` or the nearest of its ancestors and loads it.
    pub fn discover(start_dir: &Path) -> Result<Option<(PathBuf, Config)>, ConfigError> {
        let start = std::path::absolute(start_dir).unwrap_or_else(|_| start_dir.to_path_buf());
        for dir in start.ancestors() {
            let candidate = dir.join(CONFIG_FILE_NAME);
            if candidate.is_file() {
                let config = Config::load(&candidate)?;
                return Ok(Some((candidate, config)));
            }
        }
        Ok(None)
    }

    /// Reads and parses a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = crate::error::read_text(path)?;
        Config::parse(&text, path)
    }

    /// Parses configuration text; `path` names the file in messages and sets [`Config::root`].
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let source = Arc::new(SourceFile::new(path.display().to_string(), text));
        let mut config: Config = parse_toml(&source, path)?;
        config.root = Some(parent_dir(path));
        config.source = Origin(Some(source));
        Ok(config)
    }

    /// Problems with the rule ids and categories this configuration names, and with its
    /// account ids; each a one-line message (with `path:line:column` when known).
    /// `known_rules` lists every rule as `(id, category)`.
    pub fn validate(&self, known_rules: &[(&str, &str)]) -> Vec<String> {
        let mut problems = Vec::new();
        for layer in self.layers() {
            check_names(&layer, known_rules, self.source.0.as_deref(), &mut problems);
        }
        for (key, accounts) in [
            ("own", &self.accounts.own),
            ("trusted", &self.accounts.trusted),
        ] {
            for account in accounts {
                if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
                    problems.push(self.locate(
                        account,
                        format!(
                            "account `{account}` in `[accounts] {key}` is not a 12-digit AWS account id"
                        ),
                    ));
                }
            }
        }
        problems
    }

    /// The top-level selection, then each override's, as layers.
    pub(crate) fn layers(&self) -> Vec<Layer> {
        let mut layers = vec![self.top_layer()];
        layers.extend(self.overrides.iter().enumerate().map(|(i, o)| o.layer(i)));
        layers
    }

    pub(crate) fn top_layer(&self) -> Layer {
        Layer {
            origin: "polgen.toml".to_owned(),
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            severity: self.severity.clone(),
        }
    }

    /// `message` prefixed with the position of `name` in the file, when found.
    fn locate(&self, name: &str, message: String) -> String {
        locate(self.source.0.as_deref(), name, message)
    }
}

impl Override {
    pub(crate) fn layer(&self, index: usize) -> Layer {
        Layer {
            origin: format!("`[[overrides]]` #{}", index + 1),
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            severity: self.severity.clone(),
        }
    }
}

/// Deserializes TOML text, turning errors into `path:line:column: message`.
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(
    source: &SourceFile,
    path: &Path,
) -> Result<T, ConfigError> {
    toml::from_str(source.text()).map_err(|e| {
        let mut message = polgen_source::quote::cut_quoted(e.message().trim()).into_owned();
        if let Some(suggestion) = unknown_field_suggestion(&message) {
            message.push_str(&format!(" (did you mean `{suggestion}`?)"));
        }
        ConfigError::Parse {
            path: path.to_path_buf(),
            position: e
                .span()
                .map(|span| source.line_col(u32::try_from(span.start).unwrap_or(u32::MAX))),
            message,
        }
    })
}

/// The directory of `path`, made absolute (without touching the file system).
pub(crate) fn parent_dir(path: &Path) -> PathBuf {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::path::absolute(parent).unwrap_or_else(|_| parent.to_path_buf())
}

/// Adds a problem for every name of `layer` that is neither a known rule id, a known
/// category nor `all`.
pub(crate) fn check_names(
    layer: &Layer,
    known_rules: &[(&str, &str)],
    source: Option<&SourceFile>,
    problems: &mut Vec<String>,
) {
    let mut candidates: Vec<&str> = known_rules.iter().map(|(id, _)| *id).collect();
    for (_, category) in known_rules {
        if !candidates.contains(category) {
            candidates.push(category);
        }
    }
    candidates.push(ALL);
    for (key, name) in layer.names() {
        if candidates.contains(&name) {
            continue;
        }
        let mut message = format!(
            "unknown rule or category `{}` in `{key}` of {}",
            polgen_source::quote::cut(name),
            layer.origin
        );
        if let Some(suggestion) = did_you_mean(name, candidates.iter().copied()) {
            message.push_str(&format!(" (did you mean `{suggestion}`?)"));
        }
        problems.push(locate(source, name, message));
    }
}

fn locate(source: Option<&SourceFile>, name: &str, message: String) -> String {
    match source {
        Some(source) => match find_name(source, name) {
            Some(position) => format!("{}:{position}: {message}", source.name()),
            None => format!("{}: {message}", source.name()),
        },
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[(&str, &str)] = &[
        ("wildcard-action", "security"),
        ("pass-role-star", "security"),
        ("trust-account-root", "security"),
        ("wildcard-resource", "least-privilege"),
        ("missing-mfa", "security"),
    ];

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/repo/polgen.toml"))
    }

    #[test]
    fn parses_the_documented_example() {
        let config = parse(
            r#"
ruleset = "recommended"
select = ["security", "pass-role-star"]
ignore = ["trust-account-root"]
fail-on = "warning"
[severity]
wildcard-resource = "error"
[[overrides]]
paths = ["legacy/**", "*.generated.json"]
ignore = ["wildcard-action"]
severity = { "missing-mfa" = "info" }
[accounts]
own = ["111122223333"]
trusted = ["444455556666"]
[settings]
max-session-hours = 4
"#,
        )
        .expect("valid config");
        assert_eq!(config.ruleset.as_deref(), Some("recommended"));
        assert_eq!(config.fail_on, Some(Severity::Warning));
        assert_eq!(
            config.severity.get("wildcard-resource"),
            Some(&Severity::Error)
        );
        assert_eq!(config.overrides.len(), 1);
        assert_eq!(config.accounts.own, ["111122223333"]);
        assert_eq!(
            config.settings.get("max-session-hours"),
            Some(&SettingValue::Integer(4))
        );
        assert_eq!(config.root.as_deref(), Some(Path::new("/repo")));
        assert!(config.validate(KNOWN).is_empty());
    }

    #[test]
    fn unknown_keys_are_errors_with_positions() {
        let err = parse("ruleset = \"strict\"\nselct = [\"security\"]\n").expect_err("unknown key");
        let message = err.to_string();
        assert!(
            message.starts_with("/repo/polgen.toml:2:1: unknown field `selct`"),
            "{message}"
        );
        assert!(message.contains("did you mean `select`?"), "{message}");

        let err = parse("[[overrides]]\npaths = [\"a\"]\n  severty = {}\n").expect_err("unknown");
        assert!(
            err.to_string()
                .starts_with("/repo/polgen.toml:3:3: unknown field `severty`"),
            "{err}"
        );

        let err = parse("[accounts]\nown = [\"1\"]\nmine = []\n").expect_err("unknown");
        assert!(err.to_string().contains(":3:1:"), "{err}");
    }

    #[test]
    fn wrong_types_are_errors_with_positions() {
        let err = parse("fail-on = \"fatal\"\n").expect_err("bad severity");
        let message = err.to_string();
        assert!(message.starts_with("/repo/polgen.toml:1:11:"), "{message}");
        assert!(message.contains("`fatal`"), "{message}");
        let err = parse("[settings]\nx = { y = 1 }\n").expect_err("table setting");
        assert!(err.to_string().contains(":2:5:"), "{err}");
        let err = parse("select = \"security\"\n").expect_err("not a list");
        assert!(err.to_string().contains(":1:10:"), "{err}");
    }

    #[test]
    fn validate_names_unknown_rules_with_suggestions() {
        let config = parse(
            "select = [\"secuirty\"]\nignore = [\"wildcard-acton\", \"bogus\"]\n[severity]\nall = \"info\"\n[[overrides]]\npaths = [\"x\"]\nselect = [\"pass-role\"]\n[accounts]\nown = [\"12345\"]\n",
        )
        .expect("valid toml");
        let problems = config.validate(KNOWN);
        assert_eq!(
            problems,
            [
                "/repo/polgen.toml:1:11: unknown rule or category `secuirty` in `select` of polgen.toml (did you mean `security`?)",
                "/repo/polgen.toml:2:11: unknown rule or category `wildcard-acton` in `ignore` of polgen.toml (did you mean `wildcard-action`?)",
                "/repo/polgen.toml:2:29: unknown rule or category `bogus` in `ignore` of polgen.toml",
                "/repo/polgen.toml:7:11: unknown rule or category `pass-role` in `select` of `[[overrides]]` #1 (did you mean `pass-role-star`?)",
                "/repo/polgen.toml:9:8: account `12345` in `[accounts] own` is not a 12-digit AWS account id",
            ]
        );
    }

    #[test]
    fn discover_walks_up_to_the_nearest_config() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        let nested = root.join("a/b/c");
        std::fs::create_dir_all(&nested).expect("mkdir");
        assert!(
            Config::discover(&nested)
                .expect("no error")
                .is_none_or(|(p, _)| !p.starts_with(root))
        );

        std::fs::write(root.join(CONFIG_FILE_NAME), "ruleset = \"strict\"\n").expect("write");
        std::fs::write(
            root.join("a").join(CONFIG_FILE_NAME),
            "ignore = [\"style\"]\n",
        )
        .expect("write");
        let (path, config) = Config::discover(&nested).expect("no error").expect("found");
        assert_eq!(path, root.join("a").join(CONFIG_FILE_NAME));
        assert_eq!(config.ignore, ["style"]);
        assert_eq!(config.root.as_deref(), Some(root.join("a").as_path()));

        let (path, config) = Config::discover(root).expect("no error").expect("found");
        assert_eq!(path, root.join(CONFIG_FILE_NAME));
        assert_eq!(config.ruleset.as_deref(), Some("strict"));

        std::fs::write(root.join("a/b").join(CONFIG_FILE_NAME), "nope = 1\n").expect("write");
        let err = Config::discover(&nested).expect_err("invalid config");
        assert!(err.to_string().contains("unknown field `nope`"), "{err}");
    }

    #[test]
    fn load_reports_missing_files() {
        let err = Config::load(Path::new("/nonexistent/polgen.toml")).expect_err("missing");
        assert!(
            err.to_string()
                .starts_with("cannot read `/nonexistent/polgen.toml`"),
            "{err}"
        );
    }
}
