//! The parts of a CloudTrail record polgen reads, borrowed from the decoded buffer. Everything
//! else in a record is skipped by serde without being built.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

/// An optional string borrowed from the buffer when it has no escapes. serde borrows a bare
/// `Cow<str>` field but builds an owned `String` for `Option<Cow<str>>`: one allocation per
/// field per event, most of the scan's cost beyond parsing.
fn borrowed<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Cow<'de, str>>, D::Error> {
    #[derive(Deserialize)]
    struct Borrowed<'a>(#[serde(borrow)] Cow<'a, str>);
    Option::<Borrowed<'de>>::deserialize(d).map(|o| o.map(|b| b.0))
}

/// One CloudTrail record (or a wrapper around one, see `raw`).
#[derive(Deserialize, Debug, Default)]
#[serde(rename_all = "camelCase")]
pub struct Event<'a> {
    #[serde(borrow, default, deserialize_with = "borrowed")]
    pub event_time: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "borrowed")]
    pub event_source: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "borrowed")]
    pub event_name: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "borrowed")]
    pub event_type: Option<Cow<'a, str>>,
    /// CloudTrail's UUID of the event: the same in every copy of it.
    #[serde(
        borrow,
        default,
        deserialize_with = "borrowed",
        rename = "eventID",
        alias = "eventId"
    )]
    pub event_id: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "borrowed")]
    pub aws_region: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "borrowed")]
    pub error_code: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "borrowed")]
    pub recipient_account_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub user_identity: Option<UserIdentity<'a>>,
    /// Kept raw: parsed only for the events that match the principal.
    #[serde(borrow)]
    pub request_parameters: Option<&'a RawValue>,
    /// Kept raw and read leniently: some exports write entries that are not objects.
    #[serde(borrow)]
    pub resources: Option<&'a RawValue>,
    /// Exports that wrap each record in a string (Cribl, some SIEM pipelines): `{"_raw": "{...}"}`.
    #[serde(borrow, default, deserialize_with = "borrowed", rename = "_raw")]
    pub raw: Option<Cow<'a, str>>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(rename_all = "camelCase")]
pub struct UserIdentity<'a> {
    #[serde(borrow, default, deserialize_with = "borrowed", rename = "type")]
    pub kind: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "borrowed")]
    pub arn: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "borrowed")]
    pub account_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub session_context: Option<SessionContext<'a>>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(rename_all = "camelCase")]
pub struct SessionContext<'a> {
    #[serde(borrow)]
    pub session_issuer: Option<SessionIssuer<'a>>,
}

#[derive(Deserialize, Debug, Default)]
pub struct SessionIssuer<'a> {
    #[serde(borrow, default, deserialize_with = "borrowed")]
    pub arn: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "borrowed", rename = "type")]
    pub kind: Option<Cow<'a, str>>,
}

/// An entry of `resources[]` (data events, KMS, STS, ...). CloudTrail writes `ARN`; some
/// exports lower-case it.
#[derive(Deserialize, Debug, Default)]
pub struct EventResource<'a> {
    #[serde(
        borrow,
        default,
        deserialize_with = "borrowed",
        rename = "ARN",
        alias = "arn"
    )]
    pub arn: Option<Cow<'a, str>>,
}

