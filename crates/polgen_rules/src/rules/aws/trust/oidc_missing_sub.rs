//! `oidc-missing-sub`: web identity federation without a condition that pins the subject.
use polgen_policy::principal::OidcIdp;

use crate::prelude::*;
use crate::util::conditions::is_match_all;

use super::oidc::{self, OidcGrant};

/// Flags `sts:AssumeRoleWithWebIdentity` for an OIDC provider whose subject claim is not
/// pinned, or pinned only by a wildcard.
pub struct OidcMissingSub;

pub static META: RuleMeta = RuleMeta {
    id: "oidc-missing-sub",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "a role trusts an OIDC provider without pinning the subject (`sub`) claim",
    aa_codes: &[],
    doc: r#"## What it does
In trust policies, reports an `Allow` of `sts:AssumeRoleWithWebIdentity` to a federated OIDC
provider when no condition pins the token's subject, or when the subject pattern is only a
wildcard:
- GitHub Actions (`token.actions.githubusercontent.com`, GitHub Enterprise issuers with a
  path, `token.actions.<name>.ghe.com`, GHES `<host>/_services/token`): `...:sub` must name a
  repository. `*`, `repo:*`, `repo:org*` and organisation-wide patterns such as `repo:org/*`
  are reported: every repository of the organisation, forks and new repositories included,
  could assume the role.
- EKS IRSA (`oidc.eks.<region>.amazonaws.com/id/<id>:sub`): `system:serviceaccount:*`
  (every service account of the cluster) is reported.
- GitLab (`project_path:*`), Terraform Cloud (`organization:*`), CircleCI, Buildkite and any
  other OIDC provider: a missing `sub` condition or a match-all pattern is reported.
- Cognito identity pools (`cognito-identity.amazonaws.com`): the role must say whether it is
  for `authenticated` or `unauthenticated` identities with `cognito-identity.amazonaws.com:amr`.

Only positive string operators pin (`StringEquals`, `StringLike`); `StringNotLike`,
`ForAnyValue:StringNotEquals` and `Null` do not. A wildcard under `StringEquals` is compared
literally (it matches nothing real): `wildcard-without-like` reports that mistake.

Google, Facebook and Login with Amazon identify your application with the audience claim:
`oidc-missing-aud` checks those.

## Conditions that count
A condition silences this rule only when it is on a key that narrows the token's subject: the
provider's `sub` claim (`token.actions.githubusercontent.com:sub`,
`oidc.eks.REGION.amazonaws.com/id/ID:sub`, ...) and, for Cognito,
`cognito-identity.amazonaws.com:amr`; a `StringLike` must pin the part that names the
repository, project or service account.

A condition counts only when it really narrows: `...IfExists` on a key the request may lack,
`ForAllValues` on an absent key, `ForAnyValue` with a negated operator, `Null` alone and
match-all values (`*`, `0.0.0.0/0`) do not.

An empty block (`"Condition": {}`) or an empty operator (`{"StringEquals": {}}`) narrows
nothing: the statement is judged as if it had no condition (`empty-element` reports the empty
block). Only a value polgen cannot see (a CloudFormation intrinsic, a Terraform expression) in
place of the block or of one of these keys' values keeps the rule quiet. A block that can never
hold makes the statement dead: `unsatisfiable-condition` reports it instead.

