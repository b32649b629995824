//! `polgen rules` and `polgen explain RULE`.

use crate::output::{errln, outln};
use polgen_rules::{all_rule_metas, find_rule_meta};

use crate::cli::{ExplainArgs, RulesArgs};
use crate::exit::Exit;

pub fn list_rules(args: &RulesArgs) -> Exit {
    if args.json {
        let rules: Vec<serde_json::Value> = all_rule_metas()
            .map(|m| {
                serde_json::json!({
                    "id": m.id,
                    "category": m.category.as_str(),
                    "severity": m.severity.as_str(),
                    "summary": m.summary,
                    "access_analyzer_codes": m.aa_codes,
                })
            })
            .collect();
        outln!(
            "{}",
            serde_json::to_string_pretty(&rules).unwrap_or_default()
        );
        return Exit::Clean;
    }
    let width = all_rule_metas().map(|m| m.id.len()).max().unwrap_or(10);
    outln!(
        "{:width$}  {:15}  {:8}  summary",
        "rule",
        "category",
        "severity"
    );
    for m in all_rule_metas() {
        outln!(
            "{:width$}  {:15}  {:8}  {}",
            m.id,
            m.category.as_str(),
            m.severity.as_str(),
            m.summary
        );
    }
    Exit::Clean
}

pub fn explain(args: &ExplainArgs) -> Exit {
    let Some(m) = find_rule_meta(&args.rule) else {
        let suggestion = all_rule_metas()
            .map(|m| m.id)
            .filter(|id| polgen_source::quote::may_be_misspelling(&args.rule, id))
            .min_by_key(|id| strsim_distance(id, &args.rule))
            .filter(|id| strsim_distance(id, &args.rule) <= 3);
        match suggestion {
            Some(s) => errln!(
                "error: unknown rule `{}`; did you mean `{s}`? (`polgen rules` lists them)",
                polgen_source::quote::cut(&args.rule)
            ),
            None => errln!(
                "error: unknown rule `{}` (`polgen rules` lists them)",
                polgen_source::quote::cut(&args.rule)
            ),
        }
        return Exit::Error;
    };
    let _ = crate::output::stdout(&m.page());
    Exit::Clean
}

/// Levenshtein distance, for did-you-mean on rule ids.
fn strsim_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
