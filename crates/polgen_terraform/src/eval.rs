//! A small evaluator of the Terraform expressions a policy document is built from: literals,
//! the iterators of enclosing `dynamic` blocks, `local.x` defined as a literal in the same
//! file, and the handful of functions and operators modules use to pick items (`try`,
//! `lookup`, `concat`, `x != null ? x : []`, ...). Whatever needs Terraform (a variable, a
//! resource attribute, a function not known here) is an unknown value, as in [`crate::hcl`].
//! Values taken from a literal keep the span of that literal, so findings point at it.

use std::cell::Cell;
use std::collections::HashMap;

use hcl_edit::Span as _;
use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::structure::{Body, Structure};
use hcl_edit::template::Element;
use polgen_policy::{Member, Node, Part, Unknown, Value};
use polgen_source::Span;

use crate::hcl::{display, span_of};

/// How many values one document's evaluation may produce: locals that repeat each other
/// (`a = concat(local.b, local.b)`, ...) would otherwise grow without bound.
const FUEL: usize = 200_000;
/// How deep locals may refer to locals.
const MAX_LOCAL_DEPTH: usize = 16;

/// The iterators in scope: `statement` (or the block's `iterator = s`) is `{key, value}`.
#[derive(Clone, Default)]
pub(crate) struct Scope {
    iterators: Vec<(String, Node)>,
}

impl Scope {
    /// This scope with `name` bound to the item `key`/`value` of a `dynamic` block.
    pub(crate) fn with_iterator(&self, name: &str, key: Node, value: Node) -> Scope {
        let span = value.span;
        let item = Node::new(
            Value::Object(vec![
                Member {
                    key: "key".into(),
                    key_span: key.span,
                    value: key,
                },
                Member {
                    key: "value".into(),
                    key_span: span,
                    value,
                },
            ]),
            span,
        );
        let mut scope = self.clone();
        scope.iterators.push((name.to_string(), item));
        scope
    }

    fn iterator(&self, name: &str) -> Option<&Node> {
        self.iterators
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

/// A known value has no such attribute or element: Terraform fails, `try()` moves on.
struct Missing;

type Eval = Result<Node, Missing>;

/// The `locals` of a file, by name.
pub(crate) fn locals(body: &Body) -> HashMap<String, &Expression> {
    let mut found = HashMap::new();
    for structure in body.iter() {
        if let Structure::Block(block) = structure
            && block.ident.value().as_str() == "locals"
        {
            for s in block.body.iter() {
                if let Structure::Attribute(attr) = s {
                    found.insert(attr.key.value().to_string(), &attr.value);
                }
            }
        }
    }
    found
}

pub(crate) struct Evaluator<'a> {
    text: &'a str,
    locals: &'a HashMap<String, &'a Expression>,
    fuel: Cell<usize>,
    local_depth: Cell<usize>,
}

impl<'a> Evaluator<'a> {
    pub(crate) fn new(text: &'a str, locals: &'a HashMap<String, &'a Expression>) -> Self {
        Self {
            text,
            locals,
            fuel: Cell::new(FUEL),
            local_depth: Cell::new(0),
        }
    }

    /// The value of `expr`; a missing attribute of a known value is `null` (not set).
    pub(crate) fn eval(&self, expr: &Expression, scope: &Scope) -> Node {
        let span = span_of(expr.span());
        self.value(expr, scope)
            .unwrap_or_else(|Missing| Node::new(Value::Null, span))
    }

    /// The items of a `for_each` whose collection is known here (its items may still hold
    /// unknown values); `None` when the collection, or the condition choosing it, is not:
    /// then it may hold no item at all, and the blocks it makes are not modelled.
    pub(crate) fn for_each_known(
        &self,
        expr: &Expression,
        scope: &Scope,
    ) -> Option<Vec<(Node, Node)>> {
        match expr {
            Expression::Parenthesis(p) => self.for_each_known(p.inner(), scope),
            Expression::Conditional(c) => match self.eval(&c.cond_expr, scope).value {
                Value::Bool(true) => self.for_each_known(&c.true_expr, scope),
                Value::Bool(false) => self.for_each_known(&c.false_expr, scope),
                _ => None,
            },
            _ => {
                let set = matches!(expr, Expression::FuncCall(call) if call.name.name.value().as_str() == "toset");
                let collection = self.eval(expr, scope);
                if matches!(collection.value, Value::Unknown(_)) {
                    return None;
                }
                Some(self.for_each_items_of(collection, set))
            }
        }
    }

