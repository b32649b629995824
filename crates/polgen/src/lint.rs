//! `polgen lint`: discover files, lint them in parallel, render, pick the exit code.

use crate::output::errln;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use polgen_catalog::Catalog;
use polgen_diagnostics::{Diagnostic, FileError, FileReport, RuleDescriptor, Severity};
use polgen_policy::PolicyKind;
use polgen_render::{HumanOptions, RunInfo};
use polgen_rules::{
    EnabledRule, EnabledVaultRule, Settings, VaultSettings, all_rule_metas, all_rules,
    all_vault_rules,
};
use polgen_source::SourceFile;
use rayon::prelude::*;

use crate::cli::{Color, FailOn, Format, LintArgs, PolicyType, VaultFlavorArg};
use crate::discover::{Candidate, discover, display_path, io_message};
use crate::exit::Exit;

/// Files larger than this are not read: no policy format comes close (CloudFormation's
/// own template limit is 1 MB), and a huge file is far more likely a data dump.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// What linting one file produced.
pub(crate) enum Outcome {
    Report(FileReport),
    Skipped(String, &'static str),
    Failed(FileError),
    /// A `.tf` file and the files its `file("...")` policies read.
    Several(Vec<Outcome>),
    /// A JSON file linted as the policy a `.tf` file reads from it (canonical path first):
    /// wins over the same file found on its own, which knows neither kind nor resource.
    Referenced(std::path::PathBuf, FileReport),
    /// Something the user should know that is neither a finding nor an error.
    Note(String),
}

pub fn run(args: &LintArgs) -> Exit {
    let config = match load_config(args) {
        Ok(c) => c,
        Err(message) => {
            errln!("error: {message}");
            return Exit::Error;
        }
    };
    let mut settings = Settings {
        own_accounts: config.accounts_own().to_vec(),
        trusted_accounts: config.accounts_trusted().to_vec(),
        strict: config.ruleset_name() == "strict",
        ..Settings::default()
    };
    settings.own_accounts.extend(args.accounts.iter().cloned());
    if let Some(hours) = config.setting_u64("max-session-hours") {
        settings.max_session_hours = hours;
    }
    let kind = args.policy_type.map(|t| match t {
        PolicyType::Identity => PolicyKind::Identity,
        PolicyType::Resource => PolicyKind::Resource,
        PolicyType::Trust => PolicyKind::Trust,
        PolicyType::Scp => PolicyKind::ServiceControl,
        PolicyType::Rcp => PolicyKind::ResourceControl,
    });

    let vault = vault_settings(args, &config);

    let found = discover(&args.paths);
    let reading = crate::iac::Reading::new(args.max_file_size);
    let outcomes: Vec<Outcome> = found
        .files
        .par_iter()
        .map(|candidate| {
            lint_file(
                candidate,
                kind,
                &settings,
                &vault,
                &config,
                args.report_unused_suppressions,
                &reading,
            )
        })
        .collect();

    let mut reports = Vec::new();
    let mut errors = found.errors;
    let mut skipped: Vec<(String, &str)> = found
        .skipped
        .iter()
        .map(|(p, why)| (display_path(p), *why))
        .collect();
    let mut referenced: Vec<(std::path::PathBuf, FileReport)> = Vec::new();
    let mut notes = Vec::new();
    // Depth-first in discovery order: a `.tf` file's referenced files follow it.
    let mut pending = outcomes;
    pending.reverse();
    while let Some(outcome) = pending.pop() {
        match outcome {
            Outcome::Report(r) => reports.push(r),
            Outcome::Skipped(path, why) => skipped.push((path, why)),
            Outcome::Failed(e) => errors.push(e),
            Outcome::Several(more) => pending.extend(more.into_iter().rev()),
            Outcome::Referenced(path, r) => referenced.push((path, r)),
            Outcome::Note(note) => notes.push(note),
        }
    }
    merge_referenced(&mut reports, &mut skipped, referenced);
    for note in &notes {
        errln!("note: {note}");
    }
    crate::iac::link_plans_to_sources(&mut reports);
    if args.verbose {
        skipped.sort();
        for (path, why) in &skipped {
            errln!("skipped {path}: {why}");
        }
    }

    let descriptors: Vec<RuleDescriptor> = all_rule_metas().map(|m| m.descriptor()).collect();
    let catalog = Catalog::get().describe();
    let run = RunInfo {
        tool_name: "polgen",
        tool_version: env!("CARGO_PKG_VERSION"),
        catalog: &catalog,
        rules: &descriptors,
        files_scanned: reports.len(),
    };
    if let Err(message) = write_report(args, &run, &reports, &errors) {
        errln!("error: {message}");
        return Exit::Error;
    }

    let threshold = match args.fail_on {
        Some(FailOn::Error) => Severity::Error,
        Some(FailOn::Warning) => Severity::Warning,
        Some(FailOn::Info) => Severity::Info,
        None => config.fail_on().unwrap_or(Severity::Warning),
    };
    let failing = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity >= threshold);
    if !errors.is_empty() {
        Exit::Error
    } else if failing {
        Exit::Findings
    } else {
        Exit::Clean
    }
}

