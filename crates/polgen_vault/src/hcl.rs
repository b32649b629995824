//! A span-preserving reader for the HCL (version 1) that Vault and OpenBao parse policies
//! with: `key = value` attributes, `key "label" { ... }` blocks, strings, heredocs,
//! numbers, booleans, lists and objects, and `#`, `//` and `/* */` comments.
//!
//! The result is the same spanned tree the JSON reader builds, shaped the way HCL 1 maps
//! to JSON: `path "secret/*" { ... }` becomes `{"path": {"secret/*": {...}}}` and repeated
//! blocks stay as repeated members, in source order. Vault's JSON policies therefore go
//! through the same model builder.
//!
//! Written by hand rather than with an HCL 2 crate because Vault's grammar is HCL 1: HCL 2
//! readers disagree with it on details (HCL 1 needs commas in lists, allows commas between
//! object items, reads `key "label" = value`), and polgen must report exactly what Vault
//! would reject, at the right position.

use polgen_policy::{Member, Node, SyntaxError, Value};
use polgen_source::Span;

/// Lists and objects nested deeper than this are rejected instead of risking the stack.
pub const MAX_DEPTH: usize = 64;

/// Parses `text` as an HCL 1 body (a list of items at the top level).
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let members = parser.object_body(None)?;
    Ok(Node::new(
        Value::Object(members),
        Span::from_range(0..text.len()),
    ))
}

fn error(message: impl Into<String>, start: usize, end: usize) -> SyntaxError {
    SyntaxError {
        message: message.into(),
        span: Span::from_range(start..end.max(start)),
    }
}

