//! The request context: condition keys and their values. Keys compare case-insensitively, as
//! IAM compares them.
//!
//! A context is *partial* by default: a key it does not name is unknown (the request may or may
//! not carry it), so conditions on it are undecidable. [`Context::complete`] says the context
//! holds every key the request carries: a key it does not name is absent, and IAM's rules for
//! absent keys apply (`...IfExists` is true, `Null` is decided, `ForAllValues` is true).

use std::collections::BTreeMap;

/// Condition keys and values of one request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    values: BTreeMap<String, Vec<String>>,
    complete: bool,
}

/// What the context knows of one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// The request carries the key with these values (one for a single-valued key; possibly
    /// none for a multivalued key such as `aws:TagKeys` with an empty list).
    Present(&'a [String]),
    /// The request does not carry the key.
    Absent,
    /// The context does not say.
    Unknown,
}

impl Context {
    /// The empty partial context.
    pub const EMPTY: Context = Context {
        values: BTreeMap::new(),
        complete: false,
    };

    /// An empty partial context: every key is unknown.
    pub fn new() -> Context {
        Context::default()
    }

    /// Marks the context as holding every key of the request.
    pub fn complete(mut self) -> Context {
        self.complete = true;
        self
    }

    /// Sets a single-valued key.
    pub fn with(mut self, key: &str, value: impl Into<String>) -> Context {
        self.insert(key, vec![value.into()]);
        self
    }

    /// Sets a multivalued key (an empty list is a key present with no value).
    pub fn with_values(mut self, key: &str, values: &[&str]) -> Context {
        self.insert(key, values.iter().map(|v| (*v).to_owned()).collect());
        self
    }

    pub fn insert(&mut self, key: &str, values: Vec<String>) {
        self.values.insert(key.to_ascii_lowercase(), values);
    }

    pub fn get(&self, key: &str) -> Lookup<'_> {
        match self.values.get(&key.to_ascii_lowercase()) {
            Some(values) => Lookup::Present(values),
            None if self.complete => Lookup::Absent,
            None => Lookup::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_and_completeness_decides_missing_keys() {
        let c = Context::new().with("aws:SourceIp", "10.0.0.1");
        assert_eq!(
            c.get("AWS:sourceip"),
            Lookup::Present(&["10.0.0.1".to_owned()])
        );
        assert_eq!(c.get("aws:username"), Lookup::Unknown);
        assert_eq!(c.complete().get("aws:username"), Lookup::Absent);
    }
}
