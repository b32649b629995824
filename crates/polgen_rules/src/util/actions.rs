//! Resolving a statement's action patterns against the catalog.
//!
//! [`resolve`] turns an `Action`/`NotAction` list into catalog actions, expanding wildcards,
//! and records what could not be resolved (unknown services and actions, values computed at
//! deploy time) so that rules never judge a statement on partial knowledge without knowing it.
//! A bare `*` (or `*:*`) is recorded as [`Resolved::all`] and never expanded: it stands for
//! every action (about 18,000), and no rule should do per-action work over all of them.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use polgen_catalog::{ActionRef, Catalog, Service};
use polgen_policy::{Str, StrList};

/// How one `Action` entry resolved.
#[derive(Clone, Debug)]
pub enum ItemResolution {
    /// `*`, `*:*` or any service wildcard matching every service: all actions.
    All,
    /// The entry matches these actions (at least one).
    Actions(Vec<ActionRef<'static>>),
    /// The service prefix is not in the catalog.
    UnknownService,
    /// The service exists but no action of it matches.
    UnknownAction(&'static Service),
    /// Not of the form `service:action` (the `policy-grammar` rule reports it).
    Malformed,
    /// Computed at deploy time: unknown.
    NotLiteral,
}

/// A statement's `Action` (or `NotAction`) list resolved against the catalog.
#[derive(Clone, Debug, Default)]
pub struct Resolved<'a> {
    /// Every matched action, without duplicates, in first-seen order. Empty when `all`.
    pub actions: Vec<ActionRef<'static>>,
    /// `true` when an entry stands for every action (`*`).
    pub all: bool,
    /// Entries whose service prefix is unknown.
    pub unknown_services: Vec<&'a Str>,
    /// Entries whose service is known but which match no action.
    pub unknown_actions: Vec<&'a Str>,
    /// `true` when some entry is computed at deploy time or the list is not a list: the
    /// statement may hold actions nobody can see.
    pub opaque: bool,
    /// `true` for `NotAction`: `actions` are the *excluded* actions.
    pub negated: bool,
}

impl Resolved<'_> {
    /// `true` when every entry resolved to known actions: rules may reason on `actions`.
    pub fn is_exact(&self) -> bool {
        !self.all
            && !self.opaque
            && self.unknown_services.is_empty()
            && self.unknown_actions.is_empty()
    }

    /// The services whose actions the list names (`None` when `all`).
    pub fn services(&self) -> Option<Vec<&'static Service>> {
        if self.all {
            return None;
        }
        let mut out: Vec<&'static Service> = Vec::new();
        for a in &self.actions {
            if !out.iter().any(|s| std::ptr::eq(*s, a.service)) {
                out.push(a.service);
            }
        }
        Some(out)
    }
}

/// Resolves one action entry (`s3:GetObject`, `s3:Get*`, `*`).
pub fn resolve_item(catalog: &'static Catalog, item: &Str) -> ItemResolution {
    let Some(text) = item.as_literal() else {
        return ItemResolution::NotLiteral;
    };
    if !text.is_empty() && text.bytes().all(|b| b == b'*') {
        return ItemResolution::All;
    }
    let Some((service_part, action_part)) = text.split_once(':') else {
        return ItemResolution::Malformed;
    };
    let name_ok = |s: &str, extra: &[u8]| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'*' || b == b'?' || extra.contains(&b))
    };
    if service_part.is_empty()
        || action_part.is_empty()
        || !name_ok(service_part, b"-")
        || !name_ok(action_part, b"-_")
    {
        return ItemResolution::Malformed;
    }
    let action_is_star = !action_part.is_empty() && action_part.bytes().all(|b| b == b'*');
    if has_wildcard(service_part) {
        if action_is_star && service_part.bytes().all(|b| b == b'*') {
            return ItemResolution::All;
        }
        let matched = catalog.expand_actions_cached(text).to_vec();
        if matched.is_empty() {
            let any_service = catalog
                .service_prefixes()
                .any(|p| wildcard_match(service_part, p));
            return if any_service {
                ItemResolution::Actions(Vec::new())
            } else {
                ItemResolution::UnknownService
            };
        }
        return ItemResolution::Actions(matched);
    }
    let Some(service) = catalog.service(service_part) else {
        return ItemResolution::UnknownService;
    };
    if has_wildcard(action_part) {
        let matched: Vec<ActionRef<'static>> = service
            .actions()
            .filter(|a| wildcard_match(action_part, &a.name))
            .map(|action| ActionRef { service, action })
            .collect();
        // `service:*` on a service the catalog lists without actions is still fine.
        if matched.is_empty() && !action_is_star {
            return ItemResolution::UnknownAction(service);
        }
        return ItemResolution::Actions(matched);
    }
    match service.action(action_part) {
        Some(action) => ItemResolution::Actions(vec![ActionRef { service, action }]),
        None => ItemResolution::UnknownAction(service),
    }
}

