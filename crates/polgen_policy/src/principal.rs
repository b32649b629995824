//! Principal analysis: what each `Principal` / `NotPrincipal` value names, and which account
//! it belongs to.
//!
//! IAM accepts these forms (IAM User Guide, "AWS JSON policy elements: Principal"):
//! - `"*"` and `{"AWS": "*"}`: everyone, anonymous callers included;
//! - `{"AWS": "123456789012"}` or `arn:aws:iam::123456789012:root`: the account (every principal
//!   of it whose own policies allow the call);
//! - `arn:aws:iam::ACCOUNT:user/NAME`, `...:role/PATH/NAME` (service-linked roles live under
//!   `role/aws-service-role/`), `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`,
//!   `arn:aws:sts::ACCOUNT:federated-user/NAME`;
//! - `{"Service": "ec2.amazonaws.com"}` (also `*.amazonaws.com.cn` and the dotted forms of
//!   sub-services such as `ecs.application-autoscaling.amazonaws.com`);
//! - `{"Federated": "arn:aws:iam::ACCOUNT:oidc-provider/HOST[/PATH]"}`, the bare issuer host of
//!   the built-in web identity providers (`cognito-identity.amazonaws.com`,
//!   `accounts.google.com`, `graph.facebook.com`, `www.amazon.com`) and
//!   `arn:aws:iam::ACCOUNT:saml-provider/NAME`;
//! - `{"CanonicalUser": "<64 hex>"}` (S3 and CloudFront origin access identities).
//!
//! Values computed at deploy time (CloudFormation intrinsics, Terraform `${...}` expressions)
//! are [`PrincipalClass::Computed`]: rules must neither flag nor trust them.

use crate::model::{PrincipalType, Principals, Str, StrKind};
use crate::value::{Origin, Part};
use polgen_source::Span;

/// What one principal value names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrincipalClass {
    /// `"*"` or `{"AWS": "*"}`.
    Everyone,
    /// A whole account: `123456789012` or `arn:aws:iam::123456789012:root`.
    Account { account: String, root_arn: bool },
    /// `arn:aws:iam::ACCOUNT:user/...`.
    User { account: String, name: String },
    /// `arn:aws:iam::ACCOUNT:role/...`; `service_linked` for `role/aws-service-role/...`.
    Role {
        account: String,
        name: String,
        service_linked: bool,
    },
    /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    AssumedRole {
        account: String,
        role: String,
        session: String,
    },
    /// `arn:aws:sts::ACCOUNT:federated-user/NAME`.
    FederatedUser { account: String, name: String },
    /// A CloudFront origin access identity, `arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity ID`.
    CloudFrontOai { id: String },
    /// `{"Service": "name.amazonaws.com"}`; `service` is the part before `.amazonaws.com`.
    Service { principal: String, service: String },
    /// A web identity (OIDC) provider: ARN form (with its account) or bare issuer host.
    OidcProvider {
        account: Option<String>,
        issuer: String,
    },
    /// `arn:aws:iam::ACCOUNT:saml-provider/NAME`.
    SamlProvider { account: String, name: String },
    /// `{"CanonicalUser": "..."}`.
    CanonicalUser { id: String },
    /// Known only at deploy time.
    Computed,
    /// Not a principal IAM accepts; `reason` says why (for grammar findings).
    Invalid { reason: String },
}

/// A principal value with its type, text and classification.
#[derive(Clone, Debug)]
pub struct ClassifiedPrincipal<'a> {
    /// `None` for `"Principal": "*"`.
    pub ty: Option<&'a PrincipalType>,
    /// The value (`None` for `"Principal": "*"`).
    pub value: Option<&'a Str>,
    pub span: Span,
    pub class: PrincipalClass,
    /// For a principal built at deploy time: the part its account comes from (a parameter,
    /// the deploying account), when the host file tells.
    pub account_part: Option<&'a Part>,
}

impl ClassifiedPrincipal<'_> {
    /// The text as written (`*` for `"Principal": "*"`).
    pub fn text(&self) -> &str {
        self.value.map_or("*", |v| v.value.as_str())
    }

    /// The account the principal belongs to, when it is an account, user, role, session or
    /// provider ARN.
    pub fn account(&self) -> Option<&str> {
        self.class.account()
    }
}

