//! The human format: miette's graphical report for each finding, then file errors and a
//! summary line.

use std::fmt::{self, Display};
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use polgen_diagnostics::{FileError, FileReport, Severity};
use polgen_source::SourceFile;

use crate::findings::{self, Counts, Finding, RuleIndex, plural};
use crate::{HumanOptions, RunInfo};

/// Renders findings for a terminal or a log.
pub fn render_human(
    out: &mut dyn Write,
    run: &RunInfo,
    reports: &[FileReport],
    errors: &[FileError],
    opts: &HumanOptions,
) -> io::Result<()> {
    let (reports, errors) = crate::mask::masked(reports, errors);
    let (reports, errors) = (&*reports, &*errors);
    let findings = findings::collect(reports);
    let rules = RuleIndex::new(run.rules);
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let width = opts.width.max(20);
    let handler = GraphicalReportHandler::new_themed(theme.clone())
        .with_width(width)
        // Print `rule-id (url)` rather than a terminal hyperlink: it survives logs and pipes.
        .with_links(false)
        .without_cause_chain()
        .without_syntax_highlighting();

    for finding in &findings {
        let too_long = longest_line(finding) > MAX_SNIPPET_LINE;
        let adapter = MietteFinding {
            finding,
            source: NamedText {
                name: finding.path,
                file: finding.source,
            },
            url: rules.help_uri(finding.diag.rule),
            snippet: !too_long,
        };
        let mut text = String::new();
        handler
            .render_report(&mut text, &adapter)
            .map_err(io::Error::other)?;
        if too_long {
            text.push_str(&format!(
                "  at {}:{} (the line is too long to show)\n",
                finding.path, finding.start
            ));
        }
        for note in &finding.diag.notes {
            let prefix = "  note: ";
            let styled = format!("  {}", theme.styles.help.style("note:"));
            let wrapped = wrap(note, width.saturating_sub(prefix.len()).max(10));
            for (i, line) in wrapped.iter().enumerate() {
                if i == 0 {
                    text.push_str(&format!("{styled} {line}\n"));
                } else {
                    text.push_str(&format!("{}{line}\n", " ".repeat(prefix.len())));
                }
            }
        }
        out.write_all(text.as_bytes())?;
        writeln!(out)?;
    }

    for error in errors {
        writeln!(
            out,
            "{}: {}: {}",
            theme.styles.error.style("error"),
            error.path,
            error.message
        )?;
    }

    if opts.show_summary {
        if !errors.is_empty() {
            writeln!(out)?;
        }
        let counts = Counts::of(&findings);
        let files = plural(run.files_scanned, "file", "files");
        if counts.total() == 0 {
            writeln!(out, "no findings in {files} (catalog: {})", run.catalog)?;
        } else {
            writeln!(
                out,
                "{}, {}, {} in {files} (catalog: {})",
                plural(counts.errors, "error", "errors"),
                plural(counts.warnings, "warning", "warnings"),
                plural(counts.infos, "info", "infos"),
                run.catalog
            )?;
        }
    }
    Ok(())
}

/// Greedy word wrap at `width` characters (a long word gets a line of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// Lines longer than this (in bytes) are not shown in a snippet: a policy written on one line
/// of megabytes would be printed whole for each of its findings (and miette cannot lay out a
/// line that wide).
const MAX_SNIPPET_LINE: usize = 2000;

/// The longest line a finding's snippet would show.
fn longest_line(finding: &Finding<'_>) -> usize {
    let spans = std::iter::once(finding.span).chain(finding.diag.labels.iter().map(|l| l.span));
    spans
        .flat_map(|span| {
            let (_, start, end) = finding.positions(span);
            [start.line, end.line]
        })
        .map(|line| finding.source.line_text(line).len())
        .max()
        .unwrap_or(0)
}

/// A finding seen through miette's `Diagnostic` trait.
struct MietteFinding<'a> {
    finding: &'a Finding<'a>,
    source: NamedText<'a>,
    url: String,
    /// Whether the source lines are shown.
    snippet: bool,
}

impl fmt::Debug for MietteFinding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MietteFinding")
            .field("rule", &self.finding.diag.rule)
            .field("path", &self.finding.path)
            .finish_non_exhaustive()
    }
}

impl Display for MietteFinding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.diag.message)
    }
}

impl std::error::Error for MietteFinding<'_> {}

impl miette::Diagnostic for MietteFinding<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn Display + 'b>> {
        Some(Box::new(self.finding.diag.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn Display + 'b>> {
        self.finding
            .diag
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn Display + 'b>)
    }

    fn url<'b>(&'b self) -> Option<Box<dyn Display + 'b>> {
        Some(Box::new(&self.url))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.snippet.then_some(&self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if !self.snippet {
            return None;
        }
        let finding = self.finding;
        let primary = LabeledSpan::new_primary_with_span(
            finding.diag.label.clone(),
            source_span(finding.span),
        );
        let related = finding.diag.labels.iter().map(move |label| {
            let (span, _, _) = finding.positions(label.span);
            LabeledSpan::new_with_span(label.message.clone(), source_span(span))
        });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

fn source_span(span: polgen_source::Span) -> SourceSpan {
    SourceSpan::new((span.start as usize).into(), span.len() as usize)
}

/// The text of a source file under the report's path, for miette's snippets.
struct NamedText<'a> {
    name: &'a str,
    file: &'a SourceFile,
}

impl SourceCode for NamedText<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self
            .file
            .text()
            .read_span(span, context_lines_before, context_lines_after)?;
        // miette counts columns in bytes; polgen counts characters everywhere (like the
        // JSON and SARIF outputs), so the `[path:line:col]` header agrees with them.
        // (With context lines the contents start at a line start, column 0.)
        let column = if context_lines_before == 0 {
            let offset = u32::try_from(span.offset()).unwrap_or(u32::MAX);
            self.file.line_col(offset).column.saturating_sub(1) as usize
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_owned(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_words() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("averylongword x", 4), vec!["averylongword", "x"]);
        assert_eq!(wrap("", 4), vec![""]);
    }
}
