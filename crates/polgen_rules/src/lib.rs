//! polgen's rules: one file per rule under `rules/`, a static registry, and the engine
//! that runs the enabled ones over a policy document.
//!
//! Rules never set their own id or severity: [`RuleContext::report`] stamps them from the
//! rule's [`RuleMeta`] and the configuration.

pub mod attachment;
pub mod context;
pub mod driver;
pub mod engine;
pub mod host;
pub mod meta;
pub mod rules;
pub mod settings;
pub mod util;
pub mod vault;

pub use context::RuleContext;
pub use driver::{JsonOutcome, lint_json, lint_parsed_json};
pub use engine::{Attachment, EnabledRule, Rule, check_attached_document, check_document};
pub use host::{HostContext, Placement, apply_suppressions, lint_host, lint_host_with_vault};
pub use meta::{Category, RuleMeta};
pub use settings::Settings;
pub use vault::{
    EnabledVaultRule, VaultContext, VaultOutcome, VaultRule, VaultSettings, all_vault_rules,
    default_vault_rules, find_vault_rule, lint_vault, lint_vault_policy, vault_suppressions,
};

/// Every rule polgen has, in a stable order.
pub fn all_rules() -> impl Iterator<Item = &'static dyn Rule> {
    rules::aws::ALL_GROUPS
        .iter()
        .flat_map(|group| group.iter().copied())
        .chain(rules::iac::RULES.iter().copied())
}

/// Whether `id` is an infrastructure-as-code rule (it checks templates, not policies).
pub fn is_iac_rule(id: &str) -> bool {
    rules::iac::RULES.iter().any(|r| r.meta().id == id)
}

/// The rule with id `id`.
pub fn find_rule(id: &str) -> Option<&'static dyn Rule> {
    all_rules().find(|r| r.meta().id == id)
}

/// The metadata of every rule, AWS and Vault, in a stable order: what `polgen rules`,
/// `polgen explain` and configuration see.
pub fn all_rule_metas() -> impl Iterator<Item = &'static RuleMeta> {
    all_rules()
        .map(|r| r.meta())
        .chain(all_vault_rules().map(|r| r.meta()))
}

/// The metadata of the rule with id `id`, AWS or Vault.
pub fn find_rule_meta(id: &str) -> Option<&'static RuleMeta> {
    all_rule_metas().find(|m| m.id == id)
}

/// Every rule enabled at its default severity.
pub fn default_rules() -> Vec<EnabledRule> {
    all_rules()
        .map(|rule| EnabledRule {
            rule,
            severity: rule.meta().severity,
        })
        .collect()
}

/// Common imports for rule files.
pub mod prelude {
    pub use crate::context::RuleContext;
    pub use crate::engine::Rule;
    pub use crate::meta::{Category, RuleMeta};
    pub use crate::util;
    pub use polgen_diagnostics::Severity;
    pub use polgen_policy::*;
    pub use polgen_source::Span;
}
