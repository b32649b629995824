//! Finds the resources of a template and every IAM policy in them.

use polgen_iac::embedded::{self, Hole, Quoting};
use polgen_iac::{EmbeddedPolicy, HostDocument, HostFormat, HostSyntaxError, Resource};
use polgen_policy::{Member, Node, PolicyKind, Value};
use polgen_source::{OffsetMap, Span};

use crate::intrinsics::{Scope, resolve, sub_holes, sub_pattern};

/// Where policies live in each resource type: (type, property, kind, is a list of
/// `{PolicyName, PolicyDocument}`).
const POLICY_PROPERTIES: &[(&str, &str, Option<PolicyKind>)] = &[
    (
        "AWS::IAM::Role",
        "AssumeRolePolicyDocument",
        Some(PolicyKind::Trust),
    ),
    (
        "AWS::IAM::Policy",
        "PolicyDocument",
        Some(PolicyKind::Identity),
    ),
    (
        "AWS::IAM::ManagedPolicy",
        "PolicyDocument",
        Some(PolicyKind::Identity),
    ),
    (
        "AWS::IAM::RolePolicy",
        "PolicyDocument",
        Some(PolicyKind::Identity),
    ),
    (
        "AWS::IAM::UserPolicy",
        "PolicyDocument",
        Some(PolicyKind::Identity),
    ),
    (
        "AWS::IAM::GroupPolicy",
        "PolicyDocument",
        Some(PolicyKind::Identity),
    ),
    (
        "AWS::SSO::PermissionSet",
        "InlinePolicy",
        Some(PolicyKind::Identity),
    ),
    (
        "AWS::S3::BucketPolicy",
        "PolicyDocument",
        Some(PolicyKind::Resource),
    ),
    ("AWS::S3::AccessPoint", "Policy", Some(PolicyKind::Resource)),
    (
        "AWS::S3Express::BucketPolicy",
        "PolicyDocument",
        Some(PolicyKind::Resource),
    ),
    (
        "AWS::SQS::QueuePolicy",
        "PolicyDocument",
        Some(PolicyKind::Resource),
    ),
    (
        "AWS::SNS::TopicPolicy",
        "PolicyDocument",
        Some(PolicyKind::Resource),
    ),
    ("AWS::KMS::Key", "KeyPolicy", Some(PolicyKind::Resource)),
    (
        "AWS::KMS::ReplicaKey",
        "KeyPolicy",
        Some(PolicyKind::Resource),
    ),
    (
        "AWS::SecretsManager::ResourcePolicy",
        "ResourcePolicy",
        Some(PolicyKind::Resource),
    ),
    (
        "AWS::ECR::Repository",
        "RepositoryPolicyText",
        Some(PolicyKind::Resource),
    ),
    (
        "AWS::ECR::RegistryPolicy",
        "PolicyText",
        Some(PolicyKind::Resource),
    ),
    (
        "AWS::Logs::ResourcePolicy",
        "PolicyDocument",
        Some(PolicyKind::Resource),
    ),
    (
        "AWS::Logs::Destination",
        "DestinationPolicy",
        Some(PolicyKind::Resource),
    ),
    (
        "AWS::OpenSearchService::Domain",
        "AccessPolicies",
        Some(PolicyKind::Resource),
    ),
    (
        "AWS::Elasticsearch::Domain",
        "AccessPolicies",
        Some(PolicyKind::Resource),
    ),
    (
        "AWS::ApiGateway::RestApi",
        "Policy",
        Some(PolicyKind::Resource),
    ),
    (
        "AWS::EFS::FileSystem",
        "FileSystemPolicy",
        Some(PolicyKind::Resource),
    ),
    (
        "AWS::Backup::BackupVault",
        "AccessPolicy",
        Some(PolicyKind::Resource),
    ),
    (
        "AWS::CodeArtifact::Domain",
        "PermissionsPolicyDocument",
        Some(PolicyKind::Resource),
    ),
    (
        "AWS::CodeArtifact::Repository",
        "PermissionsPolicyDocument",
        Some(PolicyKind::Resource),
    ),
    (
        "AWS::Events::EventBus",
        "Policy",
        Some(PolicyKind::Resource),
    ),
    (
        "AWS::Glue::ResourcePolicy",
        "PolicyInJson",
        Some(PolicyKind::Resource),
    ),
    ("AWS::Lambda::Permission", "", Some(PolicyKind::Resource)),
];

