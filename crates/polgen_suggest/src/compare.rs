//! `--current`: what the role's present policy grants that was never used, and which observed
//! calls it would not allow. Evaluation is IAM's for identity policies without conditions
//! (explicit deny wins, then any allow, else implicit deny); a statement with a `Condition` is
//! reported as conditional rather than guessed.

use std::collections::{BTreeMap, BTreeSet};

use polgen_catalog::Catalog;
use polgen_catalog::wildcard::matches_ignore_case;
use polgen_policy::{PolicyDocument, Statement, StrList};

use crate::synthesize::wildcard_match;

/// What the current policy decides for one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Decision {
    Allowed,
    /// Allowed only by statements with conditions.
    AllowedIfConditions,
    /// No statement allows it.
    ImplicitDeny,
    /// A `Deny` statement without conditions matches.
    ExplicitDeny,
    /// A `Deny` statement with conditions matches (and something allows it).
    DeniedIfConditions,
}

impl Decision {
    pub fn describe(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::AllowedIfConditions => "allowed only under conditions",
            Decision::ImplicitDeny => "not allowed (no statement grants it)",
            Decision::ExplicitDeny => "explicitly denied",
            Decision::DeniedIfConditions => "denied under conditions",
        }
    }
}

/// Usage of one service's granted actions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceUsage {
    pub granted: usize,
    pub unused: Vec<String>,
}

/// The comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// By service prefix: granted actions and those never used in the window.
    pub services: BTreeMap<String, ServiceUsage>,
    /// Observed calls the current policy does not plainly allow.
    pub refused: Vec<(String, String, Decision)>,
    /// Statements whose actions cannot be listed (computed values).
    pub opaque_statements: usize,
}

fn list_matches(list: Option<&StrList>, value: &str, is_action: bool) -> bool {
    let Some(list) = list else { return false };
    let hit = list.items.iter().any(|item| {
        let pattern = item.value.as_str();
        if is_action {
            matches_ignore_case(pattern, value)
        } else {
            wildcard_match(&variables_as_wildcards(pattern), value)
        }
    });
    hit != list.negated
}

/// `${aws:username}` may be anything: match it as `*`.
fn variables_as_wildcards(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => {
                out.push('*');
                rest = &rest[start + end + 1..];
            }
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

fn applies(statement: &Statement, action: &str, resource: &str) -> bool {
    list_matches(statement.action.as_ref(), action, true)
        && list_matches(statement.resource.as_ref(), resource, false)
}

/// The decision of `policy` for one call.
pub fn decide(policy: &PolicyDocument, action: &str, resource: &str) -> Decision {
    let mut allow = None::<bool>; // Some(true) unconditional, Some(false) conditional only
    let mut conditional_deny = false;
    for s in policy
        .statements
        .iter()
        .filter(|s| applies(s, action, resource))
    {
        let conditional = !s.conditions.is_empty() || s.condition_span.is_some();
        if s.is_deny() {
            if !conditional {
                return Decision::ExplicitDeny;
            }
            conditional_deny = true;
        } else if s.is_allow() {
            allow = Some(allow.unwrap_or(false) || !conditional);
        }
    }
    match allow {
        None => Decision::ImplicitDeny,
        Some(_) if conditional_deny => Decision::DeniedIfConditions,
        Some(true) => Decision::Allowed,
        Some(false) => Decision::AllowedIfConditions,
    }
}

/// Compares `policy` with the observed `(action, resource)` calls.
pub fn compare(policy: &PolicyDocument, calls: &[(String, String)]) -> Comparison {
    let catalog = Catalog::get();
    let mut comparison = Comparison::default();
    let mut granted: BTreeSet<String> = BTreeSet::new();
    for s in policy.statements.iter().filter(|s| s.is_allow()) {
        let Some(list) = &s.action else { continue };
        if !list.complete || list.items.iter().any(|i| !i.is_literal()) {
            comparison.opaque_statements += 1;
        }
        let patterns: Vec<&str> = list.items.iter().filter_map(|i| i.as_literal()).collect();
        if list.negated {
            for action in catalog.all_actions() {
                let name = action.full_name();
                if !patterns.iter().any(|p| matches_ignore_case(p, &name)) {
                    granted.insert(name);
                }
            }
        } else {
            for p in patterns {
                granted.extend(catalog.expand_actions(p).iter().map(|a| a.full_name()));
            }
        }
    }
    let used: BTreeSet<String> = calls.iter().map(|(a, _)| a.to_ascii_lowercase()).collect();
    for action in granted {
        let prefix = action.split(':').next().unwrap_or_default().to_owned();
        let entry = comparison.services.entry(prefix).or_default();
        entry.granted += 1;
        if !used.contains(&action.to_ascii_lowercase()) {
            entry.unused.push(action);
        }
    }
    for (action, resource) in calls {
        let decision = decide(policy, action, resource);
        if decision != Decision::Allowed {
            comparison
                .refused
                .push((action.clone(), resource.clone(), decision));
        }
    }
    comparison
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(text: &str) -> PolicyDocument {
        polgen_policy::parse_policy(text, None)
            .expect("test input is valid")
            .document
    }

    const CURRENT: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":["s3:Get*","s3:ListBucket"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]},
        {"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/secret/*"},
        {"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}},
        {"Effect":"Allow","NotAction":"iam:*","Resource":"arn:aws:dynamodb:*:*:table/${aws:username}"}
    ]}"#;

    #[test]
    fn decisions() {
        let p = policy(CURRENT);
        assert_eq!(
            decide(&p, "S3:getobject", "arn:aws:s3:::b/k"),
            Decision::Allowed
        );
        assert_eq!(
            decide(&p, "s3:GetObject", "arn:aws:s3:::b/secret/k"),
            Decision::ExplicitDeny
        );
        assert_eq!(
            decide(&p, "s3:PutObject", "arn:aws:s3:::b/k"),
            Decision::ImplicitDeny
        );
        assert_eq!(
            decide(&p, "s3:GetObject", "arn:aws:s3:::B/k"),
            Decision::ImplicitDeny
        );
        assert_eq!(
            decide(&p, "sqs:SendMessage", "arn:aws:sqs:eu-west-1:1:q"),
            Decision::AllowedIfConditions
        );
        assert_eq!(
            decide(
                &p,
                "dynamodb:GetItem",
                "arn:aws:dynamodb:eu-west-1:111122223333:table/alice"
            ),
            Decision::Allowed
        );
        assert_eq!(
            decide(
                &p,
                "iam:GetRole",
                "arn:aws:dynamodb:eu-west-1:111122223333:table/alice"
            ),
            Decision::ImplicitDeny
        );
    }

    #[test]
    fn unused_and_refused() {
        let p = policy(CURRENT);
        let calls = vec![
            ("s3:GetObject".to_owned(), "arn:aws:s3:::b/k".to_owned()),
            ("s3:PutObject".to_owned(), "arn:aws:s3:::b/k".to_owned()),
        ];
        let c = compare(&p, &calls);
        let s3 = &c.services["s3"];
        assert!(s3.granted > 10);
        // Both calls' actions are granted (PutObject by the NotAction statement, on tables).
        assert_eq!(s3.unused.len(), s3.granted - 2);
        assert!(s3.unused.iter().any(|a| a == "s3:ListBucket"));
        assert!(
            c.services.contains_key("dynamodb"),
            "NotAction grants every other service"
        );
        assert!(!c.services.contains_key("iam"));
        assert_eq!(
            c.refused,
            [(
                "s3:PutObject".to_owned(),
                "arn:aws:s3:::b/k".to_owned(),
                Decision::ImplicitDeny
            )]
        );
    }
}
