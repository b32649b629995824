//! Stable finding fingerprints, independent of line numbers.
//!
//! A fingerprint identifies "the same finding" across runs, so code-scanning tools can track
//! an alert while the file around it changes. It hashes the rule id, the path, the finding's
//! location path (or, without one, the text under the primary span) and the normalized
//! message: never line or column numbers, so edits above a finding leave it unchanged.
//! Identical fingerprints within a run get an occurrence suffix (`:1`, `:2`, ...) in order
//! of appearance.

pub use polgen_source::hash::fnv1a_64;

/// The hash of one finding (without occurrence suffix), as 16 lowercase hex digits.
pub(crate) fn finding_hash(rule: &str, path: &str, anchor: &str, message: &str) -> String {
    let mut input = Vec::with_capacity(rule.len() + path.len() + anchor.len() + message.len() + 3);
    // Fields are separated by NUL so that `("ab", "c")` and `("a", "bc")` differ.
    for (i, field) in [
        rule,
        &normalize_path(path),
        anchor,
        &normalize_message(message),
    ]
    .iter()
    .enumerate()
    {
        if i > 0 {
            input.push(0);
        }
        input.extend_from_slice(field.as_bytes());
    }
    format!("{:016x}", fnv1a_64(&input))
}

/// `./a\b.json` and `a/b.json` are the same file on every platform.
fn normalize_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    path.strip_prefix("./").unwrap_or(&path).to_owned()
}

/// Case and runs of whitespace do not make a different finding.
fn normalize_message(message: &str) -> String {
    message
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_reference_vectors() {
        assert_eq!(fnv1a_64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a_64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn hash_ignores_spacing_case_and_path_spelling() {
        let a = finding_hash("r", "./x/y.json", "S[0]", "bad  `*`");
        let b = finding_hash("r", "x/y.json", "S[0]", "Bad `*`");
        let c = finding_hash("r", "x\\y.json", "S[0]", "bad `*`");
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_ne!(a, finding_hash("r", "x/y.json", "S[1]", "bad `*`"));
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn fields_are_separated() {
        assert_ne!(
            finding_hash("ab", "c", "", ""),
            finding_hash("a", "bc", "", "")
        );
    }
}
