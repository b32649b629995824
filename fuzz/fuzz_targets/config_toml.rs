//! polgen.toml: parse, validation against the rule ids, resolution with its ruleset and
//! overrides, and the severity of every rule for one path.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(mut config) = polgen_config::Config::parse(text, Path::new("polgen.toml")) else {
        return;
    };
    // A ruleset outside the built-in ones is a file read from disk: the fuzzer must not
    // open files of its choosing (reading is the file readers' concern, tested there).
    if config
        .ruleset
        .as_deref()
        .is_some_and(|name| !polgen_config::builtin_ruleset_names().contains(&name))
    {
        config.ruleset = None;
    }
    let known: Vec<(&str, &str)> = polgen_rules::all_rule_metas()
        .map(|m| (m.id, m.category.as_str()))
        .collect();
    let _ = config.validate(&known);
    let Ok(resolved) = polgen_config::Resolved::new(&config, None, &[], &[]) else {
        return;
    };
    let _ = resolved.validate(&known);
    for meta in polgen_rules::all_rule_metas() {
        let _ = resolved.severity_for(
            meta.id,
            meta.category.as_str(),
            meta.severity,
            Some(Path::new("policies/a.json")),
        );
    }
});
