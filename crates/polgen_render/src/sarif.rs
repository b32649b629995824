//! The SARIF 2.1.0 format, for GitHub code scanning and other SARIF viewers.
//!
//! One run: `tool.driver` lists every rule of the run with its metadata (GitHub reads
//! `properties.security-severity` and the `security` tag to rank alerts), `results` holds the
//! findings with `partialFingerprints` that survive edits above them, and `invocations[0]`
//! reports the files that could not be analysed.

use std::borrow::Cow;
use std::io::{self, Write};

use polgen_diagnostics::{FileError, FileReport, RuleDescriptor, Severity};
use serde::Serialize;

use crate::RunInfo;
use crate::findings::{self, Finding, RuleIndex};

const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/polgen/polgen";
const SRCROOT: &str = "%SRCROOT%";

/// Renders the run as a SARIF 2.1.0 log (pretty-printed JSON followed by a newline).
pub fn render_sarif(
    out: &mut dyn Write,
    run: &RunInfo,
    reports: &[FileReport],
    errors: &[FileError],
) -> io::Result<()> {
    let (reports, errors) = crate::mask::masked(reports, errors);
    let (reports, errors) = (&*reports, &*errors);
    let findings = findings::collect(reports);
    let rules = RuleIndex::new(run.rules);
    let log = Log {
        schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: run.tool_name,
                    version: run.tool_version,
                    semantic_version: run.tool_version,
                    information_uri: INFORMATION_URI,
                    rules: run.rules.iter().map(rule_descriptor).collect(),
                },
            },
            invocations: [Invocation {
                execution_successful: errors.is_empty(),
                tool_execution_notifications: errors.iter().map(notification).collect(),
            }],
            column_kind: "unicodeCodePoints",
            results: findings.iter().map(|f| result(f, &rules)).collect(),
            properties: RunProperties {
                catalog: run.catalog,
                files_scanned: run.files_scanned,
            },
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
    writeln!(out)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// GitHub's ranking: >= 7.0 high, >= 4.0 medium, else low.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "8.0",
        Severity::Warning => "5.0",
        Severity::Info => "2.0",
    }
}

/// `wildcard-action` -> `WildcardAction`.
fn pascal_case(id: &str) -> String {
    id.split(['-', '_'])
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
        })
        .collect()
}

/// The `## What it does` section of a rule's documentation, if any.
fn what_it_does(doc: &str) -> Option<String> {
    let mut lines = doc
        .lines()
        .skip_while(|l| !l.trim().eq_ignore_ascii_case("## what it does"));
    lines.next()?;
    let text = lines
        .take_while(|l| !l.starts_with("## "))
        .collect::<Vec<_>>()
        .join("\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn rule_descriptor(rule: &RuleDescriptor) -> ReportingDescriptor<'_> {
    let doc = if rule.doc.trim().is_empty() {
        rule.summary
    } else {
        rule.doc
    };
    // A rule's page may show a credential as its example (hardcoded-secret's): masked like
    // everything else polgen prints.
    let doc = polgen_secrets::mask(doc);
    let mut tags = vec!["security"];
    if rule.category != "security" {
        tags.push(rule.category);
    }
    ReportingDescriptor {
        id: rule.id,
        name: pascal_case(rule.id),
        short_description: Text {
            text: rule.summary.to_owned(),
        },
        full_description: Text {
            text: polgen_secrets::mask(
                &what_it_does(rule.doc).unwrap_or_else(|| rule.summary.to_owned()),
            )
            .into_owned(),
        },
        help: Help {
            text: doc.clone(),
            markdown: doc,
        },
        help_uri: rule.help_uri(),
        default_configuration: Configuration {
            level: level(rule.default_severity),
        },
        properties: RuleProperties {
            tags,
            security_severity: security_severity(rule.default_severity),
            precision: "high",
            aa_codes: rule.aa_codes,
        },
    }
}

fn result<'a>(finding: &'a Finding<'a>, rules: &RuleIndex<'_>) -> SarifResult<'a> {
    let diag = finding.diag;
    let mut text = diag.message.clone();
    if let Some(help) = &diag.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let related_locations = diag
        .labels
        .iter()
        .enumerate()
        .map(|(id, label)| {
            let (span, start, end) = finding.positions(label.span);
            RelatedLocation {
                id,
                physical_location: physical_location(
                    finding.path,
                    Some(Region {
                        start_line: start.line,
                        start_column: start.column,
                        end_line: end.line,
                        end_column: end.column,
                        snippet: snippet(finding.source.slice(span)),
                    }),
                ),
                message: label
                    .message
                    .as_deref()
                    .map(|t| Text { text: t.to_owned() }),
            }
        })
        .collect();
    SarifResult {
        rule_id: diag.rule,
        rule_index: rules.get(diag.rule).map(|(index, _)| index),
        level: level(diag.severity),
        message: Text { text },
        locations: [Location {
            physical_location: physical_location(
                finding.path,
                Some(Region {
                    start_line: finding.start.line,
                    start_column: finding.start.column,
                    end_line: finding.end.line,
                    end_column: finding.end.column,
                    snippet: snippet(finding.source.slice(finding.span)),
                }),
            ),
            logical_locations: diag.location_path.as_deref().map(|name| {
                [LogicalLocation {
                    fully_qualified_name: name,
                }]
            }),
        }],
        related_locations,
        partial_fingerprints: PartialFingerprints {
            polgen: &finding.fingerprint,
        },
        properties: (!diag.notes.is_empty()).then_some(ResultProperties { notes: &diag.notes }),
    }
}

