//! `polgen suggest --usage`: a usage aggregate computed where the logs are (the result of
//! `polgen usage-query`, saved as CSV) into the same [`Usage`] a scan of the raw logs gives.
//! Each row becomes the event it summarises and goes through the scan's own code, `calls`
//! times, so the policy is the one the raw logs give.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::value::RawValue;

use crate::csv::records;
use crate::event::{Event, UserIdentity};
use crate::query::COLUMNS;
use crate::scan::{Occurrence, ResolutionCache, Usage, add_matched};
use crate::source::Unit;

/// Columns a row cannot do without.
const REQUIRED: &[&str] = &["event_source", "event_name", "calls"];

/// Reads the CSV `text` (named `name` in problems) into `usage`. `caller` names whose calls
/// these are (the query chose them). A bad row is reported with its line and skipped.
pub fn read_usage_csv(name: &str, text: &str, caller: Option<&str>, usage: &mut Usage) {
    let unit = Unit {
        name: name.to_owned(),
        size: text.len() as u64,
    };
    usage.units += 1;
    usage.bytes += text.len() as u64;
    usage.decoded_bytes += text.len() as u64;
    let mut rows = records(text).into_iter();
    let header = match rows.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => {
            usage.bad_units += 1;
            usage.problem(&unit, Some(format!("line {}", e.line)), e.message);
            return;
        }
        None => {
            usage.bad_units += 1;
            usage.problem(&unit, None, "empty: no header".to_owned());
            return;
        }
    };
    let index: HashMap<String, usize> = header
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| (f.trim().to_ascii_lowercase(), i))
        .collect();
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| !index.contains_key(*c))
        .collect();
    if !missing.is_empty() {
        usage.bad_units += 1;
        usage.problem(
            &unit,
            Some("line 1".to_owned()),
            format!(
                "no column {} in the header (expected {})",
                missing.join(", "),
                COLUMNS.join(",")
            ),
        );
        return;
    }
    let mut cache = ResolutionCache::default();
    for row in rows {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                usage.bad_records += 1;
                usage.problem(&unit, Some(format!("line {}", e.line)), e.message);
                continue;
            }
        };
        let field = |column: &str| -> &str {
            index
                .get(column)
                .and_then(|i| row.fields.get(*i))
                .map_or("", |f| f.as_str())
        };
        match Row::parse(&field, caller) {
            Ok(parsed) => {
                usage.events += parsed.calls;
                let (first, last) = (field("first_seen"), field("last_seen"));
                let occ = Occurrence {
                    count: parsed.calls,
                    first,
                    last,
                };
                let event = parsed.event(field);
                let arns = field("resource_arns")
                    .split_whitespace()
                    .map(Cow::Borrowed)
                    .collect();
                // The query left refused calls out already.
                add_matched(&event, Some(arns), &occ, false, usage, &mut cache);
            }
            Err(message) => {
                usage.bad_records += 1;
                usage.problem(&unit, Some(format!("line {}", row.line)), message);
            }
        }
    }
}

/// The parts of a row that need parsing.
struct Row<'f> {
    calls: u64,
    request_parameters: Option<Box<RawValue>>,
    caller: Option<&'f str>,
}

impl<'f> Row<'f> {
    fn parse(field: &dyn Fn(&str) -> &'f str, caller: Option<&'f str>) -> Result<Row<'f>, String> {
        for column in REQUIRED {
            if field(column).is_empty() {
                return Err(format!("`{column}` is empty"));
            }
        }
        let calls = field("calls")
            .trim()
            .parse::<u64>()
            .map_err(|_| format!("`calls` is `{}`, not a count", field("calls")))?;
        let params = field("request_parameters").trim();
        let request_parameters = if params.is_empty() || params == "null" {
            None
        } else {
            Some(
                RawValue::from_string(params.to_owned())
                    .map_err(|e| format!("`request_parameters` is not JSON: {e}"))?,
            )
        };
        Ok(Row {
            calls,
            request_parameters,
            caller,
        })
    }

    /// The event the row summarises (an API call that was not refused).
    fn event<'r>(&'r self, field: impl Fn(&str) -> &'r str) -> Event<'r> {
        Event {
            event_time: Some(Cow::Borrowed(field("first_seen"))),
            event_source: Some(Cow::Borrowed(field("event_source"))),
            event_name: Some(Cow::Borrowed(field("event_name"))),
            event_type: Some(Cow::Borrowed("AwsApiCall")),
            aws_region: Some(Cow::Borrowed(field("aws_region"))),
            recipient_account_id: Some(Cow::Borrowed(field("account_id")))
                .filter(|a| !a.is_empty()),
            user_identity: self.caller.map(|arn| UserIdentity {
                arn: Some(Cow::Borrowed(arn)),
                ..UserIdentity::default()
            }),
            request_parameters: self.request_parameters.as_deref(),
            ..Event::default()
        }
    }
}
