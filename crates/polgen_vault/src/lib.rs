//! HashiCorp Vault and OpenBao ACL policies: a span-preserving reader for their HCL and
//! JSON forms, their model, Vault's path matching and priority rules, and the evaluation of
//! several policies for a request path (what `vault token capabilities` answers).

pub mod acl;
pub mod hcl;
pub mod index;
pub mod model;
pub mod path;

pub use acl::{Acl, Decision, Source};
pub use index::HeadIndex;
pub use model::{Flavor, Parameter, Parameters, PathBlock, ShapeError, VaultPolicy};
pub use path::{Matcher, PathPattern};
pub use polgen_policy::SyntaxError;

/// Parses an HCL policy.
pub fn parse_hcl(text: &str) -> Result<VaultPolicy, SyntaxError> {
    Ok(model::build(&hcl::parse(text)?))
}

/// Parses a policy in Vault's JSON form (`{"path": {"secret/*": {...}}}`).
pub fn parse_json(text: &str) -> Result<VaultPolicy, SyntaxError> {
    Ok(model::build(&polgen_policy::json::parse(text)?.root))
}

/// Parses HCL or JSON, picking by the first significant character.
pub fn parse(text: &str) -> Result<VaultPolicy, SyntaxError> {
    Ok(model::build(&parse_tree(text)?))
}

/// The spanned tree of a policy in HCL or JSON (picked by the first significant character),
/// before the model is built: front-ends that embed policies remap its spans first.
pub fn parse_tree(text: &str) -> Result<polgen_policy::Node, SyntaxError> {
    if text.trim_start().starts_with('{') {
        Ok(polgen_policy::json::parse(text)?.root)
    } else {
        hcl::parse(text)
    }
}

/// Whether HCL text looks like a Vault policy: a line that starts a `path "..."` block (cheap enough to run on every `.hcl` file of a tree).
pub fn looks_like_hcl_policy(text: &str) -> bool {
    text.lines().any(|line| {
        line.trim_start()
            .strip_prefix("path")
            .is_some_and(|rest| rest.starts_with([' ', '\t']) && rest.trim_start().starts_with('"'))
    })
}

/// Whether a parsed JSON document is a Vault policy: a top-level `path` object.
pub fn looks_like_json_policy(root: &polgen_policy::Node) -> bool {
    root.get("path")
        .is_some_and(|m| m.value.as_object().is_some())
        && root.get("Statement").is_none()
}
