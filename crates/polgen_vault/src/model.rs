//! The model of a Vault ACL policy, built from the spanned tree of its HCL or JSON text.

use polgen_policy::{Member, Node, Value};
use polgen_source::{Span, Spanned};

use crate::path::PathPattern;

/// Which server reads the policy: they accept different capabilities and attributes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Flavor {
    #[default]
    Vault,
    OpenBao,
}

impl Flavor {
    pub fn as_str(self) -> &'static str {
        match self {
            Flavor::Vault => "Vault",
            Flavor::OpenBao => "OpenBao",
        }
    }

    /// The capabilities a `capabilities` list may hold.
    pub fn capabilities(self) -> &'static [&'static str] {
        match self {
            Flavor::Vault => &[
                "create",
                "read",
                "update",
                "patch",
                "delete",
                "list",
                "sudo",
                "deny",
                "subscribe",
                "recover",
            ],
            Flavor::OpenBao => &[
                "create", "read", "update", "patch", "delete", "list", "sudo", "deny", "scan",
            ],
        }
    }

    /// The attributes a `path` block may hold.
    pub fn path_attributes(self) -> &'static [&'static str] {
        match self {
            Flavor::Vault => &[
                "comment",
                "policy",
                "capabilities",
                "allowed_parameters",
                "denied_parameters",
                "required_parameters",
                "min_wrapping_ttl",
                "max_wrapping_ttl",
                "mfa_methods",
                "control_group",
                "subscribe_event_types",
            ],
            Flavor::OpenBao => &[
                "comment",
                "policy",
                "capabilities",
                "allowed_parameters",
                "denied_parameters",
                "required_parameters",
                "min_wrapping_ttl",
                "max_wrapping_ttl",
                "mfa_methods",
                "pagination_limit",
                "expiration",
                "list_scan_response_keys_filter_path",
                "control_group",
            ],
        }
    }
}

/// Attributes allowed at the top level of a policy.
pub const TOP_LEVEL_KEYS: &[&str] = &["name", "path"];

/// The legacy `policy = "..."` values and the capabilities Vault maps them to.
pub const LEGACY_POLICIES: &[(&str, &[&str])] = &[
    ("deny", &["deny"]),
    ("read", &["read", "list"]),
    ("write", &["create", "read", "update", "delete", "list"]),
    (
        "sudo",
        &["create", "read", "update", "delete", "list", "sudo"],
    ),
];

/// One `path "..." { ... }` block.
#[derive(Clone, Debug)]
pub struct PathBlock {
    /// The label as written (leading `/` kept) and the span of its quoted text.
    pub path: Spanned<String>,
    pub pattern: PathPattern,
    /// From the `path` keyword to the closing `}`.
    pub span: Span,
    /// Every attribute of the block, in source order, as written.
    pub attributes: Vec<Member>,
    /// The `capabilities` entries (strings only), in order.
    pub capabilities: Vec<Spanned<String>>,
    /// The `capabilities` attribute name, when present.
    pub capabilities_key: Option<Span>,
    /// The legacy `policy = "..."` value.
    pub policy: Option<Spanned<String>>,
    pub allowed_parameters: Option<Parameters>,
    pub denied_parameters: Option<Parameters>,
    pub required_parameters: Option<Vec<Spanned<String>>>,
    pub min_wrapping_ttl: Option<Node>,
    pub max_wrapping_ttl: Option<Node>,
}

/// An `allowed_parameters` or `denied_parameters` map.
#[derive(Clone, Debug)]
pub struct Parameters {
    /// The attribute name.
    pub key_span: Span,
    pub entries: Vec<Parameter>,
}

#[derive(Clone, Debug)]
pub struct Parameter {
    pub name: Spanned<String>,
    /// The allowed or denied values; empty means any value.
    pub values: Vec<Node>,
}

impl Parameters {
    pub fn get(&self, name: &str) -> Option<&Parameter> {
        self.entries
            .iter()
            .find(|p| p.name.value.eq_ignore_ascii_case(name))
    }
}

