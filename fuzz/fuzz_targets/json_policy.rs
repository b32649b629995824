//! The JSON reader with spans and the IAM policy model built on it, for every policy kind.
#![no_main]

use libfuzzer_sys::fuzz_target;
use polgen_fuzz::KINDS;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for kind in KINDS {
        let Ok(parsed) = polgen_policy::json::parse(text) else {
            return;
        };
        let _ = polgen_policy::looks_like_policy(&parsed.root);
        let _ = polgen_policy::ParsedPolicy::from_json(parsed, kind);
    }
});
