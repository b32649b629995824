//! Trust and resource policies: who can get in. Principals are classified by
//! `polgen_policy::principal`; conditions that really narrow the callers are judged by
//! `util::narrowing`.

use crate::engine::Rule;

mod common;
pub mod confused_deputy;
pub mod missing_external_id;
mod oidc;
pub mod oidc_missing_aud;
pub mod oidc_missing_sub;
pub mod public_access;
pub mod saml_missing_aud;
pub mod trust_account_root;
pub mod trust_missing_mfa;

pub(crate) static RULES: &[&'static dyn Rule] = &[
    &public_access::PublicAccess,
    &missing_external_id::MissingExternalId,
    &oidc_missing_sub::OidcMissingSub,
    &oidc_missing_aud::OidcMissingAud,
    &saml_missing_aud::SamlMissingAud,
    &confused_deputy::ConfusedDeputy,
    &trust_account_root::TrustAccountRoot,
    &trust_missing_mfa::TrustMissingMfa,
];
