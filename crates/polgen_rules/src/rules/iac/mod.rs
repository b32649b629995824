//! Rules for infrastructure-as-code files (CloudFormation, Terraform, plans): they look at
//! the resources a template declares rather than at one IAM policy document.

use crate::engine::Rule;

pub(crate) mod common;
pub mod hardcoded_secret;
pub mod long_lived_credentials;
pub mod long_session;
pub mod suppression_without_reason;
pub mod unused_suppression;
pub mod user_attached_policy;

pub(crate) static RULES: &[&'static dyn Rule] = &[
    &long_lived_credentials::LongLivedCredentials,
    &hardcoded_secret::HardcodedSecret,
    &long_session::LongSession,
    &user_attached_policy::UserAttachedPolicy,
    &suppression_without_reason::SuppressionWithoutReason,
    &unused_suppression::UnusedSuppression,
];
