//! `hardcoded-secret`: AWS credentials written into a template or Terraform file.

use crate::host::HostContext;
use crate::prelude::*;

/// Flags AWS access key ids, secret access keys and session tokens written as literals.
pub struct HardcodedSecret;

pub static META: RuleMeta = RuleMeta {
    id: "hardcoded-secret",
    category: Category::Security,
    severity: Severity::Error,
    summary: "an AWS access key id, secret access key or session token is written into the file",
    aa_codes: &[],
    doc: r#"## What it does
Reports AWS credentials written as literal values anywhere in a template or Terraform file:
resource properties, parameter and variable defaults, mappings, `provider "aws"` blocks.
It recognizes access key ids (`AKIA...`, `ASIA...`) wherever they appear, and secret access
keys and session tokens in properties whose name says so (`secret_key`,
`SecretAccessKey`, `token`, `aws_session_token`, ...). The finding never shows the value:
only its first four characters and its length.

## Why is this bad?
A credential committed to a repository is leaked: every clone, fork, CI log and backup has
it, and it stays in the history after it is deleted. Automated scanners harvest keys from
public repositories within minutes.

## Example
```yaml
Parameters:
  DeployKeyId:
    Type: String
    Default: AKIAZ7Q4EXAMPLE3KH2N
Resources:
  Bucket:
    Type: AWS::S3::Bucket
```

## Use instead
```yaml
Parameters:
  DeployKeyId:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /deploy/key-id
Resources:
  Bucket:
    Type: AWS::S3::Bucket
```

## References
- [Managing access keys: never put access keys in code](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#securing_access-keys)
- [Terraform AWS provider: authentication and configuration](https://registry.terraform.io/providers/hashicorp/aws/latest/docs#authentication-and-configuration)
"#,
};

/// What kind of credential a string is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Credential {
    AccessKeyId,
    SecretAccessKey,
    SessionToken,
}

impl Credential {
    fn describe(self) -> &'static str {
        match self {
            Credential::AccessKeyId => "AWS access key id",
            Credential::SecretAccessKey => "AWS secret access key",
            Credential::SessionToken => "AWS session token",
        }
    }
}

/// The byte range of an access key id in `s`: a known prefix then 16 base32 capitals and
/// digits, not inside a longer word.
fn find_access_key_id(s: &str) -> Option<std::ops::Range<usize>> {
    let b = s.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric();
    (0..b.len().saturating_sub(19)).find_map(|i| {
        let prefix = b.get(i..i + 4)?;
        let known = [b"AKIA", b"ASIA", b"ABIA", b"ACCA"]
            .iter()
            .any(|p| prefix == *p);
        let body_ok = b
            .get(i + 4..i + 20)?
            .iter()
            .all(|c| c.is_ascii_uppercase() || (b'2'..=b'7').contains(c));
        let before_ok = i == 0 || b.get(i - 1).is_none_or(|c| !word(*c));
        let after_ok = b.get(i + 20).is_none_or(|c| !word(*c));
        (known && body_ok && before_ok && after_ok).then_some(i..i + 20)
    })
}

fn normalized_key(key: &str) -> String {
    key.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

fn base64ish(s: &str) -> bool {
    s.bytes()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'/' | b'+' | b'='))
}

/// The credential `value` is, judging by its shape and the name of its property.
fn classify(key: Option<&str>, value: &str) -> Option<(Credential, std::ops::Range<usize>)> {
    if let Some(range) = find_access_key_id(value) {
        return Some((Credential::AccessKeyId, range));
    }
    let key = normalized_key(key?);
    let value = value.trim();
    let secret_name =
        key.contains("secretaccesskey") || key.ends_with("secretkey") || key == "awssecret";
    if secret_name
        && value.len() == 40
        && base64ish(value)
        && value
            .bytes()
            .any(|c| c.is_ascii_digit() || c == b'/' || c == b'+')
    {
        return Some((Credential::SecretAccessKey, 0..value.len()));
    }
    let token_name =
        key == "token" || key.contains("sessiontoken") || key.contains("securitytoken");
    if token_name && value.len() >= 100 && base64ish(value) {
        return Some((Credential::SessionToken, 0..value.len()));
    }
    None
}

/// The value with all but its first four characters hidden.
fn mask(value: &str) -> String {
    let shown: String = value.chars().take(4).collect();
    format!("{shown}… ({} characters)", value.chars().count())
}

impl Rule for HardcodedSecret {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _ctx: &mut RuleContext<'_>) {}

    fn check_host(&self, ctx: &mut HostContext<'_>) {
        let mut found = Vec::new();
        for resource in &ctx.host.resources {
            polgen_iac::for_each_string(&resource.properties, &mut |key, node| {
                let Some(value) = node.as_str() else { return };
                if let Some((secret, range)) = classify(key, value) {
                    let masked = mask(value.get(range).unwrap_or(value));
                    found.push((resource, key.map(str::to_string), node.span, secret, masked));
                }
            });
        }
        for (resource, key, span, secret, masked) in found {
            let place = match &key {
                Some(k) => format!(" in `{k}`"),
                None => String::new(),
            };
            let d = ctx
                .diagnostic(resource, span, format!("hardcoded {} `{masked}`{place}", secret.describe()))
                .with_label("credential written in the file (value not shown)")
                .with_help("remove it, rotate the key (it is leaked once committed), and pass credentials through the environment, a secrets manager or a role")
                .with_note(format!("in `{}` ({})", resource.address, resource.ty));
            ctx.report(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_credentials_by_shape_and_name() {
        assert!(matches!(
            classify(None, "AKIAIOSFODNN7EXAMPLE"),
            Some((Credential::AccessKeyId, _))
        ));
        assert!(classify(None, "xAKIAIOSFODNN7EXAMPLE").is_none());
        assert!(classify(None, "arn:aws:iam::123456789012:user/AKIA").is_none());
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assert!(matches!(
            classify(Some("secret_key"), secret),
            Some((Credential::SecretAccessKey, _))
        ));
        assert!(classify(Some("description"), secret).is_none());
        assert!(classify(Some("secret_key"), "${var.secret_key}").is_none());
        assert_eq!(mask("AKIAIOSFODNN7EXAMPLE"), "AKIA… (20 characters)");
    }
}
