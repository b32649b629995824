//! Policies written as JSON text inside a host file: a CloudFormation string or `!Sub`
//! template, a Terraform heredoc or quoted string. The JSON is parsed with the strict
//! spanned parser and every span is mapped back into the host file.

use std::ops::Range;

use polgen_policy::json::{self, DuplicateKey};
use polgen_policy::{Node, Origin, Part, SyntaxError, Unknown, Value};
use polgen_source::{OffsetMap, Span};

use crate::HostSyntaxError;

/// A part of the JSON text only known at deploy time (`${Bucket}`, `${var.arn}`), as a
/// byte range of the decoded text.
#[derive(Clone, Debug)]
pub struct Hole {
    pub range: Range<usize>,
    /// What it is, when the host file says (a parameter, the deploying account, a resource).
    pub origin: Option<Origin>,
}

impl Hole {
    /// A hole whose origin is not known.
    pub fn at(range: Range<usize>) -> Self {
        Self {
            range,
            origin: None,
        }
    }

    /// The reference as written in `text`, without `${` and `}`.
    fn reference<'t>(&self, text: &'t str) -> &'t str {
        let written = text.get(self.range.clone()).unwrap_or("");
        written
            .strip_prefix("${")
            .and_then(|r| r.strip_suffix('}'))
            .unwrap_or(written)
            .trim()
    }
}

/// The result of parsing an embedded JSON policy.
#[derive(Debug)]
pub struct EmbeddedJson {
    pub root: Node,
    pub duplicate_keys: Vec<DuplicateKey>,
}

/// Parses `text` (decoded from the host; `map` leads back to host offsets) as JSON. Holes
/// are filled with neutral text for parsing; strings that contain a hole become unknown
/// values whose pattern has `*` for each hole. `literal` rewrites the literal parts of such
/// strings (e.g. `${!Literal}` → `${Literal}` in `!Sub`).
pub fn parse_json(
    text: &str,
    map: &OffsetMap,
    holes: &[Hole],
    literal: &dyn Fn(&str) -> String,
) -> Result<EmbeddedJson, HostSyntaxError> {
    let filled = fill_holes(text, holes);
    let parsed = json::parse(&filled).map_err(|e| host_error(e, map))?;
    let mut root = parsed.root;
    mark_holes(&mut root, text, holes, literal);
    remap(&mut root, map);
    let duplicate_keys = parsed
        .duplicate_keys
        .into_iter()
        .map(|d| DuplicateKey {
            key: d.key,
            span: map.map_span(d.span),
            first: map.map_span(d.first),
        })
        .collect();
    Ok(EmbeddedJson {
        root,
        duplicate_keys,
    })
}

/// A syntax error in decoded text, placed in the host through `map`.
pub fn host_error(e: SyntaxError, map: &OffsetMap) -> HostSyntaxError {
    HostSyntaxError {
        span: map.map_span(e.span),
        message: e.message,
        context: None,
        first: None,
    }
}

/// Replaces each hole by `x`s inside a JSON string, or by a string `"xx"` of the same
/// length outside one, so the text keeps its length and offsets.
pub fn fill_holes(text: &str, holes: &[Hole]) -> String {
    if holes.is_empty() {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut holes = holes.iter().peekable();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(h) = holes.next_if(|h| h.range.start == i) {
            let len = h.range.len();
            if in_string || len < 2 {
                out.extend(std::iter::repeat_n(b'x', len));
            } else {
                out.push(b'"');
                out.extend(std::iter::repeat_n(b'x', len - 2));
                out.push(b'"');
            }
            i = h.range.end.max(i + 1);
            continue;
        }
        let b = bytes[i];
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
        }
        out.push(b);
        i += 1;
    }
    // Holes are whole interpolations, and ASCII `x`/`"` replace whole byte ranges, so the
    // text stays UTF-8 unless a hole cut a character; fall back to a lossy copy then.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Whether `span` (of the decoded text) touches `hole`.
pub fn overlaps(span: Span, hole: &Hole) -> bool {
    (span.start as usize) < hole.range.end && hole.range.start < span.end as usize
}

/// Turns every string of `node` that overlaps a hole into an unknown value (spans are still
/// those of the decoded `text`).
pub fn mark_holes(node: &mut Node, text: &str, holes: &[Hole], literal: &dyn Fn(&str) -> String) {
    match &mut node.value {
        Value::Array(items) => items
            .iter_mut()
            .for_each(|n| mark_holes(n, text, holes, literal)),
        Value::Object(members) => members
            .iter_mut()
            .for_each(|m| mark_holes(&mut m.value, text, holes, literal)),
        Value::String(s) => {
            let inside: Vec<&Hole> = holes.iter().filter(|h| overlaps(node.span, h)).collect();
            if inside.is_empty() {
                if s.contains("${") {
                    *s = literal(s);
                }
                return;
            }
            let display = text.get(node.span.range()).unwrap_or("").to_string();
            let whole = inside.len() == 1
                && inside[0].range.start == node.span.start as usize
                && inside[0].range.end == node.span.end as usize;
            let part = |h: &Hole, at: usize| {
                h.origin.clone().map(|origin| Part {
                    at,
                    reference: h.reference(text).to_string(),
                    origin,
                })
            };
            let mut parts = Vec::new();
            let pattern = if whole {
                // A hole standing for a whole JSON value: it may even be a list.
                parts.extend(part(inside[0], 0));
                None
            } else {
                let content =
                    (node.span.start as usize + 1)..(node.span.end as usize).saturating_sub(1);
                let mut pattern = String::new();
                let mut at = content.start;
                for h in &inside {
                    pattern.push_str(&literal(text.get(at..h.range.start).unwrap_or("")));
                    parts.extend(part(h, pattern.len()));
                    pattern.push('*');
                    at = h.range.end;
                }
                pattern.push_str(&literal(text.get(at..content.end).unwrap_or("")));
                Some(pattern)
            };
            node.value = Value::Unknown(Unknown {
                display,
                pattern,
                parts,
            });
        }
        _ => {}
    }
}

