//! Values of secret-like keys: `password: x`, `"client_secret": "x"`, `token = "x"`,
//! `DB_PASSWORD=x`. The key decides that the value is secret, whatever its shape; a value that
//! is not a literal (a reference, a template, a dynamic reference) is not a secret written in
//! the file.

use crate::shapes::looks_like_secret_key;
use crate::{Found, Kind, is_mask_char};

/// What a secret-like key ends with, once lower-cased and stripped of `_`, `-` and `.`.
const SECRET_KEY_ENDINGS: [&str; 9] = [
    "password",
    "passwd",
    "passphrase",
    "secret",
    "secretkey",
    "secretaccesskey",
    "token",
    "apikey",
    "privatekey",
];

/// Keys that end like a secret but name something public: idempotency and paging tokens.
const NOT_SECRET_KEYS: [&str; 5] = [
    "clienttoken",
    "clientrequesttoken",
    "idempotencytoken",
    "nexttoken",
    "continuationtoken",
];

/// The longest key looked at (longer runs of letters are not keys).
const MAX_KEY: usize = 64;

/// How far a value is looked for after its key: a secret is never longer (a private key
/// block is found by its own shape), and the bound keeps a hostile line of `token: token:
/// ...` linear.
const MAX_VALUE: usize = 256;

/// Whether a key (`password`, `MasterUserPassword`, `AWS_SECRET_ACCESS_KEY`,
/// `ses_smtp_password_v4`) names a secret. Encrypted values (`encrypted_secret`) are not.
pub fn is_secret_key(key: &str) -> bool {
    secret_key_bytes(key.as_bytes())
}

fn secret_key_bytes(key: &[u8]) -> bool {
    if !ends_like_a_secret(key) {
        return false;
    }
    let mut buf = [0u8; MAX_KEY];
    let mut len = 0;
    for c in key {
        if c.is_ascii_alphanumeric() {
            if len == MAX_KEY {
                return false;
            }
            buf[len] = c.to_ascii_lowercase();
            len += 1;
        }
    }
    let mut name = &buf[..len];
    if name.starts_with(b"encrypted") {
        return false;
    }
    // A version suffix (`password_v4`, `token2`) does not change what the key names.
    let digits = name.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 {
        name = &name[..name.len() - digits];
        name = name.strip_suffix(b"v").unwrap_or(name);
    }
    SECRET_KEY_ENDINGS
        .iter()
        .any(|e| name.ends_with(e.as_bytes()))
        && !NOT_SECRET_KEYS.iter().any(|k| name == k.as_bytes())
}

/// A cheap first look: the last two letters of every secret-like ending (`rd`, `wd`, `se`,
/// `et`, `en`, `ey`), or a version digit; `Effect`, `Action`, `Resource` stop here.
fn ends_like_a_secret(key: &[u8]) -> bool {
    let mut letters = key.iter().rev().filter(|c| c.is_ascii_alphanumeric());
    let (Some(last), Some(before)) = (letters.next(), letters.next()) else {
        return false;
    };
    last.is_ascii_digit()
        || matches!(
            [before.to_ascii_lowercase(), last.to_ascii_lowercase()],
            [b'r', b'd'] | [b'w', b'd'] | [b's', b'e'] | [b'e', b't'] | [b'e', b'n'] | [b'e', b'y']
        )
}

/// Whether `value` (the text of a secret-like key's value, without its quotes) is a secret
/// written in the file: not empty, not a boolean or null, not a reference (`var.x`,
/// `random_password.db.result` when `quoted` is false), not a template (`${...}`) or a
/// CloudFormation dynamic reference (`{{resolve:...}}`), not already masked.
pub fn literal_secret_value(value: &str, quoted: bool) -> bool {
    let v = value.trim();
    if v.is_empty()
        || ["true", "false", "null", "none", "nil", "yes", "no", "~"]
            .iter()
            .any(|w| v.eq_ignore_ascii_case(w))
        || v.contains("${")
        || v.contains("{{")
        || v.contains("$(")
        || v.contains("****")
        || v.chars().all(is_mask_char)
    {
        return false;
    }
    quoted || !is_reference(v)
}

