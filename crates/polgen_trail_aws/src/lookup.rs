//! The CloudTrail `LookupEvents` API: the management events of the last 90 days of one region,
//! 50 a page, 2 requests a second per account and region. Pages follow each other by
//! `NextToken`, so they are fetched in `units()` (throttling is retried by the SDK's standard
//! retry) and `read` hands each page on as JSON lines of its events' `CloudTrailEvent`.

use std::sync::{Arc, Mutex};

use aws_sdk_cloudtrail::Client;
use aws_sdk_cloudtrail::primitives::{DateTime, DateTimeFormat};
use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};
use polgen_trail::{TrailSource, Unit};

use crate::{Aws, describe};

/// What to ask the API for. The client-side filter of the scan still decides what counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LookupScope {
    /// `YYYY-MM-DDTHH:MM:SSZ` (`--since`); the API's default is 90 days ago.
    pub start: Option<String>,
    /// `YYYY-MM-DDTHH:MM:SSZ` (`--until`); the API's default is now.
    pub end: Option<String>,
    /// An IAM user name, the only caller `LookupAttributes` can filter on usefully: a role's
    /// events carry its session name there (any name the caller chose), so a role is filtered
    /// on our side only.
    pub user_name: Option<String>,
}

/// Management events from `LookupEvents` in the configured region.
pub struct LookupEventsSource {
    aws: Arc<Aws>,
    client: Client,
    scope: LookupScope,
    pages: Mutex<Vec<String>>,
    /// Events without a `CloudTrailEvent` payload (counted for the report).
    without_payload: Mutex<u64>,
}

impl LookupEventsSource {
    pub fn new(aws: Arc<Aws>, scope: LookupScope) -> LookupEventsSource {
        LookupEventsSource {
            client: Client::new(&aws.config),
            aws,
            scope,
            pages: Mutex::new(Vec::new()),
            without_payload: Mutex::new(0),
        }
    }

    /// `lookup-events REGION`, what the report calls this source.
    pub fn name(&self) -> String {
        format!("lookup-events {}", self.aws.region())
    }

    /// Events the API returned without their record (they cannot be scanned).
    pub fn events_without_payload(&self) -> u64 {
        self.without_payload.lock().map(|n| *n).unwrap_or(0)
    }

    async fn fetch(&self) -> Result<(Vec<String>, u64), String> {
        let time = |text: &Option<String>, flag: &str| {
            text.as_deref()
                .map(|t| {
                    DateTime::from_str(t, DateTimeFormat::DateTime)
                        .map_err(|e| format!("{flag} `{t}` for LookupEvents: {e}"))
                })
                .transpose()
        };
        let mut request = self
            .client
            .lookup_events()
            .set_start_time(time(&self.scope.start, "--since")?)
            .set_end_time(time(&self.scope.end, "--until")?)
            .max_results(50);
        if let Some(user) = &self.scope.user_name {
            let attribute = LookupAttribute::builder()
                .attribute_key(LookupAttributeKey::Username)
                .attribute_value(user)
                .build()
                .map_err(|e| format!("LookupEvents filter: {e}"))?;
            request = request.lookup_attributes(attribute);
        }
        let mut stream = request.into_paginator().send();
        let (mut pages, mut without_payload) = (Vec::new(), 0);
        while let Some(page) = stream.next().await {
            let page = page.map_err(|e| {
                format!(
                    "{}: LookupEvents page {}: {}",
                    self.name(),
                    pages.len() + 1,
                    describe(&e)
                )
            })?;
            let mut lines = String::new();
            for event in page.events() {
                match event.cloud_trail_event() {
                    // One record a line: the JSON-lines layout of polgen_trail::records. The
                    // payload is compact JSON, so it holds no raw newline.
                    Some(record) => {
                        lines.push_str(record.trim());
                        lines.push('\n');
                    }
                    None => without_payload += 1,
                }
            }
            if !lines.is_empty() {
                pages.push(lines);
            }
        }
        Ok((pages, without_payload))
    }
}

impl TrailSource for LookupEventsSource {
    fn units(&self) -> Result<Vec<Unit>, String> {
        let (pages, without_payload) = self.aws.block_on(self.fetch())?;
        let name = self.name();
        let units = pages
            .iter()
            .enumerate()
            .map(|(i, page)| Unit {
                name: format!("{name} page {}", i + 1),
                size: page.len() as u64,
            })
            .collect();
        if let Ok(mut stored) = self.pages.lock() {
            *stored = pages;
        }
        if let Ok(mut n) = self.without_payload.lock() {
            *n = without_payload;
        }
        Ok(units)
    }

    fn read(&self, unit: &Unit) -> Result<Vec<u8>, String> {
        let index = unit
            .name
            .rsplit_once(" page ")
            .and_then(|(_, n)| n.parse::<usize>().ok())
            .and_then(|n| n.checked_sub(1))
            .ok_or_else(|| format!("`{}` is no page of this source", unit.name))?;
        let pages = self
            .pages
            .lock()
            .map_err(|_| format!("{}: the fetched pages are lost", unit.name))?;
        pages
            .get(index)
            .map(|page| page.as_bytes().to_vec())
            .ok_or_else(|| format!("`{}` is no page of this source", unit.name))
    }
}
