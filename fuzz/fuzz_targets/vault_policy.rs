//! Vault ACL policies, HCL and JSON, and the ACL `polgen vault effective` builds from them,
//! asked about every path the policy names.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = polgen_vault::looks_like_hcl_policy(text);
    let Ok(policy) = polgen_vault::parse(text) else {
        return;
    };
    let acl = polgen_vault::Acl::new([&policy]);
    for block in &policy.paths {
        let _ = acl.decide(&block.path.value);
        let _ = acl.decide(&format!("{}/", block.path.value));
    }
});
