//! `update-cfn-ref`: regenerate `crates/polgen_catalog/data/cfn_ref.json`, what `Ref` returns
//! for each CloudFormation resource type, from the resource provider schemas cfn-lint ships
//! (pinned wheel, `pip download --no-deps cfn-lint==1.58.0`), or with `--check` compare.
//!
//! `Ref` of a registry resource type returns its primary identifier (cfn-lint's
//! `schema/_ref.py` reads it the same way): `QueueUrl` for `AWS::SQS::Queue`, `TopicArn` for
//! `AWS::SNS::Topic`. Only what the schema says plainly is kept: a single primary identifier
//! whose name or `format` says ARN, name or URL. An `Id` (a KMS key id, but a Secrets
//! Manager secret's ARN) says neither, and that type is left out.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use polgen_catalog::cfn_ref::{CFN_REF_FILE, RefKind, RefReturn, RefTable};
use serde_json::Value;
use zip::ZipArchive;

use crate::update_catalog::default_data_dir;

/// The cfn-lint release the table is generated from.
pub const PINNED_CFN_LINT_VERSION: &str = "1.58.0";

/// File name of the pinned wheel.
pub fn pinned_wheel_name() -> String {
    format!("cfn_lint-{PINNED_CFN_LINT_VERSION}-py3-none-any.whl")
}

/// The committed file.
pub fn default_file() -> PathBuf {
    default_data_dir().join(CFN_REF_FILE)
}

/// cfn-lint's files, from the wheel (a zip) or an unpacked copy (the folder holding
/// `cfnlint/`).
enum Source {
    Wheel(Box<ZipArchive<File>>),
    Dir(PathBuf),
}

impl Source {
    fn open(path: &Path) -> Result<Source, String> {
        if path.is_dir() {
            return Ok(Source::Dir(path.to_path_buf()));
        }
        let file = File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        ZipArchive::new(file)
            .map(|a| Source::Wheel(Box::new(a)))
            .map_err(|e| format!("{} is not a readable wheel (zip): {e}", path.display()))
    }

    fn json(&mut self, relative: &str) -> Result<Value, String> {
        let text = match self {
            Source::Dir(root) => {
                fs::read_to_string(root.join(relative)).map_err(|e| format!("{relative}: {e}"))?
            }
            Source::Wheel(archive) => {
                let mut entry = archive
                    .by_name(relative)
                    .map_err(|e| format!("{relative}: {e}"))?;
                let mut text = String::new();
                entry
                    .read_to_string(&mut text)
                    .map_err(|e| format!("{relative}: {e}"))?;
                text
            }
        };
        serde_json::from_str(&text).map_err(|e| format!("{relative}: {e}"))
    }
}

/// What the name or `format` of a primary identifier property says it is.
fn kind_of(property: &str, format: Option<&str>) -> Option<RefKind> {
    let lower = property.to_ascii_lowercase();
    let format = format.unwrap_or("").rsplit('.').next().unwrap_or("");
    if lower.ends_with("arn") || format == "Arn" {
        Some(RefKind::Arn)
    } else if lower.ends_with("url") {
        Some(RefKind::Url)
    } else if lower.ends_with("name") || format == "Name" {
        Some(RefKind::Name)
    } else {
        None
    }
}

/// The read-only property that holds the resource's ARN (`Fn::GetAtt X.Arn`), when there is
/// one named `Arn`.
fn arn_attribute(schema: &Value) -> Option<String> {
    schema
        .get("readOnlyProperties")?
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .find(|p| *p == "/properties/Arn")
        .map(|_| "Arn".to_owned())
}

/// The table made from the cfn-lint wheel (or unpacked copy) at `wheel`.
pub fn generate(wheel: &Path) -> Result<RefTable, String> {
    let mut source = Source::open(wheel)?;
    let index = source.json("cfnlint/data/schemas/providers/us-east-1.json")?;
    let index = index
        .as_object()
        .ok_or("cfnlint/data/schemas/providers/us-east-1.json: not an object")?;
    let mut types = BTreeMap::new();
    for (ty, hash) in index {
        let Some(hash) = hash.as_str() else { continue };
        let schema = source.json(&format!("cfnlint/data/schemas/resources/{hash}.json"))?;
        let Some([primary]) = schema
            .get("primaryIdentifier")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
        else {
            continue;
        };
        let Some(property) = primary
            .as_str()
            .and_then(|p| p.strip_prefix("/properties/"))
            .filter(|p| !p.contains('/'))
        else {
            continue;
        };
        let format = schema
            .pointer(&format!("/properties/{property}/format"))
            .and_then(Value::as_str);
        let Some(returns) = kind_of(property, format) else {
            continue;
        };
        types.insert(
            ty.clone(),
            RefReturn {
                property: property.to_owned(),
                returns,
                arn_attribute: arn_attribute(&schema),
            },
        );
    }
    if types.is_empty() {
        return Err(format!("{}: no resource type found", wheel.display()));
    }
    Ok(RefTable {
        source: format!(
            "cfn-lint {PINNED_CFN_LINT_VERSION} (MIT-0), cfnlint/data/schemas: the primaryIdentifier of each CloudFormation resource provider schema (us-east-1), which Ref returns; generated by `cargo run -p polgen_dev -- update-cfn-ref`"
        ),
        types,
    })
}

/// Writes the table made from `wheel` to `file`, or with `check` compares. `Ok(true)` when
/// the file was written.
pub fn run(wheel: &Path, file: &Path, check: bool) -> Result<bool, String> {
    let table = generate(wheel)?;
    let mut text = serde_json::to_string_pretty(&table).map_err(|e| e.to_string())?;
    text.push('\n');
    let current = fs::read_to_string(file).unwrap_or_default();
    if current == text {
        return Ok(false);
    }
    if check {
        return Err(format!(
            "{} has drifted from cfn-lint {PINNED_CFN_LINT_VERSION}; regenerate it with:\n  cargo run -p polgen_dev -- update-cfn-ref --wheel {}",
            file.display(),
            wheel.display()
        ));
    }
    fs::write(file, text).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_identifier_says_what_it_is() {
        assert_eq!(kind_of("TopicArn", None), Some(RefKind::Arn));
        assert_eq!(kind_of("FunctionARN", None), Some(RefKind::Arn));
        assert_eq!(kind_of("QueueUrl", None), Some(RefKind::Url));
        assert_eq!(
            kind_of("BucketName", Some("AWS::S3::Bucket.Name")),
            Some(RefKind::Name)
        );
        assert_eq!(kind_of("Id", None), None);
        assert_eq!(kind_of("KeyId", Some("AWS::KMS::Key.Id")), None);
    }
}
