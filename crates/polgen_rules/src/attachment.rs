//! Which principal an embedded policy is an inline policy of, from where the host file
//! writes it: `Policies` of an `AWS::IAM::Role`/`User`/`Group`, an `AWS::IAM::Policy` or
//! `AWS::IAM::RolePolicy` naming its roles, users and groups, Terraform's `aws_iam_role`
//! `inline_policy` and `aws_iam_role_policy` / `_user_policy` / `_group_policy`. IAM limits
//! the inline policies of one principal together, so they are measured together.

use polgen_iac::{EmbeddedPolicy, HostDocument, Resource};
use polgen_policy::{Node, Value};

/// The kind of principal an inline policy belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrincipalKind {
    Role,
    User,
    Group,
}

impl PrincipalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalKind::Role => "role",
            PrincipalKind::User => "user",
            PrincipalKind::Group => "group",
        }
    }
}

/// A principal an inline policy belongs to: the resource of this file that declares it
/// (`AppRole`, `aws_iam_role.app`), or the name it is given (`app-role`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    pub kind: PrincipalKind,
    pub name: String,
}

/// The principals `policy` is an inline policy of (several for an `AWS::IAM::Policy` that
/// lists them); empty for a managed policy, a trust or resource policy.
pub fn inline_owners(host: &HostDocument, policy: &EmbeddedPolicy) -> Vec<Owner> {
    let Some(resource) = host.resource(&policy.resource) else {
        return Vec::new();
    };
    let own = |kind| {
        vec![Owner {
            kind,
            name: resource.address.clone(),
        }]
    };
    let inline_list = policy.path.starts_with("Policies[");
    match (resource.ty.as_str(), policy.path.as_str()) {
        ("AWS::IAM::Role", _) if inline_list => own(PrincipalKind::Role),
        ("AWS::IAM::User", _) if inline_list => own(PrincipalKind::User),
        ("AWS::IAM::Group", _) if inline_list => own(PrincipalKind::Group),
        ("aws_iam_role", p) if p.starts_with("inline_policy") => own(PrincipalKind::Role),
        ("AWS::IAM::Policy", _) => [
            ("Roles", PrincipalKind::Role),
            ("Users", PrincipalKind::User),
            ("Groups", PrincipalKind::Group),
        ]
        .into_iter()
        .flat_map(|(property, kind)| named(resource, property, kind))
        .collect(),
        ("AWS::IAM::RolePolicy", _) => named(resource, "RoleName", PrincipalKind::Role),
        ("AWS::IAM::UserPolicy", _) => named(resource, "UserName", PrincipalKind::User),
        ("AWS::IAM::GroupPolicy", _) => named(resource, "GroupName", PrincipalKind::Group),
        ("aws_iam_role_policy", _) => named(resource, "role", PrincipalKind::Role),
        ("aws_iam_user_policy", _) => named(resource, "user", PrincipalKind::User),
        ("aws_iam_group_policy", _) => named(resource, "group", PrincipalKind::Group),
        _ => Vec::new(),
    }
}

/// The principals a property names: a literal name, `!Ref Role` (the logical id), or
/// `aws_iam_role.app.name` / `.id` (the address); a list of them.
fn named(resource: &Resource, property: &str, kind: PrincipalKind) -> Vec<Owner> {
    let Some(node) = resource.property(property) else {
        return Vec::new();
    };
    let items: Vec<&Node> = match &node.value {
        Value::Array(items) => items.iter().collect(),
        _ => vec![node],
    };
    items
        .into_iter()
        .filter_map(|n| {
            let name = match &n.value {
                Value::String(s) => s.clone(),
                Value::Unknown(u) if u.pattern.is_none() => {
                    let [part] = u.parts.as_slice() else {
                        return None;
                    };
                    // `aws_iam_role.app.name` is the role `aws_iam_role.app`; `Role.Arn`, `Role`.
                    match part.reference.split('.').collect::<Vec<_>>().as_slice() {
                        [ty, name, _] => format!("{ty}.{name}"),
                        [id, ..] => (*id).to_string(),
                        [] => return None,
                    }
                }
                _ => return None,
            };
            Some(Owner { kind, name })
        })
        .collect()
}
