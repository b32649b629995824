//! CloudTrail in (testdata/trail, and the shared corpus when present), policy out: the policy
//! allows every observed call (replay), grants no action that was not observed, and
//! `polgen lint` (every rule at its default severity) finds no warning and no error in it.

use std::path::{Path, PathBuf};

use polgen_diagnostics::Severity;
use polgen_eval::{Decision, Request, evaluate};
use polgen_rules::{Category, Settings, default_rules, find_rule, lint_json};
use polgen_source::SourceFile;
use polgen_suggest::{Format, Options, Suggestion, render, synthesize};
use polgen_trail::{Filter, LocalFiles, Principal, Usage, scan};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/trail")
}

fn usage(paths: &[PathBuf], filter: &Filter) -> Usage {
    let source = LocalFiles::new(paths.iter().map(|p| p.to_string_lossy().into_owned()));
    scan(&source, filter, &|_| {}).expect("test input is valid")
}

fn suggest(usage: &Usage, inferred: bool) -> Suggestion {
    let calls: Vec<(String, String)> = usage.calls.keys().cloned().collect();
    let inferred: Vec<(String, String)> = if inferred {
        usage.inferred.keys().cloned().collect()
    } else {
        Vec::new()
    };
    synthesize(&calls, &inferred, Options::default())
}

/// Lints the JSON rendering; returns the findings at warning or above as `rule: message`.
fn lint_findings(policy: &Suggestion) -> Vec<String> {
    let text = render(policy, Format::Json, "test");
    let source = SourceFile::new("suggested.json", text);
    let outcome = lint_json(&source, None, &Settings::default(), &default_rules());
    assert!(
        outcome.document.is_some(),
        "the suggested policy does not parse"
    );
    outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| format!("{}: {}", d.rule, d.message))
        .collect()
}

/// Every observed call is allowed by the rendered policy, as IAM evaluates it (polgen_eval
/// over the re-parsed JSON, not the synthesis' own view of its statements).
fn replay(usage: &Usage, policy: &Suggestion) {
    let text = render(policy, Format::Json, "test");
    let document = polgen_policy::parse_policy(&text, None)
        .expect("the suggested policy parses")
        .document;
    for (action, resource) in usage.calls.keys() {
        let evaluation = evaluate(&[&document], &Request::new(action, resource));
        assert_eq!(
            evaluation.decision,
            Decision::Allow,
            "the policy does not allow {action} on {resource}: {}",
            evaluation.describe()
        );
    }
    let observed: std::collections::BTreeSet<&str> =
        usage.calls.keys().map(|(a, _)| a.as_str()).collect();
    for action in policy.actions() {
        assert!(
            observed.contains(action),
            "{action} granted but never observed"
        );
    }
}