/// Resource types with a `Policies: [{PolicyName, PolicyDocument}]` list of inline policies.
const INLINE_POLICY_LISTS: &[&str] = &["AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"];

/// Builds the host model of a parsed template (`root` still holds intrinsic objects).
pub fn extract(root: &Node, text: &str) -> HostDocument {
    let mut doc = HostDocument::new(HostFormat::CloudFormation);
    let scope = Scope::of(root);
    for (section, ty) in [("Parameters", "Parameter"), ("Mappings", "Mapping")] {
        for m in root
            .get(section)
            .and_then(|s| s.value.as_object())
            .unwrap_or(&[])
        {
            let mut properties = m.value.clone();
            resolve(&mut properties, text, &scope);
            doc.resources.push(Resource {
                address: m.key.clone(),
                ty: ty.to_string(),
                span: m.key_span,
                extent: m.key_span.cover(m.value.span),
                properties,
            });
        }
    }
    let resources = root
        .get("Resources")
        .and_then(|r| r.value.as_object())
        .unwrap_or(&[]);
    for m in resources {
        let ty = m
            .value
            .get("Type")
            .and_then(|t| t.value.as_str())
            .unwrap_or("");
        let raw_props = m.value.get("Properties").map(|p| &p.value);
        let mut properties = raw_props
            .cloned()
            .unwrap_or_else(|| Node::new(Value::Object(Vec::new()), m.key_span));
        resolve(&mut properties, text, &scope);
        // `Metadata` is kept for suppressions and tooling; it is not a property.
        if let Some(meta) = m.value.get("Metadata") {
            let mut meta_node = meta.value.clone();
            resolve(&mut meta_node, text, &scope);
            if let Value::Object(members) = &mut properties.value {
                members.push(Member {
                    key: "Metadata".to_string(),
                    key_span: meta.key_span,
                    value: meta_node,
                });
            }
        }
        let resource = Resource {
            address: m.key.clone(),
            ty: ty.to_string(),
            span: m.key_span,
            extent: m.key_span.cover(m.value.span),
            properties,
        };
        if let Some(meta) = m.value.get("Metadata") {
            metadata_suppressions(&resource, &meta.value, &mut doc);
        }
        if let Some(raw) = raw_props {
            find_policies(&resource, raw, text, &scope, &mut doc);
        }
        doc.resources.push(resource);
    }
    doc
}

/// `Metadata: {polgen: {ignore: [RULE-ID, {id: RULE-ID, reason: why}]}}` on a resource.
fn metadata_suppressions(resource: &Resource, metadata: &Node, doc: &mut HostDocument) {
    let Some(ignore) = metadata.get("polgen").and_then(|p| p.value.get("ignore")) else {
        return;
    };
    let entries: Vec<&Node> = match &ignore.value.value {
        Value::Array(items) => items.iter().collect(),
        _ => vec![&ignore.value],
    };
    for entry in entries {
        let (rule, reason) = match &entry.value {
            Value::String(id) => (Some(id.clone()), None),
            Value::Object(_) => (
                entry
                    .get("id")
                    .and_then(|m| m.value.as_str())
                    .map(str::to_string),
                entry
                    .get("reason")
                    .and_then(|m| m.value.as_str())
                    .map(str::to_string),
            ),
            _ => (None, None),
        };
        if let Some(rule) = rule {
            doc.suppressions.push(polgen_iac::Suppression {
                rules: vec![rule],
                reason: reason.filter(|r| !r.trim().is_empty()),
                span: entry.span,
                covers: resource.extent,
            });
        }
    }
}

fn find_policies(
    resource: &Resource,
    raw: &Node,
    text: &str,
    scope: &Scope,
    doc: &mut HostDocument,
) {
    let ty = resource.ty.as_str();
    for &(t, property, kind) in POLICY_PROPERTIES {
        if t != ty {
            continue;
        }
        if ty == "AWS::Lambda::Permission" {
            if let Some(p) =
                polgen_iac::lambda::permission(resource, &polgen_iac::lambda::CLOUDFORMATION)
            {
                doc.policies.push(p);
            }
            continue;
        }
        if let Some(m) = raw.get(property) {
            policy(
                resource,
                property.to_string(),
                &m.value,
                kind,
                text,
                scope,
                doc,
            );
        }
    }
    if INLINE_POLICY_LISTS.contains(&ty) {
        for (i, item) in raw
            .get("Policies")
            .and_then(|p| p.value.as_array())
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            if let Some(m) = item.get("PolicyDocument") {
                let path = format!("Policies[{i}].PolicyDocument");
                policy(
                    resource,
                    path,
                    &m.value,
                    Some(PolicyKind::Identity),
                    text,
                    scope,
                    doc,
                );
            }
        }
    }
    if ty == "AWS::Organizations::Policy" {
        let kind = match resource.property("Type").and_then(Node::as_str) {
            Some("SERVICE_CONTROL_POLICY") => Some(PolicyKind::ServiceControl),
            Some("RESOURCE_CONTROL_POLICY") => Some(PolicyKind::ResourceControl),
            _ => None,
        };
        if let (Some(kind), Some(m)) = (kind, raw.get("Content")) {
            policy(
                resource,
                "Content".to_string(),
                &m.value,
                Some(kind),
                text,
                scope,
                doc,
            );
        }
    }
    if ty == "AWS::Serverless::Function" || ty == "AWS::Serverless::StateMachine" {
        sam_policies(resource, raw, text, scope, doc);
    }
}

