//! Lints a JSON policy file: parse errors become `syntax-error` findings, then the rules run.

use polgen_diagnostics::Diagnostic;
use polgen_policy::{DuplicateKey, PolicyDocument, PolicyKind, SyntaxError};
use polgen_source::SourceFile;

use crate::engine::{EnabledRule, check_document, sort_and_dedup};
use crate::rules::aws::correctness::syntax_error;
use crate::settings::Settings;

/// The findings for one JSON policy file, and its model when it parsed.
pub struct JsonOutcome {
    pub diagnostics: Vec<Diagnostic>,
    pub document: Option<PolicyDocument>,
}

/// Lints `source` as one JSON policy document.
pub fn lint_json(
    source: &SourceFile,
    kind: Option<PolicyKind>,
    settings: &Settings,
    rules: &[EnabledRule],
) -> JsonOutcome {
    let parsed = polgen_policy::json::parse(source.text());
    lint_parsed_json(source, parsed, kind, settings, rules)
}

/// [`lint_json`] of text the caller has parsed already (to look at it first).
pub fn lint_parsed_json(
    source: &SourceFile,
    parsed: Result<polgen_policy::json::Parsed, SyntaxError>,
    kind: Option<PolicyKind>,
    settings: &Settings,
    rules: &[EnabledRule],
) -> JsonOutcome {
    let syntax = rules
        .iter()
        .find(|r| r.id() == syntax_error::META.id)
        .map(|r| r.severity);
    match parsed.map(|json| polgen_policy::ParsedPolicy::from_json(json, kind)) {
        Err(err) => JsonOutcome {
            diagnostics: syntax
                .map(|sev| syntax_diagnostic(&err, sev))
                .into_iter()
                .collect(),
            document: None,
        },
        Ok(parsed) => {
            let mut diagnostics = check_document(&parsed.document, source, settings, rules);
            if let Some(sev) = syntax {
                diagnostics.extend(
                    parsed
                        .duplicate_keys
                        .iter()
                        .map(|d| duplicate_diagnostic(d, sev)),
                );
                sort_and_dedup(&mut diagnostics);
            }
            JsonOutcome {
                diagnostics,
                document: Some(parsed.document),
            }
        }
    }
}

/// A `syntax-error` finding for a parse error.
pub fn syntax_diagnostic(err: &SyntaxError, severity: polgen_diagnostics::Severity) -> Diagnostic {
    let mut d = Diagnostic::new(syntax_error::META.id, err.span, err.message.clone())
        .with_label("here")
        .with_help("fix the JSON syntax: IAM rejects the whole policy");
    d.severity = severity;
    d
}

/// A `syntax-error` finding for a repeated key, which IAM rejects.
pub fn duplicate_diagnostic(
    dup: &DuplicateKey,
    severity: polgen_diagnostics::Severity,
) -> Diagnostic {
    let mut d = Diagnostic::new(syntax_error::META.id, dup.span, format!("duplicate key `{}`", dup.key))
        .with_label("repeated here")
        .with_related(dup.first, "first defined here")
        .with_help("remove one of the two: IAM rejects a policy with duplicate keys, and other tools silently keep only the last");
    d.severity = severity;
    d
}
