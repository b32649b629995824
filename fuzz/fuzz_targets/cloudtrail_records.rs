//! CloudTrail input of `polgen suggest`: decoding (gzip by its magic bytes, like a `.json.gz`
//! log file) and the records of one file aggregated into usage.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(bytes) = polgen_trail::decode::decode(data.to_vec()) else {
        return;
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return;
    };
    let mut usage = polgen_trail::Usage::default();
    polgen_trail::scan_text(
        "fuzz.json",
        &text,
        &polgen_trail::Filter::everyone(),
        &mut usage,
    );
});
