//! IAM request evaluation: does a set of policies allow a request (action, resource, context)?
//!
//! The rules are IAM's for the policies given (AWS, "Policy evaluation logic"): a `Deny`
//! statement that applies wins over everything; otherwise an `Allow` statement that applies
//! allows; otherwise the request is implicitly denied. A statement applies when its
//! `Action`/`NotAction`, its `Resource`/`NotResource` and every entry of its `Condition` match.
//! Actions match case-insensitively, resources and ARNs case-sensitively, both with `*` and
//! `?`. Policy variables (`${aws:username}`) and condition keys come from the [`Context`].
//!
//! Nothing is guessed: a statement whose applicability cannot be decided from the request (a
//! condition on a key the context does not give, an operator not evaluated, a value computed at
//! deploy time) makes the answer [`Decision::DependsOnConditions`] when it could change it, with
//! the reasons in [`Evaluation::undecided`].
//!
//! ```
//! use polgen_eval::{Context, Decision, Request, evaluate};
//!
//! let policy = polgen_policy::parse_policy(r#"{"Version":"2012-10-17","Statement":[
//!   {"Effect":"Allow","Action":"s3:*","Resource":"*"},
//!   {"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}"#, None).unwrap().document;
//! assert_eq!(evaluate(&[&policy], &Request::new("s3:GetObject", "arn:aws:s3:::b/k")).decision, Decision::Allow);
//! assert_eq!(evaluate(&[&policy], &Request::new("s3:DeleteBucket", "arn:aws:s3:::b")).decision, Decision::ExplicitDeny);
//! ```

pub mod condition;
pub mod context;
pub mod matching;
pub mod truth;

use polgen_policy::{Effect, PolicyDocument, PolicyKind, Statement};

pub use context::{Context, Lookup};
pub use truth::Truth;

/// One request: an action on a resource (`*` for actions without resource-level permissions),
/// with the condition keys the caller knows.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub action: &'a str,
    pub resource: &'a str,
    pub context: &'a Context,
}

/// The empty partial context: every condition key is unknown.
static NO_CONTEXT: Context = Context::EMPTY;

impl<'a> Request<'a> {
    pub fn new(action: &'a str, resource: &'a str) -> Request<'a> {
        Request {
            action,
            resource,
            context: &NO_CONTEXT,
        }
    }

    pub fn with_context(mut self, context: &'a Context) -> Request<'a> {
        self.context = context;
        self
    }
}

/// The answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Decision {
    Allow,
    /// A `Deny` statement applies.
    ExplicitDeny,
    /// No statement allows the request.
    ImplicitDeny,
    /// A statement that could change the answer cannot be decided from the request.
    DependsOnConditions,
}

/// Which statement: the index of its policy in the slice given and its index in the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StatementRef {
    pub policy: usize,
    pub statement: usize,
}

/// A statement whose applicability could not be decided, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undecided {
    pub at: StatementRef,
    pub effect: Effect,
    pub reason: String,
}

/// The decision with the statements behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub decision: Decision,
    pub allowed_by: Vec<StatementRef>,
    pub denied_by: Vec<StatementRef>,
    pub undecided: Vec<Undecided>,
}

impl Evaluation {
    /// A short phrase for reports.
    pub fn describe(&self) -> String {
        match self.decision {
            Decision::Allow => "allowed".to_owned(),
            Decision::ExplicitDeny => "explicitly denied".to_owned(),
            Decision::ImplicitDeny => "not allowed (no statement grants it)".to_owned(),
            Decision::DependsOnConditions => {
                let deny = self.undecided.iter().any(|u| u.effect == Effect::Deny);
                let what = if deny && !self.allowed_by.is_empty() {
                    "allowed, but a Deny may apply"
                } else if deny {
                    "depends on conditions (a Deny may apply)"
                } else {
                    "allowed only under conditions"
                };
                match self.undecided.first() {
                    Some(u) => format!("{what}: {}", u.reason),
                    None => what.to_owned(),
                }
            }
        }
    }
}

/// Evaluates `request` against every statement of `policies` (for example all identity
/// policies of a role).
pub fn evaluate(policies: &[&PolicyDocument], request: &Request<'_>) -> Evaluation {
    let mut out = Evaluation {
        decision: Decision::ImplicitDeny,
        allowed_by: Vec::new(),
        denied_by: Vec::new(),
        undecided: Vec::new(),
    };
    for (p, policy) in policies.iter().enumerate() {
        for (s, statement) in policy.statements.iter().enumerate() {
            let Some((effect, _)) = statement.effect else {
                continue;
            };
            let at = StatementRef {
                policy: p,
                statement: s,
            };
            match applies(policy, statement, request) {
                Truth::No => {}
                Truth::Yes if effect == Effect::Deny => out.denied_by.push(at),
                Truth::Yes => out.allowed_by.push(at),
                Truth::Unknown(reason) => out.undecided.push(Undecided { at, effect, reason }),
            }
        }
    }
    let maybe_deny = out.undecided.iter().any(|u| u.effect == Effect::Deny);
    let maybe_allow = out.undecided.iter().any(|u| u.effect == Effect::Allow);
    out.decision = if !out.denied_by.is_empty() {
        Decision::ExplicitDeny
    } else if maybe_deny && (!out.allowed_by.is_empty() || maybe_allow) {
        Decision::DependsOnConditions
    } else if !out.allowed_by.is_empty() {
        Decision::Allow
    } else if maybe_allow {
        Decision::DependsOnConditions
    } else {
        Decision::ImplicitDeny
    };
    // Only the statements that could change the answer are worth reporting.
    if out.decision != Decision::DependsOnConditions {
        out.undecided.clear();
    }
    out
}

/// Does `statement` apply to `request`? Cheap parts first: most statements fail on the action.
pub fn applies(policy: &PolicyDocument, statement: &Statement, request: &Request<'_>) -> Truth {
    let kind = policy.kind;
    let action = match &statement.action {
        Some(list) => matching::action_matches(list, request.action),
        // IAM rejects a statement without Action or NotAction; it grants nothing.
        None => Truth::No,
    };
    if action == Truth::No {
        return Truth::No;
    }
    let resource = match &statement.resource {
        Some(list) => matching::resource_matches(list, request.resource, request.context),
        // A trust policy's statements name no resource: the role itself is.
        None if kind == PolicyKind::Trust => Truth::Yes,
        None => Truth::No,
    };
    if resource == Truth::No {
        return Truth::No;
    }
    let principal = match &statement.principal {
        None => Truth::Yes,
        Some(p) if !p.negated && p.is_everyone() => Truth::Yes,
        Some(_) => Truth::unknown("the request names no principal to compare with `Principal`"),
    };
    let conditions = if let Some(at) = statement.unread_condition {
        // An entry the model dropped (unknown operator, bad value) would be guessed away.
        match policy.grammar_issues.iter().find(|i| i.span == at) {
            Some(issue) => Truth::unknown(format!(
                "the `Condition` block has an entry that cannot be read: {}",
                issue.message
            )),
            None => Truth::unknown("the `Condition` block could not be read"),
        }
    } else if statement.conditions.is_empty() && statement.condition_span.is_some() {
        Truth::unknown("the `Condition` block could not be read")
    } else {
        condition::conditions_hold(&statement.conditions, request.context)
    };
    Truth::all([action, resource, principal, conditions])
}