#[test]
fn the_synthetic_role() {
    let filter = Filter {
        principal: Principal::role("arn:aws:iam::111122223333:role/app")
            .expect("test input is valid"),
        until: Some("2024-05-02T00:00:00Z".to_owned()),
        ..Filter::everyone()
    };
    let usage = usage(&[testdata().join("synthetic/app-role.json")], &filter);
    let policy = suggest(&usage, false);
    let text = render(&policy, Format::Json, "app");
    println!("{text}");
    replay(&usage, &policy);
    assert_eq!(lint_findings(&policy), Vec::<String>::new());
    // One other principal's call, one outside the window.
    assert_eq!((usage.other_principals, usage.outside_window), (1, 1));
    let expected_resources = [
        ("s3:GetObject", "arn:aws:s3:::app-data/in/2024/*"),
        ("s3:GetObject", "arn:aws:s3:::app-data/config/settings.json"),
        ("s3:ListBucket", "arn:aws:s3:::app-data"),
        (
            "dynamodb:Query",
            "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/index/by-customer",
        ),
        (
            "dynamodb:GetItem",
            "arn:aws:dynamodb:eu-west-1:111122223333:table/orders",
        ),
        (
            "sqs:ReceiveMessage",
            "arn:aws:sqs:eu-west-1:444455556666:shared-jobs",
        ),
        ("sns:Publish", "arn:aws:sns:eu-west-1:111122223333:alerts"),
        (
            "lambda:InvokeFunction",
            "arn:aws:lambda:eu-west-1:111122223333:function:resize",
        ),
        (
            "lambda:GetFunction",
            "arn:aws:lambda:eu-west-1:111122223333:function:resize",
        ),
        (
            "secretsmanager:GetSecretValue",
            "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-??????",
        ),
        (
            "ssm:GetParameters",
            "arn:aws:ssm:eu-west-1:111122223333:parameter/app/db/port",
        ),
        (
            "kms:Decrypt",
            "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ),
        (
            "logs:PutLogEvents",
            "arn:aws:logs:eu-west-1:111122223333:log-group:/app/api:log-stream:*",
        ),
        (
            "ecr:BatchGetImage",
            "arn:aws:ecr:eu-west-1:111122223333:repository/app",
        ),
        ("ecr:GetAuthorizationToken", "*"),
        (
            "states:StartExecution",
            "arn:aws:states:eu-west-1:111122223333:stateMachine:nightly",
        ),
        (
            "events:PutRule",
            "arn:aws:events:eu-west-1:111122223333:rule/nightly",
        ),
        (
            "kinesis:PutRecord",
            "arn:aws:kinesis:eu-west-1:111122223333:stream/clicks",
        ),
        ("ec2:DescribeInstances", "*"),
    ];
    for (action, resource) in expected_resources {
        assert!(
            policy
                .statements
                .iter()
                .any(|s| s.actions.iter().any(|a| a == action)
                    && s.resources.iter().any(|r| r == resource)),
            "no statement grants {action} on {resource}"
        );
    }
    // Denied, unknown and free calls are not granted.
    assert!(!policy.actions().contains("s3:DeleteObject"));
    assert!(!policy.actions().iter().any(|a| a.starts_with("sts:")));
    assert!(
        usage.unresolved_resources.is_empty(),
        "{:?}",
        usage.unresolved_resources
    );
}

#[test]
fn every_principal_of_the_test_data_and_the_corpus() {
    let mut paths = vec![testdata()];
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/cloudtrail");
    if corpus.is_dir() {
        paths.push(corpus);
    } else {
        eprintln!("corpus absent: testdata only");
    }
    let all = usage(&paths, &Filter::everyone());
    let mut checked = 0;
    let mut security = 0;
    for caller in all.callers.keys() {
        let principal = if caller.contains(":role/") {
            Principal::role(caller)
        } else if caller.contains(":user/") {
            Principal::user(caller)
        } else {
            continue;
        };
        let Ok(principal) = principal else { continue };
        for include_denied in [false, true] {
            let filter = Filter {
                principal: principal.clone(),
                include_denied,
                ..Filter::everyone()
            };
            let usage = usage(&paths, &filter);
            if usage.calls.is_empty() {
                continue;
            }
            let policy = suggest(&usage, false);
            replay(&usage, &policy);
            // The corpus is attack detonations: what those callers did is privilege escalation
            // and data access, and a faithful policy says so (security findings are expected).
            // Nothing may be broken, and nothing but the observed may be least-privilege noise.
            let findings = lint_findings(&policy);
            let broken: Vec<&String> = findings
                .iter()
                .filter(|f| {
                    let id = f.split(':').next().unwrap_or_default();
                    find_rule(id).is_none_or(|r| r.meta().category != Category::Security)
                        && !anonymised_region(f)
                })
                .collect();
            assert!(broken.is_empty(), "{caller}: {broken:?}");
            security += findings.len() - broken.len();
            checked += 1;
        }
    }
    eprintln!("{checked} policies checked, {security} security findings (attack data)");
    assert!(checked >= 10, "only {checked} principals checked");
}

/// Stratus Red Team anonymises its detonation logs with made-up regions, a real region with
/// an `r` appended (`us-north-2r`, `us-northeast-1r`): an ARN built from one is rightly
/// reported as invalid.
fn anonymised_region(finding: &str) -> bool {
    let Some(head) = finding.strip_suffix("` is not a region") else {
        return false;
    };
    let region = head.rsplit('`').next().unwrap_or_default();
    region
        .strip_suffix('r')
        .is_some_and(|r| r.ends_with(|c: char| c.is_ascii_digit()) && r.contains('-'))
}
