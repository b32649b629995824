//! IAM wildcard matching: `*` matches any run of characters, `?` exactly one.

/// Whether `text` matches the IAM wildcard `pattern`. Actions compare case-insensitively,
/// ARNs case-sensitively.
pub fn matches(pattern: &str, text: &str, case_insensitive: bool) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let eq = |a: char, b: char| {
        if case_insensitive {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    };
    // Iterative matcher with single backtrack point: linear in practice, no recursion.
    let (mut pi, mut ti) = (0usize, 0usize);
    let (mut star, mut mark) = (None::<usize>, 0usize);
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some(pi);
                mark = ti;
                pi += 1;
            }
            Some(&c) if c == '?' || eq(c, t[ti]) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some(s) => {
                    pi = s + 1;
                    mark += 1;
                    ti = mark;
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Whether a string contains an IAM wildcard.
pub fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?'])
}

/// Whether the pattern `general` matches at least everything `specific` matches
/// (conservative: `true` only when that is certain).
pub fn covers(general: &str, specific: &str, case_insensitive: bool) -> bool {
    if general == "*" {
        return true;
    }
    if !has_wildcard(specific) {
        return matches(general, specific, case_insensitive);
    }
    // A prefix pattern `abc*` covers any pattern that starts with `abc`.
    if let Some(prefix) = general.strip_suffix('*')
        && !has_wildcard(prefix)
    {
        let spec_prefix: String = specific.chars().take(prefix.chars().count()).collect();
        return if case_insensitive {
            spec_prefix.eq_ignore_ascii_case(prefix)
        } else {
            spec_prefix == prefix
        };
    }
    general == specific
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(matches("s3:Get*", "s3:getobject", true));
        assert!(!matches("s3:Get*", "s3:getobject", false));
        assert!(matches("*", "", false));
        assert!(matches("a?c", "abc", false));
        assert!(!matches("a?c", "ac", false));
        assert!(matches("arn:aws:s3:::b/*/x", "arn:aws:s3:::b/1/2/x", false));
        assert!(!matches("arn:aws:s3:::b", "arn:aws:s3:::b/x", false));
    }

    #[test]
    fn coverage() {
        assert!(covers("s3:*", "s3:Get*", true));
        assert!(covers("s3:Get*", "s3:GetObject", true));
        assert!(!covers("s3:GetObject", "s3:Get*", true));
    }
}
