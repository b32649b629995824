//! Helpers shared by the IaC rules.

use polgen_iac::Resource;
use polgen_policy::{Node, Value};
use polgen_source::Span;

/// The property `name` when it is present and not empty (a non-empty list, a string, an
/// unknown value), with the span of its key.
pub fn non_empty_property<'a>(resource: &'a Resource, name: &str) -> Option<(Span, &'a Node)> {
    let member = resource.properties.get(name)?;
    let present = match &member.value.value {
        Value::Array(items) => !items.is_empty(),
        Value::Null => false,
        Value::Object(m) => !m.is_empty(),
        _ => true,
    };
    present.then_some((member.key_span, &member.value))
}

/// `CloudFormation` and Terraform name the same thing differently: the first of `names`
/// the resource has.
pub fn property<'a>(resource: &'a Resource, names: &[&str]) -> Option<&'a polgen_policy::Member> {
    names.iter().find_map(|n| resource.properties.get(n))
}
