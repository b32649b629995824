//! Matching request values against policy patterns: actions (IAM wildcards, case-insensitive),
//! resources (IAM wildcards, case-sensitive), ARNs field by field, and policy variables
//! (`${aws:username}`) filled from the context.

use polgen_catalog::wildcard;
use polgen_policy::{Str, StrList};

use crate::context::{Context, Lookup};
use crate::truth::Truth;

/// A pattern with its policy variables filled in.
pub(crate) struct Filled {
    pub text: String,
    /// `${*}`, `${?}` or a context value put a `*` or `?` in the text that must match itself,
    /// which wildcard matching cannot tell from a wildcard.
    pub literal_wildcards: bool,
}

/// Fills `${key}`, `${key, 'default'}`, `${*}`, `${?}` and `${$}` from `context`. `Ok(None)` when
/// a key is absent with no default (IAM: the value then matches nothing).
pub(crate) fn fill_variables(pattern: &str, context: &Context) -> Result<Option<Filled>, String> {
    let mut out = Filled {
        text: String::with_capacity(pattern.len()),
        literal_wildcards: false,
    };
    // An unclosed `${` is literal text: IAM reads it as written.
    for (literal, inner) in wildcard::placeholders(pattern) {
        out.text.push_str(literal);
        let Some(inner) = inner.map(str::trim) else {
            continue;
        };
        match inner {
            "*" | "?" => {
                out.text.push_str(inner);
                out.literal_wildcards = true;
                continue;
            }
            "$" => {
                out.text.push('$');
                continue;
            }
            _ => {}
        }
        let (key, default) = match inner.split_once(',') {
            Some((key, default)) => {
                let default = default.trim();
                let default = default
                    .strip_prefix('\'')
                    .and_then(|d| d.strip_suffix('\''))
                    .unwrap_or(default);
                (key.trim(), Some(default))
            }
            None => (inner, None),
        };
        let value = match context.get(key) {
            Lookup::Present([one]) => one.as_str(),
            Lookup::Present([]) | Lookup::Absent => match default {
                Some(d) => d,
                None => return Ok(None),
            },
            Lookup::Present(_) => {
                return Err(format!(
                    "the policy variable `${{{key}}}` names a key with several values"
                ));
            }
            // The key may be there (a default does not help): undecidable.
            Lookup::Unknown => {
                return Err(format!("the context has no `{key}` for `${{{key}}}`"));
            }
        };
        if value.contains(['*', '?']) {
            out.literal_wildcards = true;
        }
        out.text.push_str(value);
    }
    Ok(Some(out))
}

/// `text` against one pattern with variables, using `matcher` for the wildcard match.
/// `wildcards` says whether `matcher` reads `*` and `?` as wildcards.
pub(crate) fn pattern_matches(
    pattern: &str,
    text: &str,
    context: &Context,
    matcher: &dyn Fn(&str, &str) -> bool,
    wildcards: bool,
) -> Truth {
    if !pattern.contains("${") {
        return Truth::from_bool(matcher(pattern, text));
    }
    match fill_variables(pattern, context) {
        // Whatever the variable holds, the pattern with `*` in its place matches at least as
        // much: when even that fails, the answer is no.
        Err(_) if wildcards && !matcher(&wildcard::erase_variables(pattern), text) => Truth::No,
        Err(reason) => Truth::Unknown(reason),
        Ok(None) => Truth::No,
        Ok(Some(filled)) => {
            let hit = matcher(&filled.text, text);
            if hit && wildcards && filled.literal_wildcards {
                // A literal `*` matched as a wildcard: a false match is possible.
                Truth::unknown(format!(
                    "`{pattern}` holds a literal `*` or `?` that cannot be told from a wildcard"
                ))
            } else {
                Truth::from_bool(hit)
            }
        }
    }
}

/// An item written out in full, or why it cannot be judged.
fn literal(item: &Str) -> Result<&str, Truth> {
    item.as_literal().ok_or_else(|| {
        Truth::unknown(format!(
            "`{}` is computed at deploy time and cannot be evaluated",
            item.value
        ))
    })
}

/// Does `Action`/`NotAction` cover `action`? Case-insensitive, no variables (IAM has none in
/// actions).
pub fn action_matches(list: &StrList, action: &str) -> Truth {
    if !list.complete {
        return Truth::unknown("the action list is computed at deploy time");
    }
    let hit = Truth::any(list.items.iter().map(|item| match literal(item) {
        Ok(p) => Truth::from_bool(wildcard::matches_ignore_case(p, action)),
        Err(t) => t,
    }));
    if list.negated { !hit } else { hit }
}

