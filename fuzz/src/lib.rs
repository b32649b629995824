//! What the fuzz targets share: the whole lint of one file, done the way `polgen lint`
//! does it (crates/polgen/src/lint.rs and iac.rs; the driver lives in the binary crate, so
//! this calls the same library functions in the same order), and the rendering of its
//! report in every output format.

use std::sync::Arc;

use polgen_diagnostics::{Diagnostic, FileReport, RuleDescriptor};
use polgen_policy::PolicyKind;
use polgen_render::{HumanOptions, RunInfo};
use polgen_rules::{EnabledRule, EnabledVaultRule, Settings, VaultSettings};
use polgen_source::SourceFile;

/// The file name extensions the CLI dispatches on.
pub const EXTENSIONS: [&str; 4] = ["json", "yaml", "tf", "hcl"];

/// `--policy-type`, or none (detected from the content).
pub const KINDS: [Option<PolicyKind>; 6] = [
    None,
    Some(PolicyKind::Identity),
    Some(PolicyKind::Resource),
    Some(PolicyKind::Trust),
    Some(PolicyKind::ServiceControl),
    Some(PolicyKind::ResourceControl),
];

/// Every AWS rule and every Vault rule at its default severity (more than the default
/// ruleset turns on: the fuzzer should reach every rule).
pub struct Rules {
    pub aws: Vec<EnabledRule>,
    pub vault: Vec<EnabledVaultRule>,
}

impl Rules {
    pub fn all() -> Rules {
        Rules {
            aws: polgen_rules::all_rules()
                .map(|rule| EnabledRule {
                    rule,
                    severity: rule.meta().severity,
                })
                .collect(),
            vault: polgen_rules::all_vault_rules()
                .map(|rule| EnabledVaultRule {
                    rule,
                    severity: rule.meta().severity,
                })
                .collect(),
        }
    }
}

/// Lints `text` as a file named `policy.EXTENSION` given on the command line.
pub fn lint_text(
    extension: &str,
    kind: Option<PolicyKind>,
    text: &str,
    rules: &Rules,
) -> Vec<Diagnostic> {
    let settings = Settings::default();
    let vault = VaultSettings::default();
    let source = SourceFile::new(format!("policy.{extension}"), text.to_string());
    match extension {
        "yaml" => cloudformation(&source, &settings, rules).unwrap_or_default(),
        "tf" => terraform(&source, &settings, &vault, rules),
        "hcl" => vault_policy(&source, &vault, rules),
        _ => json(&source, kind, &settings, &vault, rules),
    }
}

/// The JSON dispatch of `lint_iac` and `lint_file`: template, plan, template file, Vault,
/// then IAM policy.
fn json(
    source: &SourceFile,
    kind: Option<PolicyKind>,
    settings: &Settings,
    vault: &VaultSettings,
    rules: &Rules,
) -> Vec<Diagnostic> {
    let text = source.text();
    if polgen_cloudformation::may_be_template(text)
        && let Some(found) = cloudformation(source, settings, rules)
    {
        return found;
    }
    if polgen_terraform::plan::may_be_plan(text) {
        match polgen_terraform::plan::parse(text) {
            Ok(Some(host)) => return polgen_rules::lint_host(source, &host, settings, &rules.aws),
            Ok(None) => {}
            Err(err) => return host_syntax_error(&err, rules),
        }
    }
    if text.contains("\"Statement\"")
        && (text.contains("${") || text.contains("%{"))
        && polgen_policy::json::parse(text).is_err()
        && let Some(template) = polgen_terraform::template_file(text)
    {
        return match template {
            polgen_terraform::TemplateFile::Policy(host) => {
                polgen_rules::lint_host(source, &host, settings, &rules.aws)
            }
            polgen_terraform::TemplateFile::Directives => Vec::new(),
            polgen_terraform::TemplateFile::Invalid(err) => host_syntax_error(&err, rules),
        };
    }
    let is_vault = text.contains("\"path\"")
        && polgen_policy::json::parse(text)
            .is_ok_and(|parsed| polgen_vault::looks_like_json_policy(&parsed.root));
    if is_vault {
        return vault_policy(source, vault, rules);
    }
    polgen_rules::lint_json(source, kind, settings, &rules.aws).diagnostics
}

/// `None` when the text parses but is not a template.
fn cloudformation(
    source: &SourceFile,
    settings: &Settings,
    rules: &Rules,
) -> Option<Vec<Diagnostic>> {
    match polgen_cloudformation::parse(source.text()) {
        Ok(polgen_cloudformation::Parsed::Template(host)) => {
            Some(polgen_rules::lint_host(source, &host, settings, &rules.aws))
        }
        Ok(polgen_cloudformation::Parsed::NotATemplate) => None,
        Err(err) => Some(host_syntax_error(&err, rules)),
    }
}

fn terraform(
    source: &SourceFile,
    settings: &Settings,
    vault: &VaultSettings,
    rules: &Rules,
) -> Vec<Diagnostic> {
    match polgen_terraform::parse(source.text()) {
        Ok(host) => polgen_rules::lint_host_with_vault(
            source,
            &host,
            settings,
            &rules.aws,
            Some((vault, &rules.vault)),
        ),
        Err(err) => host_syntax_error(&err, rules),
    }
}

fn vault_policy(source: &SourceFile, vault: &VaultSettings, rules: &Rules) -> Vec<Diagnostic> {
    let syntax = Some(polgen_diagnostics::Severity::Error);
    let outcome = polgen_rules::lint_vault(source, vault, &rules.vault, syntax);
    let mut diagnostics = outcome.diagnostics;
    let suppressions = polgen_rules::vault_suppressions(source.text(), outcome.policy.as_ref());
    polgen_rules::apply_suppressions(&suppressions, &rules.aws, &rules.vault, &mut diagnostics);
    polgen_rules::engine::sort_and_dedup(&mut diagnostics);
    diagnostics
}

fn host_syntax_error(err: &polgen_iac::HostSyntaxError, rules: &Rules) -> Vec<Diagnostic> {
    rules
        .aws
        .iter()
        .find(|r| r.id() == "syntax-error")
        .map(|r| polgen_rules::host::host_syntax_diagnostic(err, r.severity))
        .into_iter()
        .collect()
}

/// Renders one file's findings in every output format (each renderer quotes spans, lines
/// and snippets of the source, so they are fuzzed too). Rendering into memory never fails.
pub fn render_all(name: &str, text: &str, diagnostics: Vec<Diagnostic>) {
    let source = Arc::new(SourceFile::new(name.to_string(), text.to_string()));
    let reports = [FileReport {
        path: name.to_string(),
        source,
        diagnostics,
    }];
    let descriptors: Vec<RuleDescriptor> = polgen_rules::all_rule_metas()
        .map(|m| m.descriptor())
        .collect();
    let run = RunInfo {
        tool_name: "polgen",
        tool_version: "fuzz",
        catalog: "fuzz",
        rules: &descriptors,
        files_scanned: 1,
    };
    let human = HumanOptions {
        color: true,
        width: 100,
        show_summary: true,
    };
    let mut out = Vec::new();
    let rendered = [
        polgen_render::render_human(&mut out, &run, &reports, &[], &human),
        polgen_render::render_json(&mut out, &run, &reports, &[]),
        polgen_render::render_sarif(&mut out, &run, &reports, &[]),
        polgen_render::render_github(&mut out, &run, &reports, &[]),
    ];
    for result in rendered {
        assert!(result.is_ok(), "rendering into memory failed: {result:?}");
    }
}
