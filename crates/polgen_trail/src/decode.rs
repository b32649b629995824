//! Turning a file's bytes into JSON text: gzip is recognised by its magic bytes, not by the
//! file name, and inflated in one go into a buffer sized from the gzip trailer, never past the
//! decompressed-size limit (deflate shrinks a run of one byte about 1,000 times: a 1 MB file of
//! gzipped spaces is 1 GB of text, a 10 MB bomb 10 GB). Then bytes become text, with the bad
//! bytes of a file that is not quite UTF-8 replaced and remembered, so that only the records
//! holding them are refused.

use flate2::read::MultiGzDecoder;
use polgen_source::read::{ReadError, describe_size, read_at_most};

/// How much of its input a scan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest file (or S3 object, or page) read, after decompression.
    pub max_file_bytes: u64,
    /// The largest record read on its own: a line of JSON lines, an item of an array or of a
    /// `Records` document that is read record by record, a `_raw` wrapper.
    pub max_record_bytes: u64,
}

/// CloudTrail delivers files of a few MB (one every five minutes per region) and events of at
/// most 256 KB; the defaults are far above both and keep a hostile file from taking gigabytes.
impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: polgen_source::read::DEFAULT_MAX_FILE_BYTES,
            max_record_bytes: 4 * 1024 * 1024,
        }
    }
}

/// The largest size a gzip trailer is trusted for when presizing (it is the size modulo 4 GiB,
/// and a corrupt file could claim anything).
const MAX_PRESIZE: usize = 1 << 30;

/// True when `bytes` start like a gzip stream.
pub(crate) fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// The inflated content of `bytes` when they are gzip, else `bytes` unchanged; either way at
/// most `max_bytes` of it.
pub fn decode(bytes: Vec<u8>, max_bytes: u64) -> Result<Vec<u8>, String> {
    let too_large = || {
        format!(
            "larger than {} once decompressed (the limit is set by --max-file-size)",
            describe_size(max_bytes)
        )
    };
    if !is_gzip(&bytes) {
        if bytes.len() as u64 > max_bytes {
            return Err(too_large());
        }
        return Ok(bytes);
    }
    let presize = presize(&bytes) as u64;
    match read_at_most(MultiGzDecoder::new(bytes.as_slice()), max_bytes, presize) {
        Ok(out) => Ok(out),
        Err(ReadError::TooLarge { .. }) => Err(too_large()),
        Err(ReadError::Io(e)) => Err(format!("bad gzip data: {e}")),
        Err(e) => Err(e.to_string()),
    }
}

/// Text made from bytes that may not all be UTF-8.
#[derive(Debug, Default)]
pub struct Text {
    pub text: String,
    /// Offsets in `text` of the U+FFFD that replaced bytes that were no UTF-8.
    pub bad_bytes: Vec<usize>,
}

/// The text of decoded bytes: a UTF-8 byte order mark is dropped, UTF-16 and UTF-32 with one
/// are decoded (as `polgen_source::text` does for every input); otherwise each byte sequence
/// that is no UTF-8 becomes U+FFFD and is remembered.
pub fn to_text(bytes: Vec<u8>) -> Result<Text, String> {
    let has_other_bom = [&b"\xFF\xFE"[..], b"\xFE\xFF", b"\0\0\xFE\xFF"]
        .iter()
        .any(|bom| bytes.starts_with(bom));
    if has_other_bom {
        return polgen_source::text::decode_text(bytes)
            .map(|text| Text {
                text,
                bad_bytes: Vec::new(),
            })
            .map_err(|e| e.to_string());
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if std::str::from_utf8(body).is_ok() {
        let skip = bytes.len() - body.len();
        let mut bytes = bytes;
        bytes.drain(..skip);
        return Ok(Text {
            text: String::from_utf8(bytes).unwrap_or_default(),
            bad_bytes: Vec::new(),
        });
    }
    let mut out = Text {
        text: String::with_capacity(body.len()),
        bad_bytes: Vec::new(),
    };
    for chunk in body.utf8_chunks() {
        out.text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            out.bad_bytes.push(out.text.len());
            out.text.push(char::REPLACEMENT_CHARACTER);
        }
    }
    Ok(out)
}

/// The decompressed size a gzip member announces in its last four bytes (ISIZE), capped; for
/// CloudTrail files (one member, well under 4 GiB) it is exact, so the buffer never grows.
fn presize(bytes: &[u8]) -> usize {
    let announced = bytes
        .len()
        .checked_sub(4)
        .and_then(|start| bytes.get(start..))
        .and_then(|tail| <[u8; 4]>::try_from(tail).ok())
        .map_or(0, |tail| u32::from_le_bytes(tail) as usize);
    // Compressed JSON rarely shrinks more than 50x; a larger claim is a corrupt trailer.
    announced
        .min(MAX_PRESIZE)
        .min(bytes.len().saturating_mul(64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::GzEncoder;
    use std::io::Write;

    fn gzip(text: &[u8]) -> Vec<u8> {
        let mut enc = GzEncoder::new(Vec::new(), Compression::default());
        enc.write_all(text).expect("test input is valid");
        enc.finish().expect("test input is valid")
    }

    #[test]
    fn plain_bytes_pass_through() {
        assert_eq!(
            decode(b"{}".to_vec(), 2).expect("test input is valid"),
            b"{}"
        );
        assert!(decode(b"{}".to_vec(), 1).is_err());
    }

    #[test]
    fn gzip_is_detected_by_content() {
        let text = br#"{"Records":[]}"#.repeat(100);
        let packed = gzip(&text);
        assert_eq!(presize(&packed), text.len());
        assert_eq!(decode(packed, 1 << 20).expect("test input is valid"), text);
    }

    #[test]
    fn truncated_gzip_is_an_error() {
        let mut packed = gzip(&br#"{"Records":[]}"#.repeat(100));
        packed.truncate(packed.len() / 2);
        assert!(decode(packed, 1 << 20).is_err());
    }

    #[test]
    fn a_gzip_bomb_stops_at_the_limit() {
        let packed = gzip(&vec![b' '; 8 << 20]);
        let err = decode(packed, 1 << 20).expect_err("over the limit");
        assert_eq!(
            err,
            "larger than 1 MiB once decompressed (the limit is set by --max-file-size)"
        );
    }

    #[test]
    fn bad_bytes_are_replaced_and_remembered() {
        let text = to_text(b"\xEF\xBB\xBF{\"a\":\"\xFF\"}".to_vec()).expect("text");
        assert_eq!(text.text, "{\"a\":\"\u{FFFD}\"}");
        assert_eq!(text.bad_bytes, [6]);
        let utf16: Vec<u8> = [0xFF, 0xFE, b'{', 0, b'}', 0].to_vec();
        assert_eq!(to_text(utf16).expect("UTF-16").text, "{}");
    }
}
