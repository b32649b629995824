//! Texts indexed by their literal head, for rules that compare elements pairwise: a pattern
//! can match (or cover) a text only when the pattern's literal head (the text before its
//! first wildcard) is a prefix of the text, and two patterns can match a text in common only
//! when one head is a prefix of the other. A sorted list of heads answers both questions by
//! binary search, so each element is compared only with the candidates that can match.

/// Heads, each with the position of the element it belongs to (several heads may share one).
#[derive(Clone, Debug, Default)]
pub struct PrefixIndex {
    /// Sorted by head bytes, then position.
    sorted: Vec<(Box<[u8]>, usize)>,
}

impl PrefixIndex {
    pub fn new(heads: impl IntoIterator<Item = (impl AsRef<str>, usize)>) -> PrefixIndex {
        let mut sorted: Vec<(Box<[u8]>, usize)> = heads
            .into_iter()
            .map(|(head, position)| (head.as_ref().as_bytes().into(), position))
            .collect();
        sorted.sort_unstable();
        PrefixIndex { sorted }
    }

    /// The ranges of `sorted` whose heads are prefixes of `text` (its own head included).
    fn ranges_prefixing(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        let mut found = Vec::new();
        let mut query = text.as_bytes();
        loop {
            // The greatest head not after `query`: any longer head that is a prefix of
            // `query` would sort between it and `query`.
            let end = self.sorted.partition_point(|(h, _)| **h <= *query);
            let Some((candidate, _)) = end.checked_sub(1).and_then(|i| self.sorted.get(i)) else {
                break;
            };
            if query.starts_with(candidate) {
                let start = self.sorted.partition_point(|(h, _)| h < candidate);
                found.push(start..end);
                match candidate.len().checked_sub(1) {
                    Some(shorter) => query = &query[..shorter],
                    None => break,
                }
            } else {
                // Heads that are prefixes of `query` are prefixes of what the two share.
                let shared = candidate
                    .iter()
                    .zip(query)
                    .take_while(|(a, b)| a == b)
                    .count();
                query = &query[..shared];
            }
        }
        found
    }

    /// Positions with a head that is a prefix of `text`, ascending, each once.
    pub fn prefixing(&self, text: &str) -> Vec<usize> {
        let mut found: Vec<usize> = self
            .ranges_prefixing(text)
            .into_iter()
            .flat_map(|r| self.sorted[r].iter().map(|(_, p)| *p))
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// How many heads are prefixes of `text` (an upper bound on `prefixing(text).len()`),
    /// without listing them: to pick the most selective of several indexes.
    pub fn count_prefixing(&self, text: &str) -> usize {
        self.ranges_prefixing(text)
            .into_iter()
            .map(|r| r.len())
            .sum()
    }

    /// Positions with a head that starts with `text` and is longer, ascending, each once.
    pub fn extending(&self, text: &str) -> Vec<usize> {
        let text = text.as_bytes();
        let start = self.sorted.partition_point(|(h, _)| **h <= *text);
        let mut found: Vec<usize> = self.sorted[start..]
            .iter()
            .take_while(|(h, _)| h.starts_with(text))
            .map(|(_, p)| *p)
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_like_a_scan() {
        let heads = [
            "",
            "s",
            "se",
            "secret/",
            "secret/data/",
            "secret/data/app",
            "secret/data/ap",
            "secret/data/app",
            "sys/mounts",
            "sys/mounts/",
            "secret/é/",
            "secret/éa",
            "b",
            "z",
        ];
        let index = PrefixIndex::new(heads.iter().enumerate().map(|(i, h)| (h, i)));
        let probes = heads
            .iter()
            .copied()
            .chain(["secret/data/app/x", "x", "secret/é"]);
        for probe in probes {
            let scan: Vec<usize> = (0..heads.len())
                .filter(|&i| probe.starts_with(heads[i]))
                .collect();
            assert_eq!(index.prefixing(probe), scan, "prefixing {probe:?}");
            assert_eq!(index.count_prefixing(probe), scan.len(), "count {probe:?}");
            let longer: Vec<usize> = (0..heads.len())
                .filter(|&i| heads[i].starts_with(probe) && heads[i].len() > probe.len())
                .collect();
            assert_eq!(index.extending(probe), longer, "extending {probe:?}");
        }
    }

    #[test]
    fn several_heads_of_one_element_give_it_once() {
        let index = PrefixIndex::new([("arn:aws:s3:::", 0), ("arn:", 0), ("arn:aws:sqs", 1)]);
        assert_eq!(index.prefixing("arn:aws:s3:::bucket/key"), [0]);
    }
}
