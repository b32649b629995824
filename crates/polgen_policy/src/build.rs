//! Builds a [`PolicyDocument`] from a value tree, recording every grammar violation.

use polgen_source::Span;

use crate::model::*;
use crate::value::{Member, Node, Value};

const TOP_LEVEL_ELEMENTS: &[&str] = &["Version", "Id", "Statement"];
const STATEMENT_ELEMENTS: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];
const PRINCIPAL_TYPES: &[&str] = &["AWS", "Service", "Federated", "CanonicalUser"];

/// The actions a role trust policy may grant.
pub const ROLE_ASSUMPTION_ACTIONS: &[&str] = &[
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
];

/// Builds the model of the policy document rooted at `root`. `kind` forces the policy
/// kind; otherwise it is detected from the content.
pub fn build(root: Node, kind: Option<PolicyKind>) -> PolicyDocument {
    let mut b = Builder { issues: Vec::new() };
    let mut doc = PolicyDocument {
        root: Node::new(Value::Null, root.span),
        version: None,
        id: None,
        statement_key_span: None,
        statements: Vec::new(),
        kind: kind.unwrap_or(PolicyKind::Identity),
        kind_is_explicit: kind.is_some(),
        grammar_issues: Vec::new(),
    };
    match &root.value {
        Value::Object(members) => b.document(members, &mut doc),
        Value::Unknown(_) => {}
        _ => b.issue(
            root.span,
            format!("a policy must be a JSON object, found {}", root.type_name()),
            "write the policy as an object with `Version` and `Statement`",
            Some("JSON_SYNTAX_ERROR"),
        ),
    }
    if kind.is_none() {
        doc.kind = detect_kind(&doc.statements);
    }
    b.kind_checks(&mut doc);
    b.principal_checks(&doc);
    doc.grammar_issues = b.issues;
    doc.root = root;
    doc
}

/// The element of a pair (`Action`/`NotAction`, `Resource`/`NotResource`,
/// `Principal`/`NotPrincipal`) whose value is computed at deploy time while its counterpart
/// is written out: the computed one may be null, and then it is not in the policy.
fn may_be_absent_beside(m: &Member, members: &[Member]) -> bool {
    let counterpart = match m.key.as_str() {
        "Action" => "NotAction",
        "NotAction" => "Action",
        "Resource" => "NotResource",
        "NotResource" => "Resource",
        "Principal" => "NotPrincipal",
        "NotPrincipal" => "Principal",
        _ => return false,
    };
    matches!(m.value.value, Value::Unknown(_))
        && members
            .iter()
            .any(|o| o.key == counterpart && !matches!(o.value.value, Value::Unknown(_)))
}

/// Identity policies name no principal; trust policies grant only role-assumption actions
/// to a principal; every other policy with principals is a resource policy.
pub fn detect_kind(statements: &[Statement]) -> PolicyKind {
    if !statements.iter().any(|s| s.principal.is_some()) {
        return PolicyKind::Identity;
    }
    let mut saw_action = false;
    let all_assume = statements.iter().all(|s| {
        s.action.as_ref().is_none_or(|a| {
            !a.negated
                && a.items.iter().all(|item| {
                    saw_action = true;
                    let v = item.value.as_str();
                    ROLE_ASSUMPTION_ACTIONS
                        .iter()
                        .any(|x| x.eq_ignore_ascii_case(v))
                })
        })
    });
    if all_assume && saw_action {
        PolicyKind::Trust
    } else {
        PolicyKind::Resource
    }
}

/// What reading a `Condition` block left out.
struct ConditionsRead {
    /// The first entry or value dropped.
    unread: Option<Span>,
    /// The first part computed at deploy time.
    computed: Option<Span>,
}

struct Builder {
    issues: Vec<GrammarIssue>,
}

