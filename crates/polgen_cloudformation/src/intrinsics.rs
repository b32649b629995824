//! Intrinsic functions (`Ref`, `Fn::Sub`, `Fn::Join`, ...) become values known only at
//! deploy time, keeping the shape of strings where it is known.

use std::collections::HashMap;

use polgen_policy::{Node, Origin, Part, Unknown, Value};

/// What references in a template can name: its parameters (with their defaults) and its
/// resources (with their types), so that a value known only at deploy time still says what
/// it is built from.
#[derive(Debug, Default)]
pub struct Scope {
    parameters: HashMap<String, Option<String>>,
    resources: HashMap<String, String>,
}

impl Scope {
    /// The parameters and resources declared in a parsed template.
    pub fn of(root: &Node) -> Self {
        let section = |name: &str| {
            root.get(name)
                .and_then(|s| s.value.as_object())
                .unwrap_or(&[])
        };
        let parameters = section("Parameters")
            .iter()
            .map(|m| {
                let default = m.value.get("Default").and_then(|d| match &d.value.value {
                    Value::String(s) | Value::Number(s) => Some(s.clone()),
                    _ => None,
                });
                (m.key.clone(), default)
            })
            .collect();
        let resources = section("Resources")
            .iter()
            .filter_map(|m| {
                let ty = m.value.get("Type")?.value.as_str()?;
                Some((m.key.clone(), ty.to_string()))
            })
            .collect();
        Self {
            parameters,
            resources,
        }
    }

    /// What `reference` (`VendorAccountId`, `AWS::AccountId`, `Bucket.Arn`) is, when the
    /// template says.
    pub fn origin(&self, reference: &str) -> Option<Origin> {
        if reference == "AWS::AccountId" {
            return Some(Origin::OwnAccount);
        }
        if let Some(default) = self.parameters.get(reference) {
            return Some(Origin::Input {
                default: default.clone(),
            });
        }
        let logical_id = reference.split_once('.').map_or(reference, |(id, _)| id);
        self.resources
            .get(logical_id)
            .map(|ty| Origin::Resource { ty: ty.clone() })
    }

    fn part(&self, reference: &str, at: usize) -> Option<Part> {
        self.origin(reference).map(|origin| Part {
            at,
            reference: reference.to_string(),
            origin,
        })
    }
}

/// Replaces every intrinsic-function object in the tree by its value: a string when every
/// part is known (`Fn::Join` of literals), otherwise [`Value::Unknown`].
pub fn resolve(node: &mut Node, text: &str, scope: &Scope) {
    let span = node.span;
    match &mut node.value {
        Value::Array(items) => items.iter_mut().for_each(|n| resolve(n, text, scope)),
        Value::Object(members) => {
            members
                .iter_mut()
                .for_each(|m| resolve(&mut m.value, text, scope));
            if let [m] = members.as_slice()
                && (m.key == "Ref" || m.key.starts_with("Fn::"))
            {
                node.value = evaluate(&m.key, &m.value, display(text, span), scope);
            }
        }
        _ => {}
    }
}

/// The first line of the value as written, shortened, for messages.
fn display(text: &str, span: polgen_source::Span) -> String {
    let written = text.get(span.range()).unwrap_or("").trim();
    let line = written.lines().next().unwrap_or("");
    if line.chars().count() > 60 {
        let cut: String = line.chars().take(57).collect();
        format!("{cut}...")
    } else {
        line.to_string()
    }
}

fn unknown(display: String, pattern: Option<String>, parts: Vec<Part>) -> Value {
    Value::Unknown(Unknown {
        display,
        pattern,
        parts,
    })
}

/// The text of a string-shaped value with `*` for the unknown parts, and those parts.
fn pattern_of(node: &Node) -> Option<(String, Vec<Part>)> {
    match &node.value {
        Value::String(s) | Value::Number(s) => Some((s.clone(), Vec::new())),
        Value::Unknown(u) => Some(match &u.pattern {
            Some(p) => (p.clone(), u.parts.clone()),
            None => ("*".to_string(), u.parts.clone()),
        }),
        _ => None,
    }
}

/// The names a `Ref` / `Fn::GetAtt` refers to, as `Name` / `Name.Attribute`.
fn reference_of(function: &str, arg: &Node) -> Option<String> {
    match (function, &arg.value) {
        ("Ref", Value::String(s)) => Some(s.clone()),
        ("Fn::GetAtt", Value::String(s)) => Some(s.clone()),
        ("Fn::GetAtt", Value::Array(items)) => match items.as_slice() {
            [a, b] => Some(format!("{}.{}", a.as_str()?, b.as_str()?)),
            _ => None,
        },
        _ => None,
    }
}

