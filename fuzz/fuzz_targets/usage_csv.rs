//! `--usage` CSV exports (Athena, CloudTrail Lake) read into usage.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut usage = polgen_trail::Usage::default();
    polgen_trail::read_usage_csv("usage.csv", text, None, &mut usage);
    let mut usage = polgen_trail::Usage::default();
    polgen_trail::read_usage_csv(
        "usage.csv",
        text,
        Some("arn:aws:iam::123456789012:role/app"),
        &mut usage,
    );
});
