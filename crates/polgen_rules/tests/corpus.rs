//! Corpus tests: every AWS managed policy (valid by definition) lints clean of correctness
//! findings with all rules on, and the AWS documentation examples and trust policies have no
//! syntax, grammar or unknown-name findings. Skipped (with a message) when the shared corpus
//! is absent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod common;

use common::{SubText, corpus, erase_intrinsics, json_files};
use polgen_policy::PolicyKind;
use polgen_rules::{EnabledRule, Settings, check_document, default_rules, lint_json};
use polgen_source::SourceFile;

/// Lints one file with every rule; returns `(rule, "file: message [underlined]")` findings.
fn lint(path: &Path, kind: Option<PolicyKind>, rules: &[EnabledRule]) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    let source = SourceFile::new(name.clone(), text.clone());
    let settings = Settings::default();
    let diagnostics = if text.contains("\"Fn::") || text.contains("\"Ref\"") {
        match polgen_policy::json::parse(&text) {
            Ok(mut parsed) => {
                erase_intrinsics(&mut parsed.root, SubText::Pattern);
                let doc = polgen_policy::build(parsed.root, kind);
                check_document(&doc, &source, &settings, rules)
            }
            Err(_) => lint_json(&source, kind, &settings, rules).diagnostics,
        }
    } else {
        lint_json(&source, kind, &settings, rules).diagnostics
    };
    diagnostics
        .iter()
        .map(|d| {
            (
                d.rule.to_string(),
                format!(
                    "{}: {}: {} [{}]",
                    path.display(),
                    d.rule,
                    d.message,
                    source.slice(d.span)
                ),
            )
        })
        .collect()
}

fn summarize(findings: &[(String, String)]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for (rule, _) in findings {
        *m.entry(rule.clone()).or_insert(0) += 1;
    }
    m
}

/// Findings that are real defects of AWS's own text, by `policy: rule` and underlined text.
/// Each grants nothing that its authors meant, under IAM's own matching rules; a correctness
/// rule that stayed silent on them would stay silent on the same mistake in users' policies.
const KNOWN_DEFECTS: &[&str] = &[
    // `s3:GetObject` (and GetObjectVersion/Acl) on a bucket ARN: objects are `bucket/key`.
    "AIOpsAssistantPolicy.json: resource-mismatch: `arn:aws:s3:::amplify`",
    "AWSRefactoringToolkitFullAccess.json: resource-mismatch: `arn:aws:s3:::aws.portingassistant.dotnet.datastore`",
    // `glue:GetConnection` is authorized on the catalog `arn:aws:glue:R:A:catalog`, which
    // `catalog/*` does not match (the slash needs more characters after it).
    "SageMakerStudioProjectProvisioningRolePolicy.json: resource-mismatch: `arn:aws:glue:*:*:catalog/*`",
];

fn is_known(line: &str) -> bool {
    KNOWN_DEFECTS.iter().any(|k| line.contains(k))
}

