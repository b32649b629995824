//! Finding the records in a file's text, whatever its layout: the S3 delivery format
//! `{"Records":[...]}`, a JSON array of events, JSON lines (CloudTrail Lake and Athena exports,
//! log shippers), or one event. Each record is parsed on its own, so that a bad one is counted
//! and the others still count.

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::event::Event;

/// Why a record could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// Where: `record 3` or `line 12`.
    pub place: String,
    pub message: String,
}

/// What a file held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Records,
    Array,
    Lines,
    Single,
}

/// The largest text read in one pass (see [`for_each_record`]).
const FAST_PATH_MAX_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Deserialize)]
struct FastEnvelope<'a> {
    #[serde(borrow, rename = "Records")]
    records: Option<Vec<Event<'a>>>,
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow, rename = "Records")]
    records: Option<Vec<&'a RawValue>>,
}

/// Where the bad bytes of a text are and how large a record may be.
#[derive(Debug, Clone, Copy)]
pub struct Checks<'a> {
    /// Offsets of the U+FFFD that replaced bytes that were no UTF-8 (see `decode::to_text`).
    pub bad_bytes: &'a [usize],
    pub max_record_bytes: u64,
}

impl Checks<'_> {
    /// No bad byte, records of any size.
    pub const NONE: Checks<'static> = Checks {
        bad_bytes: &[],
        max_record_bytes: u64::MAX,
    };
}

/// Calls `visit` with every record of `text`, or with the error of each record that is not a
/// readable event. Returns the layout, or the error that makes the whole file unreadable.
pub fn for_each_record(
    text: &str,
    checks: Checks<'_>,
    mut visit: impl FnMut(Result<&Event<'_>, RecordError>),
) -> Result<Layout, String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let record = Record { text, checks };
    // Fast path, one pass: every record is a well-typed event (nearly always true). Otherwise
    // the two-pass path below finds and reports the records that are not. A record with a bad
    // byte parses (the byte became U+FFFD) but must be refused: the two-pass path does it.
    // The fast path holds every event of the file at once, so it takes only files that cannot
    // hold a record over the record limit and whose events stay small beside the text; a
    // larger file is read record by record (memory: the text and 16 bytes a record).
    let fast = checks.bad_bytes.is_empty()
        && text.len() as u64 <= checks.max_record_bytes.min(FAST_PATH_MAX_BYTES);
    match trimmed.as_bytes().first() {
        Some(b'{') if fast => {
            if let Ok(FastEnvelope {
                records: Some(events),
            }) = serde_json::from_str::<FastEnvelope>(trimmed)
            {
                for (i, event) in events.iter().enumerate() {
                    visit_event(event, || format!("record {}", i + 1), &mut visit);
                }
                return Ok(Layout::Records);
            }
        }
        Some(b'[') if fast => {
            if let Ok(events) = serde_json::from_str::<Vec<Event>>(trimmed) {
                for (i, event) in events.iter().enumerate() {
                    visit_event(event, || format!("record {}", i + 1), &mut visit);
                }
                return Ok(Layout::Array);
            }
        }
        _ => {}
    }
    match trimmed.as_bytes().first() {
        None => Ok(Layout::Records),
        Some(b'[') => {
            let items: Vec<&RawValue> = serde_json::from_str(trimmed).map_err(|e| {
                format!(
                    "{}: the file is one JSON array, so none of its records is read",
                    describe(&e)
                )
            })?;
            for (i, item) in items.iter().enumerate() {
                record.visit(item.get(), || format!("record {}", i + 1), &mut visit);
            }
            Ok(Layout::Array)
        }
        Some(b'{') => match serde_json::from_str::<Envelope>(trimmed) {
            Ok(Envelope {
                records: Some(items),
            }) => {
                for (i, item) in items.iter().enumerate() {
                    record.visit(item.get(), || format!("record {}", i + 1), &mut visit);
                }
                Ok(Layout::Records)
            }
            Ok(Envelope { records: None }) => {
                record.visit(trimmed, || "record 1".to_owned(), &mut visit);
                Ok(Layout::Single)
            }
            Err(whole) => {
                // JSON lines: the first line is a complete object by itself.
                let first = trimmed.lines().next().unwrap_or_default();
                if serde_json::from_str::<&RawValue>(first).is_err() {
                    return Err(format!(
                        "{}: the file is one JSON document, so none of its records is read \
                         (in JSON lines only the bad line would be lost)",
                        describe(&whole)
                    ));
                }
                let skipped = text.len() - trimmed.len();
                let first_line = text[..skipped].matches('\n').count() + 1;
                for (i, line) in trimmed.lines().enumerate() {
                    if line.trim().is_empty() {
                        continue;
                    }
                    record.visit(line, || format!("line {}", first_line + i), &mut visit);
                }
                Ok(Layout::Lines)
            }
        },
        Some(_) => Err("not JSON: expected `{` or `[` at the start".to_owned()),
    }
}