fn evaluate(function: &str, arg: &Node, display: String, scope: &Scope) -> Value {
    match function {
        "Ref" | "Fn::GetAtt" => {
            let parts = reference_of(function, arg)
                .and_then(|r| scope.part(&r, 0))
                .into_iter()
                .collect();
            unknown(display, None, parts)
        }
        "Fn::Sub" => {
            let (template, variables) = match &arg.value {
                Value::Array(items) => (items.first(), items.get(1)),
                _ => (Some(arg), None),
            };
            match template.map(|t| &t.value) {
                Some(Value::String(s)) => sub_value(s, variables, display, scope),
                _ => unknown(display, None, Vec::new()),
            }
        }
        "Fn::Join" => {
            let parts = arg.as_array().unwrap_or(&[]);
            let (Some(Value::String(sep)), Some(Value::Array(items))) = (
                parts.first().map(|n| &n.value),
                parts.get(1).map(|n| &n.value),
            ) else {
                return unknown(display, None, Vec::new());
            };
            let mut joined = String::new();
            let mut located = Vec::new();
            let mut literal = true;
            for (i, item) in items.iter().enumerate() {
                literal &= matches!(item.value, Value::String(_) | Value::Number(_));
                let Some((piece, parts)) = pattern_of(item) else {
                    return unknown(display, None, Vec::new());
                };
                if i > 0 {
                    joined.push_str(sep);
                }
                let offset = joined.len();
                located.extend(parts.into_iter().map(|p| Part {
                    at: p.at + offset,
                    ..p
                }));
                joined.push_str(&piece);
            }
            if literal {
                Value::String(joined)
            } else {
                unknown(display, Some(joined), located)
            }
        }
        _ => unknown(display, None, Vec::new()),
    }
}

/// `Fn::Sub`: a literal variable of the map is substituted; any other `${Var}` is a `*`
/// that says what it is when the template tells (a parameter, `AWS::AccountId`, a resource).
fn sub_value(template: &str, variables: Option<&Node>, display: String, scope: &Scope) -> Value {
    let mut out = String::with_capacity(template.len());
    let mut parts = Vec::new();
    let mut rest = template;
    let mut complete = true;
    while let Some(at) = rest.find("${") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let Some(close) = after.find('}') else {
            out.push_str("${");
            rest = after;
            continue;
        };
        let name = &after[..close];
        rest = &after[close + 1..];
        if let Some(literal) = name.strip_prefix('!') {
            out.push_str("${");
            out.push_str(literal);
            out.push('}');
            continue;
        }
        match variables.and_then(|v| v.get(name)).map(|m| &m.value) {
            Some(Node {
                value: Value::String(s) | Value::Number(s),
                ..
            }) => out.push_str(s),
            Some(Node {
                value: Value::Unknown(u),
                ..
            }) => {
                complete = false;
                if u.pattern.is_none()
                    && let [part] = u.parts.as_slice()
                {
                    parts.push(Part {
                        at: out.len(),
                        ..part.clone()
                    });
                }
                out.push('*');
            }
            Some(_) => {
                complete = false;
                out.push('*');
            }
            None => {
                complete = false;
                parts.extend(scope.part(name, out.len()));
                out.push('*');
            }
        }
    }
    out.push_str(rest);
    if complete {
        Value::String(out)
    } else {
        unknown(display, Some(out), parts)
    }
}

/// `Fn::Sub` template text with `*` for each `${Var}`, `${!Literal}` written as
/// `${Literal}`; `complete` when no variable was substituted.
pub fn sub_pattern(template: &str) -> (String, bool) {
    match sub_value(template, None, String::new(), &Scope::default()) {
        Value::String(s) => (s, true),
        Value::Unknown(u) => (u.pattern.unwrap_or_default(), false),
        _ => (String::new(), false),
    }
}

/// Byte ranges of the `${Var}` substitutions in a `Fn::Sub` template (not `${!Literal}`).
pub fn sub_holes(template: &str) -> Vec<std::ops::Range<usize>> {
    let mut holes = Vec::new();
    let mut from = 0;
    while let Some(at) = template.get(from..).and_then(|r| r.find("${")) {
        let start = from + at;
        let Some(close) = template.get(start..).and_then(|r| r.find('}')) else {
            break;
        };
        if !template[start + 2..].starts_with('!') {
            holes.push(start..start + close + 1);
        }
        from = start + close + 1;
    }
    holes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_keeps_the_shape() {
        assert_eq!(
            sub_pattern("arn:aws:s3:::${Bucket}/*"),
            ("arn:aws:s3:::*/*".to_string(), false)
        );
        assert_eq!(
            sub_pattern("a/${!aws:username}"),
            ("a/${aws:username}".to_string(), true)
        );
        assert_eq!(sub_holes("x${A}y${!B}z${C}"), vec![1..5, 12..16]);
    }

    #[test]
    fn join_of_literals_is_a_string() {
        let text = "{\"Fn::Join\": [\"\", [\"arn:aws:s3:::\", \"b\", {\"Ref\": \"X\"}]]}";
        let mut root = polgen_policy::json::parse(text).expect("json").root;
        resolve(&mut root, text, &Scope::default());
        match &root.value {
            Value::Unknown(u) => assert_eq!(u.pattern.as_deref(), Some("arn:aws:s3:::b*")),
            other => panic!("{other:?}"),
        }
    }
}
