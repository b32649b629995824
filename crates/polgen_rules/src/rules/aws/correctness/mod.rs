//! Correctness rules: IAM rejects the policy, or it does not do what it seems to.

use crate::engine::Rule;

pub mod condition_type_mismatch;
pub mod duplicate_sid;
pub mod invalid_arn;
pub mod missing_version;
pub mod policy_grammar;
pub mod resource_mismatch;
pub mod syntax_error;
pub mod undocumented_action;
pub mod unknown_action;
pub mod unknown_condition_key;
pub mod unknown_service;
pub mod unsatisfiable_condition;

pub(crate) static RULES: &[&'static dyn Rule] = &[
    &syntax_error::SyntaxErrorRule,
    &policy_grammar::PolicyGrammar,
    &missing_version::MissingVersion,
    &duplicate_sid::DuplicateSid,
    &unknown_service::UnknownService,
    &unknown_action::UnknownAction,
    &undocumented_action::UndocumentedAction,
    &invalid_arn::InvalidArn,
    &resource_mismatch::ResourceMismatch,
    &unknown_condition_key::UnknownConditionKey,
    &condition_type_mismatch::ConditionTypeMismatch,
    &unsatisfiable_condition::UnsatisfiableCondition,
];
