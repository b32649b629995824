//! `hardcoded-secret`: credentials written into a template or Terraform file.

use polgen_diagnostics::Diagnostic;
use polgen_iac::Resource;
use polgen_policy::{Node, Value};
use polgen_secrets::Kind;

use crate::host::HostContext;
use crate::prelude::*;

/// Flags credentials (AWS keys and session tokens, Vault, GitHub, GitLab and Slack tokens,
/// private keys, passwords) written as literals, as `polgen_secrets` recognises them.
pub struct HardcodedSecret;

pub static META: RuleMeta = RuleMeta {
    id: "hardcoded-secret",
    category: Category::Security,
    severity: Severity::Error,
    summary: "a credential (AWS key, token, private key or password) is written into the file",
    aa_codes: &[],
    doc: r#"## What it does
Reports credentials written as literal values anywhere in a template, Terraform file or plan:
resource properties, parameter and variable defaults, mappings, `provider "aws"` blocks,
`!Sub` templates, `Fn::Join` parts, heredocs and scripts. It recognizes, by their shape,
AWS access key ids (`AKIA...`, `ASIA...`), secret access keys (beside a key id or under a
secret-like key), STS session tokens, Vault tokens (`hvs.`, `hvb.`, `hvr.`, legacy `s.`),
GitHub (`ghp_`, `github_pat_`, ...), GitLab (`glpat-`, ...) and Slack tokens, Slack webhook
URLs and private key blocks; and, by their key, the literal value of any secret-like key
(`password`, `MasterUserPassword`, `master_password`, `client_secret`, `token`, `api_key`,
`DB_PASSWORD=...` in a script). It also looks where the file does not show the value whole:
`Fn::Join` of literal parts under a secret-like key, and base64 (`UserData`,
`user_data_base64`) that decodes to text holding a credential (the finding points at the
encoded value). A hard-coded `AWS::IAM::User` `LoginProfile.Password`, `aws_db_instance`
`password` or `aws_rds_cluster` `master_password` is a finding; Terraform's
`aws_iam_user_login_profile` has no password argument (it generates one, encrypted with
`pgp_key`), so only a plan or state that shows `password` in clear is.

Values known only at deploy time are not secrets written in the file: `!Ref`, `${var.x}`,
`random_password.db.result`, `{{resolve:secretsmanager:...}}`, `$(aws secretsmanager ...)`.

No output shows the value: the message keeps only a short prefix (`AKIA************MPLE`,
`ghp_****`), and every format masks it, and every other credential-shaped value, in snippets
and messages too.

## Why is this bad?
A credential committed to a repository is leaked: every clone, fork, CI log and backup has
it, and it stays in the history after it is deleted. Automated scanners harvest keys from
public repositories within minutes. Base64 is an encoding, not a protection: `UserData` is
readable by anyone who can describe the instance.

## Example
```yaml
Resources:
  Deployer:
    Type: AWS::IAM::User
    Properties:
      LoginProfile:
        Password: Welc0me-2026!
```

## Use instead
```yaml
Resources:
  Deployer:
    Type: AWS::IAM::User
    Properties:
      LoginProfile:
        Password: "{{resolve:secretsmanager:deployer-login:SecretString:password}}"
        PasswordResetRequired: true
```

## References
- [Managing access keys: never put access keys in code](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#securing_access-keys)
- [CloudFormation dynamic references to Secrets Manager](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html)
- [Terraform AWS provider: authentication and configuration](https://registry.terraform.io/providers/hashicorp/aws/latest/docs#authentication-and-configuration)
- [Terraform: aws_iam_user_login_profile](https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_user_login_profile)
"#,
};

impl Rule for HardcodedSecret {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _ctx: &mut RuleContext<'_>) {}

    fn check_host(&self, ctx: &mut HostContext<'_>) {
        let (host, source) = (ctx.host, ctx.source);
        let text = source.text();
        let mut secrets: Vec<Secret> = Vec::new();
        // The file as written: every credential the shared detector sees, in properties,
        // defaults, `!Sub` templates, `Fn::Join` parts, heredocs and scripts alike.
        for found in polgen_secrets::find(text) {
            // Output masks every secret-like value; a finding needs a literal credential.
            if !found.is_credential(text) {
                continue;
            }
            let span = Span::from_range(found.range.clone());
            let resource = resource_at(&host.resources, span);
            let key = resource.and_then(|r| key_at(&r.properties, span));
            secrets.push(Secret {
                resource,
                key,
                span,
                kind: found.kind,
                shown: polgen_secrets::masked_value(&text[found.range.clone()], &found),
                encoded: false,
            });
        }
        // The values as deployed: parts joined by `Fn::Join`, and base64 (`UserData`) that
        // decodes to text holding a credential.
        for resource in &host.resources {
            polgen_iac::for_each_string(&resource.properties, &mut |key, node| {
                let Some(value) = node.as_str() else { return };
                if secrets.iter().any(|s| overlaps(s.span, node.span)) {
                    return;
                }
                if let Some(secret) = joined_secret(resource, key, node, value)
                    .or_else(|| encoded_secret(resource, key, node, value))
                {
                    secrets.push(secret);
                }
            });
        }
        for secret in secrets {
            report(ctx, secret);
        }
    }
}

/// A credential the rule reports.
struct Secret<'a> {
    resource: Option<&'a Resource>,
    key: Option<&'a str>,
    span: Span,
    kind: Kind,
    /// The value as the message shows it, masked.
    shown: String,
    /// Written base64-encoded: the message says so.
    encoded: bool,
}

fn report(ctx: &mut HostContext<'_>, secret: Secret<'_>) {
    let place = match secret.key {
        Some(k) => format!(" in `{k}`"),
        None => String::new(),
    };
    let encoded = if secret.encoded {
        " (base64-encoded)"
    } else {
        ""
    };
    let message = format!(
        "hardcoded {} `{}`{encoded}{place}",
        secret.kind.describe(),
        secret.shown
    );
    let d = match secret.resource {
        Some(resource) => ctx
            .diagnostic(resource, secret.span, message)
            .with_note(format!("in `{}` ({})", resource.address, resource.ty)),
        None => Diagnostic::new(META.id, secret.span, message),
    };
    let d = d
        .with_secret_span()
        .with_label("credential written in the file (value not shown)")
        .with_help("remove it, rotate it (it is leaked once committed), and pass credentials through the environment, a secrets manager (`{{resolve:secretsmanager:...}}`, `aws_secretsmanager_secret_version` data), a `NoEcho` parameter or a role");
    ctx.report(d);
}

/// A secret-like key whose value is known only once `Fn::Join` joins its literal parts (the
/// file never shows it whole).
fn joined_secret<'a>(
    resource: &'a Resource,
    key: Option<&'a str>,
    node: &Node,
    value: &str,
) -> Option<Secret<'a>> {
    let found = polgen_secrets::judge(key, value)
        .into_iter()
        .find(|f| f.is_credential(value))?;
    Some(Secret {
        resource: Some(resource),
        key,
        span: node.span,
        kind: found.kind,
        shown: polgen_secrets::masked_value(&value[found.range.clone()], &found),
        encoded: false,
    })
}

