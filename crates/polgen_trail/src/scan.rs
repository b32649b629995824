//! Reading a source into a usage aggregate: parallel over units, one accumulator per thread,
//! memory bound by the number of distinct (action, resource) pairs, not by the events.

use std::collections::{BTreeMap, HashMap};

use std::borrow::Cow;

use polgen_catalog::{ActionRef, Catalog};
use rayon::prelude::*;

use crate::decode::{Limits, decode, to_text};
use crate::dedupe::{EventIds, Sighting};
use crate::event::Event;
use crate::filter::Filter;
use crate::map::{Resolution, resolve};
use crate::records::{Checks, for_each_record};
use crate::resources::{Params, Resources, resources_for};
use crate::source::{TrailSource, Unit};

/// How many problems are kept with their text (all are counted).
const MAX_PROBLEMS: usize = 200;
/// How many unreadable records of one unit are named (the rest are counted).
const RECORD_PROBLEMS_PER_UNIT: usize = 5;

/// When and how often something was seen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seen {
    pub count: u64,
    pub first: String,
    pub last: String,
}

/// Calls counted at once: one event (`first` = `last` = its time), or a row of a usage
/// aggregate.
#[derive(Debug, Clone, Copy)]
pub struct Occurrence<'t> {
    pub count: u64,
    pub first: &'t str,
    pub last: &'t str,
}

impl<'t> Occurrence<'t> {
    pub fn one(time: &'t str) -> Occurrence<'t> {
        Occurrence {
            count: 1,
            first: time,
            last: time,
        }
    }
}

impl Seen {
    /// Counts `occ`; an empty time (an event without `eventTime`) moves neither bound.
    fn add(&mut self, occ: &Occurrence<'_>) {
        self.count += occ.count;
        if !occ.first.is_empty() && (self.first.is_empty() || occ.first < self.first.as_str()) {
            occ.first.clone_into(&mut self.first);
        }
        if occ.last > self.last.as_str() {
            occ.last.clone_into(&mut self.last);
        }
    }

    fn merge(&mut self, other: Seen) {
        self.add(&Occurrence {
            count: other.count,
            first: &other.first,
            last: &other.last,
        });
    }
}

/// A file or record that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub unit: String,
    /// `record 3`, `line 12`; `None` when the whole file is unreadable.
    pub place: Option<String>,
    pub message: String,
}

/// Why a matched event gave no permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LeftOut {
    /// The call needs no permission (`sts:GetCallerIdentity`).
    NoPermissionNeeded,
    /// Not an API call (`AwsConsoleSignIn`, `AwsServiceEvent`, ...).
    NotApiCall,
    /// The event source is no known service.
    UnknownService,
    /// The service is known, the event name is no action of it.
    UnknownAction,
    /// Refused (`AccessDenied`...) and `--include-denied` not given.
    Denied,
}

impl LeftOut {
    pub fn describe(self) -> &'static str {
        match self {
            LeftOut::NoPermissionNeeded => "needs no permission",
            LeftOut::NotApiCall => "not an API call",
            LeftOut::UnknownService => "unknown service",
            LeftOut::UnknownAction => "no IAM action of that name",
            LeftOut::Denied => "denied (add --include-denied to grant)",
        }
    }
}

/// Everything a scan learned.
#[derive(Debug, Clone, Default)]
pub struct Usage {
    pub units: u64,
    pub bytes: u64,
    pub decoded_bytes: u64,
    /// Events read, all callers.
    pub events: u64,
    /// Events by the principal inside the window, with the first and last `eventTime`.
    pub matched: Seen,
    pub other_principals: u64,
    pub outside_window: u64,
    /// Matched events whose `eventID` was already counted (a second delivery).
    pub duplicates: u64,
    /// Matched events not checked for duplicates because the set of ids was full.
    pub unchecked_ids: u64,
    /// Matched events by caller ARN (so that `--role`-less runs say whose calls they merged).
    pub callers: BTreeMap<String, u64>,
    /// (action, resource ARN or `*`) -> seen. The action is the catalog's spelling.
    pub calls: BTreeMap<(String, String), Seen>,
    /// Actions the calls may also need that CloudTrail does not show: (action, resource) ->
    /// the primary actions that imply it.
    pub inferred: BTreeMap<(String, String), Vec<String>>,
    /// Actions that take resources but whose events did not say which (granted on `*`).
    pub unresolved_resources: BTreeMap<String, u64>,
    /// Matched events that give no permission: (why, `source eventName`) -> seen.
    pub left_out: BTreeMap<(LeftOut, String), Seen>,
    /// Refused calls by action.
    pub denied: BTreeMap<String, u64>,
    pub bad_units: u64,
    pub bad_records: u64,
    pub problems: Vec<Problem>,
}

