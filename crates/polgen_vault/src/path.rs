//! Vault's policy path semantics: how a `path "..."` label matches request paths, and which
//! of several matching labels applies.
//!
//! From Vault's documentation (Policies, "Priority matching") and behaviour:
//! - a leading `/` is dropped;
//! - `*` is a glob only as the last character (`secret/*`, `secret/a*`): a prefix match;
//! - `+` as a whole segment matches exactly one segment (`secret/+/config`);
//! - an exact label matches only itself and always wins over globs and wildcards;
//! - among the non-exact labels that match, P1 has lower priority than P2 when, in order:
//!   1. the first `+` or `*` occurs earlier in P1;
//!   2. P1 ends in `*` and P2 does not;
//!   3. P1 has more `+` segments;
//!   4. P1 is shorter;
//!   5. P1 is smaller lexicographically.
//!
//! Labels that are the same after normalisation are merged (their capabilities united,
//! `deny` winning) before matching, across all the policies of a token.

use std::cmp::Ordering;

/// How a label matches, after Vault's normalisation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Matcher {
    /// Matches exactly this request path.
    Exact(String),
    /// `prefix*`: matches every request path starting with `prefix`.
    Prefix(String),
    /// Contains `+` segments; `prefix` is `true` when the label ends in `*` (kept out of
    /// `parts`, so the last part matches by prefix).
    Segments { parts: Vec<String>, prefix: bool },
}

/// A parsed policy path label.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PathPattern {
    /// The label as Vault stores it: leading `/` dropped, trailing `*` kept.
    pub normalized: String,
    pub matcher: Matcher,
}

/// What the priority rules compare for a non-exact label.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PriorityKey<'a> {
    first_wildcard: usize,
    is_prefix: bool,
    wildcards: usize,
    stem: &'a str,
}

