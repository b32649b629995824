//! Findings produced by polgen: what is wrong, where, how bad, and how to fix it.
//!
//! A [`Diagnostic`] is plain data. Rules fill in the message, spans and help; the rule
//! engine stamps the rule id, severity and documentation URL from the rule's metadata and
//! the user's configuration. Rendering (miette, JSON, SARIF, GitHub) lives elsewhere.

use std::fmt;
use std::sync::Arc;

use polgen_source::{SourceFile, Span};
use serde::{Deserialize, Serialize};

/// How bad a finding is. Ordered so that `Error > Warning > Info`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A suggestion; nothing is wrong.
    Info,
    /// A security risk: the policy works but grants more than it should.
    Warning,
    /// The policy is broken or does not do what it seems to do.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "info" | "note" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary location with an optional explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: Option<String>,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Kebab-case rule id, stamped by the engine.
    pub rule: &'static str,
    /// Stamped by the engine from rule metadata and configuration.
    pub severity: Severity,
    /// One line, lowercase, no final period, user text in backticks.
    pub message: String,
    /// The offending element: what the primary underline points at.
    pub span: Span,
    /// Text for the primary underline (why this element is at fault).
    pub label: Option<String>,
    /// Related locations.
    pub labels: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// Extra context (e.g. which escalation method, which catalog entry).
    pub notes: Vec<String>,
    /// A short context path such as `Statement[2].Action[0]` or a resource address,
    /// used for stable fingerprints and shown in machine outputs.
    pub location_path: Option<String>,
    /// The primary span is a secret (a credential the rule found, maybe encoded so that no
    /// pattern would see it): renderers mask it wherever they show the source.
    pub secret_span: bool,
}

impl Diagnostic {
    /// A finding for `rule` at `span`; severity is provisional until the engine stamps it.
    pub fn new(rule: &'static str, span: Span, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: Severity::Warning,
            message: message.into(),
            span,
            label: None,
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
            location_path: None,
            secret_span: false,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: Some(message.into()),
        });
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn with_location_path(mut self, path: impl Into<String>) -> Self {
        self.location_path = Some(path.into());
        self
    }

    /// Marks the primary span as a secret that no output may show.
    pub fn with_secret_span(mut self) -> Self {
        self.secret_span = true;
        self
    }
}

/// What renderers need to know about a rule (SARIF `tool.driver.rules`, help links).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleDescriptor {
    /// Kebab-case id, e.g. `wildcard-action`.
    pub id: &'static str,
    /// `correctness`, `security`, `least-privilege` or `style`.
    pub category: &'static str,
    /// Severity before configuration.
    pub default_severity: Severity,
    /// One sentence: what the rule flags.
    pub summary: &'static str,
    /// The full documentation page (Markdown), as printed by `polgen explain`.
    pub doc: &'static str,
    /// IAM Access Analyzer finding codes for the same problem.
    pub aa_codes: &'static [&'static str],
}

impl RuleDescriptor {
    /// The rule's documentation URL.
    pub fn help_uri(&self) -> String {
        format!("{DOCS_BASE_URL}/{}.md", self.id)
    }
}

/// Where rule documentation is published (also printed offline by `polgen explain`).
pub const DOCS_BASE_URL: &str = "https://github.com/polgen/polgen/blob/main/docs/rules";

/// Everything found in one file.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// The path as the user should see it (relative to the working directory when possible).
    pub path: String,
    pub source: Arc<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A problem that stopped polgen from analysing a file (I/O, size limits, ...). These are
/// not findings: they make the run exit with code 2, but never stop other files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_order_by_gravity() {
        assert!(Severity::Error > Severity::Warning);
        assert!(Severity::Warning > Severity::Info);
        assert_eq!(Severity::parse("WARN"), Some(Severity::Warning));
        assert_eq!(Severity::parse("fatal"), None);
    }
}
