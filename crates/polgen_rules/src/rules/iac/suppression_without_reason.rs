//! `suppression-without-reason`: a `polgen:ignore` that does not say why.

use crate::prelude::*;

/// Reported by the engine when it applies suppressions (see `host.rs`); this rule carries
/// the metadata so it can be configured and explained.
pub struct SuppressionWithoutReason;

pub static META: RuleMeta = RuleMeta {
    id: "suppression-without-reason",
    category: Category::Style,
    severity: Severity::Warning,
    summary: "a `polgen:ignore` suppression gives no reason",
    aa_codes: &[],
    doc: r#"## What it does
Reports a `# polgen:ignore RULE-ID` comment, or a `Metadata: polgen: ignore:` entry of a
CloudFormation resource, that does not say why the finding is accepted. On in the `strict`
ruleset.

## Why is this bad?
A suppression without a reason cannot be reviewed: a year later nobody knows whether the
wildcard was a deliberate, approved exception or a shortcut. Writing the reason next to the
suppression makes the exception auditable.

## Example
```yaml
Resources:
  # polgen:ignore long-session
  AdminRole:
    Type: AWS::IAM::Role
    Properties:
      MaxSessionDuration: 43200
```

## Use instead
```yaml
Resources:
  # polgen:ignore long-session break-glass role, approved in SEC-1234
  AdminRole:
    Type: AWS::IAM::Role
    Properties:
      MaxSessionDuration: 43200
```

## References
- [Ruff: `noqa` directives and unused suppressions](https://docs.astral.sh/ruff/linter/#error-suppression)
"#,
};

impl Rule for SuppressionWithoutReason {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _ctx: &mut RuleContext<'_>) {}
}