/// Whether an action entry names something that exists, without expanding wildcards.
#[derive(Clone, Copy, Debug)]
pub enum ItemStatus {
    /// Matches at least one action (or is `*`, or `service:*`).
    Known,
    /// The service prefix is not in the catalog (no service matches a wildcard prefix).
    UnknownService,
    /// The service exists but no action of it matches.
    UnknownAction(&'static Service),
    /// Not in the catalog, but AWS's own managed policies use the name (a retired service or an
    /// undocumented action): the evidence names the first such policy.
    Undocumented(&'static polgen_catalog::Evidence),
    /// Malformed or computed at deploy time: not judged.
    Unjudged,
}

/// Checks that an action entry exists; cheap (no allocation for wildcard entries).
pub fn item_status(catalog: &'static Catalog, item: &Str) -> ItemStatus {
    let Some(text) = item.as_literal() else {
        return ItemStatus::Unjudged;
    };
    // Several rules ask about every entry, and large policies repeat the same patterns
    // (`ec2:Describe*`): memoise per thread. The catalog is global and immutable.
    thread_local! {
        static CACHE: std::cell::RefCell<
            std::collections::HashMap<Box<str>, ItemStatus, foldhash::fast::RandomState>,
        > = std::cell::RefCell::new(Default::default());
    }
    if let Some(hit) = CACHE.with(|c| c.borrow().get(text).copied()) {
        return hit;
    }
    let mut status = catalog_status(catalog, text);
    if matches!(
        status,
        ItemStatus::UnknownService | ItemStatus::UnknownAction(_)
    ) && let Some(evidence) = polgen_catalog::Undocumented::get().action(text)
    {
        status = ItemStatus::Undocumented(evidence);
    }
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        if cache.len() >= 1 << 16 {
            cache.clear();
        }
        cache.insert(text.into(), status);
    });
    status
}

/// [`item_status`] against the catalog alone.
fn catalog_status(catalog: &'static Catalog, text: &str) -> ItemStatus {
    if !text.is_empty() && text.bytes().all(|b| b == b'*') {
        return ItemStatus::Known;
    }
    let Some((service_part, action_part)) = text.split_once(':') else {
        return ItemStatus::Unjudged;
    };
    let name_ok = |s: &str, extra: &[u8]| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'*' || b == b'?' || extra.contains(&b))
    };
    if !name_ok(service_part, b"-") || !name_ok(action_part, b"-_") {
        return ItemStatus::Unjudged;
    }
    let action_is_star = action_part.bytes().all(|b| b == b'*');
    if has_wildcard(service_part) {
        let mut any_service = false;
        for prefix in catalog.service_prefixes() {
            if wildcard_match(service_part, prefix) {
                any_service = true;
                if action_is_star
                    || catalog
                        .service(prefix)
                        .is_some_and(|s| s.actions().any(|a| wildcard_match(action_part, &a.name)))
                {
                    return ItemStatus::Known;
                }
            }
        }
        return if any_service {
            ItemStatus::Known
        } else {
            ItemStatus::UnknownService
        };
    }
    let Some(service) = catalog.service(service_part) else {
        return ItemStatus::UnknownService;
    };
    let found = if action_is_star {
        true
    } else if has_wildcard(action_part) {
        service
            .actions()
            .any(|a| wildcard_match(action_part, &a.name))
    } else {
        service.action(action_part).is_some()
    };
    if found {
        ItemStatus::Known
    } else {
        ItemStatus::UnknownAction(service)
    }
}