/// Does `Resource`/`NotResource` cover `resource`? Case-sensitive, with policy variables.
pub fn resource_matches(list: &StrList, resource: &str, context: &Context) -> Truth {
    if !list.complete {
        return Truth::unknown("the resource list is computed at deploy time");
    }
    let hit = Truth::any(list.items.iter().map(|item| match literal(item) {
        Ok(p) => pattern_matches(p, resource, context, &wildcard::matches, true),
        Err(t) => t,
    }));
    if list.negated { !hit } else { hit }
}

/// `ArnLike`/`ArnEquals`: the six colon-separated fields compared one by one, each with IAM
/// wildcards, case-sensitively (the resource field keeps its own colons).
pub fn arn_like(pattern: &str, arn: &str) -> bool {
    let p: Vec<&str> = pattern.splitn(6, ':').collect();
    let a: Vec<&str> = arn.splitn(6, ':').collect();
    p.len() == 6 && a.len() == 6 && p.iter().zip(a.iter()).all(|(p, a)| wildcard::matches(p, a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str], negated: bool) -> StrList {
        let span = polgen_source::Span::default();
        StrList {
            negated,
            key_span: span,
            value_span: span,
            items: items.iter().map(|i| Str::literal(*i, span)).collect(),
            complete: true,
        }
    }

    #[test]
    fn actions_ignore_case_resources_do_not() {
        let ctx = Context::new();
        assert_eq!(
            action_matches(&list(&["S3:Get*"], false), "s3:getobject"),
            Truth::Yes
        );
        assert_eq!(
            action_matches(&list(&["iam:*"], true), "s3:GetObject"),
            Truth::Yes
        );
        assert_eq!(
            resource_matches(
                &list(&["arn:aws:s3:::b/*"], false),
                "arn:aws:s3:::B/k",
                &ctx
            ),
            Truth::No
        );
        assert_eq!(
            resource_matches(
                &list(&["arn:aws:s3:::b/k?"], false),
                "arn:aws:s3:::b/k1",
                &ctx
            ),
            Truth::Yes
        );
    }

    #[test]
    fn variables_come_from_the_context() {
        let r = list(&["arn:aws:s3:::b/home/${aws:username}/*"], false);
        let alice = Context::new().with("aws:username", "alice");
        assert_eq!(
            resource_matches(&r, "arn:aws:s3:::b/home/alice/x", &alice),
            Truth::Yes
        );
        assert_eq!(
            resource_matches(&r, "arn:aws:s3:::b/home/bob/x", &alice),
            Truth::No
        );
        assert!(matches!(
            resource_matches(&r, "arn:aws:s3:::b/home/alice/x", &Context::new()),
            Truth::Unknown(_)
        ));
        // No value of the variable could make it match: no, even when unknown.
        assert_eq!(
            resource_matches(&r, "arn:aws:s3:::other/x", &Context::new()),
            Truth::No
        );
        // Absent without a default: matches nothing; with one, the default.
        let complete = Context::new().complete();
        assert_eq!(
            resource_matches(&r, "arn:aws:s3:::b/home//x", &complete),
            Truth::No
        );
        let d = list(&["arn:aws:s3:::b/${aws:username, 'guest'}"], false);
        assert_eq!(
            resource_matches(&d, "arn:aws:s3:::b/guest", &complete),
            Truth::Yes
        );
        // `${*}` is a literal star: a wildcard match of it is not proof.
        let star = list(&["arn:aws:s3:::b/${*}"], false);
        assert!(matches!(
            resource_matches(&star, "arn:aws:s3:::b/x", &complete),
            Truth::Unknown(_)
        ));
        assert_eq!(
            resource_matches(&list(&["a$${$}"], false), "a$$", &complete),
            Truth::Yes
        );
    }

    #[test]
    fn arns_match_field_by_field() {
        assert!(arn_like(
            "arn:aws:sns:*:111122223333:topic",
            "arn:aws:sns:eu-west-1:111122223333:topic"
        ));
        // A `*` in one field does not run into the next.
        assert!(!arn_like(
            "arn:aws:sns:*:topic",
            "arn:aws:sns:eu-west-1:111122223333:topic"
        ));
        assert!(arn_like(
            "arn:aws:logs:*:*:log-group:/a:*",
            "arn:aws:logs:eu-west-1:1:log-group:/a:log-stream:s"
        ));
        assert!(!arn_like("arn:aws:s3:::B", "arn:aws:s3:::b"));
    }
}
