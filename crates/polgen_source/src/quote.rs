//! User text quoted in messages. A message names what it is about, but a 20 MB rule id or
//! key must not come back in full: [`cut`] keeps the start and says how long the text was.
//! Paths are not cut (the user needs them whole to find the file).

use std::borrow::Cow;

/// How many characters of quoted user text a message keeps.
pub const QUOTED_CHARS: usize = 80;

/// `text` when short; else its first [`QUOTED_CHARS`] characters, `...` and its length.
pub fn cut(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(QUOTED_CHARS) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}... ({} bytes)", &text[..end], text.len())),
    }
}

/// `message` with every `` `quoted` `` part cut by [`cut`]: for messages written by other
/// libraries (a TOML parser's `unknown field `...``) that quote user text whole.
pub fn cut_quoted(message: &str) -> Cow<'_, str> {
    let parts: Vec<&str> = message.split('`').collect();
    // Odd parts are inside backticks.
    if !parts
        .iter()
        .skip(1)
        .step_by(2)
        .any(|q| cut(q).len() < q.len())
    {
        return Cow::Borrowed(message);
    }
    let cut_parts: Vec<Cow<'_, str>> = parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                cut(part)
            } else {
                Cow::Borrowed(*part)
            }
        })
        .collect();
    Cow::Owned(cut_parts.join("`"))
}

/// Whether `input` is short enough to be a misspelling of `candidate`. Every "did you mean"
/// accepts a few edits at most, and an edit distance is at least the difference in length:
/// far longer input can never be suggested, and measuring it against every candidate
/// (quadratic in its length) made a 20 MB unknown name take minutes.
pub fn may_be_misspelling(input: &str, candidate: &str) -> bool {
    input.len() <= 4 * candidate.len() + 16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept_long_text_is_cut_with_its_length() {
        assert_eq!(cut("wildcard-action"), "wildcard-action");
        let long = "a".repeat(1_000_000);
        let shown = cut(&long);
        assert_eq!(shown, format!("{}... (1000000 bytes)", "a".repeat(80)));
        // Characters, not bytes: a multi-byte character is never split.
        let wide = "é".repeat(100);
        assert_eq!(cut(&wide), format!("{}... (200 bytes)", "é".repeat(80)));
        assert_eq!(cut(&"x".repeat(80)), "x".repeat(80));
    }

    #[test]
    fn quoted_parts_of_a_foreign_message_are_cut() {
        let message = format!("unknown field `{}`, expected `select`", "b".repeat(500));
        assert_eq!(
            cut_quoted(&message),
            format!(
                "unknown field `{}... (500 bytes)`, expected `select`",
                "b".repeat(80)
            )
        );
        assert_eq!(cut_quoted("unknown field `x`"), "unknown field `x`");
    }

    #[test]
    fn far_longer_input_is_no_misspelling() {
        assert!(may_be_misspelling("wildcard-acton", "wildcard-action"));
        assert!(!may_be_misspelling(&"a".repeat(10_000), "wildcard-action"));
    }
}