impl<'a> Event<'a> {
    /// The ARNs of `resources[]`; entries that are not `{"ARN": ...}` objects are skipped.
    pub fn resource_arns(&self) -> Vec<Cow<'a, str>> {
        let Some(raw) = self.resources else {
            return Vec::new();
        };
        let Ok(items) = serde_json::from_str::<Vec<&'a RawValue>>(raw.get()) else {
            return Vec::new();
        };
        items
            .into_iter()
            .filter_map(|item| serde_json::from_str::<EventResource<'a>>(item.get()).ok())
            .filter_map(|r| r.arn)
            .collect()
    }

    pub fn source(&self) -> &str {
        self.event_source.as_deref().unwrap_or_default()
    }

    pub fn name(&self) -> &str {
        self.event_name.as_deref().unwrap_or_default()
    }

    pub fn time(&self) -> &str {
        self.event_time.as_deref().unwrap_or_default()
    }

    pub fn region(&self) -> &str {
        self.aws_region.as_deref().unwrap_or_default()
    }

    /// The account the call was made in: the recipient, else the caller's.
    pub fn account(&self) -> &str {
        self.recipient_account_id
            .as_deref()
            .or_else(|| {
                self.user_identity
                    .as_ref()
                    .and_then(|u| u.account_id.as_deref())
            })
            .unwrap_or_default()
    }

    /// True when the call was refused (`AccessDenied`, `UnauthorizedOperation`, ...) rather
    /// than failing for another reason: only those say nothing about a needed permission.
    pub fn is_denied(&self) -> bool {
        self.error_code.as_deref().is_some_and(is_denial_code)
    }

    /// API calls are what permissions govern; sign-ins, service events, console actions and
    /// the copies of others' calls a VPC endpoint owner receives (`AwsVpceEvent`) are not.
    pub fn is_api_call(&self) -> bool {
        match self.event_type.as_deref() {
            None => self.source() != "signin.amazonaws.com",
            Some(kind) => kind == "AwsApiCall",
        }
    }
}

/// Parts of the error codes CloudTrail records for a refused request (`AccessDenied`,
/// `AccessDeniedException`, `Client.UnauthorizedOperation`, `UnauthorizedAccess`, `Forbidden`).
/// `polgen usage-query` writes the same test in SQL.
pub const DENIAL_CODE_PARTS: &[&str] = &["AccessDenied", "Unauthorized", "Forbidden"];

/// Whole error codes for a refused request.
pub const DENIAL_CODES: &[&str] = &["AuthFailure"];

/// True when `code` says the request was refused for want of a permission.
pub fn is_denial_code(code: &str) -> bool {
    DENIAL_CODE_PARTS.iter().any(|p| code.contains(p)) || DENIAL_CODES.contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_the_needed_fields() {
        let text = r#"{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/app/i-1","accountId":"111122223333","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/app"},"attributes":{"mfaAuthenticated":"false"}}},"eventTime":"2024-01-02T03:04:05Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"eu-west-1","requestParameters":{"bucketName":"b","key":"a\/b"},"resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::b/a/b"}],"eventType":"AwsApiCall","recipientAccountId":"111122223333"}"#;
        let event: Event = serde_json::from_str(text).expect("test input is valid");
        assert_eq!(event.name(), "GetObject");
        assert_eq!(event.account(), "111122223333");
        assert!(event.is_api_call() && !event.is_denied());
        let issuer = event
            .user_identity
            .and_then(|u| u.session_context)
            .and_then(|s| s.session_issuer)
            .and_then(|i| i.arn);
        assert_eq!(
            issuer.as_deref(),
            Some("arn:aws:iam::111122223333:role/app")
        );
        assert_eq!(
            event.request_parameters.map(|r| r.get()),
            Some(r#"{"bucketName":"b","key":"a\/b"}"#)
        );
    }

    #[test]
    fn denial_codes() {
        assert!(is_denial_code("AccessDenied"));
        assert!(is_denial_code("Client.UnauthorizedOperation"));
        assert!(is_denial_code("AccessDeniedException"));
        assert!(!is_denial_code("NoSuchKey"));
        assert!(!is_denial_code("ThrottlingException"));
    }

    #[test]
    fn strings_are_borrowed_unless_escaped() {
        let text = r#"{"eventSource":"s3.amazonaws.com","eventName":"GetObject","userIdentity":{"arn":"arn:aws:iam::1:role\/app"},"errorCode":null}"#;
        let event: Event<'_> = serde_json::from_str(text).expect("test input is valid");
        assert!(matches!(
            event.event_source,
            Some(Cow::Borrowed("s3.amazonaws.com"))
        ));
        assert!(matches!(event.event_name, Some(Cow::Borrowed("GetObject"))));
        let arn = event.user_identity.and_then(|u| u.arn);
        assert!(matches!(arn, Some(Cow::Owned(ref s)) if s == "arn:aws:iam::1:role/app"));
        assert!(event.error_code.is_none() && event.event_time.is_none());
    }
}