/// Maps every span of the tree from the decoded text to the host file.
pub fn remap(node: &mut Node, map: &OffsetMap) {
    node.span = map.map_span(node.span);
    match &mut node.value {
        Value::Array(items) => items.iter_mut().for_each(|n| remap(n, map)),
        Value::Object(members) => {
            for m in members {
                m.key_span = map.map_span(m.key_span);
                remap(&mut m.value, map);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holes_become_shaped_unknowns_with_host_spans() {
        let text = r#"{"Resource": "arn:aws:s3:::${Bucket}/*", "Action": ${Actions}}"#;
        let holes = [Hole::at(27..36), Hole::at(51..61)];
        let map = OffsetMap::verbatim(100, text.len() as u32);
        let parsed = parse_json(text, &map, &holes, &|s| s.to_string()).expect("parses");
        let res = &parsed.root.get("Resource").expect("resource").value;
        match &res.value {
            Value::Unknown(u) => assert_eq!(u.pattern.as_deref(), Some("arn:aws:s3:::*/*")),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            res.span,
            Span::new(113, 139),
            "the quoted string, shifted by 100"
        );
        let act = &parsed.root.get("Action").expect("action").value;
        assert!(matches!(&act.value, Value::Unknown(u) if u.pattern.is_none()));
    }

    #[test]
    fn syntax_errors_point_into_the_host() {
        let text = "{\"a\": 1,}";
        let err = parse_json(text, &OffsetMap::verbatim(50, 9), &[], &|s| s.to_string())
            .expect_err("trailing comma");
        assert!(err.span.start >= 57, "{err:?}");
    }
}

/// Escapes understood by [`decode_quoted`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quoting {
    /// JSON and YAML double-quoted strings.
    Json,
    /// HCL quoted strings: JSON's escapes plus `$${` and `%%{`.
    Hcl,
}

/// Decodes the quoted string `raw` (quotes included) found at host offset `host_start`,
/// with the map from decoded offsets back to the host. `None` for an escape it does not
/// know (the caller then maps coarsely).
pub fn decode_quoted(raw: &str, host_start: u32, quoting: Quoting) -> Option<(String, OffsetMap)> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let base = host_start + 1;
    let mut out = String::with_capacity(inner.len());
    let mut map = OffsetMap::new();
    let mut chars = inner.char_indices().peekable();
    let offset = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    map.push(0, base);
    while let Some((i, c)) = chars.next() {
        let decoded_at = offset(out.len());
        if c == '\\' {
            let (_, e) = chars.next()?;
            let ch = match e {
                '"' => '"',
                '\\' => '\\',
                '/' => '/',
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                'b' => '\u{8}',
                'f' => '\u{c}',
                'u' => {
                    let hex: String = (0..4)
                        .filter_map(|_| chars.next().map(|(_, c)| c))
                        .collect();
                    char::from_u32(u32::from_str_radix(&hex, 16).ok()?).unwrap_or('\u{fffd}')
                }
                _ => return None,
            };
            map.push(decoded_at, base + offset(i));
            out.push(ch);
            if let Some(&(next, _)) = chars.peek() {
                map.push(offset(out.len()), base + offset(next));
            }
        } else if quoting == Quoting::Hcl
            && (c == '$' || c == '%')
            && inner[i + 1..].starts_with(&format!("{c}{{"))
        {
            // `$${` is a literal `${`: drop one sign.
            chars.next();
            map.push(decoded_at, base + offset(i + 1));
            out.push(c);
        } else {
            out.push(c);
        }
    }
    map.push(offset(out.len()), base + offset(inner.len()));
    map.set_host_end(base + offset(inner.len()));
    Some((out, map))
}

#[cfg(test)]
mod quoted_tests {
    use super::*;

    #[test]
    fn escapes_map_back_to_the_host() {
        let raw = r#""{\"Action\": \"s3:*\"}""#;
        let (text, map) = decode_quoted(raw, 10, Quoting::Json).expect("decodes");
        assert_eq!(text, r#"{"Action": "s3:*"}"#);
        let parsed = parse_json(&text, &map, &[], &|s| s.to_string()).expect("json");
        let action = &parsed.root.get("Action").expect("action").value;
        let host = format!("{}{raw}", " ".repeat(10));
        assert_eq!(&host[action.span.range()], r#"\"s3:*\""#);
    }
}
