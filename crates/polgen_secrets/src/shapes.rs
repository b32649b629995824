//! The single pass over the bytes: each byte that can start a credential (`A` of `AKIA`, `h`
//! of `hvs.`, `-` of `-----BEGIN`, the `:` or `=` after a key, ...) gets the one test that
//! applies; every other byte costs a table look-up.

use crate::keyed;
use crate::{Found, Kind};

/// The prefixes of AWS access key ids: long-term user keys, temporary (STS) keys, bearer
/// tokens and certificate-based keys.
const ACCESS_KEY_PREFIXES: [&[u8; 4]; 4] = [b"AKIA", b"ASIA", b"ABIA", b"ACCA"];

/// How STS session tokens begin (base64 of their binary header), old and new formats.
const SESSION_TOKEN_PREFIXES: [&[u8]; 4] = [
    b"IQoJb3JpZ2luX2Vj",
    b"AgoJb3JpZ2luX2Vj",
    b"FwoGZXIvYXdzE",
    b"FQoGZXIvYXdzE",
];

const VAULT_PREFIXES: [&[u8]; 3] = [b"hvs.", b"hvb.", b"hvr."];
const GITHUB_PREFIXES: [&[u8]; 5] = [b"ghp_", b"gho_", b"ghu_", b"ghs_", b"ghr_"];
const GITLAB_PREFIXES: [&[u8]; 9] = [
    b"glpat-", b"glptt-", b"gldt-", b"glrt-", b"glcbt-", b"glimt-", b"gloas-", b"glsoat-",
    b"glffct-",
];
const SLACK_WEBHOOK: &[u8] = b"hooks.slack.com/services/";
const PRIVATE_KEY_BEGIN: &[u8] = b"-----BEGIN ";

/// AWS's documented example secret access key: masked wherever it appears.
const EXAMPLE_SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/// Bytes that can start a credential or end the key of a keyed value.
const fn triggers() -> [bool; 256] {
    let mut t = [false; 256];
    let starts = b"AIFhsgxw-:=";
    let mut i = 0;
    while i < starts.len() {
        t[starts[i] as usize] = true;
        i += 1;
    }
    t
}
static TRIGGERS: [bool; 256] = triggers();

/// Whether the byte after a trigger can continue what the trigger starts.
fn second_byte_fits(first: u8, second: Option<u8>) -> bool {
    let Some(second) = second else {
        return matches!(first, b':' | b'=');
    };
    match first {
        b'A' => matches!(second, b'K' | b'S' | b'B' | b'C' | b'g'),
        b'I' => second == b'Q',
        b'F' => matches!(second, b'w' | b'Q'),
        b'h' => matches!(second, b'v' | b'o'),
        b's' => second == b'.',
        b'g' => matches!(second, b'h' | b'i' | b'l'),
        b'x' => second == b'o',
        b'-' => second == b'-',
        b'w' => second == b'J',
        _ => true,
    }
}

/// Every credential in `b`: shapes, and with `keyed` the values of secret-like keys.
pub(crate) fn scan(b: &[u8], keyed: bool) -> Vec<Found> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        // Most bytes start nothing; of those that may, the next byte rules out almost all
        // (`s3:` is not `s.`, `Allow` is not `AKIA`), before any call.
        if !TRIGGERS[b[i] as usize] || !second_byte_fits(b[i], b.get(i + 1).copied()) {
            i += 1;
            continue;
        }
        let hit = match b[i] {
            b'A' => access_key_id(b, i).or_else(|| session_token(b, i)),
            b'I' | b'F' => session_token(b, i),
            b'h' => prefixed(b, i, &VAULT_PREFIXES, 20, token_char, Kind::VaultToken)
                .or_else(|| slack_webhook(b, i)),
            b's' => legacy_vault_token(b, i),
            b'g' => prefixed(b, i, &GITHUB_PREFIXES, 30, alnum, Kind::GitHubToken)
                .or_else(|| prefixed(b, i, &[b"github_pat_"], 22, word_char, Kind::GitHubToken))
                .or_else(|| prefixed(b, i, &GITLAB_PREFIXES, 20, token_char, Kind::GitLabToken)),
            b'x' => slack_token(b, i),
            b'-' => private_key(b, i),
            b'w' => b[i..]
                .starts_with(EXAMPLE_SECRET_KEY.as_bytes())
                .then(|| Found::new(i..i + EXAMPLE_SECRET_KEY.len(), Kind::AwsSecretAccessKey)),
            _ if keyed => keyed::value_after_separator(b, i),
            _ => None,
        };
        match hit {
            Some(f) => {
                i = f.range.end.max(i + 1);
                found.push(f);
            }
            None => i += 1,
        }
    }
    found
}