impl Usage {
    fn merge(mut self, other: Usage) -> Usage {
        self.units += other.units;
        self.bytes += other.bytes;
        self.decoded_bytes += other.decoded_bytes;
        self.events += other.events;
        self.matched.merge(other.matched);
        self.other_principals += other.other_principals;
        self.outside_window += other.outside_window;
        self.duplicates += other.duplicates;
        self.unchecked_ids += other.unchecked_ids;
        for (k, v) in other.callers {
            *self.callers.entry(k).or_default() += v;
        }
        for (k, v) in other.calls {
            self.calls.entry(k).or_default().merge(v);
        }
        for (k, v) in other.inferred {
            let entry = self.inferred.entry(k).or_default();
            for p in v {
                if !entry.contains(&p) {
                    entry.push(p);
                }
            }
            entry.sort();
        }
        for (k, v) in other.unresolved_resources {
            *self.unresolved_resources.entry(k).or_default() += v;
        }
        for (k, v) in other.left_out {
            self.left_out.entry(k).or_default().merge(v);
        }
        for (k, v) in other.denied {
            *self.denied.entry(k).or_default() += v;
        }
        self.bad_units += other.bad_units;
        self.bad_records += other.bad_records;
        self.problems.extend(other.problems);
        self.problems.truncate(MAX_PROBLEMS);
        self
    }

    pub(crate) fn problem(&mut self, unit: &Unit, place: Option<String>, message: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem {
                unit: unit.name.clone(),
                place,
                message,
            });
        }
    }
}

/// What an (eventSource, eventName) means for the aggregate, worked out once.
pub(crate) struct Derived {
    /// `source name`, the key of `Usage::left_out`.
    label: String,
    meaning: Meaning,
}

enum Meaning {
    LeftOut(LeftOut),
    Actions(Actions),
}

