//! Helpers shared by the security rules: which element of a statement grants an action,
//! whether a statement is an unconditioned admin grant, whether a `Deny` takes an action away.
//!
//! Exact-text judgements use [`Str::as_literal`]: an action or resource computed at deploy
//! time neither grants nor excludes anything here, so rules stay quiet about what they cannot see.

use std::collections::HashMap;
use std::rc::Rc;

use polgen_catalog::{ActionRef, Catalog};
use polgen_policy::{Statement, Str, StrList};
use polgen_source::Span;

use crate::util::glob;
use crate::util::{conditions, narrowing};

/// Whether an action pattern grants every action of every service (`*`, `*:*`).
pub fn is_all_actions(pattern: &str) -> bool {
    !pattern.is_empty() && pattern.chars().all(|c| c == '*' || c == ':') && pattern.contains('*')
}

/// The `Action` list of a statement when it is not `NotAction`.
pub fn actions(st: &Statement) -> Option<&StrList> {
    st.action.as_ref().filter(|a| !a.negated)
}

/// The `"*"` item of the statement's `Resource` (not `NotResource`), if any.
pub fn star_resource(st: &Statement) -> Option<&Str> {
    st.resource
        .as_ref()
        .filter(|r| !r.negated)
        .and_then(|r| r.items.iter().find(|i| i.as_literal() == Some("*")))
}

/// Where `st` grants `action` (full name, no wildcards): the first literal `Action` item that
/// matches it, or the `NotAction` key when the list is complete, literal and does not
/// exclude it. Says nothing about effect, resources or conditions.
pub fn grant_span(st: &Statement, action: &str) -> Option<Span> {
    let list = st.action.as_ref()?;
    if list.negated {
        let excluded = list.items.iter().any(|i| {
            i.as_literal()
                .is_none_or(|p| glob::matches(p, action, true))
        });
        return (list.complete && !excluded).then_some(list.key_span);
    }
    list.items
        .iter()
        .find(|i| {
            i.as_literal()
                .is_some_and(|p| glob::matches(p, action, true))
        })
        .map(|i| i.span)
}

/// Whether an `Allow` statement is an unconditioned `Action: "*"` on `Resource: "*"`: the
/// `admin-access` finding, which other rules do not repeat.
pub fn is_admin_statement(st: &Statement, catalog: &Catalog) -> bool {
    st.is_allow()
        && admin_action(st).is_some()
        && star_resource(st).is_some()
        && !narrowing::narrowed(st, &narrowing::ADMIN_SCOPE, catalog)
}

/// The `"*"` item of a statement's `Action`.
pub fn admin_action(st: &Statement) -> Option<&Str> {
    actions(st)?
        .items
        .iter()
        .find(|i| i.as_literal().is_some_and(is_all_actions))
}

/// Whether `deny` is a `Deny` statement that takes `action` away on every resource it could be
/// used on: unconditioned (or conditioned only on the absence of MFA, which the rules treat
/// as a requirement, not a gap), and with `Resource` covering `resource` (or `*`).
pub fn deny_covers(deny: &Statement, action: &str, resource: Option<&str>) -> bool {
    if !deny.is_deny() || deny.principal.is_some() {
        return false;
    }
    // An empty `Condition` block limits nothing: the deny applies to every request.
    if !deny.conditions.is_empty() && !conditions::denies_without_mfa(deny) {
        return false;
    }
    if deny.computed_condition.is_some() || deny.unread_condition.is_some() {
        return false;
    }
    if grant_span(deny, action).is_none() {
        return false;
    }
    let Some(res) = deny.resource.as_ref() else {
        return false;
    };
    if res.negated || !res.complete {
        return false;
    }
    res.items.iter().any(|i| match (i.as_literal(), resource) {
        (Some("*"), _) => true,
        (Some(pattern), Some(target)) => glob::covers(pattern, target, false),
        _ => false,
    })
}

/// Whether any statement of `statements` denies `action` on `resource`.
pub fn denied<'a>(
    statements: impl IntoIterator<Item = &'a Statement>,
    action: &str,
    resource: Option<&str>,
) -> bool {
    statements
        .into_iter()
        .any(|st| deny_covers(st, action, resource))
}

