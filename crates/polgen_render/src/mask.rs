//! The masking pass every format goes through before it renders: no credential-shaped value
//! is printed, whether a rule found it or not, in a message, a note, a label, a snippet's
//! context lines, a file name or a file error. This is the only pass over a rendered report:
//! what a renderer adds of its own is counts and names, except SARIF's rule pages, which it
//! masks itself (hardcoded-secret's example holds a password).
//!
//! Source text is masked with text of the same byte length (see [`polgen_secrets::mask`]), so
//! every span, line and column stays where it was; spans a rule marked as secret
//! ([`Diagnostic::secret_span`], e.g. base64 that hides a password) are masked whole.

use std::borrow::Cow;
use std::sync::Arc;

use polgen_diagnostics::{Diagnostic, FileError, FileReport};
use polgen_source::SourceFile;

/// `reports` and `errors` with every secret masked; borrowed when there was none.
pub(crate) fn masked<'a>(
    reports: &'a [FileReport],
    errors: &'a [FileError],
) -> (Cow<'a, [FileReport]>, Cow<'a, [FileError]>) {
    (
        masked_each(reports, masked_report),
        masked_each(errors, masked_error),
    )
}

/// Clones the list only from the first item that needed masking.
fn masked_each<'a, T: Clone>(items: &'a [T], mask: fn(&T) -> Option<T>) -> Cow<'a, [T]> {
    let mut out: Option<Vec<T>> = None;
    for (i, item) in items.iter().enumerate() {
        match (mask(item), &mut out) {
            (Some(m), Some(out)) => out.push(m),
            (Some(m), None) => {
                let mut v = items[..i].to_vec();
                v.push(m);
                out = Some(v);
            }
            (None, Some(out)) => out.push(item.clone()),
            (None, None) => {}
        }
    }
    out.map_or(Cow::Borrowed(items), Cow::Owned)
}

fn masked_error(error: &FileError) -> Option<FileError> {
    let path = changed(&error.path);
    let message = changed(&error.message);
    if path.is_none() && message.is_none() {
        return None;
    }
    Some(FileError {
        path: path.unwrap_or_else(|| error.path.clone()),
        message: message.unwrap_or_else(|| error.message.clone()),
    })
}

fn masked_report(report: &FileReport) -> Option<FileReport> {
    // A file without findings is never shown.
    if report.diagnostics.is_empty() {
        return None;
    }
    let path = changed(&report.path);
    let source = masked_source(report);
    let diagnostics: Vec<Option<Diagnostic>> =
        report.diagnostics.iter().map(masked_diagnostic).collect();
    if path.is_none() && source.is_none() && diagnostics.iter().all(Option::is_none) {
        return None;
    }
    Some(FileReport {
        path: path.unwrap_or_else(|| report.path.clone()),
        source: source.unwrap_or_else(|| Arc::clone(&report.source)),
        diagnostics: diagnostics
            .into_iter()
            .zip(&report.diagnostics)
            .map(|(masked, original)| masked.unwrap_or_else(|| original.clone()))
            .collect(),
    })
}

/// The file's text with its secrets and its findings' secret spans masked.
fn masked_source(report: &FileReport) -> Option<Arc<SourceFile>> {
    let text = report.source.text();
    let mut masked = polgen_secrets::mask(text);
    for d in report.diagnostics.iter().filter(|d| d.secret_span) {
        let range = d.span.range();
        let Some(secret) = masked.get(range.clone()) else {
            continue;
        };
        let hidden = polgen_secrets::mask_all(secret);
        masked.to_mut().replace_range(range, &hidden);
    }
    match masked {
        Cow::Borrowed(_) => None,
        Cow::Owned(text) => Some(Arc::new(SourceFile::new(
            report.source.name().to_string(),
            text,
        ))),
    }
}

fn masked_diagnostic(d: &Diagnostic) -> Option<Diagnostic> {
    let message = changed(&d.message);
    let label = d.label.as_deref().and_then(changed);
    let help = d.help.as_deref().and_then(changed);
    let location_path = d.location_path.as_deref().and_then(changed);
    let notes: Vec<Option<String>> = d.notes.iter().map(|n| changed(n)).collect();
    let labels: Vec<Option<String>> = d
        .labels
        .iter()
        .map(|l| l.message.as_deref().and_then(changed))
        .collect();
    let any = message.is_some()
        || label.is_some()
        || help.is_some()
        || location_path.is_some()
        || notes.iter().any(Option::is_some)
        || labels.iter().any(Option::is_some);
    if !any {
        return None;
    }
    let mut out = d.clone();
    if let Some(m) = message {
        out.message = m;
    }
    if label.is_some() {
        out.label = label;
    }
    if help.is_some() {
        out.help = help;
    }
    if location_path.is_some() {
        out.location_path = location_path;
    }
    for (note, masked) in out.notes.iter_mut().zip(notes) {
        if let Some(m) = masked {
            *note = m;
        }
    }
    for (l, masked) in out.labels.iter_mut().zip(labels) {
        if masked.is_some() {
            l.message = masked;
        }
    }
    Some(out)
}

/// The masked text, when masking changed it.
fn changed(text: &str) -> Option<String> {
    match polgen_secrets::mask(text) {
        Cow::Borrowed(_) => None,
        Cow::Owned(m) => Some(m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polgen_source::Span;

    fn report(text: &str, diagnostics: Vec<Diagnostic>) -> FileReport {
        FileReport {
            path: "t.yaml".into(),
            source: Arc::new(SourceFile::new("t.yaml", text)),
            diagnostics,
        }
    }

    #[test]
    fn masks_context_lines_messages_and_secret_spans() {
        let text = "a: 1\nVAULT_TOKEN: hvs.abcdefghijklmnopqrstuvwx\nUserData: aGVsbG8gd29ybGQ=\n";
        let d = Diagnostic::new(
            "x",
            Span::new(0, 4),
            "invalid principal `AKIAIOSFODNN7EXAMPLE`",
        );
        let secret = Diagnostic::new("y", Span::new(57, 73), "hidden").with_secret_span();
        let reports = [report(text, vec![d, secret])];
        let (masked, _) = masked(&reports, &[]);
        let r = &masked[0];
        assert_eq!(
            r.source.text(),
            "a: 1\nVAULT_TOKEN: hvs.************************\nUserData: ****************\n"
        );
        assert_eq!(
            r.diagnostics[0].message,
            "invalid principal `AKIA************MPLE`"
        );
    }

    #[test]
    fn borrows_when_nothing_is_secret() {
        let reports = [report(
            "a: 1\n",
            vec![Diagnostic::new("x", Span::new(0, 1), "m")],
        )];
        let errors = [FileError {
            path: "p".into(),
            message: "not found".into(),
        }];
        let (r, e) = masked(&reports, &errors);
        assert!(matches!(r, Cow::Borrowed(_)));
        assert!(matches!(e, Cow::Borrowed(_)));
    }
}
