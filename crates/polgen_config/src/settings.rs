//! Free-form rule settings (`[settings]`): scalars and arrays, read through typed accessors.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};

/// The value of one `[settings]` entry.
#[derive(Clone, Debug, PartialEq)]
pub enum SettingValue {
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
    Array(Vec<SettingValue>),
}

impl SettingValue {
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            SettingValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// Non-negative integers only.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            SettingValue::Integer(i) => u64::try_from(*i).ok(),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            SettingValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// An array whose items are all strings.
    pub fn as_strings(&self) -> Option<Vec<&str>> {
        match self {
            SettingValue::Array(items) => items.iter().map(SettingValue::as_str).collect(),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for SettingValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SettingVisitor)
    }
}

struct SettingVisitor;

impl<'de> Visitor<'de> for SettingVisitor {
    type Value = SettingValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean, number, string or array")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<SettingValue, E> {
        Ok(SettingValue::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<SettingValue, E> {
        Ok(SettingValue::Integer(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<SettingValue, E> {
        i64::try_from(v)
            .map(SettingValue::Integer)
            .map_err(|_| E::custom(format!("integer `{v}` is too large")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<SettingValue, E> {
        Ok(SettingValue::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<SettingValue, E> {
        Ok(SettingValue::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<SettingValue, E> {
        Ok(SettingValue::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<SettingValue, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(SettingValue::Array(items))
    }
}
