//! IAM wildcard matching for action names and service prefixes: `*` matches any run of
//! characters, `?` exactly one, and letters compare case-insensitively (action names are
//! case-insensitive in IAM). Linear-time greedy matching with single-star backtracking.

/// True when `pattern` contains an IAM wildcard (`*` or `?`).
pub fn has_wildcard(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

/// The pieces of `text` around its `${...}` placeholders (policy variables, the fields of an
/// ARN format): `(literal, Some(name))` for each placeholder with the text before it, then
/// `(rest, None)`. An unclosed `${` is literal text.
pub fn placeholders(text: &str) -> impl Iterator<Item = (&str, Option<&str>)> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let r = rest?;
        if let Some(start) = r.find("${")
            && let Some(len) = r.get(start + 2..).and_then(|after| after.find('}'))
        {
            let name = r.get(start + 2..start + 2 + len).unwrap_or("");
            rest = Some(r.get(start + 3 + len..).unwrap_or(""));
            return Some((r.get(..start).unwrap_or(""), Some(name)));
        }
        rest = None;
        Some((r, None))
    })
}

/// Replaces every `${...}` (policy variable or host-format placeholder) by `*`: whatever the
/// variable holds, the pattern then matches at least as much. An unclosed `${` stays as written.
pub fn erase_variables(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (literal, name) in placeholders(text) {
        out.push_str(literal);
        if name.is_some() {
            out.push('*');
        }
    }
    out
}

/// True when `text` matches the IAM wildcard `pattern`, ignoring ASCII case.
pub fn matches_ignore_case(pattern: &str, text: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    if !literal_prefix_agrees(pattern, text, u8::eq_ignore_ascii_case) {
        return false;
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
    if !literal_prefix_agrees(pattern, text, |a, b| a == b) {
        return false;
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

/// Whether the ASCII literal start of `pattern` (up to its first wildcard or non-ASCII byte)
/// can match the start of `text`. Rules test one action against thousands of policy entries
/// and nearly all differ in their first bytes: this answers them without the full matcher
/// (and without the `is_ascii` scans it needs). `false` only when the match is impossible.
#[inline]
fn literal_prefix_agrees(pattern: &str, text: &str, eq: impl Fn(&u8, &u8) -> bool) -> bool {
    let t = text.as_bytes();
    for (i, p) in pattern.bytes().enumerate() {
        if p == b'*' || p == b'?' || !p.is_ascii() {
            return true;
        }
        match t.get(i) {
            Some(c) if eq(&p, c) => {}
            _ => return false,
        }
    }
    // The whole pattern is literal: the text must end here too.
    t.len() == pattern.len()
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
    fn splits_at_placeholders() {
        let pieces: Vec<_> = placeholders("arn:${Partition}:s3:::${Bucket}/x${open").collect();
        assert_eq!(
            pieces,
            [
                ("arn:", Some("Partition")),
                (":s3:::", Some("Bucket")),
                ("/x${open", None)
            ]
        );
        assert_eq!(placeholders("").collect::<Vec<_>>(), [("", None)]);
    }

    #[test]
    fn erases_variables_once() {
        assert_eq!(erase_variables("a${b}c${d"), "a*c${d");
        assert_eq!(erase_variables("x/${aws:username}"), "x/*");
    }

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

    #[test]
    fn literal_prefix_shortcut_keeps_the_answers() {
        // Fully literal: equal up to case, and of the same length.
        assert!(matches_ignore_case("s3:GetObject", "S3:getobject"));
        assert!(!matches_ignore_case("s3:GetObject", "s3:GetObjectAcl"));
        assert!(!matches_ignore_case("s3:GetObjectAcl", "s3:GetObject"));
        assert!(!matches("Bucket", "bucket"));
        assert!(matches("arn:aws:s3:::b", "arn:aws:s3:::b"));
        // A literal head then a wildcard.
        assert!(matches_ignore_case("S3:Get*", "s3:GetObject"));
        assert!(!matches_ignore_case("s3:Put*", "s3:GetObject"));
        assert!(matches_ignore_case("s3:?etObject", "s3:GetObject"));
        // Non-ASCII: the head stops at the first non-ASCII byte, the full matcher decides.
        assert!(matches_ignore_case("é*", "éa"));
        assert!(!matches_ignore_case("a", "é"));
        assert!(matches("?", "é"));
    }
}