/// A secret access key is 40 base64 characters; alone that is any hash, but beside an access
/// key id (the same line of a CSV, the next line of a credentials file) it is the key's secret.
pub(crate) fn add_secret_keys_beside_key_ids(b: &[u8], found: &mut Vec<Found>) {
    const NEAR: usize = 200;
    let ids: Vec<std::ops::Range<usize>> = found
        .iter()
        .filter(|f| f.kind == Kind::AwsAccessKeyId)
        .map(|f| f.range.clone())
        .collect();
    let mut searched_to = 0;
    for id in ids {
        let from = id.start.saturating_sub(NEAR).max(searched_to);
        let to = (id.end + NEAR).min(b.len());
        let mut i = from;
        while i < to {
            let starts_run = i == 0 || !secret_key_char(b[i - 1]);
            if !secret_key_char(b[i]) {
                i += 1;
                continue;
            }
            let end = run_end(b, i, secret_key_char);
            if starts_run && looks_like_secret_key(&b[i..end]) {
                found.push(Found::new(i..end, Kind::AwsSecretAccessKey));
            }
            i = end;
        }
        searched_to = to;
    }
}

/// 40 base64 characters with both cases and a digit or `/` `+` (not a hex digest or a word).
pub(crate) fn looks_like_secret_key(s: &[u8]) -> bool {
    s.len() == 40
        && s.iter().all(|c| secret_key_char(*c))
        && s.iter().any(u8::is_ascii_lowercase)
        && s.iter().any(u8::is_ascii_uppercase)
        && s.iter()
            .any(|c| c.is_ascii_digit() || matches!(c, b'/' | b'+'))
}

fn access_key_id(b: &[u8], i: usize) -> Option<Found> {
    let prefix = b.get(i..i + 4)?;
    if !ACCESS_KEY_PREFIXES.iter().any(|p| prefix == *p) || !starts_word(b, i) {
        return None;
    }
    let body = b.get(i + 4..i + 20)?;
    let body_ok = body
        .iter()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let ends = b.get(i + 20).is_none_or(|c| !c.is_ascii_alphanumeric());
    (body_ok && ends).then(|| Found::new(i..i + 20, Kind::AwsAccessKeyId).keeping(4, 4))
}

fn session_token(b: &[u8], i: usize) -> Option<Found> {
    let rest = b.get(i..)?;
    if !SESSION_TOKEN_PREFIXES.iter().any(|p| rest.starts_with(p)) || !starts_word(b, i) {
        return None;
    }
    let end = run_end(b, i, base64_char);
    (end - i >= 100).then(|| Found::new(i..end, Kind::AwsSessionToken))
}

/// A token that is one of `prefixes` followed by at least `min` characters of `body`.
fn prefixed(
    b: &[u8],
    i: usize,
    prefixes: &[&[u8]],
    min: usize,
    body: fn(u8) -> bool,
    kind: Kind,
) -> Option<Found> {
    let rest = b.get(i..)?;
    let prefix = prefixes.iter().find(|p| rest.starts_with(p))?;
    if !starts_word(b, i) {
        return None;
    }
    let end = run_end(b, i + prefix.len(), body);
    (end - i - prefix.len() >= min).then(|| Found::new(i..end, kind).keeping(prefix.len(), 0))
}

