//! The CloudFormation front-end: reads JSON and YAML templates (short-form tags included),
//! finds every IAM policy in them and hands each on with spans into the template, so the
//! IAM rules report on the template's own lines.
//!
//! Intrinsic functions become values known only at deploy time: `!Sub
//! "arn:aws:s3:::${Bucket}/*"` keeps the shape `arn:aws:s3:::*/*`, `!Ref Arn` has none.

pub mod intrinsics;
pub mod template;
pub mod yaml;

use polgen_iac::{HostDocument, HostSyntaxError};
use polgen_policy::Node;

/// A cheap content test: may `text` be a CloudFormation template? Confirmed by [`parse`].
pub fn may_be_template(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion")
        || (text.contains("Resources") && text.contains("AWS::"))
}

/// Whether a parsed document is a template: it has `AWSTemplateFormatVersion`, or
/// `Resources` whose entries have `AWS::` (or `Custom::`/`Alexa::`) types.
pub fn is_template(root: &Node) -> bool {
    if root.get("AWSTemplateFormatVersion").is_some() {
        return true;
    }
    root.get("Resources")
        .and_then(|r| r.value.as_object())
        .is_some_and(|resources| {
            resources.iter().any(|m| {
                m.value
                    .get("Type")
                    .and_then(|t| t.value.as_str())
                    .is_some_and(|t| t.starts_with("AWS::"))
            })
        })
}

/// What reading a file as a template gave.
pub enum Parsed {
    Template(HostDocument),
    /// Valid JSON or YAML, but not a template.
    NotATemplate,
}

/// Parses a template (JSON when it starts with `{`, YAML otherwise). A syntax error of
/// the file itself is an `Err`; errors inside embedded policies are in the document.
pub fn parse(text: &str) -> Result<Parsed, HostSyntaxError> {
    let (root, mut errors) = if text.trim_start().starts_with('{') {
        let parsed = polgen_policy::json::parse(text).map_err(|e| HostSyntaxError {
            span: e.span,
            message: e.message,
            context: None,
            first: None,
        })?;
        let dups = parsed
            .duplicate_keys
            .into_iter()
            .map(|d| HostSyntaxError {
                span: d.span,
                message: format!("duplicate key `{}`", d.key),
                context: None,
                first: Some(d.first),
            })
            .collect();
        (parsed.root, dups)
    } else {
        let doc = yaml::parse(text)?;
        (doc.root, doc.duplicates)
    };
    if !is_template(&root) {
        return Ok(Parsed::NotATemplate);
    }
    let mut doc = template::extract(&root, text);
    errors.append(&mut doc.errors);
    doc.errors = errors;
    // JSON has no comments; YAML's are `#`.
    if !text.trim_start().starts_with('{') {
        doc.add_ignore_comments(polgen_iac::suppress::ignore_comments(text, &["#"]));
    }
    Ok(Parsed::Template(doc))
}
