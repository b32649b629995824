//! The Terraform front-end: reads `.tf` files and `terraform show -json` plans, finds every
//! IAM policy in them (JSON heredocs and strings, `jsonencode(...)`, `data
//! "aws_iam_policy_document"`) and hands each on with spans into the host file.

mod eval;
mod expand;
pub mod hcl;
mod merge;
pub mod plan;
pub mod policy_document;
mod vault;

use std::collections::{HashMap, HashSet};

use hcl_edit::Span as _;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Structure};
use hcl_edit::template::Element;
use polgen_iac::embedded::{self, Hole, Quoting};
use polgen_iac::{
    EmbeddedPolicy, FileReference, FileTarget, HostDocument, HostFormat, HostSyntaxError, Resource,
};
use polgen_policy::{Node, PolicyKind, Value};
use polgen_source::{OffsetMap, Span};

use crate::hcl::{body_to_node, expr_to_node, span_of};

/// Policy attributes of resource types: (type, attribute, kind).
pub const POLICY_ATTRIBUTES: &[(&str, &str, Option<PolicyKind>)] = &[
    ("aws_iam_policy", "policy", Some(PolicyKind::Identity)),
    (
        "aws_iam_role",
        "assume_role_policy",
        Some(PolicyKind::Trust),
    ),
    ("aws_iam_role_policy", "policy", Some(PolicyKind::Identity)),
    ("aws_iam_user_policy", "policy", Some(PolicyKind::Identity)),
    ("aws_iam_group_policy", "policy", Some(PolicyKind::Identity)),
    ("aws_s3_bucket_policy", "policy", Some(PolicyKind::Resource)),
    ("aws_s3_bucket", "policy", Some(PolicyKind::Resource)),
    ("aws_s3_access_point", "policy", Some(PolicyKind::Resource)),
    ("aws_sqs_queue_policy", "policy", Some(PolicyKind::Resource)),
    ("aws_sqs_queue", "policy", Some(PolicyKind::Resource)),
    ("aws_sns_topic_policy", "policy", Some(PolicyKind::Resource)),
    ("aws_sns_topic", "policy", Some(PolicyKind::Resource)),
    ("aws_kms_key", "policy", Some(PolicyKind::Resource)),
    ("aws_kms_key_policy", "policy", Some(PolicyKind::Resource)),
    (
        "aws_ecr_repository_policy",
        "policy",
        Some(PolicyKind::Resource),
    ),
    (
        "aws_ecr_registry_policy",
        "policy",
        Some(PolicyKind::Resource),
    ),
    (
        "aws_secretsmanager_secret_policy",
        "policy",
        Some(PolicyKind::Resource),
    ),
    (
        "aws_secretsmanager_secret",
        "policy",
        Some(PolicyKind::Resource),
    ),
    (
        "aws_cloudwatch_log_resource_policy",
        "policy_document",
        Some(PolicyKind::Resource),
    ),
    (
        "aws_opensearch_domain_policy",
        "access_policies",
        Some(PolicyKind::Resource),
    ),
    (
        "aws_opensearch_domain",
        "access_policies",
        Some(PolicyKind::Resource),
    ),
    (
        "aws_elasticsearch_domain_policy",
        "access_policies",
        Some(PolicyKind::Resource),
    ),
    (
        "aws_elasticsearch_domain",
        "access_policies",
        Some(PolicyKind::Resource),
    ),
    (
        "aws_glacier_vault",
        "access_policy",
        Some(PolicyKind::Resource),
    ),
    (
        "aws_efs_file_system_policy",
        "policy",
        Some(PolicyKind::Resource),
    ),
    (
        "aws_backup_vault_policy",
        "policy",
        Some(PolicyKind::Resource),
    ),
    (
        "aws_api_gateway_rest_api_policy",
        "policy",
        Some(PolicyKind::Resource),
    ),
    (
        "aws_api_gateway_rest_api",
        "policy",
        Some(PolicyKind::Resource),
    ),
    (
        "aws_cloudwatch_event_bus_policy",
        "policy",
        Some(PolicyKind::Resource),
    ),
    (
        "aws_lambda_layer_version_permission",
        "policy",
        Some(PolicyKind::Resource),
    ),
    (
        "aws_ssoadmin_permission_set_inline_policy",
        "inline_policy",
        Some(PolicyKind::Identity),
    ),
    (
        "aws_organizations_policy",
        "content",
        Some(PolicyKind::ServiceControl),
    ),
];

