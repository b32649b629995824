//! The AWS managed policies, known by the fingerprint of their document
//! (`polgen_policy::fingerprint`): a file whose content is an AWS managed policy was written by
//! AWS, not by the user, and AWS's quotas for customer policies do not bind it.
//!
//! Generated, never typed: `cargo run -p polgen_dev -- update-managed --managed <dir>` reads
//! every `<PolicyName>.json` of the shared corpus (iam-dataset at a pinned commit, see
//! `source`) and writes `data/aws_managed.json`; a drift test regenerates it.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// File name of the table, inside `data/`.
pub const AWS_MANAGED_FILE: &str = "aws_managed.json";

static AWS_MANAGED_JSON: &str = include_str!("../data/aws_managed.json");

/// Contents of `aws_managed.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwsManaged {
    /// Where the documents come from, in words (corpus, commit, licence).
    pub source: String,
    /// Every policy, sorted by fingerprint.
    pub policies: Vec<ManagedPolicy>,
}

/// One AWS managed policy.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ManagedPolicy {
    /// The fingerprint of its default version's document, 16 hex digits.
    pub fingerprint: String,
    pub name: String,
    /// `arn:aws:iam::aws:policy/...`, when the source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The default version the document is (`v12`), when the source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// A fingerprint as the table writes it.
pub fn fingerprint_hex(fingerprint: u64) -> String {
    format!("{fingerprint:016x}")
}

impl AwsManaged {
    /// The embedded table (empty if it could not be read, which the crate's tests catch).
    pub fn get() -> &'static AwsManaged {
        static DATA: OnceLock<AwsManaged> = OnceLock::new();
        DATA.get_or_init(|| serde_json::from_str(AWS_MANAGED_JSON).unwrap_or_default())
    }

    /// The AWS managed policy whose document has this fingerprint.
    pub fn by_fingerprint(&self, fingerprint: u64) -> Option<&ManagedPolicy> {
        let hex = fingerprint_hex(fingerprint);
        self.policies
            .binary_search_by(|p| p.fingerprint.as_str().cmp(hex.as_str()))
            .ok()
            .and_then(|i| self.policies.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_reads_and_is_sorted() {
        let table = AwsManaged::get();
        assert!(table.policies.len() > 1000, "{}", table.policies.len());
        assert!(
            table
                .policies
                .windows(2)
                .all(|w| w[0].fingerprint <= w[1].fingerprint)
        );
        let first = &table.policies[0];
        let fingerprint = u64::from_str_radix(&first.fingerprint, 16).expect("hex");
        assert_eq!(table.by_fingerprint(fingerprint), Some(first));
    }
}
