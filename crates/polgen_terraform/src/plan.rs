//! `terraform show -json` plans: every policy string in `planned_values` and in
//! `resource_changes[].change.after`, with positions in the plan file.

use polgen_iac::embedded::{self, Quoting};
use polgen_iac::{EmbeddedPolicy, HostDocument, HostFormat, HostSyntaxError, Resource};
use polgen_policy::{Node, Value};

use crate::POLICY_ATTRIBUTES;

/// Whether a JSON text looks like a plan (checked cheaply before parsing).
pub fn may_be_plan(text: &str) -> bool {
    text.contains("\"format_version\"") && text.contains("\"planned_values\"")
}

/// Parses a plan; `Ok(None)` when the JSON is not a plan.
pub fn parse(text: &str) -> Result<Option<HostDocument>, HostSyntaxError> {
    let parsed = polgen_policy::json::parse(text).map_err(|e| HostSyntaxError {
        span: e.span,
        message: e.message,
        context: None,
        first: None,
    })?;
    let root = parsed.root;
    if root.get("format_version").is_none() || root.get("planned_values").is_none() {
        return Ok(None);
    }
    let mut doc = HostDocument::new(HostFormat::TerraformPlan);
    if let Some(m) = root
        .get("planned_values")
        .and_then(|p| p.value.get("root_module"))
    {
        module(&m.value, text, &mut doc);
    }
    for change in root
        .get("resource_changes")
        .and_then(|r| r.value.as_array())
        .unwrap_or(&[])
    {
        if let (Some(address), Some(ty), Some(after)) = (
            change.get("address").and_then(|a| a.value.as_str()),
            change.get("type").and_then(|t| t.value.as_str()),
            change.get("change").and_then(|c| c.value.get("after")),
        ) && matches!(after.value.value, Value::Object(_))
            // `planned_values` already gave this resource: do not report it twice.
            && doc.resource(address).is_none()
        {
            resource(address, ty, &after.value, change.span, text, &mut doc);
        }
    }
    drop_merged_only_documents(&mut doc);
    Ok(Some(doc))
}

/// A policy document data source whose `json` the plan shows only as an input of another
/// one's merge (`source_policy_documents`, `override_policy_documents`, ...) is judged in
/// the merged `json`, as the provider built it: a statement an override replaced is not
/// reported. One whose `json` a resource also receives is judged on its own too.
fn drop_merged_only_documents(doc: &mut HostDocument) {
    let string_values = |node: &Node| -> Vec<String> {
        match &node.value {
            Value::String(s) => vec![s.clone()],
            Value::Array(items) => items
                .iter()
                .filter_map(|n| n.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut merge_inputs = Vec::new();
    let mut attached = Vec::new();
    for r in &doc.resources {
        if r.ty == "aws_iam_policy_document" {
            for key in [
                "source_json",
                "source_policy_documents",
                "override_policy_documents",
                "override_json",
            ] {
                if let Some(m) = r.properties.get(key) {
                    merge_inputs.extend(string_values(&m.value));
                }
            }
        } else if let Some(members) = r.properties.as_object() {
            attached.extend(
                members
                    .iter()
                    .filter(|m| {
                        POLICY_ATTRIBUTES
                            .iter()
                            .any(|(t, a, _)| *t == r.ty && *a == m.key)
                    })
                    .flat_map(|m| string_values(&m.value)),
            );
        }
    }
    if merge_inputs.is_empty() {
        return;
    }
    let merged_only: Vec<String> = doc
        .resources
        .iter()
        .filter(|r| r.ty == "aws_iam_policy_document")
        .filter_map(|r| {
            let json = r.properties.get("json")?.value.as_str()?;
            (merge_inputs.iter().any(|i| i == json) && !attached.iter().any(|a| a == json))
                .then(|| r.address.clone())
        })
        .collect();
    doc.policies
        .retain(|p| !(p.path == "json" && merged_only.contains(&p.resource)));
}

fn module(node: &Node, text: &str, doc: &mut HostDocument) {
    for r in node
        .get("resources")
        .and_then(|r| r.value.as_array())
        .unwrap_or(&[])
    {
        if let (Some(address), Some(ty), Some(values)) = (
            r.get("address").and_then(|a| a.value.as_str()),
            r.get("type").and_then(|t| t.value.as_str()),
            r.get("values"),
        ) {
            let address = match r.get("mode").and_then(|m| m.value.as_str()) {
                Some("data") if !address.contains("data.") => format!("data.{address}"),
                _ => address.to_string(),
            };
            resource(&address, ty, &values.value, r.span, text, doc);
        }
    }
    for child in node
        .get("child_modules")
        .and_then(|c| c.value.as_array())
        .unwrap_or(&[])
    {
        module(child, text, doc);
    }
}

fn resource(
    address: &str,
    ty: &str,
    values: &Node,
    span: polgen_source::Span,
    text: &str,
    doc: &mut HostDocument,
) {
    // Findings about the resource point at its `"address"`; `span` is the whole entry.
    let extent = span;
    let span = address_span(text, span).unwrap_or(span);
    let res = Resource {
        address: address.to_string(),
        ty: ty.to_string(),
        span,
        extent,
        properties: values.clone(),
    };
    let mut attrs: Vec<(String, &Node, Option<polgen_policy::PolicyKind>)> = POLICY_ATTRIBUTES
        .iter()
        .filter(|(t, _, _)| *t == ty)
        .filter_map(|(_, a, k)| values.get(a).map(|m| (a.to_string(), &m.value, *k)))
        .collect();
    if ty == "aws_iam_policy_document"
        && let Some(m) = values.get("json")
    {
        attrs.push(("json".to_string(), &m.value, None));
    }
    for (i, inline) in values
        .get("inline_policy")
        .and_then(|m| m.value.as_array())
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        if let Some(m) = inline.get("policy") {
            attrs.push((
                format!("inline_policy[{i}].policy"),
                &m.value,
                Some(polgen_policy::PolicyKind::Identity),
            ));
        }
    }
    for (path, node, kind) in attrs {
        let Value::String(s) = &node.value else {
            continue;
        };
        if !s.trim_start().starts_with('{') {
            continue;
        }
        let raw = text.get(node.span.range()).unwrap_or("");
        let Some((decoded, map)) = embedded::decode_quoted(raw, node.span.start, Quoting::Json)
        else {
            continue;
        };
        match embedded::parse_json(&decoded, &map, &[], &|s| s.to_string()) {
            Ok(p) => doc.policies.push(EmbeddedPolicy {
                resource: address.to_string(),
                path,
                kind,
                root: p.root,
            }),
            Err(mut e) => {
                e.context = Some(format!("in `{address}` (`{path}`)"));
                doc.errors.push(e);
            }
        }
    }
    doc.resources.push(res);
}

/// The span of the `"address"` value inside the plan entry at `entry`.
fn address_span(text: &str, entry: polgen_source::Span) -> Option<polgen_source::Span> {
    let body = text.get(entry.range())?;
    let key = body.find("\"address\"")?;
    let after = &body[key + 9..];
    let open = after.find('"')?;
    let close = after[open + 1..].find('"')?;
    let start = entry.start as usize + key + 9 + open;
    Some(polgen_source::Span::from_range(start..start + close + 2))
}
