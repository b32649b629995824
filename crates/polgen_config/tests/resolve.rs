//! Resolution of ruleset + configuration + command line: precedence, overrides, rulesets.

use std::path::{Path, PathBuf};

use polgen_config::{Config, Resolved, builtin_ruleset_names};
use polgen_diagnostics::Severity::{self, Error, Info, Warning};

fn config(text: &str) -> Config {
    Config::parse(text, Path::new("/repo/polgen.toml")).expect("valid config")
}

fn resolve(text: &str) -> Resolved {
    Resolved::new(&config(text), None, &[], &[]).expect("resolves")
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// `severity_for` for a rule with default severity `Warning`.
fn sev(resolved: &Resolved, rule: &str, category: &str, path: Option<&str>) -> Option<Severity> {
    resolved.severity_for(rule, category, Warning, path.map(Path::new))
}

#[test]
fn recommended_is_the_default_ruleset() {
    let r = resolve("");
    assert_eq!(r.ruleset_name(), "recommended");
    assert_eq!(sev(&r, "wildcard-action", "security", None), Some(Warning));
    assert_eq!(sev(&r, "bad-version", "correctness", None), Some(Warning));
    assert_eq!(
        sev(&r, "wildcard-resource", "least-privilege", None),
        Some(Warning)
    );
    assert_eq!(sev(&r, "sid-style", "style", None), None);
    assert_eq!(sev(&r, "suppression-without-reason", "style", None), None);
    assert_eq!(r.setting_u64("max-session-hours"), Some(4));
    assert_eq!(r.setting_bool("strict"), None);
    assert_eq!(r.fail_on(), None);
}

#[test]
fn strict_extends_recommended_and_raises_severities() {
    let r = resolve("ruleset = \"strict\"");
    assert_eq!(r.ruleset_name(), "strict");
    assert_eq!(sev(&r, "sid-style", "style", None), Some(Warning));
    // Off in recommended, on in strict: the extending ruleset wins.
    assert_eq!(
        sev(&r, "suppression-without-reason", "style", None),
        Some(Warning)
    );
    assert_eq!(
        sev(&r, "trust-missing-mfa", "security", Some("a.json")),
        Some(Warning)
    );
    assert_eq!(
        r.severity_for("trust-missing-mfa", "security", Info, None),
        Some(Warning)
    );
    assert_eq!(
        sev(&r, "wildcard-resource", "least-privilege", None),
        Some(Error)
    );
    assert_eq!(r.setting_u64("max-session-hours"), Some(1));
    assert_eq!(r.setting_bool("strict"), Some(true));
}

#[test]
fn cli_ruleset_overrides_the_config() {
    let c = config("ruleset = \"strict\"");
    let r = Resolved::new(&c, Some("recommended"), &[], &[]).expect("resolves");
    assert_eq!(r.ruleset_name(), "recommended");
    let err = Resolved::new(&c, Some("stric"), &[], &[]).expect_err("unknown");
    assert!(err.to_string().contains("did you mean `strict`?"), "{err}");
}

#[test]
fn config_selection_beats_the_ruleset() {
    let r = resolve(
        r#"
select = ["style"]
ignore = ["trust-account-root", "least-privilege"]
[severity]
wildcard-action = "error"
security = "info"
"#,
    );
    assert_eq!(sev(&r, "sid-style", "style", None), Some(Warning));
    assert_eq!(sev(&r, "trust-account-root", "security", None), None);
    assert_eq!(sev(&r, "wildcard-resource", "least-privilege", None), None);
    // Rule id beats category for severities too.
    assert_eq!(sev(&r, "wildcard-action", "security", None), Some(Error));
    assert_eq!(sev(&r, "pass-role-star", "security", None), Some(Info));
}

#[test]
fn rule_id_beats_category_and_ignore_beats_select() {
    let r = resolve(
        r#"
select = ["pass-role-star", "wildcard-action"]
ignore = ["security", "wildcard-action"]
"#,
    );
    assert_eq!(sev(&r, "pass-role-star", "security", None), Some(Warning));
    assert_eq!(sev(&r, "wildcard-action", "security", None), None);
    assert_eq!(sev(&r, "trust-account-root", "security", None), None);
}

#[test]
fn severity_alone_does_not_enable_a_rule() {
    let r = resolve("[severity]\nsid-style = \"error\"\n");
    assert_eq!(sev(&r, "sid-style", "style", None), None);
}

#[test]
fn overrides_apply_to_matching_paths_in_order() {
    let r = resolve(
        r#"
[[overrides]]
paths = ["legacy/**", "*.generated.json"]
ignore = ["wildcard-action"]
severity = { "missing-mfa" = "info" }

[[overrides]]
paths = ["legacy/keep/**"]
select = ["wildcard-action"]
"#,
    );
    let on = Some(Warning);
    assert_eq!(sev(&r, "wildcard-action", "security", None), on);
    assert_eq!(
        sev(&r, "wildcard-action", "security", Some("/repo/src/a.json")),
        on
    );
    assert_eq!(
        sev(
            &r,
            "wildcard-action",
            "security",
            Some("/repo/legacy/a.json")
        ),
        None
    );
    assert_eq!(
        sev(
            &r,
            "wildcard-action",
            "security",
            Some("/repo/legacy/x/y.tf")
        ),
        None
    );
    assert_eq!(
        sev(
            &r,
            "wildcard-action",
            "security",
            Some("/repo/deep/x.generated.json")
        ),
        None
    );
    // A later override wins.
    assert_eq!(
        sev(
            &r,
            "wildcard-action",
            "security",
            Some("/repo/legacy/keep/a.json")
        ),
        on
    );
    assert_eq!(
        sev(&r, "missing-mfa", "security", Some("/repo/legacy/a.json")),
        Some(Info)
    );
    assert_eq!(sev(&r, "missing-mfa", "security", Some("/repo/a.json")), on);
    // `..` and `.` are resolved before matching; globs are relative to the config file.
    assert_eq!(
        sev(
            &r,
            "wildcard-action",
            "security",
            Some("/repo/src/../legacy/./a.json")
        ),
        None
    );
    assert_eq!(
        sev(
            &r,
            "wildcard-action",
            "security",
            Some("/other/legacy/a.json")
        ),
        on
    );
}

#[test]
fn relative_paths_are_relative_to_the_current_directory() {
    let cwd = std::env::current_dir().expect("cwd");
    let c = Config::parse(
        "[[overrides]]\npaths = [\"legacy/**\"]\nignore = [\"all\"]\n",
        &cwd.join("polgen.toml"),
    )
    .expect("valid");
    let r = Resolved::new(&c, None, &[], &[]).expect("resolves");
    assert_eq!(sev(&r, "x", "security", Some("legacy/a.json")), None);
    assert_eq!(sev(&r, "x", "security", Some("./legacy/a.json")), None);
    assert_eq!(sev(&r, "x", "security", Some("src/a.json")), Some(Warning));
}

#[test]
fn command_line_beats_everything() {
    let c = config(
        r#"
ignore = ["wildcard-action"]
[[overrides]]
paths = ["**"]
ignore = ["pass-role-star"]
"#,
    );
    let r = Resolved::new(
        &c,
        None,
        &strings(&["wildcard-action", "pass-role-star", "style"]),
        &strings(&["security"]),
    )
    .expect("resolves");
    assert_eq!(
        sev(&r, "wildcard-action", "security", Some("/repo/a.json")),
        Some(Warning)
    );
    assert_eq!(
        sev(&r, "pass-role-star", "security", Some("/repo/a.json")),
        Some(Warning)
    );
    assert_eq!(sev(&r, "trust-account-root", "security", None), None);
    assert_eq!(sev(&r, "sid-style", "style", None), Some(Warning));
}

#[test]
fn settings_accounts_and_fail_on() {
    let r = resolve(
        r#"
fail-on = "error"
[accounts]
own = ["111122223333"]
trusted = ["444455556666"]
[settings]
max-session-hours = 8
region = "eu-west-1"
negative = -1
"#,
    );
    assert_eq!(r.fail_on(), Some(Error));
    assert_eq!(r.accounts_own(), ["111122223333"]);
    assert_eq!(r.accounts_trusted(), ["444455556666"]);
    // The config's settings beat the ruleset's.
    assert_eq!(r.setting_u64("max-session-hours"), Some(8));
    assert_eq!(r.setting_str("region"), Some("eu-west-1"));
    assert_eq!(r.setting_u64("negative"), None);
    assert_eq!(r.setting_u64("region"), None);
    assert_eq!(r.setting_bool("missing"), None);
}

#[test]
fn custom_ruleset_files_are_relative_to_the_config() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("ci")).expect("mkdir");
    std::fs::write(
        root.join("ci/team.toml"),
        "name = \"team\"\nextends = \"strict\"\nignore = [\"style\"]\n[settings]\nmax-session-hours = 2\n",
    )
    .expect("write");
    std::fs::write(root.join("polgen.toml"), "ruleset = \"ci/team.toml\"\n").expect("write");
    let c = Config::load(&root.join("polgen.toml")).expect("loads");
    let r = Resolved::new(&c, None, &[], &[]).expect("resolves");
    assert_eq!(r.ruleset_name(), "team");
    assert_eq!(sev(&r, "sid-style", "style", None), None);
    assert_eq!(
        sev(&r, "wildcard-resource", "least-privilege", None),
        Some(Error)
    );
    assert_eq!(r.setting_u64("max-session-hours"), Some(2));

    let c = config("ruleset = \"missing/team.toml\"");
    let err = Resolved::new(&c, None, &[], &[]).expect_err("missing file");
    assert!(
        err.to_string()
            .starts_with("cannot read `/repo/missing/team.toml`"),
        "{err}"
    );
}

