//! Path labels indexed by their literal head ([`PathPattern::literal_head`]: the longest text
//! every request path a label matches starts with), so that a rule comparing labels pairwise
//! looks only at the labels that can share a request path with a given one: a label matches
//! every path of another only when its head is a prefix of the other's head, and two labels
//! match a path in common only when one head is a prefix of the other.
//!
//! Labels that start with `+` segments (`+/app-1/*`) have no literal head, and a policy of
//! them would make every label a candidate of every other. So labels are grouped by how many
//! `+` segments they start with (k), and indexed by the head of what follows; a label is
//! compared with group k by its own text after its first k segments, whatever they are (a
//! `+` matches any of them).

use std::collections::BTreeMap;

use polgen_source::prefix::PrefixIndex;

use crate::path::{Matcher, PathPattern};

/// The labels of one group, by the head of their text after the group's `+` segments.
#[derive(Clone, Debug, Default)]
struct Group {
    heads: PrefixIndex,
}

/// The heads of some labels, by position in the list given to [`HeadIndex::new`].
#[derive(Clone, Debug, Default)]
pub struct HeadIndex {
    /// By the number of leading `+` segments.
    groups: BTreeMap<usize, Group>,
}

/// How many whole `+` segments `pattern` starts with.
fn leading_pluses(pattern: &PathPattern) -> usize {
    match &pattern.matcher {
        Matcher::Segments { parts, prefix } => {
            let k = parts.iter().take_while(|p| *p == "+").count();
            // With a final `*` the last part matches by prefix: `+/+*`'s `+*` is no segment.
            if *prefix && k == parts.len() {
                k - 1
            } else {
                k
            }
        }
        _ => 0,
    }
}

/// The literal head of `pattern`'s text after its first `k` segments (whatever they are):
/// `None` when its glob may end the path within them, so the text after them is anything.
fn head_after(pattern: &PathPattern, k: usize) -> Option<&str> {
    if k == 0 {
        return Some(pattern.literal_head());
    }
    let glob = matches!(
        pattern.matcher,
        Matcher::Prefix(_) | Matcher::Segments { prefix: true, .. }
    );
    let stem = if glob {
        pattern
            .normalized
            .strip_suffix('*')
            .unwrap_or(&pattern.normalized)
    } else {
        pattern.normalized.as_str()
    };
    let Some((skip, _)) = stem.match_indices('/').nth(k - 1) else {
        // Fewer than k segments and no glob: no text follows them.
        return (!glob).then_some("");
    };
    let rest = &stem[skip + 1..];
    // The head ends before the first `+` segment of the rest.
    let mut at = 0;
    for segment in rest.split('/') {
        if segment == "+" {
            return Some(&rest[..at]);
        }
        at += segment.len() + 1;
    }
    Some(rest)
}

impl HeadIndex {
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a PathPattern>) -> HeadIndex {
        let mut by_group: BTreeMap<usize, Vec<(&str, usize)>> = BTreeMap::new();
        for (position, pattern) in patterns.into_iter().enumerate() {
            let k = leading_pluses(pattern);
            let head = head_after(pattern, k).unwrap_or("");
            by_group.entry(k).or_default().push((head, position));
        }
        HeadIndex {
            groups: by_group
                .into_iter()
                .map(|(k, heads)| {
                    (
                        k,
                        Group {
                            heads: PrefixIndex::new(heads),
                        },
                    )
                })
                .collect(),
        }
    }

    /// Positions of the labels that may match every path `pattern` matches, ascending
    /// (`pattern` itself included when it is in the index).
    pub fn may_cover(&self, pattern: &PathPattern) -> Vec<usize> {
        let mut found = Vec::new();
        for (k, group) in &self.groups {
            match head_after(pattern, *k) {
                Some(head) => found.extend(group.heads.prefixing(head)),
                None => found.extend(group.all()),
            }
        }
        found.sort_unstable();
        found
    }

    /// Positions of the labels that may match a path in common with `pattern`, ascending.
    pub fn may_overlap(&self, pattern: &PathPattern) -> Vec<usize> {
        let mut found = Vec::new();
        for (k, group) in &self.groups {
            match head_after(pattern, *k) {
                Some(head) => {
                    found.extend(group.heads.prefixing(head));
                    found.extend(group.heads.extending(head));
                }
                None => found.extend(group.all()),
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

impl Group {
    fn all(&self) -> Vec<usize> {
        let mut all = self.heads.prefixing("");
        all.extend(self.heads.extending(""));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every label that covers or overlaps another is among the index's candidates for it.
    fn assert_candidates_include_every_match(index: &HeadIndex, all: &[PathPattern]) {
        for (i, a) in all.iter().enumerate() {
            for (j, b) in all.iter().enumerate() {
                if a.is_subset_of(b) {
                    assert!(index.may_cover(a).contains(&j), "{i} within {j}");
                }
                if a.overlap(b).is_some() {
                    assert!(index.may_overlap(a).contains(&j), "{i} overlaps {j}");
                }
            }
        }
    }

    #[test]
    fn labels_that_can_match_a_path_in_common_are_candidates() {
        let all: Vec<PathPattern> = [
            "secret/*",
            "secret/+/x",
            "kv/*",
            "secret/app/x",
            "secret/app*",
        ]
        .iter()
        .map(|l| PathPattern::parse(l))
        .collect();
        let index = HeadIndex::new(&all);
        // secret/app/x may be matched by secret/*, secret/+/x and secret/app*, never kv/*.
        assert_eq!(index.may_cover(&all[3]), [0, 1, 3, 4]);
        assert_eq!(index.may_overlap(&all[0]), [0, 1, 3, 4]);
        assert_candidates_include_every_match(&index, &all);
    }

    #[test]
    fn labels_starting_with_plus_segments_are_indexed_by_what_follows() {
        let all: Vec<PathPattern> = [
            "+/app-1/*",
            "+/app-1/x",
            "+/app-10/x",
            "+/+/x",
            "+",
            "+/*",
            "+*",
            "secret/app-1/x",
            "*",
            "+/+*",
            "a*",
            "+/app-1",
        ]
        .iter()
        .map(|l| PathPattern::parse(l))
        .collect();
        let index = HeadIndex::new(&all);
        // `+/app-1/x` may be matched by itself, `+/app-1/*`, `+/+/x`, `+/*`, `*`, `+/+*`;
        // never by `+/app-10/x` or `secret/app-1/x`.
        let cover = index.may_cover(&all[1]);
        assert!(!cover.contains(&2) && !cover.contains(&7), "{cover:?}");
        assert_candidates_include_every_match(&index, &all);
    }
}
