//! IAM wildcard matching for action names and service prefixes: `*` matches any run of
//! characters, `?` exactly one, and letters compare case-insensitively (action names are
//! case-insensitive in IAM). Linear-time greedy matching with single-star backtracking.

/// True when `pattern` contains an IAM wildcard (`*` or `?`).
pub fn has_wildcard(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

/// True when `text` matches the IAM wildcard `pattern`, ignoring ASCII case.
pub fn matches_ignore_case(pattern: &str, text: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    if pattern.is_ascii() && text.is_ascii() {
        // Bytes are characters: no allocation on the hot path (expanding `*:Get*`).
        glob(
            pattern.as_bytes(),
            text.as_bytes(),
            |p, t| p.eq_ignore_ascii_case(t),
            b'*',
            b'?',
        )
    } else {
        let p: Vec<char> = pattern.chars().collect();
        let t: Vec<char> = text.chars().collect();
        glob(&p, &t, |p, t| p.eq_ignore_ascii_case(t), '*', '?')
    }
}

/// True when `text` matches the IAM wildcard `pattern`, case-sensitively (ARNs).
pub fn matches(pattern: &str, text: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    if pattern.is_ascii() && text.is_ascii() {
        glob(
            pattern.as_bytes(),
            text.as_bytes(),
            |p, t| p == t,
            b'*',
            b'?',
        )
    } else {
        let p: Vec<char> = pattern.chars().collect();
        let t: Vec<char> = text.chars().collect();
        glob(&p, &t, |p, t| p == t, '*', '?')
    }
}

/// Greedy glob matching with backtracking to the last `*`.
fn glob<C: Copy + PartialEq>(
    p: &[C],
    t: &[C],
    eq: impl Fn(&C, &C) -> bool,
    star: C,
    one: C,
) -> bool {
    let (mut pi, mut ti) = (0usize, 0usize);
    // Position after the last `*` seen, and the text position it was last tried at.
    let mut last_star: Option<(usize, usize)> = None;
    while let Some(tc) = t.get(ti) {
        match p.get(pi) {
            Some(&pc) if pc == star => {
                last_star = Some((pi + 1, ti));
                pi += 1;
            }
            Some(pc) if *pc == one || eq(pc, tc) => {
                pi += 1;
                ti += 1;
            }
            _ => match last_star {
                Some((after_star, tried)) => {
                    pi = after_star;
                    ti = tried + 1;
                    last_star = Some((after_star, tried + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|&c| c == star))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(matches_ignore_case("Get*", "GetObject"));
        assert!(matches_ignore_case("get*", "GetObject"));
        assert!(matches_ignore_case("*Object", "GetObject"));
        assert!(matches_ignore_case("*", ""));
        assert!(matches_ignore_case("*", "x"));
        assert!(matches_ignore_case("G?tObject", "GetObject"));
        assert!(!matches_ignore_case("G?tObject", "GtObject"));
        assert!(matches_ignore_case("*Obj*t*", "GetObjectTagging"));
        assert!(!matches_ignore_case("Get*Acl", "GetObject"));
        assert!(matches_ignore_case("a*b*c", "aXbYbZc"));
        assert!(!matches_ignore_case("", "a"));
        assert!(matches_ignore_case("", ""));
        assert!(has_wildcard("s3:Get*") && has_wildcard("s3:?") && !has_wildcard("s3:Get"));
    }
}
