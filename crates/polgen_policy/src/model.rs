//! The IAM policy document model. Every element keeps its span so findings can point at it.
//!
//! The model is lenient: it is built from whatever the document contains, and everything
//! that breaks IAM's grammar is recorded as a [`GrammarIssue`] (reported by the
//! `policy-grammar` rule) instead of stopping the build, so other rules still run.

use polgen_source::Span;

use crate::operator::OperatorKind;
use crate::value::Node;

/// What kind of policy a document is; decides which elements are legal and which rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    /// Attached to a user, group or role: no `Principal`.
    Identity,
    /// Attached to a resource (bucket, key, queue, ...): every statement names a `Principal`.
    Resource,
    /// A role's trust policy: who may assume the role.
    Trust,
    /// AWS Organizations service control policy.
    ServiceControl,
    /// AWS Organizations resource control policy.
    ResourceControl,
}

impl PolicyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity",
            PolicyKind::Resource => "resource",
            PolicyKind::Trust => "trust",
            PolicyKind::ServiceControl => "scp",
            PolicyKind::ResourceControl => "rcp",
        }
    }

    pub fn parse(s: &str) -> Option<PolicyKind> {
        match s.to_ascii_lowercase().as_str() {
            "identity" => Some(PolicyKind::Identity),
            "resource" => Some(PolicyKind::Resource),
            "trust" => Some(PolicyKind::Trust),
            "scp" | "service-control" => Some(PolicyKind::ServiceControl),
            "rcp" | "resource-control" => Some(PolicyKind::ResourceControl),
            _ => None,
        }
    }

    /// Policies whose statements must name a principal.
    pub fn has_principals(self) -> bool {
        matches!(
            self,
            PolicyKind::Resource | PolicyKind::Trust | PolicyKind::ResourceControl
        )
    }
}

/// How much of a string is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrKind {
    /// Written out in full in the source.
    Literal,
    /// Partly computed at deploy time; `Str::value` has `*` in place of each unknown part.
    Pattern,
    /// Computed at deploy time, shape unknown; `Str::value` is the display text.
    Opaque,
}

/// A string element of a policy (an action, a resource ARN, a principal, a condition value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Str {
    pub value: String,
    pub span: Span,
    pub kind: StrKind,
    /// For a value known at deploy time: the parts whose origin the host file tells.
    pub parts: Vec<crate::value::Part>,
}

impl Str {
    pub fn literal(value: impl Into<String>, span: Span) -> Self {
        Self {
            value: value.into(),
            span,
            kind: StrKind::Literal,
            parts: Vec::new(),
        }
    }

    /// The text when it is written out in full. Rules that judge the exact text (wildcards,
    /// spelling) must use this, so they never fire on something computed at deploy time.
    pub fn as_literal(&self) -> Option<&str> {
        (self.kind == StrKind::Literal).then_some(self.value.as_str())
    }

    /// The text with unknown parts as `*`, for rules that may match shapes (ARN types).
    pub fn as_pattern(&self) -> Option<&str> {
        (self.kind != StrKind::Opaque).then_some(self.value.as_str())
    }

    pub fn is_literal(&self) -> bool {
        self.kind == StrKind::Literal
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// `Action`/`NotAction`, `Resource`/`NotResource`: a list of strings, possibly negated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrList {
    /// `true` for `NotAction` / `NotResource` / `NotPrincipal`.
    pub negated: bool,
    /// The span of the element's key (`"Action"`).
    pub key_span: Span,
    /// The span of the whole value (string or array).
    pub value_span: Span,
    pub items: Vec<Str>,
    /// `false` when the value is not shaped like a list (unknown at deploy time, or wrong
    /// type): rules must not conclude anything from `items` being empty then.
    pub complete: bool,
}

/// The type of a principal entry: the key inside a `Principal` object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrincipalType {
    Aws,
    Service,
    Federated,
    CanonicalUser,
    Other(String),
}

impl PrincipalType {
    pub fn as_str(&self) -> &str {
        match self {
            PrincipalType::Aws => "AWS",
            PrincipalType::Service => "Service",
            PrincipalType::Federated => "Federated",
            PrincipalType::CanonicalUser => "CanonicalUser",
            PrincipalType::Other(s) => s,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrincipalEntry {
    pub ty: PrincipalType,
    pub ty_span: Span,
    pub values: Vec<Str>,
}

/// `Principal` / `NotPrincipal`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principals {
    pub negated: bool,
    pub key_span: Span,
    pub value_span: Span,
    /// `"Principal": "*"`: everyone, anonymous included.
    pub everyone: Option<Span>,
    pub entries: Vec<PrincipalEntry>,
}

impl Principals {
    /// Every principal value with its type.
    pub fn values(&self) -> impl Iterator<Item = (&PrincipalType, &Str)> {
        self.entries
            .iter()
            .flat_map(|e| e.values.iter().map(move |v| (&e.ty, v)))
    }

    /// `"*"` or `{"AWS": "*"}`: anyone at all.
    pub fn is_everyone(&self) -> bool {
        self.everyone.is_some()
            || self
                .values()
                .any(|(t, v)| *t == PrincipalType::Aws && v.as_literal() == Some("*"))
    }
}

/// The set operator prefix of a condition operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetQualifier {
    ForAllValues,
    ForAnyValue,
}

/// A parsed condition operator such as `ForAnyValue:StringLikeIfExists`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operator {
    /// As written.
    pub text: String,
    pub span: Span,
    pub qualifier: Option<SetQualifier>,
    /// The operator without qualifier and `IfExists`, e.g. `StringLike`.
    pub kind: &'static OperatorKind,
    pub if_exists: bool,
}

