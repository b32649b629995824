//! A strict JSON parser (RFC 8259) that keeps the span of every key and value.
//!
//! Written for policies rather than borrowed from a general crate because polgen needs
//! three things together: exact error positions, every duplicate key reported (IAM rejects
//! them, most parsers keep the last silently), and no recursion, so that a document nested
//! 100,000 levels deep is a clear error instead of a stack overflow.

use polgen_source::Span;

use crate::value::{Member, Node, Value};

/// Documents nested deeper than this are rejected. IAM policies need about 6 levels; the
/// largest CloudFormation templates in the corpus need about 30.
pub const MAX_DEPTH: usize = 256;

/// Why a document could not be parsed, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

/// A duplicate object key: the later occurrence and the earlier one it repeats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateKey {
    pub key: String,
    pub span: Span,
    pub first: Span,
}

#[derive(Debug)]
pub struct Parsed {
    pub root: Node,
    pub duplicate_keys: Vec<DuplicateKey>,
}

/// Parses `text` as one JSON document.
pub fn parse(text: &str) -> Result<Parsed, SyntaxError> {
    Parser::new(text).parse_document()
}

enum Frame {
    Array {
        start: usize,
        items: Vec<Node>,
    },
    Object {
        start: usize,
        members: Vec<Member>,
        pending_key: Option<(String, Span)>,
    },
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    duplicate_keys: Vec<DuplicateKey>,
}

