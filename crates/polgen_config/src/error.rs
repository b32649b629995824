//! Errors that stop configuration from loading.

use std::fmt;
use std::io;
use std::path::PathBuf;

use polgen_source::LineCol;

/// Why a configuration or ruleset could not be used.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// A file could not be read.
    Io { path: PathBuf, source: io::Error },
    /// A file is not valid TOML, or has an unknown key or a value of the wrong type.
    Parse {
        path: PathBuf,
        position: Option<LineCol>,
        message: String,
    },
    /// A ruleset reference is neither a built-in ruleset nor a path.
    UnknownRuleset {
        name: String,
        suggestion: Option<String>,
    },
    /// Rulesets extend each other in a loop.
    RulesetCycle { chain: Vec<String> },
    /// A glob of `[[overrides]] paths` does not parse.
    InvalidGlob { glob: String, message: String },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Io { path, source } => {
                write!(f, "cannot read `{}`: {source}", path.display())
            }
            ConfigError::Parse {
                path,
                position: Some(position),
                message,
            } => write!(f, "{}:{position}: {message}", path.display()),
            ConfigError::Parse {
                path,
                position: None,
                message,
            } => write!(f, "{}: {message}", path.display()),
            ConfigError::UnknownRuleset { name, suggestion } => {
                write!(
                    f,
                    "unknown ruleset `{}`: use {} or a path to a ruleset file",
                    polgen_source::quote::cut(name),
                    crate::builtin_ruleset_names()
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )?;
                if let Some(suggestion) = suggestion {
                    write!(f, " (did you mean `{suggestion}`?)")?;
                }
                Ok(())
            }
            ConfigError::RulesetCycle { chain } => write!(
                f,
                "rulesets extend each other in a loop: {}",
                chain
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(" -> ")
            ),
            ConfigError::InvalidGlob { glob, message } => {
                write!(
                    f,
                    "invalid glob `{}` in `[[overrides]] paths`: {message}",
                    polgen_source::quote::cut(glob)
                )
            }
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