/// An unquoted expression such as `var.x`, `aws_db.x.password` or `file("x")`.
fn is_reference(v: &str) -> bool {
    let mut chars = v.chars();
    let starts_like_name = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    let after_name = v
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'));
    starts_like_name && matches!(after_name, Some('.' | '(' | '['))
}

/// The kind of a secret found by its key: an AWS secret key or session token when the key
/// says so (and the shape agrees), any other secret otherwise.
pub(crate) fn kind_for_key(key: &str, value: &str) -> Kind {
    let name: String = key
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if (name.contains("secretaccesskey") || name.ends_with("secretkey"))
        && looks_like_secret_key(value.as_bytes())
    {
        Kind::AwsSecretAccessKey
    } else if name.contains("sessiontoken") || name.contains("securitytoken") {
        Kind::AwsSessionToken
    } else {
        Kind::SecretValue
    }
}

/// At a `:` or `=` in the text: the value, when the key before it is secret-like and the
/// value after it a literal.
pub(crate) fn value_after_separator(b: &[u8], sep: usize) -> Option<Found> {
    let next = b.get(sep + 1).copied();
    let prev = sep.checked_sub(1).map(|p| b[p]);
    let mut value_from = sep + 1;
    match b[sep] {
        b':' => {
            if next == Some(b':') || prev == Some(b':') {
                return None;
            }
        }
        _ => {
            if matches!(next, Some(b'=' | b'~')) || matches!(prev, Some(b'=' | b'!' | b'<' | b'>'))
            {
                return None;
            }
            if next == Some(b'>') {
                value_from += 1;
            }
        }
    }
    if b[sep] == b':' && !matches!(next, None | Some(b' ' | b'\t' | b'\r' | b'\n')) {
        // `a:b` is a URL, an ARN or a time unless the key is quoted (`"a":b`).
        let before = b[..sep].iter().rev().find(|c| !matches!(c, b' ' | b'\t'));
        if !matches!(before, Some(b'"' | b'\'')) {
            return None;
        }
    }
    let key = key_before(b, sep)?;
    if b[sep] == b':' && !key.quoted && !matches!(next, None | Some(b' ' | b'\t' | b'\r' | b'\n')) {
        // `a:b` unquoted is a URL, an ARN or a time, not a YAML key.
        return None;
    }
    let key_text = std::str::from_utf8(&b[key.range.clone()]).ok()?;
    if !is_secret_key(key_text) {
        return None;
    }
    let value = value_range(b, value_from, b[sep] == b'=')?;
    let text = std::str::from_utf8(&b[value.range.clone()]).ok()?;
    if !literal_secret_value(text, value.quoted)
        || !crate::shapes::scan(text.as_bytes(), false).is_empty()
    {
        // A credential shape inside the value is found (and named) by its shape.
        return None;
    }
    Some(Found::new(value.range, kind_for_key(key_text, text)))
}

struct Piece {
    range: std::ops::Range<usize>,
    quoted: bool,
}

fn key_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.')
}

/// What may come before a key: the start of a line or of a mapping, a separator.
fn before_key(c: u8) -> bool {
    matches!(
        c,
        b' ' | b'\t' | b'\r' | b'\n' | b'{' | b',' | b'(' | b'[' | b';' | b'"' | b'\''
    )
}