/// `a`, `b` and `c`; `a`, `b`, `c` and N more: at most `max` names in backticks.
pub fn name_list<T: std::fmt::Display>(names: &[T], max: usize) -> String {
    let shown: Vec<String> = names.iter().take(max).map(|n| format!("`{n}`")).collect();
    let rest = names.len().saturating_sub(max);
    match (shown.len(), rest) {
        (0, _) => String::new(),
        (1, 0) => shown.concat(),
        (_, 0) => {
            let (last, first) = shown
                .split_last()
                .map(|(l, f)| (l.clone(), f.join(", ")))
                .unwrap_or_default();
            format!("{first} and {last}")
        }
        (_, n) => format!("{} and {n} more", shown.join(", ")),
    }
}

/// The actions of an `Action` list that a rule picks, and where the list grants them.
pub struct Picked {
    /// Each picked action once, in the order the entries grant them.
    pub actions: Vec<ActionRef<'static>>,
    /// The entries that grant at least one picked action, in list order.
    pub sources: Vec<Span>,
}

/// The actions of `Action` lists that a rule picks: every literal entry is expanded (entries
/// such as `*:Describe*` or `ReadOnlyAccess`'s lists expand to thousands of actions;
/// duplicates are dropped by identity, not by comparing names) and kept when `pick` selects
/// it. One picker serves the statements of one document, so `pick` must not depend on the
/// statement: each distinct entry is expanded and judged once, however many statements repeat
/// it (20,000 statements of `"Action": "*"` would judge every action of
/// the catalog 20,000 times).
pub struct Picker<F> {
    catalog: &'static Catalog,
    pick: F,
    /// Only entries with a wildcard are remembered: a plain action is one lookup anyway.
    judged: HashMap<String, Rc<[ActionRef<'static>]>, foldhash::fast::RandomState>,
}

impl<F: FnMut(&ActionRef<'static>) -> bool> Picker<F> {
    pub fn new(catalog: &'static Catalog, pick: F) -> Picker<F> {
        Picker {
            catalog,
            pick,
            judged: HashMap::default(),
        }
    }

    /// The actions of `list` that `pick` selects, and where the list grants them.
    pub fn pick(&mut self, list: &StrList) -> Picked {
        let mut picked = Picked {
            actions: Vec::new(),
            sources: Vec::new(),
        };
        let mut seen: std::collections::HashSet<
            *const polgen_catalog::Action,
            foldhash::fast::RandomState,
        > = Default::default();
        for item in &list.items {
            let Some(pattern) = item.as_literal() else {
                continue;
            };
            let selected = self.selected(pattern);
            if selected.is_empty() {
                continue;
            }
            picked.sources.push(item.span);
            for &action in selected.iter() {
                if seen.insert(std::ptr::from_ref(action.action)) {
                    picked.actions.push(action);
                }
            }
        }
        picked
    }

    fn selected(&mut self, pattern: &str) -> Rc<[ActionRef<'static>]> {
        let remember = pattern.contains(['*', '?']);
        if remember && let Some(known) = self.judged.get(pattern) {
            return Rc::clone(known);
        }
        let pick = &mut self.pick;
        let selected: Rc<[ActionRef<'static>]> = self
            .catalog
            .expand_actions_cached(pattern)
            .iter()
            .copied()
            .filter(|action| pick(action))
            .collect();
        if remember {
            self.judged.insert(pattern.to_owned(), Rc::clone(&selected));
        }
        selected
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let n = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(name_list(&n(&["a"]), 3), "`a`");
        assert_eq!(name_list(&n(&["a", "b"]), 3), "`a` and `b`");
        assert_eq!(
            name_list(&n(&["a", "b", "c", "d", "e"]), 3),
            "`a`, `b`, `c` and 2 more"
        );
    }

    #[test]
    fn all_actions() {
        assert!(is_all_actions("*"));
        assert!(is_all_actions("*:*"));
        assert!(!is_all_actions("s3:*"));
        assert!(!is_all_actions(":"));
    }
}
