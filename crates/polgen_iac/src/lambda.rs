//! A Lambda permission (`AWS::Lambda::Permission`, `aws_lambda_permission`) is one
//! resource-policy statement written as properties: it is rebuilt as a policy so the IAM
//! rules judge it like any function policy.

use polgen_policy::{Member, Node, PolicyKind, Unknown, Value};
use polgen_source::Span;

use crate::{EmbeddedPolicy, Resource};

/// The property names of a Lambda permission in one format.
pub struct Names {
    pub action: &'static str,
    pub principal: &'static str,
    pub function: &'static str,
    pub source_arn: &'static str,
    pub source_account: &'static str,
    pub org_id: &'static str,
    /// How findings name where the statement comes from.
    pub path: &'static str,
}

pub const CLOUDFORMATION: Names = Names {
    action: "Action",
    principal: "Principal",
    function: "FunctionName",
    source_arn: "SourceArn",
    source_account: "SourceAccount",
    org_id: "PrincipalOrgID",
    path: "Properties",
};

pub const TERRAFORM: Names = Names {
    action: "action",
    principal: "principal",
    function: "function_name",
    source_arn: "source_arn",
    source_account: "source_account",
    org_id: "principal_org_id",
    path: "permission",
};

/// `FunctionName` may be a name, a partial ARN or an ARN; the statement's `Resource` is
/// the function's ARN, known in shape only when a name is given.
fn function_arn(node: &Node) -> Node {
    match &node.value {
        Value::String(s) if !s.starts_with("arn:") => {
            // `name`, `name:alias`, or `123456789012:function:name`.
            let name = s.rsplit(":function:").next().unwrap_or(s);
            Node::new(
                Value::Unknown(Unknown::new(
                    s.clone(),
                    Some(format!("arn:*:lambda:*:*:function:{name}")),
                )),
                node.span,
            )
        }
        // `!Ref Function` (its name) or `!GetAtt Function.Arn`: a function either way.
        Value::Unknown(u) if u.pattern.is_none() => Node::new(
            Value::Unknown(Unknown::new(
                u.display.clone(),
                Some("arn:*:lambda:*:*:function:*".to_string()),
            )),
            node.span,
        ),
        _ => node.clone(),
    }
}

/// `AWS::Lambda::Permission` is one resource-policy statement written as properties:
/// the statement is rebuilt from them, each element keeping its property's span.
pub fn permission(resource: &Resource, names: &Names) -> Option<EmbeddedPolicy> {
    let props = &resource.properties;
    let action = props.get(names.action)?;
    let principal = props.get(names.principal)?;
    let function = props.get(names.function)?;
    let member = |key: &str, value: Node, key_span: Span| Member {
        key: key.to_string(),
        key_span,
        value,
    };
    let principal_type = match principal.value.as_str() {
        Some(p) if p.ends_with(".amazonaws.com") || p.ends_with(".amazonaws.com.cn") => "Service",
        _ => "AWS",
    };
    let principal_node = Node::new(
        Value::Object(vec![member(
            principal_type,
            principal.value.clone(),
            principal.key_span,
        )]),
        principal.value.span,
    );
    let mut statement = vec![
        member(
            "Effect",
            Node::new(Value::String("Allow".into()), resource.span),
            resource.span,
        ),
        member("Principal", principal_node, principal.key_span),
        member("Action", action.value.clone(), action.key_span),
        member("Resource", function_arn(&function.value), function.key_span),
    ];
    let mut conditions = Vec::new();
    for (prop, op, key) in [
        (names.source_arn, "ArnLike", "aws:SourceArn"),
        (names.source_account, "StringEquals", "aws:SourceAccount"),
        (names.org_id, "StringEquals", "aws:PrincipalOrgID"),
    ] {
        if let Some(m) = props.get(prop) {
            let inner = Node::new(
                Value::Object(vec![member(key, m.value.clone(), m.key_span)]),
                m.value.span,
            );
            conditions.push(member(op, inner, m.key_span));
        }
    }
    if !conditions.is_empty() {
        statement.push(member(
            "Condition",
            Node::new(Value::Object(conditions), props.span),
            props.span,
        ));
    }
    let st = Node::new(Value::Object(statement), props.span);
    let root = Node::new(
        Value::Object(vec![
            member(
                "Version",
                Node::new(Value::String("2012-10-17".into()), resource.span),
                resource.span,
            ),
            member(
                "Statement",
                Node::new(Value::Array(vec![st]), props.span),
                props.span,
            ),
        ]),
        props.span,
    );
    Some(EmbeddedPolicy {
        resource: resource.address.clone(),
        path: names.path.to_string(),
        kind: Some(PolicyKind::Resource),
        root,
    })
}
