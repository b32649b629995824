//! Base64 that hides text (an EC2 `UserData` script, a Kubernetes secret): decoded so the
//! detector can look inside.

/// The text `s` encodes, when `s` is standard base64 (line breaks allowed, padding optional)
/// of at least 16 characters and decodes to UTF-8 text; `None` for anything else.
pub fn decode_base64_text(s: &str) -> Option<String> {
    let mut bits: u32 = 0;
    let mut count = 0;
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let mut digits = 0usize;
    let mut padding = 0;
    for c in s.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                padding += 1;
                continue;
            }
            b'\n' | b'\r' | b' ' | b'\t' => continue,
            _ => return None,
        };
        if padding > 0 {
            return None; // data after padding
        }
        digits += 1;
        bits = (bits << 6) | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    if digits < 16 || digits % 4 == 1 || padding > 2 {
        return None;
    }
    let text = String::from_utf8(out).ok()?;
    let printable = text
        .chars()
        .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'));
    printable.then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_text_only() {
        assert_eq!(
            decode_base64_text("IyEvYmluL2Jhc2gKZWNobyBoaQo=").as_deref(),
            Some("#!/bin/bash\necho hi\n")
        );
        assert_eq!(
            decode_base64_text("IyEvYmluL2Jhc2gK\nZWNobyBoaQo").as_deref(),
            Some("#!/bin/bash\necho hi\n")
        );
        assert_eq!(decode_base64_text("not base64 at all!"), None);
        assert_eq!(decode_base64_text("AAAAAAAAAAAAAAAAAAAA"), None); // NUL bytes
        assert_eq!(decode_base64_text("aGk="), None); // too short to hide a secret
    }
}
