//! CloudTrail in, observed permissions out.
//!
//! - [`source`]: where logs come from ([`source::LocalFiles`] here; S3 and `LookupEvents`
//!   in polgen_trail_aws implement the same [`source::TrailSource`] trait).
//! - [`decode`] and [`records`]: gzip by content, every layout CloudTrail logs come in, one
//!   record at a time into borrowed structs ([`event::Event`]) that read only what is needed.
//! - [`map`]: event to IAM action, from a generated table with provenance
//!   (`data/event_map.tsv`) and the catalog.
//! - [`resources`]: the ARNs a call touched.
//! - [`scan`]: all of it in parallel, into a [`scan::Usage`] aggregate whose size grows with the
//!   distinct (action, resource) pairs, not with the events. Bad files and records are counted
//!   and reported, never fatal. [`dedupe`]: an event delivered twice counts once.
//! - [`query`]: the SQL that computes the same aggregate where the logs are (Athena, Trino,
//!   Spark); [`aggregate`] (with [`csv`]) reads its result back into a [`scan::Usage`].

pub mod aggregate;
pub mod csv;
pub mod decode;
pub mod dedupe;
pub mod event;
pub mod filter;
pub mod map;
pub mod query;
pub mod records;
pub mod resources;
pub mod scan;
pub mod source;

pub use aggregate::read_usage_csv;
pub use decode::Limits;
pub use filter::{Filter, Principal, parse_time_bound, parse_window};
pub use query::{Engine, UsageQuery, usage_query};
pub use scan::{LeftOut, Problem, Seen, Usage, scan, scan_text, scan_units};
pub use source::{LocalFiles, TrailSource, Unit};
