//! Web-identity (OIDC) federation keys: `<host>[/path]:<claim>` such as
//! `token.actions.githubusercontent.com:sub` or `oidc.eks.us-east-1.amazonaws.com/id/ABC:aud`.
//! They are per provider, so no table can list them; their shape is unmistakable because AWS
//! service prefixes never contain a dot.

/// A federation key split into provider and claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FederationKey<'a> {
    /// Provider host with optional path (`oidc.eks.us-east-1.amazonaws.com/id/ABC`).
    pub provider: &'a str,
    /// Host part of the provider (`oidc.eks.us-east-1.amazonaws.com`).
    pub host: &'a str,
    /// Claim (`sub`, `aud`, `amr`, `azp`, `oaud`, `id`, `app_id`, `job_workflow_ref`...).
    pub claim: &'a str,
}

/// Claims AWS documents for web-identity federation keys (any provider).
pub const WELL_KNOWN_CLAIMS: &[&str] = &[
    "amr", "app_id", "aud", "azp", "email", "id", "oaud", "sub", "user_id",
];

/// Splits `key` when it has the shape of a web-identity federation key.
pub fn federation_key(key: &str) -> Option<FederationKey<'_>> {
    let (provider, claim) = key.split_once(':')?;
    let (host, path) = match provider.split_once('/') {
        Some((host, path)) => (host, Some(path)),
        None => (provider, None),
    };
    let label_ok =
        |l: &str| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let host_ok = host.contains('.') && host.split('.').all(label_ok);
    let path_ok = path.is_none_or(|p| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~/".contains(c))
    });
    let claim_ok = !claim.is_empty()
        && claim
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._/:".contains(c));
    (host_ok && path_ok && claim_ok).then_some(FederationKey {
        provider,
        host,
        claim,
    })
}

/// True for `<host>[/path]:<claim>` keys of web-identity providers
/// (`accounts.google.com:aud`, `cognito-identity.amazonaws.com:amr`, `graph.facebook.com:app_id`,
/// `token.actions.githubusercontent.com:sub`, `oidc.eks.<region>.amazonaws.com/id/<id>:sub`).
/// SAML keys (`saml:aud`) are ordinary catalog keys of `sts` and return false here.
pub fn is_federation_key(key: &str) -> bool {
    federation_key(key).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        for key in [
            "accounts.google.com:aud",
            "accounts.google.com:oaud",
            "cognito-identity.amazonaws.com:amr",
            "graph.facebook.com:app_id",
            "www.amazon.com:app_id",
            "token.actions.githubusercontent.com:sub",
            "token.actions.githubusercontent.com:job_workflow_ref",
            "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub",
            "app.terraform.io:sub",
            "oidc.circleci.com/org/abc:oidc.circleci.com/project-id",
        ] {
            assert!(is_federation_key(key), "{key}");
        }
        for key in [
            "saml:aud",
            "SAML:sub",
            "aws:SourceIp",
            "s3:prefix",
            "sts:ExternalId",
            "accounts.google.com",
            ".com:sub",
            "a..b:sub",
            "host.com:",
        ] {
            assert!(!is_federation_key(key), "{key}");
        }
        let parts = federation_key("oidc.eks.us-east-1.amazonaws.com/id/X:aud").expect("key");
        assert_eq!(parts.host, "oidc.eks.us-east-1.amazonaws.com");
        assert_eq!(parts.provider, "oidc.eks.us-east-1.amazonaws.com/id/X");
        assert_eq!(parts.claim, "aud");
    }
}