/// Files read by `file("...")` are reported once, with what the reference knows (kind,
/// resource); a file read by several resources gets all their findings in one report.
fn merge_referenced(
    reports: &mut Vec<FileReport>,
    skipped: &mut Vec<(String, &str)>,
    referenced: Vec<(std::path::PathBuf, FileReport)>,
) {
    if referenced.is_empty() {
        return;
    }
    // Keyed by path and by file name, so that 100k referenced files stay linear.
    let mut merged: Vec<(std::path::PathBuf, FileReport)> = Vec::new();
    let mut index: std::collections::HashMap<std::path::PathBuf, usize> =
        std::collections::HashMap::new();
    for (path, report) in referenced {
        match index.get(&path) {
            Some(&i) => merged[i].1.diagnostics.extend(report.diagnostics),
            None => {
                index.insert(path.clone(), merged.len());
                merged.push((path, report));
            }
        }
    }
    let names: std::collections::HashSet<&std::ffi::OsStr> =
        merged.iter().filter_map(|(p, _)| p.file_name()).collect();
    // Only paths with the name of a referenced file are resolved (one system call each).
    let is_referenced = |shown: &str| {
        Path::new(shown)
            .file_name()
            .is_some_and(|name| names.contains(name))
            && std::fs::canonicalize(shown).is_ok_and(|c| index.contains_key(&c))
    };
    reports.retain(|r| !is_referenced(&r.path));
    skipped.retain(|(path, _)| !is_referenced(path));
    for (_, mut report) in merged {
        polgen_rules::engine::sort_and_dedup(&mut report.diagnostics);
        reports.push(report);
    }
    reports.sort_by(|a, b| a.path.cmp(&b.path));
}