impl PrincipalClass {
    /// Replaces the account `from` by `to` (a stand-in by how the account is written).
    fn relabel_account(&mut self, from: &str, to: &str) {
        match self {
            PrincipalClass::Account { account, .. }
            | PrincipalClass::User { account, .. }
            | PrincipalClass::Role { account, .. }
            | PrincipalClass::AssumedRole { account, .. }
            | PrincipalClass::FederatedUser { account, .. }
            | PrincipalClass::SamlProvider { account, .. }
                if account == from =>
            {
                *account = to.to_string();
            }
            _ => {}
        }
    }

    /// The owning account id, for principals that live in one account.
    pub fn account(&self) -> Option<&str> {
        match self {
            PrincipalClass::Account { account, .. }
            | PrincipalClass::User { account, .. }
            | PrincipalClass::Role { account, .. }
            | PrincipalClass::AssumedRole { account, .. }
            | PrincipalClass::FederatedUser { account, .. }
            | PrincipalClass::SamlProvider { account, .. } => Some(account),
            PrincipalClass::OidcProvider { account, .. } => account.as_deref(),
            _ => None,
        }
    }

    /// Principals that are people or that people can act as: users, account roots and
    /// federated users. Roles and sessions are excluded (their own trust decides who gets in).
    pub fn is_human(&self) -> bool {
        matches!(
            self,
            PrincipalClass::User { .. }
                | PrincipalClass::Account { .. }
                | PrincipalClass::FederatedUser { .. }
        )
    }

    /// Principals of an AWS account (IAM entities or the account itself).
    pub fn is_account_principal(&self) -> bool {
        matches!(
            self,
            PrincipalClass::Account { .. }
                | PrincipalClass::User { .. }
                | PrincipalClass::Role { .. }
                | PrincipalClass::AssumedRole { .. }
                | PrincipalClass::FederatedUser { .. }
        )
    }
}

/// Every principal of a `Principal` / `NotPrincipal` element, classified.
pub fn classify_all(p: &Principals) -> Vec<ClassifiedPrincipal<'_>> {
    let mut out = Vec::new();
    if let Some(span) = p.everyone {
        out.push(ClassifiedPrincipal {
            ty: None,
            value: None,
            span,
            class: PrincipalClass::Everyone,
            account_part: None,
        });
    }
    for entry in &p.entries {
        for v in &entry.values {
            let (class, account_part) = match classify_deployed(&entry.ty, v) {
                Some((class, part)) => (class, Some(part)),
                None => (classify(&entry.ty, v), None),
            };
            out.push(ClassifiedPrincipal {
                ty: Some(&entry.ty),
                value: Some(v),
                span: v.span,
                class,
                account_part,
            });
        }
    }
    out
}

/// Stands in for an account known only at deploy time while the ARN around it is classified.
const STAND_IN_ACCOUNT: &str = "000000000000";

/// An `AWS` principal built at deploy time whose account the host file names: a parameter
/// or variable (judged with its default when it has one: an account polgen does not know
/// otherwise) or the deploying account (`AWS::AccountId`). `None` when the value is not such
/// a principal; it is then [`PrincipalClass::Computed`].
pub fn classify_deployed<'a>(
    ty: &PrincipalType,
    value: &'a Str,
) -> Option<(PrincipalClass, &'a Part)> {
    if *ty != PrincipalType::Aws || value.parts.is_empty() {
        return None;
    }
    let whole = match value.kind {
        StrKind::Opaque => true,
        StrKind::Pattern => value.value == "*",
        StrKind::Literal => return None,
    };
    if whole {
        let [part] = value.parts.as_slice() else {
            return None;
        };
        let class = match &part.origin {
            Origin::Input { default: Some(d) } => classify_aws(d),
            Origin::Input { default: None } | Origin::OwnAccount => PrincipalClass::Account {
                account: format!("${{{}}}", part.reference),
                root_arn: false,
            },
            Origin::Resource { .. } => return None,
        };
        return (!matches!(class, PrincipalClass::Invalid { .. })).then_some((class, part));
    }
    let text = value.value.as_str();
    let account = arn_account_range(text)?;
    let account_part = value.parts.iter().find(|p| p.at == account.start)?;
    if &text[account.clone()] != "*" || matches!(account_part.origin, Origin::Resource { .. }) {
        return None;
    }
    let default = match &account_part.origin {
        Origin::Input { default: Some(d) } if is_account_id(d) => Some(d.as_str()),
        _ => None,
    };
    // Every other part is named by its reference (`${RoleName}`); an unnamed `*` left in
    // the text makes the ARN a wildcard, which is not judged here.
    let mut filled = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for part in &value.parts {
        if part.at < at || text.as_bytes().get(part.at) != Some(&b'*') {
            return None;
        }
        filled.push_str(&text[at..part.at]);
        if part.at == account.start {
            filled.push_str(default.unwrap_or(STAND_IN_ACCOUNT));
        } else {
            filled.push_str(&format!("${{{}}}", part.reference));
        }
        at = part.at + 1;
    }
    filled.push_str(&text[at..]);
    let mut class = classify_aws(&filled);
    if default.is_none() {
        class.relabel_account(
            STAND_IN_ACCOUNT,
            &format!("${{{}}}", account_part.reference),
        );
    }
    (class.account().is_some()).then_some((class, account_part))
}

