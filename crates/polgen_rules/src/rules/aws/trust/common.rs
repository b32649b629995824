//! Helpers shared by the trust and resource-policy rules: which statements let principals in,
//! with which role-assumption actions, and whose account a principal belongs to.

use polgen_policy::principal::{ClassifiedPrincipal, classify_all, is_computed};
use polgen_policy::{Origin, Statement, StrKind};

use crate::settings::Settings;
use crate::util::glob;

pub const ASSUME_ROLE: &str = "sts:AssumeRole";
pub const ASSUME_ROLE_WITH_WEB_IDENTITY: &str = "sts:AssumeRoleWithWebIdentity";
pub const ASSUME_ROLE_WITH_SAML: &str = "sts:AssumeRoleWithSAML";

/// The `Allow` statements that name principals with `Principal` (not `NotPrincipal`), with
/// their principals classified.
pub fn allowed_principals(
    statements: &[Statement],
) -> impl Iterator<Item = (&Statement, Vec<ClassifiedPrincipal<'_>>)> {
    statements.iter().filter(|s| s.is_allow()).filter_map(|s| {
        let p = s.principal.as_ref().filter(|p| !p.negated)?;
        Some((s, classify_all(p)))
    })
}

/// Whether `st` may grant `action`: its `Action` matches it (or is computed, or missing, so
/// nothing rules it out), or its `NotAction` does not exclude it.
pub fn may_grant(st: &Statement, action: &str) -> bool {
    let Some(list) = &st.action else {
        return true;
    };
    if !list.complete
        || list
            .items
            .iter()
            .any(|i| i.kind == StrKind::Opaque || is_computed(&i.value))
    {
        return true;
    }
    let hit = list
        .items
        .iter()
        .any(|i| glob::matches(&i.value, action, true));
    if list.negated { !hit } else { hit }
}

/// Who owns an account, from configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ownership {
    /// `[accounts] own` / `--account`.
    Own,
    /// `[accounts] trusted`.
    Trusted,
    /// Anyone else, or any account when nothing is configured.
    External,
}

pub fn ownership(settings: &Settings, account: &str) -> Ownership {
    if settings.is_own_account(account) {
        Ownership::Own
    } else if settings.is_trusted_account(account) {
        Ownership::Trusted
    } else {
        Ownership::External
    }
}

/// The ownership of a principal's account. An account built at deploy time is the deploying
/// account (`AWS::AccountId`: own), a parameter's default when it has one, and otherwise an
/// account polgen does not know: possibly external.
pub fn ownership_of(settings: &Settings, p: &ClassifiedPrincipal<'_>) -> Option<Ownership> {
    let account = p.account()?;
    Some(match p.account_part.map(|part| &part.origin) {
        Some(Origin::OwnAccount) => Ownership::Own,
        Some(Origin::Input { default: Some(d) }) if d == account => ownership(settings, d),
        Some(_) => Ownership::External,
        None => ownership(settings, account),
    })
}

/// How a message names where a principal's account comes from when it is built at deploy
/// time: "from parameter `VendorAccountId`, not known until deploy" or "the default of ...".
pub fn account_origin_note(p: &ClassifiedPrincipal<'_>) -> Option<String> {
    let part = p.account_part?;
    Some(match &part.origin {
        Origin::Input { default: Some(d) } if p.account() == Some(d.as_str()) => {
            format!("the default of {}", part.describe())
        }
        Origin::Input { .. } => format!("from {}, not known until deploy", part.describe()),
        Origin::OwnAccount | Origin::Resource { .. } => part.describe(),
    })
}