#[test]
fn aws_managed_policies_have_no_correctness_findings() {
    let Some(corpus) = corpus() else { return };
    let mut files = Vec::new();
    json_files(&corpus.join("aws-managed"), &mut files);
    assert!(
        files.len() > 1000,
        "expected the 1,644 managed policies, found {}",
        files.len()
    );
    let rules = default_rules();
    let start = std::time::Instant::now();
    let mut all = Vec::new();
    for f in &files {
        all.extend(lint(f, Some(PolicyKind::Identity), &rules));
    }
    eprintln!(
        "linted {} managed policies in {:?}: {:?}",
        files.len(),
        start.elapsed(),
        summarize(&all)
    );
    let correctness = [
        "syntax-error",
        "policy-grammar",
        "unknown-service",
        "unknown-action",
        "unknown-condition-key",
        "invalid-arn",
        "resource-mismatch",
        "condition-type-mismatch",
        "missing-version",
        "duplicate-sid",
        "policy-size",
        "unsatisfiable-condition",
    ];
    let bad: Vec<&String> = all
        .iter()
        .filter(|(r, l)| correctness.contains(&r.as_str()) && !is_known(l))
        .map(|(_, l)| l)
        .collect();
    assert!(
        bad.is_empty(),
        "{} findings:\n{}",
        bad.len(),
        bad.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// AWS documentation examples that are genuinely wrong, by `file: rule` and underlined text.
const DOC_EXAMPLE_ERRORS: &[&str] = &[
    // "Understand policy summaries" shows a policy with deliberate typos to explain how the
    // console summarises them (`codedploy:*`, `s3:DeletObject`, `ec2:GetConsoleScreenshots`).
    "access-policies-understand-policy-summary_L160.json: unknown-",
    // Placeholders the pages ask readers to replace.
    "id-roles-use-passrole_L21.json: policy-grammar: action `A list of the permissions",
    "reference-policies-condition-keys_L352.json: unknown-service: unknown service prefix `service`",
    "reference-policies-condition-keys_L796.json: unknown-service: unknown service prefix `service`",
    "reference-policies-elements-condition-operators_L260.json: unknown-service: unknown service prefix `someservice`",
    "reference-policies-examples-aws-dates_L7.json: unknown-service: unknown service prefix `service-prefix`",
    "reference-policies-examples-aws-mfa-dates_L7.json: unknown-service: unknown service prefix `service-prefix-",
    // A fragment that shows only the statement's Condition.
    "reference-policies-variables_L195.json: policy-grammar: statement 1 has no `Resource`",
    // Real defects of the pages: an 11-digit account, a leading space in an ARN.
    "using-with-s3-actions_L17.json: policy-grammar: invalid principal `arn:aws:iam::12345678901:user/Dave`",
    "reference-policies-iam-condition-keys_L470.json: policy-grammar: invalid principal ` arn:aws:iam::111122223333:user/AdminUser`",
    // "Troubleshoot policies" shows `"ec2:* "` (trailing space) as the error to avoid.
    "troubleshoot-policies_L487.json: policy-grammar: action `ec2:* `",
    "troubleshoot-policies_L508.json: policy-grammar: action `ec2:* `",
];

/// A principal whose account is a placeholder for the reader (`AccountB-ID`,
/// `arn:aws:iam::account-id:root`, `Example Corp's AWS Account ID`): IAM rejects it, rightly,
/// but the page means "your account here".
fn placeholder_principal(line: &str) -> bool {
    let Some(rest) = line.split("invalid principal `").nth(1) else {
        return false;
    };
    let principal = rest.split('`').next().unwrap_or("");
    let account = if principal.starts_with("arn:") {
        principal.split(':').nth(4).unwrap_or("")
    } else {
        principal
    };
    account.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Folders of trust policies converted from templates and Terraform by the corpus' authors:
/// the conversion leaves intrinsics, dynamic blocks and fixture defects in the grammar, so only
/// the names in them are checked.
fn converted(line: &str) -> bool {
    [
        "/trust/cloudformation/",
        "/trust/terraform/",
        "/trust/terraform-hcl/",
    ]
    .iter()
    .any(|dir| line.contains(dir))
}

#[test]
fn documentation_examples_and_trust_policies_have_no_unknown_names() {
    let Some(corpus) = corpus() else { return };
    let rules = default_rules();
    let mut all = Vec::new();
    for (dir, kind) in [
        ("policy-examples", None),
        ("trust", Some(PolicyKind::Trust)),
    ] {
        let mut files = Vec::new();
        json_files(&corpus.join(dir), &mut files);
        for f in &files {
            all.extend(lint(f, kind, &rules));
        }
    }
    eprintln!(
        "documentation examples and trust policies: {:?}",
        summarize(&all)
    );
    let checked = [
        "syntax-error",
        "policy-grammar",
        "unknown-service",
        "unknown-action",
        "unknown-condition-key",
    ];
    let bad: Vec<&String> = all
        .iter()
        .filter(|(r, l)| {
            checked.contains(&r.as_str())
                && !DOC_EXAMPLE_ERRORS.iter().any(|k| l.contains(k))
                && !((l.contains("/policy-examples/aws-docs/") || l.contains("/trust/aws-docs/"))
                    && placeholder_principal(l))
                && !(converted(l) && matches!(r.as_str(), "policy-grammar" | "syntax-error"))
        })
        .map(|(_, l)| l)
        .collect();
    for (r, l) in &all {
        if !checked.contains(&r.as_str()) {
            eprintln!("  info: {l}");
        }
    }
    assert!(
        bad.is_empty(),
        "{} findings:\n{}",
        bad.len(),
        bad.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Time per rule over the managed policies (run with `--ignored --nocapture`, in release).
#[test]
#[ignore = "timing report, not a check"]
fn time_per_rule() {
    let Some(corpus) = corpus() else { return };
    let mut files = Vec::new();
    json_files(&corpus.join("aws-managed"), &mut files);
    let texts: Vec<(PathBuf, String)> = files
        .iter()
        .map(|f| (f.clone(), std::fs::read_to_string(f).unwrap_or_default()))
        .collect();
    for rule in default_rules() {
        let start = std::time::Instant::now();
        for (path, text) in &texts {
            let source = SourceFile::new(path.display().to_string(), text.clone());
            let _ = lint_json(
                &source,
                Some(PolicyKind::Identity),
                &Settings::default(),
                &[rule],
            );
        }
        eprintln!("{:>28} {:?}", rule.id(), start.elapsed());
    }
}
