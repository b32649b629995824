//! Lints every AWS managed policy once (after a warm-up pass) and prints the total time and
//! the slowest files, then the time of each rule run alone over all files, to find
//! hot spots: `cargo run --release -p polgen_bench --example slowest [N]`.

use std::time::{Duration, Instant};

use polgen_rules::Settings;

fn main() {
    let top: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(15);
    let Some(files) = polgen_bench::aws_managed() else {
        eprintln!(
            "note: corpus not found under {}",
            polgen_bench::corpus_dir().display()
        );
        return;
    };
    let rules = polgen_rules::default_rules();
    let settings = Settings::default();

    let cold = Instant::now();
    for f in &files {
        std::hint::black_box(polgen_rules::lint_json(f, None, &settings, &rules));
    }
    let cold = cold.elapsed();

    let mut times: Vec<(Duration, usize, &str)> = files
        .iter()
        .map(|f| {
            let t = Instant::now();
            let n = polgen_rules::lint_json(f, None, &settings, &rules)
                .diagnostics
                .len();
            (t.elapsed(), n, f.name())
        })
        .collect();
    let warm: Duration = times.iter().map(|t| t.0).sum();
    times.sort_by_key(|t| std::cmp::Reverse(t.0));
    println!(
        "{} files: first pass {cold:.2?}, second pass {warm:.2?}",
        files.len()
    );
    println!("slowest {top} (second pass):");
    for (d, n, name) in times.iter().take(top) {
        let short = name.rsplit('/').next().unwrap_or(name);
        println!("  {d:>10.2?}  {n:>5} findings  {short}");
    }

    // Each rule alone over every file (parse included in every row; the `(parse only)` row
    // runs no rule, so a rule's own cost is its row minus that one).
    let mut per_rule: Vec<(Duration, &str)> = std::iter::once(None)
        .chain(rules.iter().map(Some))
        .map(|enabled| {
            let alone: Vec<polgen_rules::EnabledRule> = enabled
                .map(|e| polgen_rules::EnabledRule {
                    rule: e.rule,
                    severity: e.severity,
                })
                .into_iter()
                .collect();
            let t = Instant::now();
            for f in &files {
                std::hint::black_box(polgen_rules::lint_json(f, None, &settings, &alone));
            }
            (t.elapsed(), enabled.map_or("(parse only)", |e| e.id()))
        })
        .collect();
    per_rule.sort_by_key(|t| std::cmp::Reverse(t.0));
    println!(
        "each rule alone over all {} files (parse included):",
        files.len()
    );
    for (d, id) in per_rule.iter().take(top) {
        println!("  {d:>10.2?}  {id}");
    }
}