fn span(start: usize, end: usize) -> Span {
    Span::from_range(start..end)
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        // A UTF-8 byte order mark is not JSON, but editors on Windows write it; skip it.
        let pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Self {
            text,
            bytes: text.as_bytes(),
            pos,
            duplicate_keys: Vec::new(),
        }
    }

    fn error<T>(
        &self,
        start: usize,
        end: usize,
        message: impl Into<String>,
    ) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            message: message.into(),
            span: span(start, end.max(start)),
        })
    }

    /// Describes what is at the current position, for "found ..." messages.
    fn found(&self) -> (String, usize) {
        match self.text.get(self.pos..).and_then(|s| s.chars().next()) {
            None => ("end of file".to_string(), self.pos),
            Some(c) => {
                let end = self.pos + c.len_utf8();
                let shown = if c.is_control() {
                    format!("control character U+{:04X}", c as u32)
                } else {
                    format!("`{c}`")
                };
                (shown, end)
            }
        }
    }

    fn unexpected<T>(&self, expected: &str) -> Result<T, SyntaxError> {
        let (found, end) = self.found();
        self.error(self.pos, end, format!("expected {expected}, found {found}"))
    }

    fn skip_ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn parse_document(mut self) -> Result<Parsed, SyntaxError> {
        self.skip_ws();
        if self.peek().is_none() {
            return self.error(self.pos, self.pos, "empty document: expected a JSON value");
        }
        let root = self.parse_value_iterative()?;
        self.skip_ws();
        if self.peek().is_some() {
            let (found, end) = self.found();
            return self.error(
                self.pos,
                end,
                format!("unexpected {found} after the end of the document"),
            );
        }
        Ok(Parsed {
            root,
            duplicate_keys: self.duplicate_keys,
        })
    }

    /// Parses one value with an explicit stack instead of recursion.
    fn parse_value_iterative(&mut self) -> Result<Node, SyntaxError> {
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            // 1. Parse a value (scalar, or open a container).
            self.skip_ws();
            let mut completed: Node = match self.peek() {
                Some(b'{') => {
                    if stack.len() >= MAX_DEPTH {
                        return self.error(
                            self.pos,
                            self.pos + 1,
                            format!("document is nested deeper than {MAX_DEPTH} levels"),
                        );
                    }
                    let start = self.pos;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        Node::new(Value::Object(Vec::new()), span(start, self.pos))
                    } else {
                        let key = self.parse_key()?;
                        stack.push(Frame::Object {
                            start,
                            members: Vec::new(),
                            pending_key: Some(key),
                        });
                        continue;
                    }
                }
                Some(b'[') => {
                    if stack.len() >= MAX_DEPTH {
                        return self.error(
                            self.pos,
                            self.pos + 1,
                            format!("document is nested deeper than {MAX_DEPTH} levels"),
                        );
                    }
                    let start = self.pos;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        Node::new(Value::Array(Vec::new()), span(start, self.pos))
                    } else {
                        stack.push(Frame::Array {
                            start,
                            items: Vec::new(),
                        });
                        continue;
                    }
                }
                _ => self.parse_scalar()?,
            };

            // 2. Attach the completed value to its parent, closing containers as they end.
            loop {
                let Some(frame) = stack.last_mut() else {
                    return Ok(completed);
                };
                match frame {
                    Frame::Array { start, items } => {
                        items.push(completed);
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_ws();
                                if self.peek() == Some(b']') {
                                    return self.error(
                                        self.pos - 1,
                                        self.pos,
                                        "trailing comma before `]` is not allowed in JSON",
                                    );
                                }
                                break;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                let node = Node::new(
                                    Value::Array(std::mem::take(items)),
                                    span(*start, self.pos),
                                );
                                stack.pop();
                                completed = node;
                            }
                            _ => return self.unexpected("`,` or `]` after an array element"),
                        }
                    }
                    Frame::Object {
                        start,
                        members,
                        pending_key,
                    } => {
                        let Some((key, key_span)) = pending_key.take() else {
                            return self.error(self.pos, self.pos, "internal parser state error");
                        };
                        if let Some(first) = members.iter().find(|m| m.key == key) {
                            self.duplicate_keys.push(DuplicateKey {
                                key: key.clone(),
                                span: key_span,
                                first: first.key_span,
                            });
                        }
                        members.push(Member {
                            key,
                            key_span,
                            value: completed,
                        });
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_ws();
                                if self.peek() == Some(b'}') {
                                    return self.error(
                                        self.pos - 1,
                                        self.pos,
                                        "trailing comma before `}` is not allowed in JSON",
                                    );
                                }
                                let key = self.parse_key()?;
                                if let Some(Frame::Object { pending_key, .. }) = stack.last_mut() {
                                    *pending_key = Some(key);
                                }
                                break;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                let node = Node::new(
                                    Value::Object(std::mem::take(members)),
                                    span(*start, self.pos),
                                );
                                stack.pop();
                                completed = node;
                            }
                            _ => return self.unexpected("`,` or `}` after an object member"),
                        }
                    }
                }
            }
        }
    }

    /// Parses `"key" :` and leaves the position at the value.
    fn parse_key(&mut self) -> Result<(String, Span), SyntaxError> {
        self.skip_ws();
        if self.peek() != Some(b'"') {
            return self.unexpected("a string key in double quotes");
        }
        let start = self.pos;
        let key = self.parse_string_body()?;
        let key_span = span(start, self.pos);
        self.skip_ws();
        if self.peek() != Some(b':') {
            return self.unexpected("`:` after an object key");
        }
        self.pos += 1;
        Ok((key, key_span))
    }

    fn parse_scalar(&mut self) -> Result<Node, SyntaxError> {
        let start = self.pos;
        match self.peek() {
            Some(b'"') => {
                let s = self.parse_string_body()?;
                Ok(Node::new(Value::String(s), span(start, self.pos)))
            }
            Some(b't') => self.parse_literal("true", Value::Bool(true)),
            Some(b'f') => self.parse_literal("false", Value::Bool(false)),
            Some(b'n') => self.parse_literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.parse_number(),
            Some(b'\'') => {
                let (_, end) = self.found();
                self.error(start, end, "strings must use double quotes in JSON")
            }
            Some(b'/') => {
                let (_, end) = self.found();
                self.error(start, end, "comments are not allowed in JSON")
            }
            _ => self.unexpected("a JSON value"),
        }
    }

    fn parse_literal(&mut self, word: &str, value: Value) -> Result<Node, SyntaxError> {
        let start = self.pos;
        if self.text.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(Node::new(value, span(start, self.pos)))
        } else {
            let end = self.bytes[start..]
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .map_or(self.bytes.len(), |n| start + n);
            let end = end.max(start + 1).min(self.bytes.len());
            let shown = self.text.get(start..end).unwrap_or("?");
            self.error(
                start,
                end,
                format!("expected a JSON value, found `{shown}`"),
            )
        }
    }

    fn parse_number(&mut self) -> Result<Node, SyntaxError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                while matches!(self.peek(), Some(b'0'..=b'9')) {
                    self.pos += 1;
                }
            }
            _ => return self.error(start, self.pos.max(start + 1), "invalid number"),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return self.error(start, self.pos, "invalid number: expected digits after `.`");
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return self.error(
                    start,
                    self.pos,
                    "invalid number: expected digits in the exponent",
                );
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
        }
        let text = self.text.get(start..self.pos).unwrap_or("0").to_string();
        Ok(Node::new(Value::Number(text), span(start, self.pos)))
    }

    /// Parses a string starting at the opening quote; leaves the position after the closing one.
    fn parse_string_body(&mut self) -> Result<String, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut run_start = self.pos;
        loop {
            let Some(b) = self.peek() else {
                return self.error(open, self.pos, "unterminated string");
            };
            match b {
                b'"' => {
                    out.push_str(self.text.get(run_start..self.pos).unwrap_or(""));
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(self.text.get(run_start..self.pos).unwrap_or(""));
                    self.parse_escape(&mut out)?;
                    run_start = self.pos;
                }
                0x00..=0x1f => {
                    let what = if b == b'\n' {
                        "unterminated string (line break inside a string)".to_string()
                    } else {
                        format!("control character U+{b:04X} must be escaped inside a string")
                    };
                    return self.error(self.pos, self.pos + 1, what);
                }
                _ => self.pos += 1,
            }
        }
    }

    fn parse_escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let Some(c) = self.peek() else {
            return self.error(start, self.pos, "unterminated string");
        };
        self.pos += 1;
        let decoded = match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.parse_hex4(start)?;
                if (0xD800..0xDC00).contains(&high) {
                    if self.text.get(self.pos..self.pos + 2) != Some("\\u") {
                        return self.error(
                            start,
                            self.pos,
                            "unpaired UTF-16 surrogate in `\\u` escape",
                        );
                    }
                    self.pos += 2;
                    let low = self.parse_hex4(start)?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return self.error(
                            start,
                            self.pos,
                            "invalid UTF-16 surrogate pair in `\\u` escape",
                        );
                    }
                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    char::from_u32(code).unwrap_or('\u{fffd}')
                } else if (0xDC00..0xE000).contains(&high) {
                    return self.error(
                        start,
                        self.pos,
                        "unpaired UTF-16 surrogate in `\\u` escape",
                    );
                } else {
                    char::from_u32(high).unwrap_or('\u{fffd}')
                }
            }
            _ => {
                let end = self.text[start..]
                    .char_indices()
                    .nth(2)
                    .map_or(self.text.len(), |(i, _)| start + i);
                let shown = self.text.get(start..end).unwrap_or("\\");
                return self.error(start, end, format!("invalid escape `{shown}` in string"));
            }
        };
        out.push(decoded);
        Ok(())
    }

    fn parse_hex4(&mut self, escape_start: usize) -> Result<u32, SyntaxError> {
        let digits = self.text.get(self.pos..self.pos + 4);
        match digits.and_then(|d| {
            u32::from_str_radix(d, 16)
                .ok()
                .filter(|_| d.bytes().all(|b| b.is_ascii_hexdigit()))
        }) {
            Some(v) => {
                self.pos += 4;
                Ok(v)
            }
            None => self.error(
                escape_start,
                (self.pos + 4).min(self.bytes.len()),
                "invalid `\\u` escape: expected 4 hex digits",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, s: Span) -> &str {
        &text[s.range()]
    }

    #[test]
    fn parses_nested_values_with_spans() {
        let text = r#"{"a": [1, true, null, "x\"y"], "b": {"c": -1.5e3}}"#;
        let parsed = parse(text).expect("valid");
        let a = parsed.root.get("a").expect("a");
        assert_eq!(slice(text, a.key_span), "\"a\"");
        assert_eq!(slice(text, a.value.span), r#"[1, true, null, "x\"y"]"#);
        let items = a.value.as_array().expect("array");
        assert_eq!(items[3].as_str(), Some("x\"y"));
        assert_eq!(slice(text, items[3].span), r#""x\"y""#);
        let c = parsed
            .root
            .get("b")
            .and_then(|b| b.value.get("c"))
            .expect("c");
        assert_eq!(c.value.value, Value::Number("-1.5e3".into()));
    }

    #[test]
    fn reports_every_duplicate_key() {
        let text = r#"{"a": 1, "a": 2, "b": {"x": 1, "x": 2}}"#;
        let parsed = parse(text).expect("valid");
        let dups: Vec<_> = parsed
            .duplicate_keys
            .iter()
            .map(|d| d.key.as_str())
            .collect();
        assert_eq!(dups, ["a", "x"]);
        assert_eq!(slice(text, parsed.duplicate_keys[0].span), "\"a\"");
    }

    #[test]
    fn errors_point_at_the_offending_character() {
        let text = "{\n  \"a\": 1\n  \"b\": 2\n}";
        let err = parse(text).expect_err("missing comma");
        assert_eq!(
            err.message,
            "expected `,` or `}` after an object member, found `\"`"
        );
        assert_eq!(slice(text, err.span), "\"");
        assert_eq!(err.span.start, 13);
    }

    #[test]
    fn rejects_what_json_forbids() {
        for (text, message) in [
            ("", "empty document"),
            ("[1,]", "trailing comma"),
            ("{'a': 1}", "expected a string key"),
            ("// x\n{}", "comments are not allowed"),
            ("{\"a\": tru}", "found `tru`"),
            ("\"abc", "unterminated string"),
            ("\"a\\qb\"", "invalid escape `\\q`"),
            ("{} {}", "after the end of the document"),
            ("01", "after the end of the document"),
            ("\"\\ud800\"", "unpaired UTF-16 surrogate"),
        ] {
            let err = parse(text).expect_err(text);
            assert!(err.message.contains(message), "{text:?}: {}", err.message);
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000) + &"]".repeat(100_000);
        let err = parse(&text).expect_err("too deep");
        assert!(err.message.contains("nested deeper"));
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn unicode_escapes_decode() {
        let parsed = parse(r#""\u00e9\ud83d\ude00""#).expect("valid");
        assert_eq!(parsed.root.as_str(), Some("é😀"));
    }
}
