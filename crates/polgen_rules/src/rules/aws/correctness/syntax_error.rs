use crate::prelude::*;

/// Parse errors are reported by the front-ends (see `driver.rs`); this rule carries their
/// metadata so they can be configured, listed and explained like every other finding.
pub struct SyntaxErrorRule;

pub static META: RuleMeta = RuleMeta {
    id: "syntax-error",
    category: Category::Correctness,
    severity: Severity::Error,
    summary: "the file is not valid JSON, YAML or HCL, or repeats a key",
    aa_codes: &["JSON_SYNTAX_ERROR"],
    doc: r#"## What it does
Reports text that cannot be parsed: invalid JSON (a missing comma, a trailing comma, a comment,
single quotes, an unterminated string, a file nested deeper than 256 levels), invalid YAML or
HCL in templates, and keys repeated within one object.

## Why is this bad?
IAM rejects a policy that is not valid JSON, so the deployment fails. Duplicate keys are
worse: many tools keep only the last one silently, so what a reviewer reads is not what is
deployed, and IAM itself refuses the document.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*",}
  ]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}
  ]
}
```

## References
- [IAM JSON policy grammar](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)
- [RFC 8259: The JSON Data Interchange Format](https://www.rfc-editor.org/rfc/rfc8259)
"#,
};

impl Rule for SyntaxErrorRule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _ctx: &mut RuleContext<'_>) {}
}
