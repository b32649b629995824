//! The peer tool trailscraper's expectations (`../shared/corpus/peer-tests/trailscraper`, from
//! flosell/trailscraper's tests, Apache-2.0) run through polgen. Compared as sets of granted
//! (action, resource) pairs: trailscraper puts different services with the same resources in
//! one statement, polgen gives each service its own (readable Sids); the grants are the same.
//! Where polgen differs on purpose, `DIFFERENCES` says why.

use std::collections::BTreeSet;
use std::path::PathBuf;

use polgen_suggest::{Options, synthesize};
use polgen_trail::{Filter, LocalFiles, Usage, scan, scan_text};
use serde_json::Value;

/// (test name, what polgen grants instead, why).
const DIFFERENCES: &[(&str, &str, &str)] = &[
    (
        "test_should_convert_special_event_sources_properly",
        "nothing (reported: no IAM action of that name)",
        "`cloudwatch:DescribeLogStreams` does not exist (it is `logs:DescribeLogStreams`); \
         trailscraper's test pairs a real event source with another service's event name, \
         and polgen never grants an action the catalog does not know",
    ),
    (
        "test_should_convert_api_gateway_events_properly",
        "apigateway:POST on *",
        "trailscraper builds API Gateway's path ARN from the event name alone with a `*` region; \
         polgen needs the REST API id from the request to build one, which this record lacks, \
         so it grants on `*` and reports the action as granted on \"*\"",
    ),
    (
        "test_should_convert_api_gateway_events_with_parameters_properly",
        "apigateway:PATCH on *",
        "same as above: no request parameters in the record",
    ),
];

fn expected_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/peer-tests/trailscraper");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: {} is absent", dir.display());
        None
    }
}

fn grants_of_policy(policy: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for s in policy["Statement"].as_array().into_iter().flatten() {
        for a in s["Action"].as_array().into_iter().flatten() {
            for r in s["Resource"].as_array().into_iter().flatten() {
                out.insert((
                    a.as_str().unwrap_or_default().to_owned(),
                    r.as_str().unwrap_or_default().to_owned(),
                ));
            }
        }
    }
    out
}

fn grants_of_usage(usage: &Usage) -> BTreeSet<(String, String)> {
    let calls: Vec<(String, String)> = usage.calls.keys().cloned().collect();
    let policy = synthesize(&calls, &[], Options::default());
    policy
        .statements
        .iter()
        .flat_map(|s| {
            s.actions
                .iter()
                .flat_map(|a| s.resources.iter().map(move |r| (a.clone(), r.clone())))
        })
        .collect()
}

fn record(r: &Value) -> Value {
    let resources: Vec<Value> = r["resource_arns"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|arn| serde_json::json!({ "ARN": arn }))
        .collect();
    serde_json::json!({
        "eventTime": "2017-12-11T15:01:51Z",
        "eventSource": r["event_source"],
        "eventName": r["event_name"],
        "awsRegion": "eu-central-1",
        "recipientAccountId": "111111111111",
        "resources": resources,
    })
}

#[test]
fn trailscraper_expectations() {
    let Some(dir) = expected_dir() else { return };
    let text = std::fs::read_to_string(dir.join("expected.json")).expect("test input is valid");
    let spec: Value = serde_json::from_str(&text).expect("test input is valid");
    let mut same = 0;
    let mut differing = Vec::new();
    for case in spec["cases"].as_array().expect("test input is valid") {
        let name = case["source"]
            .as_str()
            .expect("test input is valid")
            .rsplit("::")
            .next()
            .expect("test input is valid");
        let (usage, expected) = match case["kind"].as_str().expect("test input is valid") {
            "record_to_statement" => {
                let records = vec![record(&case["record"])];
                let expected = serde_json::json!({ "Statement": [case["expected_statement"]] });
                (usage_of(&records), expected)
            }
            "records_to_policy" => {
                let records: Vec<Value> = case["records"]
                    .as_array()
                    .expect("test input is valid")
                    .iter()
                    .map(record)
                    .collect();
                (usage_of(&records), case["expected_policy"].clone())
            }
            "cli_generate" => {
                let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(
                    "../../../shared/corpus/cloudtrail/trailscraper/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz",
                );
                let source = LocalFiles::new([file.to_string_lossy().into_owned()]);
                (
                    scan(&source, &Filter::everyone(), &|_| {}).expect("test input is valid"),
                    case["expected_policy"].clone(),
                )
            }
            other => panic!("unknown case kind {other}"),
        };
        let ours = grants_of_usage(&usage);
        let theirs = grants_of_policy(&expected);
        if ours == theirs {
            same += 1;
            continue;
        }
        let known = DIFFERENCES.iter().find(|(n, _, _)| *n == name);
        let ours_text: Vec<String> = ours.iter().map(|(a, r)| format!("{a} on {r}")).collect();
        match known {
            Some((_, instead, _)) => {
                let shown = if ours_text.is_empty() {
                    "nothing (reported: no IAM action of that name)".to_owned()
                } else {
                    ours_text.join(", ")
                };
                assert!(
                    instead.starts_with(&shown) || shown.starts_with(instead),
                    "{name}: polgen now grants {shown}, the note says {instead}"
                );
                differing.push(name);
            }
            None => panic!("{name}: polgen grants {ours_text:?}, trailscraper {theirs:?}"),
        }
    }
    eprintln!(
        "trailscraper: {same} cases agree, {} differ as documented",
        differing.len()
    );
    assert_eq!(differing.len(), DIFFERENCES.len());
    assert_eq!(same, 9);
}

fn usage_of(records: &[Value]) -> Usage {
    let text = serde_json::json!({ "Records": records }).to_string();
    let mut usage = Usage::default();
    scan_text("case.json", &text, &Filter::everyone(), &mut usage);
    usage
}
