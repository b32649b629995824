//! CloudTrail input of `polgen suggest`, read the way a file of a trail folder is: decoding
//! (gzip by its magic bytes, like a `.json.gz` log file, within the decompressed-size limit),
//! text with its bad bytes remembered, and the records aggregated into usage under the
//! per-record limit. Small limits, so the fuzzer reaches the refusals too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use polgen_trail::{Filter, Limits, TrailSource, Unit};

/// One file held in memory.
struct OneFile<'a>(&'a [u8]);

impl TrailSource for OneFile<'_> {
    fn units(&self) -> Result<Vec<Unit>, String> {
        Ok(vec![Unit {
            name: "fuzz.json.gz".to_owned(),
            size: self.0.len() as u64,
        }])
    }

    fn read(&self, _unit: &Unit) -> Result<Vec<u8>, String> {
        Ok(self.0.to_vec())
    }
}

fuzz_target!(|data: &[u8]| {
    let source = OneFile(data);
    let limits = Limits {
        max_file_bytes: 1 << 20,
        max_record_bytes: 4 << 10,
    };
    let Ok(units) = source.units() else {
        return;
    };
    let _ = polgen_trail::scan_units(&source, &units, &Filter::everyone(), limits, &|_| {});
});
