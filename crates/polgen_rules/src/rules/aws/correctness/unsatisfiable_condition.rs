//! `unsatisfiable-condition`: a `Condition` block no request can meet, so the statement is dead.

use crate::prelude::*;
use crate::util::satisfiable;

/// Flags statements whose conditions can never all hold.
pub struct UnsatisfiableCondition;

pub static META: RuleMeta = RuleMeta {
    id: "unsatisfiable-condition",
    category: Category::Correctness,
    severity: Severity::Error,
    summary: "a statement's conditions can never all hold, so the statement never applies",
    aa_codes: &[],
    doc: r#"## What it does
Reports a statement whose `Condition` block no request can meet:

- `sts:ExternalId` compared for equality only with values no external id can have: IAM
  accepts 2 to 1,224 characters of letters, digits and `_+=,.@:/-`, so `""` never matches;
- a date in the past: `DateLessThan` on `aws:CurrentTime` or `aws:EpochTime` before now, or
  on `aws:TokenIssueTime` more than 36 hours ago (the longest temporary credentials live;
  long-term access keys carry no `aws:TokenIssueTime`, so the condition is false for them);
- a single-valued key required to hold values no one value meets: `StringEquals` on two
  different values of `aws:SourceAccount` (written twice with different capitalisation, or
  under `StringEquals` and `StringEqualsIgnoreCase`), `Bool` `true` beside `false`, a value
  that a `StringNotEquals` or `StringLike` of the same key rules out, `Null: true` beside a
  positive comparison.

The finding points at the values that cannot hold; a second label shows the condition they
contradict.

## Why is this bad?
Conditions are ANDed. A block that can never hold makes an `Allow` grant nothing and a `Deny`
deny nothing, while the policy reads as if it did: a placeholder external id left in a trust
policy locks the partner out, a revocation `Deny` on an old `aws:TokenIssueTime` no longer
protects anything, two account ids under one key lock out both. polgen's other rules judge
such a statement as dead, not as the grant it looks like.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
    "Action": "sts:AssumeRole",
    "Condition": {"StringEquals": {"sts:ExternalId": ""}}
  }]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
    "Action": "sts:AssumeRole",
    "Condition": {"StringEquals": {"sts:ExternalId": "Partner-7f3a9c"}}
  }]
}
```

## References
- [IAM JSON policy elements: Condition (conditions are ANDed)](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html)
- [AssumeRole: the ExternalId parameter (2 to 1,224 characters, `[\w+=,.@:/-]*`)](https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html)
- [Revoking IAM role temporary security credentials (`aws:TokenIssueTime`)](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html)
- [Single-valued and multivalued context keys](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html)
"#,
};

impl Rule for UnsatisfiableCondition {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for st in &ctx.doc.statements {
            let Some(dead) = satisfiable::unsatisfiable(st, ctx.catalog) else {
                continue;
            };
            let effect = if st.is_deny() {
                "denies nothing"
            } else {
                "grants nothing"
            };
            let c = dead.condition;
            let mut d = ctx
                .diagnostic(
                    dead.span,
                    format!("{} {effect}: {}", st.label(), dead.reason),
                )
                .with_label(format!("`{}` can never hold", c.operator.text))
                .with_help(
                    "fix or remove the condition; if the statement is no longer needed, remove it",
                )
                .with_location_path(st.condition_path(c));
            if let Some(other) = dead.other {
                d = d.with_related(other.values_span, "contradicted by this condition");
            }
            ctx.report(d);
        }
    }
}
