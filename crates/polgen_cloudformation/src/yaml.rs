//! YAML to the spanned value tree. Short-form tags become their long form
//! (`!Sub x` → `{"Fn::Sub": x}`, `!Ref x` → `{"Ref": x}`) so one resolver serves JSON and
//! YAML templates; spans are byte offsets (the YAML parser counts characters).

use std::borrow::Cow;
use std::collections::HashMap;

use polgen_iac::HostSyntaxError;
use polgen_policy::json::MAX_DEPTH;
use polgen_policy::{Member, Node, Value};
use polgen_source::Span;
use saphyr_parser::{Event, Parser, ScalarStyle, Tag};

/// A YAML document as a value tree, with the duplicate keys seen.
pub struct YamlDocument {
    pub root: Node,
    pub duplicates: Vec<HostSyntaxError>,
}

/// Converts the parser's character indices to byte offsets.
struct Offsets {
    /// Byte offset of each character, for non-ASCII texts only.
    table: Option<Vec<u32>>,
    len: u32,
}

impl Offsets {
    fn new(text: &str) -> Self {
        let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
        let table = (!text.is_ascii()).then(|| {
            text.char_indices()
                .map(|(i, _)| u32::try_from(i).unwrap_or(u32::MAX))
                .chain(std::iter::once(len))
                .collect()
        });
        Self { table, len }
    }

    fn byte(&self, char_index: usize) -> u32 {
        match &self.table {
            None => u32::try_from(char_index).unwrap_or(u32::MAX).min(self.len),
            Some(t) => t.get(char_index).copied().unwrap_or(self.len),
        }
    }
}

enum Frame {
    Seq {
        start: u32,
        tag: Option<(String, u32)>,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: u32,
        tag: Option<(String, u32)>,
        anchor: usize,
        members: Vec<Member>,
        key: Option<(String, Span)>,
    },
}

impl Frame {
    /// How many children are attached: the index the next one takes.
    fn len(&self) -> usize {
        match self {
            Frame::Seq { items, .. } => items.len(),
            Frame::Map { members, .. } => members.len(),
        }
    }

    fn child(&self, index: usize) -> Option<&Node> {
        match self {
            Frame::Seq { items, .. } => items.get(index),
            Frame::Map { members, .. } => members.get(index).map(|m| &m.value),
        }
    }
}

/// Anchored nodes, found by where they sit in the tree being built rather than copied when
/// defined (an anchor on every level of a deep file would copy it quadratically): the index of
/// the child taken at each level from the root. A copy is made only for an alias.
#[derive(Default)]
struct Anchors {
    paths: HashMap<usize, Vec<u32>>,
    /// Anchored mapping keys, which are not kept as nodes: scalars (a list or mapping as a key
    /// is refused), so a copy costs what their text does.
    keys: HashMap<usize, Node>,
}

impl Anchors {
    /// Records that the node about to be attached to the innermost frame of `stack` (or be the
    /// root) carries `anchor`.
    fn define(&mut self, anchor: usize, stack: &[Frame]) {
        let path = stack
            .iter()
            .map(|f| u32::try_from(f.len()).unwrap_or(u32::MAX))
            .collect();
        self.paths.insert(anchor, path);
    }

    /// The node `anchor` names, if it is complete.
    fn find<'a>(&'a self, anchor: usize, stack: &'a [Frame]) -> Option<&'a Node> {
        if let Some(key) = self.keys.get(&anchor) {
            return Some(key);
        }
        let path = self.paths.get(&anchor)?;
        // Through the open frames while the path follows them, then into a complete node.
        let mut level = 0;
        let mut node = loop {
            let frame = stack.get(level)?;
            let index = *path.get(level)? as usize;
            if index < frame.len() {
                break frame.child(index)?;
            }
            level += 1;
        };
        for &index in path.get(level + 1..)? {
            node = match &node.value {
                Value::Array(items) => items.get(index as usize)?,
                Value::Object(members) => &members.get(index as usize)?.value,
                _ => return None,
            };
        }
        Some(node)
    }
}