/// IAM wildcard match of ASCII names, case-insensitive, without allocating: `*` any run,
/// `?` one character.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some(b'*') => {
                star = Some((pi + 1, ti));
                pi += 1;
            }
            Some(&c) if c == b'?' || t.get(ti).is_some_and(|x| x.eq_ignore_ascii_case(&c)) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((after, tried)) => {
                    pi = after;
                    ti = tried + 1;
                    star = Some((after, tried + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|&c| c == b'*'))
}

/// Resolves a statement's `Action`/`NotAction` list. Cheap for `*` (never expanded).
pub fn resolve<'a>(catalog: &'static Catalog, list: &'a StrList) -> Resolved<'a> {
    let mut out = Resolved {
        negated: list.negated,
        opaque: !list.complete,
        ..Resolved::default()
    };
    let mut seen: HashSet<*const polgen_catalog::Action> = HashSet::new();
    for item in &list.items {
        match resolve_item(catalog, item) {
            ItemResolution::All => out.all = true,
            ItemResolution::Actions(actions) => {
                for a in actions {
                    if seen.insert(std::ptr::from_ref(a.action)) {
                        out.actions.push(a);
                    }
                }
            }
            ItemResolution::UnknownService => out.unknown_services.push(item),
            ItemResolution::UnknownAction(_) => out.unknown_actions.push(item),
            ItemResolution::Malformed | ItemResolution::NotLiteral => out.opaque = true,
        }
    }
    if out.all {
        out.actions.clear();
    }
    out
}

/// Whether a string contains an IAM wildcard.
pub fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?'])
}

/// Every ARN service namespace the catalog knows: the service prefixes and the third field
/// of every resource type's ARN format (IAM roles are `iam` ARNs listed by `sts`, API Gateway
/// uses `execute-api`, ...). Lowercase.
pub fn arn_namespaces(catalog: &'static Catalog) -> &'static HashSet<String> {
    static CELL: OnceLock<HashSet<String>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut set: HashSet<String> = catalog
            .service_prefixes()
            .map(str::to_ascii_lowercase)
            .collect();
        for service in catalog.services() {
            for rt in service.resource_types() {
                if let Some(ns) = rt.arn_format.split(':').nth(2)
                    && !ns.is_empty()
                    && !ns.contains(['$', '*'])
                {
                    set.insert(ns.to_ascii_lowercase());
                }
            }
        }
        set
    })
}

/// Which ARN fields the resource types of one ARN namespace use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ArnShape {
    /// Some format has a region (`arn:${Partition}:kms:${Region}:...`).
    pub region_some: bool,
    /// Some format has no region (`arn:${Partition}:iam::${Account}:...`).
    pub region_none: bool,
    /// Some format has an account.
    pub account_some: bool,
    /// Some format has no account (`arn:${Partition}:s3:::${BucketName}`).
    pub account_none: bool,
}

/// The [`ArnShape`] of an ARN namespace (lowercase), from every resource type's ARN format.
pub fn arn_shape(catalog: &'static Catalog, namespace: &str) -> Option<ArnShape> {
    static CELL: OnceLock<HashMap<String, ArnShape>> = OnceLock::new();
    let shapes = CELL.get_or_init(|| {
        let mut shapes: HashMap<String, ArnShape> = HashMap::new();
        for service in catalog.services() {
            for rt in service.resource_types() {
                let fields: Vec<&str> = rt.arn_format.splitn(6, ':').collect();
                let [_, _, ns, region, account, _] = fields[..] else {
                    continue;
                };
                if ns.is_empty() || ns.contains(['$', '*']) {
                    continue;
                }
                let shape = shapes.entry(ns.to_ascii_lowercase()).or_default();
                shape.region_some |= !region.is_empty();
                shape.region_none |= region.is_empty();
                shape.account_some |= !account.is_empty();
                shape.account_none |= account.is_empty();
            }
        }
        shapes
    });
    shapes.get(namespace).copied()
}

