//! `data "aws_iam_policy_document"` merges, read the way the AWS provider builds `json`:
//! the deprecated `source_json` first, then each of `source_policy_documents` in order,
//! then the data source's own statements, then each of `override_policy_documents`, then
//! the deprecated `override_json`. Each step appends a statement, or replaces the first
//! earlier one with the same non-empty `Sid`. Every statement keeps the span of the HCL
//! block or JSON it was written in, so findings point at what the user wrote.
//!
//! A document polgen cannot read here (a variable, a module output, a document of another
//! file) stands as one unknown statement: what it adds is not judged, and what it might
//! replace is still judged as written.

use std::collections::HashMap;

use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::{Block, Structure};
use polgen_policy::{Node, Unknown, Value};
use polgen_source::Span;

use crate::hcl::{display, span_of};

/// How deep documents may merge documents (a cycle is cut there too).
const MAX_DEPTH: usize = 16;

/// One document a merge list names.
enum Input {
    /// An `aws_iam_policy_document`, by address, where it is named.
    Document(String, Span),
    /// A policy written inline (`jsonencode`, a heredoc or string of JSON).
    Json(Node),
    /// Not known here.
    Unknown(Span),
}

/// The policy document data sources of one file and their merges.
pub(crate) struct Merges<'a> {
    text: &'a str,
    locals: &'a HashMap<String, &'a Expression>,
    /// Each data source's block and the root of the document of its own statements.
    documents: HashMap<String, (&'a Block, Node)>,
}