struct Actions {
    /// The table's primary action (the key of `calls` and `denied`).
    primary: String,
    /// The catalog's entry of `primary`.
    action: Option<ActionRef<'static>>,
    /// What the table infers, then the catalog's dependent actions of the primary action,
    /// deduplicated, each with its full name; only those the catalog knows.
    implied: Vec<(ActionRef<'static>, String)>,
    /// True when one of the actions takes resources (then `resources[]` is read).
    reads_resources: bool,
}

impl Derived {
    fn new(source: &str, name: &str) -> Derived {
        let label = format!("{source} {name}");
        let meaning = match resolve(source, name) {
            Resolution::Free => Meaning::LeftOut(LeftOut::NoPermissionNeeded),
            Resolution::UnknownService => Meaning::LeftOut(LeftOut::UnknownService),
            Resolution::UnknownAction { .. } => Meaning::LeftOut(LeftOut::UnknownAction),
            Resolution::Actions { primary, inferred } => {
                let catalog = Catalog::get();
                let action = catalog.action(&primary);
                let mut names: Vec<&str> = inferred.iter().map(String::as_str).collect();
                if let Some(action) = action {
                    let dependents = action.action.dependent_actions.iter().chain(
                        action
                            .action
                            .resource_types
                            .iter()
                            .flat_map(|rt| rt.dependent_actions.iter()),
                    );
                    for dependent in dependents {
                        if !names.iter().any(|a| a.eq_ignore_ascii_case(dependent)) {
                            names.push(dependent);
                        }
                    }
                }
                let implied: Vec<(ActionRef<'static>, String)> = names
                    .into_iter()
                    .filter_map(|name| catalog.action(name))
                    .map(|a| (a, a.full_name()))
                    .collect();
                let reads_resources = action
                    .iter()
                    .chain(implied.iter().map(|(a, _)| a))
                    .any(|a| a.action.supports_resource_level_permissions());
                Meaning::Actions(Actions {
                    action,
                    implied,
                    reads_resources,
                    primary,
                })
            }
        };
        Derived { label, meaning }
    }
}

/// eventSource -> eventName -> what it means, for all the units one thread reads.
#[derive(Default)]
pub(crate) struct ResolutionCache {
    index: HashMap<String, HashMap<String, usize>>,
    derived: Vec<Derived>,
}

impl ResolutionCache {
    fn get(&mut self, source: &str, name: &str) -> &Derived {
        let found = self
            .index
            .get(source)
            .and_then(|by_name| by_name.get(name))
            .copied();
        let at = match found {
            Some(at) => at,
            None => {
                let at = self.derived.len();
                self.derived.push(Derived::new(source, name));
                self.index
                    .entry(source.to_owned())
                    .or_default()
                    .insert(name.to_owned(), at);
                at
            }
        };
        &self.derived[at]
    }
}

/// Reads every unit of `source` (in parallel) and aggregates what `filter` keeps.
/// `on_unit` is called after each unit (progress bars).
pub fn scan(
    source: &dyn TrailSource,
    filter: &Filter,
    on_unit: &(dyn Fn(&Unit) + Sync),
) -> Result<Usage, String> {
    let units = source.units()?;
    Ok(scan_units(
        source,
        &units,
        filter,
        Limits::default(),
        on_unit,
    ))
}

/// [`scan`] of `units`, already listed from `source` (a caller that counts them first lists
/// once).
pub fn scan_units(
    source: &dyn TrailSource,
    units: &[Unit],
    filter: &Filter,
    limits: Limits,
    on_unit: &(dyn Fn(&Unit) + Sync),
) -> Usage {
    let ids = EventIds::default();
    let usage = units
        .par_iter()
        .fold(
            || (Usage::default(), ResolutionCache::default()),
            |(mut usage, mut cache), unit| {
                let reader = Reader {
                    source,
                    filter,
                    ids: &ids,
                    limits,
                };
                reader.scan_unit(unit, &mut usage, &mut cache);
                on_unit(unit);
                (usage, cache)
            },
        )
        .map(|(usage, _)| usage)
        .reduce(Usage::default, Usage::merge);
    sorted(usage)
}

/// Aggregates the records of one text (already decoded) into `usage`; for tests and for
/// sources that hold text rather than bytes. Duplicates are found within `text` only.
pub fn scan_text(name: &str, text: &str, filter: &Filter, usage: &mut Usage) {
    let unit = Unit {
        name: name.to_owned(),
        size: text.len() as u64,
    };
    usage.units += 1;
    let mut cache = ResolutionCache::default();
    let records = Records {
        text,
        checks: Checks::NONE,
    };
    scan_records(
        &unit,
        records,
        filter,
        &EventIds::default(),
        usage,
        &mut cache,
    );
}

fn sorted(mut usage: Usage) -> Usage {
    usage
        .problems
        .sort_by(|a, b| (&a.unit, &a.place).cmp(&(&b.unit, &b.place)));
    usage
}

/// What every unit of a scan is read with.
struct Reader<'a> {
    source: &'a dyn TrailSource,
    filter: &'a Filter,
    ids: &'a EventIds,
    limits: Limits,
}

impl Reader<'_> {
    fn scan_unit(&self, unit: &Unit, usage: &mut Usage, cache: &mut ResolutionCache) {
        usage.units += 1;
        let bytes = match self.source.read(unit) {
            Ok(bytes) => bytes,
            Err(e) => {
                usage.bad_units += 1;
                usage.problem(unit, None, format!("cannot read: {e}"));
                return;
            }
        };
        usage.bytes += bytes.len() as u64;
        let decoded = match decode(bytes, self.limits.max_file_bytes).and_then(to_text) {
            Ok(decoded) => decoded,
            Err(e) => {
                usage.bad_units += 1;
                usage.problem(unit, None, e);
                return;
            }
        };
        usage.decoded_bytes += decoded.text.len() as u64;
        let records = Records {
            text: &decoded.text,
            checks: Checks {
                bad_bytes: &decoded.bad_bytes,
                max_record_bytes: self.limits.max_record_bytes,
            },
        };
        scan_records(unit, records, self.filter, self.ids, usage, cache);
    }
}

/// A unit's text and the checks its records go through.
#[derive(Clone, Copy)]
struct Records<'a> {
    text: &'a str,
    checks: Checks<'a>,
}

