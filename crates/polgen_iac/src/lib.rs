//! The host-file model shared by the infrastructure-as-code front-ends
//! (`polgen_cloudformation`, `polgen_terraform`) and the IaC rules.
//!
//! A front-end reads a template, a `.tf` file or a plan and produces a [`HostDocument`]:
//! the resources it declares (with their properties as a spanned [`Node`] tree) and every
//! IAM policy found in them, each with spans into the host file. The IAM rules run on the
//! policies unchanged; the IaC rules look at the resources.

use polgen_policy::{Node, PolicyKind, Value};
use polgen_source::Span;

pub mod embedded;
pub mod lambda;
pub mod suppress;

pub use suppress::Suppression;

/// The kind of host file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostFormat {
    CloudFormation,
    Terraform,
    TerraformPlan,
}

impl HostFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            HostFormat::CloudFormation => "CloudFormation template",
            HostFormat::Terraform => "Terraform configuration",
            HostFormat::TerraformPlan => "Terraform plan",
        }
    }
}

/// A resource (or data source, provider, variable) declared in the host file.
#[derive(Clone, Debug)]
pub struct Resource {
    /// How users name it: the logical id (`AdminRole`) or the address (`aws_iam_role.admin`).
    pub address: String,
    /// The resource type: `AWS::IAM::Role`, `aws_iam_role`, `provider.aws`, `variable`.
    pub ty: String,
    /// Where the resource is declared (its logical id or block labels).
    pub span: Span,
    /// Its properties / attributes (an object; nested blocks are members too).
    pub properties: Node,
    /// The whole declaration, from its name to its last property.
    pub extent: Span,
}

impl Resource {
    /// The property `name`, if present.
    pub fn property(&self, name: &str) -> Option<&Node> {
        self.properties.get(name).map(|m| &m.value)
    }

    /// The span of the key `name` in the properties, for findings about a missing/present key.
    pub fn property_key_span(&self, name: &str) -> Option<Span> {
        self.properties.get(name).map(|m| m.key_span)
    }
}

/// An IAM policy found in the host file; its spans point into the host file.
#[derive(Clone, Debug)]
pub struct EmbeddedPolicy {
    /// The address of the resource holding it.
    pub resource: String,
    /// Where in the resource: `Policies[0].PolicyDocument`, `assume_role_policy`, ...
    pub path: String,
    /// The kind the context implies (a role's trust policy, a bucket policy); `None` to detect.
    pub kind: Option<PolicyKind>,
    pub root: Node,
}

/// A policy given as `file("...")`: the referenced JSON file is linted as this policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileReference {
    /// The address of the resource holding it.
    pub resource: String,
    /// The attribute: `assume_role_policy`, `policy`, ...
    pub path: String,
    /// The kind the attribute implies (trust for `assume_role_policy`).
    pub kind: Option<PolicyKind>,
    /// The `file(...)` call in the host file.
    pub span: Span,
    pub target: FileTarget,
}

/// Where a `file(...)` argument leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileTarget {
    /// A path relative to the host file's folder (`path.module`/`path.root` resolved), or absolute.
    Path(String),
    /// A path only Terraform knows (`var.dir`, `path.cwd`); as written.
    Unknown(String),
}

/// A Vault ACL policy found in the host file (Terraform `vault_policy`, `data
/// "vault_policy_document"`), as the spanned tree the Vault model is built from; its spans
/// point into the host file and values it cannot know are [`Value::Unknown`].
#[derive(Clone, Debug)]
pub struct EmbeddedVaultPolicy {
    /// The address of the resource holding it.
    pub resource: String,
    /// Where in the resource: `policy`, `rule`.
    pub path: String,
    pub root: Node,
}

/// A part of the host file that cannot be parsed (an embedded JSON policy string with a
/// syntax error, a YAML error): reported as `syntax-error`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostSyntaxError {
    pub span: Span,
    pub message: String,
    /// Where it is, e.g. `in the policy of `AdminRole``.
    pub context: Option<String>,
    /// For a duplicate key: where the key is first defined.
    pub first: Option<Span>,
}

/// Everything a front-end found in one host file.
#[derive(Clone, Debug)]
pub struct HostDocument {
    pub format: HostFormat,
    pub resources: Vec<Resource>,
    pub policies: Vec<EmbeddedPolicy>,
    pub vault_policies: Vec<EmbeddedVaultPolicy>,
    pub errors: Vec<HostSyntaxError>,
    /// Policies given as `file("...")`, linted in the referenced file.
    pub file_references: Vec<FileReference>,
    /// `polgen:ignore` comments and metadata.
    pub suppressions: Vec<Suppression>,
    /// Policies written with `Fn::If`: each choice of branches is one entry of `policies`,
    /// named here by its index and the choice ("condition `IsProd` is true"). The variants
    /// of one policy share its resource and path.
    pub variants: Vec<(usize, String)>,
}

impl HostDocument {
    pub fn new(format: HostFormat) -> Self {
        Self {
            format,
            resources: Vec::new(),
            policies: Vec::new(),
            vault_policies: Vec::new(),
            errors: Vec::new(),
            file_references: Vec::new(),
            suppressions: Vec::new(),
            variants: Vec::new(),
        }
    }

    /// Turns `polgen:ignore` comments into suppressions: a comment just above a resource
    /// covers the whole resource, any other covers its target line.
    pub fn add_ignore_comments(&mut self, comments: Vec<suppress::IgnoreComment>) {
        for c in comments {
            let covers = self
                .resources
                .iter()
                .find(|r| {
                    c.target.start <= r.span.start
                        && r.span.start < c.target.end.max(c.target.start + 1)
                })
                .map_or(c.target, |r| r.extent);
            self.suppressions.push(Suppression {
                rules: c.rules,
                reason: c.reason,
                span: c.span,
                covers,
            });
        }
    }

    pub fn resource(&self, address: &str) -> Option<&Resource> {
        self.resources.iter().find(|r| r.address == address)
    }
}

/// A number as seconds or any integer, when the node is a literal number (or a string of
/// digits, as YAML and HCL often write numbers).
pub fn as_integer(node: &Node) -> Option<i64> {
    match &node.value {
        Value::Number(n) | Value::String(n) => n.trim().parse().ok(),
        _ => None,
    }
}

/// Calls `f` on every string of the tree with the key it is the value of (the nearest
/// object key above it), e.g. `("aws_secret_access_key", node)`.
pub fn for_each_string<'a>(node: &'a Node, f: &mut impl FnMut(Option<&'a str>, &'a Node)) {
    walk_strings(node, None, f);
}

fn walk_strings<'a>(
    node: &'a Node,
    key: Option<&'a str>,
    f: &mut impl FnMut(Option<&'a str>, &'a Node),
) {
    match &node.value {
        Value::String(_) => f(key, node),
        Value::Array(items) => items.iter().for_each(|n| walk_strings(n, key, f)),
        Value::Object(members) => members
            .iter()
            .for_each(|m| walk_strings(&m.value, Some(&m.key), f)),
        _ => {}
    }
}