/// The byte range of the account field of an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:...`).
fn arn_account_range(text: &str) -> Option<std::ops::Range<usize>> {
    if !text.starts_with("arn:") {
        return None;
    }
    let mut colons = text.match_indices(':').map(|(i, _)| i);
    let start = colons.nth(3)? + 1;
    let end = colons.next()?;
    Some(start..end)
}

/// Classifies one principal value of type `ty`.
pub fn classify(ty: &PrincipalType, value: &Str) -> PrincipalClass {
    if value.kind == StrKind::Opaque || is_computed(&value.value) {
        return PrincipalClass::Computed;
    }
    let text = value.value.as_str();
    // A pattern (part computed) is only judged when its known parts decide it.
    let pattern = value.kind == StrKind::Pattern;
    let class = match ty {
        PrincipalType::Aws => classify_aws(text),
        PrincipalType::Service => classify_service(text),
        PrincipalType::Federated => classify_federated(text),
        PrincipalType::CanonicalUser => {
            if text == "*" {
                PrincipalClass::Everyone
            } else {
                PrincipalClass::CanonicalUser {
                    id: text.to_string(),
                }
            }
        }
        PrincipalType::Other(_) => PrincipalClass::Invalid {
            reason: "unknown principal type".to_string(),
        },
    };
    match class {
        PrincipalClass::Invalid { .. } | PrincipalClass::Everyone if pattern => {
            PrincipalClass::Computed
        }
        c if pattern && c.account().is_some_and(|a| a.contains('*')) => PrincipalClass::Computed,
        c => c,
    }
}

fn invalid(reason: impl Into<String>) -> PrincipalClass {
    PrincipalClass::Invalid {
        reason: reason.into(),
    }
}

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

fn classify_aws(text: &str) -> PrincipalClass {
    if text == "*" {
        return PrincipalClass::Everyone;
    }
    if is_account_id(text) {
        return PrincipalClass::Account {
            account: text.to_string(),
            root_arn: false,
        };
    }
    let Some(rest) = text.strip_prefix("arn:") else {
        return invalid("an `AWS` principal must be an account id, an IAM or STS ARN, or `*`");
    };
    let parts: Vec<&str> = rest.splitn(5, ':').collect();
    let [_partition, service, region, account, resource] = parts[..] else {
        return invalid("malformed ARN");
    };
    if text.contains('*') || text.contains('?') {
        return invalid(
            "wildcards are not allowed in principal ARNs; use `\"*\"` with an `aws:PrincipalArn` condition",
        );
    }
    if !region.is_empty() {
        return invalid("IAM and STS principal ARNs have no region");
    }
    let account = account.to_string();
    match service {
        "iam" => {
            if account == "cloudfront"
                && let Some(id) = resource.strip_prefix("user/CloudFront Origin Access Identity ")
            {
                return PrincipalClass::CloudFrontOai { id: id.to_string() };
            }
            if !is_account_id(&account) {
                return invalid(format!("`{account}` is not a 12-digit account id"));
            }
            if resource == "root" {
                PrincipalClass::Account {
                    account,
                    root_arn: true,
                }
            } else if let Some(path) = resource.strip_prefix("user/") {
                PrincipalClass::User {
                    account,
                    name: last_segment(path),
                }
            } else if let Some(path) = resource.strip_prefix("role/") {
                PrincipalClass::Role {
                    account,
                    name: last_segment(path),
                    service_linked: path.starts_with("aws-service-role/"),
                }
            } else {
                invalid(format!(
                    "`{resource}` is not a principal; IAM principals are `root`, `user/...` and `role/...` (groups cannot be principals)"
                ))
            }
        }
        "sts" => {
            if !is_account_id(&account) {
                return invalid(format!("`{account}` is not a 12-digit account id"));
            }
            if let Some(rest) = resource.strip_prefix("assumed-role/") {
                let (role, session) = rest.split_once('/').unwrap_or((rest, ""));
                PrincipalClass::AssumedRole {
                    account,
                    role: role.to_string(),
                    session: session.to_string(),
                }
            } else if let Some(name) = resource.strip_prefix("federated-user/") {
                PrincipalClass::FederatedUser {
                    account,
                    name: name.to_string(),
                }
            } else {
                invalid(format!("`{resource}` is not an STS principal"))
            }
        }
        _ => invalid(format!(
            "`{service}` ARNs are not principals; only IAM and STS ARNs are"
        )),
    }
}

