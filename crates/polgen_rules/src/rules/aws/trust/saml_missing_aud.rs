//! `saml-missing-aud`: SAML federation without a `SAML:aud` condition.
use polgen_policy::principal::PrincipalClass;

use crate::prelude::*;
use crate::util::narrowing;

use super::common;

/// Flags `sts:AssumeRoleWithSAML` for a SAML provider without a condition on `SAML:aud`.
pub struct SamlMissingAud;

pub static META: RuleMeta = RuleMeta {
    id: "saml-missing-aud",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "a role trusts a SAML provider without a `SAML:aud` condition",
    aa_codes: &[],
    doc: r#"## What it does
In trust policies, reports an `Allow` of `sts:AssumeRoleWithSAML` to a SAML provider
(`arn:aws:iam::ACCOUNT:saml-provider/NAME`) when no condition pins `SAML:aud`, the endpoint
the assertion was issued for (`https://signin.aws.amazon.com/saml` for console sign-in).
`StringLike` `*`, `...IfExists` and `Null` do not count.

## Conditions that count
A condition silences this rule only when it is on a key that narrows the audience: `SAML:aud`.

A condition counts only when it really narrows: `...IfExists` on a key the request may lack,
`ForAllValues` on an absent key, `ForAnyValue` with a negated operator, `Null` alone and
match-all values (`*`, `0.0.0.0/0`) do not. Nor do negated operators (`StringNotEquals
aws:PrincipalOrgID` lets in everyone outside the organisation) or `Like` values that wildcard
the account or the whole resource part (`aws:SourceAccount` `*`, `arn:aws:iam::*:role/x`).

An empty block (`"Condition": {}`) or an empty operator (`{"StringEquals": {}}`) narrows
nothing: the statement is judged as if it had no condition (`empty-element` reports the empty
block). Only a value polgen cannot see (a CloudFormation intrinsic, a Terraform expression) in
place of the block or of one of these keys' values keeps the rule quiet. A block that can never
hold makes the statement dead: `unsatisfiable-condition` reports it instead.

## Why is this bad?
Without `SAML:aud`, an assertion the identity provider issued for another service provider
is accepted too. AWS's console puts this condition in every SAML trust policy it creates, and
IAM Access Analyzer expects it.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/ExampleOrgSSO"},
    "Action": "sts:AssumeRoleWithSAML"
  }]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/ExampleOrgSSO"},
    "Action": "sts:AssumeRoleWithSAML",
    "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}
  }]
}
```

## References
- [Create a role for SAML 2.0 federation](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html)
- [Available keys for SAML-based AWS STS federation](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml)
"#,
};

impl Rule for SamlMissingAud {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        if !matches!(ctx.kind(), PolicyKind::Trust | PolicyKind::Resource) {
            return;
        }
        for (st, principals) in common::allowed_principals(&ctx.doc.statements) {
            if !common::may_grant(st, common::ASSUME_ROLE_WITH_SAML)
                || narrowing::narrowed(st, &narrowing::SAML_AUDIENCE, ctx.catalog)
            {
                continue;
            }
            for p in &principals {
                let PrincipalClass::SamlProvider { name, .. } = &p.class else {
                    continue;
                };
                let d = ctx
                    .diagnostic(
                        p.span,
                        format!("SAML provider `{name}` can assume this role without a `SAML:aud` condition"),
                    )
                    .with_label("assertions issued for any service provider are accepted")
                    .with_help("add `\"Condition\": {\"StringEquals\": {\"SAML:aud\": \"https://signin.aws.amazon.com/saml\"}}` (or your sign-in endpoint)")
                    .with_location_path(format!("{}.Principal", st.path()));
                ctx.report(d);
            }
        }
    }
}
