//! Helpers shared by the corpus tests: where the shared corpus is, its JSON files, and the
//! stand-in for CloudFormation intrinsics left in corpus files.

use std::path::{Path, PathBuf};

use polgen_policy::{Node, Unknown, Value};

/// `../shared/corpus`, or `None` (with a message) when this clone has no shared corpus.
pub fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: no corpus at {}", dir.display());
        None
    }
}

/// Every `.json` file under `dir` except the corpus indexes, in a stable order.
pub fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json")
            && p.file_name().is_some_and(|n| n != "_index.json")
        {
            out.push(p);
        }
    }
}

/// How much of an `Fn::Sub` string survives as a pattern when intrinsics are erased.
// Each test binary uses one of the two.
#[allow(dead_code)]
#[derive(Clone, Copy)]
pub enum SubText {
    /// `${...}` becomes `*`, so rules still see the literal parts.
    Pattern,
    /// The whole value is unknown.
    Unknown,
}

/// CloudFormation intrinsics kept as objects (`{"Fn::Sub": "..."}`, `{"Ref": "X"}`) become
/// values known only at deploy time, as the CloudFormation front-end makes them.
pub fn erase_intrinsics(node: &mut Node, sub: SubText) {
    if let Value::Object(members) = &node.value
        && members.len() == 1
        && members
            .iter()
            .all(|m| m.key == "Ref" || m.key.starts_with("Fn::"))
    {
        let pattern = match (sub, members.first()) {
            (SubText::Pattern, Some(m)) => match (&m.key[..], &m.value.value) {
                ("Fn::Sub", Value::String(s)) => Some(sub_pattern(s)),
                _ => None,
            },
            _ => None,
        };
        node.value = Value::Unknown(Unknown::new("intrinsic", pattern));
        return;
    }
    match &mut node.value {
        Value::Object(members) => members
            .iter_mut()
            .for_each(|m| erase_intrinsics(&mut m.value, sub)),
        Value::Array(items) => items.iter_mut().for_each(|n| erase_intrinsics(n, sub)),
        _ => {}
    }
}

/// `Fn::Sub` text with `${...}` replaced by `*` (policy variables are written `${!...}`).
fn sub_pattern(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        match rest[i..].find('}') {
            Some(j) => {
                let inner = &rest[i + 2..i + j];
                if let Some(lit) = inner.strip_prefix('!') {
                    out.push_str("${");
                    out.push_str(lit);
                    out.push('}');
                } else {
                    out.push('*');
                }
                rest = &rest[i + j + 1..];
            }
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}