fn last_segment(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_string()
}

/// `name.amazonaws.com`, `name.amazonaws.com.cn`, and the service-linked dotted forms.
fn classify_service(text: &str) -> PrincipalClass {
    if text == "*" {
        return invalid("`{\"Service\": \"*\"}` is not allowed; name the service principal");
    }
    if text.contains('*') || text.contains('?') {
        return invalid("wildcards are not allowed in service principals");
    }
    let service = text
        .strip_suffix(".amazonaws.com")
        .or_else(|| text.strip_suffix(".amazonaws.com.cn"))
        .or_else(|| text.strip_suffix(".amazon.com"));
    match service {
        Some(s)
            if !s.is_empty()
                && s.split('.').all(|l| {
                    !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                }) =>
        {
            PrincipalClass::Service {
                principal: text.to_string(),
                service: s.to_string(),
            }
        }
        _ => invalid("a service principal has the form `service.amazonaws.com`"),
    }
}

/// The web identity providers IAM accepts by bare host.
const BUILT_IN_WEB_IDENTITY: &[&str] = &[
    "cognito-identity.amazonaws.com",
    "accounts.google.com",
    "graph.facebook.com",
    "www.amazon.com",
];

fn classify_federated(text: &str) -> PrincipalClass {
    if text == "*" || text.contains('*') {
        return invalid("wildcards are not allowed in federated principals");
    }
    if let Some(rest) = text.strip_prefix("arn:") {
        let parts: Vec<&str> = rest.splitn(5, ':').collect();
        let [_partition, "iam", "", account, resource] = parts[..] else {
            return invalid(
                "a federated principal is an `oidc-provider` or `saml-provider` ARN of IAM",
            );
        };
        if !is_account_id(account) {
            return invalid(format!("`{account}` is not a 12-digit account id"));
        }
        let account = account.to_string();
        if let Some(issuer) = resource.strip_prefix("oidc-provider/") {
            return PrincipalClass::OidcProvider {
                account: Some(account),
                issuer: issuer.to_string(),
            };
        }
        if let Some(name) = resource.strip_prefix("saml-provider/") {
            return PrincipalClass::SamlProvider {
                account,
                name: name.to_string(),
            };
        }
        return invalid("a federated principal is an `oidc-provider` or `saml-provider` ARN");
    }
    let host = text.split('/').next().unwrap_or(text);
    if host.contains('.') && !text.contains(':') {
        if !BUILT_IN_WEB_IDENTITY.contains(&host) {
            // IAM accepts only the built-in providers by host; others need the provider ARN.
            return invalid(format!(
                "`{text}` is not a built-in web identity provider; name your OIDC provider by its ARN `arn:aws:iam::ACCOUNT:oidc-provider/{text}`"
            ));
        }
        return PrincipalClass::OidcProvider {
            account: None,
            issuer: text.to_string(),
        };
    }
    invalid(
        "a federated principal is an OIDC or SAML provider ARN, or a built-in web identity provider",
    )
}

/// Whether `text` holds a deploy-time expression rather than literal text: a Terraform
/// interpolation (`${var.x}`, `${local.issuer}:sub`) or another template expression. IAM
/// policy variables (`${aws:username}`, `${saml:sub}`, `${*}`) are not expressions.
pub fn is_computed(text: &str) -> bool {
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        let after = &rest[i + 2..];
        let Some(j) = after.find('}') else {
            return true;
        };
        if !is_policy_variable(&after[..j]) {
            return true;
        }
        rest = &after[j + 1..];
    }
    false
}

