//! Several policies combined the way Vault builds a token's ACL, and the decision for one
//! request path.
//!
//! Vault first merges blocks whose labels are the same (after dropping a leading `/`),
//! across all the token's policies: their capabilities are united, and `deny` in any of
//! them leaves only `deny`. Then, for a request, one merged label applies: an exact label
//! if there is one, else the highest-priority glob or `+` label (see [`crate::path`]). A
//! `deny` on a less specific label therefore does not stop a more specific grant.

use std::collections::HashMap;

use crate::model::PathBlock;
use crate::path::{Matcher, PathPattern};

/// One block of one policy that contributes to a merged label.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    /// Index of the policy in the list given to [`Acl::new`].
    pub policy: usize,
    pub block: &'a PathBlock,
}

/// All blocks with the same label, merged.
#[derive(Clone, Debug)]
pub struct Entry<'a> {
    pub pattern: PathPattern,
    pub sources: Vec<Source<'a>>,
    /// The merged capabilities: `["deny"]` alone when any block denies.
    pub capabilities: Vec<&'a str>,
}

impl Entry<'_> {
    pub fn denies(&self) -> bool {
        self.capabilities == ["deny"]
    }
}

/// A token's policies, merged.
#[derive(Clone, Debug, Default)]
pub struct Acl<'a> {
    /// In the order their labels first appear.
    entries: Vec<Entry<'a>>,
    /// Where each label's entry is: merging 100k blocks must not scan the entries per block.
    by_matcher: HashMap<Matcher, usize>,
}

/// Which label applies to a request and what it grants.
#[derive(Clone, Debug)]
pub struct Decision<'a, 'b> {
    /// The request path as matched (leading `/` dropped).
    pub request: String,
    /// The merged label that applies, if any.
    pub applied: Option<&'b Entry<'a>>,
    /// Set when the label applied only after dropping the request's trailing `/`, as
    /// Vault does for list requests.
    pub trimmed_slash: bool,
    /// The resulting capabilities; `["deny"]` when nothing is granted.
    pub capabilities: Vec<&'a str>,
    /// Other labels that match the request but lose to the applied one, best first.
    pub overridden: Vec<&'b Entry<'a>>,
}

/// The order in which `vault token capabilities` lists capabilities.
const DISPLAY_ORDER: &[&str] = &[
    "sudo",
    "read",
    "list",
    "update",
    "delete",
    "create",
    "patch",
    "scan",
    "subscribe",
    "recover",
];

impl<'a> Acl<'a> {
    /// Merges the path blocks of `policies`, in order.
    pub fn new(policies: impl IntoIterator<Item = &'a crate::VaultPolicy>) -> Self {
        let mut acl = Acl::default();
        for (index, policy) in policies.into_iter().enumerate() {
            for block in &policy.paths {
                acl.add(index, block);
            }
        }
        acl
    }

    /// The merged labels, in the order they first appear.
    pub fn entries(&self) -> &[Entry<'a>] {
        &self.entries
    }

