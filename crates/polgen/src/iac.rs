//! Infrastructure-as-code files in `polgen lint`: CloudFormation templates, Terraform
//! configurations and plans. One function per front-end; each returns `None` when the file
//! is not of its kind, so JSON policies keep their own path in `lint.rs`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use polgen_diagnostics::{FileError, FileReport};
use polgen_iac::HostSyntaxError;
use polgen_rules::{EnabledRule, EnabledVaultRule, Settings, VaultSettings};
use polgen_source::SourceFile;
use polgen_terraform::ModuleDefaults;

use crate::discover::Candidate;
use crate::lint::Outcome;

/// How a run reads its files: the size limit (`--max-file-size`), and the Terraform modules
/// (folders of `.tf` files) met, each read once however many of its files are linted, in
/// parallel or not.
pub(crate) struct Reading {
    pub max_file_bytes: u64,
    modules: Mutex<HashMap<PathBuf, Arc<OnceLock<ModuleDefaults>>>>,
}

impl Reading {
    pub fn new(max_file_bytes: u64) -> Reading {
        Reading {
            max_file_bytes,
            modules: Mutex::default(),
        }
    }

    /// The text of the regular file at `path`, within the limit.
    pub fn text(&self, path: &Path) -> Result<String, String> {
        crate::lint::read_text(path, self.max_file_bytes)
    }

    /// The variable defaults declared by the `.tf` files of `folder`.
    fn module(&self, folder: &Path) -> Arc<OnceLock<ModuleDefaults>> {
        let mut modules = self.modules.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(modules.entry(folder.to_path_buf()).or_default())
    }
}

/// What the `.tf` files of `folder` declare, read as Terraform reads a module: every regular
/// `.tf` file, then the override files (`override.tf`, `*_override.tf`), whose declarations
/// replace the others'. A file that cannot be read declares nothing here; its own lint says
/// why.
fn read_module(folder: &Path, reading: &Reading) -> ModuleDefaults {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return ModuleDefaults::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| extension(p) == "tf")
        .collect();
    files.sort();
    let is_override = |p: &Path| {
        p.file_stem()
            .and_then(|s| s.to_str())
            .is_some_and(|s| s == "override" || s.ends_with("_override"))
    };
    let mut defaults = ModuleDefaults::new();
    for overrides in [false, true] {
        for file in files.iter().filter(|p| is_override(p) == overrides) {
            if let Ok(text) = reading.text(file) {
                defaults.extend(polgen_terraform::variable_defaults_of(&text));
            }
        }
    }
    defaults
}

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
    reading: &Reading,
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
        "tf" => Some(lint_terraform(
            candidate, path, text, settings, rules, vault, reading,
        )),
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
    candidate: &Candidate,
    path: &str,
    text: &str,
    settings: &Settings,
    rules: &[EnabledRule],
    vault: (&VaultSettings, &[EnabledVaultRule]),
    reading: &Reading,
) -> Outcome {
    let source = Arc::new(SourceFile::new(path.to_string(), text.to_string()));
    let folder = candidate.path.parent().unwrap_or(Path::new(""));
    // `parent` of a bare `main.tf` is the empty path: the current folder.
    let module_folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let module = reading.module(module_folder);
    let module = module.get_or_init(|| read_module(module_folder, reading));
    match polgen_terraform::parse_in_module(text, module) {
        Ok(host) => {
            let diagnostics =
                polgen_rules::lint_host_with_vault(&source, &host, settings, rules, Some(vault));
            let own = report(path, source.clone(), diagnostics);
            if host.file_references.is_empty() {
                return own;
            }
            let mut outcomes = vec![own];
            for reference in &host.file_references {
                outcomes.push(lint_file_reference(
                    &source, &host, reference, folder, settings, rules, reading,
                ));
            }
            Outcome::Several(outcomes)
        }
        Err(err) => syntax_error(path, source, &err, rules),
    }
}

/// Lints the JSON file a `file("...")` policy value reads, as the policy of the resource
/// that reads it: the attribute gives the kind, findings name the resource and point into
/// the JSON file.
fn lint_file_reference(
    tf: &SourceFile,
    host: &polgen_iac::HostDocument,
    reference: &polgen_iac::FileReference,
    folder: &Path,
    settings: &Settings,
    rules: &[EnabledRule],
    reading: &Reading,
) -> Outcome {
    let (at, _) = tf.span_positions(reference.span);
    let place = format!("{}:{}:{}", tf.name(), at.line, at.column);
    let owner = format!("`{}` (`{}`)", reference.resource, reference.path);
    let relative = match &reference.target {
        polgen_iac::FileTarget::Path(p) => p,
        polgen_iac::FileTarget::Unknown(written) => {
            return Outcome::Note(format!(
                "{place}: the policy of {owner} is read by `file({written})`, whose path is known \
                 only when Terraform runs; that file is not linted here (lint it directly)"
            ));
        }
    };
    let target: PathBuf = folder
        .join(relative)
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    let shown = crate::discover::display_path(&target);
    let fail = |why: String| {
        Outcome::Failed(FileError {
            path: tf.name().to_string(),
            message: format!(
                "{}:{}: the policy of {owner} is read by `file()` from `{shown}`: {why}",
                at.line, at.column
            ),
        })
    };
    let text = match reading.text(&target) {
        Ok(text) => text,
        Err(why) => return fail(why),
    };
    let Ok(canonical) = std::fs::canonicalize(&target) else {
        return fail("cannot resolve the path".to_string());
    };
    let source = Arc::new(SourceFile::new(shown.clone(), text));
    let placement = polgen_rules::Placement {
        resource: &reference.resource,
        attribute: &reference.path,
        ty: host.resource(&reference.resource).map(|r| r.ty.as_str()),
    };
    let mut diagnostics =
        polgen_rules::lint_json(&source, reference.kind, settings, rules).diagnostics;
    for d in &mut diagnostics {
        placement.apply(d, &format!(", read by `file()` at {place}"));
    }
    Outcome::Referenced(
        canonical,
        FileReport {
            path: shown,
            source,
            diagnostics,
        },
    )
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
    // Only text with template syntax can be a template file; a full parse to rule out plain
    // JSON comes last (the policy path parses it again).
    if !text.contains("\"Statement\"")
        || !(text.contains("${") || text.contains("%{"))
        || polgen_policy::json::parse(text).is_ok()
    {
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
