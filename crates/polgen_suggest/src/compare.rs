//! `--current`: what the role's present policy grants that was never used, and which observed
//! calls it would not allow. Each call is decided by `polgen_eval` (explicit deny wins, then
//! any allow, else implicit deny); a statement whose conditions cannot be decided from the
//! call makes it "depends on conditions", never a guess.

use std::collections::{BTreeMap, BTreeSet};

use polgen_catalog::Catalog;
use polgen_catalog::wildcard::matches_ignore_case;
use polgen_eval::{Decision, Evaluation, Request, evaluate};
use polgen_policy::PolicyDocument;

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
    /// Observed calls the current policy does not plainly allow, with its answer.
    pub refused: Vec<(String, String, Evaluation)>,
    /// Statements whose actions cannot be listed (computed values).
    pub opaque_statements: usize,
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
        let evaluation = evaluate(&[policy], &Request::new(action, resource));
        if evaluation.decision != Decision::Allow {
            comparison
                .refused
                .push((action.clone(), resource.clone(), evaluation));
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

    fn decide(p: &PolicyDocument, action: &str, resource: &str) -> Decision {
        evaluate(&[p], &Request::new(action, resource)).decision
    }

    #[test]
    fn decisions() {
        let p = policy(CURRENT);
        assert_eq!(
            decide(&p, "S3:getobject", "arn:aws:s3:::b/k"),
            Decision::Allow
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
            Decision::DependsOnConditions
        );
        // `${aws:username}` is not known from a CloudTrail call: not read as `*` any more.
        assert_eq!(
            decide(
                &p,
                "dynamodb:GetItem",
                "arn:aws:dynamodb:eu-west-1:111122223333:table/alice"
            ),
            Decision::DependsOnConditions
        );
        let alice = polgen_eval::Context::new().with("aws:username", "alice");
        assert_eq!(
            evaluate(
                &[&p],
                &Request::new(
                    "dynamodb:GetItem",
                    "arn:aws:dynamodb:eu-west-1:111122223333:table/alice"
                )
                .with_context(&alice)
            )
            .decision,
            Decision::Allow
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
        let refused: Vec<(&str, &str, Decision)> = c
            .refused
            .iter()
            .map(|(a, r, e)| (a.as_str(), r.as_str(), e.decision))
            .collect();
        assert_eq!(
            refused,
            [("s3:PutObject", "arn:aws:s3:::b/k", Decision::ImplicitDeny)]
        );
    }
}
