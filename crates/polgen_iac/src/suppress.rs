//! Suppressions written in host files: `# polgen:ignore RULE-ID reason` comments (YAML and
//! HCL, `//` too in HCL) and CloudFormation `Metadata: {polgen: {ignore: [...]}}`.

use polgen_source::Span;

/// One suppression and what it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// The rule ids it silences.
    pub rules: Vec<String>,
    /// Why, as written; `None` when no reason was given.
    pub reason: Option<String>,
    /// Where the suppression is written (the comment, or the metadata entry).
    pub span: Span,
    /// The text it covers: the next line (or its own line, for a trailing comment), or
    /// the whole resource when it is written just above one or in its metadata.
    pub covers: Span,
}

/// A `polgen:ignore` comment: the rule ids, the reason and the comment's span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnoreComment {
    pub rules: Vec<String>,
    pub reason: Option<String>,
    pub span: Span,
    /// The byte range of the line the comment applies to.
    pub target: Span,
}

const MARKER: &str = "polgen:ignore";

fn is_rule_id(word: &str) -> bool {
    !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && word.bytes().any(|b| b == b'-' || b.is_ascii_lowercase())
}

/// Finds `polgen:ignore` comments. `markers` are the comment openers of the format
/// (`#` for YAML, `#` and `//` for HCL). A comment alone on its line applies to the next
/// line that is not blank or a comment; a trailing comment applies to its own line.
pub fn ignore_comments(text: &str, markers: &[&str]) -> Vec<IgnoreComment> {
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        lines.push((at, line));
        at += line.len();
    }
    let mut found = Vec::new();
    for (i, &(start, line)) in lines.iter().enumerate() {
        let Some(pos) = line.find(MARKER) else {
            continue;
        };
        let before = &line[..pos];
        let Some(opener) = markers
            .iter()
            .filter_map(|m| before.rfind(m).map(|p| (p, *m)))
            .max_by_key(|(p, _)| *p)
        else {
            continue;
        };
        // Only spaces may stand between the comment opener and the marker.
        if !before[opener.0 + opener.1.len()..].trim().is_empty() {
            continue;
        }
        let rest = line[pos + MARKER.len()..].trim_end();
        // The rule ids come first, separated by commas (`a,b` or `a, b`); the first word
        // not joined by a comma starts the reason.
        let mut words = rest.split_whitespace().peekable();
        let mut rules = Vec::new();
        let mut more = true;
        while more && let Some(w) = words.peek() {
            more = w.ends_with(',');
            let ids: Vec<&str> = w.split(',').filter(|r| !r.is_empty()).collect();
            if ids.is_empty() || !ids.iter().all(|id| is_rule_id(id)) {
                break;
            }
            rules.extend(ids.into_iter().map(str::to_string));
            words.next();
        }
        if rules.is_empty() {
            continue;
        }
        let reason: String = words.collect::<Vec<_>>().join(" ");
        let reason = reason
            .trim_start_matches(['-', ':', ' '])
            .trim()
            .to_string();
        let own_line = before[..opener.0].trim().is_empty();
        let target = if own_line {
            lines
                .iter()
                .skip(i + 1)
                .find(|(_, l)| {
                    let t = l.trim();
                    !t.is_empty() && !markers.iter().any(|m| t.starts_with(m))
                })
                .copied()
        } else {
            Some((start, line))
        };
        let Some((target_start, target_line)) = target else {
            continue;
        };
        let span = Span::from_range(start + opener.0..start + line.trim_end().len());
        found.push(IgnoreComment {
            rules,
            reason: (!reason.is_empty()).then_some(reason),
            span,
            target: Span::from_range(target_start..target_start + target_line.trim_end().len()),
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_apply_to_the_next_line_or_their_own() {
        let text = "a: 1\n# polgen:ignore wildcard-action, admin-access -- reviewed by sec\n\n  b: \"*\"\nc: 2 # polgen:ignore long-session\nd: # not polgen:ignore x\n";
        let found = ignore_comments(text, &["#"]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].rules, ["wildcard-action", "admin-access"]);
        assert_eq!(found[0].reason.as_deref(), Some("reviewed by sec"));
        assert_eq!(&text[found[0].target.range()], "  b: \"*\"");
        assert_eq!(found[1].reason, None);
        assert_eq!(
            &text[found[1].target.range()],
            "c: 2 # polgen:ignore long-session"
        );
    }
}
