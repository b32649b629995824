//! In-process benchmarks: parsing and linting the AWS managed policies, and the catalog's
//! cold start. Run with `cargo bench -p polgen_bench`. Without the corpus
//! (`../shared/corpus` or `$POLGEN_CORPUS`) the corpus benchmarks print a note and measure
//! nothing.

use std::sync::OnceLock;

use divan::{Bencher, black_box};
use polgen_catalog::Catalog;
use polgen_rules::{EnabledRule, Settings};
use polgen_source::SourceFile;

fn main() {
    if corpus().is_none() {
        eprintln!(
            "note: corpus not found at {} (set POLGEN_CORPUS): corpus benchmarks are skipped",
            polgen_bench::corpus_dir().join("aws-managed").display()
        );
    }
    divan::main();
}

fn corpus() -> Option<&'static [SourceFile]> {
    static CORPUS: OnceLock<Option<Vec<SourceFile>>> = OnceLock::new();
    CORPUS.get_or_init(polgen_bench::aws_managed).as_deref()
}

fn total_bytes(files: &[SourceFile]) -> usize {
    files.iter().map(|f| f.text().len()).sum()
}

/// Parse (JSON + policy model) every managed policy, no rules.
#[divan::bench(sample_count = 20)]
fn parse_all_managed(bencher: Bencher) {
    let Some(files) = corpus() else { return };
    bencher
        .counter(divan::counter::BytesCount::new(total_bytes(files)))
        .bench(|| {
            files
                .iter()
                .filter(|f| polgen_policy::parse_policy(black_box(f.text()), None).is_ok())
                .count()
        });
}

/// Parse and lint every managed policy with every rule at its default severity.
#[divan::bench(sample_count = 10)]
fn lint_all_managed(bencher: Bencher) {
    let Some(files) = corpus() else { return };
    let rules: Vec<EnabledRule> = polgen_rules::default_rules();
    let settings = Settings::default();
    // Warm the lazily parsed catalog so that samples measure linting, not first loads.
    for file in files {
        black_box(polgen_rules::lint_json(file, None, &settings, &rules));
    }
    bencher
        .counter(divan::counter::BytesCount::new(total_bytes(files)))
        .bench(|| {
            files
                .iter()
                .map(|f| {
                    polgen_rules::lint_json(black_box(f), None, &settings, &rules)
                        .diagnostics
                        .len()
                })
                .sum::<usize>()
        });
}

/// The embedded catalog data, the same files `polgen_catalog` embeds.
static CATALOG_JSONL: &str = include_str!("../../polgen_catalog/data/catalog.jsonl");
static INDEX_JSON: &str = include_str!("../../polgen_catalog/data/index.json");

/// Cold start: build a catalog from the embedded data and look up one action (parses the
/// header, the index and one service's line). This is what a one-file lint pays once.
#[divan::bench]
fn catalog_first_lookup() -> bool {
    match Catalog::from_embedded(CATALOG_JSONL, INDEX_JSON) {
        Ok(catalog) => catalog.action(black_box("s3:getobject")).is_some(),
        Err(_) => false,
    }
}

/// Warm lookup in the global catalog (service already parsed).
#[divan::bench]
fn catalog_warm_lookup(bencher: Bencher) {
    let catalog = Catalog::get();
    black_box(catalog.action("s3:getobject").is_some());
    bencher.bench(|| catalog.action(black_box("s3:getobject")).is_some());
}