/// A value of the wrong shape, which Vault refuses when it decodes the policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapeError {
    pub message: String,
    pub span: Span,
}

/// A parsed Vault ACL policy.
#[derive(Clone, Debug, Default)]
pub struct VaultPolicy {
    pub paths: Vec<PathBlock>,
    /// Top-level keys other than `name` and `path` (Vault rejects the policy).
    pub unknown_top_level: Vec<Spanned<String>>,
    pub shape_errors: Vec<ShapeError>,
}

impl PathBlock {
    /// The capabilities this block grants, with the legacy `policy` mapped; `deny`
    /// alone when it denies.
    /// The capabilities the block grants. A capability neither Vault nor OpenBao knows
    /// (`raed`) grants nothing: the server refuses the whole policy (`vault-unknown-capability`
    /// reports it), so it is never counted as effective.
    pub fn effective_capabilities(&self) -> Vec<&str> {
        let mut caps: Vec<&str> = self
            .capabilities
            .iter()
            .map(|c| c.value.as_str())
            .filter(|c| is_known_capability(c))
            .collect();
        if let Some(policy) = &self.policy
            && let Some((_, mapped)) = LEGACY_POLICIES.iter().find(|(p, _)| *p == policy.value)
        {
            if *mapped == ["deny"] {
                return vec!["deny"];
            }
            caps.extend(mapped.iter().copied());
        }
        if caps.contains(&"deny") {
            return vec!["deny"];
        }
        let mut seen = Vec::new();
        for c in caps {
            if !seen.contains(&c) {
                seen.push(c);
            }
        }
        seen
    }

    pub fn denies(&self) -> bool {
        self.effective_capabilities() == ["deny"]
    }

    /// Whether the block grants a capability that changes state.
    pub fn writes(&self) -> bool {
        self.effective_capabilities()
            .iter()
            .any(|c| matches!(*c, "create" | "update" | "patch" | "delete" | "sudo"))
    }

    pub fn has_capability(&self, cap: &str) -> bool {
        self.effective_capabilities().contains(&cap)
    }

    pub fn attribute(&self, name: &str) -> Option<&Member> {
        self.attributes.iter().rev().find(|m| m.key == name)
    }
}

/// Builds the model from the spanned tree of an HCL or JSON policy.
pub fn build(root: &Node) -> VaultPolicy {
    let mut policy = VaultPolicy::default();
    let Some(members) = root.as_object() else {
        policy.shape_errors.push(ShapeError {
            message: format!(
                "a policy must be an object of `path` blocks, found {}",
                root.type_name()
            ),
            span: root.span,
        });
        return policy;
    };
    for member in members {
        match member.key.as_str() {
            "path" => collect_paths(member, &mut policy),
            "name" => {}
            _ => policy
                .unknown_top_level
                .push(Spanned::new(member.key.clone(), member.key_span)),
        }
    }
    policy
}

fn collect_paths(member: &Member, policy: &mut VaultPolicy) {
    // HCL: one member per block; JSON: `"path": {"a": {...}, "b": {...}}` or a list of such.
    let objects: Vec<&Node> = match &member.value.value {
        Value::Object(_) => vec![&member.value],
        Value::Array(items) => items.iter().collect(),
        _ => Vec::new(),
    };
    if objects.is_empty() {
        policy.shape_errors.push(ShapeError {
            message: format!(
                "`path` must be a block such as `path \"secret/*\" {{ ... }}`, found {}",
                member.value.type_name()
            ),
            span: member.value.span,
        });
    }
    for object in objects {
        let Some(entries) = object.as_object() else {
            policy.shape_errors.push(ShapeError {
                message: format!(
                    "a `path` entry must be an object, found {}",
                    object.type_name()
                ),
                span: object.span,
            });
            continue;
        };
        for entry in entries {
            let span = member.key_span.cover(entry.value.span);
            policy
                .paths
                .push(build_block(entry, span, &mut policy.shape_errors));
        }
    }
}

