//! IAM rules on policies as their host file builds and attaches them (values known only at
//! deploy time, `Fn::If`, inline policies of one principal) (`testdata/iac-policies`): each file
//! names in its first lines the rules that must fire (`# fires: RULE`) or stay silent
//! (`# silent: RULE`) under the default rules; the findings of those rules are snapshotted.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use polgen_iac::HostDocument;
use polgen_rules::{Settings, default_rules, lint_host};
use polgen_source::SourceFile;

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/iac-policies")
}

fn host_of(name: &str, text: &str) -> HostDocument {
    if name.ends_with(".tf") {
        return polgen_terraform::parse(text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    }
    match polgen_cloudformation::parse(text) {
        Ok(polgen_cloudformation::Parsed::Template(doc)) => doc,
        other => panic!("{name}: not a template: {:?}", other.err()),
    }
}

/// The rule ids after `# fires:` / `# silent:` in the file's leading comments.
fn expected<'t>(text: &'t str, tag: &str) -> Vec<&'t str> {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .filter_map(|l| l.strip_prefix(tag))
        .flat_map(|ids| ids.split(',').map(str::trim))
        .collect()
}

#[test]
fn host_policies_are_judged_as_the_file_builds_them() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(testdata())
        .expect("testdata/iac-policies")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "tf")))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "fixtures missing: {files:?}");
    let mut failures = Vec::new();
    for file in files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let text = std::fs::read_to_string(&file).expect("fixture");
        let fires = expected(&text, "# fires:");
        let silent = expected(&text, "# silent:");
        assert!(
            !fires.is_empty() || !silent.is_empty(),
            "{name}: say what must fire or stay silent"
        );
        let source = SourceFile::new(name.clone(), text.clone());
        let host = host_of(&name, &text);
        let found = lint_host(&source, &host, &Settings::default(), &default_rules());
        let mut rendered = String::new();
        for d in found.iter().filter(|d| fires.contains(&d.rule)) {
            let (start, _) = source.span_positions(d.span);
            let _ = writeln!(rendered, "{start} {}: {}", d.rule, d.message);
            let _ = writeln!(rendered, "    underlined: {}", source.slice(d.span));
        }
        for rule in &fires {
            if !found.iter().any(|d| d.rule == *rule) {
                failures.push(format!("{name}: `{rule}` did not fire"));
            }
        }
        for rule in &silent {
            for d in found.iter().filter(|d| d.rule == *rule) {
                failures.push(format!("{name}: `{rule}` fired: {}", d.message));
            }
        }
        if !fires.is_empty() {
            insta::with_settings!({snapshot_path => testdata().join("snapshots"), prepend_module_to_snapshot => false, omit_expression => true}, {
                insta::assert_snapshot!(name.clone(), rendered);
            });
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