/// The intrinsic-function key a short-form tag stands for, with where the tag starts.
fn tag_key(text: &str, tag: Option<&Cow<'_, Tag>>, value_start: u32) -> Option<(String, u32)> {
    let tag = tag?;
    if tag.handle != "!" {
        return None;
    }
    let key = match tag.suffix.as_str() {
        "Ref" => "Ref".to_string(),
        "Condition" => "Condition".to_string(),
        other => format!("Fn::{other}"),
    };
    // The tag is written just before the value: find it to start the span there.
    let before = text.get(..value_start as usize).unwrap_or("").trim_end();
    let written = format!("!{}", tag.suffix);
    let start = if before.ends_with(&written) {
        u32::try_from(before.len() - written.len()).unwrap_or(value_start)
    } else {
        value_start
    };
    Some((key, start))
}

fn wrap(node: Node, tag: Option<(String, u32)>) -> Node {
    match tag {
        None => node,
        Some((key, start)) => {
            let key_end = start + u32::try_from(key.len().min(64)).unwrap_or(0);
            let span = Span::new(start.min(node.span.start), node.span.end);
            Node::new(
                Value::Object(vec![Member {
                    key,
                    key_span: Span::new(start, key_end.min(node.span.start.max(start))),
                    value: node,
                }]),
                span,
            )
        }
    }
}

/// The end of the quoted scalar starting at `start`: the parser's span may run on over a
/// trailing comment.
fn quoted_end(text: &str, start: u32, end: u32) -> u32 {
    let Some(body) = text.get(start as usize..end as usize) else {
        return end;
    };
    let mut chars = body.char_indices();
    let Some((_, quote)) = chars.next() else {
        return end;
    };
    let mut escaped = false;
    while let Some((i, c)) = chars.next() {
        if quote == '"' {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                return start + u32::try_from(i + 1).unwrap_or(0);
            }
        } else if c == '\'' {
            // `''` is an escaped quote inside a single-quoted scalar.
            if body[i + 1..].starts_with('\'') {
                chars.next();
            } else {
                return start + u32::try_from(i + 1).unwrap_or(0);
            }
        }
    }
    end
}

/// Joins lines that start with a closing `]` or `}` to the line before (the line break
/// becomes a space, so offsets do not move). CloudFormation and PyYAML accept a closing
/// bracket at the indentation of its key, which strict YAML rejects.
fn join_closing_brackets(text: &str) -> Option<String> {
    let mut bytes = text.as_bytes().to_vec();
    let mut changed = false;
    let mut line_start = 0;
    let mut prev_has_comment = true;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        if i > 0 && !prev_has_comment && (trimmed.starts_with(']') || trimmed.starts_with('}')) {
            if let Some(b) = bytes.get_mut(line_start - 1) {
                *b = b' ';
                changed = true;
            }
            if line_start >= 2 && bytes.get(line_start - 2) == Some(&b'\r') {
                bytes[line_start - 2] = b' ';
            }
        }
        prev_has_comment = line.contains('#');
        line_start += line.len();
    }
    if !changed {
        return None;
    }
    String::from_utf8(bytes).ok()
}

/// The most values alias copies may add to a document.
const MAX_ALIAS_NODES: usize = 1_000_000;

fn node_count(node: &Node) -> usize {
    1 + match &node.value {
        Value::Array(items) => items.iter().map(node_count).sum(),
        Value::Object(members) => members.iter().map(|m| node_count(&m.value)).sum(),
        _ => 0,
    }
}

fn plain_scalar(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ if is_number(s) => Value::Number(s.to_string()),
        _ => Value::String(s.to_string()),
    }
}

fn is_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    !digits.is_empty()
        && digits.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && digits.parse::<f64>().is_ok()
        && !digits.contains(['e', 'E', 'i', 'n'])
}

/// Parses the first YAML document of `text`.
pub fn parse(text: &str) -> Result<YamlDocument, HostSyntaxError> {
    match parse_strict(text) {
        Err(err) if err.message.contains("indentation") => match join_closing_brackets(text) {
            Some(joined) => parse_strict(&joined).map_err(|_| err),
            None => Err(err),
        },
        other => other,
    }
}

