//! Does this text contain credential-shaped values, and where?
//!
//! One detector for everything polgen does with secrets: the `hardcoded-secret` rule reports
//! what [`find`] and [`judge`] return, and every output format passes the text it prints
//! through [`mask`], so no credential is ever printed, whether a rule found it or not.
//!
//! It recognises, in one pass over the bytes with a cheap test per byte:
//! - AWS access key ids (`AKIA`, `ASIA`, `ABIA`, `ACCA` and 16 capitals or digits), secret
//!   access keys (40 base64 characters next to a key id or under a secret-like key) and
//!   session tokens (the STS token prefixes, or under a session-token key);
//! - Vault (`hvs.`, `hvb.`, `hvr.`, legacy `s.` + 24), GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`,
//!   `ghr_`, `github_pat_`), GitLab (`glpat-`, ...) and Slack tokens and Slack webhooks;
//! - private key blocks (`-----BEGIN ... PRIVATE KEY-----` to the matching `END`);
//! - the value of a secret-like key (`password`, `secret`, `token`, `client_secret`, ...)
//!   written as `key: value`, `key = "value"`, `"key": "value"` or `KEY=value`.
//!
//! AWS documentation's example keys (`AKIAIOSFODNN7EXAMPLE`) are found too: they look like
//! credentials to every reader of the output, and a real key edited to look like them is
//! still a key.

mod base64;
mod keyed;
mod shapes;

use std::borrow::Cow;
use std::ops::Range;

pub use base64::decode_base64_text;
pub use keyed::{is_secret_key, literal_secret_value};

/// What kind of credential a found value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    AwsAccessKeyId,
    AwsSecretAccessKey,
    AwsSessionToken,
    VaultToken,
    GitHubToken,
    GitLabToken,
    SlackToken,
    SlackWebhook,
    PrivateKey,
    /// The value of a secret-like key (`password`, `client_secret`, ...).
    SecretValue,
}

impl Kind {
    /// How messages name it: `AWS access key id`.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::AwsAccessKeyId => "AWS access key id",
            Kind::AwsSecretAccessKey => "AWS secret access key",
            Kind::AwsSessionToken => "AWS session token",
            Kind::VaultToken => "Vault token",
            Kind::GitHubToken => "GitHub token",
            Kind::GitLabToken => "GitLab token",
            Kind::SlackToken => "Slack token",
            Kind::SlackWebhook => "Slack webhook URL",
            Kind::PrivateKey => "private key",
            Kind::SecretValue => "secret value",
        }
    }
}

/// A credential-shaped value: its byte range in the text and its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub range: Range<usize>,
    pub kind: Kind,
    /// How many leading bytes the mask leaves visible (a token's prefix, `AKIA`): they tell
    /// users which credential it is without giving it away.
    pub keep_start: usize,
    /// How many trailing bytes the mask leaves visible (the last 4 of an access key id, as
    /// the AWS console shows them).
    pub keep_end: usize,
}

impl Found {
    /// Whether this value of `text` is a credential to report, not only to mask: every
    /// credential of a known shape is; a value found only by its secret-like key is when it
    /// reads as a literal: no spaces (prose: `'No token found.'`), and not a short run of
    /// letters alone (a name in inline code, `LifecycleActionToken: lcaToken`, a placeholder,
    /// `ServiceToken: anArn`, `DB_PASSWORD`); 16 letters or more read as a passphrase.
    pub fn is_credential(&self, text: &str) -> bool {
        if self.kind != Kind::SecretValue {
            return true;
        }
        let v = text
            .get(self.range.clone())
            .unwrap_or("")
            .trim()
            .trim_matches(|c| c == '"' || c == '\'');
        !v.is_empty()
            && !v.chars().any(char::is_whitespace)
            && (v.len() >= 16 || !v.chars().all(|c| c.is_ascii_alphabetic() || c == '_'))
    }

    fn new(range: Range<usize>, kind: Kind) -> Self {
        Found {
            range,
            kind,
            keep_start: 0,
            keep_end: 0,
        }
    }

    fn keeping(mut self, start: usize, end: usize) -> Self {
        self.keep_start = start;
        self.keep_end = end;
        self
    }
}

/// Every credential-shaped value in `text`, in order, not overlapping.
pub fn find(text: &str) -> Vec<Found> {
    let mut found = shapes::scan(text.as_bytes(), true);
    shapes::add_secret_keys_beside_key_ids(text.as_bytes(), &mut found);
    found.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    // A value found twice (a key id under a `token:` key) is kept once, the first and
    // longest; the more specific shape wins when both start at the same byte.
    let mut kept: Vec<Found> = Vec::with_capacity(found.len());
    for f in found {
        match kept.last_mut() {
            Some(last) if f.range.start < last.range.end => {
                last.range.end = last.range.end.max(f.range.end);
            }
            _ => kept.push(f),
        }
    }
    kept
}

