//! Turning a file's bytes into text, the same way for every front-end: UTF-8 with or without a
//! byte order mark, and UTF-16 or UTF-32 when a byte order mark says so. The mark is dropped, so
//! that line 1 column 1 is the first character an editor shows; for UTF-16 and UTF-32 files,
//! positions refer to the decoded text (lines and columns are those of the file, byte offsets
//! are not).

use std::fmt;

/// How a file was encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with a byte order mark",
            Encoding::Utf16Le => "UTF-16 LE",
            Encoding::Utf16Be => "UTF-16 BE",
            Encoding::Utf32Le => "UTF-32 LE",
            Encoding::Utf32Be => "UTF-32 BE",
        }
    }
}

/// Why bytes are no text polgen reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// 1-based line and column of the first bad byte, counted in the text before it.
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for DecodeError {}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The text of `bytes` and the encoding it was read in.
pub fn decode(bytes: Vec<u8>) -> Result<(String, Encoding), DecodeError> {
    // UTF-32 LE's mark starts like UTF-16 LE's: test it first.
    let (encoding, skip) = if bytes.starts_with(b"\xFF\xFE\0\0") {
        (Encoding::Utf32Le, 4)
    } else if bytes.starts_with(b"\0\0\xFE\xFF") {
        (Encoding::Utf32Be, 4)
    } else if bytes.starts_with(b"\xFF\xFE") {
        (Encoding::Utf16Le, 2)
    } else if bytes.starts_with(b"\xFE\xFF") {
        (Encoding::Utf16Be, 2)
    } else if bytes.starts_with(UTF8_BOM) {
        (Encoding::Utf8Bom, UTF8_BOM.len())
    } else {
        (Encoding::Utf8, 0)
    };
    let body = bytes.get(skip..).unwrap_or_default();
    let text = match encoding {
        Encoding::Utf8 => {
            // NUL is valid UTF-8: UTF-16 saved without a mark would decode to garbage.
            if let Some(kind) = no_bom_utf16(&bytes) {
                let message =
                    format!("not UTF-8 text: looks like {kind} without a byte order mark");
                return Err(error_after("", message));
            }
            utf8(bytes)?
        }
        Encoding::Utf8Bom => utf8(body.to_vec())?,
        Encoding::Utf16Le => utf16(body, u16::from_le_bytes)?,
        Encoding::Utf16Be => utf16(body, u16::from_be_bytes)?,
        Encoding::Utf32Le => utf32(body, u32::from_le_bytes)?,
        Encoding::Utf32Be => utf32(body, u32::from_be_bytes)?,
    };
    Ok((text, encoding))
}

/// [`decode`] for callers that only need the text.
pub fn decode_text(bytes: Vec<u8>) -> Result<String, DecodeError> {
    decode(bytes).map(|(text, _)| text)
}

fn utf8(bytes: Vec<u8>) -> Result<String, DecodeError> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let bad = bytes.get(at).copied().unwrap_or(0);
        let before = String::from_utf8_lossy(bytes.get(..at).unwrap_or_default());
        error_after(&before, format!("not UTF-8 text: invalid byte 0x{bad:02X}"))
    })
}

/// UTF-16 saved without a mark: ASCII text has a NUL in every other byte.
fn no_bom_utf16(bytes: &[u8]) -> Option<&'static str> {
    let head = bytes.get(..bytes.len().min(64))?;
    if head.len() < 4 {
        return None;
    }
    let zeros_at = |parity: usize| {
        head.iter()
            .enumerate()
            .filter(|(i, b)| i % 2 == parity && **b == 0)
            .count()
    };
    let half = head.len() / 2;
    if zeros_at(1) * 4 >= half * 3 && zeros_at(0) == 0 {
        Some("UTF-16 LE")
    } else if zeros_at(0) * 4 >= half * 3 && zeros_at(1) == 0 {
        Some("UTF-16 BE")
    } else {
        None
    }
}

fn utf16(body: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    let units = body
        .chunks(2)
        .map(|c| <[u8; 2]>::try_from(c).map(unit).unwrap_or(0xFFFF_u16));
    if !body.len().is_multiple_of(2) {
        let text: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        return Err(error_after(
            text.trim_end_matches(['\u{FFFF}', char::REPLACEMENT_CHARACTER]),
            "not UTF-16 text: odd number of bytes".to_string(),
        ));
    }
    let mut text = String::with_capacity(body.len() / 2);
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => text.push(c),
            Err(e) => {
                let message = format!(
                    "not UTF-16 text: unpaired surrogate 0x{:04X}",
                    e.unpaired_surrogate()
                );
                return Err(error_after(&text, message));
            }
        }
    }
    Ok(text)
}

fn utf32(body: &[u8], unit: fn([u8; 4]) -> u32) -> Result<String, DecodeError> {
    let mut text = String::with_capacity(body.len() / 4);
    for chunk in body.chunks(4) {
        let value = <[u8; 4]>::try_from(chunk).map(unit);
        match value.ok().and_then(char::from_u32) {
            Some(c) => text.push(c),
            None => {
                let message = "not UTF-32 text: a value that is no character".to_string();
                return Err(error_after(&text, message));
            }
        }
    }
    Ok(text)
}

/// An error at the position just after `before`.
fn error_after(before: &str, message: String) -> DecodeError {
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    DecodeError {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    #[test]
    fn byte_order_marks_are_dropped() {
        let text = b"\xEF\xBB\xBF{\"a\": 1}".to_vec();
        assert_eq!(
            decode(text).ok(),
            Some(("{\"a\": 1}".to_string(), Encoding::Utf8Bom))
        );
        assert_eq!(
            decode(utf16le("é\r\nx", true)).ok(),
            Some(("é\r\nx".to_string(), Encoding::Utf16Le))
        );
        let mut be = vec![0xFE, 0xFF];
        be.extend("a😀".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode_text(be).ok().as_deref(), Some("a😀"));
        let mut utf32 = vec![0xFF, 0xFE, 0, 0];
        utf32.extend("ab".chars().flat_map(|c| u32::from(c).to_le_bytes()));
        assert_eq!(
            decode(utf32).ok(),
            Some(("ab".to_string(), Encoding::Utf32Le))
        );
    }

    #[test]
    fn a_bad_byte_is_positioned_by_line_and_column() {
        let err = decode(b"ab\r\ncd\xFFe".to_vec()).expect_err("invalid UTF-8");
        assert_eq!(err.to_string(), "2:3: not UTF-8 text: invalid byte 0xFF");
    }

    #[test]
    fn utf16_without_a_mark_is_named() {
        let err = decode(utf16le("{\"Statement\": []}", false)).expect_err("UTF-16");
        assert_eq!(
            err.message,
            "not UTF-8 text: looks like UTF-16 LE without a byte order mark"
        );
    }

    #[test]
    fn broken_utf16_is_positioned() {
        let mut bytes = utf16le("a\nb", true);
        bytes.extend([0x00, 0xD8, b'x', 0]);
        let err = decode(bytes).expect_err("unpaired surrogate");
        assert_eq!((err.line, err.column), (2, 2));
    }
}
