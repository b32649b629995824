//! Infrastructure-as-code files in `polgen lint`: CloudFormation templates, Terraform
//! configurations and plans. One function per front-end; each returns `None` when the file
//! is not of its kind, so JSON policies keep their own path in `lint.rs`.

use std::path::Path;
use std::sync::Arc;

use polgen_diagnostics::FileReport;
use polgen_iac::HostSyntaxError;
use polgen_rules::{EnabledRule, EnabledVaultRule, Settings, VaultSettings};
use polgen_source::SourceFile;

use crate::discover::Candidate;
use crate::lint::Outcome;

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Lints `text` as an IaC file when it is one; `vault` runs on the Vault policies of
/// Terraform files.
pub(crate) fn lint_iac(
    candidate: &Candidate,
    path: &str,
    text: &str,
    settings: &Settings,
    rules: &[EnabledRule],
    vault: (&VaultSettings, &[EnabledVaultRule]),
) -> Option<Outcome> {
    match extension(&candidate.path).as_str() {
        "yaml" | "yml" | "template" => {
            Some(lint_cloudformation(candidate, path, text, settings, rules))
        }
        "json" if polgen_cloudformation::may_be_template(text) => {
            let outcome = lint_cloudformation(candidate, path, text, settings, rules);
            // A JSON file that is not a template may still be a policy or a plan.
            match outcome {
                Outcome::Skipped(..) => lint_plan(path, text, settings, rules)
                    .or_else(|| lint_template_file(path, text, settings, rules)),
                other => Some(other),
            }
        }
        "json" => lint_plan(path, text, settings, rules)
            .or_else(|| lint_template_file(path, text, settings, rules)),
        "tf" => Some(lint_terraform(path, text, settings, rules, vault)),
        _ => None,
    }
}

fn report(
    path: &str,
    source: Arc<SourceFile>,
    diagnostics: Vec<polgen_diagnostics::Diagnostic>,
) -> Outcome {
    Outcome::Report(FileReport {
        path: path.to_string(),
        source,
        diagnostics,
    })
}

/// A file that does not parse at all: one `syntax-error` finding.
fn syntax_error(
    path: &str,
    source: Arc<SourceFile>,
    err: &HostSyntaxError,
    rules: &[EnabledRule],
) -> Outcome {
    let diagnostics = rules
        .iter()
        .find(|r| r.id() == "syntax-error")
        .map(|r| polgen_rules::host::host_syntax_diagnostic(err, r.severity))
        .into_iter()
        .collect();
    report(path, source, diagnostics)
}

fn lint_cloudformation(
    candidate: &Candidate,
    path: &str,
    text: &str,
    settings: &Settings,
    rules: &[EnabledRule],
) -> Outcome {
    let looks_like = polgen_cloudformation::may_be_template(text);
    if !looks_like && !candidate.explicit {
        return Outcome::Skipped(path.to_string(), "not a CloudFormation template");
    }
    let source = Arc::new(SourceFile::new(path.to_string(), text.to_string()));
    match polgen_cloudformation::parse(text) {
        Ok(polgen_cloudformation::Parsed::Template(host)) => {
            let diagnostics = polgen_rules::lint_host(&source, &host, settings, rules);
            report(path, source, diagnostics)
        }
        Ok(polgen_cloudformation::Parsed::NotATemplate) => {
            Outcome::Skipped(path.to_string(), "not a CloudFormation template")
        }
        // A broken file that looked like a template (or was named on the command line).
        Err(err) => syntax_error(path, source, &err, rules),
    }
}

fn lint_terraform(
    path: &str,
    text: &str,
    settings: &Settings,
    rules: &[EnabledRule],
    vault: (&VaultSettings, &[EnabledVaultRule]),
) -> Outcome {
    let source = Arc::new(SourceFile::new(path.to_string(), text.to_string()));
    match polgen_terraform::parse(text) {
        Ok(host) => {
            let diagnostics =
                polgen_rules::lint_host_with_vault(&source, &host, settings, rules, Some(vault));
            report(path, source, diagnostics)
        }
        Err(err) => syntax_error(path, source, &err, rules),
    }
}

/// A `terraform show -json` plan; `None` when the JSON is not one.
fn lint_plan(
    path: &str,
    text: &str,
    settings: &Settings,
    rules: &[EnabledRule],
) -> Option<Outcome> {
    if !polgen_terraform::plan::may_be_plan(text) {
        return None;
    }
    let source = Arc::new(SourceFile::new(path.to_string(), text.to_string()));
    match polgen_terraform::plan::parse(text) {
        Ok(Some(host)) => {
            let diagnostics = polgen_rules::lint_host(&source, &host, settings, rules);
            Some(report(path, source, diagnostics))
        }
        Ok(None) => None,
        Err(err) => Some(syntax_error(path, source, &err, rules)),
    }
}

/// A JSON policy written for Terraform's `templatefile()`: `${...}` are unknown values.
/// Only when the file is not plain JSON; plain JSON policies keep their own path.
fn lint_template_file(
    path: &str,
    text: &str,
    settings: &Settings,
    rules: &[EnabledRule],
) -> Option<Outcome> {
    if !text.contains("\"Statement\"") || polgen_policy::json::parse(text).is_ok() {
        return None;
    }
    let source = Arc::new(SourceFile::new(path.to_string(), text.to_string()));
    match polgen_terraform::template_file(text)? {
        polgen_terraform::TemplateFile::Policy(host) => {
            let diagnostics = polgen_rules::lint_host(&source, &host, settings, rules);
            Some(report(path, source, diagnostics))
        }
        polgen_terraform::TemplateFile::Directives => Some(Outcome::Skipped(
            path.to_string(),
            "Terraform template whose JSON is built by `%{}` directives: known only once rendered",
        )),
        polgen_terraform::TemplateFile::Invalid(err) => {
            Some(syntax_error(path, source, &err, rules))
        }
    }
}

/// Findings in a plan name the resource's address; when the `.tf` file declaring it was
/// linted in the same run, a note says where (root-module resources only: a module's
/// resources live in the module's source, which the plan does not name).
pub(crate) fn link_plans_to_sources(reports: &mut [FileReport]) {
    let mut declared: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for report in reports.iter().filter(|r| r.path.ends_with(".tf")) {
        let source = &report.source;
        for (i, line) in source.text().lines().enumerate() {
            let words: Vec<&str> = line.split_whitespace().collect();
            if let ["resource" | "data", ty, name, ..] = words.as_slice() {
                let prefix = if words[0] == "data" { "data." } else { "" };
                let address = format!(
                    "{prefix}{}.{}",
                    ty.trim_matches('"'),
                    name.trim_matches('"')
                );
                declared
                    .entry(address)
                    .or_insert_with(|| format!("{}:{}", report.path, i + 1));
            }
        }
    }
    if declared.is_empty() {
        return;
    }
    for report in reports.iter_mut().filter(|r| r.path.ends_with(".json")) {
        for d in &mut report.diagnostics {
            let Some(path) = &d.location_path else {
                continue;
            };
            let parts: Vec<&str> = path.split('.').collect();
            let address = match parts.as_slice() {
                ["data", ty, name, ..] => format!("data.{ty}.{name}"),
                [ty, name, ..] => format!("{ty}.{}", name.split('[').next().unwrap_or(name)),
                _ => continue,
            };
            if let Some(place) = declared.get(&address) {
                d.notes.push(format!("`{address}` is declared at {place}"));
            }
        }
    }
}
