//! A fingerprint of a policy's content that does not depend on how it is written: the same
//! document pretty-printed, minified or with its keys in another order has the same
//! fingerprint. polgen recognises AWS managed policies by it (a user who commits a copy of
//! `ReadOnlyAccess` did not write it, and AWS's quotas for customer policies do not bind it).
//!
//! The fingerprint is FNV-1a (64 bits) over the canonical JSON text: objects with their keys
//! sorted (the last of duplicate keys wins, as everywhere in polgen), no whitespace, strings
//! escaped as JSON requires, numbers as written. A value computed at deploy time has none.

use crate::value::{Node, Value};

use polgen_source::hash::Fnv1a64;

struct Fnv(Fnv1a64);

impl Fnv {
    fn bytes(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }

    fn string(&mut self, s: &str) {
        self.bytes(b"\"");
        for c in s.chars() {
            match c {
                '"' => self.bytes(b"\\\""),
                '\\' => self.bytes(b"\\\\"),
                c if u32::from(c) < 0x20 => {
                    self.bytes(format!("\\u{:04x}", u32::from(c)).as_bytes())
                }
                c => self.bytes(c.encode_utf8(&mut [0; 4]).as_bytes()),
            }
        }
        self.bytes(b"\"");
    }

    fn node(&mut self, node: &Node) -> Option<()> {
        match &node.value {
            Value::Null => self.bytes(b"null"),
            Value::Bool(true) => self.bytes(b"true"),
            Value::Bool(false) => self.bytes(b"false"),
            Value::Number(n) => self.bytes(n.as_bytes()),
            Value::String(s) => self.string(s),
            Value::Array(items) => {
                self.bytes(b"[");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.bytes(b",");
                    }
                    self.node(item)?;
                }
                self.bytes(b"]");
            }
            Value::Object(members) => {
                // Last of duplicate keys wins; then sorted by key.
                let mut kept: Vec<&crate::value::Member> = Vec::with_capacity(members.len());
                for (i, m) in members.iter().enumerate() {
                    if !members[i + 1..].iter().any(|later| later.key == m.key) {
                        kept.push(m);
                    }
                }
                kept.sort_by(|a, b| a.key.cmp(&b.key));
                self.bytes(b"{");
                for (i, m) in kept.iter().enumerate() {
                    if i > 0 {
                        self.bytes(b",");
                    }
                    self.string(&m.key);
                    self.bytes(b":");
                    self.node(&m.value)?;
                }
                self.bytes(b"}");
            }
            Value::Unknown(_) => return None,
        }
        Some(())
    }
}

/// The fingerprint of `node`'s content, `None` when part of it is computed at deploy time.
pub fn fingerprint(node: &Node) -> Option<u64> {
    let mut h = Fnv(Fnv1a64::default());
    h.node(node)?;
    Some(h.0.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> Option<u64> {
        crate::json::parse(text)
            .ok()
            .and_then(|p| fingerprint(&p.root))
    }

    #[test]
    fn layout_and_key_order_do_not_matter_content_does() {
        let a = of(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        );
        let b = of(
            "{\n  \"Statement\": [ {\"Resource\": \"*\", \"Action\": \"s3:GetObject\",\n \"Effect\": \"Allow\"} ],\n  \"Version\": \"2012-10-17\"\n}",
        );
        let c = of(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}"#,
        );
        assert!(a.is_some());
        assert_eq!(a, b);
        assert_ne!(a, c);
        // Array order is content.
        assert_ne!(of(r#"{"a":[1,2]}"#), of(r#"{"a":[2,1]}"#));
        assert_eq!(of(r#"{"a":1,"a":2}"#), of(r#"{"a":2}"#));
    }
}