/// SAM `Policies`: a managed policy name, a SAM policy template, a policy document, or a
/// list of those. Only the documents are policies polgen can read.
fn sam_policies(
    resource: &Resource,
    raw: &Node,
    text: &str,
    scope: &Scope,
    doc: &mut HostDocument,
) {
    let Some(m) = raw.get("Policies") else { return };
    let items: Vec<(String, &Node)> = match &m.value.value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("Policies[{i}]"), n))
            .collect(),
        _ => vec![("Policies".to_string(), &m.value)],
    };
    for (path, item) in items {
        if item.get("Statement").is_some() {
            policy(
                resource,
                path,
                item,
                Some(PolicyKind::Identity),
                text,
                scope,
                doc,
            );
        }
    }
}

/// Adds the policy written at `node`: an object, a JSON string, or a `Fn::Sub` of one.
fn policy(
    resource: &Resource,
    path: String,
    node: &Node,
    kind: Option<PolicyKind>,
    text: &str,
    scope: &Scope,
    doc: &mut HostDocument,
) {
    let conditions = if_conditions(node);
    if conditions.is_empty() || conditions.len() > MAX_IF_CONDITIONS {
        policy_variant(resource, path, node, kind, text, scope, doc);
        return;
    }
    // Judge every choice of branches: a finding in either branch is reported, naming it.
    for choice in 0..(1u32 << conditions.len()) {
        let mut variant = node.clone();
        let is_true = |i: usize| choice & (1 << i) == 0;
        if choose_branches(&mut variant, &conditions, &is_true) {
            continue;
        }
        let label = conditions
            .iter()
            .enumerate()
            .map(|(i, c)| format!("condition `{c}` is {}", is_true(i)))
            .collect::<Vec<_>>()
            .join(" and ");
        let before = doc.policies.len();
        policy_variant(resource, path.clone(), &variant, kind, text, scope, doc);
        if doc.policies.len() > before {
            doc.variants.push((before, label));
        }
    }
}

/// More distinct `Fn::If` conditions than this in one policy are left unknown (2^N variants).
const MAX_IF_CONDITIONS: usize = 3;

/// The `Fn::If` node's parts: condition name, then, else.
fn if_parts(node: &Node) -> Option<(&str, &Node, &Node)> {
    let [m] = node.as_object()? else { return None };
    if m.key != "Fn::If" {
        return None;
    }
    match m.value.as_array()? {
        [c, a, b] => Some((c.as_str()?, a, b)),
        _ => None,
    }
}

