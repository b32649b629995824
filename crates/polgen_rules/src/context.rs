//! What a rule sees while it checks one policy document, and how it reports.

use polgen_catalog::Catalog;
use polgen_diagnostics::{Diagnostic, Severity};
use polgen_policy::{PolicyDocument, PolicyKind};
use polgen_source::{SourceFile, Span};

use crate::meta::RuleMeta;
use crate::settings::Settings;

pub struct RuleContext<'a> {
    pub doc: &'a PolicyDocument,
    pub attachment: crate::engine::Attachment,
    pub source: &'a SourceFile,
    pub catalog: &'static Catalog,
    pub settings: &'a Settings,
    pub(crate) rule: &'static RuleMeta,
    pub(crate) severity: Severity,
    pub(crate) out: &'a mut Vec<Diagnostic>,
}

impl RuleContext<'_> {
    pub fn kind(&self) -> PolicyKind {
        self.doc.kind
    }

    /// A new finding of the current rule at `span`. Report it with [`RuleContext::report`].
    pub fn diagnostic(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.rule.id, span, message)
    }

    /// Records a finding; the engine stamps the rule id and severity.
    pub fn report(&mut self, mut diagnostic: Diagnostic) {
        diagnostic.rule = self.rule.id;
        diagnostic.severity = self.severity;
        self.out.push(diagnostic);
    }

    /// The source text under a span (for messages that quote the element).
    pub fn text(&self, span: Span) -> &str {
        self.source.slice(span)
    }
}
