//! Rules for AWS IAM policies, by category. Each category module lists its rules in `RULES`.

use crate::engine::Rule;

pub mod analyzer;
pub mod correctness;
pub mod security;
pub mod trust;

pub(crate) static ALL_GROUPS: &[&[&'static dyn Rule]] = &[
    correctness::RULES,
    security::RULES,
    analyzer::RULES,
    trust::RULES,
];