/// The defaults of the file's `variable` blocks that are strings or numbers, by `var.NAME`.
fn variable_defaults(blocks: &[Resource]) -> HashMap<String, String> {
    blocks
        .iter()
        .filter(|b| b.ty == "variable")
        .filter_map(|b| match &b.property("default")?.value {
            Value::String(s) | Value::Number(s) => Some((b.address.clone(), s.clone())),
            _ => None,
        })
        .collect()
}

/// The address Terraform gives a top-level block, and its type for the IaC rules.
fn address_of(block: &Block) -> (String, String) {
    let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
    let kind = block.ident.value().as_str();
    match (kind, labels.as_slice()) {
        ("resource", [ty, name, ..]) => (format!("{ty}.{name}"), (*ty).to_string()),
        ("data", [ty, name, ..]) => (format!("data.{ty}.{name}"), format!("data.{ty}")),
        ("provider", [name, ..]) => (format!("provider.{name}"), format!("provider.{name}")),
        ("variable", [name, ..]) => (format!("var.{name}"), "variable".to_string()),
        ("module", [name, ..]) => (format!("module.{name}"), "module".to_string()),
        ("output", [name, ..]) => (format!("output.{name}"), "output".to_string()),
        (other, _) => (other.to_string(), other.to_string()),
    }
}

/// The variables of a module (the `.tf` files of one folder) with a literal default:
/// `var.NAME` → the default. Terraform reads every `.tf` file of the folder as one module, so
/// a policy in `main.tf` uses the defaults declared in `variables.tf`. A file that does not
/// parse declares nothing here (its own lint reports it).
pub type ModuleDefaults = HashMap<String, String>;

/// The `variable` blocks of one `.tf` file with a literal default, as [`ModuleDefaults`].
pub fn variable_defaults_of(text: &str) -> ModuleDefaults {
    // Most files of a module declare no variable: no parse for them.
    if !text.contains("variable") {
        return ModuleDefaults::new();
    }
    let Ok(body) = hcl_edit::parser::parse_body(text) else {
        return ModuleDefaults::new();
    };
    let blocks: Vec<Resource> = body
        .iter()
        .filter_map(|structure| match structure {
            Structure::Block(block) if block.ident.value().as_str() == "variable" => {
                let (address, ty) = address_of(block);
                Some(Resource {
                    address,
                    ty,
                    span: span_of(block.span()),
                    extent: span_of(block.span()),
                    properties: body_to_node(&block.body, text, span_of(block.span())),
                })
            }
            _ => None,
        })
        .collect();
    variable_defaults(&blocks)
}

/// Parses a `.tf` file alone, as a module of one file.
pub fn parse(text: &str) -> Result<HostDocument, HostSyntaxError> {
    parse_in_module(text, &ModuleDefaults::new())
}