/// The distinct conditions of the `Fn::If`s in `node`, in order of appearance.
fn if_conditions(node: &Node) -> Vec<String> {
    fn walk(node: &Node, out: &mut Vec<String>) {
        if let Some((c, _, _)) = if_parts(node)
            && !out.iter().any(|o| o == c)
        {
            out.push(c.to_string());
        }
        match &node.value {
            Value::Array(items) => items.iter().for_each(|n| walk(n, out)),
            Value::Object(members) => members.iter().for_each(|m| walk(&m.value, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(node, &mut out);
    out
}

fn is_no_value(node: &Node) -> bool {
    matches!(node.as_object(), Some([m]) if m.key == "Ref" && m.value.as_str() == Some("AWS::NoValue"))
}

/// Replaces each `Fn::If` by the branch `is_true` picks; `AWS::NoValue` removes the element
/// or member. Returns whether `node` itself is removed.
fn choose_branches(
    node: &mut Node,
    conditions: &[String],
    is_true: &dyn Fn(usize) -> bool,
) -> bool {
    if let Some((c, a, b)) = if_parts(node)
        && let Some(i) = conditions.iter().position(|x| x == c)
    {
        let chosen = if is_true(i) { a.clone() } else { b.clone() };
        if is_no_value(&chosen) {
            return true;
        }
        *node = chosen;
        return choose_branches(node, conditions, is_true);
    }
    match &mut node.value {
        Value::Array(items) => items.retain_mut(|n| !choose_branches(n, conditions, is_true)),
        Value::Object(members) => {
            members.retain_mut(|m| !choose_branches(&mut m.value, conditions, is_true))
        }
        _ => {}
    }
    false
}

/// Adds one policy (one choice of its `Fn::If` branches, if any).
fn policy_variant(
    resource: &Resource,
    path: String,
    node: &Node,
    kind: Option<PolicyKind>,
    text: &str,
    scope: &Scope,
    doc: &mut HostDocument,
) {
    let context = format!("in `{}` ({path})", resource.address);
    let parsed = match &node.value {
        Value::String(s) => embedded_string(s, node.span, text, scope, &[]),
        Value::Object(members) => match members.as_slice() {
            [m] if m.key == "Fn::Sub" => {
                let template = match &m.value.value {
                    Value::Array(items) => items.first(),
                    _ => Some(&m.value),
                };
                match template {
                    Some(
                        t @ Node {
                            value: Value::String(s),
                            ..
                        },
                    ) => {
                        let holes = sub_holes_of(s, scope);
                        embedded_string(s, t.span, text, scope, &holes)
                    }
                    _ => return,
                }
            }
            _ => {
                let mut root = node.clone();
                resolve(&mut root, text, scope);
                Ok(root)
            }
        },
        _ => return,
    };
    match parsed {
        Ok(root) if matches!(root.value, Value::Object(_)) => doc.policies.push(EmbeddedPolicy {
            resource: resource.address.clone(),
            path,
            kind,
            root,
        }),
        Ok(_) => {}
        Err(mut e) => {
            e.context = Some(context);
            doc.errors.push(e);
        }
    }
}

/// Parses a policy written as a JSON string at `span` of the template, mapping positions
/// back into the template.
fn embedded_string(
    value: &str,
    span: Span,
    text: &str,
    scope: &Scope,
    holes: &[Hole],
) -> Result<Node, HostSyntaxError> {
    let raw = text.get(span.range()).unwrap_or("");
    let literal = |s: &str| sub_pattern(s).0;
    // A block scalar or plain scalar is the JSON text itself, indentation aside; a quoted
    // one has escapes to undo.
    let (decoded, map) = if raw == value
        || (!raw.starts_with(['"', '\'']) && !raw.is_empty() && json_equivalent(raw, value))
    {
        (raw.to_string(), OffsetMap::verbatim(span.start, span.len()))
    } else if let Some((d, m)) =
        embedded::decode_quoted(raw, span.start, Quoting::Json).filter(|(d, _)| d == value)
    {
        (d, m)
    } else {
        // Unknown quoting (YAML folding, single quotes with escapes): findings land on the
        // whole string.
        let mut map = OffsetMap::new();
        map.push(0, span.start);
        map.set_host_end(span.start);
        (value.to_string(), map)
    };
    let holes: Vec<Hole> = if decoded.as_str() == value {
        holes.to_vec()
    } else {
        // The holes were found in the decoded value; a verbatim block has the same offsets
        // only when nothing was re-indented, so recompute them on what is parsed.
        sub_holes_of(&decoded, scope)
    };
    let use_holes: &[Hole] = if holes_expected(&decoded) {
        &holes
    } else {
        &[]
    };
    embedded::parse_json(&decoded, &map, use_holes, &literal).map(|e| e.root)
}

/// The `${Var}` holes of a `Fn::Sub` template, each saying what it is when the template tells.
fn sub_holes_of(template: &str, scope: &Scope) -> Vec<Hole> {
    sub_holes(template)
        .into_iter()
        .map(|range| {
            let name = template.get(range.start + 2..range.end - 1).unwrap_or("");
            Hole {
                origin: scope.origin(name.trim()),
                range,
            }
        })
        .collect()
}

fn holes_expected(text: &str) -> bool {
    text.contains("${")
}

/// Whether a block scalar's raw text holds the same JSON as its value (they differ only in
/// indentation and line breaks, which JSON ignores outside strings).
fn json_equivalent(raw: &str, value: &str) -> bool {
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    squash(raw) == squash(value)
}
