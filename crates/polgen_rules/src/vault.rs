//! The engine for Vault and OpenBao ACL policy rules.
//!
//! Vault rules look at a [`VaultPolicy`] rather than an IAM document, so they have their
//! own small trait, [`VaultRule`], with the same [`RuleMeta`]: ids, severities, docs,
//! `polgen rules`, `polgen explain` and configuration treat both kinds alike.

use polgen_diagnostics::{Diagnostic, Severity};
use polgen_iac::Suppression;
use polgen_source::{SourceFile, Span};
use polgen_vault::{Flavor, VaultPolicy};

use crate::engine::sort_and_dedup;
use crate::meta::RuleMeta;
use crate::rules::aws::correctness::syntax_error;

/// A rule over one Vault policy.
pub trait VaultRule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, ctx: &mut VaultContext<'_>);
}

/// What Vault rules need to know besides the policy.
#[derive(Clone, Debug)]
pub struct VaultSettings {
    /// Vault or OpenBao (`--vault-flavor`).
    pub flavor: Flavor,
    /// Mounts where a KV version 2 engine is enabled (`[vault] kv_v2_mounts`).
    pub kv_v2_mounts: Vec<String>,
}

impl Default for VaultSettings {
    fn default() -> Self {
        Self {
            flavor: Flavor::Vault,
            kv_v2_mounts: vec!["secret".to_string()],
        }
    }
}

/// A Vault rule switched on, with the severity configuration gives it.
#[derive(Clone, Copy)]
pub struct EnabledVaultRule {
    pub rule: &'static dyn VaultRule,
    pub severity: Severity,
}

pub struct VaultContext<'a> {
    pub policy: &'a VaultPolicy,
    pub source: &'a SourceFile,
    pub settings: &'a VaultSettings,
    rule: &'static RuleMeta,
    severity: Severity,
    out: &'a mut Vec<Diagnostic>,
}

impl VaultContext<'_> {
    pub fn diagnostic(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.rule.id, span, message)
    }

    /// Records a finding at the rule's configured severity.
    pub fn report(&mut self, mut diagnostic: Diagnostic) {
        diagnostic.rule = self.rule.id;
        diagnostic.severity = self.severity;
        self.out.push(diagnostic);
    }

    /// Records a finding that is worse than the rule's usual case (e.g. `sudo` on a glob).
    /// It is an error unless configuration lowered the rule below its default severity,
    /// in which case the configured severity holds.
    pub fn report_escalated(&mut self, mut diagnostic: Diagnostic) {
        diagnostic.rule = self.rule.id;
        diagnostic.severity = if self.severity >= self.rule.severity {
            Severity::Error
        } else {
            self.severity
        };
        self.out.push(diagnostic);
    }

    pub fn text(&self, span: Span) -> &str {
        self.source.slice(span)
    }
}

/// Every Vault rule.
pub fn all_vault_rules() -> impl Iterator<Item = &'static dyn VaultRule> {
    crate::rules::vault::RULES.iter().copied()
}

pub fn find_vault_rule(id: &str) -> Option<&'static dyn VaultRule> {
    all_vault_rules().find(|r| r.meta().id == id)
}

/// Every Vault rule at its default severity.
pub fn default_vault_rules() -> Vec<EnabledVaultRule> {
    all_vault_rules()
        .map(|rule| EnabledVaultRule {
            rule,
            severity: rule.meta().severity,
        })
        .collect()
}

/// The findings for one Vault policy file, and its model when it parsed.
pub struct VaultOutcome {
    pub diagnostics: Vec<Diagnostic>,
    pub policy: Option<VaultPolicy>,
}

/// Lints `source` as a Vault policy (HCL, or JSON when it starts with `{`).
/// `syntax` is the severity of `syntax-error`, `None` when it is switched off.
pub fn lint_vault(
    source: &SourceFile,
    settings: &VaultSettings,
    rules: &[EnabledVaultRule],
    syntax: Option<Severity>,
) -> VaultOutcome {
    match polgen_vault::parse(source.text()) {
        Err(err) => VaultOutcome {
            diagnostics: syntax
                .map(|severity| {
                    let mut d = Diagnostic::new(syntax_error::META.id, err.span, err.message)
                        .with_label("here")
                        .with_help(
                            "fix the syntax: Vault refuses to store a policy it cannot parse",
                        );
                    d.severity = severity;
                    d
                })
                .into_iter()
                .collect(),
            policy: None,
        },
        Ok(policy) => VaultOutcome {
            diagnostics: lint_vault_policy(&policy, source, settings, rules, syntax),
            policy: Some(policy),
        },
    }
}

/// Lints a policy already built (e.g. from a Terraform `vault_policy`, whose spans point
/// into the `.tf` file `source`).
pub fn lint_vault_policy(
    policy: &VaultPolicy,
    source: &SourceFile,
    settings: &VaultSettings,
    rules: &[EnabledVaultRule],
    syntax: Option<Severity>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(severity) = syntax {
        for e in &policy.shape_errors {
            let mut d = Diagnostic::new(syntax_error::META.id, e.span, e.message.clone())
                .with_label("Vault cannot decode this")
                .with_help("Vault refuses to store a policy whose values have the wrong type");
            d.severity = severity;
            out.push(d);
        }
    }
    for enabled in rules {
        let mut ctx = VaultContext {
            policy,
            source,
            settings,
            rule: enabled.rule.meta(),
            severity: enabled.severity,
            out: &mut out,
        };
        enabled.rule.check(&mut ctx);
    }
    sort_and_dedup(&mut out);
    out
}

/// The `# polgen:ignore RULE reason` (or `//`) comments of a Vault policy file, as
/// suppressions: a comment just above a `path` block covers the whole block, any other covers
/// its target line (as in Terraform files).
pub fn vault_suppressions(text: &str, policy: Option<&VaultPolicy>) -> Vec<Suppression> {
    // The blocks by where they start, searched by halves: 100k comments over 100k blocks.
    let mut blocks: Vec<Span> = policy
        .map(|p| p.paths.iter().map(|b| b.span).collect())
        .unwrap_or_default();
    blocks.sort_by_key(|b| b.start);
    polgen_iac::suppress::ignore_comments(text, &["#", "//"])
        .into_iter()
        .map(|c| {
            let first = blocks.partition_point(|b| b.start < c.target.start);
            let covers = blocks
                .get(first)
                .filter(|b| b.start < c.target.end.max(c.target.start + 1))
                .map_or(c.target, |b| *b);
            Suppression {
                rules: c.rules,
                reason: c.reason,
                span: c.span,
                covers,
            }
        })
        .collect()
}

/// The closest of `candidates` to `word`, when close enough to be a likely typo.
pub fn did_you_mean<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let lower = word.to_ascii_lowercase();
    candidates
        .iter()
        .filter(|c| polgen_source::quote::may_be_misspelling(&lower, c))
        .map(|c| (strsim::damerau_levenshtein(&lower, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4) && *d < c.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}