/// The key that ends just before the separator at `sep` (spaces and a closing quote, maybe
/// escaped, allowed between them).
fn key_before(b: &[u8], sep: usize) -> Option<Piece> {
    let mut j = sep;
    while j > 0 && matches!(b[j - 1], b' ' | b'\t') && sep - j < 8 {
        j -= 1;
    }
    let mut quote = None;
    if j > 0 && matches!(b[j - 1], b'"' | b'\'') {
        quote = Some(b[j - 1]);
        j -= 1;
    }
    let escaped = quote.is_some() && j > 0 && b[j - 1] == b'\\';
    if escaped {
        j -= 1;
    }
    let mut k = j;
    while k > 0 && key_char(b[k - 1]) && j - k <= MAX_KEY {
        k -= 1;
    }
    if k == j || j - k > MAX_KEY {
        return None;
    }
    let key = k..j;
    let mut before = k;
    if let Some(q) = quote {
        if before == 0 || b[before - 1] != q {
            return None;
        }
        before -= 1;
        if escaped {
            if before == 0 || b[before - 1] != b'\\' {
                return None;
            }
            before -= 1;
        }
    }
    (before == 0 || before_key(b[before - 1])).then_some(Piece {
        range: key,
        quoted: quote.is_some(),
    })
}

/// The value after a separator: inside its quotes, or the rest of the line (to the first
/// space for `KEY=value`) when not quoted; `None` for nothing, a block or a reference sigil.
fn value_range(b: &[u8], from: usize, stops_at_space: bool) -> Option<Piece> {
    let mut i = from;
    while i < b.len() && matches!(b[i], b' ' | b'\t') {
        i += 1;
    }
    let window = &b[i.min(b.len())..(i + MAX_VALUE).min(b.len())];
    let line_end = window
        .iter()
        .position(|c| matches!(c, b'\n' | b'\r'))
        .map_or(i + window.len(), |p| i + p);
    let first = *b.get(i)?;
    let escaped_quote = first == b'\\' && b.get(i + 1) == Some(&b'"');
    if first == b'"' || first == b'\'' || escaped_quote {
        let start = if escaped_quote { i + 2 } else { i + 1 };
        let mut j = start;
        while j < line_end {
            let c = b[j];
            if escaped_quote && c == b'\\' && b.get(j + 1) == Some(&b'"') {
                break;
            }
            if !escaped_quote && c == first {
                break;
            }
            if first == b'"' && c == b'\\' {
                j += 2;
                continue;
            }
            j += 1;
        }
        let end = j.min(line_end);
        return (end > start).then_some(Piece {
            range: start..end,
            quoted: true,
        });
    }
    if i >= line_end
        || matches!(
            first,
            b'!' | b'{'
                | b'['
                | b'$'
                | b'&'
                | b'*'
                | b'|'
                | b'>'
                | b'('
                | b'<'
                | b'%'
                | b'`'
                | b'#'
        )
    {
        return None;
    }
    let mut end = i;
    while end < line_end {
        let c = b[end];
        if matches!(c, b',' | b'}' | b']' | b'"')
            || (stops_at_space && matches!(c, b' ' | b'\t'))
            || (c == b'#' && matches!(b[end - 1], b' ' | b'\t'))
        {
            break;
        }
        end += 1;
    }
    while end > i && matches!(b[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    (end > i).then_some(Piece {
        range: i..end,
        quoted: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_like_keys() {
        for key in [
            "password",
            "MasterUserPassword",
            "master_password",
            "AWS_SECRET_ACCESS_KEY",
            "client_secret",
            "token",
            "aws_session_token",
            "ses_smtp_password_v4",
            "api-key",
            "VAULT_TOKEN",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        for key in [
            "password_length",
            "secret_name",
            "SecretId",
            "encrypted_secret",
            "ClientRequestToken",
            "Description",
            "access_key",
        ] {
            assert!(!is_secret_key(key), "{key}");
        }
    }

    #[test]
    fn literals_and_references() {
        assert!(literal_secret_value("hunter2", false));
        assert!(literal_secret_value("var.x", true));
        assert!(!literal_secret_value("var.x", false));
        assert!(!literal_secret_value("file(\"pw\")", false));
        assert!(!literal_secret_value("${var.x}", true));
        assert!(!literal_secret_value("True", false));
    }
}