/// The credentials in a value the reader already parsed, knowing the key it is the value of
/// (`None` for an array item or a top-level value): the shapes inside the value, or the whole
/// value when the key is secret-like and the value a literal. Ranges are into `value`.
pub fn judge(key: Option<&str>, value: &str) -> Vec<Found> {
    let found = find(value);
    if !found.is_empty() {
        return found;
    }
    match key {
        Some(key) if is_secret_key(key) && literal_secret_value(value, true) => {
            let trimmed = value.trim();
            let start = value.len() - value.trim_start().len();
            vec![Found::new(
                start..start + trimmed.len(),
                keyed::kind_for_key(key, trimmed),
            )]
        }
        _ => Vec::new(),
    }
}

/// `text` with every credential-shaped value masked: the same length in bytes (each
/// character replaced by one of the same UTF-8 width), so byte offsets into it stay valid
/// and lines keep their length. Borrowed when there is nothing to mask.
pub fn mask(text: &str) -> Cow<'_, str> {
    let found = find(text);
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in &found {
        out.push_str(&text[at..f.range.start]);
        push_masked(&mut out, &text[f.range.clone()], f);
        at = f.range.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// The value as messages show it: `AKIA************MPLE`, `hvs.*****`, `********`.
pub fn masked_value(value: &str, found: &Found) -> String {
    let mut out = String::with_capacity(value.len());
    push_masked(&mut out, value, found);
    out
}

/// Masks the whole of `text` (a value known to be secret, e.g. base64 that decodes to one),
/// same length.
pub fn mask_all(text: &str) -> String {
    masked_value(text, &Found::new(0..text.len(), Kind::SecretValue))
}

fn push_masked(out: &mut String, value: &str, found: &Found) {
    let keep_start = floor_char_boundary(value, found.keep_start.min(value.len()));
    let keep_end = value.len().saturating_sub(found.keep_end).max(keep_start);
    let keep_end = floor_char_boundary(value, keep_end);
    out.push_str(&value[..keep_start]);
    let mut escaped = false;
    for c in value[keep_start..keep_end].chars() {
        // Line breaks, quotes and escapes (`\n`, `\"` in a JSON string) stay, so a masked
        // private key keeps its lines and masked JSON output stays valid JSON.
        let keep = matches!(c, '\n' | '\r' | '"') || escaped || c == '\\';
        escaped = c == '\\' && !escaped;
        if keep {
            out.push(c);
        } else {
            out.push(mask_char(c.len_utf8()));
        }
    }
    out.push_str(&value[keep_end..]);
}

/// A mask character of `width` UTF-8 bytes.
fn mask_char(width: usize) -> char {
    match width {
        1 => '*',
        2 => '\u{00B7}', // ·
        3 => '\u{2022}', // •
        _ => '\u{1F512}',
    }
}

/// True for the characters [`mask`] writes.
pub(crate) fn is_mask_char(c: char) -> bool {
    matches!(c, '*' | '\u{00B7}' | '\u{2022}' | '\u{1F512}')
}

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    while at > 0 && !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_value_found_by_its_key_is_reported_when_it_reads_as_a_credential() {
        let reported = |text: &str| find(text).iter().any(|f| f.is_credential(text));
        assert!(reported("password: Pa55-w0rd!"));
        assert!(reported(
            "accessToken = \"YouShouldNotStoreThisInPlainText\""
        ));
        assert!(!reported("LifecycleActionToken: lcaToken,"));
        assert!(!reported("result_token = 'No token found.'"));
        assert!(reported("aws_access_key_id = AKIAIOSFODNN7EXAMPLE"));
    }

    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        find(text)
            .into_iter()
            .map(|f| (f.kind, &text[f.range]))
            .collect()
    }

    #[test]
    fn finds_each_shape() {
        assert_eq!(
            kinds("key AKIAIOSFODNN7EXAMPLE here"),
            [(Kind::AwsAccessKeyId, "AKIAIOSFODNN7EXAMPLE")]
        );
        assert_eq!(
            kinds("VAULT_TOKEN: hvs.CAESIJlU9sD0aWZ3Q2N4b1p6c0VqZ2F0"),
            [(Kind::VaultToken, "hvs.CAESIJlU9sD0aWZ3Q2N4b1p6c0VqZ2F0")]
        );
        assert_eq!(
            kinds("t = s.Xq7pL2mN9vR4tY6wZ1aB3cD5"),
            [(Kind::VaultToken, "s.Xq7pL2mN9vR4tY6wZ1aB3cD5")]
        );
        let gh = "ghp_R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s12";
        assert_eq!(kinds(gh), [(Kind::GitHubToken, gh)]);
        let pat = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz";
        assert_eq!(kinds(pat), [(Kind::GitHubToken, pat)]);
        assert_eq!(
            kinds("glpat-x9Yz8Wv7Ut6Sr5Qp4On3"),
            [(Kind::GitLabToken, "glpat-x9Yz8Wv7Ut6Sr5Qp4On3")]
        );
        assert_eq!(
            kinds("xoxb-1234567890-abcdefghijkl"),
            [(Kind::SlackToken, "xoxb-1234567890-abcdefghijkl")]
        );
        assert_eq!(
            kinds("https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX x"),
            [(Kind::SlackWebhook, "T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX")]
        );
        let block = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nIBAAK\n-----END RSA PRIVATE KEY-----";
        assert_eq!(kinds(block), [(Kind::PrivateKey, "\nMIIEow\nIBAAK\n")]);
    }

    #[test]
    fn finds_secrets_by_their_key_or_neighbour() {
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assert_eq!(kinds(secret), [(Kind::AwsSecretAccessKey, secret)]);
        let other = "q8Hx2/Lm0Pz7RkT4vW9yB3nC6dF1gJ5hK8sA0eX2";
        assert!(kinds(other).is_empty());
        assert_eq!(
            kinds(&format!("AKIAZ7Q4EXAMPLE3KH2N,{other}")),
            [
                (Kind::AwsAccessKeyId, "AKIAZ7Q4EXAMPLE3KH2N"),
                (Kind::AwsSecretAccessKey, other)
            ]
        );
        assert_eq!(
            kinds(&format!("aws_secret_access_key = {other}")),
            [(Kind::AwsSecretAccessKey, other)]
        );
        assert_eq!(
            kinds(r#"{"Password": "hunter2", "User": "bob"}"#),
            [(Kind::SecretValue, "hunter2")]
        );
        assert_eq!(
            kinds("DB_PASSWORD=s3cr3t!\nexport CLIENT_SECRET='abc def'"),
            [
                (Kind::SecretValue, "s3cr3t!"),
                (Kind::SecretValue, "abc def")
            ]
        );
        assert_eq!(kinds(r#"password = "x""#), [(Kind::SecretValue, "x")]);
        assert_eq!(
            kinds(r#""{\"password\":\"pw1\"}""#),
            [(Kind::SecretValue, "pw1")]
        );
    }

    #[test]
    fn leaves_lookalikes_alone() {
        for text in [
            "xAKIAIOSFODNN7EXAMPLE",
            "arn:aws:iam::123456789012:user/AKIA",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
            "password = var.db_password",
            "master_password = random_password.db.result",
            "Password: !Ref DbPassword",
            r#""Password": {"Ref": "DbPassword"}"#,
            "password: '{{resolve:secretsmanager:db:SecretString:password}}'",
            "manage_master_user_password = true",
            "password_length = 16",
            "secret_name = \"prod/db\"",
            r#"path "secret/data/token" { capabilities = ["read"] }"#,
            "Fn::Sub: x",
            "aws.s3.amazonaws.com",
            "token: \"${var.token}\"",
            "password: ********",
            "\"Action\": \"secretsmanager:GetSecretValue\"",
        ] {
            assert!(kinds(text).is_empty(), "{text}: {:?}", kinds(text));
        }
    }

    #[test]
    fn masks_in_place_with_a_hint() {
        assert_eq!(mask("id AKIAIOSFODNN7EXAMPLE."), "id AKIA************MPLE.");
        assert_eq!(
            mask("hvs.abcdefghijklmnopqrstuvwxyz"),
            "hvs.**************************"
        );
        assert_eq!(mask("password: h\u{e9}llo"), "password: *\u{b7}***");
        assert_eq!(mask("nothing here"), "nothing here");
        let text = "secret_key = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"";
        let masked = mask(text);
        assert_eq!(masked.len(), text.len());
        assert!(find(&masked).is_empty(), "{masked}");
    }

    #[test]
    fn judges_parsed_values_by_key() {
        assert_eq!(
            judge(Some("MasterUserPassword"), "Sup3rS3cret")[0].kind,
            Kind::SecretValue
        );
        assert!(judge(Some("Description"), "Sup3rS3cret").is_empty());
        assert!(judge(Some("token"), "${var.token}").is_empty());
        assert_eq!(
            judge(None, "AKIAIOSFODNN7EXAMPLE")[0].kind,
            Kind::AwsAccessKeyId
        );
    }
}

#[cfg(test)]
mod hostile {
    use super::*;

    #[test]
    fn long_lines_of_keys_and_prefixes_stay_linear() {
        // Each separator looks at most a bounded window ahead; these finish in milliseconds.
        let keys = "token: ${ ".repeat(100_000);
        assert!(find(&keys).is_empty());
        let begins = "-----BEGIN RSA PRIVATE KEY-----".repeat(10_000);
        assert_eq!(find(&begins).len(), 1);
        let ids = "AKIAIOSFODNN7EXAMPLE ".repeat(20_000);
        assert_eq!(find(&ids).len(), 20_000);
    }
}
