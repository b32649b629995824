//! Path labels indexed by their literal head ([`PathPattern::literal_head`]: the longest text
//! every request path a label matches starts with), so that a rule comparing labels pairwise
//! looks only at the labels that can share a request path with a given one: a label matches
//! every path of another only when its head is a prefix of the other's head, and two labels
//! match a path in common only when one head is a prefix of the other.

use polgen_source::prefix::PrefixIndex;

use crate::path::PathPattern;

/// The heads of some labels, by position in the list given to [`HeadIndex::new`].
#[derive(Clone, Debug, Default)]
pub struct HeadIndex {
    heads: PrefixIndex,
}

impl HeadIndex {
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a PathPattern>) -> HeadIndex {
        let heads = patterns
            .into_iter()
            .enumerate()
            .map(|(position, pattern)| (pattern.literal_head(), position));
        HeadIndex {
            heads: PrefixIndex::new(heads),
        }
    }

    /// Positions of the labels that may match every path `pattern` matches, ascending
    /// (`pattern` itself included when it is in the index).
    pub fn may_cover(&self, pattern: &PathPattern) -> Vec<usize> {
        self.heads.prefixing(pattern.literal_head())
    }

    /// Positions of the labels that may match a path in common with `pattern`, ascending.
    pub fn may_overlap(&self, pattern: &PathPattern) -> Vec<usize> {
        let head = pattern.literal_head();
        let mut found = self.heads.prefixing(head);
        found.extend(self.heads.extending(head));
        found.sort_unstable();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
