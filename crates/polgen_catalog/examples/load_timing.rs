//! Measures catalog start-up and full parse:
//! `cargo run --release -p polgen_catalog --example load_timing`.
//!
//! Run it in a fresh process: the catalog is global, so only the first call of each step pays.

use std::time::Instant;

use polgen_catalog::Catalog;

fn main() {
    if std::env::args().any(|a| a == "--repeat") {
        repeated();
        return;
    }
    let start = Instant::now();
    let catalog = Catalog::get();
    let got = start.elapsed();
    let action = catalog.action("s3:GetObject").map(|a| a.to_string());
    let first_lookup = start.elapsed();
    let key = catalog.condition_key("aws:SourceIp").map(|k| k.key);
    let arn = catalog
        .resource_types_matching_arn("arn:aws:s3:::bucket/key")
        .len();
    let few_lookups = start.elapsed();

    let all = Instant::now();
    let services = catalog.services().count();
    let actions: usize = catalog.services().map(|s| s.action_count()).sum();
    let all_parsed = all.elapsed();

    let star = Instant::now();
    let expanded = catalog.expand_actions("*").len();
    let star_time = star.elapsed();

    println!("{}", catalog.describe());
    println!("Catalog::get():                     {got:?}");
    println!("+ first lookup (s3 parsed):         {first_lookup:?} -> {action:?}");
    println!("+ condition key + ARN lookups:      {few_lookups:?} -> {key:?}, {arn} types");
    println!(
        "parse all remaining services:       {all_parsed:?} ({services} services, {actions} actions)"
    );
    println!("expand_actions(\"*\") (all parsed):   {star_time:?} ({expanded} actions)");
}

/// Fresh catalogs from the same data: the minimum over several runs is the figure to trust on
/// a busy machine.
#[allow(dead_code)]
fn repeated() {
    static JSONL: &str = include_str!("../data/catalog.jsonl");
    static INDEX: &str = include_str!("../data/index.json");
    let mut best_get = std::time::Duration::MAX;
    let mut best_all = std::time::Duration::MAX;
    for _ in 0..10 {
        let t = Instant::now();
        let Ok(catalog) = Catalog::from_embedded(JSONL, INDEX) else {
            return;
        };
        best_get = best_get.min(t.elapsed());
        let t = Instant::now();
        let n = catalog.services().count();
        best_all = best_all.min(t.elapsed());
        assert_eq!(n, catalog.service_count());
    }
    println!("best of 10: from_embedded {best_get:?}, parse all {best_all:?}");
}
