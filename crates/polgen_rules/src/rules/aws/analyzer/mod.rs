//! Access Analyzer's documented policy checks that are not covered elsewhere: redundancy,
//! empty elements, quotas, suspicious condition values.

use crate::engine::Rule;

mod common;
pub mod condition_key_case_duplicate;
pub mod empty_condition_values;
pub mod empty_element;
pub mod ip_range_host_bits;
pub mod multiple_boolean_values;
pub mod policy_size;
pub mod private_source_ip;
pub mod redundant_action;
pub mod redundant_resource;
pub mod redundant_statement;
pub mod wildcard_without_like;

pub(crate) static RULES: &[&'static dyn Rule] = &[
    &empty_element::EmptyElement,
    &empty_condition_values::EmptyConditionValues,
    &redundant_action::RedundantAction,
    &redundant_resource::RedundantResource,
    &redundant_statement::RedundantStatement,
    &wildcard_without_like::WildcardWithoutLike,
    &multiple_boolean_values::MultipleBooleanValues,
    &condition_key_case_duplicate::ConditionKeyCaseDuplicate,
    &private_source_ip::PrivateSourceIp,
    &ip_range_host_bits::IpRangeHostBits,
    &policy_size::PolicySize,
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use polgen_source::SourceFile;

    use super::RULES;
    use crate::meta::Category;
    use crate::{EnabledRule, Settings, lint_json};

    /// Runs these rules over the AWS managed policies (skipped when the shared corpus is
    /// absent): correctness findings there must be real defects, listed here with the reason.
    #[test]
    fn aws_managed_corpus() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/corpus/aws-managed");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        let mut files = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            files.push(SourceFile::new(name, text));
        }
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        let mut correctness = Vec::new();
        for rule in RULES {
            let meta = rule.meta();
            let enabled = [EnabledRule {
                rule: *rule,
                severity: meta.severity,
            }];
            let started = std::time::Instant::now();
            let mut n = 0;
            for source in &files {
                let outcome = lint_json(source, None, &Settings::default(), &enabled);
                for d in &outcome.diagnostics {
                    n += 1;
                    // AWS managed policies are exempt from the customer managed-policy quota.
                    if meta.category == Category::Correctness
                        && meta.id != super::policy_size::META.id
                    {
                        correctness.push(format!(
                            "{}: {}: {} `{}`",
                            source.name(),
                            d.rule,
                            d.message,
                            source.slice(d.span)
                        ));
                    }
                }
            }
            println!("{} took {:?}", meta.id, started.elapsed());
            counts.insert(meta.id, n);
        }
        for (rule, n) in &counts {
            println!("{rule}: {n}");
        }
        for c in &correctness {
            println!("{c}");
        }
        assert!(
            correctness.is_empty(),
            "correctness findings on AWS managed policies:\n{}",
            correctness.join("\n")
        );
    }
}
