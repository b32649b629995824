//! Vault policy benchmarks: parsing (HCL reader + model) and linting the corpus's Vault
//! policies, to compare per byte with the IAM JSON benchmarks in `lint.rs`. Run with
//! `cargo bench -p polgen_bench --bench vault`. Without the corpus they measure nothing.

use std::sync::OnceLock;

use divan::{Bencher, black_box};
use polgen_diagnostics::Severity;
use polgen_rules::VaultSettings;
use polgen_source::SourceFile;

fn main() {
    if corpus().is_none() {
        eprintln!(
            "note: corpus not found at {} (set POLGEN_CORPUS): Vault benchmarks are skipped",
            polgen_bench::corpus_dir().join("vault").display()
        );
    }
    divan::main();
}

fn corpus() -> Option<&'static [SourceFile]> {
    static CORPUS: OnceLock<Option<Vec<SourceFile>>> = OnceLock::new();
    CORPUS.get_or_init(polgen_bench::vault_policies).as_deref()
}

fn total_bytes(files: &[SourceFile]) -> usize {
    files.iter().map(|f| f.text().len()).sum()
}

/// Parse (HCL + policy model) every Vault policy of the corpus, no rules.
#[divan::bench(sample_count = 50)]
fn parse_all_vault(bencher: Bencher) {
    let Some(files) = corpus() else { return };
    bencher
        .counter(divan::counter::BytesCount::new(total_bytes(files)))
        .bench(|| {
            files
                .iter()
                .filter(|f| polgen_vault::parse_hcl(black_box(f.text())).is_ok())
                .count()
        });
}

/// Parse and lint every Vault policy with every Vault rule at its default severity.
#[divan::bench(sample_count = 50)]
fn lint_all_vault(bencher: Bencher) {
    let Some(files) = corpus() else { return };
    let rules = polgen_rules::default_vault_rules();
    let settings = VaultSettings::default();
    bencher
        .counter(divan::counter::BytesCount::new(total_bytes(files)))
        .bench(|| {
            files
                .iter()
                .map(|f| {
                    polgen_rules::lint_vault(black_box(f), &settings, &rules, Some(Severity::Error))
                        .diagnostics
                        .len()
                })
                .sum::<usize>()
        });
}