/// Parses a `.tf` file of a module whose other files declare `module` (see
/// [`variable_defaults_of`]); the file's own declarations come first.
pub fn parse_in_module(
    text: &str,
    module: &ModuleDefaults,
) -> Result<HostDocument, HostSyntaxError> {
    let body = hcl_edit::parser::parse_body(text).map_err(|e| HostSyntaxError {
        span: Span::empty_at(u32::try_from(e.location().offset()).unwrap_or(0)),
        message: format!("invalid HCL: {}", e.message()),
        context: None,
        first: None,
    })?;
    let mut doc = HostDocument::new(HostFormat::Terraform);
    // Kinds implied by where a policy document data source is used.
    let mut used_as: HashMap<String, PolicyKind> = HashMap::new();
    let locals = eval::locals(&body);
    let mut blocks = Vec::new();
    let mut policy_documents: HashMap<String, &Block> = HashMap::new();
    for structure in body.iter() {
        let Structure::Block(block) = structure else {
            continue;
        };
        let (address, ty) = address_of(block);
        let labels_span = block
            .labels
            .iter()
            .map(|l| span_of(l.span()))
            .reduce(Span::cover)
            .unwrap_or_else(|| span_of(block.ident.span()));
        let properties = if ty == "data.aws_iam_policy_document" {
            // The document as the provider receives it: `dynamic` blocks expanded.
            policy_documents.insert(address.clone(), block);
            let evaluator = eval::Evaluator::new(text, &locals);
            let scope = eval::Scope::default();
            expand::body(&block.body, span_of(block.span()), &evaluator, &scope)
        } else {
            body_to_node(&block.body, text, span_of(block.span()))
        };
        let resource = Resource {
            address,
            ty,
            span: labels_span,
            extent: span_of(block.span()),
            properties,
        };
        if block.ident.value().as_str() == "resource" {
            resource_policies(block, &resource, text, &mut doc, &mut used_as);
            if resource.ty == "vault_policy" {
                for structure in block.body.iter() {
                    if let Structure::Attribute(attr) = structure
                        && attr.key.value().as_str() == "policy"
                    {
                        vault::policy_attribute(&attr.value, &resource, text, &mut doc);
                    }
                }
            }
            if resource.ty == "aws_lambda_permission"
                && let Some(p) =
                    polgen_iac::lambda::permission(&resource, &polgen_iac::lambda::TERRAFORM)
            {
                doc.policies.push(p);
            }
        }
        blocks.push(resource);
    }
    inherit_kinds(&blocks, text, &mut used_as);
    let merges = merge::Merges::new(
        text,
        &locals,
        blocks
            .iter()
            .filter_map(|r| {
                let block = policy_documents.get(&r.address)?;
                Some((
                    r.address.clone(),
                    (*block, policy_document::build(r, None).root),
                ))
            })
            .collect(),
    );
    let merged_only = merged_only(&merges, text);
    for resource in &blocks {
        if resource.ty == "data.vault_policy_document"
            && let Some(policy) = vault::policy_document(resource)
        {
            doc.vault_policies.push(policy);
        }
        if resource.ty == "data.aws_iam_policy_document" {
            if merged_only.contains(resource.address.as_str()) {
                continue;
            }
            let kind = used_as.get(&resource.address).copied();
            let mut policy = policy_document::build(resource, kind);
            if let Some(root) = policy_documents
                .get(&resource.address)
                .filter(|b| merge::has_merges(b))
                .and_then(|_| merges.merged(&resource.address))
            {
                policy.root = root;
            }
            doc.policies.push(policy);
        }
    }
    let mut defaults = variable_defaults(&blocks);
    for (name, default) in module {
        defaults
            .entry(name.clone())
            .or_insert_with(|| default.clone());
    }
    if !defaults.is_empty() {
        for policy in &mut doc.policies {
            hcl::fill_defaults(&mut policy.root, &defaults);
        }
    }
    doc.resources = blocks;
    doc.add_ignore_comments(polgen_iac::suppress::ignore_comments(text, &["#", "//"]));
    Ok(doc)
}

