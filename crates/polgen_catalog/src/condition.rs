//! Condition key lookup across the three places a key can come from: the global table
//! (`aws:` and cross-service keys), the service named by the key's prefix, and other services
//! that define keys with that prefix (`saml:` and the web-identity providers live in `sts`).

use crate::catalog::Catalog;
use crate::global_keys::{self, GlobalConditionKey};
use crate::model::ConditionType;
use crate::template;
use crate::text::starts_with_ignore_ascii_case;

/// What the catalog knows about a condition key used in a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionKeyInfo {
    /// Canonical spelling of the key as used (`aws:RequestTag/Env` for `AWS:requesttag/Env`).
    pub key: String,
    /// Data type.
    pub ty: ConditionType,
    /// True for global (`aws:`) and cross-service keys from [`crate::GLOBAL_CONDITION_KEYS`].
    pub global: bool,
    /// Service that defines the key (`None` for global keys).
    pub service: Option<&'static str>,
    /// The catalog's template when the key matched one (`aws:RequestTag/${TagKey}`).
    pub template: Option<String>,
}

impl ConditionKeyInfo {
    fn from_global(used: &str, global: &GlobalConditionKey) -> Self {
        let is_template = global.is_template();
        ConditionKeyInfo {
            key: if is_template {
                template::canonicalize(global.key, used).unwrap_or_else(|| used.to_owned())
            } else {
                global.key.to_owned()
            },
            ty: global.ty,
            global: true,
            service: None,
            template: is_template.then(|| global.key.to_owned()),
        }
    }
}

impl Catalog {
    /// A condition key, case-insensitive: a global key (`aws:SourceIp`), a service key
    /// (`s3:prefix`), or an instance of a template (`aws:RequestTag/Env`,
    /// `s3:ExistingObjectTag/team`, `kms:EncryptionContext:purpose`,
    /// `agent.acme.buildkite.dev:build_branch`). `None` for unknown keys.
    pub fn condition_key(&self, key: &str) -> Option<ConditionKeyInfo> {
        let (prefix, _) = key.split_once(':')?;
        let global = global_keys::lookup(key);
        if starts_with_ignore_ascii_case(key, "aws:") {
            return global.map(|g| ConditionKeyInfo::from_global(key, g));
        }
        for service in self.condition_key_owners(prefix) {
            if let Some(found) = service.condition_key(key) {
                let is_template = found.is_template();
                return Some(ConditionKeyInfo {
                    key: if is_template {
                        template::canonicalize(&found.key, key).unwrap_or_else(|| key.to_owned())
                    } else {
                        found.key.clone()
                    },
                    ty: found.ty,
                    global: false,
                    service: Some(service.prefix),
                    template: is_template.then(|| found.key.clone()),
                });
            }
        }
        global.map(|g| ConditionKeyInfo::from_global(key, g))
    }

    /// A global or cross-service condition key from the hand-written table (case-insensitive;
    /// tag keys find their template).
    pub fn global_condition_key(&self, key: &str) -> Option<&'static GlobalConditionKey> {
        global_keys::lookup(key)
    }
}
