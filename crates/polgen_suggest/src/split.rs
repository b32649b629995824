//! IAM's size limits, and splitting a policy that is over them into several documents, each
//! under the limit, statements kept whole (IAM counts characters without whitespace: 6,144 for
//! a managed policy, 10,240 for all the inline policies of a role together, so splitting helps
//! only as managed policies).

use crate::render::{Format, render};
use crate::synthesize::Suggestion;

/// A managed policy's limit, in characters without whitespace.
pub const MANAGED_POLICY_LIMIT: usize = 6_144;
/// The limit of all inline policies of a role together.
pub const INLINE_ROLE_POLICY_LIMIT: usize = 10_240;
/// Managed policies a role can have attached by default (a quota that can be raised to 20).
pub const ATTACHED_POLICIES_PER_ROLE: usize = 10;

/// Characters of `text` that IAM counts.
pub fn counted_len(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// The size IAM counts of the policy's JSON document.
pub fn policy_size(suggestion: &Suggestion) -> usize {
    counted_len(&render(suggestion, Format::Json, ""))
}

/// Several documents for one policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub parts: Vec<Suggestion>,
    /// Sids of statements over the limit by themselves (each alone in its part).
    pub oversized: Vec<String>,
}

/// Packs the statements, in order, into as few documents under `limit` as a first fit in
/// order gives (the order keeps related statements, which share a service, together).
pub fn split(suggestion: &Suggestion, limit: usize) -> Split {
    let empty = Suggestion::default();
    let base = policy_size(&empty);
    let mut out = Split {
        parts: Vec::new(),
        oversized: Vec::new(),
    };
    let mut current = Suggestion::default();
    let mut current_size = base;
    for statement in &suggestion.statements {
        let one = Suggestion {
            statements: vec![statement.clone()],
            widenings: Vec::new(),
        };
        // A statement's share: its document less the empty document.
        let own = policy_size(&one) - base;
        // Statements after the first need a comma.
        let added = own + usize::from(!current.statements.is_empty());
        if !current.statements.is_empty() && current_size + added > limit {
            out.parts.push(std::mem::take(&mut current));
            current_size = base;
        }
        if base + own > limit {
            out.oversized.push(statement.sid.clone());
        }
        current_size += own + usize::from(!current.statements.is_empty());
        current.statements.push(statement.clone());
    }
    if !current.statements.is_empty() {
        out.parts.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthesize::Statement;

    fn statement(sid: &str, resources: usize) -> Statement {
        Statement {
            sid: sid.to_owned(),
            actions: vec!["dynamodb:GetItem".to_owned()],
            resources: (0..resources)
                .map(|i| format!("arn:aws:dynamodb:eu-west-1:111122223333:table/{sid}-{i}"))
                .collect(),
            inferred: false,
        }
    }

    #[test]
    fn parts_stay_under_the_limit_in_order_with_whole_statements() {
        let policy = Suggestion {
            statements: (0..12).map(|i| statement(&format!("S{i}"), 25)).collect(),
            widenings: Vec::new(),
        };
        assert!(policy_size(&policy) > MANAGED_POLICY_LIMIT);
        let s = split(&policy, MANAGED_POLICY_LIMIT);
        assert!(s.parts.len() > 1);
        assert!(s.oversized.is_empty());
        for part in &s.parts {
            assert!(
                policy_size(part) <= MANAGED_POLICY_LIMIT,
                "{}",
                policy_size(part)
            );
        }
        let rejoined: Vec<Statement> = s.parts.iter().flat_map(|p| p.statements.clone()).collect();
        assert_eq!(rejoined, policy.statements);
        // First fit in order: no part could have taken the next part's first statement.
        for pair in s.parts.windows(2) {
            let mut grown = pair[0].clone();
            grown.statements.push(pair[1].statements[0].clone());
            assert!(policy_size(&grown) > MANAGED_POLICY_LIMIT);
        }
    }

    #[test]
    fn the_size_arithmetic_is_the_rendered_size() {
        let policy = Suggestion {
            statements: (0..3).map(|i| statement(&format!("S{i}"), 4)).collect(),
            widenings: Vec::new(),
        };
        // A limit of exactly the whole size keeps one part; one less splits it.
        let size = policy_size(&policy);
        assert_eq!(split(&policy, size).parts.len(), 1);
        assert_eq!(split(&policy, size - 1).parts.len(), 2);
    }

    #[test]
    fn a_statement_over_the_limit_alone_is_named() {
        let policy = Suggestion {
            statements: vec![
                statement("Small", 1),
                statement("Huge", 200),
                statement("Tail", 1),
            ],
            widenings: Vec::new(),
        };
        let s = split(&policy, MANAGED_POLICY_LIMIT);
        assert_eq!(s.oversized, ["Huge"]);
        assert_eq!(s.parts.len(), 3);
        assert_eq!(s.parts[1].statements[0].sid, "Huge");
    }
}