/// Vault's service tokens before 1.10: `s.` and 24 base62 characters.
fn legacy_vault_token(b: &[u8], i: usize) -> Option<Found> {
    if b.get(i + 1) != Some(&b'.') || !starts_word(b, i) || (i > 0 && b[i - 1] == b'.') {
        return None;
    }
    let end = run_end(b, i + 2, alnum);
    let body = &b[i + 2..end];
    let mixed = body.iter().any(u8::is_ascii_lowercase)
        && body.iter().any(u8::is_ascii_uppercase)
        && body.iter().any(u8::is_ascii_digit);
    let ends = b.get(end).is_none_or(|c| !matches!(c, b'.' | b'_' | b'-'));
    (body.len() == 24 && mixed && ends).then(|| Found::new(i..end, Kind::VaultToken).keeping(2, 0))
}

fn slack_token(b: &[u8], i: usize) -> Option<Found> {
    let rest = b.get(i..i + 5)?;
    let ok = rest.starts_with(b"xox")
        && matches!(rest[3], b'a' | b'b' | b'p' | b'r' | b's' | b'e')
        && rest[4] == b'-'
        && starts_word(b, i);
    if !ok {
        return None;
    }
    let end = run_end(b, i + 5, |c| c.is_ascii_alphanumeric() || c == b'-');
    (end - i - 5 >= 10).then(|| Found::new(i..end, Kind::SlackToken).keeping(5, 0))
}

/// The secret path of a Slack incoming webhook (the host and `/services/` stay visible).
fn slack_webhook(b: &[u8], i: usize) -> Option<Found> {
    if !b.get(i..)?.starts_with(SLACK_WEBHOOK) {
        return None;
    }
    let start = i + SLACK_WEBHOOK.len();
    let end = run_end(b, start, |c| {
        c.is_ascii_alphanumeric() || c == b'/' || c == b'_'
    });
    (end - start >= 20).then(|| Found::new(start..end, Kind::SlackWebhook))
}

/// The body of a PEM private key block: from its `BEGIN` line to its `END` line (or to the end
/// of the text when the block is cut off).
fn private_key(b: &[u8], i: usize) -> Option<Found> {
    if !b.get(i..)?.starts_with(PRIVATE_KEY_BEGIN) {
        return None;
    }
    let header_from = i + PRIVATE_KEY_BEGIN.len();
    let line_end = b[header_from..]
        .iter()
        .take(80)
        .position(|c| *c == b'\n' || *c == b'\\' || *c == b'"')
        .map_or((header_from + 80).min(b.len()), |p| header_from + p);
    let header = &b[header_from..line_end];
    let close = find_bytes(header, b"PRIVATE KEY-----")?;
    let start = header_from + close + b"PRIVATE KEY-----".len();
    let end = find_bytes(&b[start..], b"-----END").map_or(b.len(), |p| start + p);
    Some(Found::new(start..end, Kind::PrivateKey))
}

fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut from = 0;
    while let Some(p) = haystack.get(from..)?.iter().position(|c| *c == first) {
        let at = from + p;
        if haystack.get(at..at + needle.len()) == Some(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// A credential starts a word: the byte before it is not a letter, digit or `_`.
fn starts_word(b: &[u8], i: usize) -> bool {
    i == 0 || !word_char(b[i - 1])
}

fn run_end(b: &[u8], from: usize, class: fn(u8) -> bool) -> usize {
    b.get(from..)
        .and_then(|rest| rest.iter().position(|c| !class(*c)))
        .map_or(b.len(), |p| from + p)
}

fn alnum(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

fn word_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn token_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

/// The alphabet of secret access keys (base64 without padding).
fn secret_key_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'/' | b'+')
}

pub(crate) fn base64_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'/' | b'+' | b'=')
}
