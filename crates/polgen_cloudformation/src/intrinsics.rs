//! Intrinsic functions (`Ref`, `Fn::Sub`, `Fn::Join`, ...) become values known only at
//! deploy time, keeping the shape of strings where it is known.

use polgen_policy::{Node, Unknown, Value};

/// Replaces every intrinsic-function object in the tree by its value: a string when every
/// part is known (`Fn::Join` of literals), otherwise [`Value::Unknown`].
pub fn resolve(node: &mut Node, text: &str) {
    let span = node.span;
    match &mut node.value {
        Value::Array(items) => items.iter_mut().for_each(|n| resolve(n, text)),
        Value::Object(members) => {
            members.iter_mut().for_each(|m| resolve(&mut m.value, text));
            if let [m] = members.as_slice()
                && (m.key == "Ref" || m.key.starts_with("Fn::"))
            {
                node.value = evaluate(&m.key, &m.value, display(text, span));
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

fn unknown(display: String, pattern: Option<String>) -> Value {
    Value::Unknown(Unknown { display, pattern })
}

/// The text of a string-shaped value with `*` for the unknown parts.
fn pattern_of(node: &Node) -> Option<String> {
    match &node.value {
        Value::String(s) | Value::Number(s) => Some(s.clone()),
        Value::Unknown(u) => Some(u.pattern.clone().unwrap_or_else(|| "*".to_string())),
        _ => None,
    }
}

fn evaluate(function: &str, arg: &Node, display: String) -> Value {
    match function {
        "Fn::Sub" => {
            let template = match &arg.value {
                Value::Array(items) => items.first(),
                _ => Some(arg),
            };
            match template.map(|t| &t.value) {
                Some(Value::String(s)) => {
                    let (pattern, complete) = sub_pattern(s);
                    if complete {
                        Value::String(pattern)
                    } else {
                        unknown(display, Some(pattern))
                    }
                }
                _ => unknown(display, None),
            }
        }
        "Fn::Join" => {
            let parts = arg.as_array().unwrap_or(&[]);
            let (Some(Value::String(sep)), Some(Value::Array(items))) = (
                parts.first().map(|n| &n.value),
                parts.get(1).map(|n| &n.value),
            ) else {
                return unknown(display, None);
            };
            let mut pieces = Vec::with_capacity(items.len());
            let mut literal = true;
            for item in items {
                literal &= matches!(item.value, Value::String(_) | Value::Number(_));
                match pattern_of(item) {
                    Some(p) => pieces.push(p),
                    None => return unknown(display, None),
                }
            }
            let joined = pieces.join(sep);
            if literal {
                Value::String(joined)
            } else {
                unknown(display, Some(joined))
            }
        }
        _ => unknown(display, None),
    }
}

/// `Fn::Sub` template text with `*` for each `${Var}`, `${!Literal}` written as
/// `${Literal}`; `complete` when no variable was substituted.
pub fn sub_pattern(template: &str) -> (String, bool) {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    let mut complete = true;
    while let Some(at) = rest.find("${") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        match after.find('}') {
            Some(close) if after.starts_with('!') => {
                out.push_str("${");
                out.push_str(&after[1..=close]);
                rest = &after[close + 1..];
            }
            Some(close) => {
                out.push('*');
                complete = false;
                rest = &after[close + 1..];
            }
            None => {
                out.push_str("${");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, complete)
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
        resolve(&mut root, text);
        match &root.value {
            Value::Unknown(u) => assert_eq!(u.pattern.as_deref(), Some("arn:aws:s3:::b*")),
            other => panic!("{other:?}"),
        }
    }
}