/// A condition value (strings, booleans and numbers are all legal in IAM).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CondValue {
    pub str: Str,
    pub json: JsonKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonKind {
    String,
    Bool,
    Number,
    Null,
    Other,
    Unknown,
}

/// One `operator: { key: values }` entry of a `Condition` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub operator: Operator,
    pub key: Str,
    /// The span of the value (string or array).
    pub values_span: Span,
    pub values: Vec<CondValue>,
    /// `true` when the value was written as an array.
    pub values_is_array: bool,
}

impl Condition {
    pub fn key_is(&self, key: &str) -> bool {
        self.key.value.eq_ignore_ascii_case(key)
    }

    /// Whether the condition has values and every one is literally `value`, ignoring ASCII
    /// case (`"true"`, `"false"`: how IAM reads `Bool` and `Null` values).
    pub fn all_values_are(&self, value: &str) -> bool {
        !self.values.is_empty()
            && self.values.iter().all(|v| {
                v.str
                    .as_literal()
                    .is_some_and(|s| s.eq_ignore_ascii_case(value))
            })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// 0-based position in the `Statement` array.
    pub index: usize,
    pub span: Span,
    pub sid: Option<Str>,
    pub effect: Option<(Effect, Span)>,
    pub principal: Option<Principals>,
    pub action: Option<StrList>,
    pub resource: Option<StrList>,
    /// Span of the `Condition` key, if present.
    pub condition_span: Option<Span>,
    pub conditions: Vec<Condition>,
    /// Where the builder first dropped part of the `Condition` block (computed at deploy time,
    /// wrong type, unknown operator, a value it cannot read), the span of its grammar issue if
    /// it reported one; `None` when the block was read whole. When `Some`, `conditions` holds
    /// only part of the block: nothing may be concluded from it alone.
    pub unread_condition: Option<Span>,
    /// Where part of the `Condition` block whose keys are unknown is computed at deploy time
    /// (a CloudFormation intrinsic or a Terraform expression in place of the block or of an
    /// operator's keys): what the block narrows cannot be known. A computed *value* of a known
    /// key is kept in `conditions` as a non-literal [`Str`]. An empty block, a typo or a value
    /// of the wrong type is not computed: it narrows nothing.
    pub computed_condition: Option<Span>,
}

impl Statement {
    pub fn is_allow(&self) -> bool {
        matches!(self.effect, Some((Effect::Allow, _)))
    }

    pub fn is_deny(&self) -> bool {
        matches!(self.effect, Some((Effect::Deny, _)))
    }

    /// A readable name for messages: `statement \`Sid\`` or `statement 3`.
    pub fn label(&self) -> String {
        match &self.sid {
            Some(sid) if !sid.value.is_empty() => format!("statement `{}`", sid.value),
            _ => format!("statement {}", self.index + 1),
        }
    }

    /// A stable path such as `Statement[2]` for fingerprints.
    pub fn path(&self) -> String {
        format!("Statement[{}]", self.index)
    }

    /// `Statement[i].Condition.OPERATOR.KEY` of one of this statement's conditions, as written.
    pub fn condition_path(&self, c: &Condition) -> String {
        format!(
            "{}.Condition.{}.{}",
            self.path(),
            c.operator.text,
            c.key.value
        )
    }

    /// Conditions on a given key (case-insensitive, as IAM compares keys).
    pub fn conditions_on<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Condition> + 'a {
        self.conditions.iter().filter(move |c| c.key_is(key))
    }
}

/// A grammar violation found while building the model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrammarIssue {
    pub span: Span,
    pub message: String,
    pub help: String,
    /// Access Analyzer's finding code for the same problem, when there is one.
    pub aa_code: Option<&'static str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PolicyDocument {
    /// The document's own node (a policy inside a template is a sub-tree of the host file).
    pub root: Node,
    pub version: Option<Str>,
    pub id: Option<Str>,
    /// The span of the `Statement` key, if present.
    pub statement_key_span: Option<Span>,
    pub statements: Vec<Statement>,
    pub kind: PolicyKind,
    /// `true` when `kind` came from the user (`--policy-type`) or the host format rather
    /// than from the content.
    pub kind_is_explicit: bool,
    pub grammar_issues: Vec<GrammarIssue>,
}

impl PolicyDocument {
    pub fn allow_statements(&self) -> impl Iterator<Item = &Statement> {
        self.statements.iter().filter(|s| s.is_allow())
    }
}
