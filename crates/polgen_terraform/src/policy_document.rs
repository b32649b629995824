//! `data "aws_iam_policy_document"`: the policy is rebuilt from its blocks, each element
//! keeping the span of the HCL it comes from.

use polgen_iac::{EmbeddedPolicy, Resource};
use polgen_policy::{Member, Node, PolicyKind, Unknown, Value};
use polgen_source::Span;

fn member(key: &str, key_span: Span, value: Node) -> Member {
    Member {
        key: key.to_string(),
        key_span,
        value,
    }
}

/// `&{aws:username}` is how the data source writes an IAM policy variable.
fn policy_variables(node: &Node) -> Node {
    let mut node = node.clone();
    rewrite(&mut node);
    node
}

fn rewrite(node: &mut Node) {
    match &mut node.value {
        Value::String(s) if s.contains("&{") => *s = s.replace("&{", "${"),
        Value::Unknown(Unknown {
            pattern: Some(p), ..
        }) if p.contains("&{") => {
            *p = p.replace("&{", "${");
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite),
        _ => {}
    }
}

fn blocks<'a>(node: &'a Node, name: &str) -> &'a [Node] {
    node.get(name)
        .and_then(|m| m.value.as_array())
        .unwrap_or(&[])
}

/// `principals { type = "AWS" identifiers = [...] }` blocks as a `Principal` object.
fn principals(blocks: &[Node]) -> Option<Node> {
    let first = blocks.first()?;
    // Blocks whose type Terraform computes (a `dynamic` block over values not known here)
    // may be none at all: the element is unknown, not an `AWS` principal.
    if blocks
        .iter()
        .all(|b| b.get("type").is_some_and(|t| t.value.as_str().is_none()))
    {
        let span = blocks.iter().fold(first.span, |s, b| s.cover(b.span));
        return Some(Node::new(
            Value::Unknown(Unknown::new("principals computed by Terraform", None)),
            span,
        ));
    }
    let mut members = Vec::new();
    let mut span = first.span;
    for block in blocks {
        span = span.cover(block.span);
        let ty = block.get("type")?;
        let ids = block.get("identifiers")?;
        match ty.value.as_str() {
            // `type = "*"` with `identifiers = ["*"]` is `"Principal": "*"`.
            Some("*") => return Some(Node::new(Value::String("*".into()), ids.value.span)),
            Some(name) => members.push(member(name, ty.value.span, policy_variables(&ids.value))),
            None => members.push(member(
                "AWS",
                ty.value.span,
                Node::new(
                    Value::Unknown(Unknown::new("principals", None)),
                    ids.value.span,
                ),
            )),
        }
    }
    Some(Node::new(Value::Object(members), span))
}

fn conditions(blocks: &[Node]) -> Option<Node> {
    let first = blocks.first()?;
    let mut members: Vec<Member> = Vec::new();
    let mut span = first.span;
    for block in blocks {
        span = span.cover(block.span);
        let (Some(test), Some(variable), Some(values)) = (
            block.get("test"),
            block.get("variable"),
            block.get("values"),
        ) else {
            continue;
        };
        // An operator or key computed by Terraform cannot be judged: the block stays as a
        // value computed at deploy time, so rules know a condition is there they cannot see.
        let (Some(op), Some(key)) = (test.value.as_str(), variable.value.as_str()) else {
            let unknown = Unknown::new("a condition computed by Terraform", None);
            members.push(member(
                "",
                block.span,
                Node::new(Value::Unknown(unknown), block.span),
            ));
            continue;
        };
        let (op, key) = (op.to_string(), key.to_string());
        let entry = member(&key, variable.value.span, policy_variables(&values.value));
        match members.iter_mut().find(|m| m.key == op) {
            Some(Member {
                value:
                    Node {
                        value: Value::Object(keys),
                        ..
                    },
                ..
            }) => keys.push(entry),
            _ => members.push(member(
                &op,
                test.value.span,
                Node::new(Value::Object(vec![entry]), block.span),
            )),
        }
    }
    Some(Node::new(Value::Object(members), span))
}

fn statement(block: &Node) -> Node {
    let mut members = Vec::new();
    if let Some(m) = block.get("sid") {
        members.push(member("Sid", m.key_span, m.value.clone()));
    }
    match block.get("effect") {
        Some(m) => members.push(member("Effect", m.key_span, m.value.clone())),
        // The data source's default.
        None => members.push(member(
            "Effect",
            block.span,
            Node::new(Value::String("Allow".into()), block.span),
        )),
    }
    for (hcl, json) in [
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        if let Some(m) = block.get(hcl) {
            members.push(member(json, m.key_span, policy_variables(&m.value)));
        }
    }
    for (hcl, json) in [
        ("principals", "Principal"),
        ("not_principals", "NotPrincipal"),
    ] {
        let found = blocks(block, hcl);
        if let (Some(node), Some(first)) = (principals(found), found.first()) {
            members.push(member(json, first.span, node));
        }
    }
    let found = blocks(block, "condition");
    if let (Some(node), Some(first)) = (conditions(found), found.first()) {
        members.push(member("Condition", first.span, node));
    }
    Node::new(Value::Object(members), block.span)
}

/// The policy of a `data "aws_iam_policy_document"`'s own statements (its `dynamic` blocks
/// expanded by the front-end); `crate::merge` adds what other documents bring.
pub fn build(resource: &Resource, kind: Option<PolicyKind>) -> EmbeddedPolicy {
    let props = &resource.properties;
    let version = match props.get("version") {
        Some(m) => member("Version", m.key_span, m.value.clone()),
        // The data source always writes this version.
        None => member(
            "Version",
            resource.span,
            Node::new(Value::String("2012-10-17".into()), resource.span),
        ),
    };
    let mut members = vec![version];
    if let Some(m) = props.get("policy_id") {
        members.push(member("Id", m.key_span, m.value.clone()));
    }
    let statements: Vec<Node> = blocks(props, "statement").iter().map(statement).collect();
    let statement_span = props
        .get("statement")
        .map_or(resource.span, |m| m.value.span);
    // Statements only `dynamic` blocks over values not known here make: unknown, not none.
    let statement_value = if statements.is_empty() && props.get("dynamic").is_some() {
        Value::Unknown(Unknown::new("dynamic statements", None))
    } else {
        Value::Array(statements)
    };
    members.push(member(
        "Statement",
        statement_span,
        Node::new(statement_value, statement_span),
    ));
    EmbeddedPolicy {
        resource: resource.address.clone(),
        path: "statement".to_string(),
        kind,
        root: Node::new(Value::Object(members), props.span),
    }
}
