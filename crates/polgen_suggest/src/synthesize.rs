//! Observed calls to statements: resources generalised per action, then actions with the same
//! service and the same resources share a statement with a readable Sid.

use std::collections::{BTreeMap, BTreeSet};

use polgen_catalog::Catalog;

use crate::generalise::{Limits, Widening, generalise};

/// One suggested statement (always `Effect: Allow`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sid: String,
    /// Sorted case-insensitively, in the catalog's spelling.
    pub actions: Vec<String>,
    /// Sorted; `["*"]` for actions with no resource-level permission (or no known resource).
    pub resources: Vec<String>,
    /// Granted for what CloudTrail cannot show (`--include-inferred`), not for an observed call.
    pub inferred: bool,
}

/// A suggested policy and how it was made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suggestion {
    pub statements: Vec<Statement>,
    pub widenings: Vec<Widening>,
}

/// Options of the synthesis.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub limits: Limits,
}

/// Builds the policy for observed `(action, resource)` calls (resource `*` when none applies) and,
/// separately marked, the `inferred` ones to grant as well.
pub fn synthesize(
    calls: &[(String, String)],
    inferred: &[(String, String)],
    options: Options,
) -> Suggestion {
    let mut suggestion = Suggestion::default();
    let mut groups: BTreeMap<(String, bool, Vec<String>), BTreeSet<ActionKey>> = BTreeMap::new();
    for (list, is_inferred) in [(calls, false), (inferred, true)] {
        let mut per_action: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (action, resource) in list {
            per_action.entry(action).or_default().push(resource.clone());
        }
        for (action, resources) in per_action {
            // An inferred action already granted for an observed call needs no second grant.
            if is_inferred && calls.iter().any(|(a, _)| a == action) {
                continue;
            }
            let (resources, widenings) = generalise(action, &resources, options.limits);
            suggestion.widenings.extend(widenings);
            let prefix = action
                .split_once(':')
                .map_or(action, |(p, _)| p)
                .to_ascii_lowercase();
            groups
                .entry((prefix, is_inferred, resources))
                .or_default()
                .insert(ActionKey(action.to_owned()));
        }
    }
    let mut used: BTreeSet<String> = BTreeSet::new();
    for ((prefix, is_inferred, resources), actions) in groups {
        let actions: Vec<String> = actions.into_iter().map(|k| k.0).collect();
        let base = format!(
            "{}{}{}",
            pascal(&prefix),
            resource_kind(&actions, &resources),
            if is_inferred { "Inferred" } else { "" }
        );
        let mut sid = base.clone();
        let mut n = 2;
        while !used.insert(sid.clone()) {
            sid = format!("{base}{n}");
            n += 1;
        }
        suggestion.statements.push(Statement {
            sid,
            actions,
            resources,
            inferred: is_inferred,
        });
    }
    suggestion
}

/// Orders actions case-insensitively (`s3:GetObject` before `s3:getObjectAcl`...).
#[derive(Debug, Clone, PartialEq, Eq)]
struct ActionKey(String);

impl Ord for ActionKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0
            .to_ascii_lowercase()
            .cmp(&other.0.to_ascii_lowercase())
            .then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for ActionKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// `Object`, `TableIndex`, `AnyResource`: the catalog's resource type names of the resources.
fn resource_kind(actions: &[String], resources: &[String]) -> String {
    if resources.iter().any(|r| r == "*") {
        return "AnyResource".to_owned();
    }
    let catalog = Catalog::get();
    let mut kinds = BTreeSet::new();
    for action in actions.iter().filter_map(|a| catalog.action(a)) {
        for r in resources {
            // An index ARN also fits the table format; the longest format is the real type.
            if let Some(rt) = action
                .resource_types_matching_arn(r)
                .into_iter()
                .max_by_key(|rt| rt.arn_format.len())
            {
                kinds.insert(pascal(&rt.name));
            }
        }
    }
    if kinds.is_empty() {
        "Resources".to_owned()
    } else {
        kinds.into_iter().collect()
    }
}

/// `secretsmanager` -> `Secretsmanager`, `log-stream` -> `LogStream`.
fn pascal(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

impl Suggestion {
    /// Every granted action, sorted.
    pub fn actions(&self) -> BTreeSet<&str> {
        self.statements
            .iter()
            .flat_map(|s| s.actions.iter().map(String::as_str))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, r)| ((*a).to_owned(), (*r).to_owned()))
            .collect()
    }

    #[test]
    fn groups_by_service_and_resources() {
        let s = synthesize(
            &calls(&[
                ("s3:GetObject", "arn:aws:s3:::b/k"),
                ("s3:PutObject", "arn:aws:s3:::b/k"),
                ("s3:ListBucket", "arn:aws:s3:::b"),
                ("ec2:DescribeInstances", "*"),
                ("ec2:DescribeVpcs", "*"),
            ]),
            &calls(&[
                ("iam:PassRole", "arn:aws:iam::1:role/x"),
                ("s3:GetObject", "*"),
            ]),
            Options::default(),
        );
        let summary: Vec<(&str, Vec<&str>, Vec<&str>)> = s
            .statements
            .iter()
            .map(|st| {
                (
                    st.sid.as_str(),
                    st.actions.iter().map(String::as_str).collect(),
                    st.resources.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "Ec2AnyResource",
                    vec!["ec2:DescribeInstances", "ec2:DescribeVpcs"],
                    vec!["*"]
                ),
                (
                    "IamRoleInferred",
                    vec!["iam:PassRole"],
                    vec!["arn:aws:iam::1:role/x"]
                ),
                ("S3Bucket", vec!["s3:ListBucket"], vec!["arn:aws:s3:::b"]),
                (
                    "S3Object",
                    vec!["s3:GetObject", "s3:PutObject"],
                    vec!["arn:aws:s3:::b/k"]
                ),
            ]
        );
        // As IAM evaluates the rendered policy.
        let text = crate::render(&s, crate::Format::Json, "test");
        let doc = polgen_policy::parse_policy(&text, None)
            .expect("the rendered policy parses")
            .document;
        let allows = |action: &str, resource: &str| {
            polgen_eval::evaluate(&[&doc], &polgen_eval::Request::new(action, resource)).decision
                == polgen_eval::Decision::Allow
        };
        assert!(allows("S3:getobject", "arn:aws:s3:::b/k"));
        assert!(!allows("s3:GetObject", "arn:aws:s3:::b/K"));
        assert!(!allows("s3:DeleteObject", "arn:aws:s3:::b/k"));
    }

    #[test]
    fn pascal_case() {
        assert_eq!(pascal("log-stream"), "LogStream");
        assert_eq!(pascal("code signing config"), "CodeSigningConfig");
    }
}
