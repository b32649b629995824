//! Generalising observed resources, with care: only families whose members differ in a part
//! that is naturally a name inside a container (an object key under a folder, a parameter under
//! a path, a log stream in its group) are widened, and never past their container.

use std::collections::BTreeMap;

/// How eager generalisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A folder with at least this many observed objects (parameters, streams) becomes `folder/*`.
    pub family: usize,
    /// A bucket (parameter tree) with more patterns than this after that becomes the deepest
    /// folder they share, `/*`.
    pub per_container: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            family: 3,
            per_container: 10,
        }
    }
}

/// One widening, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Widening {
    pub action: String,
    pub pattern: String,
    /// How many observed resources it stands for.
    pub observed: usize,
}

/// Splits an ARN into (container, name-with-folders) for the hierarchical kinds:
/// `arn:aws:s3:::bucket/a/b` -> (`arn:aws:s3:::bucket/`, `a/b`),
/// `...:parameter/app/x` -> (`...:parameter/`, `app/x`),
/// `...:log-group:G:log-stream:S` -> (`...:log-group:G:log-stream:`, `S`).
fn split_hierarchical(arn: &str) -> Option<(&str, &str)> {
    let fields: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, _, service, _, _, resource] = fields.as_slice() else {
        return None;
    };
    let resource_start = arn.len() - resource.len();
    let cut = match *service {
        "s3" if fields.get(3) == Some(&"") => resource.find('/').map(|i| i + 1)?,
        "ssm" => resource
            .strip_prefix("parameter/")
            .map(|_| "parameter/".len())?,
        "logs" => resource
            .find(":log-stream:")
            .map(|i| i + ":log-stream:".len())?,
        _ => return None,
    };
    let at = resource_start + cut;
    Some((arn.get(..at)?, arn.get(at..)?))
}

/// The generalised resources of one action (sorted, deduplicated) and the widenings made.
pub fn generalise(
    action: &str,
    resources: &[String],
    limits: Limits,
) -> (Vec<String>, Vec<Widening>) {
    if resources.iter().any(|r| r == "*") {
        return (vec!["*".to_owned()], Vec::new());
    }
    let mut out: Vec<String> = Vec::new();
    let mut widenings = Vec::new();
    // container -> names under it
    let mut families: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for r in resources {
        match split_hierarchical(r) {
            Some((container, name)) if !name.is_empty() => {
                families.entry(container).or_default().push(name)
            }
            _ => out.push(r.clone()),
        }
    }
    for (container, mut names) in families {
        names.sort_unstable();
        names.dedup();
        let separator = if container.ends_with(":log-stream:") {
            None
        } else {
            Some('/')
        };
        // 1. Folders with a family of members.
        let mut by_folder: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for name in &names {
            let folder = match separator {
                Some(sep) => name.rfind(sep).map_or("", |i| &name[..=i]),
                None => "",
            };
            by_folder.entry(folder).or_default().push(name);
        }
        // (pattern tail, observed count)
        let mut patterns: Vec<(String, usize)> = Vec::new();
        for (folder, members) in by_folder {
            if members.len() >= limits.family {
                patterns.push((format!("{folder}*"), members.len()));
            } else {
                patterns.extend(members.iter().map(|m| ((*m).to_owned(), 1)));
            }
        }
        // 2. Too many patterns in one container: the deepest folder they all share.
        if patterns.len() > limits.per_container {
            let total: usize = patterns.iter().map(|(_, n)| n).sum();
            let common = common_folder(patterns.iter().map(|(p, _)| p.as_str()), separator);
            patterns = vec![(format!("{common}*"), total)];
        }
        for (tail, observed) in patterns {
            let pattern = format!("{container}{tail}");
            if observed > 1 || tail.ends_with('*') {
                widenings.push(Widening {
                    action: action.to_owned(),
                    pattern: pattern.clone(),
                    observed,
                });
            }
            out.push(pattern);
        }
    }
    out.sort();
    out.dedup();
    (out, widenings)
}

/// The longest folder prefix (ending in the separator) shared by all `names`; empty when none.
fn common_folder<'a>(names: impl Iterator<Item = &'a str>, separator: Option<char>) -> String {
    let mut prefix: Option<&str> = None;
    for name in names {
        prefix = Some(match prefix {
            None => name,
            Some(p) => {
                let len = p
                    .char_indices()
                    .zip(name.chars())
                    .take_while(|((_, a), b)| a == b)
                    .last()
                    .map_or(0, |((i, a), _)| i + a.len_utf8());
                &p[..len]
            }
        });
    }
    let prefix = prefix.unwrap_or_default();
    match separator {
        Some(sep) => prefix
            .rfind(sep)
            .map_or(String::new(), |i| prefix[..=i].to_owned()),
        None => String::new(),
    }
    .trim_end_matches('*')
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn objects_in_one_folder_become_a_folder_pattern() {
        let (out, widenings) = generalise(
            "s3:GetObject",
            &strings(&[
                "arn:aws:s3:::b/in/1.csv",
                "arn:aws:s3:::b/in/2.csv",
                "arn:aws:s3:::b/in/3.csv",
                "arn:aws:s3:::b/config.json",
                "arn:aws:s3:::other/x",
            ]),
            Limits::default(),
        );
        assert_eq!(
            out,
            strings(&[
                "arn:aws:s3:::b/config.json",
                "arn:aws:s3:::b/in/*",
                "arn:aws:s3:::other/x"
            ])
        );
        assert_eq!(widenings.len(), 1);
        assert_eq!(widenings[0].observed, 3);
    }

    #[test]
    fn a_crowded_bucket_becomes_its_shared_folder() {
        let keys: Vec<String> = (0..12)
            .map(|i| format!("arn:aws:s3:::b/data/d{i}/x"))
            .collect();
        let (out, _) = generalise("s3:GetObject", &keys, Limits::default());
        assert_eq!(out, strings(&["arn:aws:s3:::b/data/*"]));
    }

    #[test]
    fn streams_and_parameters() {
        let (out, _) = generalise(
            "logs:PutLogEvents",
            &strings(&[
                "arn:aws:logs:eu-west-1:1:log-group:/app:log-stream:a",
                "arn:aws:logs:eu-west-1:1:log-group:/app:log-stream:b",
                "arn:aws:logs:eu-west-1:1:log-group:/app:log-stream:c",
            ]),
            Limits::default(),
        );
        assert_eq!(
            out,
            strings(&["arn:aws:logs:eu-west-1:1:log-group:/app:log-stream:*"])
        );
        let (out, _) = generalise(
            "ssm:GetParameter",
            &strings(&[
                "arn:aws:ssm:eu-west-1:1:parameter/app/a",
                "arn:aws:ssm:eu-west-1:1:parameter/app/b",
            ]),
            Limits::default(),
        );
        assert_eq!(out.len(), 2, "two are no family");
    }

    #[test]
    fn star_absorbs_and_others_stay() {
        let (out, _) = generalise(
            "dynamodb:GetItem",
            &strings(&["arn:aws:dynamodb:eu-west-1:1:table/a", "*"]),
            Limits::default(),
        );
        assert_eq!(out, ["*"]);
        let tables = strings(&[
            "arn:aws:dynamodb:eu-west-1:1:table/a",
            "arn:aws:dynamodb:eu-west-1:1:table/b",
            "arn:aws:dynamodb:eu-west-1:1:table/c",
        ]);
        assert_eq!(
            generalise("dynamodb:GetItem", &tables, Limits::default()).0,
            tables
        );
    }
}