fn did_you_mean(word: &str, candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .find(|c| c.eq_ignore_ascii_case(word))
        .or_else(|| {
            candidates
                .iter()
                .filter(|c| polgen_source::quote::may_be_misspelling(word, c))
                .map(|c| {
                    (
                        c,
                        edit_distance(&word.to_ascii_lowercase(), &c.to_ascii_lowercase()),
                    )
                })
                .filter(|(_, d)| *d <= 2)
                .min_by_key(|(_, d)| *d)
                .map(|(c, _)| c)
        })
        .map(|c| c.to_string())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn to_str(node: &Node) -> Option<Str> {
    match &node.value {
        Value::String(s) => Some(Str::literal(s.clone(), node.span)),
        Value::Unknown(u) => Some(match &u.pattern {
            Some(p) => Str {
                value: p.clone(),
                span: node.span,
                kind: StrKind::Pattern,
                parts: u.parts.clone(),
            },
            None => Str {
                value: u.display.clone(),
                span: node.span,
                kind: StrKind::Opaque,
                parts: u.parts.clone(),
            },
        }),
        _ => None,
    }
}

impl Builder {
    fn issue(
        &mut self,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
        aa_code: Option<&'static str>,
    ) {
        self.issues.push(GrammarIssue {
            span,
            message: message.into(),
            help: help.into(),
            aa_code,
        });
    }

    fn unknown_element(&mut self, m: &Member, allowed: &[&str], where_: &str) {
        let help = match did_you_mean(&m.key, allowed) {
            Some(s) => format!("did you mean `{s}`? Element names are case-sensitive"),
            None => format!(
                "the elements allowed {where_} are {}",
                allowed
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.issue(
            m.key_span,
            format!("unknown element `{}` {where_}", m.key),
            help,
            Some("INVALID_POLICY_ELEMENT"),
        );
    }

    fn document(&mut self, members: &[Member], doc: &mut PolicyDocument) {
        let mut statement: Option<&Member> = None;
        for m in members {
            match m.key.as_str() {
                "Version" => match to_str(&m.value) {
                    Some(v) => {
                        if v.is_literal() && v.value != "2012-10-17" && v.value != "2008-10-17" {
                            self.issue(
                                v.span,
                                format!("invalid policy version `{}`", v.value),
                                "use `\"Version\": \"2012-10-17\"`, the current policy language version",
                                Some("INVALID_VERSION"),
                            );
                        }
                        doc.version = Some(v);
                    }
                    None => self.type_error(&m.value, "`Version`", "a string", "INVALID_VERSION"),
                },
                "Id" => match to_str(&m.value) {
                    Some(v) => doc.id = Some(v),
                    None => self.type_error(&m.value, "`Id`", "a string", "DATA_TYPE_MISMATCH"),
                },
                "Statement" => statement = Some(m),
                _ => self.unknown_element(m, TOP_LEVEL_ELEMENTS, "at the top level of a policy"),
            }
        }
        let Some(statement) = statement else {
            self.issue(
                Span::new(doc_start(members), doc_start(members)),
                "policy has no `Statement`",
                "add a `Statement` array with at least one statement",
                Some("MISSING_STATEMENT"),
            );
            return;
        };
        doc.statement_key_span = Some(statement.key_span);
        match &statement.value.value {
            Value::Object(_) => {
                if let Some(s) = self.statement(&statement.value, 0) {
                    doc.statements.push(s);
                }
            }
            Value::Array(items) => {
                if items.is_empty() {
                    self.issue(
                        statement.value.span,
                        "`Statement` is empty",
                        "add at least one statement",
                        Some("MISSING_STATEMENT"),
                    );
                }
                for (i, item) in items.iter().enumerate() {
                    if let Some(s) = self.statement(item, i) {
                        doc.statements.push(s);
                    }
                }
            }
            Value::Unknown(_) => {}
            _ => self.type_error(
                &statement.value,
                "`Statement`",
                "an object or an array of objects",
                "DATA_TYPE_MISMATCH",
            ),
        }
    }

    fn type_error(&mut self, node: &Node, what: &str, expected: &str, code: &'static str) {
        self.issue(
            node.span,
            format!("{what} must be {expected}, found {}", node.type_name()),
            format!("write {what} as {expected}"),
            Some(code),
        );
    }

    fn statement(&mut self, node: &Node, index: usize) -> Option<Statement> {
        let members = match &node.value {
            Value::Object(m) => m,
            Value::Unknown(_) => return None,
            _ => {
                self.type_error(node, "a statement", "an object", "DATA_TYPE_MISMATCH");
                return None;
            }
        };
        let mut st = Statement {
            index,
            span: node.span,
            sid: None,
            effect: None,
            principal: None,
            action: None,
            resource: None,
            condition_span: None,
            conditions: Vec::new(),
            unread_condition: None,
            computed_condition: None,
        };
        let mut seen: Vec<&Member> = Vec::new();
        for m in members {
            // A value computed at deploy time may be null, which IaC tools leave out: beside
            // its known counterpart (`Action` and an unknown `NotAction`) it is not there.
            if may_be_absent_beside(m, members) {
                continue;
            }
            match m.key.as_str() {
                "Sid" => match to_str(&m.value) {
                    Some(s) => st.sid = Some(s),
                    None => self.type_error(&m.value, "`Sid`", "a string", "DATA_TYPE_MISMATCH"),
                },
                "Effect" => match &m.value.value {
                    Value::String(e) if e == "Allow" => {
                        st.effect = Some((Effect::Allow, m.value.span))
                    }
                    Value::String(e) if e == "Deny" => {
                        st.effect = Some((Effect::Deny, m.value.span))
                    }
                    Value::String(e) => {
                        let help = match did_you_mean(e, &["Allow", "Deny"]) {
                            Some(s) => format!("write `\"{s}\"`: the value is case-sensitive"),
                            None => "`Effect` must be `\"Allow\"` or `\"Deny\"`".to_string(),
                        };
                        self.issue(
                            m.value.span,
                            format!("invalid effect `{e}`"),
                            help,
                            Some("INVALID_EFFECT"),
                        );
                    }
                    Value::Unknown(_) => {}
                    _ => self.type_error(
                        &m.value,
                        "`Effect`",
                        "the string `\"Allow\"` or `\"Deny\"`",
                        "INVALID_EFFECT",
                    ),
                },
                "Action" | "NotAction" => {
                    st.action = self.str_list(m, "an action string or an array of action strings");
                    if let Some(list) = &st.action {
                        for item in &list.items {
                            if let Some(a) = item.as_literal() {
                                self.check_action_syntax(a, item.span);
                            }
                        }
                    }
                }
                "Resource" | "NotResource" => {
                    st.resource = self.str_list(m, "an ARN string or an array of ARN strings")
                }
                "Principal" | "NotPrincipal" => st.principal = self.principals(m),
                "Condition" => {
                    st.condition_span = Some(m.key_span);
                    let read = self.conditions(&m.value, &mut st.conditions);
                    st.unread_condition = st.unread_condition.or(read.unread);
                    st.computed_condition = st.computed_condition.or(read.computed);
                }
                _ => self.unknown_element(m, STATEMENT_ELEMENTS, "in a statement"),
            }
            seen.push(m);
        }
        let has = |k: &str| seen.iter().any(|m| m.key == k);
        let key_span = |k: &str| seen.iter().find(|m| m.key == k).map(|m| m.key_span);
        for (a, b) in [
            ("Action", "NotAction"),
            ("Resource", "NotResource"),
            ("Principal", "NotPrincipal"),
        ] {
            let both_written = seen
                .iter()
                .filter(|m| m.key == a || m.key == b)
                .all(|m| !matches!(m.value.value, Value::Unknown(_)));
            if has(a) && has(b) && both_written {
                self.issue(
                    key_span(b).unwrap_or(node.span),
                    format!("{} has both `{a}` and `{b}`", st.label()),
                    format!("use either `{a}` or `{b}` in one statement, not both"),
                    Some("UNSUPPORTED_ELEMENT_COMBINATION"),
                );
                // IAM rejects the statement: it grants and denies nothing, so the model keeps
                // neither element and the other rules do not judge half of a broken pair.
                match a {
                    "Action" => st.action = None,
                    "Resource" => st.resource = None,
                    _ => st.principal = None,
                }
            }
        }
        let head = Span::new(node.span.start, node.span.start + 1);
        if !has("Effect") {
            self.issue(
                head,
                format!("{} has no `Effect`", st.label()),
                "add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`",
                Some("MISSING_EFFECT"),
            );
        }
        if !has("Action") && !has("NotAction") {
            self.issue(
                head,
                format!("{} has no `Action`", st.label()),
                "add an `Action` element listing the actions the statement allows or denies",
                Some("MISSING_ACTION"),
            );
        }
        Some(st)
    }

    fn check_action_syntax(&mut self, action: &str, span: Span) {
        if action == "*" {
            return;
        }
        let well_formed = match action.split_once(':') {
            Some((service, name)) => {
                !service.is_empty()
                    && !name.is_empty()
                    && !name.contains(':')
                    && service
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'*' || b == b'?')
                    && name.bytes().all(|b| {
                        b.is_ascii_alphanumeric()
                            || b == b'*'
                            || b == b'?'
                            || b == b'-'
                            || b == b'_'
                    })
            }
            None => false,
        };
        if !well_formed {
            self.issue(
                span,
                format!("action `{action}` is not of the form `service:Action`"),
                "write actions as `service-prefix:ActionName`, e.g. `s3:GetObject`, or `*`",
                Some("INVALID_ACTION"),
            );
        }
    }

    fn str_list(&mut self, m: &Member, expected: &str) -> Option<StrList> {
        let mut list = StrList {
            negated: m.key.starts_with("Not"),
            key_span: m.key_span,
            value_span: m.value.span,
            items: Vec::new(),
            complete: true,
        };
        match &m.value.value {
            Value::String(_) | Value::Unknown(_) => {
                if let Some(s) = to_str(&m.value) {
                    if s.kind == StrKind::Opaque {
                        list.complete = false;
                    }
                    list.items.push(s);
                }
            }
            Value::Array(items) => {
                for item in items {
                    match to_str(item) {
                        Some(s) => list.items.push(s),
                        None => {
                            list.complete = false;
                            self.type_error(
                                item,
                                &format!("each `{}` entry", m.key),
                                "a string",
                                "DATA_TYPE_MISMATCH",
                            );
                        }
                    }
                }
            }
            _ => {
                list.complete = false;
                self.type_error(
                    &m.value,
                    &format!("`{}`", m.key),
                    expected,
                    "DATA_TYPE_MISMATCH",
                );
            }
        }
        Some(list)
    }

    fn principals(&mut self, m: &Member) -> Option<Principals> {
        let mut p = Principals {
            negated: m.key == "NotPrincipal",
            key_span: m.key_span,
            value_span: m.value.span,
            everyone: None,
            entries: Vec::new(),
        };
        match &m.value.value {
            Value::String(s) if s == "*" => p.everyone = Some(m.value.span),
            Value::String(s) => self.issue(
                m.value.span,
                format!("invalid principal `{s}`: only `\"*\"` may be written as a plain string"),
                format!("name the principal type, e.g. `{{\"AWS\": \"{s}\"}}` or `{{\"Service\": \"{s}\"}}`"),
                Some("INVALID_PRINCIPAL_FORMAT"),
            ),
            Value::Object(members) => {
                for e in members {
                    let ty = match e.key.as_str() {
                        "AWS" => PrincipalType::Aws,
                        "Service" => PrincipalType::Service,
                        "Federated" => PrincipalType::Federated,
                        "CanonicalUser" => PrincipalType::CanonicalUser,
                        other => {
                            let help = match did_you_mean(other, PRINCIPAL_TYPES) {
                                Some(s) => format!("did you mean `{s}`? Principal types are case-sensitive"),
                                None => "principal types are `AWS`, `Service`, `Federated` and `CanonicalUser`".to_string(),
                            };
                            self.issue(e.key_span, format!("unknown principal type `{other}`"), help, Some("INVALID_PRINCIPAL_KEY"));
                            PrincipalType::Other(other.to_string())
                        }
                    };
                    let mut values = Vec::new();
                    match &e.value.value {
                        Value::Array(items) => {
                            for item in items {
                                match to_str(item) {
                                    Some(s) => values.push(s),
                                    None => self.type_error(item, "each principal", "a string", "DATA_TYPE_MISMATCH"),
                                }
                            }
                        }
                        _ => match to_str(&e.value) {
                            Some(s) => values.push(s),
                            None => self.type_error(&e.value, &format!("`{}` principal", e.key), "a string or an array of strings", "DATA_TYPE_MISMATCH"),
                        },
                    }
                    p.entries.push(PrincipalEntry {
                        ty,
                        ty_span: e.key_span,
                        values,
                    });
                }
            }
            Value::Unknown(_) => {}
            _ => self.type_error(&m.value, &format!("`{}`", m.key), "`\"*\"` or an object such as `{\"AWS\": \"...\"}`", "DATA_TYPE_MISMATCH"),
        }
        Some(p)
    }

    /// Reads a `Condition` block into `out`: where the first entry or value was dropped (the
    /// span of its grammar issue when one is reported), and where the first part computed at
    /// deploy time is.
    fn conditions(&mut self, node: &Node, out: &mut Vec<Condition>) -> ConditionsRead {
        let operators = match &node.value {
            Value::Object(m) => m,
            Value::Unknown(_) => {
                return ConditionsRead {
                    unread: Some(node.span),
                    computed: Some(node.span),
                };
            }
            _ => {
                self.type_error(
                    node,
                    "`Condition`",
                    "an object of condition operators",
                    "DATA_TYPE_MISMATCH",
                );
                return ConditionsRead {
                    unread: Some(node.span),
                    computed: None,
                };
            }
        };
        let mut unread: Option<Span> = None;
        let mut computed: Option<Span> = None;
        for op_member in operators {
            // Keys computed at deploy time (a Terraform `test`/`variable` expression): the
            // operator's name is not known either, so it is not judged.
            if let Value::Unknown(_) = &op_member.value.value {
                unread = unread.or(Some(op_member.value.span));
                computed = computed.or(Some(op_member.value.span));
                continue;
            }
            let operator = self.operator(op_member);
            if operator.is_none() {
                unread = unread.or(Some(op_member.key_span));
            }
            let keys = match &op_member.value.value {
                Value::Object(k) => k,
                _ => {
                    unread = unread.or(Some(op_member.value.span));
                    self.type_error(
                        &op_member.value,
                        &format!("the `{}` condition", op_member.key),
                        "an object of condition keys and values",
                        "DATA_TYPE_MISMATCH",
                    );
                    continue;
                }
            };
            for key_member in keys {
                let mut values = Vec::new();
                let mut push = |b: &mut Self, n: &Node| {
                    let json = match &n.value {
                        Value::String(_) => JsonKind::String,
                        Value::Bool(_) => JsonKind::Bool,
                        Value::Number(_) => JsonKind::Number,
                        Value::Null => JsonKind::Null,
                        Value::Unknown(_) => JsonKind::Unknown,
                        _ => JsonKind::Other,
                    };
                    let text = match &n.value {
                        Value::Bool(v) => Some(Str::literal(v.to_string(), n.span)),
                        Value::Number(v) => Some(Str::literal(v.clone(), n.span)),
                        _ => to_str(n),
                    };
                    match text {
                        Some(str) => values.push(CondValue { str, json }),
                        None => {
                            unread = unread.or(Some(n.span));
                            b.type_error(
                                n,
                                &format!("a value of condition key `{}`", key_member.key),
                                "a string, number or boolean",
                                "DATA_TYPE_MISMATCH",
                            )
                        }
                    }
                };
                let values_is_array = matches!(key_member.value.value, Value::Array(_));
                match &key_member.value.value {
                    Value::Array(items) => {
                        for item in items {
                            push(self, item);
                        }
                    }
                    _ => push(self, &key_member.value),
                }
                if let Some(op) = &operator {
                    out.push(Condition {
                        operator: op.clone(),
                        key: Str::literal(key_member.key.clone(), key_member.key_span),
                        values_span: key_member.value.span,
                        values,
                        values_is_array,
                    });
                }
            }
        }
        ConditionsRead { unread, computed }
    }

    fn operator(&mut self, m: &Member) -> Option<Operator> {
        let text = m.key.as_str();
        let (qualifier, rest) = if let Some(r) = strip_prefix_ci(text, "ForAllValues:") {
            (Some(SetQualifier::ForAllValues), r)
        } else if let Some(r) = strip_prefix_ci(text, "ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), r)
        } else {
            (None, text)
        };
        let (base, if_exists) = match strip_suffix_ci(rest, "IfExists") {
            Some(b) => (b, true),
            None => (rest, false),
        };
        let Some(kind) = crate::operator::operator_kind(base) else {
            let names: Vec<&str> = crate::operator::OPERATORS.iter().map(|o| o.name).collect();
            let help = match did_you_mean(base, &names) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "see the IAM condition operators: StringEquals, StringLike, ArnLike, Bool, IpAddress, NumericLessThan, DateGreaterThan, Null, ...".to_string(),
            };
            self.issue(
                m.key_span,
                format!("unknown condition operator `{text}`"),
                help,
                Some("INVALID_CONDITION_OPERATOR"),
            );
            return None;
        };
        if if_exists && kind.family == crate::operator::Family::Null {
            self.issue(
                m.key_span,
                "`NullIfExists` is not a valid operator",
                "use `Null`: it already tests whether the key is present",
                Some("NULL_WITH_IF_EXISTS"),
            );
        }
        Some(Operator {
            text: text.to_string(),
            span: m.key_span,
            qualifier,
            kind,
            if_exists,
        })
    }

    /// Checks that depend on the policy kind, which is known only after all statements are read.
    fn kind_checks(&mut self, doc: &mut PolicyDocument) {
        for st in &doc.statements {
            let head = Span::new(st.span.start, st.span.start + 1);
            match doc.kind {
                PolicyKind::Identity | PolicyKind::ServiceControl => {
                    if let Some(p) = &st.principal {
                        let what = if doc.kind == PolicyKind::Identity {
                            "an identity policy"
                        } else {
                            "a service control policy"
                        };
                        self.issue(
                            p.key_span,
                            format!("`{}` is not allowed in {what}", if p.negated { "NotPrincipal" } else { "Principal" }),
                            "remove it: the principal of an identity policy is the user, group or role it is attached to (use `--policy-type resource` if this is a resource policy)",
                            Some("UNSUPPORTED_ELEMENT"),
                        );
                    }
                    if st.resource.is_none() {
                        self.issue(
                            head,
                            format!("{} has no `Resource`", st.label()),
                            "add a `Resource` element naming the ARNs the statement applies to",
                            Some("MISSING_RESOURCE"),
                        );
                    }
                    if doc.kind == PolicyKind::Identity
                        && let Some(sid) = &st.sid
                        && sid.is_literal()
                        && !sid.value.bytes().all(|b| b.is_ascii_alphanumeric())
                    {
                        self.issue(sid.span, format!("`Sid` `{}` has characters IAM does not accept in identity policies", sid.value), "use only ASCII letters and digits (A-Z, a-z, 0-9) in a `Sid`", Some("UNSUPPORTED_SID"));
                    }
                }
                PolicyKind::Resource | PolicyKind::ResourceControl => {
                    if st.principal.is_none() {
                        self.issue(head, format!("{} has no `Principal`", st.label()), "a resource policy must say who it applies to: add `Principal` (or `NotPrincipal`)", Some("MISSING_PRINCIPAL"));
                    }
                    if st.resource.is_none() {
                        self.issue(
                            head,
                            format!("{} has no `Resource`", st.label()),
                            "add a `Resource` element naming the ARNs the statement applies to",
                            Some("MISSING_RESOURCE"),
                        );
                    }
                }
                PolicyKind::Trust => {
                    if st.principal.is_none() {
                        self.issue(
                            head,
                            format!("{} has no `Principal`", st.label()),
                            "a trust policy must say who may assume the role: add `Principal`",
                            Some("MISSING_PRINCIPAL"),
                        );
                    }
                    if let Some(r) = &st.resource {
                        self.issue(
                            r.key_span,
                            format!(
                                "`{}` is not allowed in a role trust policy",
                                if r.negated { "NotResource" } else { "Resource" }
                            ),
                            "remove it: a trust policy always applies to the role it belongs to",
                            Some("UNSUPPORTED_ELEMENT"),
                        );
                    }
                }
            }
        }
    }
}

fn doc_start(members: &[Member]) -> u32 {
    members
        .first()
        .map_or(0, |m| m.key_span.start.saturating_sub(1))
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    let tail = s.get(cut..)?;
    (tail.eq_ignore_ascii_case(suffix) && cut > 0).then(|| &s[..cut])
}

impl Builder {
    /// Principal values IAM rejects (wildcards in ARNs, groups, malformed ids), and the
    /// elements a role trust policy cannot hold: `NotPrincipal` and actions other than the
    /// role-assumption ones.
    fn principal_checks(&mut self, doc: &PolicyDocument) {
        use crate::principal::{PrincipalClass, classify_all};
        let trust = doc.kind == PolicyKind::Trust;
        for st in &doc.statements {
            if doc.kind == PolicyKind::ResourceControl {
                self.rcp_checks(st);
            }
            let Some(p) = &st.principal else { continue };
            if trust && p.negated {
                self.issue(
                    p.key_span,
                    "`NotPrincipal` is not allowed in a role trust policy",
                    "name the principals that may assume the role in `Principal`",
                    Some("UNSUPPORTED_ELEMENT"),
                );
            }
            for c in classify_all(p) {
                let PrincipalClass::Invalid { reason } = &c.class else {
                    continue;
                };
                if matches!(c.ty, Some(PrincipalType::Other(_)) | None) {
                    continue;
                }
                self.issue(
                    c.span,
                    format!("invalid principal `{}`", c.text()),
                    reason.clone(),
                    None,
                );
            }
            if !trust {
                continue;
            }
            let Some(actions) = st.action.as_ref().filter(|a| !a.negated) else {
                continue;
            };
            for item in &actions.items {
                let Some(a) = item.as_literal() else { continue };
                if crate::principal::is_computed(a)
                    || ROLE_ASSUMPTION_ACTIONS
                        .iter()
                        .any(|r| wildcard_matches(a, r))
                {
                    continue;
                }
                self.issue(
                    item.span,
                    format!("action `{a}` cannot be granted by a role trust policy"),
                    "a trust policy grants only `sts:AssumeRole`, `sts:AssumeRoleWithSAML`, `sts:AssumeRoleWithWebIdentity`, `sts:TagSession`, `sts:SetSourceIdentity` and `sts:SetContext`; grant other actions in the role's permissions policies",
                    Some("UNSUPPORTED_ACTION"),
                );
            }
        }
    }
}

impl Builder {
    /// Resource control policies (AWS Organizations, "RCP syntax"): `Deny` statements with
    /// `"Principal": "*"`; no `NotPrincipal` or `NotAction`; `Allow` only in the AWS-managed
    /// `RCPFullAWSAccess` (`Principal`, `Action` and `Resource` all `*`).
    fn rcp_checks(&mut self, st: &Statement) {
        if let Some(a) = st.action.as_ref().filter(|a| a.negated) {
            self.issue(
                a.key_span,
                "`NotAction` is not supported in a resource control policy",
                "list the actions to deny in `Action`",
                Some("UNSUPPORTED_ELEMENT"),
            );
        }
        if let Some(p) = &st.principal {
            if p.negated {
                self.issue(
                    p.key_span,
                    "`NotPrincipal` is not supported in a resource control policy",
                    "write `\"Principal\": \"*\"` and exclude principals with a condition such as `aws:PrincipalArn` or `aws:PrincipalOrgID`",
                    Some("UNSUPPORTED_ELEMENT"),
                );
            } else if p.everyone.is_none() {
                let at = p
                    .values()
                    .find(|(_, v)| v.value != "*")
                    .map_or(p.value_span, |(_, v)| v.span);
                self.issue(
                    at,
                    "the `Principal` of a resource control policy must be `\"*\"`",
                    "write `\"Principal\": \"*\"` and narrow who the statement applies to with conditions (`aws:PrincipalArn`, `aws:PrincipalOrgID`, `aws:PrincipalIsAWSService`)",
                    Some("INVALID_PRINCIPAL_FORMAT"),
                );
            }
        }
        if let Some((Effect::Allow, span)) = st.effect {
            let all = |l: &Option<StrList>| {
                l.as_ref().is_some_and(|l| {
                    !l.negated && l.items.len() == 1 && l.items.iter().all(|i| i.value == "*")
                })
            };
            let everyone = st.principal.as_ref().is_some_and(|p| p.everyone.is_some());
            if !(everyone && all(&st.action) && all(&st.resource)) {
                self.issue(
                    span,
                    "`Allow` is not supported in a resource control policy",
                    "RCPs only restrict access: write a `Deny` statement (only the AWS-managed `RCPFullAWSAccess` uses `Allow`)",
                    Some("INVALID_EFFECT"),
                );
            }
        }
    }
}

/// IAM wildcard match of an action pattern (`*`, `?`), case-insensitive.
fn wildcard_matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_ascii_lowercase().chars().collect();
    let t: Vec<char> = text.to_ascii_lowercase().chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let (mut star, mut mark) = (None::<usize>, 0usize);
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some(pi);
                mark = ti;
                pi += 1;
            }
            Some(&c) if c == '?' || t.get(ti) == Some(&c) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some(s) => {
                    pi = s + 1;
                    mark += 1;
                    ti = mark;
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|&c| c == '*'))
}
