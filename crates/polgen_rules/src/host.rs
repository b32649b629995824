//! Lints an infrastructure-as-code file: the policies a front-end found in it go through
//! the IAM rules with their host spans, the file itself through the IaC rules.

use polgen_diagnostics::{Diagnostic, Severity};
use polgen_iac::{HostDocument, HostSyntaxError, Resource, Suppression};
use polgen_source::{SourceFile, Span};

use crate::engine::{Attachment, EnabledRule, check_attached_document, sort_and_dedup};
use crate::meta::RuleMeta;
use crate::rules::aws::correctness::syntax_error;
use crate::settings::Settings;
use crate::vault::{EnabledVaultRule, VaultSettings};

/// What an IaC rule sees while it checks one host file.
pub struct HostContext<'a> {
    pub host: &'a HostDocument,
    pub source: &'a SourceFile,
    pub settings: &'a Settings,
    rule: &'static RuleMeta,
    severity: Severity,
    out: &'a mut Vec<Diagnostic>,
}

impl HostContext<'_> {
    /// A new finding of the current rule at `span`, about `resource`.
    pub fn diagnostic(
        &self,
        resource: &Resource,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(self.rule.id, span, message).with_location_path(resource.address.clone())
    }

    /// Records a finding; the rule id and severity are stamped from the rule's metadata.
    pub fn report(&mut self, mut diagnostic: Diagnostic) {
        diagnostic.rule = self.rule.id;
        diagnostic.severity = self.severity;
        self.out.push(diagnostic);
    }

    /// The source text under a span.
    pub fn text(&self, span: Span) -> &str {
        self.source.slice(span)
    }
}

/// Where an embedded policy sits in its host: findings in it are named by the resource
/// (of type `ty`) and the attribute that holds it.
pub struct Placement<'a> {
    pub resource: &'a str,
    pub attribute: &'a str,
    pub ty: Option<&'a str>,
}

impl Placement<'_> {
    /// Prefixes the finding's `location_path` with `resource.attribute` and adds a note naming
    /// them, followed by `also` (e.g. where the policy was read from).
    pub fn apply(&self, d: &mut Diagnostic, also: &str) {
        let outer = format!("{}.{}", self.resource, self.attribute);
        d.location_path = Some(match d.location_path.take() {
            Some(inner) => format!("{outer}.{inner}"),
            None => outer,
        });
        let ty = self.ty.map_or(String::new(), |t| format!(" ({t})"));
        d.notes.push(format!(
            "in `{}`{ty}, `{}`{also}",
            self.resource, self.attribute
        ));
    }
}

/// Lints the host file `source` as the front-end modelled it in `host`.
pub fn lint_host(
    source: &SourceFile,
    host: &HostDocument,
    settings: &Settings,
    rules: &[EnabledRule],
) -> Vec<Diagnostic> {
    lint_host_with_vault(source, host, settings, rules, None)
}

/// [`lint_host`], also running the Vault rules on the Vault policies of the host file
/// (Terraform `vault_policy` and `vault_policy_document`), when given.
pub fn lint_host_with_vault(
    source: &SourceFile,
    host: &HostDocument,
    settings: &Settings,
    rules: &[EnabledRule],
    vault: Option<(&VaultSettings, &[EnabledVaultRule])>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let syntax = rules
        .iter()
        .find(|r| r.id() == syntax_error::META.id)
        .map(|r| r.severity);
    if let Some(sev) = syntax {
        out.extend(host.errors.iter().map(|e| host_syntax_diagnostic(e, sev)));
    }
    if let Some((vault_settings, vault_rules)) = vault {
        for embedded in &host.vault_policies {
            let policy = polgen_vault::model::build(&embedded.root);
            let found = crate::vault::lint_vault_policy(
                &policy,
                source,
                vault_settings,
                vault_rules,
                syntax,
            );
            let placement = Placement {
                resource: &embedded.resource,
                attribute: &embedded.path,
                ty: host.resource(&embedded.resource).map(|r| r.ty.as_str()),
            };
            for mut d in found {
                placement.apply(&mut d, "");
                out.push(d);
            }
        }
    }
    // The `Fn::If` variants of one policy, by resource and path: (label, findings) each.
    let mut variants: Vec<((&str, &str), Vec<VariantFindings>)> = Vec::new();
    for (index, policy) in host.policies.iter().enumerate() {
        let mut root = policy.root.clone();
        crate::util::deploy::shape_resource_arns(&mut root, polgen_catalog::Catalog::get());
        let doc = polgen_policy::build(root, policy.kind);
        let placement = Placement {
            resource: &policy.resource,
            attribute: &policy.path,
            ty: host.resource(&policy.resource).map(|r| r.ty.as_str()),
        };
        let attachment = if crate::attachment::inline_owners(host, policy).is_empty() {
            Attachment::Standalone
        } else {
            Attachment::Inline
        };
        let mut found = check_attached_document(&doc, attachment, source, settings, rules);
        // A policy file of its own (a Terraform template file): nothing to name.
        if !policy.resource.is_empty() {
            found.iter_mut().for_each(|d| placement.apply(d, ""));
        }
        match host.variants.iter().find(|(i, _)| *i == index) {
            Some((_, label)) => {
                let key = (policy.resource.as_str(), policy.path.as_str());
                match variants.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, list)) => list.push((label, found)),
                    None => variants.push((key, vec![(label, found)])),
                }
            }
            None => out.extend(found),
        }
    }
    for (_, list) in variants {
        out.extend(merge_variants(list));
    }
    for enabled in rules {
        let mut ctx = HostContext {
            host,
            source,
            settings,
            rule: enabled.rule.meta(),
            severity: enabled.severity,
            out: &mut out,
        };
        enabled.rule.check_host(&mut ctx);
    }
    let vault_rules = vault.map_or(&[][..], |(_, r)| r);
    apply_suppressions(&host.suppressions, rules, vault_rules, &mut out);
    sort_and_dedup(&mut out);
    out
}