## Why is this bad?
Anyone who can get a token from the provider gets the role. For GitHub that is any workflow in
any repository on github.com; for EKS, any pod of the cluster.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
      "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/*"}
    }
  }]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "StringEquals": {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": "repo:octo-org/deploy:ref:refs/heads/main"
      }
    }
  }]
}
```

## References
- [Configuring OpenID Connect in Amazon Web Services (GitHub)](https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services)
- [Create a role for OpenID Connect federation](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html)
- [Available keys for AWS web identity federation](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif)
- [IAM roles for service accounts (EKS)](https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html)
"#,
};

/// Who gets in when the subject is not pinned.
fn anyone(idp: OidcIdp) -> &'static str {
    match idp {
        OidcIdp::GitHub => "GitHub Actions workflow of any repository",
        OidcIdp::Eks => "pod of the cluster, whatever its service account,",
        OidcIdp::GitLab => "GitLab pipeline of any project",
        OidcIdp::CircleCi => "CircleCI job of any project of the organisation",
        OidcIdp::Buildkite => "Buildkite pipeline",
        OidcIdp::TerraformCloud => "Terraform Cloud run of any organisation",
        _ => "holder of a token from this provider",
    }
}

/// Why a subject pattern (of a `Like` operator) is too broad, if it is.
pub fn too_broad(idp: OidcIdp, value: &str) -> Option<String> {
    if is_match_all(value) {
        return Some("matches every subject".to_string());
    }
    if value.starts_with('*') {
        return Some(
            "starts with a wildcard, so any subject that ends this way matches".to_string(),
        );
    }
    match idp {
        OidcIdp::GitHub => github_too_broad(value),
        OidcIdp::Eks => {
            let rest = value.strip_prefix("system:serviceaccount:")?;
            rest.starts_with('*')
                .then(|| "matches every service account of every namespace".to_string())
        }
        OidcIdp::GitLab => {
            let rest = value.strip_prefix("project_path:")?;
            let path = rest.split(':').next().unwrap_or(rest);
            (path.starts_with('*') || !path.contains('/') && path.contains('*'))
                .then(|| "matches projects of any group".to_string())
        }
        OidcIdp::TerraformCloud => {
            let rest = value.strip_prefix("organization:")?;
            rest.starts_with('*')
                .then(|| "matches runs of every Terraform Cloud organisation".to_string())
        }
        _ => None,
    }
}

fn github_too_broad(value: &str) -> Option<String> {
    if let Some(rest) = value.strip_prefix("repo:") {
        let full = rest.split(':').next().unwrap_or(rest);
        return match full.split_once('/') {
            None if full.contains(['*', '?']) => {
                let owner = full.trim_end_matches(['*', '?']);
                Some(if owner.is_empty() {
                    "matches every repository on GitHub".to_string()
                } else {
                    format!(
                        "matches every repository of every owner whose name starts with `{owner}`"
                    )
                })
            }
            None => None,
            Some((owner, _)) if owner.contains(['*', '?']) => {
                Some("matches repositories of any owner".to_string())
            }
            Some((owner, repo)) if !repo.is_empty() && repo.chars().all(|c| c == '*') => {
                Some(format!(
                    "matches every repository of `{owner}`, including forks and repositories created later"
                ))
            }
            Some(_) => None,
        };
    }
    // Customised subjects (`repository_owner:org:...`) pin only the organisation unless they
    // also name the repository.
    let lower = value.to_ascii_lowercase();
    if (lower.starts_with("repository_owner:") || lower.starts_with("repository_owner_id:"))
        && !lower.contains("repository:")
        && !lower.contains("repository_id:")
        && !lower.contains("repo:")
    {
        return Some("pins only the organisation: every repository of it matches".to_string());
    }
    None
}

impl Rule for OidcMissingSub {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        if !matches!(ctx.kind(), PolicyKind::Trust | PolicyKind::Resource) {
            return;
        }
        for grant in oidc::grants(&ctx.doc.statements, ctx.catalog) {
            match grant.idp {
                OidcIdp::Google | OidcIdp::ConsumerLogin => continue,
                OidcIdp::Cognito => cognito(ctx, &grant),
                _ => subject(ctx, &grant),
            }
        }
    }
}

fn subject(ctx: &mut RuleContext<'_>, grant: &OidcGrant<'_>) {
    let st = grant.statement;
    let subs = oidc::claim_conditions(grant, &["sub"]);
    let narrowing: Vec<_> = subs
        .iter()
        .filter(|c| oidc::claim_narrows(c, st, ctx.catalog, true))
        .collect();
    if narrowing.is_empty() {
        let mut d = ctx
            .diagnostic(
                grant.span,
                format!(
                    "any {} can assume this role: no condition pins `{}:sub`",
                    anyone(grant.idp),
                    grant.issuer
                ),
            )
            .with_label("tokens of this provider are accepted whatever their subject")
            .with_help(help(grant.idp))
            .with_location_path(format!("{}.Principal", st.path()));
        for c in &subs {
            d = d.with_related(c.operator.span, "this condition does not pin the subject");
        }
        ctx.report(d);
        return;
    }
    for c in narrowing {
        if !oidc::is_like(c) {
            continue;
        }
        for v in &c.values {
            let Some(text) = v.str.as_literal() else {
                continue;
            };
            if let Some(why) = too_broad(grant.idp, text) {
                let d = ctx
                    .diagnostic(v.str.span, format!("subject `{text}` {why}"))
                    .with_label("too broad for a role")
                    .with_related(grant.span, "tokens of this provider")
                    .with_help(help(grant.idp))
                    .with_location_path(st.condition_path(c));
                ctx.report(d);
            }
        }
    }
}

fn cognito(ctx: &mut RuleContext<'_>, grant: &OidcGrant<'_>) {
    let st = grant.statement;
    let amr = oidc::claim_conditions(grant, &["amr"]);
    if amr
        .iter()
        .any(|c| oidc::claim_narrows(c, st, ctx.catalog, true))
    {
        return;
    }
    let d = ctx
        .diagnostic(
            grant.span,
            "any identity of the Cognito identity pool, unauthenticated guests included, can assume this role: no condition on `cognito-identity.amazonaws.com:amr`",
        )
        .with_label("authenticated and guest identities alike")
        .with_help("add `\"ForAnyValue:StringLike\": {\"cognito-identity.amazonaws.com:amr\": \"authenticated\"}` (or `unauthenticated` for a guest role), with `StringEquals` `cognito-identity.amazonaws.com:aud` naming the identity pool")
        .with_location_path(format!("{}.Principal", st.path()));
    ctx.report(d);
}

