//! A block body as Terraform hands it to the provider: `dynamic "x"` blocks expanded into
//! `x` blocks in place (one per `for_each` item, with the iterator in scope of `content`),
//! expressions evaluated where they can be, and attributes set to `null` left out (unset).

use hcl_edit::Span as _;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body, Structure};
use polgen_policy::{Member, Node, Unknown, Value};
use polgen_source::Span;

use crate::eval::{Evaluator, Scope};
use crate::hcl::{push_block, span_of};

/// The body as an object: attributes by name, nested blocks grouped by type into arrays of
/// objects in the order Terraform produces them.
pub(crate) fn body(body: &Body, span: Span, ev: &Evaluator, scope: &Scope) -> Node {
    let mut members: Vec<Member> = Vec::new();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => {
                let value = ev.eval(&attr.value, scope);
                if !matches!(value.value, Value::Null) {
                    members.push(Member {
                        key: attr.key.value().to_string(),
                        key_span: span_of(attr.key.span()),
                        value,
                    });
                }
            }
            Structure::Block(block) if block.ident.value().as_str() == "dynamic" => {
                let Some(label) = block.labels.first() else {
                    continue;
                };
                match dynamic(block, ev, scope) {
                    Some(nodes) => {
                        for node in nodes {
                            push_block(&mut members, label.as_str(), span_of(label.span()), node);
                        }
                    }
                    // Blocks that may not exist are not modelled; the `dynamic` member
                    // says that some were written (a document of only such statements is
                    // unknown, not empty).
                    None => members.push(Member {
                        key: "dynamic".to_string(),
                        key_span: span_of(block.ident.span()),
                        value: Node::new(
                            Value::Unknown(Unknown::new(
                                format!("dynamic \"{}\"", label.as_str()),
                                None,
                            )),
                            span_of(block.span()),
                        ),
                    }),
                }
            }
            Structure::Block(block) => {
                let node = self::body(&block.body, span_of(block.span()), ev, scope);
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

/// The blocks a `dynamic` block generates: its `content` once per `for_each` item; `None`
/// when the items are not known here (there may be none).
fn dynamic(block: &Block, ev: &Evaluator, scope: &Scope) -> Option<Vec<Node>> {
    let label = block.labels.first().map_or("", |l| l.as_str());
    let mut for_each: Option<&Expression> = None;
    let mut iterator = label.to_string();
    let mut content = None;
    for structure in block.body.iter() {
        match structure {
            Structure::Attribute(attr) => match attr.key.value().as_str() {
                "for_each" => for_each = Some(&attr.value),
                "iterator" => {
                    if let Expression::Variable(name) = &attr.value {
                        iterator = name.value().to_string();
                    }
                }
                _ => {}
            },
            Structure::Block(inner) if inner.ident.value().as_str() == "content" => {
                content = Some(inner);
            }
            Structure::Block(_) => {}
        }
    }
    let (Some(for_each), Some(content)) = (for_each, content) else {
        return Some(Vec::new());
    };
    let content_span = span_of(content.span());
    let items = ev.for_each_known(for_each, scope)?;
    Some(
        items
            .into_iter()
            .map(|(key, value)| {
                let inner = scope.with_iterator(&iterator, key, value);
                self::body(&content.body, content_span, ev, &inner)
            })
            .collect(),
    )
}