/// What the next significant token is, without consuming it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Peek {
    Eof,
    Ident,
    Str,
    Heredoc,
    Number,
    Punct(u8),
    Other,
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn byte(&self, at: usize) -> Option<u8> {
        self.bytes.get(at).copied()
    }

    /// Skips whitespace and comments; an unterminated `/*` is an error.
    fn skip_trivia(&mut self) -> Result<(), SyntaxError> {
        loop {
            match self.byte(self.pos) {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.pos += 1,
                Some(b'#') => self.skip_line(),
                Some(b'/') if self.byte(self.pos + 1) == Some(b'/') => self.skip_line(),
                Some(b'/') if self.byte(self.pos + 1) == Some(b'*') => {
                    let start = self.pos;
                    match self.text.get(self.pos + 2..).and_then(|t| t.find("*/")) {
                        Some(end) => self.pos += 2 + end + 2,
                        None => {
                            return Err(error(
                                "unterminated comment: `/*` has no closing `*/`",
                                start,
                                start + 2,
                            ));
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn skip_line(&mut self) {
        while let Some(b) = self.byte(self.pos) {
            if b == b'\n' {
                break;
            }
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Result<Peek, SyntaxError> {
        self.skip_trivia()?;
        Ok(match self.byte(self.pos) {
            None => Peek::Eof,
            Some(b'"') => Peek::Str,
            Some(b'<') if self.byte(self.pos + 1) == Some(b'<') => Peek::Heredoc,
            Some(b'-' | b'0'..=b'9') => Peek::Number,
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => Peek::Ident,
            Some(b @ (b'{' | b'}' | b'[' | b']' | b'=' | b',')) => Peek::Punct(b),
            Some(_) => Peek::Other,
        })
    }

    /// The character at the cursor, for "found ..." messages, and its byte length.
    fn found(&self) -> (String, usize) {
        match self.text.get(self.pos..).and_then(|t| t.chars().next()) {
            None => ("the end of the file".to_string(), 0),
            Some(c) => (format!("`{c}`"), c.len_utf8()),
        }
    }

    fn unexpected(&self, expected: &str) -> SyntaxError {
        let (found, len) = self.found();
        error(
            format!("expected {expected}, found {found}"),
            self.pos,
            self.pos + len,
        )
    }

    fn enter(&mut self, at: usize) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(error(
                format!("nested deeper than {MAX_DEPTH} levels"),
                at,
                at + 1,
            ));
        }
        Ok(())
    }

    /// Items up to `close` (`}`), or to the end of the file at the top level.
    fn object_body(&mut self, close: Option<usize>) -> Result<Vec<Member>, SyntaxError> {
        let mut members = Vec::new();
        loop {
            match self.peek()? {
                Peek::Eof => {
                    return match close {
                        None => Ok(members),
                        Some(open) => Err(error(
                            "unclosed `{`: the file ends before its `}`",
                            open,
                            open + 1,
                        )),
                    };
                }
                Peek::Punct(b'}') => {
                    return match close {
                        Some(_) => {
                            self.pos += 1;
                            Ok(members)
                        }
                        None => Err(error(
                            "unexpected `}` with no `{` to close",
                            self.pos,
                            self.pos + 1,
                        )),
                    };
                }
                Peek::Ident | Peek::Str => {
                    members.push(self.item()?);
                    // HCL 1 allows a comma between object items.
                    if self.peek()? == Peek::Punct(b',') {
                        self.pos += 1;
                    }
                }
                _ => return Err(self.unexpected("a key (a name or a quoted string)")),
            }
        }
    }

    /// One item: one or more keys, then `= value` or a `{ body }`.
    fn item(&mut self) -> Result<Member, SyntaxError> {
        let mut keys: Vec<(String, Span)> = vec![self.key()?];
        loop {
            match self.peek()? {
                Peek::Ident | Peek::Str => {
                    let (key, span) = self.key()?;
                    // Each key after the first is one more level of nesting (see `nest`).
                    if self.depth + keys.len() >= MAX_DEPTH {
                        return Err(error(
                            format!("nested deeper than {MAX_DEPTH} levels"),
                            span.start as usize,
                            span.end as usize,
                        ));
                    }
                    keys.push((key, span));
                }
                Peek::Punct(b'=') => {
                    self.pos += 1;
                    if self.peek()? == Peek::Eof {
                        return Err(self.unexpected("a value after `=`"));
                    }
                    let value = self.value()?;
                    return Ok(nest(keys, value));
                }
                Peek::Punct(b'{') => {
                    let value = self.object()?;
                    return Ok(nest(keys, value));
                }
                _ => {
                    let (name, _) = keys.last().cloned().unwrap_or_default();
                    return Err(self.unexpected(&format!("`=` or `{{` after `{name}`")));
                }
            }
        }
    }

    fn key(&mut self) -> Result<(String, Span), SyntaxError> {
        match self.peek()? {
            Peek::Ident => {
                let start = self.pos;
                while let Some(b) = self.byte(self.pos) {
                    if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.') {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                let name = self.text.get(start..self.pos).unwrap_or("").to_string();
                Ok((name, Span::from_range(start..self.pos)))
            }
            Peek::Str => {
                let node = self.string()?;
                match node.value {
                    Value::String(s) => Ok((s, node.span)),
                    _ => Ok((String::new(), node.span)),
                }
            }
            _ => Err(self.unexpected("a key")),
        }
    }

    fn value(&mut self) -> Result<Node, SyntaxError> {
        match self.peek()? {
            Peek::Str => self.string(),
            Peek::Heredoc => self.heredoc(),
            Peek::Number => self.number(),
            Peek::Punct(b'[') => self.list(),
            Peek::Punct(b'{') => self.object(),
            Peek::Ident => {
                let start = self.pos;
                let (word, span) = self.key()?;
                match word.as_str() {
                    "true" => Ok(Node::new(Value::Bool(true), span)),
                    "false" => Ok(Node::new(Value::Bool(false), span)),
                    _ => Err(error(
                        format!(
                            "unexpected `{word}`: a value must be a quoted string, a number, `true`, `false`, a list or an object"
                        ),
                        start,
                        self.pos,
                    )),
                }
            }
            _ => Err(self.unexpected("a value")),
        }
    }

    fn object(&mut self) -> Result<Node, SyntaxError> {
        let open = self.pos;
        self.enter(open)?;
        self.pos += 1;
        let members = self.object_body(Some(open))?;
        self.depth -= 1;
        Ok(Node::new(
            Value::Object(members),
            Span::from_range(open..self.pos),
        ))
    }

    fn list(&mut self) -> Result<Node, SyntaxError> {
        let open = self.pos;
        self.enter(open)?;
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            match self.peek()? {
                Peek::Punct(b']') => {
                    self.pos += 1;
                    break;
                }
                Peek::Eof => {
                    return Err(error(
                        "unclosed `[`: the file ends before its `]`",
                        open,
                        open + 1,
                    ));
                }
                _ => {
                    items.push(self.value()?);
                    match self.peek()? {
                        Peek::Punct(b',') => self.pos += 1,
                        Peek::Punct(b']') => {}
                        _ => return Err(self.unexpected("`,` or `]` after a list item")),
                    }
                }
            }
        }
        self.depth -= 1;
        Ok(Node::new(
            Value::Array(items),
            Span::from_range(open..self.pos),
        ))
    }

    fn number(&mut self) -> Result<Node, SyntaxError> {
        let start = self.pos;
        if self.byte(self.pos) == Some(b'-') {
            self.pos += 1;
        }
        let digits_start = self.pos;
        while let Some(b) = self.byte(self.pos) {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-') {
                self.pos += 1;
            } else {
                break;
            }
        }
        let raw = self.text.get(start..self.pos).unwrap_or("");
        let body = self.text.get(digits_start..self.pos).unwrap_or("");
        let valid = is_number(body);
        if !valid {
            return Err(error(format!("invalid number `{raw}`"), start, self.pos));
        }
        Ok(Node::new(
            Value::Number(raw.to_string()),
            Span::from_range(start..self.pos),
        ))
    }

    /// A quoted string; HCL 1 lets `${ ... }` interpolations contain quotes.
    fn string(&mut self) -> Result<Node, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut braces = 0usize;
        loop {
            let Some(c) = self.text.get(self.pos..).and_then(|t| t.chars().next()) else {
                return Err(error(
                    "unterminated string: the file ends before its closing `\"`",
                    start,
                    start + 1,
                ));
            };
            match c {
                '"' if braces == 0 => {
                    self.pos += 1;
                    break;
                }
                '\n' => {
                    return Err(error(
                        "unterminated string: a quoted string cannot span lines (use a heredoc)",
                        start,
                        self.pos,
                    ));
                }
                '\\' => {
                    self.escape(&mut out)?;
                    continue;
                }
                '$' if self.byte(self.pos + 1) == Some(b'{') => {
                    braces += 1;
                    out.push_str("${");
                    self.pos += 2;
                    continue;
                }
                '{' if braces > 0 => braces += 1,
                '}' if braces > 0 => braces -= 1,
                _ => {}
            }
            out.push(c);
            self.pos += c.len_utf8();
        }
        Ok(Node::new(
            Value::String(out),
            Span::from_range(start..self.pos),
        ))
    }

    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let at = self.pos;
        let Some(c) = self.text.get(self.pos + 1..).and_then(|t| t.chars().next()) else {
            return Err(error("unterminated escape sequence", at, at + 1));
        };
        self.pos += 1 + c.len_utf8();
        match c {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '\'' => out.push('\''),
            'u' | 'U' => {
                let len = if c == 'u' { 4 } else { 8 };
                let hex = self.text.get(self.pos..self.pos + len).unwrap_or("");
                let decoded = (hex.len() == len)
                    .then(|| u32::from_str_radix(hex, 16).ok())
                    .flatten()
                    .and_then(char::from_u32);
                match decoded {
                    Some(ch) => {
                        out.push(ch);
                        self.pos += len;
                    }
                    None => {
                        return Err(error(
                            format!(
                                "invalid unicode escape: `\\{c}` needs {len} hexadecimal digits"
                            ),
                            at,
                            self.pos,
                        ));
                    }
                }
            }
            _ => {
                return Err(error(
                    format!("unknown escape sequence `\\{c}`"),
                    at,
                    self.pos,
                ));
            }
        }
        Ok(())
    }

    /// `<<EOF ... EOF` or `<<-EOF ... EOF` (indented closing marker).
    fn heredoc(&mut self) -> Result<Node, SyntaxError> {
        let start = self.pos;
        self.pos += 2;
        let indented = self.byte(self.pos) == Some(b'-');
        if indented {
            self.pos += 1;
        }
        let marker_start = self.pos;
        while let Some(b) = self.byte(self.pos) {
            if b.is_ascii_alphanumeric() || b == b'_' {
                self.pos += 1;
            } else {
                break;
            }
        }
        let marker = self.text.get(marker_start..self.pos).unwrap_or("");
        if marker.is_empty() {
            return Err(error(
                "a heredoc needs a marker: `<<EOF`",
                start,
                self.pos + 1,
            ));
        }
        // The marker must end its line.
        let rest_of_line_end = self
            .text
            .get(self.pos..)
            .and_then(|t| t.find('\n'))
            .map_or(self.text.len(), |i| self.pos + i);
        if !self
            .text
            .get(self.pos..rest_of_line_end)
            .unwrap_or("")
            .trim()
            .is_empty()
        {
            return Err(error(
                format!("the heredoc marker `{marker}` must end its line"),
                start,
                rest_of_line_end,
            ));
        }
        let mut line_start = rest_of_line_end + 1;
        let mut lines: Vec<&str> = Vec::new();
        while line_start <= self.text.len() {
            let line_end = self
                .text
                .get(line_start..)
                .and_then(|t| t.find('\n'))
                .map_or(self.text.len(), |i| line_start + i);
            let line = self.text.get(line_start..line_end).unwrap_or("");
            let bare = line.trim_end_matches('\r');
            let candidate = if indented { bare.trim_start() } else { bare };
            if candidate == marker {
                self.pos = line_start + line.trim_end_matches('\r').len();
                let body = if indented {
                    dedent(&lines)
                } else {
                    lines.iter().map(|l| format!("{l}\n")).collect()
                };
                return Ok(Node::new(
                    Value::String(body),
                    Span::from_range(start..self.pos),
                ));
            }
            lines.push(line);
            line_start = line_end + 1;
        }
        Err(error(
            format!("unterminated heredoc: no line `{marker}` closes it"),
            start,
            marker_start + marker.len(),
        ))
    }
}

/// `<<-` heredocs drop the indentation common to all lines.
fn dedent(lines: &[&str]) -> String {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| format!("{}\n", l.get(indent..).unwrap_or(l.trim_start())))
        .collect()
}

fn is_number(body: &str) -> bool {
    if let Some(hex) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        return !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mut parts = mantissa.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(int)
        && frac.is_none_or(digits)
        && exponent.is_none_or(|e| digits(e.trim_start_matches(['+', '-'])))
}

/// `a "b" "c" = v` is `a = { "b" = { "c" = v } }` in HCL 1.
fn nest(mut keys: Vec<(String, Span)>, mut value: Node) -> Member {
    while keys.len() > 1 {
        let Some((key, key_span)) = keys.pop() else {
            break;
        };
        let span = key_span.cover(value.span);
        value = Node::new(
            Value::Object(vec![Member {
                key,
                key_span,
                value,
            }]),
            span,
        );
    }
    let (key, key_span) = keys.pop().unwrap_or_default();
    Member {
        key,
        key_span,
        value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, span: Span) -> &str {
        &text[span.range()]
    }

    #[test]
    fn blocks_become_nested_objects_with_spans() {
        let text = "# c\npath \"secret/*\" {\n  capabilities = [\"read\", \"list\",]\n}\n";
        let root = parse(text).expect("test input");
        let top = root.as_object().expect("test input");
        assert_eq!(top.len(), 1);
        assert_eq!(top[0].key, "path");
        let inner = top[0].value.as_object().expect("test input");
        assert_eq!(inner[0].key, "secret/*");
        assert_eq!(slice(text, inner[0].key_span), "\"secret/*\"");
        let body = &inner[0].value;
        let caps = body.get("capabilities").expect("test input");
        let items = caps.value.as_array().expect("test input");
        assert_eq!(items.len(), 2);
        assert_eq!(slice(text, items[1].span), "\"list\"");
    }

    #[test]
    fn reads_comments_heredocs_numbers_and_nested_objects() {
        let text = "/* a */ name = \"x\" // b\npath \"a\" { min_wrapping_ttl = 300, max_wrapping_ttl = \"1h\"\n allowed_parameters = { \"k\" = [] \"m\" = [{\"a\" = \"b\"}] } }\nx = <<-EOT\n    hello\n      world\n    EOT\n";
        let root = parse(text).expect("test input");
        let x = root.get("x").expect("test input");
        assert_eq!(x.value.as_str(), Some("hello\n  world\n"));
        let path = root
            .get("path")
            .expect("test input")
            .value
            .get("a")
            .expect("test input");
        assert_eq!(
            path.value
                .get("min_wrapping_ttl")
                .expect("test input")
                .value
                .value,
            Value::Number("300".into())
        );
    }

    #[test]
    fn errors_point_at_the_problem() {
        let cases = [
            (
                "path \"a\" {\n  capabilities = [\"read\" \"list\"]\n}",
                "expected `,` or `]`",
                "\"",
            ),
            ("path \"a\" {\n", "unclosed `{`", "{"),
            ("path \"a {}\n", "unterminated string", "\"a {}"),
            ("path \"a\" { policy = read }", "unexpected `read`", "read"),
            ("/* open", "unterminated comment", "/*"),
            ("x = <<EOF\nabc\n", "unterminated heredoc", "<<EOF"),
            ("}", "unexpected `}`", "}"),
            ("path \"a\" [", "expected `=` or `{` after `a`", "["),
        ];
        for (text, message, under) in cases {
            let err = parse(text).expect_err("error");
            assert!(err.message.contains(message), "{text}: {}", err.message);
            assert_eq!(slice(text, err.span), under, "{text}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = format!("a = {}", "[".repeat(10_000));
        assert!(parse(&text).expect_err("error").message.contains("nested"));
    }

    #[test]
    fn a_long_key_chain_is_an_error_not_a_crash() {
        // Each key nests one level: `path "s" a a a {}` is `path = { s = { a = { ... } } }`.
        let text = format!("path \"s\" {} {{}}", "a ".repeat(6_000));
        let err = parse(&text).expect_err("error");
        assert_eq!(
            err.message,
            format!("nested deeper than {MAX_DEPTH} levels")
        );
        assert_eq!(slice(&text, err.span), "a");
        let fits = format!("path {} {{}}", "a ".repeat(MAX_DEPTH - 2));
        assert!(parse(&fits).is_ok());
    }

    #[test]
    fn interpolations_may_contain_quotes() {
        let root = parse("a = \"${lookup(x, \"k\")}/b\"").expect("test input");
        assert_eq!(
            root.get("a").expect("test input").value.as_str(),
            Some("${lookup(x, \"k\")}/b")
        );
    }
}