fn help(idp: OidcIdp) -> &'static str {
    match idp {
        OidcIdp::GitHub => {
            "pin the repository (and branch or environment): `\"StringEquals\": {\"token.actions.githubusercontent.com:sub\": \"repo:ORG/REPO:ref:refs/heads/main\"}` or `StringLike` `repo:ORG/REPO:*`"
        }
        OidcIdp::Eks => {
            "pin the service account: `\"StringEquals\": {\"oidc.eks.REGION.amazonaws.com/id/ID:sub\": \"system:serviceaccount:NAMESPACE:NAME\"}`"
        }
        OidcIdp::GitLab => {
            "pin the project (and branch): `\"StringLike\": {\"gitlab.com:sub\": \"project_path:GROUP/PROJECT:ref_type:branch:ref:main\"}`"
        }
        OidcIdp::TerraformCloud => {
            "pin the organisation, project and workspace: `\"StringLike\": {\"app.terraform.io:sub\": \"organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:*\"}`"
        }
        _ => {
            "add a `StringEquals` (or `StringLike`) condition on the provider's `sub` claim naming the workloads that may assume this role"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_subjects() {
        let gh = |v: &str| too_broad(OidcIdp::GitHub, v);
        assert!(gh("*").is_some());
        assert!(gh("repo:*").is_some());
        assert!(gh("repo:octo-org/*").is_some());
        assert!(gh("repo:octo-org/*:*").is_some());
        assert!(gh("repo:octo*").is_some());
        assert!(gh("repo:*/deploy:*").is_some());
        assert!(gh("repository_owner:octo-org:*").is_some());
        assert!(gh("repo:octo-org/deploy:*").is_none());
        assert!(gh("repo:octo-org/app-*:ref:refs/heads/main").is_none());
        assert!(gh("repo:octo-org/deploy:environment:prod").is_none());
    }

    #[test]
    fn other_subjects() {
        assert!(too_broad(OidcIdp::Eks, "system:serviceaccount:*").is_some());
        assert!(too_broad(OidcIdp::Eks, "system:serviceaccount:kube-system:*").is_none());
        assert!(too_broad(OidcIdp::GitLab, "project_path:*").is_some());
        assert!(too_broad(OidcIdp::GitLab, "project_path:group/app:*").is_none());
        assert!(too_broad(OidcIdp::TerraformCloud, "organization:*").is_some());
        assert!(too_broad(OidcIdp::Other, "*").is_some());
        assert!(too_broad(OidcIdp::Other, "service-a").is_none());
    }
}
