//! `terraform show -json` plans.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = polgen_terraform::plan::may_be_plan(text);
    let _ = polgen_terraform::plan::parse(text);
});
