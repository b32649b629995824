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
                || narrowing::conditions_unknown(st)
                || narrowing::narrowing_on(st, &["SAML:aud"], ctx.catalog).is_some()
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
