//! Reading a source into a usage aggregate: parallel over units, one accumulator per thread,
//! memory bound by the number of distinct (action, resource) pairs, not by the events.

use std::collections::{BTreeMap, HashMap};

use polgen_catalog::Catalog;
use rayon::prelude::*;

use crate::decode::decode;
use crate::dedupe::{EventIds, Sighting};
use crate::event::Event;
use crate::filter::Filter;
use crate::map::{Resolution, resolve};
use crate::records::for_each_record;
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
    fn add(&mut self, occ: &Occurrence<'_>) {
        self.count += occ.count;
        if self.first.is_empty() || occ.first < self.first.as_str() {
            occ.first.clone_into(&mut self.first);
        }
        if occ.last > self.last.as_str() {
            occ.last.clone_into(&mut self.last);
        }
    }

    fn merge(&mut self, other: Seen) {
        self.count += other.count;
        if self.first.is_empty() || (!other.first.is_empty() && other.first < self.first) {
            self.first = other.first;
        }
        if other.last > self.last {
            self.last = other.last;
        }
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
    /// Events by the principal inside the window.
    pub matched: u64,
    pub other_principals: u64,
    pub outside_window: u64,
    /// Matched events whose `eventID` was already counted (a second delivery).
    pub duplicates: u64,
    /// Matched events not checked for duplicates because the set of ids was full.
    pub unchecked_ids: u64,
    /// Matched events by caller ARN (so that `--role`-less runs say whose calls they merged).
    pub callers: BTreeMap<String, u64>,
    pub first_time: Option<String>,
    pub last_time: Option<String>,
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
        self.matched += other.matched;
        self.other_principals += other.other_principals;
        self.outside_window += other.outside_window;
        self.duplicates += other.duplicates;
        self.unchecked_ids += other.unchecked_ids;
        for (k, v) in other.callers {
            *self.callers.entry(k).or_default() += v;
        }
        self.first_time = min_opt(self.first_time, other.first_time);
        self.last_time = max_opt(self.last_time, other.last_time);
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

    /// The distinct actions observed, in the catalog's spelling.
    pub fn actions(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.calls.keys().map(|(a, _)| a.as_str()).collect();
        out.dedup();
        out
    }
}