/// `aws:username`, `saml:sub`, `www.amazon.com:user_id`, `*`, `?`, `$`, optionally with a
/// default value (`aws:PrincipalTag/team, 'none'`).
fn is_policy_variable(inner: &str) -> bool {
    if matches!(inner, "*" | "?" | "$") {
        return true;
    }
    let name = inner.split(',').next().unwrap_or(inner).trim();
    let Some((prefix, rest)) = name.split_once(':') else {
        return false;
    };
    // Global and service keys (`aws:`, `saml:`, `sts:`, ...) or a web identity provider's
    // keys (`accounts.google.com:sub`); `${self:custom.x}` (Serverless) is not one.
    let known_prefix = prefix.contains('.')
        || ["aws", "saml", "sts", "ec2", "iam", "s3", "ssm"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(prefix));
    known_prefix
        && !rest.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/".contains(c))
}

/// Which identity provider issues the tokens of an OIDC issuer, for its claim conventions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OidcIdp {
    /// GitHub Actions: `token.actions.githubusercontent.com[/<enterprise>]`, GHE.com data
    /// residency `token.actions.<subdomain>.ghe.com`, GHE Server `<host>/_services/token`.
    GitHub,
    /// EKS IAM roles for service accounts: `oidc.eks.<region>.amazonaws.com/id/<id>`.
    Eks,
    /// `gitlab.com` or a self-managed GitLab whose host says so.
    GitLab,
    /// `oidc.circleci.com/org/<org-id>`.
    CircleCi,
    /// `agent.buildkite.com`.
    Buildkite,
    /// HCP Terraform / Terraform Cloud: `app.terraform.io`.
    TerraformCloud,
    /// `accounts.google.com`.
    Google,
    /// Amazon Cognito identity pools: `cognito-identity.amazonaws.com`.
    Cognito,
    /// Login with Amazon (`www.amazon.com`) and Facebook (`graph.facebook.com`): app-wide logins.
    ConsumerLogin,
    /// Any other issuer.
    Other,
}

