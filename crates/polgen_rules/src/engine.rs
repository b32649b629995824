//! Runs the enabled rules over a policy document.

use polgen_catalog::Catalog;
use polgen_diagnostics::{Diagnostic, Severity};
use polgen_policy::PolicyDocument;
use polgen_source::SourceFile;

use crate::context::RuleContext;
use crate::meta::RuleMeta;
use crate::settings::Settings;

/// A rule: its metadata and its check. Rules are unit structs registered in `rules/`.
pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;
    /// Looks at `ctx.doc` and reports findings with `ctx.report`.
    fn check(&self, ctx: &mut RuleContext<'_>);
    /// Looks at a whole infrastructure-as-code file (a template, a `.tf` file, a plan).
    /// Only the IaC rules implement it; IAM rules see the file's policies through `check`.
    fn check_host(&self, _ctx: &mut crate::host::HostContext<'_>) {}
}

/// A rule switched on for a file, with the severity configuration gives it.
#[derive(Clone, Copy)]
pub struct EnabledRule {
    pub rule: &'static dyn Rule,
    pub severity: Severity,
}

impl EnabledRule {
    pub fn id(&self) -> &'static str {
        self.rule.meta().id
    }
}

/// How the document under check is attached, when its host file says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Attachment {
    /// A policy file of its own, or a managed policy.
    #[default]
    Standalone,
    /// An inline policy of a role, user or group: its size counts with the principal's other
    /// inline policies (`policy-size` measures them together on the host file).
    Inline,
}

/// Runs `rules` over `doc` and returns their findings in source order.
pub fn check_document(
    doc: &PolicyDocument,
    source: &SourceFile,
    settings: &Settings,
    rules: &[EnabledRule],
) -> Vec<Diagnostic> {
    check_attached_document(doc, Attachment::Standalone, source, settings, rules)
}

/// [`check_document`] for a document attached as `attachment` says.
pub fn check_attached_document(
    doc: &PolicyDocument,
    attachment: Attachment,
    source: &SourceFile,
    settings: &Settings,
    rules: &[EnabledRule],
) -> Vec<Diagnostic> {
    let catalog = Catalog::get();
    let mut out = Vec::new();
    for enabled in rules {
        let mut ctx = RuleContext {
            doc,
            attachment,
            source,
            catalog,
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

/// Orders findings by position then rule, and drops exact repeats (two statements can
/// lead a rule to the same element twice, e.g. through a shared condition).
pub fn sort_and_dedup(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule, &a.message).cmp(&(
            b.span.start,
            b.span.end,
            b.rule,
            &b.message,
        ))
    });
    diagnostics.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
}
