//! Vault ACL policies written in Terraform: the HCL text of `resource "vault_policy"`
//! (`policy = <<EOT ... EOT`, `<<-EOT`, or a quoted string) and the `rule` blocks of
//! `data "vault_policy_document"`, each turned into the spanned tree the Vault model is
//! built from, with spans into the `.tf` file.

use hcl_edit::Span as _;
use hcl_edit::expr::Expression;
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
        Expression::HeredocTemplate(heredoc) => crate::heredoc_source(&heredoc.template, text)
            .map(|h| (h.raw.to_string(), h.map, h.holes)),
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
    // Vault also takes the JSON form of a policy (`{"path": {...}}`).
    let mut root = polgen_vault::parse_tree(&filled).map_err(|e| embedded::host_error(e, map))?;
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

#[cfg(test)]
mod tests {
    use polgen_vault::VaultPolicy;

    use super::*;

    fn policies(text: &str) -> (Vec<(String, VaultPolicy)>, Vec<HostSyntaxError>) {
        let doc = crate::parse(text).expect("parses");
        let found = doc
            .vault_policies
            .iter()
            .map(|p| {
                (
                    format!("{}.{}", p.resource, p.path),
                    polgen_vault::model::build(&p.root),
                )
            })
            .collect();
        (found, doc.errors)
    }

    fn at(text: &str, span: Span) -> &str {
        &text[span.range()]
    }

    #[test]
    fn heredoc_spans_point_into_the_tf_file() {
        let text = "resource \"vault_policy\" \"a\" {\n  policy = <<EOT\npath \"secret/*\" {\n  capabilities = [\"read\", \"creat\"]\n}\nEOT\n}\n";
        let (found, errors) = policies(text);
        assert!(errors.is_empty(), "{errors:?}");
        let [(place, policy)] = found.as_slice() else {
            panic!("{found:?}")
        };
        assert_eq!(place, "vault_policy.a.policy");
        let block = &policy.paths[0];
        assert_eq!(block.path.value, "secret/*");
        assert_eq!(at(text, block.path.span), "\"secret/*\"");
        assert_eq!(at(text, block.capabilities[1].span), "\"creat\"");
    }

    #[test]
    fn indented_heredoc_keeps_host_offsets() {
        let text = "resource \"vault_policy\" \"a\" {\n  policy = <<-EOT\n    path \"sys/policy/*\" {\n      capabilities = [\"update\"]\n    }\n  EOT\n}\n";
        let (found, _) = policies(text);
        let block = &found[0].1.paths[0];
        assert_eq!(at(text, block.path.span), "\"sys/policy/*\"");
        assert_eq!(at(text, block.capabilities[0].span), "\"update\"");
    }

    #[test]
    fn quoted_policy_maps_through_escapes() {
        let text = "resource \"vault_policy\" \"q\" {\n  policy = \"path \\\"auth/token/create\\\" {\\n  capabilities = [\\\"update\\\", \\\"raed\\\"]\\n}\"\n}\n";
        let (found, errors) = policies(text);
        assert!(errors.is_empty(), "{errors:?}");
        let block = &found[0].1.paths[0];
        assert_eq!(block.path.value, "auth/token/create");
        assert_eq!(block.capabilities[1].value, "raed");
        assert_eq!(at(text, block.capabilities[1].span), "\\\"raed\\\"");
        assert_eq!(at(text, block.path.span), "\\\"auth/token/create\\\"");
    }

    #[test]
    fn interpolations_are_unknown_not_guessed() {
        let text = "resource \"vault_policy\" \"i\" {\n  policy = <<EOT\npath \"secret/${var.team}/*\" { capabilities = [\"sudo\"] }\npath \"kv/app\" { capabilities = [\"read\", \"${var.cap}\"] }\nEOT\n}\n";
        let (found, errors) = policies(text);
        assert!(errors.is_empty(), "{errors:?}");
        let paths = &found[0].1.paths;
        assert_eq!(
            paths.len(),
            1,
            "the interpolated path is left out: {paths:?}"
        );
        assert_eq!(paths[0].path.value, "kv/app");
        let caps: Vec<&str> = paths[0]
            .capabilities
            .iter()
            .map(|c| c.value.as_str())
            .collect();
        assert_eq!(caps, ["read"]);
        assert!(found[0].1.shape_errors.is_empty());
    }

    #[test]
    fn json_form_and_syntax_errors_and_files() {
        let text = "resource \"vault_policy\" \"j\" {\n  policy = <<EOT\n{\"path\": {\"secret/*\": {\"capabilities\": [\"read\"]}}}\nEOT\n}\nresource \"vault_policy\" \"b\" {\n  policy = <<EOT\npath \"x\" {\n  capabilities = [\"read\"\nEOT\n}\nresource \"vault_policy\" \"f\" {\n  policy = file(\"f.hcl\")\n}\n";
        let (found, errors) = policies(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(at(text, found[0].1.paths[0].path.span), "\"secret/*\"");
        let [error] = errors.as_slice() else {
            panic!("{errors:?}")
        };
        assert!(error.span.start as usize > text.find("path \"x\"").unwrap_or(0));
        assert_eq!(
            error.context.as_deref(),
            Some("in the Vault policy of `vault_policy.b`")
        );
    }

    #[test]
    fn policy_document_rules_are_path_blocks() {
        let text = r#"data "vault_policy_document" "d" {
  rule {
    path         = "secret/data/app"
    capabilities = ["read", "update"]
    description  = "app"
    allowed_parameter {
      key   = "a"
      value = ["x"]
    }
    allowed_parameter {
      key   = "b"
    }
    denied_parameter {
      key   = "c"
      value = []
    }
    required_parameters = ["a"]
    min_wrapping_ttl    = "1h"
    max_wrapping_ttl    = "2h"
  }
  rule {
    path         = "secret/${var.x}"
    capabilities = ["sudo"]
  }
}
"#;
        let (found, errors) = policies(text);
        assert!(errors.is_empty(), "{errors:?}");
        let [(place, policy)] = found.as_slice() else {
            panic!("{found:?}")
        };
        assert_eq!(place, "data.vault_policy_document.d.rule");
        assert!(policy.shape_errors.is_empty(), "{:?}", policy.shape_errors);
        let [block] = policy.paths.as_slice() else {
            panic!("the interpolated rule is left out: {:?}", policy.paths)
        };
        assert_eq!(at(text, block.path.span), "\"secret/data/app\"");
        assert_eq!(at(text, block.capabilities[1].span), "\"update\"");
        let allowed = block.allowed_parameters.as_ref().expect("allowed");
        let names: Vec<&str> = allowed
            .entries
            .iter()
            .map(|p| p.name.value.as_str())
            .collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(allowed.entries[0].values.len(), 1);
        assert!(allowed.entries[1].values.is_empty(), "no value: any value");
        assert_eq!(at(text, allowed.entries[1].name.span), "\"b\"");
        let denied = block.denied_parameters.as_ref().expect("denied");
        assert_eq!(denied.entries[0].name.value, "c");
        assert_eq!(block.required_parameters.as_ref().map(Vec::len), Some(1));
        let min = block.min_wrapping_ttl.as_ref().expect("min");
        assert_eq!(at(text, min.span), "\"1h\"");
        assert!(block.attribute("description").is_none());
    }
}
