//! A JSON-like value tree in which every value and every object key carries its span.
//!
//! JSON policy files produce it directly; the CloudFormation and Terraform front-ends build
//! it from YAML and HCL, using [`Value::Unknown`] for values only known at deploy time
//! (intrinsic functions, interpolations), so one policy model serves every host format.

use polgen_source::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number as written, so that `1.0` and `1` stay distinguishable.
    Number(String),
    String(String),
    Array(Vec<Node>),
    Object(Vec<Member>),
    /// A value computed at deploy time, e.g. `!Sub "arn:aws:s3:::${Bucket}/*"`.
    Unknown(Unknown),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

/// What is known of a value computed at deploy time.
#[derive(Clone, Debug, PartialEq)]
pub struct Unknown {
    /// How the value reads in its host file (e.g. `!Ref Bucket`, `${var.arn}`), for messages.
    pub display: String,
    /// For string-shaped values: the known text with `*` in place of each unknown part,
    /// e.g. `arn:aws:s3:::*/*` for `!Sub "arn:aws:s3:::${Bucket}/*"`. `None` when nothing
    /// of the shape is known (it may even be a list).
    pub pattern: Option<String>,
    /// The parts whose origin the host file tells (a parameter, the deploying account, a
    /// resource of the same file), each at the `*` of `pattern` that stands for it (at 0 for
    /// a value unknown as a whole). Parts polgen cannot place are not listed.
    pub parts: Vec<Part>,
}

impl Unknown {
    /// An unknown value whose parts' origins are not known.
    pub fn new(display: impl Into<String>, pattern: Option<String>) -> Self {
        Self {
            display: display.into(),
            pattern,
            parts: Vec::new(),
        }
    }
}

/// What a value known only at deploy time is built from, when the host file says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The account the stack or configuration is deployed to: `AWS::AccountId`,
    /// `data.aws_caller_identity.NAME.account_id`.
    OwnAccount,
    /// A template parameter or input variable, with its default when the file writes one.
    Input { default: Option<String> },
    /// A resource declared in the same file (`!GetAtt Bucket.Arn`, `aws_s3_bucket.logs.arn`),
    /// with its type (`AWS::S3::Bucket`, `aws_s3_bucket`).
    Resource { ty: String },
}

/// One deploy-time part of a value: where it is, how it is written, what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// Byte offset of the `*` standing for it in the pattern (0 for a whole value).
    pub at: usize,
    /// The reference as written, without `${}`: `VendorAccountId`, `var.vendor_account`,
    /// `AWS::AccountId`, `Bucket.Arn`.
    pub reference: String,
    pub origin: Origin,
}

impl Part {
    /// How messages name it: "parameter `VendorAccountId`", "variable `var.x`".
    pub fn describe(&self) -> String {
        match &self.origin {
            Origin::OwnAccount => format!("`{}` (the deploying account)", self.reference),
            Origin::Input { .. } if self.reference.starts_with("var.") => {
                format!("variable `{}`", self.reference)
            }
            Origin::Input { .. } => format!("parameter `{}`", self.reference),
            Origin::Resource { ty } => format!("`{}` (a `{ty}` of this file)", self.reference),
        }
    }
}

impl Node {
    pub fn new(value: Value, span: Span) -> Self {
        Self { value, span }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The last member named `key` (JSON's "last one wins" for duplicate keys).
    pub fn get(&self, key: &str) -> Option<&Member> {
        self.as_object()?.iter().rev().find(|m| m.key == key)
    }

    /// A short name of the value's type for messages: "a string", "an array", ...
    pub fn type_name(&self) -> &'static str {
        self.value.type_name()
    }
}

impl Value {
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
            Value::Unknown(_) => "a value computed at deploy time",
        }
    }

    /// Converts to a `serde_json::Value`, with unknown values as their display text.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::from_str(n).unwrap_or(serde_json::Value::Null),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Array(a) => {
                serde_json::Value::Array(a.iter().map(|n| n.value.to_json()).collect())
            }
            Value::Object(m) => serde_json::Value::Object(
                m.iter()
                    .map(|m| (m.key.clone(), m.value.value.to_json()))
                    .collect(),
            ),
            Value::Unknown(u) => serde_json::Value::String(u.display.clone()),
        }
    }
}
