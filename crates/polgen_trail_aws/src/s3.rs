//! CloudTrail log files in an S3 bucket: listed with ListObjectsV2 (every page), read with
//! GetObject. Units are named `s3://bucket/key` so that the report points at the object.

use std::sync::{Arc, Mutex};

use aws_sdk_s3::Client;
use polgen_trail::{TrailSource, Unit};

use crate::layout::{DayWindow, KeyKind, classify};
use crate::{Aws, chain, describe};

/// `s3://bucket/prefix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Location {
    pub bucket: String,
    pub prefix: String,
}

impl S3Location {
    /// `None` when `text` is no `s3://` URL (a local path); an error when it is a bad one.
    pub fn parse(text: &str) -> Option<Result<S3Location, String>> {
        let rest = text.strip_prefix("s3://")?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Some(Err(format!("`{text}`: no bucket (s3://BUCKET/PREFIX)")));
        }
        if prefix.contains(['*', '?', '[']) {
            return Some(Err(format!(
                "`{text}`: S3 prefixes are not glob patterns; name the folder (s3://BUCKET/AWSLogs/ACCOUNT/CloudTrail/)"
            )));
        }
        Some(Ok(S3Location {
            bucket: bucket.to_owned(),
            prefix: prefix.to_owned(),
        }))
    }
}

impl std::fmt::Display for S3Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "s3://{}/{}", self.bucket, self.prefix)
    }
}

/// What a listing found, for the report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    pub objects: u64,
    pub logs: u64,
    pub digests: u64,
    pub pruned: u64,
}

/// Log files under one or more `s3://` prefixes.
pub struct S3Source {
    aws: Arc<Aws>,
    client: Client,
    locations: Vec<S3Location>,
    window: DayWindow,
    listing: Mutex<Listing>,
}

impl S3Source {
    /// `since`/`until` are the scan's bounds (`YYYY-MM-DDTHH:MM:SSZ`): days of the delivery
    /// layout outside them are not downloaded.
    pub fn new(
        aws: Arc<Aws>,
        locations: Vec<S3Location>,
        since: Option<&str>,
        until: Option<&str>,
    ) -> S3Source {
        let mut config = aws_sdk_s3::config::Builder::from(&aws.config);
        // S3-compatible stores and local servers do not serve `bucket.host` names.
        if aws.endpoint_url.is_some() {
            config = config.force_path_style(true);
        }
        S3Source {
            client: Client::from_conf(config.build()),
            aws,
            locations,
            window: DayWindow::new(since, until),
            listing: Mutex::new(Listing::default()),
        }
    }

    /// What the last `units()` found.
    pub fn listing(&self) -> Listing {
        self.listing.lock().map(|l| l.clone()).unwrap_or_default()
    }

    pub fn locations(&self) -> &[S3Location] {
        &self.locations
    }

    async fn list(
        &self,
        location: &S3Location,
        listing: &mut Listing,
    ) -> Result<Vec<Unit>, String> {
        let mut units = Vec::new();
        let mut pages = self
            .client
            .list_objects_v2()
            .bucket(&location.bucket)
            .prefix(&location.prefix)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| format!("cannot list {location}: {}", describe(&e)))?;
            for object in page.contents() {
                let Some(key) = object.key() else { continue };
                listing.objects += 1;
                match classify(key) {
                    KeyKind::Digest => listing.digests += 1,
                    KeyKind::Other => {}
                    KeyKind::Log if !self.window.keeps(key) => listing.pruned += 1,
                    KeyKind::Log => {
                        listing.logs += 1;
                        units.push(Unit {
                            name: format!("s3://{}/{key}", location.bucket),
                            size: object
                                .size()
                                .and_then(|s| u64::try_from(s).ok())
                                .unwrap_or(0),
                        });
                    }
                }
            }
        }
        Ok(units)
    }

    async fn get(&self, bucket: &str, key: &str) -> Result<Vec<u8>, String> {
        let object = self
            .client
            .get_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| describe(&e))?;
        let body = object.body.collect().await.map_err(|e| chain(&e))?;
        Ok(body.to_vec())
    }
}

impl TrailSource for S3Source {
    fn units(&self) -> Result<Vec<Unit>, String> {
        let mut listing = Listing::default();
        let mut units = Vec::new();
        for location in &self.locations {
            units.extend(self.aws.block_on(self.list(location, &mut listing))?);
        }
        units.sort();
        units.dedup();
        if let Ok(mut l) = self.listing.lock() {
            *l = listing;
        }
        Ok(units)
    }

    fn read(&self, unit: &Unit) -> Result<Vec<u8>, String> {
        let (bucket, key) = unit
            .name
            .strip_prefix("s3://")
            .and_then(|rest| rest.split_once('/'))
            .ok_or_else(|| format!("`{}` is no S3 object of this source", unit.name))?;
        self.aws.block_on(self.get(bucket, key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_s3_urls_and_leaves_paths_alone() {
        assert_eq!(
            S3Location::parse("s3://trail-bucket/AWSLogs/"),
            Some(Ok(S3Location {
                bucket: "trail-bucket".into(),
                prefix: "AWSLogs/".into()
            }))
        );
        assert_eq!(
            S3Location::parse("s3://trail-bucket"),
            Some(Ok(S3Location {
                bucket: "trail-bucket".into(),
                prefix: String::new()
            }))
        );
        assert!(matches!(S3Location::parse("s3:///x"), Some(Err(_))));
        assert!(matches!(
            S3Location::parse("s3://b/AWSLogs/*/"),
            Some(Err(_))
        ));
        assert_eq!(S3Location::parse("AWSLogs/"), None);
        assert_eq!(
            S3Location::parse("s3://b/p/").map(|l| l.map(|l| l.to_string())),
            Some(Ok("s3://b/p/".into()))
        );
    }
}