fn snippet(text: &str) -> Option<Text> {
    (!text.is_empty()).then(|| Text {
        text: text.to_owned(),
    })
}

fn notification(error: &FileError) -> Notification<'_> {
    Notification {
        level: "error",
        message: Text {
            text: format!("{}: {}", error.path, error.message),
        },
        locations: [Location {
            physical_location: physical_location(&error.path, None),
            logical_locations: None,
        }],
    }
}

fn physical_location(path: &str, region: Option<Region>) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: artifact_location(path),
        region,
    }
}

/// A relative path becomes a URI reference against `%SRCROOT%`; an absolute path a `file:`
/// URI. Both are percent-encoded and use `/`.
fn artifact_location(path: &str) -> ArtifactLocation {
    let path = path.replace('\\', "/");
    let is_drive = matches!(path.as_bytes(), [d, b':', ..] if d.is_ascii_alphabetic());
    if is_drive {
        let (drive, rest) = path.split_at(2);
        ArtifactLocation {
            uri: format!("file:///{drive}{}", percent_encode(rest)),
            uri_base_id: None,
        }
    } else if path.starts_with('/') {
        ArtifactLocation {
            uri: format!("file://{}", percent_encode(&path)),
            uri_base_id: None,
        }
    } else {
        let relative = path.strip_prefix("./").unwrap_or(&path);
        ArtifactLocation {
            uri: percent_encode(relative),
            uri_base_id: Some(SRCROOT),
        }
    }
}

fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation<'a>; 1],
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    properties: RunProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunProperties<'a> {
    catalog: &'a str,
    files_scanned: usize,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'a str,
    version: &'a str,
    semantic_version: &'a str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor<'a> {
    id: &'a str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help<'a>,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties<'a>,
}

#[derive(Serialize)]
struct Help<'a> {
    text: Cow<'a, str>,
    markdown: Cow<'a, str>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleProperties<'a> {
    tags: Vec<&'a str>,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
    precision: &'static str,
    aa_codes: &'a [&'a str],
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Text,
    locations: [Location<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation>,
    partial_fingerprints: PartialFingerprints<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties<'a>>,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    notes: &'a [String],
}

/// polgen's fingerprint is versioned in its key: a change of algorithm gets a new key.
#[derive(Serialize)]
struct PartialFingerprints<'a> {
    #[serde(rename = "polgenFingerprint/v1")]
    polgen: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    logical_locations: Option<[LogicalLocation<'a>; 1]>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation<'a> {
    fully_qualified_name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation {
    id: usize,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(pascal_case("wildcard-action"), "WildcardAction");
        assert_eq!(pascal_case("vault-sudo"), "VaultSudo");
        assert_eq!(pascal_case("x"), "X");
    }

    #[test]
    fn paths_become_uris() {
        let rel = artifact_location("./policies/my role.json");
        assert_eq!(rel.uri, "policies/my%20role.json");
        assert_eq!(rel.uri_base_id, Some(SRCROOT));
        let abs = artifact_location("/tmp/a#b.json");
        assert_eq!(abs.uri, "file:///tmp/a%23b.json");
        assert_eq!(abs.uri_base_id, None);
        assert_eq!(
            artifact_location("C:\\x\\y.json").uri,
            "file:///C:/x/y.json"
        );
    }

    #[test]
    fn what_it_does_is_the_first_section() {
        let doc = "## What it does\nFlags `*`.\n\n## Why is this bad?\nBecause.";
        assert_eq!(what_it_does(doc).as_deref(), Some("Flags `*`."));
        assert_eq!(what_it_does("no sections"), None);
    }
}