impl<'a> Merges<'a> {
    pub(crate) fn new(
        text: &'a str,
        locals: &'a HashMap<String, &'a Expression>,
        documents: HashMap<String, (&'a Block, Node)>,
    ) -> Self {
        Self {
            text,
            locals,
            documents,
        }
    }

    /// The document `address` produces, its merges applied.
    pub(crate) fn merged(&self, address: &str) -> Option<Node> {
        let (_, own) = self.documents.get(address)?;
        let mut root = own.clone();
        let statements = self.statements(address, &mut Vec::new());
        if let Value::Object(members) = &mut root.value
            && let Some(m) = members.iter_mut().find(|m| m.key == "Statement")
        {
            m.value.value = Value::Array(statements);
        }
        Some(root)
    }

    /// The data sources each one names directly in its merge lists (not through locals).
    pub(crate) fn direct_inputs(&self) -> HashMap<&str, Vec<String>> {
        self.documents
            .iter()
            .map(|(address, (block, _))| {
                let named = merge_attributes(block)
                    .into_iter()
                    .flat_map(|(_, expr)| self.inputs(expr, false, 0))
                    .filter_map(|input| match input {
                        Input::Document(a, _) => Some(a),
                        _ => None,
                    })
                    .collect();
                (address.as_str(), named)
            })
            .collect()
    }

    /// The statements of `address` after its merges; `visiting` cuts cycles.
    fn statements(&self, address: &str, visiting: &mut Vec<String>) -> Vec<Node> {
        let Some((block, own)) = self.documents.get(address) else {
            return Vec::new();
        };
        if visiting.len() >= MAX_DEPTH || visiting.iter().any(|v| v == address) {
            return vec![unknown_statements(own.span, address)];
        }
        visiting.push(address.to_string());
        let attributes = merge_attributes(block);
        let inputs_of = |key: &str| -> Vec<Input> {
            attributes
                .iter()
                .filter(|(k, _)| *k == key)
                .flat_map(|(_, e)| self.inputs(e, true, 0))
                .collect()
        };
        let mut merged = Vec::new();
        for input in inputs_of("source_json") {
            // The provider reads `source_json` as the starting document itself.
            merged.extend(self.input_statements(input, visiting));
        }
        for input in inputs_of("source_policy_documents") {
            let statements = self.input_statements(input, visiting);
            merge_into(&mut merged, statements);
        }
        merge_into(&mut merged, statement_list(own));
        for key in ["override_policy_documents", "override_json"] {
            for input in inputs_of(key) {
                let statements = self.input_statements(input, visiting);
                merge_into(&mut merged, statements);
            }
        }
        visiting.pop();
        merged
    }

    fn input_statements(&self, input: Input, visiting: &mut Vec<String>) -> Vec<Node> {
        match input {
            Input::Document(address, _) if self.documents.contains_key(&address) => {
                self.statements(&address, visiting)
            }
            // A data source of another file of the module.
            Input::Document(address, span) => vec![unknown_statements(span, &address)],
            Input::Json(root) => match root.get("Statement") {
                Some(m) => match &m.value.value {
                    Value::Array(items) => items.clone(),
                    Value::Object(_) => vec![m.value.clone()],
                    _ => vec![unknown_statements(m.value.span, "the document")],
                },
                None => Vec::new(),
            },
            Input::Unknown(span) => {
                vec![unknown_statements(span, &display(self.text, span))]
            }
        }
    }

    /// The documents a merge attribute names, in order. `through_locals`: whether
    /// `local.x` is followed (not when counting the references written in the list).
    fn inputs(&self, expr: &Expression, through_locals: bool, depth: usize) -> Vec<Input> {
        let span = span_of(expr.span());
        if depth > MAX_DEPTH {
            return vec![Input::Unknown(span)];
        }
        match expr {
            Expression::Array(items) => items
                .iter()
                .flat_map(|e| self.inputs(e, through_locals, depth + 1))
                .collect(),
            Expression::Parenthesis(p) => self.inputs(p.inner(), through_locals, depth + 1),
            Expression::FuncCall(call)
                if matches!(call.name.name.value().as_str(), "concat" | "compact") =>
            {
                call.args
                    .iter()
                    .flat_map(|e| self.inputs(e, through_locals, depth + 1))
                    .collect()
            }
            Expression::Null(_) => Vec::new(),
            Expression::Traversal(_) => {
                if let Some(address) = document_reference(expr) {
                    return vec![Input::Document(address, span)];
                }
                match local_name(expr).and_then(|n| self.locals.get(n)) {
                    Some(local) if through_locals => self.inputs(local, true, depth + 1),
                    _ => vec![Input::Unknown(span)],
                }
            }
            _ => match crate::inline_policy(expr, self.text) {
                Some(root) => vec![Input::Json(root)],
                None => vec![Input::Unknown(span)],
            },
        }
    }
}

/// The merge attributes of a policy document block, in the order written.
fn merge_attributes(block: &Block) -> Vec<(&str, &Expression)> {
    block
        .body
        .iter()
        .filter_map(|s| match s {
            Structure::Attribute(attr) => Some((attr.key.value().as_str(), &attr.value)),
            Structure::Block(_) => None,
        })
        .filter(|(k, _)| {
            matches!(
                *k,
                "source_json"
                    | "source_policy_documents"
                    | "override_policy_documents"
                    | "override_json"
            )
        })
        .collect()
}

/// Whether a data source has any merge attribute.
pub(crate) fn has_merges(block: &Block) -> bool {
    !merge_attributes(block).is_empty()
}

/// `data.aws_iam_policy_document.NAME.json` (also `NAME[0]`, `NAME[*]`, `.minified_json`):
/// the data source's address.
fn document_reference(expr: &Expression) -> Option<String> {
    let Expression::Traversal(t) = expr else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    let ops: Vec<&TraversalOperator> = t.operators.iter().map(|o| o.value()).collect();
    let attr = |op: &TraversalOperator| match op {
        TraversalOperator::GetAttr(a) => Some(a.value().to_string()),
        _ => None,
    };
    if root.value().as_str() != "data" || ops.len() < 3 {
        return None;
    }
    if attr(ops[0]).as_deref() != Some("aws_iam_policy_document") {
        return None;
    }
    let name = attr(ops[1])?;
    let last = attr(ops[ops.len() - 1])?;
    let middle_is_index = ops[2..ops.len() - 1].iter().all(|op| {
        matches!(
            op,
            TraversalOperator::Index(_)
                | TraversalOperator::LegacyIndex(_)
                | TraversalOperator::FullSplat(_)
                | TraversalOperator::AttrSplat(_)
        )
    });
    (matches!(last.as_str(), "json" | "minified_json") && middle_is_index && ops.len() <= 4)
        .then(|| format!("data.aws_iam_policy_document.{name}"))
}

/// `local.NAME` alone: the name.
fn local_name(expr: &Expression) -> Option<&str> {
    let Expression::Traversal(t) = expr else {
        return None;
    };
    match (&t.expr, t.operators.as_slice()) {
        (Expression::Variable(root), [op]) if root.value().as_str() == "local" => {
            match op.value() {
                TraversalOperator::GetAttr(name) => Some(name.value().as_str()),
                _ => None,
            }
        }
        _ => None,
    }
}

fn statement_list(root: &Node) -> Vec<Node> {
    match root.get("Statement").map(|m| &m.value.value) {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    }
}

/// Statements of a document not known here.
fn unknown_statements(span: Span, what: &str) -> Node {
    Node::new(
        Value::Unknown(Unknown::new(format!("the statements of {what}"), None)),
        span,
    )
}

/// A statement's `Sid` when it is a known, non-empty string.
fn sid(statement: &Node) -> Option<&str> {
    statement
        .get("Sid")
        .and_then(|m| m.value.as_str())
        .filter(|s| !s.is_empty())
}

/// The provider's merge: each new statement replaces the first one with its `Sid`, or is
/// appended. A `Sid` not known here replaces nothing.
fn merge_into(merged: &mut Vec<Node>, statements: Vec<Node>) {
    for statement in statements {
        let replaced = sid(&statement).and_then(|s| merged.iter().position(|m| sid(m) == Some(s)));
        match replaced {
            Some(i) => merged[i] = statement,
            None => merged.push(statement),
        }
    }
}