fn scan_records(
    unit: &Unit,
    records: Records<'_>,
    filter: &Filter,
    ids: &EventIds,
    usage: &mut Usage,
    cache: &mut ResolutionCache,
) {
    let mut record_problems = Vec::new();
    let events_before = usage.events;
    let outcome = for_each_record(records.text, records.checks, |record| match record {
        Ok(event) => {
            usage.events += 1;
            add_event(event, filter, ids, usage, cache);
        }
        Err(e) => record_problems.push(e),
    });
    usage.bad_records += record_problems.len() as u64;
    let events_here = usage.events - events_before;
    if let Err(message) = outcome {
        usage.bad_units += 1;
        usage.problem(unit, None, message);
    } else if events_here == 0 && !record_problems.is_empty() {
        // A JSON file of something else: one line, not one per record.
        usage.bad_units += 1;
        let first = record_problems
            .first()
            .map(|e| e.message.as_str())
            .unwrap_or_default();
        usage.problem(
            unit,
            None,
            format!(
                "no CloudTrail event in {} records (first: {first})",
                record_problems.len()
            ),
        );
        return;
    }
    let extra = record_problems
        .len()
        .saturating_sub(RECORD_PROBLEMS_PER_UNIT);
    for e in record_problems.into_iter().take(RECORD_PROBLEMS_PER_UNIT) {
        usage.problem(unit, Some(e.place), e.message);
    }
    if extra > 0 {
        usage.problem(unit, None, format!("and {extra} more unreadable records"));
    }
}

fn add_event(
    event: &Event<'_>,
    filter: &Filter,
    ids: &EventIds,
    usage: &mut Usage,
    cache: &mut ResolutionCache,
) {
    if !filter.principal.matches(event) {
        usage.other_principals += 1;
        return;
    }
    let time = event.time();
    if !filter.in_window(time) {
        usage.outside_window += 1;
        return;
    }
    if let Some(id) = event.event_id.as_deref() {
        match ids.first_sighting(id) {
            Sighting::First => {}
            Sighting::Duplicate => {
                usage.duplicates += 1;
                return;
            }
            Sighting::Unchecked => usage.unchecked_ids += 1,
        }
    }
    add_matched(
        event,
        None,
        &Occurrence::one(time),
        filter.include_denied,
        usage,
        cache,
    );
}

/// Aggregates a call of the principal inside the window, `occ.count` times. `resource_arns`
/// are the ARNs of the event's `resources[]` when the caller has them already (`None`: read
/// from the event, when an action takes resources).
pub(crate) fn add_matched<'a>(
    event: &Event<'a>,
    resource_arns: Option<Vec<Cow<'a, str>>>,
    occ: &Occurrence<'_>,
    include_denied: bool,
    usage: &mut Usage,
    cache: &mut ResolutionCache,
) {
    usage.matched.add(occ);
    let caller = event
        .user_identity
        .as_ref()
        .and_then(|u| {
            u.session_context
                .as_ref()
                .and_then(|s| s.session_issuer.as_ref())
                .and_then(|i| i.arn.as_deref())
                .or(u.arn.as_deref())
        })
        .unwrap_or("(no caller ARN)");
    match usage.callers.get_mut(caller) {
        Some(n) => *n += occ.count,
        None => {
            usage.callers.insert(caller.to_owned(), occ.count);
        }
    }
    let derived = cache.get(event.source(), event.name());
    if !event.is_api_call() {
        let kind = event.event_type.as_deref().unwrap_or("no eventType");
        let label = format!("{} ({kind})", derived.label);
        left_out(usage, LeftOut::NotApiCall, label, occ);
        return;
    }
    let actions = match &derived.meaning {
        Meaning::LeftOut(why) => return left_out(usage, *why, derived.label.clone(), occ),
        Meaning::Actions(actions) => actions,
    };
    let primary = actions.primary.as_str();
    if event.is_denied() {
        match usage.denied.get_mut(primary) {
            Some(n) => *n += occ.count,
            None => {
                usage.denied.insert(primary.to_owned(), occ.count);
            }
        }
        if !include_denied {
            return left_out(usage, LeftOut::Denied, derived.label.clone(), occ);
        }
    }
    let params = Params::parse(event.request_parameters);
    let resource_arns = match resource_arns {
        Some(arns) => arns,
        None if actions.reads_resources => event.resource_arns(),
        None => Vec::new(),
    };
    if let Some(action) = actions.action {
        let found = resources_for(action, event, &params, &resource_arns);
        let resources = resource_list(found, primary, occ, usage);
        for resource in resources {
            usage
                .calls
                .entry((primary.to_owned(), resource))
                .or_default()
                .add(occ);
        }
    }
    for (action, full_name) in &actions.implied {
        // A resource the request does not mention means this variant of the call did not
        // need the action (`PutRule` without `RoleArn` passes no role).
        let resources = match resources_for(*action, event, &params, &resource_arns) {
            Resources::Found(list) => list,
            Resources::NotSupported => vec!["*".to_owned()],
            Resources::Unknown => continue,
        };
        for resource in resources {
            let by = usage
                .inferred
                .entry((full_name.clone(), resource))
                .or_default();
            if !by.iter().any(|p| p == primary) {
                by.push(primary.to_owned());
            }
        }
    }
}

