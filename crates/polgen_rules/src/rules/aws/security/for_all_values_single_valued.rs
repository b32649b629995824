//! `for-all-values-single-valued`: `ForAllValues:` on a key that holds one value.
use polgen_policy::SetQualifier;

use crate::prelude::*;
use crate::util::conditions;

/// Flags `ForAllValues:` on a single-valued condition key in an `Allow` statement.
pub struct ForAllValuesSingleValued;

pub static META: RuleMeta = RuleMeta {
    id: "for-all-values-single-valued",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "an `Allow` uses `ForAllValues:` on a single-valued condition key, which is true when the key is absent",
    aa_codes: &["FORALLVALUES_WITH_SINGLE_VALUED_KEY"],
    doc: r#"## What it does
Reports a `ForAllValues:` operator in an `Allow` statement whose condition key holds a single
value (`aws:ResourceTag/team`, `aws:PrincipalOrgID`, `organizations:ServicePrincipal`, an
OIDC `sub`, `aud` or `azp` claim), as the Service Authorization Reference and the global
condition key documentation type it. Multivalued keys (`aws:TagKeys`, `aws:CalledVia`, types
`ArrayOf...`, the OIDC `amr` claim) are what set operators are for and are not reported, nor is a statement that
also requires the key with `"Null": {"key": "false"}`. Unknown keys are left to
`unknown-condition-key`.

## Why is this bad?
`ForAllValues` asks "is every value in the request among the listed ones?". When the request
does not carry the key at all, the set of values is empty and the answer is *yes*: the
condition is true. On a single-valued key this turns a restriction into an opening, for
example a grant limited to resources tagged `team=blue` that also applies to every untagged
resource, or a trust policy that admits every token without the claim. Access Analyzer
reports the same pattern (`FORALLVALUES_WITH_SINGLE_VALUED_KEY`).

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:TerminateInstances",
      "Resource": "*",
      "Condition": {"ForAllValues:StringEquals": {"aws:ResourceTag/team": "blue"}}
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
      "Action": "ec2:TerminateInstances",
      "Resource": "*",
      "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}
    }
  ]
}
```

## References
- [IAM JSON policy elements: condition operators for multivalued keys](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html)
- [Access Analyzer policy checks: ForAllValues with single valued key](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-security-warning-forallvalues-with-single-valued-key)
- [Parliament: SINGLE_VALUE_CONDITION_TOO_PERMISSIVE](https://github.com/duo-labs/parliament)
"#,
};

impl Rule for ForAllValuesSingleValued {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for st in ctx.doc.allow_statements() {
            for c in &st.conditions {
                if c.operator.qualifier != Some(SetQualifier::ForAllValues) {
                    continue;
                }
                let Some(key) = c.key.as_literal() else {
                    continue;
                };
                let Some(ty) = crate::util::conditions::single_value_type(ctx.catalog, key) else {
                    continue;
                };
                if conditions::asserts_present(st, key) {
                    continue;
                }
                let plain = c
                    .operator
                    .text
                    .split_once(':')
                    .map_or(c.operator.text.as_str(), |(_, rest)| rest);
                let d = ctx
                    .diagnostic(
                        c.operator.span,
                        format!(
                            "`{}` on the single-valued key `{key}` is true when the request lacks the key",
                            c.operator.text
                        ),
                    )
                    .with_label("an absent key makes this condition true")
                    .with_related(c.key.span, format!("`{key}` holds one value ({ty})"))
                    .with_help(format!(
                        "use `{plain}` without `ForAllValues:`, or add `\"Null\": {{\"{key}\": \"false\"}}` to require the key"
                    ))
                    .with_location_path(st.condition_path(c));
                ctx.report(d);
            }
        }
    }
}