fn load_config(args: &LintArgs) -> Result<polgen_config::Resolved, String> {
    let config = if args.no_config {
        polgen_config::Config::default()
    } else if let Some(path) = &args.config {
        polgen_config::Config::load(path).map_err(|e| e.to_string())?
    } else {
        let cwd = std::env::current_dir()
            .map_err(|e| format!("cannot read the current directory: {}", io_message(&e)))?;
        match polgen_config::Config::discover(&cwd).map_err(|e| e.to_string())? {
            Some((_, config)) => config,
            None => polgen_config::Config::default(),
        }
    };
    let known: Vec<(&str, &str)> = all_rule_metas()
        .map(|m| (m.id, m.category.as_str()))
        .collect();
    let mut problems = config.validate(&known);
    for id in args.select.iter().chain(&args.ignore) {
        if !known
            .iter()
            .any(|(rule, category)| rule == id || category == id)
            && id != "all"
        {
            problems.push(format!(
                "unknown rule or category `{}` on the command line",
                polgen_source::quote::cut(id)
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    polgen_config::Resolved::new(&config, args.ruleset.as_deref(), &args.select, &args.ignore)
        .map_err(|e| e.to_string())
}

/// The rules on for `path`. `unused-suppression` is on only with
/// `--report-unused-suppressions`, whatever the ruleset says.
fn enabled_rules(
    config: &polgen_config::Resolved,
    path: &Path,
    report_unused_suppressions: bool,
) -> Vec<EnabledRule> {
    all_rules()
        .filter_map(|rule| {
            let meta = rule.meta();
            if meta.id == "unused-suppression" {
                return report_unused_suppressions.then_some(EnabledRule {
                    rule,
                    severity: meta.severity,
                });
            }
            config
                .severity_for(meta.id, meta.category.as_str(), meta.severity, Some(path))
                .map(|severity| EnabledRule { rule, severity })
        })
        .collect()
}

/// Vault settings: `--vault-flavor` over `[vault] flavor`; `[vault] kv_v2_mounts`.
fn vault_settings(args: &LintArgs, config: &polgen_config::Resolved) -> VaultSettings {
    use polgen_config::VaultFlavor;
    let flavor = match (args.vault_flavor, config.vault_flavor()) {
        (Some(VaultFlavorArg::Openbao), _) | (None, Some(VaultFlavor::Openbao)) => {
            polgen_vault::Flavor::OpenBao
        }
        _ => polgen_vault::Flavor::Vault,
    };
    let mut vault = VaultSettings {
        flavor,
        ..VaultSettings::default()
    };
    if let Some(mounts) = config.vault_kv_v2_mounts() {
        vault.kv_v2_mounts = mounts.to_vec();
    }
    vault
}

fn enabled_vault_rules(config: &polgen_config::Resolved, path: &Path) -> Vec<EnabledVaultRule> {
    all_vault_rules()
        .filter_map(|rule| {
            let meta = rule.meta();
            config
                .severity_for(meta.id, meta.category.as_str(), meta.severity, Some(path))
                .map(|severity| EnabledVaultRule { rule, severity })
        })
        .collect()
}

/// Whether JSON text is a Vault policy (`{"path": {...}}`) rather than an IAM one.
fn is_vault_json(text: &str) -> bool {
    text.contains("\"path\"")
        && polgen_policy::json::parse(text)
            .is_ok_and(|parsed| polgen_vault::looks_like_json_policy(&parsed.root))
}

/// Lints a Vault policy file; `None` when a file found by walking a folder turns out not
/// to be a policy.
fn lint_vault_file(
    source: &SourceFile,
    explicit: bool,
    vault: &VaultSettings,
    rules: &[EnabledRule],
    vault_rules: &[EnabledVaultRule],
) -> Option<Vec<Diagnostic>> {
    let syntax = rules
        .iter()
        .find(|r| r.id() == "syntax-error")
        .map(|r| r.severity);
    let outcome = polgen_rules::lint_vault(source, vault, vault_rules, syntax);
    if !explicit && outcome.policy.as_ref().is_some_and(|p| p.paths.is_empty()) {
        return None;
    }
    let mut diagnostics = outcome.diagnostics;
    let suppressions = polgen_rules::vault_suppressions(source.text(), outcome.policy.as_ref());
    polgen_rules::apply_suppressions(&suppressions, rules, vault_rules, &mut diagnostics);
    polgen_rules::engine::sort_and_dedup(&mut diagnostics);
    Some(diagnostics)
}

/// The text of a regular file of at most [`MAX_FILE_BYTES`] (FIFOs and devices would block or
/// never end, and no policy format comes close to the limit), decoded the way every front-end
/// reads text (`polgen_source::text`: UTF-8 with or without a BOM, UTF-16/32 with one).
pub(crate) fn read_regular_text(path: &Path) -> Result<String, String> {
    read_text(path, MAX_FILE_BYTES)
}

/// [`read_regular_text`] with another limit (`lint --max-file-size`).
pub(crate) fn read_text(path: &Path, max_bytes: u64) -> Result<String, String> {
    let bytes = polgen_source::read::read_limited(path, max_bytes).map_err(|e| match e {
        polgen_source::read::ReadError::TooLarge { .. } => {
            format!("{e} (the limit is set by --max-file-size)")
        }
        e => e.to_string(),
    })?;
    polgen_source::text::decode_text(bytes).map_err(|e| e.to_string())
}

fn lint_file(
    candidate: &Candidate,
    kind: Option<PolicyKind>,
    settings: &Settings,
    vault: &VaultSettings,
    config: &polgen_config::Resolved,
    report_unused_suppressions: bool,
    reading: &crate::iac::Reading,
) -> Outcome {
    let path = display_path(&candidate.path);
    let fail = |message: String| {
        Outcome::Failed(FileError {
            path: path.clone(),
            message,
        })
    };
    // A file that cannot be read or decoded is an error naming it, found in a folder or not:
    // which front-end it belongs to is decided from its text, so it must not be passed over
    // as "not a policy".
    let text = match reading.text(&candidate.path) {
        Ok(text) => text,
        Err(message) => return fail(message),
    };
    let rules = enabled_rules(config, &candidate.path, report_unused_suppressions);
    let vault_rules = enabled_vault_rules(config, &candidate.path);
    if let Some(outcome) = crate::iac::lint_iac(
        candidate,
        &path,
        &text,
        settings,
        &rules,
        (vault, &vault_rules),
        reading,
    ) {
        return outcome;
    }
    let is_hcl = candidate
        .path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("hcl"));
    if !candidate.explicit && text.trim().is_empty() {
        return Outcome::Skipped(path, "empty file");
    }
    if is_hcl || is_vault_json(&text) {
        if is_hcl && !candidate.explicit && !polgen_vault::looks_like_hcl_policy(&text) {
            return Outcome::Skipped(path, "HCL without `path` blocks: not a Vault policy");
        }
        let source = Arc::new(SourceFile::new(path.clone(), text));
        return match lint_vault_file(&source, candidate.explicit, vault, &rules, &vault_rules) {
            Some(diagnostics) => Outcome::Report(FileReport {
                path,
                source,
                diagnostics,
            }),
            None => Outcome::Skipped(
                path,
                "HCL without top-level `path` blocks: not a Vault policy",
            ),
        };
    }
    if !candidate.explicit && !text.contains("\"Statement\"") {
        return Outcome::Skipped(path, "JSON without a `Statement`: not a policy");
    }
    let source = Arc::new(SourceFile::new(path.clone(), text));
    // A folder may hold JSON that mentions `Statement` without being a policy (a template, a
    // fixture list): lint it when its top level has `Statement`, or when it does not parse (a
    // broken policy must not be skipped silently). Parsed once for both.
    let parsed = polgen_policy::json::parse(source.text());
    if !candidate.explicit
        && parsed
            .as_ref()
            .is_ok_and(|json| !polgen_policy::looks_like_policy(&json.root))
    {
        return Outcome::Skipped(
            path,
            "JSON whose top level has no `Statement`: not a policy",
        );
    }
    let diagnostics =
        polgen_rules::lint_parsed_json(&source, parsed, kind, settings, &rules).diagnostics;
    Outcome::Report(FileReport {
        path,
        source,
        diagnostics,
    })
}

fn write_report(
    args: &LintArgs,
    run: &RunInfo<'_>,
    reports: &[FileReport],
    errors: &[FileError],
) -> Result<(), String> {
    let mut buffer: Vec<u8> = Vec::new();
    // (The renderers mask secrets in their inputs: the text they make is written as it is.)
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let result = match args.format {
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
            };
            let width = std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.parse().ok())
                .unwrap_or(100);
            let opts = HumanOptions {
                color,
                width,
                show_summary: true,
            };
            polgen_render::render_human(&mut buffer, run, reports, errors, &opts)
        }
        Format::Json => polgen_render::render_json(&mut buffer, run, reports, errors),
        Format::Sarif => polgen_render::render_sarif(&mut buffer, run, reports, errors),
        Format::Github => polgen_render::render_github(&mut buffer, run, reports, errors),
    };
    result.map_err(|e| format!("cannot render the report: {e}"))?;
    let text = String::from_utf8_lossy(&buffer);
    crate::output::write_rendered(args.output.as_deref(), &text).map_err(|e| match &args.output {
        Some(path) => format!("cannot write `{}`: {}", path.display(), io_message(&e)),
        None => format!("cannot write the report: {e}"),
    })
}
