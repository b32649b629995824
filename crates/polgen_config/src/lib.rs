//! polgen's configuration: `polgen.toml`, rulesets, and the resolved view the engine asks.
//!
//! # Files
//!
//! - `polgen.toml` ([`Config`]): found by walking up from the current directory
//!   ([`Config::discover`]) or named with `--config` ([`Config::load`]). Unknown keys are
//!   errors that name the file, line and column. `polgen.schema.json` (beside this crate's
//!   manifest) describes it for editors.
//! - Rulesets ([`Ruleset`]): profiles of rules. `recommended` (the default) and `strict` are
//!   built in (`rulesets/*.toml` at the workspace root); `ruleset = "path/to/file.toml"` loads
//!   a custom one, which may `extends` a built-in or another file.
//!
//! # Selection and precedence
//!
//! A rule is on for a file when the last level that mentions it selects it; its severity is
//! the one set by the last level that sets one, else the rule's default. The levels, from
//! weakest to strongest:
//!
//! 1. the ruleset (a ruleset it `extends` comes first, so the extending one wins);
//! 2. `select`, `ignore` and `[severity]` at the top of `polgen.toml`;
//! 3. the `[[overrides]]` whose `paths` match the file, in file order (later ones win);
//! 4. `--select` and `--ignore` on the command line.
//!
//! Within one level, entries are matched from the most to the least specific: the rule id,
//! then its category (`correctness`, `security`, `least-privilege`, `style`), then `all`. At
//! the same specificity, `ignore` beats `select`. So `select = ["pass-role-star"]` with
//! `ignore = ["security"]` keeps `pass-role-star` on, and `select = ["security"]` with
//! `ignore = ["trust-account-root"]` turns that one rule off. A `[severity]` entry changes
//! a rule's severity; it does not turn the rule on.
//!
//! # Paths of overrides
//!
//! `[[overrides]] paths` are globs relative to the directory of the config file (`*` stays
//! within a path segment, `**` crosses them). Like `.gitignore`, a glob also matches the files
//! below a matching directory, and a glob without `/` matches a file or directory name at any
//! depth: `legacy/**`, `legacy` and `*.generated.json` all work as expected.

mod config;
mod error;
mod layer;
mod paths;
mod resolved;
mod ruleset;
mod settings;
mod suggest;

pub use config::{Accounts, CONFIG_FILE_NAME, Config, Override, VaultFlavor, VaultSection};
pub use error::ConfigError;
pub use resolved::Resolved;
pub use ruleset::{Ruleset, builtin_ruleset_names};
pub use settings::SettingValue;

/// The JSON schema of `polgen.toml` (for editors such as Taplo / Even Better TOML).
pub const CONFIG_JSON_SCHEMA: &str = include_str!("../polgen.schema.json");