fn parse_strict(text: &str) -> Result<YamlDocument, HostSyntaxError> {
    let offsets = Offsets::new(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors = Anchors::default();
    let mut expanded: usize = 0;
    let mut duplicates = Vec::new();
    let mut root: Option<Node> = None;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| HostSyntaxError {
            span: Span::empty_at(offsets.byte(e.marker().index())),
            message: format!("invalid YAML: {}", e.info()),
            context: None,
            first: None,
        })?;
        let start = offsets.byte(span.start.index());
        let end = offsets.byte(span.end.index());
        let done = match event {
            Event::Scalar(value, style, anchor, tag) => {
                let v = if style == ScalarStyle::Plain && tag.is_none() {
                    plain_scalar(&value)
                } else {
                    Value::String(value.into_owned())
                };
                let end = match style {
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                        quoted_end(text, start, end)
                    }
                    _ => end,
                };
                let node = wrap(
                    Node::new(v, Span::new(start, end)),
                    tag_key(text, tag.as_ref(), start),
                );
                Some((node, anchor))
            }
            Event::Alias(id) => {
                let node = anchors.find(id, &stack);
                // Aliases of aliases grow exponentially ("billion laughs"): cap the copies.
                expanded += node.map_or(1, node_count);
                if expanded > MAX_ALIAS_NODES {
                    return Err(HostSyntaxError {
                        span: Span::new(start, end),
                        message: format!(
                            "YAML aliases expand to more than {MAX_ALIAS_NODES} values; not read"
                        ),
                        context: None,
                        first: None,
                    });
                }
                let copy = node
                    .cloned()
                    .map(|mut n| {
                        n.span = Span::new(start, end);
                        n
                    })
                    .unwrap_or_else(|| Node::new(Value::Null, Span::new(start, end)));
                Some((copy, 0))
            }
            Event::SequenceStart(..) | Event::MappingStart(..) if stack.len() >= MAX_DEPTH => {
                return Err(HostSyntaxError {
                    span: Span::new(start, end.max(start + 1)),
                    message: format!("nested deeper than {MAX_DEPTH} levels"),
                    context: None,
                    first: None,
                });
            }
            Event::SequenceStart(..) | Event::MappingStart(..)
                if matches!(stack.last(), Some(Frame::Map { key: None, .. })) =>
            {
                return Err(HostSyntaxError {
                    span: Span::new(start, end.max(start + 1)),
                    message: "a list or mapping as a key: CloudFormation keys are strings"
                        .to_owned(),
                    context: None,
                    first: None,
                });
            }
            Event::SequenceStart(anchor, tag) => {
                stack.push(Frame::Seq {
                    start,
                    tag: tag_key(text, tag.as_ref(), start),
                    anchor,
                    items: Vec::new(),
                });
                None
            }
            Event::MappingStart(anchor, tag) => {
                stack.push(Frame::Map {
                    start,
                    tag: tag_key(text, tag.as_ref(), start),
                    anchor,
                    members: Vec::new(),
                    key: None,
                });
                None
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq {
                    start: s,
                    tag,
                    anchor,
                    items,
                }) => {
                    let last = items.last().map_or(end, |n| n.span.end);
                    let first = items.first().map_or(s, |n| n.span.start.min(s));
                    // Flow sequences end with `]`, block ones at their last item.
                    let stop = if text.as_bytes().get(end.saturating_sub(1) as usize) == Some(&b']')
                    {
                        end.max(last)
                    } else {
                        last
                    };
                    let node = wrap(
                        Node::new(Value::Array(items), Span::new(first, stop.max(first))),
                        tag,
                    );
                    Some((node, anchor))
                }
                _ => None,
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map {
                    start: s,
                    tag,
                    anchor,
                    members,
                    ..
                }) => {
                    let last = members.last().map_or(end, |m| m.value.span.end);
                    let stop = if text.as_bytes().get(end.saturating_sub(1) as usize) == Some(&b'}')
                    {
                        end.max(last)
                    } else {
                        last
                    };
                    let node = wrap(
                        Node::new(Value::Object(members), Span::new(s, stop.max(s))),
                        tag,
                    );
                    Some((node, anchor))
                }
                _ => None,
            },
            Event::DocumentEnd => break,
            _ => None,
        };
        let Some((node, anchor)) = done else { continue };
        let is_key = matches!(stack.last(), Some(Frame::Map { key: None, .. }));
        if anchor > 0 {
            if is_key {
                anchors.paths.remove(&anchor);
                anchors.keys.insert(anchor, node.clone());
            } else {
                anchors.keys.remove(&anchor);
                anchors.define(anchor, &stack);
            }
        }
        match stack.last_mut() {
            None => {
                root = Some(node);
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { members, key, .. }) => match key.take() {
                None => {
                    let text_key = match &node.value {
                        Value::String(s) | Value::Number(s) => s.clone(),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => String::new(),
                        _ => text.get(node.span.range()).unwrap_or("").to_string(),
                    };
                    *key = Some((text_key, node.span));
                }
                Some((k, key_span)) => {
                    if let Some(first) = members.iter().find(|m| m.key == k) {
                        duplicates.push(HostSyntaxError {
                            span: key_span,
                            message: format!("duplicate key `{k}`"),
                            context: None,
                            first: Some(first.key_span),
                        });
                    }
                    members.push(Member {
                        key: k,
                        key_span,
                        value: node,
                    });
                }
            },
        }
    }
    Ok(YamlDocument {
        root: root.unwrap_or_else(|| Node::new(Value::Null, Span::empty_at(0))),
        duplicates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_long_form_with_spans_from_the_tag() {
        let text = "A:\n  B: !Sub \"arn:${X}\"\n  C: !GetAtt [R, Arn]\n  D: 12\n";
        let doc = parse(text).expect("yaml");
        let b = &doc
            .root
            .get("A")
            .expect("A")
            .value
            .get("B")
            .expect("B")
            .value;
        assert_eq!(&text[b.span.range()], "!Sub \"arn:${X}\"");
        let sub = b.get("Fn::Sub").expect("Fn::Sub");
        assert_eq!(sub.value.as_str(), Some("arn:${X}"));
        let c = &doc
            .root
            .get("A")
            .expect("A")
            .value
            .get("C")
            .expect("C")
            .value;
        assert_eq!(&text[c.span.range()], "!GetAtt [R, Arn]");
        let d = &doc
            .root
            .get("A")
            .expect("A")
            .value
            .get("D")
            .expect("D")
            .value;
        assert_eq!(d.value, Value::Number("12".into()));
    }

    #[test]
    fn quoted_spans_stop_at_the_quote_and_brackets_may_close_at_key_indentation() {
        let text = "A:\n  - 'x:*' # comment\n  B: [\n    1\n  ]\n";
        let text = text.replace("  - 'x:*' # comment\n  B", "  X: 'x:*' # comment\n  B");
        let doc = parse(&text).expect("accepted like CloudFormation does");
        let x = &doc
            .root
            .get("A")
            .expect("A")
            .value
            .get("X")
            .expect("X")
            .value;
        assert_eq!(&text[x.span.range()], "'x:*'");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let err = parse(&text).err().expect("refused");
        assert!(err.message.contains("aliases expand"), "{err:?}");
        // Ordinary aliases are fine.
        let doc = parse("a: &x {k: v}\nb: *x\n").expect("yaml");
        assert!(doc.root.get("b").is_some());
    }

    #[test]
    fn non_ascii_offsets_are_bytes() {
        let text = "é: x\nb: !Ref Y\n";
        let doc = parse(text).expect("yaml");
        let b = &doc.root.get("b").expect("b").value;
        assert_eq!(&text[b.span.range()], "!Ref Y");
    }

    #[test]
    fn errors_and_duplicates_have_positions() {
        let err = parse("a: [1, 2\nb: c\n").err().expect("unclosed");
        assert!(err.message.starts_with("invalid YAML"), "{err:?}");
        let doc = parse("a: 1\na: 2\n").expect("yaml");
        assert_eq!(doc.duplicates.len(), 1);
        assert_eq!(doc.duplicates[0].span, Span::new(5, 6));
    }
}