impl OidcIdp {
    pub fn of(issuer: &str) -> OidcIdp {
        let issuer = issuer.to_ascii_lowercase();
        let host = issuer.split('/').next().unwrap_or(&issuer);
        if host == "token.actions.githubusercontent.com"
            || (host.starts_with("token.actions.") && host.ends_with(".ghe.com"))
            || issuer.ends_with("/_services/token")
        {
            OidcIdp::GitHub
        } else if host.starts_with("oidc.eks.") && host.ends_with(".amazonaws.com") {
            OidcIdp::Eks
        } else if host == "gitlab.com" || host.starts_with("gitlab.") {
            OidcIdp::GitLab
        } else if host == "oidc.circleci.com" {
            OidcIdp::CircleCi
        } else if host == "agent.buildkite.com" {
            OidcIdp::Buildkite
        } else if host == "app.terraform.io" {
            OidcIdp::TerraformCloud
        } else if host == "accounts.google.com" {
            OidcIdp::Google
        } else if host == "cognito-identity.amazonaws.com" {
            OidcIdp::Cognito
        } else if host == "graph.facebook.com" || host == "www.amazon.com" {
            OidcIdp::ConsumerLogin
        } else {
            OidcIdp::Other
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            OidcIdp::GitHub => "GitHub Actions",
            OidcIdp::Eks => "EKS",
            OidcIdp::GitLab => "GitLab",
            OidcIdp::CircleCi => "CircleCI",
            OidcIdp::Buildkite => "Buildkite",
            OidcIdp::TerraformCloud => "Terraform Cloud",
            OidcIdp::Google => "Google",
            OidcIdp::Cognito => "Cognito",
            OidcIdp::ConsumerLogin => "web identity",
            OidcIdp::Other => "OIDC",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Str {
        Str::literal(s, Span::new(0, 0))
    }

    fn aws(s: &str) -> PrincipalClass {
        classify(&PrincipalType::Aws, &lit(s))
    }

    #[test]
    fn aws_principals() {
        assert_eq!(aws("*"), PrincipalClass::Everyone);
        assert_eq!(
            aws("111122223333"),
            PrincipalClass::Account {
                account: "111122223333".into(),
                root_arn: false
            }
        );
        assert_eq!(
            aws("arn:aws:iam::111122223333:root").account(),
            Some("111122223333")
        );
        assert!(matches!(
            aws("arn:aws:iam::111122223333:user/ops/alice"),
            PrincipalClass::User { name, .. } if name == "alice"
        ));
        assert!(matches!(
            aws(
                "arn:aws:iam::111122223333:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"
            ),
            PrincipalClass::Role {
                service_linked: true,
                ..
            }
        ));
        assert!(matches!(
            aws("arn:aws-cn:sts::111122223333:assumed-role/dev/alice"),
            PrincipalClass::AssumedRole { role, session, .. } if role == "dev" && session == "alice"
        ));
        assert!(matches!(
            aws("arn:aws:sts::111122223333:federated-user/bob"),
            PrincipalClass::FederatedUser { .. }
        ));
        assert!(matches!(
            aws("arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL"),
            PrincipalClass::CloudFrontOai { .. }
        ));
        for bad in [
            "arn:aws:iam::111122223333:role/*",
            "arn:aws:iam::*:root",
            "arn:aws:iam::111122223333:group/admins",
            "arn:aws:s3:::bucket",
            "alice",
            "1111",
        ] {
            assert!(
                matches!(aws(bad), PrincipalClass::Invalid { .. }),
                "{bad}: {:?}",
                aws(bad)
            );
        }
    }

    #[test]
    fn service_and_federated() {
        let svc = |s: &str| classify(&PrincipalType::Service, &lit(s));
        assert!(
            matches!(svc("ec2.amazonaws.com"), PrincipalClass::Service { service, .. } if service == "ec2")
        );
        assert!(matches!(
            svc("ecs.application-autoscaling.amazonaws.com"),
            PrincipalClass::Service { .. }
        ));
        assert!(matches!(
            svc("ec2.amazonaws.com.cn"),
            PrincipalClass::Service { .. }
        ));
        assert!(matches!(svc("*"), PrincipalClass::Invalid { .. }));
        assert!(matches!(svc("ec2"), PrincipalClass::Invalid { .. }));
        let fed = |s: &str| classify(&PrincipalType::Federated, &lit(s));
        assert!(matches!(
            fed("arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"),
            PrincipalClass::OidcProvider { account: Some(_), issuer } if issuer == "token.actions.githubusercontent.com"
        ));
        assert!(matches!(
            fed("cognito-identity.amazonaws.com"),
            PrincipalClass::OidcProvider { account: None, .. }
        ));
        assert!(matches!(
            fed("arn:aws:iam::111122223333:saml-provider/Okta"),
            PrincipalClass::SamlProvider { .. }
        ));
        assert!(matches!(
            fed("token.actions.githubusercontent.com"),
            PrincipalClass::Invalid { .. }
        ));
    }

    #[test]
    fn computed_values() {
        assert!(is_computed("${var.account}"));
        assert!(is_computed("${local.oidc_issuer}:sub"));
        assert!(is_computed(
            "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"
        ));
        assert!(!is_computed("arn:aws:s3:::b/${aws:username}/*"));
        assert!(!is_computed("${*}"));
        assert!(!is_computed("${aws:PrincipalTag/team, 'none'}"));
        assert!(!is_computed("home/${www.amazon.com:user_id}"));
        assert!(is_computed("arn:aws:iam::${self:custom.account}:root"));
        assert!(!is_computed("plain"));
        assert_eq!(aws("${var.principal}"), PrincipalClass::Computed);
    }

    #[test]
    fn idps() {
        assert_eq!(
            OidcIdp::of("token.actions.githubusercontent.com/my-enterprise"),
            OidcIdp::GitHub
        );
        assert_eq!(
            OidcIdp::of("token.actions.octocorp.ghe.com"),
            OidcIdp::GitHub
        );
        assert_eq!(
            OidcIdp::of("github.example.com/_services/token"),
            OidcIdp::GitHub
        );
        assert_eq!(
            OidcIdp::of("oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF"),
            OidcIdp::Eks
        );
        assert_eq!(OidcIdp::of("app.terraform.io"), OidcIdp::TerraformCloud);
        assert_eq!(OidcIdp::of("oidc.circleci.com/org/123"), OidcIdp::CircleCi);
        assert_eq!(OidcIdp::of("example.com"), OidcIdp::Other);
    }
}
