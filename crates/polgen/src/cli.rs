//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(name = "polgen", version, about = "Lint cloud access policies and generate least-privilege ones", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint policies in files, folders and glob patterns.
    Lint(LintArgs),
    /// List every rule with its category and default severity.
    Rules(RulesArgs),
    /// Print the documentation of a rule.
    Explain(ExplainArgs),
    /// Suggest a least-privilege policy from what a role or user did (CloudTrail logs).
    Suggest(crate::suggest::SuggestArgs),
    /// Print the SQL (Athena, Trino, Spark) that computes a role's usage aggregate over the
    /// CloudTrail table where the logs are; `suggest --usage` reads its result.
    UsageQuery(crate::usage_query::UsageQueryArgs),
    /// HashiCorp Vault and OpenBao ACL policies.
    #[command(subcommand)]
    Vault(VaultCommand),
}

#[derive(Subcommand, Debug)]
pub enum VaultCommand {
    /// Which path block of which policy applies to a request path, and the resulting
    /// capabilities, as Vault decides for a token holding all the given policies.
    Effective(EffectiveArgs),
}

#[derive(Args, Debug)]
pub struct EffectiveArgs {
    /// A policy file (HCL or JSON) attached to the token; repeat for several.
    #[arg(long = "policy", required = true)]
    pub policies: Vec<PathBuf>,
    /// Request paths to decide, as in the API without `/v1/` (e.g. `secret/data/app/db`).
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum VaultFlavorArg {
    /// HashiCorp Vault.
    Vault,
    /// OpenBao (adds `scan`, `pagination_limit`, `expiration`; no `subscribe`).
    Openbao,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with source snippets, for people.
    Human,
    /// Versioned JSON, one entry per finding.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PolicyType {
    Identity,
    Resource,
    Trust,
    Scp,
    Rcp,
}

#[derive(Args, Debug)]
pub struct LintArgs {
    /// Files, folders (walked, respecting .gitignore) and glob patterns. Default: `.`
    pub paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with 1 when a finding has this severity or a higher one.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Treat every policy as this kind instead of detecting it from its content.
    #[arg(long, value_enum)]
    pub policy_type: Option<PolicyType>,
    /// Rule profile: `recommended` (default), `strict`, or a path to a ruleset file.
    #[arg(long)]
    pub ruleset: Option<String>,
    /// Configuration file (default: the nearest `polgen.toml` from the current directory up).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Ignore any `polgen.toml`.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Enable rules or categories (comma-separated), on top of the ruleset.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Disable rules or categories (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Which server reads Vault policies (overrides `[vault] flavor`; default `vault`).
    #[arg(long, value_enum)]
    pub vault_flavor: Option<VaultFlavorArg>,
    /// An AWS account id that is ours (repeatable); adds to `[accounts] own`.
    #[arg(long = "account")]
    pub accounts: Vec<String>,
    /// When to use colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Write the report to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Say which files were skipped and why.
    #[arg(long, short)]
    pub verbose: bool,
    /// Report `polgen:ignore` suppressions that silence no finding (`unused-suppression`).
    #[arg(long)]
    pub report_unused_suppressions: bool,
    /// The largest file read; a larger one is an error naming it. Bytes, or with K, M or G.
    #[arg(long, value_name = "SIZE", default_value = "32M", value_parser = crate::cli::parse_size)]
    pub max_file_size: u64,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The rule id, e.g. `wildcard-action`.
    pub rule: String,
}

/// `--since` and `--until`: the time window of `suggest` and `usage-query`.
#[derive(Args, Debug)]
pub struct WindowArgs {
    /// Only events at or after this UTC date or time (`2024-05-01`, `2024-05-01T12:00:00Z`).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only events at or before this UTC date (the whole day) or time.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

impl WindowArgs {
    /// The bounds as [`polgen_trail::parse_window`] reads them (it refuses `since` > `until`).
    pub fn bounds(&self) -> Result<(Option<String>, Option<String>), String> {
        polgen_trail::parse_window(self.since.as_deref(), self.until.as_deref())
    }

    pub fn is_set(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }
}

/// A size on the command line: bytes, or with a unit `K`, `M`, `G` (`KiB`, `MiB`, `GiB`: powers
/// of 1024), as `256M` or `4MiB`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is no size: write bytes or a number with K, M or G"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("`{text}`: the unit is K, M or G")),
    };
    number
        .checked_mul(1 << shift)
        .filter(|&bytes| bytes > 0)
        .ok_or_else(|| format!("`{text}` is no size polgen can use"))
}

#[cfg(test)]
mod size_tests {
    use super::parse_size;

    #[test]
    fn sizes_take_binary_units() {
        assert_eq!(parse_size("512"), Ok(512));
        assert_eq!(parse_size("4MiB"), Ok(4 << 20));
        assert_eq!(parse_size("2g"), Ok(2 << 30));
        assert!(parse_size("0").is_err());
        assert!(parse_size("3 parsecs").is_err());
    }
}
