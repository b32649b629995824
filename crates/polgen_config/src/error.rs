//! Errors that stop configuration from loading.

use std::fmt;
use std::path::{Path, PathBuf};

use polgen_source::LineCol;

/// Why a configuration or ruleset could not be used.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// A file could not be read.
    Io {
        path: PathBuf,
        source: polgen_source::read::ReadError,
    },
    /// A file is not text polgen can decode.
    Decode {
        path: PathBuf,
        error: polgen_source::text::DecodeError,
    },
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
            ConfigError::Decode { path, error } => write!(f, "{}:{error}", path.display()),
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

/// Configuration and ruleset files larger than this are refused: a real one is a few KB.
pub const MAX_CONFIG_BYTES: u64 = 8 * 1024 * 1024;

/// The text of a configuration or ruleset file: a regular file (a FIFO would block, a device
/// never end) of at most [`MAX_CONFIG_BYTES`], decoded like every input (BOM, UTF-16/32).
pub(crate) fn read_text(path: &Path) -> Result<String, ConfigError> {
    let bytes = polgen_source::read::read_limited(path, MAX_CONFIG_BYTES).map_err(|source| {
        ConfigError::Io {
            path: path.to_path_buf(),
            source,
        }
    })?;
    polgen_source::text::decode_text(bytes).map_err(|error| ConfigError::Decode {
        path: path.to_path_buf(),
        error,
    })
}
