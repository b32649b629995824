//! Terraform configurations: HCL, policy documents, heredocs, `jsonencode`, `file()`
//! references and the Vault policies they embed; and `templatefile()` JSON policies.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = polgen_terraform::parse(text);
    let _ = polgen_terraform::template_file(text);
});