    fn for_each_items_of(&self, collection: Node, set: bool) -> Vec<(Node, Node)> {
        let span = collection.span;
        match collection.value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    let key = if set {
                        v.clone()
                    } else {
                        Node::new(Value::Number(i.to_string()), v.span)
                    };
                    (key, v)
                })
                .collect(),
            // Terraform iterates a map in the order of its keys.
            Value::Object(mut members) => {
                members.sort_by(|a, b| a.key.cmp(&b.key));
                members
                    .into_iter()
                    .map(|m| (Node::new(Value::String(m.key), m.key_span), m.value))
                    .collect()
            }
            Value::Unknown(u) => {
                let unknown = |what: &str| {
                    Node::new(
                        Value::Unknown(Unknown::new(format!("{what} of {}", u.display), None)),
                        span,
                    )
                };
                vec![(unknown("a key"), unknown("an item"))]
            }
            // `null` or a scalar: Terraform rejects it; nothing is known of the items.
            _ => {
                let unknown = Node::new(
                    Value::Unknown(Unknown::new(display(self.text, span), None)),
                    span,
                );
                vec![(unknown.clone(), unknown)]
            }
        }
    }

    /// A reference whose value is not known here (`var.x`, `aws_s3_bucket.b.arn`), saying
    /// what it is built from when the reference tells.
    fn reference(&self, span: Span) -> Node {
        let mut node = self.unknown(span, None);
        if let Value::Unknown(u) = &mut node.value {
            u.parts.extend(crate::hcl::part(
                self.text.get(span.range()).unwrap_or(""),
                0,
            ));
        }
        node
    }

    fn unknown(&self, span: Span, pattern: Option<String>) -> Node {
        Node::new(
            Value::Unknown(Unknown::new(display(self.text, span), pattern)),
            span,
        )
    }

    /// Spends fuel for one value; `false` when the document's budget is spent.
    fn burn(&self, amount: usize) -> bool {
        let left = self.fuel.get();
        self.fuel.set(left.saturating_sub(amount));
        left >= amount
    }

    fn value(&self, expr: &Expression, scope: &Scope) -> Eval {
        let span = span_of(expr.span());
        if !self.burn(1) {
            return Ok(self.unknown(span, None));
        }
        Ok(match expr {
            Expression::Null(_) => Node::new(Value::Null, span),
            Expression::Bool(b) => Node::new(Value::Bool(*b.value()), span),
            Expression::Number(n) => Node::new(Value::Number(n.value().to_string()), span),
            Expression::String(s) => Node::new(Value::String(s.value().to_string()), span),
            Expression::Array(items) => {
                let mut out = Vec::new();
                for e in items.iter() {
                    out.push(self.value(e, scope)?);
                }
                Node::new(Value::Array(out), span)
            }
            Expression::Object(object) => {
                let mut members = Vec::new();
                for (key, value) in object.iter() {
                    let (name, key_span) = match key {
                        ObjectKey::Ident(ident) => {
                            (ident.value().to_string(), span_of(ident.span()))
                        }
                        ObjectKey::Expression(e) => {
                            let ks = span_of(e.span());
                            match self.value(e, scope)?.value {
                                Value::String(s) => (s, ks),
                                _ => (display(self.text, ks), ks),
                            }
                        }
                    };
                    members.push(Member {
                        key: name,
                        key_span,
                        value: self.value(value.expr(), scope)?,
                    });
                }
                Node::new(Value::Object(members), span)
            }
            Expression::StringTemplate(template) => self.template(template.iter(), scope, span)?,
            Expression::HeredocTemplate(heredoc) => {
                self.template(heredoc.template.iter(), scope, span)?
            }
            Expression::Parenthesis(p) => self.value(p.inner(), scope)?,
            Expression::Traversal(traversal) => {
                let Some(base) = self.root(&traversal.expr, &traversal.operators, scope)? else {
                    return Ok(self.reference(span));
                };
                let (base, rest) = base;
                let mut current = base;
                for op in rest {
                    current = match self.step(current, op.value(), scope)? {
                        Some(next) => next,
                        None => return Ok(self.unknown(span, None)),
                    };
                }
                current
            }
            Expression::Conditional(c) => match self.value(&c.cond_expr, scope)?.value {
                Value::Bool(true) => self.value(&c.true_expr, scope)?,
                Value::Bool(false) => self.value(&c.false_expr, scope)?,
                _ => self.unknown(span, None),
            },
            Expression::FuncCall(call) => {
                let args: Vec<&Expression> = call.args.iter().collect();
                self.call(call.name.name.value().as_str(), &args, scope, span)?
            }
            Expression::BinaryOp(op) => {
                let lhs = self.value(&op.lhs_expr, scope)?;
                let rhs = self.value(&op.rhs_expr, scope)?;
                match binary(*op.operator.value(), &lhs.value, &rhs.value) {
                    Some(v) => Node::new(v, span),
                    None => self.unknown(span, None),
                }
            }
            Expression::UnaryOp(op) => match (op.operator.value(), self.value(&op.expr, scope)?) {
                (
                    UnaryOperator::Not,
                    Node {
                        value: Value::Bool(b),
                        ..
                    },
                ) => Node::new(Value::Bool(!b), span),
                _ => self.unknown(span, None),
            },
            Expression::Variable(_) | Expression::ForExpr(_) => self.unknown(span, None),
        })
    }

    /// The value a traversal starts from, and the operators still to apply. `None`: the
    /// root is not known here (`var.x`, `aws_s3_bucket.b.arn`, ...).
    #[allow(clippy::type_complexity)]
    fn root<'o>(
        &self,
        root: &Expression,
        operators: &'o [hcl_edit::Decorated<TraversalOperator>],
        scope: &Scope,
    ) -> Result<Option<(Node, &'o [hcl_edit::Decorated<TraversalOperator>])>, Missing> {
        let Expression::Variable(name) = root else {
            return Ok(self.value(root, scope).ok().map(|n| (n, operators)));
        };
        let name = name.value().as_str();
        if let Some(item) = scope.iterator(name) {
            if !self.burn(size(item)) {
                return Ok(None);
            }
            return Ok(Some((item.clone(), operators)));
        }
        if name != "local" {
            return Ok(None);
        }
        let Some((first, rest)) = operators.split_first() else {
            return Ok(None);
        };
        let TraversalOperator::GetAttr(local) = first.value() else {
            return Ok(None);
        };
        let Some(expr) = self.locals.get(local.value().as_str()) else {
            return Ok(None);
        };
        let depth = self.local_depth.get();
        if depth >= MAX_LOCAL_DEPTH {
            return Ok(None);
        }
        self.local_depth.set(depth + 1);
        // A local is evaluated where it is defined, with no iterator in scope.
        let value = self.value(expr, &Scope::default());
        self.local_depth.set(depth);
        Ok(Some((value?, rest)))
    }

    /// One `.attr` or `[index]` step; `Ok(None)` when the result is not known here.
    fn step(
        &self,
        current: Node,
        op: &TraversalOperator,
        scope: &Scope,
    ) -> Result<Option<Node>, Missing> {
        let index = match op {
            TraversalOperator::GetAttr(attr) => Value::String(attr.value().to_string()),
            TraversalOperator::Index(e) => self.value(e, scope)?.value,
            TraversalOperator::LegacyIndex(i) => Value::Number(i.value().to_string()),
            TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                return Ok(None);
            }
        };
        match (current.value, index) {
            (Value::Unknown(_), _) | (_, Value::Unknown(_)) => Ok(None),
            (Value::Object(members), Value::String(key)) => members
                .into_iter()
                .rev()
                .find(|m| m.key == key)
                .map(|m| Some(m.value))
                .ok_or(Missing),
            (Value::Array(items), Value::Number(n)) => n
                .parse::<usize>()
                .ok()
                .and_then(|i| items.into_iter().nth(i))
                .map(Some)
                .ok_or(Missing),
            _ => Err(Missing),
        }
    }

    /// A template: a string when every part is known, else an unknown with its shape.
    fn template<'e>(
        &self,
        elements: impl Iterator<Item = &'e Element>,
        scope: &Scope,
        span: Span,
    ) -> Eval {
        let mut pattern = String::new();
        let mut parts = Vec::new();
        let mut literal = true;
        for element in elements {
            let (text, origin) = match element {
                Element::Literal(s) => (Some(s.value().to_string()), None),
                Element::Interpolation(i) => match self.value(&i.expr, scope)?.value {
                    Value::String(s) => (Some(s), None),
                    Value::Number(n) => (Some(n), None),
                    Value::Bool(b) => (Some(b.to_string()), None),
                    // What the unknown is built from, when the reference says (`var.x`).
                    Value::Unknown(u) if u.pattern.is_none() => (None, u.parts.into_iter().next()),
                    _ => (None, None),
                },
                Element::Directive(_) => (None, None),
            };
            match text {
                Some(s) => pattern.push_str(&s),
                None => {
                    literal = false;
                    if !pattern.ends_with('*') {
                        parts.extend(origin.map(|p| Part {
                            at: pattern.len(),
                            ..p
                        }));
                        pattern.push('*');
                    }
                }
            }
        }
        Ok(if literal {
            Node::new(Value::String(pattern), span)
        } else {
            let mut node = self.unknown(span, Some(pattern));
            if let Value::Unknown(u) = &mut node.value {
                u.parts = parts;
            }
            node
        })
    }

    fn call(&self, name: &str, args: &[&Expression], scope: &Scope, span: Span) -> Eval {
        let known_list = |e: &Expression| -> Result<Option<Vec<Node>>, Missing> {
            Ok(match self.value(e, scope)?.value {
                Value::Array(items) => Some(items),
                _ => None,
            })
        };
        Ok(match (name, args) {
            // Its JSON is what a policy attribute receives.
            ("jsonencode", [arg]) => self.value(arg, scope)?,
            ("try", _) => {
                for arg in args {
                    if let Ok(v) = self.value(arg, scope) {
                        return Ok(v);
                    }
                }
                return Err(Missing);
            }
            ("lookup", [map, key, rest @ ..]) => {
                let map = self.value(map, scope)?;
                let key = self.value(key, scope)?;
                match (map.value, key.value, rest) {
                    (Value::Object(members), Value::String(k), _) => {
                        match members.into_iter().rev().find(|m| m.key == k) {
                            Some(m) => m.value,
                            None => match rest.first() {
                                Some(default) => self.value(default, scope)?,
                                None => return Err(Missing),
                            },
                        }
                    }
                    _ => self.unknown(span, None),
                }
            }
            ("toset" | "tolist", [arg]) => {
                let mut v = self.value(arg, scope)?;
                if name == "toset"
                    && let Value::Array(items) = &mut v.value
                {
                    dedup_sorted_strings(items);
                }
                v
            }
            ("concat", _) => {
                // An argument not known here stands as one unknown item: the known ones
                // are still judged.
                let mut out = Vec::new();
                for arg in args {
                    match known_list(arg)? {
                        Some(items) => out.extend(items),
                        None => out.push(self.unknown(span_of(arg.span()), None)),
                    }
                }
                Node::new(Value::Array(out), span)
            }
            ("compact", [arg]) => match known_list(arg)? {
                Some(items) => Node::new(
                    Value::Array(
                        items
                            .into_iter()
                            .filter(|n| !matches!(&n.value, Value::Null) && n.as_str() != Some(""))
                            .collect(),
                    ),
                    span,
                ),
                None => self.unknown(span, None),
            },
            ("flatten", [arg]) => match known_list(arg)? {
                Some(items) => Node::new(Value::Array(flatten(items)), span),
                None => self.unknown(span, None),
            },
            ("length", [arg]) => match self.value(arg, scope)?.value {
                Value::Array(items) => Node::new(Value::Number(items.len().to_string()), span),
                Value::Object(m) => Node::new(Value::Number(m.len().to_string()), span),
                Value::String(s) => Node::new(Value::Number(s.chars().count().to_string()), span),
                _ => self.unknown(span, None),
            },
            _ => self.unknown(span, None),
        })
    }
}

