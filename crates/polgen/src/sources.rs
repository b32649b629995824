//! The CloudTrail sources of one `polgen suggest` run: local paths, `s3://` prefixes and the
//! `LookupEvents` API, behind one `TrailSource` so that a single scan reads them all. AWS is
//! reached only when an `s3://` input or `--lookup-events` is given.

use std::collections::HashMap;
use std::sync::OnceLock;

use polgen_trail::{Filter, LocalFiles, Principal, TrailSource, Unit};
use polgen_trail_aws::{Aws, AwsOptions, LookupEventsSource, LookupScope, S3Location, S3Source};

/// Which of the sources a unit comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Local,
    S3,
    Lookup,
}

pub struct Sources {
    local: Option<LocalFiles>,
    s3: Option<S3Source>,
    lookup: Option<LookupEventsSource>,
    owners: OnceLock<HashMap<String, Owner>>,
}

impl Sources {
    /// Splits `--cloudtrail` into local paths and `s3://` prefixes and opens what is named.
    pub fn open(
        inputs: &[String],
        lookup_events: bool,
        aws: &AwsOptions,
        filter: &Filter,
        max_file_bytes: u64,
    ) -> Result<Sources, String> {
        let mut paths = Vec::new();
        let mut locations = Vec::new();
        for input in inputs {
            match S3Location::parse(input) {
                Some(location) => locations.push(location?),
                None => paths.push(input.clone()),
            }
        }
        let remote = !locations.is_empty() || lookup_events;
        if !remote && (aws.profile.is_some() || aws.region.is_some() || aws.endpoint_url.is_some())
        {
            return Err(
                "--profile, --region and --endpoint-url are for AWS sources: name an `s3://` input or give --lookup-events"
                    .to_owned(),
            );
        }
        let client = if remote { Some(Aws::new(aws)?) } else { None };
        let s3 = match &client {
            Some(client) if !locations.is_empty() => Some(S3Source::new(
                client.clone(),
                locations,
                filter.since.as_deref(),
                filter.until.as_deref(),
            )),
            _ => None,
        };
        let lookup = match &client {
            Some(client) if lookup_events => Some(LookupEventsSource::new(
                client.clone(),
                LookupScope {
                    start: filter.since.clone(),
                    end: filter.until.clone(),
                    user_name: match &filter.principal {
                        Principal::User { name, .. } => Some(name.clone()),
                        Principal::Role { .. } | Principal::Any => None,
                    },
                },
            )),
            _ => None,
        };
        Ok(Sources {
            local: (!paths.is_empty())
                .then(|| LocalFiles::new(paths).with_max_file_bytes(max_file_bytes)),
            s3,
            lookup,
            owners: OnceLock::new(),
        })
    }

    /// True when units are downloaded (the scan then runs on more threads than cores).
    pub fn is_remote(&self) -> bool {
        self.s3.is_some() || self.lookup.is_some()
    }

    /// Report lines naming the AWS sources and what their listing found.
    pub fn describe(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(s3) = &self.s3 {
            let names: Vec<String> = s3.locations().iter().map(ToString::to_string).collect();
            let l = s3.listing();
            let mut line = format!(
                "{}: {} objects listed, {} log files",
                names.join(", "),
                l.objects,
                l.logs
            );
            if l.digests > 0 {
                line.push_str(&format!(", {} digest files skipped", l.digests));
            }
            if l.pruned > 0 {
                line.push_str(&format!(
                    ", {} outside --since/--until by their day folder (not downloaded)",
                    l.pruned
                ));
            }
            lines.push(line);
        }
        if let Some(lookup) = &self.lookup {
            let mut line = format!(
                "{}: management events of the last 90 days only (no data events)",
                lookup.name()
            );
            let missing = lookup.events_without_payload();
            if missing > 0 {
                line.push_str(&format!(", {missing} events without a record skipped"));
            }
            lines.push(line);
        }
        lines
    }

    fn owner(&self, unit: &Unit) -> Option<Owner> {
        self.owners.get()?.get(&unit.name).copied()
    }
}

impl TrailSource for Sources {
    fn units(&self) -> Result<Vec<Unit>, String> {
        let mut all = Vec::new();
        let mut owners = HashMap::new();
        let parts: [(Option<&dyn TrailSource>, Owner); 3] = [
            (
                self.local.as_ref().map(|s| s as &dyn TrailSource),
                Owner::Local,
            ),
            (self.s3.as_ref().map(|s| s as &dyn TrailSource), Owner::S3),
            (
                self.lookup.as_ref().map(|s| s as &dyn TrailSource),
                Owner::Lookup,
            ),
        ];
        for (source, owner) in parts {
            let Some(source) = source else { continue };
            for unit in source.units()? {
                owners.insert(unit.name.clone(), owner);
                all.push(unit);
            }
        }
        // Listed once per run; a second listing keeps the first owners (same names).
        let _ = self.owners.set(owners);
        Ok(all)
    }

    fn read(&self, unit: &Unit) -> Result<Vec<u8>, String> {
        let source: Option<&dyn TrailSource> = match self.owner(unit) {
            Some(Owner::Local) => self.local.as_ref().map(|s| s as _),
            Some(Owner::S3) => self.s3.as_ref().map(|s| s as _),
            Some(Owner::Lookup) => self.lookup.as_ref().map(|s| s as _),
            None => None,
        };
        source
            .ok_or_else(|| format!("`{}` was not listed by any source", unit.name))?
            .read(unit)
    }
}