/// The checks every record read on its own goes through.
struct Record<'t> {
    /// The whole text, to place a record's bad byte by line and column.
    text: &'t str,
    checks: Checks<'t>,
}

impl Record<'_> {
    fn visit(
        &self,
        record: &str,
        place: impl Fn() -> String,
        visit: &mut impl FnMut(Result<&Event<'_>, RecordError>),
    ) {
        if record.len() as u64 > self.checks.max_record_bytes {
            visit(Err(RecordError {
                place: place(),
                message: format!(
                    "larger than {} (the limit is set by --max-record-size)",
                    polgen_source::read::describe_size(self.checks.max_record_bytes)
                ),
            }));
            return;
        }
        if let Some(offset) = self.bad_byte_in(record) {
            let (line, column) = line_column(self.text, offset);
            visit(Err(RecordError {
                place: place(),
                message: format!("line {line} column {column}: not UTF-8 text"),
            }));
            return;
        }
        visit_one(record, place, visit);
    }

    /// The first bad byte inside `record`, a slice of `self.text`.
    fn bad_byte_in(&self, record: &str) -> Option<usize> {
        let start = (record.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize)?;
        let end = start + record.len();
        let first = self.checks.bad_bytes.partition_point(|&b| b < start);
        self.checks
            .bad_bytes
            .get(first)
            .copied()
            .filter(|&b| b < end)
    }
}

/// 1-based line and column (in characters) of a byte offset of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (before.matches('\n').count() + 1, column)
}

