//! Vault ACL policies written in Terraform: the HCL text of `resource "vault_policy"`
//! (`policy = <<EOT ... EOT`, `<<-EOT`, or a quoted string) and the `rule` blocks of
//! `data "vault_policy_document"`, each turned into the spanned tree the Vault model is
//! built from, with spans into the `.tf` file.

use hcl_edit::Span as _;
use hcl_edit::expr::Expression;
use hcl_edit::template::Element;
use polgen_iac::embedded::{self, Hole, Quoting};
use polgen_iac::{EmbeddedVaultPolicy, HostDocument, HostSyntaxError, Resource};
use polgen_policy::{Member, Node, Value};
use polgen_source::{OffsetMap, Span};

use crate::hcl::span_of;

/// The policy text of a `vault_policy` resource, parsed as Vault HCL.
pub(crate) fn policy_attribute(
    expr: &Expression,
    resource: &Resource,
    text: &str,
    doc: &mut HostDocument,
) {
    let parsed = match expr {
        Expression::HeredocTemplate(heredoc) => heredoc_text(&heredoc.template, text),
        Expression::String(_) | Expression::StringTemplate(_) => quoted_text(expr, text),
        // `file("x.hcl")`, `templatefile(...)`, a variable: the policy is elsewhere.
        _ => return,
    };
    let Some((decoded, map, holes)) = parsed else {
        return;
    };
    match parse_hcl(&decoded, &map, &holes) {
        Ok(root) => doc.vault_policies.push(EmbeddedVaultPolicy {
            resource: resource.address.clone(),
            path: "policy".to_string(),
            root,
        }),
        Err(mut e) => {
            e.context = Some(format!("in the Vault policy of `{}`", resource.address));
            doc.errors.push(e);
        }
    }
}

/// A heredoc: its text is taken from the host as written (HCL ignores the indentation
/// `<<-` strips, so offsets stay verbatim); interpolations and directives are holes.
fn heredoc_text(
    template: &hcl_edit::template::Template,
    text: &str,
) -> Option<(String, OffsetMap, Vec<Hole>)> {
    let mut start = None;
    let mut end = 0;
    let mut holes = Vec::new();
    for element in template.iter() {
        let range = match element {
            Element::Literal(s) => s.span(),
            Element::Interpolation(i) => i.span(),
            Element::Directive(d) => d.span(),
        };
        let Some(range) = range else { continue };
        let s = *start.get_or_insert(range.start);
        end = range.end;
        if !matches!(element, Element::Literal(_)) {
            holes.push(Hole {
                range: range.start - s..range.end - s,
            });
        }
    }
    let start = start?;
    let raw = text.get(start..end)?.to_string();
    let map = OffsetMap::verbatim(
        u32::try_from(start).unwrap_or(0),
        u32::try_from(raw.len()).unwrap_or(0),
    );
    Some((raw, map, holes))
}

/// A quoted string: escapes undone, positions mapped back through them.
fn quoted_text(expr: &Expression, text: &str) -> Option<(String, OffsetMap, Vec<Hole>)> {
    let span = span_of(expr.span());
    let raw = text.get(span.range())?;
    let (decoded, map) = embedded::decode_quoted(raw, span.start, Quoting::Json)?;
    let holes = crate::interpolation_holes(&decoded);
    Some((decoded, map, holes))
}

/// Parses decoded policy text with its holes filled, marks what the holes make unknown,
/// drops `path` blocks whose path holds a hole (no rule may judge a path it cannot see)
/// and maps every span to the host.
fn parse_hcl(decoded: &str, map: &OffsetMap, holes: &[Hole]) -> Result<Node, HostSyntaxError> {
    let filled = embedded::fill_holes(decoded, holes);
    let mut root = polgen_vault::hcl::parse(&filled).map_err(|e| HostSyntaxError {
        span: map.map_span(e.span),
        message: e.message,
        context: None,
        first: None,
    })?;
    if !holes.is_empty() {
        drop_unknown_paths(&mut root, holes);
        embedded::mark_holes(&mut root, decoded, holes, &|s| s.to_string());
    }
    embedded::remap(&mut root, map);
    Ok(root)
}

fn drop_unknown_paths(root: &mut Node, holes: &[Hole]) {
    let Value::Object(members) = &mut root.value else {
        return;
    };
    let unknown = |span: Span| holes.iter().any(|h| embedded::overlaps(span, h));
    members.retain_mut(|m| {
        if m.key != "path" {
            return true;
        }
        if let Value::Object(blocks) = &mut m.value.value {
            blocks.retain(|b| !unknown(b.key_span));
            !blocks.is_empty()
        } else {
            true
        }
    });
}

/// A `data "vault_policy_document"`: each `rule` block is a `path` block of the policy it
/// renders (`path`, `capabilities`, `required_parameters`, the wrapping TTLs as they are;
/// `allowed_parameter { key value }` blocks as the `allowed_parameters` map). Spans are
/// those of the `.tf` attributes; rules whose path is interpolated are left out.
pub(crate) fn policy_document(resource: &Resource) -> Option<EmbeddedVaultPolicy> {
    let rules = resource.property("rule")?.as_array()?;
    let mut paths = Vec::new();
    for rule in rules {
        let Some(path) = rule.get("path") else {
            continue;
        };
        let Some(label) = path.value.as_str() else {
            continue;
        };
        let mut attributes = Vec::new();
        for member in rule.as_object().unwrap_or_default() {
            match member.key.as_str() {
                "capabilities"
                | "required_parameters"
                | "min_wrapping_ttl"
                | "max_wrapping_ttl" => attributes.push(member.clone()),
                "allowed_parameter" | "denied_parameter" => {
                    let key = format!("{}s", member.key);
                    let map = parameter_map(&member.value);
                    match attributes.iter_mut().find(|a: &&mut Member| a.key == key) {
                        Some(existing) => {
                            if let (Value::Object(all), Value::Object(more)) =
                                (&mut existing.value.value, map.value)
                            {
                                all.extend(more);
                            }
                        }
                        None => attributes.push(Member {
                            key,
                            key_span: member.key_span,
                            value: map,
                        }),
                    }
                }
                // `path` is the label; `description` becomes a comment Vault ignores.
                _ => {}
            }
        }
        paths.push(Member {
            key: "path".to_string(),
            key_span: path.key_span,
            value: Node::new(
                Value::Object(vec![Member {
                    key: label.to_string(),
                    key_span: path.value.span,
                    value: Node::new(Value::Object(attributes), rule.span),
                }]),
                rule.span,
            ),
        });
    }
    Some(EmbeddedVaultPolicy {
        resource: resource.address.clone(),
        path: "rule".to_string(),
        root: Node::new(Value::Object(paths), resource.extent),
    })
}

/// `allowed_parameter { key = "k" value = [...] }` blocks as a `{k = [...]}` map; a block
/// without `value` allows any value (`[]`).
fn parameter_map(blocks: &Node) -> Node {
    let mut entries = Vec::new();
    for block in blocks.as_array().unwrap_or_default() {
        let Some(key) = block.get("key") else {
            continue;
        };
        let Some(name) = key.value.as_str() else {
            continue;
        };
        let value = block.get("value").map_or_else(
            || Node::new(Value::Array(Vec::new()), key.value.span),
            |m| m.value.clone(),
        );
        entries.push(Member {
            key: name.to_string(),
            key_span: key.value.span,
            value,
        });
    }
    Node::new(Value::Object(entries), blocks.span)
}
