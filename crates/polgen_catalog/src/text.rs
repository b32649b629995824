//! Small ASCII case-insensitive helpers: IAM compares service prefixes, action names and
//! condition key names case-insensitively, and the catalog looks them up without allocating.

use std::cmp::Ordering;

/// Orders two strings as if both were ASCII-lowercased.
pub(crate) fn cmp_ignore_ascii_case(a: &str, b: &str) -> Ordering {
    let a = a.bytes().map(|c| c.to_ascii_lowercase());
    let b = b.bytes().map(|c| c.to_ascii_lowercase());
    a.cmp(b)
}

/// True when `text` starts with `prefix`, ignoring ASCII case.
pub(crate) fn starts_with_ignore_ascii_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text
            .as_bytes()
            .iter()
            .zip(prefix.as_bytes())
            .all(|(a, b)| a.eq_ignore_ascii_case(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_like_lowercase() {
        assert_eq!(
            cmp_ignore_ascii_case("GetObject", "getobject"),
            Ordering::Equal
        );
        assert_eq!(cmp_ignore_ascii_case("a", "B"), Ordering::Less);
        assert_eq!(cmp_ignore_ascii_case("Get", "GetObject"), Ordering::Less);
        assert!(starts_with_ignore_ascii_case("aws:RequestTag/x", "AWS:"));
        assert!(!starts_with_ignore_ascii_case("aw", "aws"));
    }
}
