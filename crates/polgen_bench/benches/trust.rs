//! In-process benchmarks of the trust and resource-policy rules: the trust corpus
//! (`../shared/corpus/trust/*/`, 237 role trust policies) linted with every rule, with only the
//! eight trust rules, and with every rule but those (their cost is the difference). Run with
//! `cargo bench -p polgen_bench --bench trust`; skipped with a note when the corpus is absent.

use std::sync::OnceLock;

use divan::{Bencher, black_box};
use polgen_policy::PolicyKind;
use polgen_rules::{EnabledRule, Settings};
use polgen_source::SourceFile;

const TRUST_RULES: &[&str] = &[
    "public-access",
    "missing-external-id",
    "oidc-missing-sub",
    "oidc-missing-aud",
    "saml-missing-aud",
    "confused-deputy",
    "trust-account-root",
    "trust-missing-mfa",
];

fn main() {
    if corpus().is_none() {
        eprintln!(
            "note: trust corpus not found under {} (set POLGEN_CORPUS): skipped",
            polgen_bench::corpus_dir().join("trust").display()
        );
    }
    divan::main();
}

/// Every trust policy of the corpus (its folders are one or two levels deep).
fn corpus() -> Option<&'static [SourceFile]> {
    static CORPUS: OnceLock<Option<Vec<SourceFile>>> = OnceLock::new();
    CORPUS
        .get_or_init(|| {
            let root = polgen_bench::corpus_dir().join("trust");
            let mut files = Vec::new();
            for dir in [
                "cloudformation",
                "terraform",
                "terraform-hcl",
                "stratus-red-team",
                "aws-docs/iam-user-guide",
                "aws-docs/s3-developer-guide",
            ] {
                let loaded = polgen_bench::load_json_dir(&root.join(dir))?;
                files.extend(
                    loaded
                        .into_iter()
                        .filter(|f| !f.name().ends_with("_index.json")),
                );
            }
            (!files.is_empty()).then_some(files)
        })
        .as_deref()
}

fn lint_with(bencher: Bencher, keep: impl Fn(&str) -> bool) {
    let Some(files) = corpus() else { return };
    let rules: Vec<EnabledRule> = polgen_rules::default_rules()
        .into_iter()
        .filter(|r| keep(r.id()))
        .collect();
    let settings = Settings::default();
    for file in files {
        black_box(polgen_rules::lint_json(
            file,
            Some(PolicyKind::Trust),
            &settings,
            &rules,
        ));
    }
    bencher.bench(|| {
        files
            .iter()
            .map(|f| {
                polgen_rules::lint_json(black_box(f), Some(PolicyKind::Trust), &settings, &rules)
                    .diagnostics
                    .len()
            })
            .sum::<usize>()
    });
}

#[divan::bench(sample_count = 20)]
fn trust_corpus_all_rules(bencher: Bencher) {
    lint_with(bencher, |_| true);
}

#[divan::bench(sample_count = 20)]
fn trust_corpus_without_trust_rules(bencher: Bencher) {
    lint_with(bencher, |id| !TRUST_RULES.contains(&id));
}

#[divan::bench(sample_count = 20)]
fn trust_corpus_trust_rules_only(bencher: Bencher) {
    lint_with(bencher, |id| TRUST_RULES.contains(&id));
}