fn build_block(entry: &Member, span: Span, errors: &mut Vec<ShapeError>) -> PathBlock {
    let mut block = PathBlock {
        path: Spanned::new(entry.key.clone(), entry.key_span),
        pattern: PathPattern::parse(&entry.key),
        span,
        attributes: Vec::new(),
        capabilities: Vec::new(),
        capabilities_key: None,
        policy: None,
        allowed_parameters: None,
        denied_parameters: None,
        required_parameters: None,
        min_wrapping_ttl: None,
        max_wrapping_ttl: None,
    };
    let Some(attributes) = entry.value.as_object() else {
        errors.push(ShapeError {
            message: format!(
                "the body of `path \"{}\"` must be a block, found {}",
                entry.key,
                entry.value.type_name()
            ),
            span: entry.value.span,
        });
        return block;
    };
    block.attributes = attributes.to_vec();
    for attr in attributes {
        // A value only known at deploy time (a Terraform interpolation): nothing to check.
        if matches!(attr.value.value, Value::Unknown(_)) {
            continue;
        }
        match attr.key.as_str() {
            "capabilities" => {
                block.capabilities_key = Some(attr.key_span);
                block.capabilities = strings(attr, errors);
            }
            "policy" => match attr.value.as_str() {
                Some(s) => block.policy = Some(Spanned::new(s.to_string(), attr.value.span)),
                None => errors.push(wrong_type(attr, "a string")),
            },
            "allowed_parameters" => block.allowed_parameters = parameters(attr, errors),
            "denied_parameters" => block.denied_parameters = parameters(attr, errors),
            "required_parameters" => block.required_parameters = Some(strings(attr, errors)),
            "min_wrapping_ttl" => block.min_wrapping_ttl = Some(attr.value.clone()),
            "max_wrapping_ttl" => block.max_wrapping_ttl = Some(attr.value.clone()),
            _ => {}
        }
    }
    block
}

fn wrong_type(attr: &Member, expected: &str) -> ShapeError {
    ShapeError {
        message: format!(
            "`{}` must be {expected}, found {}",
            attr.key,
            attr.value.type_name()
        ),
        span: attr.value.span,
    }
}

/// A list of strings; a lone string is read as a list of one, as Vault's decoder does.
fn strings(attr: &Member, errors: &mut Vec<ShapeError>) -> Vec<Spanned<String>> {
    match &attr.value.value {
        Value::String(s) => vec![Spanned::new(s.clone(), attr.value.span)],
        Value::Array(items) => items
            .iter()
            .filter_map(|item| match item.as_str() {
                Some(s) => Some(Spanned::new(s.to_string(), item.span)),
                None if matches!(item.value, Value::Unknown(_)) => None,
                None => {
                    errors.push(ShapeError {
                        message: format!(
                            "`{}` must list strings, found {}",
                            attr.key,
                            item.type_name()
                        ),
                        span: item.span,
                    });
                    None
                }
            })
            .collect(),
        _ => {
            errors.push(wrong_type(attr, "a list of strings"));
            Vec::new()
        }
    }
}

fn parameters(attr: &Member, errors: &mut Vec<ShapeError>) -> Option<Parameters> {
    // HCL 1 may split one map over repeated keys; JSON may give a list of maps.
    let maps: Vec<&Node> = match &attr.value.value {
        Value::Object(_) => vec![&attr.value],
        Value::Array(items) if items.iter().all(|i| i.as_object().is_some()) => {
            items.iter().collect()
        }
        _ => {
            errors.push(wrong_type(
                attr,
                "a map of parameter names to lists of values",
            ));
            return None;
        }
    };
    let mut entries = Vec::new();
    for map in maps {
        for m in map.as_object().unwrap_or_default() {
            let values = match &m.value.value {
                Value::Array(items) => items.clone(),
                Value::Object(_) => vec![m.value.clone()],
                Value::Unknown(_) => vec![m.value.clone()],
                _ => {
                    errors.push(ShapeError {
                        message: format!(
                            "the values of parameter `{}` must be a list, found {}",
                            m.key,
                            m.value.type_name()
                        ),
                        span: m.value.span,
                    });
                    Vec::new()
                }
            };
            entries.push(Parameter {
                name: Spanned::new(m.key.clone(), m.key_span),
                values,
            });
        }
    }
    Some(Parameters {
        key_span: attr.key_span,
        entries,
    })
}