/// How many values a node holds, for the fuel a copy of it costs.
fn size(node: &Node) -> usize {
    1 + match &node.value {
        Value::Array(items) => items.iter().map(size).sum(),
        Value::Object(members) => members.iter().map(|m| size(&m.value)).sum(),
        _ => 0,
    }
}

fn flatten(items: Vec<Node>) -> Vec<Node> {
    let mut out = Vec::new();
    for item in items {
        match item.value {
            Value::Array(inner) => out.extend(flatten(inner)),
            _ => out.push(item),
        }
    }
    out
}

/// `toset` of strings: sorted, without repeats, as Terraform iterates it.
fn dedup_sorted_strings(items: &mut Vec<Node>) {
    if items.iter().all(|n| n.as_str().is_some()) {
        items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
        items.dedup_by(|a, b| a.as_str() == b.as_str());
    }
}

/// Whether a value holds nothing computed at deploy time.
fn fully_known(v: &Value) -> bool {
    match v {
        Value::Unknown(_) => false,
        Value::Array(items) => items.iter().all(|n| fully_known(&n.value)),
        Value::Object(members) => members.iter().all(|m| fully_known(&m.value.value)),
        _ => true,
    }
}

/// A binary operation on known values; `None` when it is not known here.
fn binary(op: BinaryOperator, lhs: &Value, rhs: &Value) -> Option<Value> {
    let number = |v: &Value| match v {
        Value::Number(n) => n.parse::<f64>().ok(),
        _ => None,
    };
    let compare = |f: fn(f64, f64) -> bool| Some(Value::Bool(f(number(lhs)?, number(rhs)?)));
    match op {
        BinaryOperator::Eq | BinaryOperator::NotEq => {
            if !fully_known(lhs) || !fully_known(rhs) {
                return None;
            }
            let equal = lhs.to_json() == rhs.to_json();
            Some(Value::Bool(equal == (op == BinaryOperator::Eq)))
        }
        BinaryOperator::And | BinaryOperator::Or => match (lhs, rhs) {
            (Value::Bool(a), Value::Bool(b)) => Some(Value::Bool(if op == BinaryOperator::And {
                *a && *b
            } else {
                *a || *b
            })),
            _ => None,
        },
        BinaryOperator::Greater => compare(|a, b| a > b),
        BinaryOperator::GreaterEq => compare(|a, b| a >= b),
        BinaryOperator::Less => compare(|a, b| a < b),
        BinaryOperator::LessEq => compare(|a, b| a <= b),
        _ => None,
    }
}