    /// The merged entry of the blocks with this label.
    pub fn entry(&self, pattern: &PathPattern) -> Option<&Entry<'a>> {
        let at = *self.by_matcher.get(&pattern.matcher)?;
        self.entries.get(at)
    }

    fn add(&mut self, policy: usize, block: &'a PathBlock) {
        let source = Source { policy, block };
        let caps = block.effective_capabilities();
        let existing = self.by_matcher.get(&block.pattern.matcher).copied();
        match existing.and_then(|at| self.entries.get_mut(at)) {
            Some(entry) => {
                entry.sources.push(source);
                if entry.denies() {
                    return;
                }
                if caps == ["deny"] {
                    entry.capabilities = vec!["deny"];
                    return;
                }
                for c in caps {
                    if !entry.capabilities.contains(&c) {
                        entry.capabilities.push(c);
                    }
                }
            }
            None => {
                self.by_matcher
                    .insert(block.pattern.matcher.clone(), self.entries.len());
                self.entries.push(Entry {
                    pattern: block.pattern.clone(),
                    sources: vec![source],
                    capabilities: caps,
                });
            }
        }
    }

    fn exact(&self, request: &str) -> Option<&Entry<'a>> {
        let at = *self.by_matcher.get(&Matcher::Exact(request.to_string()))?;
        self.entries.get(at)
    }

    fn matching_non_exact(&self, request: &str) -> Vec<&Entry<'a>> {
        let mut found: Vec<&Entry<'a>> = self
            .entries
            .iter()
            .filter(|e| !e.pattern.is_exact() && e.pattern.matches(request))
            .collect();
        found.sort_by(|a, b| b.pattern.priority_cmp(&a.pattern));
        found
    }

    /// The decision for `request`, following `vault token capabilities` (which checks as a
    /// list request: a trailing `/` may be dropped to find a label).
    pub fn decide<'b>(&'b self, request: &str) -> Decision<'a, 'b> {
        let request = request.trim_start_matches('/').to_string();
        let trimmed = request.strip_suffix('/');
        let mut applied = self.exact(&request).map(|e| (e, false));
        if applied.is_none() {
            applied = trimmed.and_then(|t| self.exact(t)).map(|e| (e, true));
        }
        let mut candidates = self.matching_non_exact(&request);
        let mut trimmed_slash = false;
        if applied.is_none() {
            if candidates.is_empty()
                && let Some(t) = trimmed
            {
                candidates = self.matching_non_exact(t);
                trimmed_slash = true;
            }
            applied = candidates.first().map(|e| (*e, trimmed_slash));
        }
        let overridden: Vec<&Entry<'a>> = self
            .matching_non_exact(&request)
            .into_iter()
            .filter(|e| applied.is_none_or(|(a, _)| !std::ptr::eq(*e, a)))
            .collect();
        let capabilities = match applied {
            Some((entry, _)) if !entry.capabilities.is_empty() && !entry.denies() => {
                let mut caps = entry.capabilities.clone();
                caps.sort_by_key(|c| {
                    DISPLAY_ORDER
                        .iter()
                        .position(|d| d == c)
                        .unwrap_or(usize::MAX)
                });
                caps
            }
            _ => vec!["deny"],
        };
        Decision {
            request,
            applied: applied.map(|(e, _)| e),
            trimmed_slash: applied.is_some_and(|(_, t)| t),
            capabilities,
            overridden,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_hcl;

    #[test]
    fn the_most_specific_label_applies_and_deny_only_merges_on_the_same_label() {
        let a = parse_hcl(
            "path \"secret/*\" { capabilities = [\"deny\"] }\npath \"secret/app/*\" { capabilities = [\"read\"] }",
        )
        .expect("test input");
        let b = parse_hcl(
            "path \"secret/app/*\" { capabilities = [\"list\", \"update\"] }\npath \"/secret/app/admin\" { capabilities = [\"read\"] }\npath \"secret/app/admin\" { capabilities = [\"deny\"] }",
        )
        .expect("test input");
        let acl = Acl::new([&a, &b]);
        let d = acl.decide("secret/app/config");
        assert_eq!(d.capabilities, ["read", "list", "update"]);
        assert_eq!(d.applied.expect("test input").sources.len(), 2);
        assert_eq!(d.overridden.len(), 1);
        assert_eq!(d.overridden[0].pattern.normalized, "secret/*");
        assert_eq!(acl.decide("secret/other").capabilities, ["deny"]);
        assert_eq!(acl.decide("/secret/app/admin").capabilities, ["deny"]);
        assert!(acl.decide("kv/x").applied.is_none());
    }

    #[test]
    fn list_requests_may_drop_a_trailing_slash() {
        let a = parse_hcl("path \"secret/metadata\" { capabilities = [\"list\"] }")
            .expect("test input");
        let acl = Acl::new([&a]);
        let d = acl.decide("secret/metadata/");
        assert_eq!(d.capabilities, ["list"]);
        assert!(d.trimmed_slash);
    }

    #[test]
    fn legacy_policy_values_combine_with_capabilities() {
        let a = parse_hcl("path \"sys/*\" { policy = \"sudo\" }").expect("test input");
        let acl = Acl::new([&a]);
        assert_eq!(
            acl.decide("sys/mounts").capabilities,
            ["sudo", "read", "list", "update", "delete", "create"]
        );
    }
}