/// Base64 that decodes to text holding a credential (`UserData`, `user_data_base64`).
fn encoded_secret<'a>(
    resource: &'a Resource,
    key: Option<&'a str>,
    node: &Node,
    value: &str,
) -> Option<Secret<'a>> {
    if value.len() < 24 || value.contains(' ') {
        return None;
    }
    let decoded = polgen_secrets::decode_base64_text(value)?;
    let found = polgen_secrets::find(&decoded)
        .into_iter()
        .find(|f| f.is_credential(&decoded))?;
    Some(Secret {
        resource: Some(resource),
        key,
        span: node.span,
        kind: found.kind,
        shown: polgen_secrets::masked_value(&decoded[found.range.clone()], &found),
        encoded: true,
    })
}

/// The resource whose declaration holds `span`.
fn resource_at(resources: &[Resource], span: Span) -> Option<&Resource> {
    resources
        .iter()
        .filter(|r| r.extent.start <= span.start && span.end <= r.extent.end)
        .min_by_key(|r| r.extent.len())
}

/// The innermost key whose value holds `span`.
fn key_at(node: &Node, span: Span) -> Option<&str> {
    let inside = |n: &Node| n.span.start <= span.start && span.end <= n.span.end;
    match &node.value {
        Value::Object(members) => members
            .iter()
            .find(|m| inside(&m.value))
            .map(|m| key_at(&m.value, span).unwrap_or(&m.key)),
        Value::Array(items) => items
            .iter()
            .find(|n| inside(n))
            .and_then(|n| key_at(n, span)),
        _ => None,
    }
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_innermost_key() {
        let inner = Node::new(Value::String("x".into()), Span::new(10, 12));
        let member = |key: &str, value: Node, at: u32| polgen_policy::Member {
            key: key.into(),
            key_span: Span::new(at, at + 1),
            value,
        };
        let env = Node::new(
            Value::Object(vec![member("TOKEN", inner, 8)]),
            Span::new(8, 14),
        );
        let root = Node::new(
            Value::Object(vec![member("Environment", env, 0)]),
            Span::new(0, 20),
        );
        assert_eq!(key_at(&root, Span::new(10, 11)), Some("TOKEN"));
        assert_eq!(key_at(&root, Span::new(15, 16)), None);
    }
}
