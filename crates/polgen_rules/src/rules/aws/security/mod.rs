//! Security rules: the policy works but grants dangerous access.

use crate::engine::Rule;

pub mod admin_access;
pub(crate) mod common;
pub mod for_all_values_single_valued;
pub mod mfa_bool_false;
pub mod mfa_false_allow;
pub mod mfa_if_exists_allow;
pub mod missing_mfa;
pub mod not_action_allow;
pub mod not_resource_allow;
pub mod pass_role_star;
pub mod privilege_escalation;
pub mod resource_effectively_star;
pub mod resource_policy_escalation;
pub mod wildcard_action;
pub mod wildcard_resource;

pub(crate) static RULES: &[&'static dyn Rule] = &[
    &admin_access::AdminAccess,
    &wildcard_action::WildcardAction,
    &wildcard_resource::WildcardResource,
    &resource_effectively_star::ResourceEffectivelyStar,
    &not_action_allow::NotActionAllow,
    &not_resource_allow::NotResourceAllow,
    &pass_role_star::PassRoleStar,
    &privilege_escalation::PrivilegeEscalation,
    &resource_policy_escalation::ResourcePolicyEscalation,
    &missing_mfa::MissingMfa,
    &mfa_bool_false::MfaBoolFalse,
    &mfa_false_allow::MfaFalseAllow,
    &mfa_if_exists_allow::MfaIfExistsAllow,
    &for_all_values_single_valued::ForAllValuesSingleValued,
];

#[cfg(test)]
mod corpus_tests;
