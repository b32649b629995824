//! Helpers shared by the Access Analyzer rules: walking the raw value tree (the model drops
//! empty elements) and the private IP ranges.

use polgen_policy::value::{Member, Node, Value};

/// The statement objects of a policy's value tree, whether `Statement` is one object or an
/// array of objects.
pub(crate) fn statement_nodes(root: &Node) -> Vec<&[Member]> {
    let Some(statement) = root.get("Statement") else {
        return Vec::new();
    };
    match &statement.value.value {
        Value::Object(members) => vec![members.as_slice()],
        Value::Array(items) => items.iter().filter_map(Node::as_object).collect(),
        _ => Vec::new(),
    }
}

pub(crate) use polgen_policy::scalar::Cidr;

/// The private, loopback or link-local block `cidr` lies in, if any: addresses that never
/// appear as the public source address of a request to an AWS endpoint.
pub(crate) fn private_block(cidr: Cidr) -> Option<&'static str> {
    const BLOCKS: &[&str] = &[
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "fc00::/7",
        "fe80::/10",
        "::1/128",
    ];
    BLOCKS
        .iter()
        .copied()
        .find(|b| Cidr::parse(b).is_some_and(|outer| cidr.within(outer)))
}

/// `text` with every policy variable (`${...}`) removed, so that `${*}` (a literal `*`) and
/// `${aws:username}` are not taken for wildcards.
pub(crate) fn strip_variables(text: &str) -> String {
    polgen_catalog::wildcard::placeholders(text)
        .map(|(literal, _)| literal)
        .collect()
}

/// Reports every entry of `list` that another entry already matches: shared by
/// `redundant-action` (`noun` "action", compared case-insensitively) and `redundant-resource`.
pub(crate) fn report_redundant_entries(
    ctx: &mut crate::context::RuleContext<'_>,
    st: &polgen_policy::Statement,
    list: &polgen_policy::StrList,
    noun: &str,
    element: &str,
    case_insensitive: bool,
) {
    for (i, j) in redundant_entries(&list.items, case_insensitive) {
        let (Some(item), Some(cover)) = (list.items.get(i), list.items.get(j)) else {
            continue;
        };
        let same = if case_insensitive {
            item.value.eq_ignore_ascii_case(&cover.value)
        } else {
            item.value == cover.value
        };
        let (message, related) = if same {
            (
                format!("{noun} `{}` is listed twice in {}", item.value, st.label()),
                "first listed here",
            )
        } else {
            (
                format!(
                    "{noun} `{}` is already matched by `{}`",
                    item.value, cover.value
                ),
                "matched by this entry",
            )
        };
        let d = ctx
            .diagnostic(item.span, message)
            .with_label("redundant")
            .with_related(cover.span, related)
            .with_help(format!(
                "remove this entry from `{element}`: it changes nothing"
            ))
            .with_location_path(format!("{}.{element}[{i}]", st.path()));
        ctx.report(d);
    }
}

/// The entries of a list that another entry of the same list already matches, each with the
/// index of an entry that covers it. Of two equal entries only the later one is redundant.
/// Only fully written-out entries are compared.
pub(crate) fn redundant_entries(
    items: &[polgen_policy::Str],
    case_insensitive: bool,
) -> Vec<(usize, usize)> {
    use std::collections::HashMap;

    use crate::util::glob::covers;
    let texts: Vec<Option<String>> = items
        .iter()
        .map(|item| {
            item.as_literal().map(|s| {
                if case_insensitive {
                    s.to_ascii_lowercase()
                } else {
                    s.to_owned()
                }
            })
        })
        .collect();
    // An entry can only be covered by one whose literal head (the text before its first
    // wildcard) is a prefix of it: index the entries by that head so that a policy with
    // thousands of `service:Get*` entries is not compared pairwise.
    let mut by_head: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, text) in texts.iter().enumerate() {
        if let Some(text) = text {
            let head = text
                .find(['*', '?'])
                .and_then(|k| text.get(..k))
                .unwrap_or(text);
            by_head.entry(head).or_default().push(j);
        }
    }
    let mut out = Vec::new();
    for (i, specific) in texts.iter().enumerate() {
        let Some(specific) = specific else { continue };
        let mut best: Option<usize> = None;
        for len in 0..=specific.len() {
            let Some(head) = specific.get(..len) else {
                continue;
            };
            for &j in by_head.get(head).map_or(&[][..], Vec::as_slice) {
                if j == i || best.is_some_and(|b| b < j) {
                    continue;
                }
                let Some(general) = texts.get(j).and_then(Option::as_deref) else {
                    continue;
                };
                // Equivalent entries: only the later one is redundant.
                if covers(general, specific, false) && (!covers(specific, general, false) || j < i)
                {
                    best = Some(j);
                }
            }
        }
        if let Some(j) = best {
            out.push((i, j));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidrs() {
        let c = Cidr::parse("10.1.2.3/8").map(Cidr::network);
        assert_eq!(c.map(|c| c.to_string()), Some("10.0.0.0/8".to_string()));
        assert_eq!(
            Cidr::parse("10.1.2.3").and_then(private_block),
            Some("10.0.0.0/8")
        );
        assert_eq!(Cidr::parse("172.15.0.0/16").and_then(private_block), None);
        assert_eq!(
            Cidr::parse("172.31.0.0/16").and_then(private_block),
            Some("172.16.0.0/12")
        );
        assert_eq!(Cidr::parse("0.0.0.0/0").and_then(private_block), None);
        assert_eq!(
            Cidr::parse("fd00:1::/64").and_then(private_block),
            Some("fc00::/7")
        );
        assert_eq!(Cidr::parse("2001:db8::/32").and_then(private_block), None);
        assert!(Cidr::parse("10.0.0.0/33").is_none());
        assert!(Cidr::parse("10.0.0.0/").is_none());
        assert!(Cidr::parse("x").is_none());
    }

    #[test]
    fn variables() {
        assert_eq!(strip_variables("a${*}b${aws:username}c"), "abc");
        assert_eq!(strip_variables("a${b"), "a${b");
    }
}