fn resource_list(
    resources: Resources,
    action: &str,
    occ: &Occurrence<'_>,
    usage: &mut Usage,
) -> Vec<String> {
    match resources {
        Resources::Found(list) => list,
        Resources::NotSupported => vec!["*".to_owned()],
        Resources::Unknown => {
            *usage
                .unresolved_resources
                .entry(action.to_owned())
                .or_default() += occ.count;
            vec!["*".to_owned()]
        }
    }
}

fn left_out(usage: &mut Usage, why: LeftOut, call: String, occ: &Occurrence<'_>) {
    usage.left_out.entry((why, call)).or_default().add(occ);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::Principal;

    const ROLE: &str = "arn:aws:iam::111122223333:role/app";

    fn record(name: &str, source: &str, params: &str, extra: &str) -> String {
        format!(
            r#"{{"eventTime":"2024-05-01T10:00:00Z","eventSource":"{source}","eventName":"{name}","awsRegion":"eu-west-1","recipientAccountId":"111122223333","eventType":"AwsApiCall","userIdentity":{{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/app/s","sessionContext":{{"sessionIssuer":{{"arn":"{ROLE}"}}}}}},"requestParameters":{params}{extra}}}"#
        )
    }

    fn usage_of(records: &[String], filter: &Filter) -> Usage {
        let text = format!("{{\"Records\":[{}]}}", records.join(","));
        let mut usage = Usage::default();
        scan_text("test.json", &text, filter, &mut usage);
        usage
    }

    #[test]
    fn aggregates_calls_and_leaves_out_with_reasons() {
        let records = [
            record(
                "GetObject",
                "s3.amazonaws.com",
                r#"{"bucketName":"b","key":"k"}"#,
                "",
            ),
            record(
                "GetObject",
                "s3.amazonaws.com",
                r#"{"bucketName":"b","key":"k"}"#,
                "",
            ),
            record("GetCallerIdentity", "sts.amazonaws.com", "null", ""),
            record("Frobnicate", "s3.amazonaws.com", "null", ""),
            record(
                "PutObject",
                "s3.amazonaws.com",
                r#"{"bucketName":"b","key":"x"}"#,
                r#","errorCode":"AccessDenied""#,
            ),
            record("DescribeInstances", "ec2.amazonaws.com", "{}", ""),
        ];
        let filter = Filter {
            principal: Principal::role(ROLE).expect("test input is valid"),
            ..Filter::everyone()
        };
        let usage = usage_of(&records, &filter);
        assert_eq!(usage.events, 6);
        assert_eq!(usage.matched.count, 6);
        let calls: Vec<(&str, &str, u64)> = usage
            .calls
            .iter()
            .map(|((a, r), s)| (a.as_str(), r.as_str(), s.count))
            .collect();
        assert_eq!(
            calls,
            [
                ("ec2:DescribeInstances", "*", 1),
                ("s3:GetObject", "arn:aws:s3:::b/k", 2)
            ]
        );
        let reasons: Vec<(LeftOut, &str)> = usage
            .left_out
            .keys()
            .map(|(w, c)| (*w, c.as_str()))
            .collect();
        assert_eq!(
            reasons,
            [
                (
                    LeftOut::NoPermissionNeeded,
                    "sts.amazonaws.com GetCallerIdentity"
                ),
                (LeftOut::UnknownAction, "s3.amazonaws.com Frobnicate"),
                (LeftOut::Denied, "s3.amazonaws.com PutObject"),
            ]
        );
        let with_denied = usage_of(
            &records,
            &Filter {
                include_denied: true,
                ..filter
            },
        );
        assert!(
            with_denied
                .calls
                .contains_key(&("s3:PutObject".to_owned(), "arn:aws:s3:::b/x".to_owned()))
        );
    }

    #[test]
    fn an_event_without_time_moves_no_bound() {
        let mut seen = Seen::default();
        seen.add(&Occurrence::one("2024-05-01T10:00:00Z"));
        seen.add(&Occurrence::one(""));
        let mut merged = Seen::default();
        merged.merge(Seen {
            count: 1,
            first: String::new(),
            last: String::new(),
        });
        merged.merge(seen.clone());
        let t = "2024-05-01T10:00:00Z";
        assert_eq!(
            (seen.count, seen.first.as_str(), seen.last.as_str()),
            (2, t, t)
        );
        assert_eq!(
            (merged.count, merged.first.as_str(), merged.last.as_str()),
            (3, t, t)
        );
    }

    #[test]
    fn other_callers_and_window() {
        let mine = record("ListBuckets", "s3.amazonaws.com", "null", "");
        let theirs = mine
            .replace("assumed-role/app/", "assumed-role/other/")
            .replace(ROLE, "arn:aws:iam::111122223333:role/other");
        let filter = Filter {
            principal: Principal::role(ROLE).expect("test input is valid"),
            since: Some("2024-05-02T00:00:00Z".into()),
            ..Filter::everyone()
        };
        let usage = usage_of(&[mine.clone(), theirs], &filter);
        assert_eq!(
            (
                usage.other_principals,
                usage.outside_window,
                usage.matched.count
            ),
            (1, 1, 0)
        );
    }

    #[test]
    fn inferred_pass_role() {
        let records = [record(
            "CreateFunction20150331",
            "lambda.amazonaws.com",
            r#"{"functionName":"f","role":"arn:aws:iam::111122223333:role/exec"}"#,
            "",
        )];
        let usage = usage_of(&records, &Filter::everyone());
        assert!(usage.calls.contains_key(&(
            "lambda:CreateFunction".to_owned(),
            "arn:aws:lambda:eu-west-1:111122223333:function:f".to_owned()
        )));
        assert_eq!(
            usage.inferred.get(&(
                "iam:PassRole".to_owned(),
                "arn:aws:iam::111122223333:role/exec".to_owned()
            )),
            Some(&vec!["lambda:CreateFunction".to_owned()])
        );
    }

    #[test]
    fn an_event_delivered_twice_counts_once() {
        let with_id = |id: &str, key: &str| {
            record(
                "GetObject",
                "s3.amazonaws.com",
                &format!(r#"{{"bucketName":"b","key":"{key}"}}"#),
                &format!(r#","eventID":"{id}""#),
            )
        };
        let a = with_id("3038ebd2-c98a-4c65-9b6e-e22506292313", "k");
        let b = with_id("7f1c0d4e-2a4b-4c1d-8e9f-0a1b2c3d4e5f", "k");
        // The organisation trail's copy and the account trail's copy, in two files.
        let dir = tempfile::tempdir().expect("tmp");
        let org = dir.path().join("org.json");
        let account = dir.path().join("account.json");
        std::fs::write(&org, format!("{{\"Records\":[{a},{b}]}}")).expect("write");
        std::fs::write(&account, format!("{{\"Records\":[{a}]}}")).expect("write");
        let source = crate::source::LocalFiles::new([
            org.to_string_lossy().into_owned(),
            account.to_string_lossy().into_owned(),
        ]);
        let filter = Filter::everyone();
        let usage = scan(&source, &filter, &|_| {}).expect("test input is valid");
        assert_eq!(
            (usage.events, usage.matched.count, usage.duplicates),
            (3, 2, 1)
        );
        let seen = &usage.calls[&("s3:GetObject".to_owned(), "arn:aws:s3:::b/k".to_owned())];
        assert_eq!(seen.count, 2);
        // Without ids (older exports) nothing is merged.
        let usage = usage_of(
            &vec![record("GetObject", "s3.amazonaws.com", "{}", ""); 2],
            &filter,
        );
        assert_eq!((usage.matched.count, usage.duplicates), (2, 0));
    }
}