/// The ARN formats of namespace `namespace` (lowercase) whose resource part starts with the
/// word `word` (`key` in `key/${KeyId}`), built once for every namespace.
pub fn formats_of_word(
    catalog: &'static Catalog,
    namespace: &str,
    word: &str,
) -> &'static [&'static str] {
    type Words = HashMap<(String, String), Vec<&'static str>>;
    static CELL: OnceLock<Words> = OnceLock::new();
    let words = CELL.get_or_init(|| {
        let mut words: Words = HashMap::new();
        for service in catalog.services() {
            for rt in service.resource_types() {
                let fields: Vec<&str> = rt.arn_format.splitn(6, ':').collect();
                let (Some(ns), Some(resource)) = (fields.get(2), fields.get(5)) else {
                    continue;
                };
                let first = resource.split(['/', ':']).next().unwrap_or("");
                if ns.contains('$') || first.is_empty() || first.contains('$') {
                    continue;
                }
                let formats = words
                    .entry((ns.to_string(), first.to_string()))
                    .or_default();
                if !formats.contains(&rt.arn_format.as_str()) {
                    formats.push(rt.arn_format.as_str());
                }
            }
        }
        for formats in words.values_mut() {
            formats.sort_unstable();
        }
        words
    });
    words
        .get(&(namespace.to_string(), word.to_string()))
        .map_or(&[], Vec::as_slice)
}

/// The closest candidate to `word` by edit distance (case-insensitive), when close enough
/// to be a plausible typo.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let lower = word.to_ascii_lowercase();
    let limit = (word.chars().count() / 3).clamp(1, 4);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        // Cheap length filter before the quadratic distance.
        if c.len().abs_diff(word.len()) > limit {
            continue;
        }
        let d = edit_distance(&lower, &c.to_ascii_lowercase());
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance with transpositions counted as one edit.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut v = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca) {
                v = v.min(prev2[j - 1] + 1);
            }
            cur[j + 1] = v;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// A did-you-mean for an unknown service prefix.
pub fn suggest_service(catalog: &'static Catalog, prefix: &str) -> Option<&'static str> {
    closest(prefix, catalog.service_prefixes())
}

/// A did-you-mean for an action name of a known service (`GetObjekt` -> `GetObject`). For a
/// wildcard pattern that matches nothing, the closest action that starts like the pattern's
/// literal prefix.
pub fn suggest_action(service: &'static Service, name: &str) -> Option<&'static str> {
    if has_wildcard(name) {
        let head: String = name
            .chars()
            .take_while(|c| *c != '*' && *c != '?')
            .collect();
        if head.is_empty() {
            return None;
        }
        // The longest prefix of `head` shared with some action, then the closest by distance.
        let head_lower = head.to_ascii_lowercase();
        return closest(
            &head,
            service.actions().map(|a| {
                a.name
                    .get(..head.len().min(a.name.len()))
                    .unwrap_or(&a.name)
            }),
        )
        .and_then(|near| {
            let near_lower = near.to_ascii_lowercase();
            service.actions().map(|a| a.name.as_str()).find(|n| {
                n.to_ascii_lowercase().starts_with(&near_lower) && near_lower != head_lower
            })
        });
    }
    closest(name, service.actions().map(|a| a.name.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance() {
        assert_eq!(edit_distance("getobject", "getobjekt"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(closest("s3x", ["s3", "ec2", "sqs"]), Some("s3"));
        assert_eq!(closest("zzzzzz", ["s3", "ec2"]), None);
        assert!(
            wildcard_match("Get*", "getobject")
                && wildcard_match("*Obj?ct", "GetObject")
                && !wildcard_match("Get*Acl", "GetObject")
        );
    }
}
