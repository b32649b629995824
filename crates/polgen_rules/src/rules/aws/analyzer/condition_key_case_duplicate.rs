use polgen_policy::value::{Member, Value};

use super::common::statement_nodes;
use crate::prelude::*;

/// Flags a condition key (or operator) written twice in one block with different case.
pub struct ConditionKeyCaseDuplicate;

pub static META: RuleMeta = RuleMeta {
    id: "condition-key-case-duplicate",
    category: Category::Correctness,
    severity: Severity::Error,
    summary: "a condition key or operator appears twice in one block, spelled with different case",
    aa_codes: &["DUPLICATE_KEYS_WITH_DIFFERENT_CASE"],
    doc: r#"## What it does
Reports a condition key that appears twice in the same operator block with different
capitalization (`aws:PrincipalTag/team` and `aws:principaltag/team`), and a condition
operator that appears twice in the same `Condition` block with different capitalization.

## Why is this bad?
IAM compares condition keys and operators case-insensitively, so both entries name the same
key. JSON parsers treat them as two keys, and which one IAM keeps is not what the author
can see: one of the two value lists is silently ignored or the policy is rejected.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:StartInstances",
      "Resource": "*",
      "Condition": {
        "StringEquals": {"aws:ResourceTag/team": "blue", "aws:resourcetag/team": "green"}
      }
    }
  ]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:StartInstances",
      "Resource": "*",
      "Condition": {"StringEquals": {"aws:ResourceTag/team": ["blue", "green"]}}
    }
  ]
}
```

## References
- [Access Analyzer policy check reference: Duplicate keys with different case](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
- [IAM JSON policy elements: Condition](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html)
"#,
};

impl Rule for ConditionKeyCaseDuplicate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let mut found: Vec<(&Member, &Member, &'static str)> = Vec::new();
        for members in statement_nodes(&ctx.doc.root) {
            let Some(condition) = members.iter().rev().find(|m| m.key == "Condition") else {
                continue;
            };
            let Value::Object(operators) = &condition.value.value else {
                continue;
            };
            case_duplicates(operators, "condition operator", &mut found);
            for op in operators {
                if let Value::Object(keys) = &op.value.value {
                    case_duplicates(keys, "condition key", &mut found);
                }
            }
        }
        for (dup, first, what) in found {
            let d = ctx
                .diagnostic(
                    dup.key_span,
                    format!(
                        "{what} `{}` repeats `{}` with different case",
                        dup.key, first.key
                    ),
                )
                .with_label("IAM reads this as the same name")
                .with_related(first.key_span, "first written here")
                .with_help(format!(
                    "merge the two into one {what}: names compare case-insensitively"
                ));
            ctx.report(d);
        }
    }
}

/// Members whose key equals an earlier key ignoring case, but not exactly (exact repeats are
/// syntax errors, reported elsewhere).
fn case_duplicates<'a>(
    members: &'a [Member],
    what: &'static str,
    out: &mut Vec<(&'a Member, &'a Member, &'static str)>,
) {
    for (i, m) in members.iter().enumerate() {
        let first = members
            .iter()
            .take(i)
            .find(|p| p.key.eq_ignore_ascii_case(&m.key) && p.key != m.key);
        // Report each spelling once, against its first different-case spelling.
        let already = members.iter().take(i).any(|p| p.key == m.key);
        if let (Some(first), false) = (first, already) {
            out.push((m, first, what));
        }
    }
}
