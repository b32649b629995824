//! `unused-suppression`: a `polgen:ignore` that silences nothing.

use crate::prelude::*;

/// Reported by the engine when it applies suppressions (see `host.rs`), when
/// `--report-unused-suppressions` is given.
pub struct UnusedSuppression;

pub static META: RuleMeta = RuleMeta {
    id: "unused-suppression",
    category: Category::Style,
    severity: Severity::Info,
    summary: "a `polgen:ignore` suppression matches no finding",
    aa_codes: &[],
    doc: r#"## What it does
With `polgen lint --report-unused-suppressions`, reports each rule id of a
`# polgen:ignore` comment or `Metadata: polgen: ignore:` entry that silenced no finding of
an enabled rule, and rule ids polgen does not know.

## Why is this bad?
A stale suppression hides the next real finding on the same element: once the policy is
fixed, the suppression should go too. A misspelled rule id suppresses nothing at all.

## Example
```yaml
Resources:
  # polgen:ignore long-session kept for the migration
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      MaxSessionDuration: 3600
```

## Use instead
```yaml
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      MaxSessionDuration: 3600
```

## References
- [Ruff: RUF100 unused-noqa](https://docs.astral.sh/ruff/rules/unused-noqa/)
"#,
};

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _ctx: &mut RuleContext<'_>) {}
}