impl PathPattern {
    pub fn parse(label: &str) -> PathPattern {
        let normalized = label.strip_prefix('/').unwrap_or(label).to_string();
        let segment_wildcards =
            normalized == "+" || normalized.contains("/+") || normalized.starts_with("+/");
        let matcher = if segment_wildcards {
            let (stem, prefix) = match normalized.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (normalized.as_str(), false),
            };
            Matcher::Segments {
                parts: stem.split('/').map(str::to_string).collect(),
                prefix,
            }
        } else if let Some(stem) = normalized.strip_suffix('*') {
            Matcher::Prefix(stem.to_string())
        } else {
            Matcher::Exact(normalized.clone())
        };
        PathPattern {
            normalized,
            matcher,
        }
    }

    pub fn is_exact(&self) -> bool {
        matches!(self.matcher, Matcher::Exact(_))
    }

    /// The longest text that every request path this label matches starts with: the whole
    /// label when exact, the text before a final `*`, the segments before the first `+`
    /// segment (with their `/`). What [`crate::index::HeadIndex`] sorts labels by.
    pub fn literal_head(&self) -> &str {
        match &self.matcher {
            Matcher::Exact(path) => path,
            Matcher::Prefix(stem) => stem,
            Matcher::Segments { parts, prefix } => {
                let stem = self.segments_stem(*prefix);
                match parts.iter().position(|p| p == "+") {
                    // Parts are `/`-separated in `stem`: the head ends after part `first - 1`.
                    Some(first) => {
                        let len: usize = parts[..first].iter().map(|p| p.len() + 1).sum();
                        stem.get(..len).unwrap_or(stem)
                    }
                    None => stem,
                }
            }
        }
    }

    /// The label without the final `*` of a prefix match: the text its segments are cut from.
    fn segments_stem(&self, prefix: bool) -> &str {
        if prefix {
            self.normalized
                .strip_suffix('*')
                .unwrap_or(&self.normalized)
        } else {
            &self.normalized
        }
    }

    /// Whether the label matches `request` (a request path without leading `/`).
    pub fn matches(&self, request: &str) -> bool {
        match &self.matcher {
            Matcher::Exact(p) => p == request,
            Matcher::Prefix(p) => request.starts_with(p.as_str()),
            Matcher::Segments { parts, prefix } => {
                let req: Vec<&str> = request.split('/').collect();
                if req.len() < parts.len() || (!prefix && req.len() != parts.len()) {
                    return false;
                }
                let last = parts.len().saturating_sub(1);
                parts.iter().zip(&req).enumerate().all(|(i, (part, seg))| {
                    part == "+" || part == seg || (*prefix && i == last && seg.starts_with(part))
                })
            }
        }
    }

    fn priority_key(&self) -> Option<PriorityKey<'_>> {
        match &self.matcher {
            Matcher::Exact(_) => None,
            Matcher::Prefix(stem) => Some(PriorityKey {
                first_wildcard: stem.len(),
                is_prefix: true,
                wildcards: 0,
                stem,
            }),
            Matcher::Segments { parts, prefix } => {
                let stem = self.segments_stem(*prefix);
                Some(PriorityKey {
                    // Vault looks for the first `+` character, even one inside a segment.
                    first_wildcard: self.normalized.find('+').unwrap_or(0),
                    is_prefix: *prefix,
                    wildcards: parts.iter().filter(|p| *p == "+").count(),
                    stem,
                })
            }
        }
    }

    /// Compares two labels that both match a request: `Greater` means `self` applies.
    /// An exact label beats any other; two exact labels matching one request are equal.
    pub fn priority_cmp(&self, other: &PathPattern) -> Ordering {
        match (self.priority_key(), other.priority_key()) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(a), Some(b)) => a
                .first_wildcard
                .cmp(&b.first_wildcard)
                .then_with(|| b.is_prefix.cmp(&a.is_prefix))
                .then_with(|| b.wildcards.cmp(&a.wildcards))
                .then_with(|| a.stem.len().cmp(&b.stem.len()))
                .then_with(|| a.stem.cmp(b.stem)),
        }
    }

    /// A request path this label matches, built with `other`'s literal segments where the
    /// two overlap, so that both may match it. Used to look for overlaps between labels.
    pub fn witness_with(&self, other: &PathPattern) -> String {
        let other_parts: Vec<&str> = other.normalized.trim_end_matches('*').split('/').collect();
        match &self.matcher {
            Matcher::Exact(p) => p.clone(),
            Matcher::Prefix(stem) => {
                // Extend the prefix with the other label's text beyond it, if compatible.
                let other_stem = other.normalized.trim_end_matches('*');
                if other_stem.starts_with(stem.as_str()) {
                    other_stem
                        .split('/')
                        .map(|p| if p == "+" { "x" } else { p })
                        .collect::<Vec<_>>()
                        .join("/")
                } else {
                    stem.clone()
                }
            }
            Matcher::Segments { parts, prefix } => {
                let mut out: Vec<String> = parts
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let theirs = other_parts
                            .get(i)
                            .copied()
                            .filter(|o| *o != "+" && !o.is_empty());
                        if p == "+" {
                            theirs.unwrap_or("x").to_string()
                        } else if *prefix && i + 1 == parts.len() {
                            match theirs {
                                Some(o) if o.starts_with(p.as_str()) => o.to_string(),
                                _ => p.clone(),
                            }
                        } else {
                            p.clone()
                        }
                    })
                    .collect();
                if *prefix && other_parts.len() > parts.len() {
                    out.extend(other_parts[parts.len()..].iter().map(|p| {
                        if *p == "+" {
                            "x".to_string()
                        } else {
                            p.to_string()
                        }
                    }));
                }
                out.join("/")
            }
        }
    }

    /// A request path matched by both labels, if a simple construction finds one.
    pub fn overlap(&self, other: &PathPattern) -> Option<String> {
        let mut found: Vec<String> = [self.witness_with(other), other.witness_with(self)]
            .into_iter()
            .flat_map(|w| {
                let longer = w.ends_with('/').then(|| format!("{w}x"));
                longer.into_iter().chain([w])
            })
            .filter(|w| self.matches(w) && other.matches(w))
            .collect();
        // Prefer a witness that does not end in an empty segment: it reads like a real path.
        found.sort_by_key(|w| w.ends_with('/'));
        found.into_iter().next()
    }

    /// Whether every request path this label matches is also matched by `other`.
    pub fn is_subset_of(&self, other: &PathPattern) -> bool {
        use Matcher::{Exact, Prefix, Segments};
        match (&self.matcher, &other.matcher) {
            (Exact(p), _) => other.matches(p),
            (_, Exact(_)) => false,
            (Prefix(a), Prefix(b)) => a.starts_with(b.as_str()),
            (Prefix(a), Segments { parts, prefix }) => {
                // Every extension of `a` must match, so `other` must be a prefix label
                // whose parts `a` already covers.
                let segs: Vec<&str> = a.split('/').collect();
                let Some(last) = parts.len().checked_sub(1) else {
                    return false;
                };
                *prefix
                    && segs.len() >= parts.len()
                    && parts.iter().zip(&segs).enumerate().all(|(i, (p, s))| {
                        p == "+" || (i < last && p == s) || (i == last && s.starts_with(p.as_str()))
                    })
            }
            (Segments { parts, .. }, Prefix(b)) => {
                // Every path starts with the literal parts before the first `+`.
                let head: String = match parts.iter().position(|p| p == "+") {
                    Some(first) => parts[..first].iter().map(|p| format!("{p}/")).collect(),
                    None => parts.join("/"),
                };
                head.starts_with(b.as_str())
            }
            (
                Segments {
                    parts: pa,
                    prefix: xa,
                },
                Segments {
                    parts: pb,
                    prefix: xb,
                },
            ) => {
                let Some(last) = pb.len().checked_sub(1) else {
                    return false;
                };
                if *xb {
                    pa.len() >= pb.len()
                        && pb.iter().zip(pa).enumerate().all(|(i, (b, a))| {
                            b == "+"
                                || (i < last && a == b && a != "+")
                                || (i == last && a != "+" && a.starts_with(b.as_str()))
                        })
                } else {
                    !xa && pa.len() == pb.len()
                        && pb
                            .iter()
                            .zip(pa)
                            .all(|(b, a)| b == "+" || (a == b && a != "+"))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PathPattern {
        PathPattern::parse(s)
    }

    /// The label that applies to `request` among `labels`, by Vault's rules.
    fn winner<'a>(labels: &[&'a str], request: &str) -> Option<&'a str> {
        labels
            .iter()
            .filter(|l| p(l).matches(request))
            .max_by(|a, b| p(a).priority_cmp(&p(b)))
            .copied()
    }

    #[test]
    fn globs_and_segment_wildcards_match_like_vault() {
        assert!(p("secret/*").matches("secret/a/b"));
        assert!(p("secret/*").matches("secret/"));
        assert!(!p("secret/*").matches("secret"));
        assert!(p("secret/a*").matches("secret/abc/d"));
        assert!(p("/secret/foo").matches("secret/foo"));
        assert!(p("secret/+/config").matches("secret/app/config"));
        assert!(!p("secret/+/config").matches("secret/a/b/config"));
        assert!(p("secret/+").matches("secret/"));
        assert!(p("+/sys/policies/acl/*").matches("ns1/sys/policies/acl/x/y"));
        assert!(p("test/+/wildcard/+/end*").matches("test/a/wildcard/b/endless/more"));
        assert!(!p("test/+/wildcard/+/end*").matches("test/a/wildcard/b/en"));
        // `*` elsewhere than at the end is a literal character.
        assert!(p("secret/*/foo").matches("secret/*/foo"));
        assert!(!p("secret/*/foo").matches("secret/a/foo"));
        // `+` inside a segment is literal.
        assert!(p("secret/a+b").matches("secret/a+b"));
        assert!(!p("secret/a+b").matches("secret/axb"));
    }

    #[test]
    fn the_documented_priority_example() {
        // Vault docs: "secret/*" and "secret/+/+/foo/*": the first wildcard is at the same
        // place, both end in `*`, the latter has two `+` segments: it has lower priority.
        assert_eq!(
            p("secret/*").priority_cmp(&p("secret/+/+/foo/*")),
            Ordering::Greater
        );
        assert_eq!(
            winner(&["secret/*", "secret/+/+/foo/*"], "secret/a/b/foo/c"),
            Some("secret/*")
        );
    }

    #[test]
    fn each_priority_rule_in_order() {
        // Exact beats everything.
        assert_eq!(
            winner(&["secret/*", "secret/foo"], "secret/foo"),
            Some("secret/foo")
        );
        // 1. later first wildcard wins: foo/a* over foo/+, foo/bar/+/baz over foo/+/bar/baz.
        assert_eq!(winner(&["foo/+", "foo/a*"], "foo/ab"), Some("foo/a*"));
        assert_eq!(
            winner(&["foo/+/bar/baz", "foo/bar/+/baz"], "foo/bar/bar/baz"),
            Some("foo/bar/+/baz")
        );
        // 2. not ending in `*` wins: foo/+/bar over foo/+/ba*, foo/+ over foo/*.
        assert_eq!(
            winner(&["foo/+/ba*", "foo/+/bar"], "foo/x/bar"),
            Some("foo/+/bar")
        );
        assert_eq!(winner(&["foo/*", "foo/+"], "foo/x"), Some("foo/+"));
        // 3. fewer `+` wins.
        assert_eq!(
            winner(&["foo/+/+/baz", "foo/+/bar/baz"], "foo/x/bar/baz"),
            Some("foo/+/bar/baz")
        );
        // 4. longer wins.
        assert_eq!(
            winner(&["foo/+/bar/b*", "foo/+/bar/ba*"], "foo/x/bar/baz"),
            Some("foo/+/bar/ba*")
        );
        // 5. lexicographically greater wins.
        assert_eq!(winner(&["+/b", "+/a"], "x/a"), Some("+/a"));
        assert_eq!(p("+/b").priority_cmp(&p("+/a")), Ordering::Greater);
    }

    #[test]
    fn longest_glob_prefix_wins() {
        assert_eq!(
            winner(&["secret/*", "secret/team/*", "*"], "secret/team/x"),
            Some("secret/team/*")
        );
    }

    #[test]
    fn the_literal_head_starts_every_matched_path() {
        assert_eq!(p("secret/data/app").literal_head(), "secret/data/app");
        assert_eq!(p("/secret/*").literal_head(), "secret/");
        assert_eq!(p("secret/+/config").literal_head(), "secret/");
        assert_eq!(p("secret/a/+/b/+*").literal_head(), "secret/a/");
        assert_eq!(p("+/sys/*").literal_head(), "");
        // `+` inside a segment is literal.
        assert_eq!(p("secret/+x/y*").literal_head(), "secret/+x/y");
        for (label, request) in [
            ("secret/+/config", "secret//config"),
            ("secret/a/+/b/+*", "secret/a/x/b/yz"),
            ("secret/*", "secret/"),
        ] {
            assert!(p(label).matches(request));
            assert!(request.starts_with(p(label).literal_head()));
        }
    }

    #[test]
    fn overlaps_and_subsets() {
        assert_eq!(
            p("secret/*").overlap(&p("secret/foo")),
            Some("secret/foo".into())
        );
        assert!(p("secret/+/x").overlap(&p("secret/a/*")).is_some());
        assert!(p("a/*").overlap(&p("b/*")).is_none());
        assert!(p("secret/foo/*").is_subset_of(&p("secret/*")));
        assert!(p("secret/+/x").is_subset_of(&p("secret/*")));
        assert!(p("secret/a/x").is_subset_of(&p("secret/+/x")));
        assert!(p("secret/a/x").is_subset_of(&p("+/+/x")));
        assert!(p("secret/+/x").is_subset_of(&p("+/+/x")));
        assert!(!p("secret/+/x").is_subset_of(&p("secret/a/x")));
        assert!(!p("secret/*").is_subset_of(&p("secret/+")));
        assert!(p("secret/a/b/*").is_subset_of(&p("secret/+/*")));
    }
}
