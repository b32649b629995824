//! `polgen.schema.json` agrees with what `Config` accepts.

use std::collections::BTreeSet;
use std::path::Path;

use polgen_config::{CONFIG_JSON_SCHEMA, Config};

/// A configuration that uses every key of `polgen.toml`.
const FULL: &str = r#"
ruleset = "strict"
select = ["security", "pass-role-star"]
ignore = ["trust-account-root"]
fail-on = "warning"

[severity]
wildcard-resource = "error"

[[overrides]]
paths = ["legacy/**", "*.generated.json"]
select = ["style"]
ignore = ["wildcard-action"]
severity = { "missing-mfa" = "info" }

[accounts]
own = ["111122223333"]
trusted = ["444455556666"]

[settings]
max-session-hours = 4
strict = false
regions = ["eu-west-1"]

[vault]
kv_v2_mounts = ["secret", "kv/team"]
flavor = "openbao"
"#;

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(CONFIG_JSON_SCHEMA).expect("schema json");
    jsonschema::validator_for(&schema).expect("valid schema")
}

/// TOML text as the JSON value editors validate.
fn as_json(text: &str) -> serde_json::Value {
    let value: toml::Table = toml::from_str(text).expect("toml");
    serde_json::to_value(value).expect("json")
}

/// The field names serde lists for an unknown field of `T` (in `expected one of ...`).
fn serde_fields(text: &str) -> BTreeSet<String> {
    let err = Config::parse(text, Path::new("polgen.toml")).expect_err("unknown field");
    err.to_string()
        .split("expected")
        .nth(1)
        .expect("serde lists the expected fields")
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn schema_keys(schema: &serde_json::Value, pointer: &str) -> BTreeSet<String> {
    schema
        .pointer(pointer)
        .and_then(|v| v.as_object())
        .expect("properties")
        .keys()
        .cloned()
        .collect()
}

#[test]
fn the_full_example_is_valid_for_both() {
    Config::parse(FULL, Path::new("polgen.toml")).expect("config accepts it");
    let v = validator();
    let errors: Vec<String> = v
        .iter_errors(&as_json(FULL))
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn schema_and_config_know_the_same_keys() {
    let schema: serde_json::Value = serde_json::from_str(CONFIG_JSON_SCHEMA).expect("json");
    assert_eq!(serde_fields("zzz = 1"), schema_keys(&schema, "/properties"));
    assert_eq!(
        serde_fields("[[overrides]]\npaths = []\nzzz = 1"),
        schema_keys(&schema, "/properties/overrides/items/properties")
    );
    assert_eq!(
        serde_fields("[accounts]\nzzz = 1"),
        schema_keys(&schema, "/properties/accounts/properties")
    );
    assert_eq!(
        serde_fields("[vault]\nzzz = 1"),
        schema_keys(&schema, "/properties/vault/properties")
    );
}

#[test]
fn the_schema_rejects_what_config_rejects() {
    let v = validator();
    for bad in [
        "selct = []",
        "fail-on = \"fatal\"",
        "[severity]\nx = \"warn\"",
        "[[overrides]]\nignore = [\"x\"]",
        "[accounts]\nown = [\"123\"]",
        "[settings]\nmax-session-hours = 0",
        "[settings]\nx = { y = 1 }",
        "ruleset = \"strick\"",
        "[vault]\nflavor = \"bao\"",
        "[vault]\nkv_v2_mounts = \"secret\"",
    ] {
        assert!(!v.is_valid(&as_json(bad)), "schema accepts {bad:?}");
    }
}

#[test]
fn builtin_rulesets_are_valid_configs_for_the_schema_of_their_settings() {
    // Ruleset settings use the same keys as `[settings]` in polgen.toml.
    let v = validator();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rulesets");
    for name in polgen_config::builtin_ruleset_names() {
        let text = std::fs::read_to_string(root.join(format!("{name}.toml"))).expect("read");
        let table: toml::Table = toml::from_str(&text).expect("toml");
        let settings = serde_json::json!({ "settings": table.get("settings").cloned() });
        assert!(v.is_valid(&settings), "settings of {name}");
    }
}