#[test]
fn invalid_globs_fail_resolution() {
    let c = config("[[overrides]]\npaths = [\"a/{b\"]\n");
    let err = Resolved::new(&c, None, &[], &[]).expect_err("invalid glob");
    assert!(err.to_string().starts_with("invalid glob `a/{b`"), "{err}");
}

#[test]
fn resolved_validation_covers_every_level() {
    let known = [
        ("wildcard-action", "security"),
        ("wildcard-resource", "least-privilege"),
        ("trust-missing-mfa", "security"),
        ("suppression-without-reason", "style"),
    ];
    let c = config("ignore = [\"wildcard-acton\"]\n");
    let r = Resolved::new(&c, Some("strict"), &strings(&["secrity"]), &[]).expect("resolves");
    let problems = r.validate(&known);
    assert_eq!(
        problems,
        [
            "unknown rule or category `correctness` in `select` of ruleset `recommended`",
            "/repo/polgen.toml:1:11: unknown rule or category `wildcard-acton` in `ignore` of polgen.toml (did you mean `wildcard-action`?)",
            "unknown rule or category `secrity` in `select` of the command line (did you mean `security`?)",
        ]
    );
}

#[test]
fn builtin_names_are_listed() {
    assert_eq!(builtin_ruleset_names(), ["recommended", "strict"]);
}

