//! The findings of a run, flattened, positioned and sorted the same way for every format.

use std::collections::HashMap;

use polgen_diagnostics::{Diagnostic, FileReport, RuleDescriptor, Severity};
use polgen_source::{LineCol, SourceFile, Span};

use crate::fingerprint::finding_hash;

/// One finding with everything a renderer needs.
pub(crate) struct Finding<'a> {
    /// The report's path (what users see), not the source file's internal name.
    pub path: &'a str,
    pub source: &'a SourceFile,
    pub diag: &'a Diagnostic,
    /// The primary span, clamped to the text.
    pub span: Span,
    pub start: LineCol,
    pub end: LineCol,
    /// Stable fingerprint with its occurrence suffix, e.g. `0123456789abcdef:1`.
    pub fingerprint: String,
}

impl Finding<'_> {
    /// Start and end positions of a (related) span of this finding's file.
    pub fn positions(&self, span: Span) -> (Span, LineCol, LineCol) {
        let span = clamp_span(self.source, span);
        let (start, end) = self.source.span_positions(span);
        (span, start, end)
    }
}

/// All findings of `reports`, sorted by path, line, column, rule (then message).
pub(crate) fn collect(reports: &[FileReport]) -> Vec<Finding<'_>> {
    let mut findings: Vec<Finding<'_>> = reports
        .iter()
        .flat_map(|report| {
            report.diagnostics.iter().map(move |diag| {
                let source: &SourceFile = &report.source;
                let span = clamp_span(source, diag.span);
                let (start, end) = source.span_positions(span);
                let anchor = diag
                    .location_path
                    .as_deref()
                    .unwrap_or_else(|| source.slice(span));
                Finding {
                    path: &report.path,
                    source,
                    diag,
                    span,
                    start,
                    end,
                    fingerprint: finding_hash(diag.rule, &report.path, anchor, &diag.message),
                }
            })
        })
        .collect();
    findings.sort_by(|a, b| {
        (a.path, a.start, a.diag.rule, &a.diag.message, a.end).cmp(&(
            b.path,
            b.start,
            b.diag.rule,
            &b.diag.message,
            b.end,
        ))
    });
    let mut seen: HashMap<String, u32> = HashMap::new();
    for finding in &mut findings {
        let count = seen.entry(finding.fingerprint.clone()).or_insert(0);
        *count += 1;
        finding.fingerprint = format!("{}:{count}", finding.fingerprint);
    }
    findings
}

/// A span that lies inside the text and on character boundaries, so that slicing and
/// snippet rendering never fail on a rule's off-by-one.
pub(crate) fn clamp_span(source: &SourceFile, span: Span) -> Span {
    let text = source.text();
    let floor = |offset: u32| {
        let mut offset = (offset as usize).min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    };
    let start = floor(span.start);
    let end = floor(span.end).max(start);
    Span::from_range(start..end)
}

/// Findings per severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn of(findings: &[Finding<'_>]) -> Self {
        let mut counts = Counts::default();
        for finding in findings {
            match finding.diag.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }

    pub fn total(self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

/// Rule descriptors by id, with their index in the run's rule list.
pub(crate) struct RuleIndex<'a> {
    by_id: HashMap<&'a str, (usize, &'a RuleDescriptor)>,
}

impl<'a> RuleIndex<'a> {
    pub fn new(rules: &'a [RuleDescriptor]) -> Self {
        let mut by_id = HashMap::with_capacity(rules.len());
        for (i, rule) in rules.iter().enumerate() {
            by_id.entry(rule.id).or_insert((i, rule));
        }
        Self { by_id }
    }

    pub fn get(&self, id: &str) -> Option<(usize, &'a RuleDescriptor)> {
        self.by_id.get(id).copied()
    }

    /// The rule's documentation URL (also for rules missing from the run's list).
    pub fn help_uri(&self, id: &str) -> String {
        match self.get(id) {
            Some((_, rule)) => rule.help_uri(),
            None => format!("{}/{id}", polgen_diagnostics::DOCS_BASE_URL),
        }
    }
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("{n} {singular}")
    } else {
        format!("{n} {plural}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_clamped_to_char_boundaries() {
        let f = SourceFile::new("a", "é!");
        assert_eq!(clamp_span(&f, Span::new(1, 99)), Span::new(0, 3));
        assert_eq!(clamp_span(&f, Span::new(5, 2)), Span::new(3, 3));
    }
}
