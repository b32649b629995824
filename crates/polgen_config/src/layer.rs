//! One level of rule selection: `select`, `ignore` and `[severity]` as written in one place.

use std::collections::BTreeMap;

use polgen_diagnostics::Severity;

/// The name that selects every rule.
pub(crate) const ALL: &str = "all";

/// Select, ignore and severity entries of one level (a ruleset, the config, an override,
/// the command line). Entries are rule ids, categories or `all`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Layer {
    /// Where the entries come from, for validation messages (`ruleset `strict``, `--select`).
    pub origin: String,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub severity: BTreeMap<String, Severity>,
}

impl Layer {
    /// `Some(true)` if this level turns the rule on, `Some(false)` off, `None` if it does not
    /// mention it. The rule id beats its category, which beats `all`; at the same
    /// specificity `ignore` beats `select`.
    pub fn decide(&self, rule_id: &str, category: &str) -> Option<bool> {
        [rule_id, category, ALL].into_iter().find_map(|name| {
            if contains(&self.ignore, name) {
                Some(false)
            } else if contains(&self.select, name) {
                Some(true)
            } else {
                None
            }
        })
    }

    /// The severity this level sets for the rule, by id, then category, then `all`.
    pub fn severity(&self, rule_id: &str, category: &str) -> Option<Severity> {
        [rule_id, category, ALL]
            .into_iter()
            .find_map(|name| self.severity.get(name).copied())
    }

    /// Every name the level mentions, with the key it appears under.
    pub fn names(&self) -> impl Iterator<Item = (&'static str, &str)> {
        let select = self.select.iter().map(|n| ("select", n.as_str()));
        let ignore = self.ignore.iter().map(|n| ("ignore", n.as_str()));
        let severity = self.severity.keys().map(|n| ("severity", n.as_str()));
        select.chain(ignore).chain(severity)
    }
}

fn contains(names: &[String], name: &str) -> bool {
    names.iter().any(|n| n == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(select: &[&str], ignore: &[&str]) -> Layer {
        Layer {
            select: select.iter().map(|s| s.to_string()).collect(),
            ignore: ignore.iter().map(|s| s.to_string()).collect(),
            ..Layer::default()
        }
    }

    #[test]
    fn id_beats_category_beats_all() {
        let l = layer(&["pass-role-star"], &["security"]);
        assert_eq!(l.decide("pass-role-star", "security"), Some(true));
        assert_eq!(l.decide("trust-account-root", "security"), Some(false));
        assert_eq!(l.decide("x", "style"), None);
        let l = layer(&["all"], &["style"]);
        assert_eq!(l.decide("x", "style"), Some(false));
        assert_eq!(l.decide("x", "security"), Some(true));
    }

    #[test]
    fn ignore_beats_select_at_the_same_specificity() {
        let l = layer(&["security", "a"], &["security", "a"]);
        assert_eq!(l.decide("a", "style"), Some(false));
        assert_eq!(l.decide("b", "security"), Some(false));
    }
}
