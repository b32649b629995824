//! IAM wildcard matching: `*` matches any run of characters, `?` exactly one.

/// Whether `text` matches the IAM wildcard `pattern`. Actions compare case-insensitively,
/// ARNs case-sensitively.
pub fn matches(pattern: &str, text: &str, case_insensitive: bool) -> bool {
    // The catalog's matcher: linear, and allocation-free for ASCII (rules call this in
    // loops over every action of large policies).
    if case_insensitive {
        polgen_catalog::wildcard::matches_ignore_case(pattern, text)
    } else {
        polgen_catalog::wildcard::matches(pattern, text)
    }
}

/// Whether a string contains an IAM wildcard.
pub fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?'])
}

/// The text before the first wildcard of `pattern`: every text it matches, and every pattern
/// it [`covers`], starts with it. For a case-insensitive match, ASCII-lower-cased (the
/// matcher ignores ASCII case only).
pub fn literal_head(pattern: &str, case_insensitive: bool) -> String {
    let end = pattern.find(['*', '?']).unwrap_or(pattern.len());
    let head = &pattern[..end];
    if case_insensitive {
        head.to_ascii_lowercase()
    } else {
        head.to_string()
    }
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