fn min_opt(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_opt(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// eventSource -> eventName -> what it means, per unit.
pub(crate) type ResolutionCache = HashMap<String, HashMap<String, Resolution>>;

/// Reads every unit of `source` (in parallel) and aggregates what `filter` keeps.
/// `on_unit` is called after each unit (progress bars).
pub fn scan(
    source: &dyn TrailSource,
    filter: &Filter,
    on_unit: &(dyn Fn(&Unit) + Sync),
) -> Result<Usage, String> {
    let units = source.units()?;
    let ids = EventIds::default();
    let usage = units
        .par_iter()
        .fold(Usage::default, |mut usage, unit| {
            scan_unit(source, unit, filter, &ids, &mut usage);
            on_unit(unit);
            usage
        })
        .reduce(Usage::default, Usage::merge);
    Ok(sorted(usage))
}

/// Aggregates the records of one text (already decoded) into `usage`; for tests and for
/// sources that hold text rather than bytes. Duplicates are found within `text` only.
pub fn scan_text(name: &str, text: &str, filter: &Filter, usage: &mut Usage) {
    let unit = Unit {
        name: name.to_owned(),
        size: text.len() as u64,
    };
    usage.units += 1;
    scan_records(&unit, text, filter, &EventIds::default(), usage);
}

fn sorted(mut usage: Usage) -> Usage {
    usage
        .problems
        .sort_by(|a, b| (&a.unit, &a.place).cmp(&(&b.unit, &b.place)));
    usage
}

fn scan_unit(
    source: &dyn TrailSource,
    unit: &Unit,
    filter: &Filter,
    ids: &EventIds,
    usage: &mut Usage,
) {
    usage.units += 1;
    let bytes = match source.read(unit) {
        Ok(bytes) => bytes,
        Err(e) => {
            usage.bad_units += 1;
            usage.problem(unit, None, format!("cannot read: {e}"));
            return;
        }
    };
    usage.bytes += bytes.len() as u64;
    let decoded = match decode(bytes) {
        Ok(decoded) => decoded,
        Err(e) => {
            usage.bad_units += 1;
            usage.problem(unit, None, e);
            return;
        }
    };
    usage.decoded_bytes += decoded.len() as u64;
    let text = match std::str::from_utf8(&decoded) {
        Ok(text) => text,
        Err(e) => {
            usage.bad_units += 1;
            usage.problem(unit, None, format!("not UTF-8 text: {e}"));
            return;
        }
    };
    scan_records(unit, text, filter, ids, usage);
}

fn scan_records(unit: &Unit, text: &str, filter: &Filter, ids: &EventIds, usage: &mut Usage) {
    let mut cache: ResolutionCache = HashMap::new();
    let mut record_problems = Vec::new();
    let events_before = usage.events;
    let outcome = for_each_record(text, |record| match record {
        Ok(event) => {
            usage.events += 1;
            add_event(event, filter, ids, usage, &mut cache);
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
        &Occurrence::one(time),
        filter.include_denied,
        usage,
        cache,
    );
}

/// Aggregates a call of the principal inside the window, `occ.count` times.
pub(crate) fn add_matched(
    event: &Event<'_>,
    occ: &Occurrence<'_>,
    include_denied: bool,
    usage: &mut Usage,
    cache: &mut ResolutionCache,
) {
    usage.matched += occ.count;
    if usage.first_time.as_deref().is_none_or(|t| occ.first < t) {
        usage.first_time = Some(occ.first.to_owned());
    }
    if usage.last_time.as_deref().is_none_or(|t| occ.last > t) {
        usage.last_time = Some(occ.last.to_owned());
    }
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
    let call = || format!("{} {}", event.source(), event.name());
    if !event.is_api_call() {
        let kind = event.event_type.as_deref().unwrap_or("no eventType");
        left_out(
            usage,
            LeftOut::NotApiCall,
            format!("{} ({kind})", call()),
            occ,
        );
        return;
    }
    // Borrowed lookups: no allocation for the event names seen before.
    let by_name = match cache.get_mut(event.source()) {
        Some(by_name) => by_name,
        None => cache.entry(event.source().to_owned()).or_default(),
    };
    if !by_name.contains_key(event.name()) {
        by_name.insert(
            event.name().to_owned(),
            resolve(event.source(), event.name()),
        );
    }
    let Some(resolution) = by_name.get(event.name()) else {
        return;
    };
    let (primary, inferred) = match resolution {
        Resolution::Free => return left_out(usage, LeftOut::NoPermissionNeeded, call(), occ),
        Resolution::UnknownService => {
            return left_out(usage, LeftOut::UnknownService, call(), occ);
        }
        Resolution::UnknownAction { .. } => {
            return left_out(usage, LeftOut::UnknownAction, call(), occ);
        }
        Resolution::Actions { primary, inferred } => (primary.as_str(), inferred.as_slice()),
    };
    if event.is_denied() {
        match usage.denied.get_mut(primary) {
            Some(n) => *n += occ.count,
            None => {
                usage.denied.insert(primary.to_owned(), occ.count);
            }
        }
        if !include_denied {
            return left_out(usage, LeftOut::Denied, call(), occ);
        }
    }
    let catalog = Catalog::get();
    let params = Params::parse(event.request_parameters);
    if let Some(action) = catalog.action(primary) {
        let resources = resource_list(resources_for(action, event, &params), primary, occ, usage);
        for resource in resources {
            usage
                .calls
                .entry((primary.to_owned(), resource))
                .or_default()
                .add(occ);
        }
    }
    // What the table infers, then the catalog's dependent actions of the primary action.
    let mut implied: Vec<&str> = inferred.iter().map(String::as_str).collect();
    if let Some(action) = catalog.action(primary) {
        let dependents = action.action.dependent_actions.iter().chain(
            action
                .action
                .resource_types
                .iter()
                .flat_map(|rt| rt.dependent_actions.iter()),
        );
        for dependent in dependents {
            if !implied.iter().any(|a| a.eq_ignore_ascii_case(dependent)) {
                implied.push(dependent);
            }
        }
    }
    for name in implied {
        let Some(action) = catalog.action(name) else {
            continue;
        };
        // A resource the request does not mention means this variant of the call did not
        // need the action (`PutRule` without `RoleArn` passes no role).
        let resources = match resources_for(action, event, &params) {
            Resources::Found(list) => list,
            Resources::NotSupported => vec!["*".to_owned()],
            Resources::Unknown => continue,
        };
        for resource in resources {
            let by = usage
                .inferred
                .entry((action.full_name(), resource))
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
        assert_eq!(usage.matched, 6);
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
            (usage.other_principals, usage.outside_window, usage.matched),
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
        assert_eq!((usage.events, usage.matched, usage.duplicates), (3, 2, 1));
        let seen = &usage.calls[&("s3:GetObject".to_owned(), "arn:aws:s3:::b/k".to_owned())];
        assert_eq!(seen.count, 2);
        // Without ids (older exports) nothing is merged.
        let usage = usage_of(
            &vec![record("GetObject", "s3.amazonaws.com", "{}", ""); 2],
            &filter,
        );
        assert_eq!((usage.matched, usage.duplicates), (2, 0));
    }
}
