//! Rules for HashiCorp Vault and OpenBao ACL policies, one file per rule.

use crate::vault::VaultRule;

pub mod deprecated_policy_syntax;
pub mod duplicate_path;
pub mod invalid_glob;
pub mod kv_v2_path;
pub mod parameters;
pub mod privilege_escalation;
pub mod shadowed_path;
pub mod sudo;
pub mod unknown_attribute;
pub mod unknown_capability;
pub mod wildcard_path;
pub mod wrapping_ttl;

/// Common imports for Vault rule files.
pub(crate) mod prelude {
    pub use crate::meta::{Category, RuleMeta};
    pub use crate::vault::{VaultContext, VaultRule, did_you_mean};
    pub use polgen_diagnostics::Severity;
    pub use polgen_vault::{Flavor, PathBlock, PathPattern};
}

pub(crate) static RULES: &[&'static dyn VaultRule] = &[
    &unknown_capability::UnknownCapability,
    &unknown_attribute::UnknownAttribute,
    &invalid_glob::InvalidGlob,
    &duplicate_path::DuplicatePath,
    &deprecated_policy_syntax::DeprecatedPolicySyntax,
    &wrapping_ttl::WrappingTtl,
    &parameters::Parameters,
    &kv_v2_path::KvV2Path,
    &shadowed_path::ShadowedPath,
    &wildcard_path::WildcardPath,
    &sudo::Sudo,
    &privilege_escalation::PrivilegeEscalation,
];
