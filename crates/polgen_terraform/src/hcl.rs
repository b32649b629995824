//! HCL expressions and bodies to the spanned value tree. Anything evaluated by Terraform
//! (references, function calls other than `jsonencode`, interpolations) becomes an
//! unknown value; a string with interpolations keeps its shape (`arn:aws:s3:::*/*`).

use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Body, Structure};
use hcl_edit::template::Element;
use polgen_policy::{Member, Node, Origin, Part, Unknown, Value};
use polgen_source::Span;

pub(crate) fn span_of(range: Option<std::ops::Range<usize>>) -> Span {
    range.map(Span::from_range).unwrap_or_default()
}

/// The first line of the text under `span`, shortened, for messages.
pub(crate) fn display(text: &str, span: Span) -> String {
    let written = text.get(span.range()).unwrap_or("").trim();
    let line = written.lines().next().unwrap_or("");
    if line.chars().count() > 60 {
        format!("{}...", line.chars().take(57).collect::<String>())
    } else {
        line.to_string()
    }
}

fn unknown(text: &str, span: Span, pattern: Option<String>) -> Node {
    Node::new(
        Value::Unknown(Unknown::new(display(text, span), pattern)),
        span,
    )
}

/// What a Terraform reference (`var.x`, `aws_s3_bucket.logs.arn`,
/// `data.aws_caller_identity.current.account_id`) is built from. A variable's default is
/// filled in later from the file's `variable` blocks ([`fill_defaults`]).
pub fn origin(reference: &str) -> Option<Origin> {
    let reference = reference.trim();
    if reference.is_empty()
        || !reference
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    {
        return None;
    }
    let segments: Vec<&str> = reference.split('.').collect();
    match segments.as_slice() {
        ["var", _] => Some(Origin::Input { default: None }),
        ["data", "aws_caller_identity", _, "account_id"] => Some(Origin::OwnAccount),
        [ty, _, _, ..] if ty.starts_with("aws_") => Some(Origin::Resource {
            ty: (*ty).to_string(),
        }),
        _ => None,
    }
}

/// A part standing for `reference` at `at` of a pattern, when its origin is known.
pub fn part(reference: &str, at: usize) -> Option<Part> {
    origin(reference).map(|origin| Part {
        at,
        reference: reference.trim().to_string(),
        origin,
    })
}

/// Gives every `var.NAME` part of `node` the default its `variable` block writes.
pub fn fill_defaults(node: &mut Node, defaults: &std::collections::HashMap<String, String>) {
    match &mut node.value {
        Value::Array(items) => items.iter_mut().for_each(|n| fill_defaults(n, defaults)),
        Value::Object(members) => members
            .iter_mut()
            .for_each(|m| fill_defaults(&mut m.value, defaults)),
        Value::Unknown(u) => {
            for p in &mut u.parts {
                if let Origin::Input { default } = &mut p.origin {
                    *default = defaults.get(&p.reference).cloned();
                }
            }
        }
        _ => {}
    }
}

/// Converts an expression; `jsonencode(x)` is `x` itself (its JSON is what a policy
/// attribute receives).
pub fn expr_to_node(expr: &Expression, text: &str) -> Node {
    let span = span_of(expr.span());
    match expr {
        Expression::Null(_) => Node::new(Value::Null, span),
        Expression::Bool(b) => Node::new(Value::Bool(*b.value()), span),
        Expression::Number(n) => Node::new(Value::Number(n.value().to_string()), span),
        Expression::String(s) => Node::new(Value::String(s.value().to_string()), span),
        Expression::Array(items) => Node::new(
            Value::Array(items.iter().map(|e| expr_to_node(e, text)).collect()),
            span,
        ),
        Expression::Object(object) => {
            let members = object
                .iter()
                .map(|(key, value)| {
                    let (name, key_span) = match key {
                        ObjectKey::Ident(ident) => {
                            (ident.value().to_string(), span_of(ident.span()))
                        }
                        ObjectKey::Expression(e) => {
                            let ks = span_of(e.span());
                            let name = e.as_str().map_or_else(|| display(text, ks), str::to_string);
                            (name, ks)
                        }
                    };
                    Member {
                        key: name,
                        key_span,
                        value: expr_to_node(value.expr(), text),
                    }
                })
                .collect();
            Node::new(Value::Object(members), span)
        }
        Expression::StringTemplate(template) => template_to_node(template.iter(), text, span),
        Expression::HeredocTemplate(heredoc) => {
            template_to_node(heredoc.template.iter(), text, span)
        }
        Expression::Parenthesis(p) => expr_to_node(p.inner(), text),
        Expression::FuncCall(call) if call.name.name.value().as_str() == "jsonencode" => {
            match call.args.iter().next() {
                Some(arg) => expr_to_node(arg, text),
                None => unknown(text, span, None),
            }
        }
        Expression::Traversal(_) | Expression::Variable(_) => {
            let mut node = unknown(text, span, None);
            if let Value::Unknown(u) = &mut node.value {
                u.parts
                    .extend(part(text.get(span.range()).unwrap_or(""), 0));
            }
            node
        }
        _ => unknown(text, span, None),
    }
}

/// A string template: a string when it is all literal, else an unknown with its shape.
fn template_to_node<'a>(
    elements: impl Iterator<Item = &'a Element>,
    text: &str,
    span: Span,
) -> Node {
    let mut pattern = String::new();
    let mut parts = Vec::new();
    let mut literal = true;
    for element in elements {
        match element {
            Element::Literal(s) => pattern.push_str(s.value()),
            Element::Interpolation(_) | Element::Directive(_) => {
                literal = false;
                if !pattern.ends_with('*') {
                    if let Element::Interpolation(i) = element {
                        let written = text.get(span_of(i.expr.span()).range()).unwrap_or("");
                        parts.extend(part(written, pattern.len()));
                    }
                    pattern.push('*');
                }
            }
        }
    }
    if literal {
        Node::new(Value::String(pattern), span)
    } else {
        let mut node = unknown(text, span, Some(pattern));
        if let Value::Unknown(u) = &mut node.value {
            u.parts = parts;
        }
        node
    }
}

/// A block body as an object: attributes by name, nested blocks grouped by type into
/// arrays of objects (`statement`, `principals`, `inline_policy`, ...).
pub fn body_to_node(body: &Body, text: &str, span: Span) -> Node {
    let mut members: Vec<Member> = Vec::new();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => members.push(Member {
                key: attr.key.value().to_string(),
                key_span: span_of(attr.key.span()),
                value: expr_to_node(&attr.value, text),
            }),
            Structure::Block(block) => {
                let node = body_to_node(&block.body, text, span_of(block.span()));
                push_block(
                    &mut members,
                    block.ident.value().as_str(),
                    span_of(block.ident.span()),
                    node,
                );
            }
        }
    }
    Node::new(Value::Object(members), span)
}

/// Adds a nested block to a body's members: blocks of one type are grouped into an array of
/// objects, in the order they are written.
pub(crate) fn push_block(members: &mut Vec<Member>, name: &str, name_span: Span, node: Node) {
    let block_span = node.span;
    match members.iter_mut().find(|m| m.key == name) {
        Some(Member {
            value:
                Node {
                    value: Value::Array(items),
                    span,
                },
            ..
        }) => {
            *span = span.cover(block_span);
            items.push(node);
        }
        _ => members.push(Member {
            key: name.to_string(),
            key_span: name_span,
            value: Node::new(Value::Array(vec![node]), block_span),
        }),
    }
}
