//! The speed bound for `polgen suggest`: read every file, gunzip it into a presized buffer and
//! parse it into borrowed raw records (no event fields, no mapping, no aggregation), in
//! parallel. bench/trail.sh runs it beside `polgen suggest` on the same files.
//!
//! `cargo run --release -p polgen_trail --example read_bound -- DIR...`

use std::time::Instant;

use polgen_trail::decode::decode;
use polgen_trail::{LocalFiles, TrailSource};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow, rename = "Records")]
    records: Vec<&'a RawValue>,
}

fn main() {
    let inputs: Vec<String> = std::env::args().skip(1).collect();
    let source = LocalFiles::new(inputs);
    let started = Instant::now();
    let units = match source.units() {
        Ok(units) => units,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let (bytes, records) = units
        .par_iter()
        .map(|unit| {
            let Ok(raw) = source.read(unit) else {
                return (0, 0);
            };
            let size = raw.len() as u64;
            let Ok(text) = decode(raw, polgen_trail::Limits::default().max_file_bytes) else {
                return (size, 0);
            };
            let count = serde_json::from_slice::<Envelope>(&text).map_or(0, |e| e.records.len());
            (size, count as u64)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let secs = started.elapsed().as_secs_f64();
    println!(
        "read_bound: {} files, {:.1} MB gzip, {records} records in {secs:.2} s: {:.0} records/s, {:.1} MB/s gzip",
        units.len(),
        bytes as f64 / 1e6,
        records as f64 / secs,
        bytes as f64 / 1e6 / secs
    );
}