/// Reads a TTL the way Vault does (`parseutil.ParseDurationSecond`): a number of seconds
/// (as a number or a string of digits) or a duration such as `90s`, `5m`, `1h30m`, `2d`.
pub fn parse_duration_seconds(node: &Node) -> Result<f64, String> {
    match &node.value {
        Value::Number(n) => n
            .parse::<f64>()
            .map_err(|_| format!("`{n}` is not a number of seconds")),
        Value::String(s) => parse_duration_str(s),
        other => Err(format!(
            "a duration must be a number of seconds or a string such as \"1h\", found {}",
            Node::new(other.clone(), node.span).type_name()
        )),
    }
}

fn parse_duration_str(text: &str) -> Result<f64, String> {
    let s = text.trim();
    if s.is_empty() {
        return Ok(0.0);
    }
    if let Ok(n) = s.parse::<i64>() {
        return Ok(n as f64);
    }
    let bad = || {
        format!(
            "`{text}` is not a duration: use seconds (`300`) or units such as `300s`, `5m`, `1h30m`, `2d`"
        )
    };
    let mut total = 0.0;
    let mut rest = s;
    if rest.starts_with('-') {
        return Err(format!("`{text}` is negative"));
    }
    rest = rest.strip_prefix('+').unwrap_or(rest);
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if num_len == 0 {
            return Err(bad());
        }
        let value: f64 = rest[..num_len].parse().map_err(|_| bad())?;
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "ns" => 1e-9,
            "us" | "µs" | "μs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            "d" => 86400.0,
            _ => return Err(bad()),
        };
        total += value * factor;
        rest = &rest[unit_len..];
    }
    Ok(total)
}

/// Whether Vault or OpenBao knows the capability `name` (case-sensitive, as both servers read it).
pub fn is_known_capability(name: &str) -> bool {
    [Flavor::Vault, Flavor::OpenBao]
        .iter()
        .any(|f| f.capabilities().contains(&name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(text: &str) -> Node {
        crate::hcl::parse(&format!("x = {text}"))
            .expect("test input")
            .get("x")
            .expect("test input")
            .value
            .clone()
    }

    #[test]
    fn durations_read_like_vault() {
        assert_eq!(parse_duration_seconds(&node("300")), Ok(300.0));
        assert_eq!(parse_duration_seconds(&node("\"300\"")), Ok(300.0));
        assert_eq!(parse_duration_seconds(&node("\"1h30m\"")), Ok(5400.0));
        assert_eq!(parse_duration_seconds(&node("\"2d\"")), Ok(172_800.0));
        assert!(parse_duration_seconds(&node("\"1 hour\"")).is_err());
        assert!(parse_duration_seconds(&node("\"5x\"")).is_err());
        assert!(parse_duration_seconds(&node("true")).is_err());
    }

    #[test]
    fn legacy_policies_map_to_capabilities() {
        let p = crate::parse_hcl(
            "path \"a\" { policy = \"write\" }\npath \"b\" { capabilities = [\"read\", \"deny\"] }",
        )
        .expect("test input");
        assert_eq!(
            p.paths[0].effective_capabilities(),
            ["create", "read", "update", "delete", "list"]
        );
        assert!(p.paths[1].denies());
    }

    #[test]
    fn json_policies_build_the_same_model() {
        let json =
            r#"{"path": {"secret/*": {"capabilities": ["read"]}, "sys/*": {"policy": "deny"}}}"#;
        let p = crate::parse_json(json).expect("test input");
        assert_eq!(p.paths.len(), 2);
        assert_eq!(p.paths[0].path.value, "secret/*");
        assert_eq!(&json[p.paths[0].path.span.range()], "\"secret/*\"");
        assert!(p.paths[1].denies());
    }
}