#[test]
fn config_files_load_with_their_directory_as_root() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path: PathBuf = dir.path().join("polgen.toml");
    std::fs::write(
        &path,
        "[[overrides]]\npaths = [\"gen/*.json\"]\nignore = [\"all\"]\n",
    )
    .expect("write");
    let c = Config::load(&path).expect("loads");
    let r = Resolved::new(&c, None, &[], &[]).expect("resolves");
    let inside = dir.path().join("gen/a.json");
    let outside = dir.path().join("src/gen/a.json");
    assert_eq!(r.severity_for("x", "security", Info, Some(&inside)), None);
    assert_eq!(
        r.severity_for("x", "security", Info, Some(&outside)),
        Some(Info)
    );
}

/// 10,000 `[[overrides]]`, each for its own folder, resolved for files in some of them: the
/// globs are matched once per file, not once per override (near-linear; 100k are timed in
/// bench/scale.sh).
#[test]
fn ten_thousand_overrides() {
    let mut text = String::from("select = [\"security\"]\n");
    for i in 0..10_000 {
        let severity = if i % 2 == 0 { "error" } else { "info" };
        text.push_str(&format!(
            "[[overrides]]\npaths = [\"team-{i}/**\"]\nseverity = {{ pass-role-star = \"{severity}\" }}\n"
        ));
    }
    text.push_str("[[overrides]]\npaths = [\"team-7/old\"]\nignore = [\"pass-role-star\"]\n");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("polgen.toml");
    std::fs::write(&path, &text).expect("write config");
    let config = Config::load(&path).expect("valid config");
    let resolved = Resolved::new(&config, None, &[], &[]).expect("resolves");
    let severity = |file: &str| {
        resolved.severity_for(
            "pass-role-star",
            "security",
            Warning,
            Some(&dir.path().join(file)),
        )
    };
    for i in (0..10_000).step_by(97) {
        let expected = if i % 2 == 0 { Error } else { Info };
        assert_eq!(
            severity(&format!("team-{i}/a/policy.json")),
            Some(expected),
            "team-{i}"
        );
    }
    assert_eq!(
        severity("team-7/old/policy.json"),
        None,
        "the last override wins"
    );
    assert_eq!(severity("team-7/new/policy.json"), Some(Info));
    assert_eq!(severity("elsewhere/policy.json"), Some(Warning));
    // team-1 is not a prefix match of team-10.
    assert_eq!(severity("team-1x/policy.json"), Some(Warning));
}
