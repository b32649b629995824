//! CloudTrail event to IAM action: the generated table in `data/event_map.tsv` (see its header
//! for provenance; regenerate with `cargo run -p polgen_dev -- update-trail-map`), the catalog
//! for the obvious case (`s3.amazonaws.com` / `PutObject` is `s3:PutObject` when the catalog has
//! it), and the API version suffixes some services put in event names.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use polgen_catalog::Catalog;

/// The generated table, embedded.
pub const TABLE: &str = include_str!("../data/event_map.tsv");

/// What an event means for permissions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// The call needs `primary`; `inferred` are actions the same call may also need, which
    /// CloudTrail does not show (a role passed, the source of a copy, ...).
    Actions {
        primary: String,
        inferred: Vec<String>,
    },
    /// The call needs no permission (`sts:GetCallerIdentity`).
    Free,
    /// The event source is no service the catalog knows.
    UnknownService,
    /// The service is known, the event name is no action of it.
    UnknownAction { prefix: String },
}

struct Table {
    sources: HashMap<&'static str, &'static str>,
    actions: HashMap<(&'static str, &'static str), (&'static str, Vec<&'static str>)>,
    free: HashSet<(&'static str, &'static str)>,
}

fn table() -> &'static Table {
    static TABLE_CELL: OnceLock<Table> = OnceLock::new();
    TABLE_CELL.get_or_init(|| parse_table(TABLE))
}

fn parse_table(text: &'static str) -> Table {
    let mut t = Table {
        sources: HashMap::new(),
        actions: HashMap::new(),
        free: HashSet::new(),
    };
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        match cols.as_slice() {
            ["source", source, prefix] => {
                t.sources.insert(source, prefix);
            }
            ["action", source, name, primary, inferred] => {
                let inferred = if *inferred == "-" {
                    Vec::new()
                } else {
                    inferred.split(',').collect()
                };
                t.actions.insert((source, name), (primary, inferred));
            }
            ["free", source, name] => {
                t.free.insert((source, name));
            }
            _ => {}
        }
    }
    t
}

/// The IAM service prefix of an event source (`monitoring.amazonaws.com` is `cloudwatch`).
pub(crate) fn service_prefix(event_source: &str) -> Option<String> {
    if let Some(prefix) = table().sources.get(event_source) {
        return Some((*prefix).to_owned());
    }
    let bare = event_source
        .strip_suffix(".amazonaws.com")
        .unwrap_or(event_source);
    if let Some(prefix) = table()
        .sources
        .get(format!("{bare}.amazonaws.com").as_str())
    {
        return Some((*prefix).to_owned());
    }
    Catalog::get()
        .service(bare)
        .map(|service| service.prefix.to_owned())
}

/// What permission an event (`eventSource`, `eventName`) exercised.
pub fn resolve(event_source: &str, event_name: &str) -> Resolution {
    let source = if event_source.contains('.') {
        event_source.to_owned()
    } else {
        format!("{event_source}.amazonaws.com")
    };
    let Some(prefix) = service_prefix(&source) else {
        return Resolution::UnknownService;
    };
    let mut candidates = vec![event_name];
    if let Some(stripped) = strip_version_suffix(event_name) {
        candidates.push(stripped);
    }
    for name in candidates {
        if let Some(found) = resolve_name(&source, &prefix, name) {
            return found;
        }
    }
    Resolution::UnknownAction { prefix }
}

fn resolve_name(source: &str, prefix: &str, name: &str) -> Option<Resolution> {
    let t = table();
    if t.free.contains(&(source, name)) {
        return Some(Resolution::Free);
    }
    if let Some((primary, inferred)) = t.actions.get(&(source, name)) {
        return Some(Resolution::Actions {
            primary: (*primary).to_owned(),
            inferred: inferred.iter().map(|a| (*a).to_owned()).collect(),
        });
    }
    Catalog::get()
        .action(&format!("{prefix}:{name}"))
        .map(|action| Resolution::Actions {
            primary: action.full_name(),
            inferred: Vec::new(),
        })
}