fn resource_policies(
    block: &Block,
    resource: &Resource,
    text: &str,
    doc: &mut HostDocument,
    used_as: &mut HashMap<String, PolicyKind>,
) {
    for &(ty, attribute, kind) in POLICY_ATTRIBUTES {
        if ty != resource.ty {
            continue;
        }
        for structure in block.body.iter() {
            match structure {
                Structure::Attribute(attr) if attr.key.value().as_str() == attribute => {
                    let kind = if ty == "aws_organizations_policy" {
                        organizations_kind(resource)
                    } else {
                        kind
                    };
                    attribute_policy(
                        &attr.value,
                        resource,
                        attribute.to_string(),
                        kind,
                        text,
                        doc,
                        used_as,
                    );
                }
                // `aws_iam_role { inline_policy { policy = ... } }`
                Structure::Block(inner)
                    if ty == "aws_iam_role" && inner.ident.value().as_str() == "inline_policy" =>
                {
                    for s in inner.body.iter() {
                        if let Structure::Attribute(attr) = s
                            && attr.key.value().as_str() == "policy"
                        {
                            let path = "inline_policy.policy".to_string();
                            attribute_policy(
                                &attr.value,
                                resource,
                                path,
                                Some(PolicyKind::Identity),
                                text,
                                doc,
                                used_as,
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

fn organizations_kind(resource: &Resource) -> Option<PolicyKind> {
    match resource.property("type").and_then(Node::as_str) {
        None | Some("SERVICE_CONTROL_POLICY") => Some(PolicyKind::ServiceControl),
        Some("RESOURCE_CONTROL_POLICY") => Some(PolicyKind::ResourceControl),
        Some(_) => None,
    }
}

/// The policy given to an attribute: `jsonencode({...})`, a heredoc or string of JSON, or
/// a reference to a `data "aws_iam_policy_document"` (linted at the data source).
fn attribute_policy(
    expr: &Expression,
    resource: &Resource,
    path: String,
    kind: Option<PolicyKind>,
    text: &str,
    doc: &mut HostDocument,
    used_as: &mut HashMap<String, PolicyKind>,
) {
    let parsed = match expr {
        Expression::FuncCall(call) if call.name.name.value().as_str() == "jsonencode" => {
            Ok(expr_to_node(expr, text))
        }
        Expression::HeredocTemplate(heredoc) => heredoc_json(&heredoc.template, text),
        Expression::String(_) | Expression::StringTemplate(_) => quoted_json(expr, text),
        Expression::FuncCall(call) if call.name.name.value().as_str() == "file" => {
            let target = call.args.iter().next().map_or_else(
                || FileTarget::Unknown(String::new()),
                |a| file_target(a, text),
            );
            doc.file_references.push(FileReference {
                resource: resource.address.clone(),
                path,
                kind,
                span: span_of(expr.span()),
                target,
            });
            return;
        }
        _ => {
            // `data.aws_iam_policy_document.x.json`, also inside `one(...)`, `join(...)`,
            // `x[0].json`: the data source is linted where it is, with this kind.
            let written = text.get(span_of(expr.span()).range()).unwrap_or("");
            if let Some(kind) = kind {
                for address in policy_document_references(written) {
                    used_as.insert(address, kind);
                }
            }
            return;
        }
    };
    match parsed {
        Ok(root) if matches!(root.value, Value::Object(_)) => doc.policies.push(EmbeddedPolicy {
            resource: resource.address.clone(),
            path,
            kind,
            root,
        }),
        Ok(_) => {}
        Err(Some(mut e)) => {
            e.context = Some(format!("in `{}` (`{path}`)", resource.address));
            doc.errors.push(e);
        }
        Err(None) => {}
    }
}

/// A policy written inline in an expression: `jsonencode({...})`, a heredoc or a string of
/// JSON. `None` for anything else, or JSON that does not parse.
pub(crate) fn inline_policy(expr: &Expression, text: &str) -> Option<Node> {
    let parsed = match expr {
        Expression::FuncCall(call) if call.name.name.value().as_str() == "jsonencode" => {
            Ok(expr_to_node(expr, text))
        }
        Expression::HeredocTemplate(heredoc) => heredoc_json(&heredoc.template, text),
        Expression::String(_) | Expression::StringTemplate(_) => quoted_json(expr, text),
        _ => return None,
    };
    parsed
        .ok()
        .filter(|root| matches!(root.value, Value::Object(_)))
}

/// The path a `file(...)` argument names, relative to the `.tf` file's folder:
/// `path.module` and `path.root` are that folder (the module linted on its own is its own
/// root); anything else Terraform evaluates is unknown here.
fn file_target(arg: &Expression, text: &str) -> FileTarget {
    let written = || hcl::display(text, span_of(arg.span()));
    match arg {
        Expression::String(s) => FileTarget::Path(s.value().to_string()),
        Expression::StringTemplate(template) => {
            let mut path = String::new();
            for (i, element) in template.iter().enumerate() {
                match element {
                    Element::Literal(s) => path.push_str(s.value()),
                    Element::Interpolation(interpolation) if i == 0 => {
                        let inner = text.get(span_of(interpolation.expr.span()).range());
                        if !matches!(inner.map(str::trim), Some("path.module" | "path.root")) {
                            return FileTarget::Unknown(written());
                        }
                        path.push('.');
                    }
                    _ => return FileTarget::Unknown(written()),
                }
            }
            FileTarget::Path(path)
        }
        _ => FileTarget::Unknown(written()),
    }
}

/// The policy document data sources that are only merged into others, each into one that
/// is judged: they are judged there, as the provider merged them (a statement an override
/// replaced is not reported). One also named anywhere else is judged on its own too.
fn merged_only<'m>(merges: &'m merge::Merges, text: &str) -> HashSet<&'m str> {
    let inputs = merges.direct_inputs();
    let mut named: HashMap<String, usize> = HashMap::new();
    for address in policy_document_references(text) {
        *named.entry(address).or_insert(0) += 1;
    }
    let mut in_merges: HashMap<&str, usize> = HashMap::new();
    for (merging, named_inputs) in &inputs {
        for input in named_inputs.iter().filter(|a| a.as_str() != *merging) {
            *in_merges.entry(input.as_str()).or_insert(0) += 1;
        }
    }
    let candidates: HashSet<&str> = inputs
        .keys()
        .copied()
        .filter(|a| {
            in_merges
                .get(a)
                .is_some_and(|&n| n >= named.get(*a).copied().unwrap_or(0))
        })
        .collect();
    // Covered: merged into a judged document, directly or through other merged ones.
    let mut covered: HashSet<&str> = HashSet::new();
    let mut judged: Vec<&str> = inputs
        .keys()
        .copied()
        .filter(|a| !candidates.contains(a))
        .collect();
    while let Some(address) = judged.pop() {
        for input in inputs.get(address).into_iter().flatten() {
            if let Some(&c) = candidates.get(input.as_str())
                && covered.insert(c)
            {
                judged.push(c);
            }
        }
    }
    covered
}

/// A policy document merged into another (`source_policy_documents`,
/// `override_policy_documents`) is used as that one is: a trust policy's parts are trust
/// policies too.
fn inherit_kinds(blocks: &[Resource], text: &str, used_as: &mut HashMap<String, PolicyKind>) {
    // Each round follows one more link; documents rarely nest more than twice.
    for _ in 0..8 {
        let mut changed = false;
        for resource in blocks
            .iter()
            .filter(|r| r.ty == "data.aws_iam_policy_document")
        {
            let Some(kind) = used_as.get(&resource.address).copied() else {
                continue;
            };
            for key in [
                "source_policy_documents",
                "override_policy_documents",
                "source_json",
                "override_json",
            ] {
                let Some(node) = resource.property(key) else {
                    continue;
                };
                let written = text.get(node.span.range()).unwrap_or("");
                for address in policy_document_references(written) {
                    if used_as.insert(address, kind).is_none() {
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
}

/// The addresses of the `aws_iam_policy_document` data sources an expression refers to.
fn policy_document_references(written: &str) -> Vec<String> {
    const PREFIX: &str = "data.aws_iam_policy_document.";
    let mut found = Vec::new();
    let mut rest = written;
    while let Some(at) = rest.find(PREFIX) {
        let after = &rest[at + PREFIX.len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        if !name.is_empty() {
            found.push(format!("{PREFIX}{name}"));
        }
        rest = after;
    }
    found
}

/// `$${` is Terraform's escape for a literal `${` (IAM policy variables).
fn unescape_dollar(s: &str) -> String {
    s.replace("$${", "${").replace("%%{", "%{")
}

/// A heredoc's text as written in the host (the indentation `<<-` strips is kept: neither
/// JSON nor HCL minds it, and offsets stay verbatim), its offset map, and its interpolations
/// and directives as holes.
pub(crate) struct HeredocSource<'t> {
    pub raw: &'t str,
    pub map: OffsetMap,
    pub holes: Vec<Hole>,
    /// Whether a `%{...}` directive builds part of the text.
    pub directives: bool,
}

/// `None` for an empty heredoc.
pub(crate) fn heredoc_source<'t>(
    template: &hcl_edit::template::Template,
    text: &'t str,
) -> Option<HeredocSource<'t>> {
    let mut start = None;
    let mut end = 0;
    let mut holes = Vec::new();
    let mut directives = false;
    for element in template.iter() {
        let range = match element {
            Element::Literal(s) => s.span(),
            Element::Interpolation(i) => i.span(),
            Element::Directive(d) => {
                directives = true;
                d.span()
            }
        };
        let Some(range) = range else { continue };
        let s = *start.get_or_insert(range.start);
        end = range.end;
        if !matches!(element, Element::Literal(_)) {
            let origin = match element {
                Element::Interpolation(i) => {
                    hcl::origin(text.get(span_of(i.expr.span()).range()).unwrap_or(""))
                }
                _ => None,
            };
            holes.push(Hole {
                range: range.start - s..range.end - s,
                origin,
            });
        }
    }
    let start = start?;
    let raw = text.get(start..end)?;
    let map = OffsetMap::verbatim(
        u32::try_from(start).unwrap_or(0),
        u32::try_from(raw.len()).unwrap_or(0),
    );
    Some(HeredocSource {
        raw,
        map,
        holes,
        directives,
    })
}

/// A heredoc of JSON, parsed from the host text itself with interpolations as holes.
/// `Err(None)`: it cannot be read as JSON because template directives build it.
fn heredoc_json(
    template: &hcl_edit::template::Template,
    text: &str,
) -> Result<Node, Option<HostSyntaxError>> {
    let heredoc = heredoc_source(template, text).ok_or(None)?;
    match embedded::parse_json(heredoc.raw, &heredoc.map, &heredoc.holes, &unescape_dollar) {
        Ok(parsed) => Ok(parsed.root),
        Err(_) if heredoc.directives || !heredoc.raw.trim_start().starts_with(['{', '[']) => {
            Err(None)
        }
        Err(e) => Err(Some(e)),
    }
}

/// A quoted string of JSON: escapes undone, positions mapped back through them.
fn quoted_json(expr: &Expression, text: &str) -> Result<Node, Option<HostSyntaxError>> {
    let span = span_of(expr.span());
    let raw = text.get(span.range()).unwrap_or("");
    let Some((decoded, map)) = embedded::decode_quoted(raw, span.start, Quoting::Json) else {
        return Err(None);
    };
    if !decoded.trim_start().starts_with('{') {
        return Err(None);
    }
    let holes = interpolation_holes(&decoded);
    embedded::parse_json(&decoded, &map, &holes, &unescape_dollar)
        .map(|p| p.root)
        .map_err(Some)
}

/// `${...}` and `%{...}` sequences of a decoded template (not the `$${` escape), with
/// nested braces counted.
fn interpolation_holes(s: &str) -> Vec<Hole> {
    let b = s.as_bytes();
    let mut holes = Vec::new();
    let mut i = 0;
    while i + 1 < b.len() {
        let opens = (b[i] == b'$' || b[i] == b'%') && b[i + 1] == b'{';
        let escaped = i > 0 && b[i - 1] == b[i];
        if opens && !escaped {
            let mut depth = 0;
            let mut j = i + 1;
            while j < b.len() {
                match b[j] {
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            let range = i..(j + 1).min(b.len());
            let origin = (b[i] == b'$')
                .then(|| s.get(i + 2..j).and_then(hcl::origin))
                .flatten();
            holes.push(Hole { range, origin });
            i = j + 1;
        } else {
            i += 1;
        }
    }
    holes
}

/// What a JSON file written for Terraform's `templatefile()` holds.
pub enum TemplateFile {
    /// A policy, with `${...}` as unknown values.
    Policy(HostDocument),
    /// `%{...}` directives build the JSON: it is only known once rendered.
    Directives,
    /// Not JSON even with its interpolations filled: a real syntax error.
    Invalid(HostSyntaxError),
}

/// Reads a `.json` file that uses Terraform template syntax (`${var}`, `%{ if }`), as
/// passed to `templatefile()`. `None` when it has no template syntax.
pub fn template_file(text: &str) -> Option<TemplateFile> {
    let holes = interpolation_holes(text);
    if holes.is_empty() {
        return None;
    }
    let map = OffsetMap::verbatim(0, u32::try_from(text.len()).unwrap_or(u32::MAX));
    Some(
        match embedded::parse_json(text, &map, &holes, &unescape_dollar) {
            Ok(parsed) => {
                let mut doc = HostDocument::new(HostFormat::Terraform);
                doc.policies.push(EmbeddedPolicy {
                    resource: String::new(),
                    path: String::new(),
                    kind: None,
                    root: parsed.root,
                });
                TemplateFile::Policy(doc)
            }
            Err(_) if text.contains("%{") => match without_directives(text, &holes, &map) {
                Some(doc) => TemplateFile::Policy(doc),
                None => TemplateFile::Directives,
            },
            Err(e) => TemplateFile::Invalid(e),
        },
    )
}

/// Reads a template with its `%{ if }`/`%{ for }` directives blanked out, so every
/// conditional part is kept: what is linted is the text the user wrote.
fn without_directives(text: &str, holes: &[Hole], map: &OffsetMap) -> Option<HostDocument> {
    let mut blanked = text.as_bytes().to_vec();
    let mut interpolations = Vec::new();
    for hole in holes {
        if text.get(hole.range.clone())?.starts_with("%{") {
            blanked.get_mut(hole.range.clone())?.fill(b' ');
        } else {
            interpolations.push(hole.clone());
        }
    }
    let blanked = String::from_utf8(blanked).ok()?;
    let parsed = embedded::parse_json(&blanked, map, &interpolations, &unescape_dollar).ok()?;
    let mut doc = HostDocument::new(HostFormat::Terraform);
    doc.policies.push(EmbeddedPolicy {
        resource: String::new(),
        path: String::new(),
        kind: None,
        root: parsed.root,
    });
    Some(doc)
}
