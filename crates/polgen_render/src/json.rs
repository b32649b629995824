//! The JSON format: one versioned document per run, described by
//! `json-output.schema.json` at the root of this crate.

use std::io::{self, Write};

use polgen_diagnostics::{FileError, FileReport};
use serde::Serialize;

use crate::RunInfo;
use crate::findings::{self, Counts, Finding};

/// The `version` field of the JSON output. Bumped on any incompatible change (a field removed,
/// renamed or retyped); new fields may appear without a bump.
pub const JSON_FORMAT_VERSION: u32 = 1;

/// Renders the run as one pretty-printed JSON document followed by a newline.
pub fn render_json(
    out: &mut dyn Write,
    run: &RunInfo,
    reports: &[FileReport],
    errors: &[FileError],
) -> io::Result<()> {
    let (reports, errors) = crate::mask::masked(reports, errors);
    let (reports, errors) = (&*reports, &*errors);
    let findings = findings::collect(reports);
    let counts = Counts::of(&findings);
    let doc = Output {
        version: JSON_FORMAT_VERSION,
        tool: Tool {
            name: run.tool_name,
            version: run.tool_version,
        },
        catalog: run.catalog,
        summary: Summary {
            files: run.files_scanned,
            errors: counts.errors,
            warnings: counts.warnings,
            infos: counts.infos,
            file_errors: errors.len(),
        },
        findings: findings.iter().map(JsonFinding::new).collect(),
        errors: errors
            .iter()
            .map(|e| JsonFileError {
                path: &e.path,
                message: &e.message,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
    writeln!(out)
}

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    tool: Tool<'a>,
    catalog: &'a str,
    summary: Summary,
    findings: Vec<JsonFinding<'a>>,
    errors: Vec<JsonFileError<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'a str,
    version: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    file_errors: usize,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    path: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    location_path: Option<&'a str>,
    notes: &'a [String],
    related: Vec<Related<'a>>,
    fingerprint: &'a str,
}

impl<'a> JsonFinding<'a> {
    fn new(finding: &'a Finding<'a>) -> Self {
        let diag = finding.diag;
        JsonFinding {
            rule: diag.rule,
            severity: diag.severity.as_str(),
            message: &diag.message,
            help: diag.help.as_deref(),
            path: finding.path,
            line: finding.start.line,
            column: finding.start.column,
            end_line: finding.end.line,
            end_column: finding.end.column,
            location_path: diag.location_path.as_deref(),
            notes: &diag.notes,
            related: diag
                .labels
                .iter()
                .map(|label| {
                    let (_, start, end) = finding.positions(label.span);
                    Related {
                        line: start.line,
                        column: start.column,
                        end_line: end.line,
                        end_column: end.column,
                        message: label.message.as_deref(),
                    }
                })
                .collect(),
            fingerprint: &finding.fingerprint,
        }
    }
}

#[derive(Serialize)]
struct Related<'a> {
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonFileError<'a> {
    path: &'a str,
    message: &'a str,
}