/// `GetFunction20150331v2` -> `GetFunction`, `CreateDistribution2020_05_31` ->
/// `CreateDistribution`: Lambda and CloudFront log the API version in the event name.
pub(crate) fn strip_version_suffix(name: &str) -> Option<&str> {
    let bytes = name.as_bytes();
    let mut end = bytes.len();
    // Optional `v<digits>`.
    let digits = bytes
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits > 0 && end > digits && bytes.get(end - digits - 1) == Some(&b'v') {
        end -= digits + 1;
    }
    let head = name.get(..end)?;
    // `YYYYMMDD` or `YYYY_MM_DD`.
    for width in [8usize, 10] {
        if head.len() > width
            && let Some(tail) = head.get(head.len() - width..)
        {
            let ok = if width == 8 {
                tail.bytes().all(|b| b.is_ascii_digit())
            } else {
                tail.bytes().enumerate().all(|(i, b)| {
                    if i == 4 || i == 7 {
                        b == b'_'
                    } else {
                        b.is_ascii_digit()
                    }
                })
            };
            if ok && tail.starts_with(['1', '2']) {
                return head.get(..head.len() - width);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn primary(source: &str, name: &str) -> String {
        match resolve(source, name) {
            Resolution::Actions { primary, .. } => primary,
            other => panic!("{source} {name}: {other:?}"),
        }
    }

    #[test]
    fn obvious_names_come_from_the_catalog() {
        assert_eq!(primary("s3.amazonaws.com", "PutObject"), "s3:PutObject");
        assert_eq!(primary("dynamodb.amazonaws.com", "Query"), "dynamodb:Query");
    }

    #[test]
    fn exceptions_come_from_the_table() {
        assert_eq!(primary("s3.amazonaws.com", "ListObjects"), "s3:ListBucket");
        assert_eq!(
            primary("s3.amazonaws.com", "ListObjectsV2"),
            "s3:ListBucket"
        );
        assert_eq!(primary("s3.amazonaws.com", "HeadObject"), "s3:GetObject");
        assert_eq!(
            primary("lambda.amazonaws.com", "Invoke"),
            "lambda:InvokeFunction"
        );
        assert_eq!(
            primary("monitoring.amazonaws.com", "PutMetricData"),
            "cloudwatch:PutMetricData"
        );
    }

    #[test]
    fn a_copy_proves_the_write_and_infers_the_rest() {
        match resolve("s3.amazonaws.com", "CopyObject") {
            Resolution::Actions { primary, inferred } => {
                assert_eq!(primary, "s3:PutObject");
                assert!(inferred.iter().any(|a| a == "s3:GetObject"), "{inferred:?}");
            }
            other => panic!("{other:?}"),
        }
        match resolve("lambda.amazonaws.com", "CreateFunction20150331") {
            Resolution::Actions { primary, inferred } => {
                assert_eq!(primary, "lambda:CreateFunction");
                assert_eq!(inferred, ["iam:PassRole"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn versioned_event_names() {
        assert_eq!(
            strip_version_suffix("GetFunction20150331v2"),
            Some("GetFunction")
        );
        assert_eq!(
            strip_version_suffix("ListVersionsByFunction20150331"),
            Some("ListVersionsByFunction")
        );
        assert_eq!(
            strip_version_suffix("CreateDistribution2020_05_31"),
            Some("CreateDistribution")
        );
        assert_eq!(strip_version_suffix("ListObjectsV2"), None);
        assert_eq!(strip_version_suffix("Get"), None);
        assert_eq!(
            primary("lambda.amazonaws.com", "GetFunction20150331v2"),
            "lambda:GetFunction"
        );
        assert_eq!(
            primary("lambda", "ListVersionsByFunction20150331"),
            "lambda:ListVersionsByFunction"
        );
    }

    #[test]
    fn free_and_unknown() {
        assert_eq!(
            resolve("sts.amazonaws.com", "GetCallerIdentity"),
            Resolution::Free
        );
        assert_eq!(
            resolve("nosuch.amazonaws.com", "Foo"),
            Resolution::UnknownService
        );
        assert_eq!(
            resolve("s3.amazonaws.com", "NoSuchCall"),
            Resolution::UnknownAction {
                prefix: "s3".to_owned()
            }
        );
    }
}