/// Drops the findings a file's suppressions cover, then reports suppressions without a
/// reason and, when that rule is enabled, unused ones. `rules` and `vault_rules` are the
/// rules enabled for the file (a suppression of a rule not enabled matches nothing).
pub fn apply_suppressions(
    suppressions: &[Suppression],
    rules: &[EnabledRule],
    vault_rules: &[EnabledVaultRule],
    out: &mut Vec<Diagnostic>,
) {
    use crate::rules::iac::{suppression_without_reason, unused_suppression};
    if suppressions.is_empty() {
        return;
    }
    let mut used = vec![Vec::<bool>::new(); suppressions.len()];
    for (u, s) in used.iter_mut().zip(suppressions) {
        *u = vec![false; s.rules.len()];
    }
    out.retain(|d| {
        let mut keep = true;
        for (i, s) in suppressions.iter().enumerate() {
            let inside = s.covers.start <= d.span.start && d.span.start <= s.covers.end;
            if !inside {
                continue;
            }
            for (j, rule) in s.rules.iter().enumerate() {
                if rule == d.rule
                    && let Some(flag) = used.get_mut(i).and_then(|u| u.get_mut(j))
                {
                    *flag = true;
                    keep = false;
                }
            }
        }
        keep
    });
    let severity_of = |id: &str| {
        rules
            .iter()
            .find(|r| r.id() == id)
            .map(|r| r.severity)
            .or_else(|| {
                vault_rules
                    .iter()
                    .find(|r| r.rule.meta().id == id)
                    .map(|r| r.severity)
            })
    };
    if let Some(sev) = severity_of(suppression_without_reason::META.id) {
        for s in suppressions.iter().filter(|s| s.reason.is_none()) {
            let mut d = Diagnostic::new(
                suppression_without_reason::META.id,
                s.span,
                format!("suppression of `{}` gives no reason", s.rules.join("`, `")),
            )
            .with_label("no reason given")
            .with_help("say why the finding is accepted after the rule ids, e.g. `# polgen:ignore wildcard-action read-only audit role, SEC-1234`");
            d.severity = sev;
            out.push(d);
        }
    }
    if let Some(sev) = severity_of(unused_suppression::META.id) {
        for (s, flags) in suppressions.iter().zip(&used) {
            for (rule, was_used) in s.rules.iter().zip(flags) {
                if *was_used {
                    continue;
                }
                let known = crate::find_rule_meta(rule).is_some();
                let message = if !known {
                    format!(
                        "suppression of unknown rule `{}`",
                        polgen_source::quote::cut(rule)
                    )
                } else if severity_of(rule).is_none() {
                    format!(
                        "suppression of `{rule}` matches no finding (the rule is not enabled here)"
                    )
                } else {
                    format!("suppression of `{rule}` matches no finding")
                };
                let mut d = Diagnostic::new(unused_suppression::META.id, s.span, message)
                    .with_label("suppresses nothing")
                    .with_help(if known {
                        "remove the rule id from the suppression: the finding is gone"
                    } else {
                        "check the rule id with `polgen rules`"
                    });
                d.severity = sev;
                out.push(d);
            }
        }
    }
}

/// One `Fn::If` variant of a policy: the choice of branches and its findings.
type VariantFindings<'a> = (&'a str, Vec<Diagnostic>);

/// The findings of every `Fn::If` variant of one policy: once when every variant has it,
/// otherwise once, naming the first choice of branches that has it.
fn merge_variants(list: Vec<VariantFindings<'_>>) -> Vec<Diagnostic> {
    let same = |a: &Diagnostic, b: &Diagnostic| {
        a.rule == b.rule && a.span == b.span && a.message == b.message
    };
    let mut seen: Vec<&Diagnostic> = Vec::new();
    let mut out = Vec::new();
    for (label, found) in &list {
        for d in found {
            if seen.iter().any(|o| same(o, d)) {
                continue;
            }
            seen.push(d);
            let everywhere = list
                .iter()
                .all(|(_, other)| other.iter().any(|o| same(o, d)));
            let mut d = d.clone();
            if !everywhere {
                d.message = format!("{} (when {label})", d.message);
            }
            out.push(d);
        }
    }
    out
}

/// A `syntax-error` finding for a host file (or a policy inside it) that does not parse.
pub fn host_syntax_diagnostic(err: &HostSyntaxError, severity: Severity) -> Diagnostic {
    let mut d = Diagnostic::new(syntax_error::META.id, err.span, err.message.clone())
        .with_label("here")
        .with_help(if err.message.starts_with("duplicate key") {
            "remove one of the two: tools disagree on which one is kept"
        } else {
            "fix the syntax: the file (or the policy in it) cannot be deployed as written"
        });
    if let Some(first) = err.first {
        d = d.with_related(first, "first defined here");
    }
    if let Some(context) = &err.context {
        d = d.with_note(context.clone());
    }
    d.severity = severity;
    d
}