fn visit_one(
    text: &str,
    place: impl Fn() -> String,
    visit: &mut impl FnMut(Result<&Event<'_>, RecordError>),
) {
    let event: Event = match serde_json::from_str(text) {
        Ok(event) => event,
        Err(e) => {
            visit(Err(RecordError {
                place: place(),
                message: describe(&e),
            }));
            return;
        }
    };
    visit_event(&event, place, visit);
}

/// Unwraps `_raw` wrappers and rejects records that are no event.
fn visit_event(
    event: &Event<'_>,
    place: impl Fn() -> String,
    visit: &mut impl FnMut(Result<&Event<'_>, RecordError>),
) {
    if event.event_name.is_none()
        && let Some(raw) = &event.raw
    {
        match serde_json::from_str::<Event>(raw) {
            Ok(inner) => visit(Ok(&inner)),
            Err(e) => visit(Err(RecordError {
                place: place(),
                message: format!("in `_raw`: {}", describe(&e)),
            })),
        }
        return;
    }
    if event.event_name.is_none() || event.event_source.is_none() {
        visit(Err(RecordError {
            place: place(),
            message: "not a CloudTrail event (no `eventSource` or `eventName`)".to_owned(),
        }));
        return;
    }
    visit(Ok(event));
}

/// serde_json's message with its position, as `line L column C: ...`.
fn describe(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let message = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(m, _)| m);
    format!("line {} column {}: {message}", e.line(), e.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> (Result<Layout, String>, Vec<String>, Vec<RecordError>) {
        let mut ok = Vec::new();
        let mut bad = Vec::new();
        let layout = for_each_record(text, Checks::NONE, |r| match r {
            Ok(e) => ok.push(e.name().to_owned()),
            Err(e) => bad.push(e),
        });
        (layout, ok, bad)
    }

    const A: &str = r#"{"eventSource":"s3.amazonaws.com","eventName":"A"}"#;
    const B: &str = r#"{"eventSource":"s3.amazonaws.com","eventName":"B"}"#;

    #[test]
    fn records_envelope() {
        let (layout, ok, bad) = names(&format!("{{\"Records\":[{A},{B}]}}"));
        assert_eq!(layout, Ok(Layout::Records));
        assert_eq!(ok, ["A", "B"]);
        assert!(bad.is_empty());
    }

    #[test]
    fn array_and_single() {
        assert_eq!(names(&format!("[{A},{B}]")).1, ["A", "B"]);
        let (layout, ok, _) = names(&format!("  {A}\n"));
        assert_eq!(layout, Ok(Layout::Single));
        assert_eq!(ok, ["A"]);
    }

    #[test]
    fn json_lines_with_a_bad_line() {
        let (layout, ok, bad) = names(&format!("{A}\n\n{{\"eventName\": \n{B}\n"));
        assert_eq!(layout, Ok(Layout::Lines));
        assert_eq!(ok, ["A", "B"]);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].place, "line 3");
    }

    #[test]
    fn wrapped_raw_strings() {
        let wrapped = serde_json::json!([{ "_raw": A }, { "_raw": "{oops" }]).to_string();
        let (_, ok, bad) = names(&wrapped);
        assert_eq!(ok, ["A"]);
        assert!(bad[0].message.starts_with("in `_raw`"), "{bad:?}");
    }

    #[test]
    fn a_record_that_is_no_event_is_counted() {
        let (_, ok, bad) = names(&format!("{{\"Records\":[{A},{{\"x\":1}},3]}}"));
        assert_eq!(ok, ["A"]);
        assert_eq!(bad.len(), 2);
        assert_eq!(bad[1].place, "record 3");
    }

    #[test]
    fn a_bad_byte_refuses_its_record_only() {
        let bytes = format!(
            "{{\"Records\":[{A},\n{{\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"\u{FFFD}\"}},{B}]}}"
        );
        let bad = [bytes.find('\u{FFFD}').expect("has one")];
        let checks = Checks {
            bad_bytes: &bad,
            max_record_bytes: u64::MAX,
        };
        let mut ok = Vec::new();
        let mut errors = Vec::new();
        let layout = for_each_record(&bytes, checks, |r| match r {
            Ok(e) => ok.push(e.name().to_owned()),
            Err(e) => errors.push(e),
        });
        assert_eq!(layout, Ok(Layout::Records));
        assert_eq!(ok, ["A", "B"]);
        assert_eq!(errors[0].place, "record 2");
        assert_eq!(errors[0].message, "line 2 column 48: not UTF-8 text");
    }

    #[test]
    fn a_record_over_the_limit_is_refused_in_a_records_document_too() {
        // A well-formed document the one-pass path would take whole.
        let big = format!(
            r#"{{"eventSource":"s3.amazonaws.com","eventName":"{}"}}"#,
            "G".repeat(200)
        );
        let text = format!(r#"{{"Records":[{A},{big}]}}"#);
        let checks = Checks {
            bad_bytes: &[],
            max_record_bytes: 150,
        };
        let mut ok = Vec::new();
        let mut errors = Vec::new();
        let layout = for_each_record(&text, checks, |r| match r {
            Ok(e) => ok.push(e.name().to_owned()),
            Err(e) => errors.push(e),
        });
        assert_eq!(layout, Ok(Layout::Records));
        assert_eq!(ok, ["A"]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].place, "record 2");
    }

    #[test]
    fn a_record_over_the_limit_is_refused() {
        let text = format!("{A}\n{B}\n");
        let checks = Checks {
            bad_bytes: &[],
            max_record_bytes: 10,
        };
        let mut errors = Vec::new();
        let layout = for_each_record(&text, checks, |r| {
            if let Err(e) = r {
                errors.push(e);
            }
        });
        assert_eq!(layout, Ok(Layout::Lines));
        assert_eq!(errors.len(), 2);
        assert_eq!(
            errors[0].message,
            "larger than 10 bytes (the limit is set by --max-record-size)"
        );
    }

    #[test]
    fn broken_file_names_the_position() {
        let err = names("{\"Records\": [\n{\"eventName\": }\n]}")
            .0
            .expect_err("must fail");
        assert!(err.starts_with("line 2 column"), "{err}");
        assert!(names("hello").0.is_err());
    }
}
