//! CloudFormation templates, YAML (short-form tags, anchors) and JSON: the parse, the
//! intrinsics and the extraction of embedded policies.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = polgen_cloudformation::may_be_template(text);
    let _ = polgen_cloudformation::parse(text);
});
