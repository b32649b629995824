//! `oidc-missing-aud`: web identity federation without a condition on the audience.
use polgen_policy::principal::OidcIdp;

use crate::prelude::*;

use super::oidc;

/// Flags `sts:AssumeRoleWithWebIdentity` for an OIDC provider without a condition that pins
/// the audience (the application the token was issued for).
pub struct OidcMissingAud;

pub static META: RuleMeta = RuleMeta {
    id: "oidc-missing-aud",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "a role trusts an OIDC provider without pinning the audience (`aud`) claim",
    aa_codes: &[],
    doc: r#"## What it does
In trust policies, reports an `Allow` of `sts:AssumeRoleWithWebIdentity` to a web identity
provider when no condition pins the audience: `<issuer>:aud` (`sts.amazonaws.com` for GitHub
Actions and EKS, the identity pool id for Cognito, the client id for Google, where
`accounts.google.com:oaud` also counts), or `graph.facebook.com:app_id` /
`www.amazon.com:app_id`. A wildcard-only audience (`StringLike` `*`), a negated operator or
`Null` does not pin it.

## Conditions that count
A condition silences this rule only when it is on a key that narrows the token's audience: the
provider's `aud` claim.

A condition counts only when it really narrows: `...IfExists` on a key the request may lack,
`ForAllValues` on an absent key, `ForAnyValue` with a negated operator, `Null` alone and
match-all values (`*`, `0.0.0.0/0`) do not.

An empty block (`"Condition": {}`) or an empty operator (`{"StringEquals": {}}`) narrows
nothing: the statement is judged as if it had no condition (`empty-element` reports the empty
block). Only a value polgen cannot see (a CloudFormation intrinsic, a Terraform expression) in
place of the block or of one of these keys' values keeps the rule quiet. A block that can never
hold makes the statement dead: `unsatisfiable-condition` reports it instead.

## Why is this bad?
The audience says which application a token was issued for. Without it, a token issued for
another application of the same provider is accepted: for Cognito, Google, Facebook and
Amazon that is *any* application on the internet, so anyone with an account there can assume
the role. For providers registered in IAM, IAM checks the audience against the provider's
client-id list only, which can hold audiences meant for other roles.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Federated": "cognito-identity.amazonaws.com"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}
  }]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Federated": "cognito-identity.amazonaws.com"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-abcd-abcd-abcd-123456789012"},
      "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}
    }
  }]
}
```

## References
- [Create a role for OpenID Connect federation](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html)
- [Available keys for AWS web identity federation](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif)
- [Cognito identity pools: role trust and permissions](https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html)
"#,
};

fn audience_claims(idp: OidcIdp) -> &'static [&'static str] {
    match idp {
        OidcIdp::Google => &["aud", "oaud"],
        OidcIdp::ConsumerLogin => &["app_id"],
        _ => &["aud"],
    }
}

impl Rule for OidcMissingAud {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        if !matches!(ctx.kind(), PolicyKind::Trust | PolicyKind::Resource) {
            return;
        }
        for grant in oidc::grants(&ctx.doc.statements, ctx.catalog) {
            let st = grant.statement;
            let claims = audience_claims(grant.idp);
            let conds = oidc::claim_conditions(&grant, claims);
            let key = format!(
                "{}:{}",
                grant.issuer,
                claims.first().copied().unwrap_or("aud")
            );
            if !conds
                .iter()
                .any(|c| oidc::claim_narrows(c, st, ctx.catalog, true))
            {
                let built_in = matches!(
                    grant.idp,
                    OidcIdp::Cognito | OidcIdp::Google | OidcIdp::ConsumerLogin
                );
                let label = if built_in {
                    "tokens issued to any application of this provider are accepted"
                } else {
                    "any audience in the provider's client-id list is accepted"
                };
                let mut d = ctx
                    .diagnostic(
                        grant.span,
                        format!("no condition pins the audience `{key}` of `{}`", grant.issuer),
                    )
                    .with_label(label)
                    .with_help(format!("add `\"StringEquals\": {{\"{key}\": \"...\"}}` with the audience your tokens carry (`sts.amazonaws.com` for GitHub Actions and EKS, the identity pool id for Cognito, the OAuth client id for Google)"))
                    .with_location_path(format!("{}.Principal", st.path()));
                for c in &conds {
                    d = d.with_related(c.operator.span, "this condition does not pin the audience");
                }
                ctx.report(d);
            }
        }
    }
}
