//! "Did you mean" suggestions and positions of names in configuration text.

use polgen_source::{LineCol, SourceFile};

/// The candidate closest to `input`, if it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let input = input.to_ascii_lowercase();
    // Edit distance catches typos; Jaro-Winkler also catches truncations (`pass-role`).
    candidates
        .into_iter()
        .filter(|c| polgen_source::quote::may_be_misspelling(&input, c))
        .filter_map(|c| {
            let edits = strsim::normalized_damerau_levenshtein(&input, c);
            let prefix = strsim::jaro_winkler(&input, c);
            (edits >= 0.7 || prefix >= 0.88).then_some((edits.max(prefix), c))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Where `name` first appears in a TOML file as a string value (`"name"`, `'name'`) or as a
/// bare key at the start of a line (`name = ...`).
pub(crate) fn find_name(source: &SourceFile, name: &str) -> Option<LineCol> {
    let text = source.text();
    let quoted = [format!("\"{name}\""), format!("'{name}'")]
        .iter()
        .filter_map(|needle| text.find(needle.as_str()))
        .min();
    let offset = quoted.or_else(|| {
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            let indent = line.len() - line.trim_start().len();
            if let Some(rest) = line.trim_start().strip_prefix(name)
                && rest.trim_start().starts_with('=')
            {
                return Some(line_start + indent);
            }
            line_start += line.len();
        }
        None
    })?;
    Some(source.line_col(u32::try_from(offset).unwrap_or(u32::MAX)))
}

/// Extracts `x` and the candidates from serde's `unknown field `x`, expected one of `a`, `b``
/// (or `expected `a``) to suggest the closest field.
pub(crate) fn unknown_field_suggestion(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    did_you_mean(field, expected).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["wildcard-action", "wildcard-resource", "security"];
        assert_eq!(
            did_you_mean("wildcard-acton", names),
            Some("wildcard-action")
        );
        assert_eq!(did_you_mean("secuirty", names), Some("security"));
        assert_eq!(did_you_mean("banana", names), None);
        assert_eq!(did_you_mean("wildcard", names), Some("wildcard-action"));
        assert_eq!(did_you_mean("style", names), None);
    }

    #[test]
    fn finds_values_and_keys() {
        let f = SourceFile::new("p", "select = [\"a-b\"]\n[severity]\n  c-d = \"error\"\n");
        assert_eq!(
            find_name(&f, "a-b"),
            Some(LineCol {
                line: 1,
                column: 11
            })
        );
        assert_eq!(find_name(&f, "c-d"), Some(LineCol { line: 3, column: 3 }));
        assert_eq!(find_name(&f, "zzz"), None);
    }

    #[test]
    fn suggests_from_serde_messages() {
        let m = "unknown field `selct`, expected one of `ruleset`, `select`, `ignore`";
        assert_eq!(unknown_field_suggestion(m).as_deref(), Some("select"));
        let m = "unknown field `own2`, expected `own` or `trusted`";
        assert_eq!(unknown_field_suggestion(m).as_deref(), Some("own"));
    }
}
