//! Turning a file's bytes into JSON text: gzip is recognised by its magic bytes, not by the
//! file name, and inflated in one go into a buffer sized from the gzip trailer.

use std::io::Read;

use flate2::read::MultiGzDecoder;

/// The largest size a gzip trailer is trusted for when presizing (it is the size modulo 4 GiB,
/// and a corrupt file could claim anything).
const MAX_PRESIZE: usize = 1 << 30;

/// True when `bytes` start like a gzip stream.
pub(crate) fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// The inflated content of `bytes` when they are gzip, else `bytes` unchanged.
pub fn decode(bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    if !is_gzip(&bytes) {
        return Ok(bytes);
    }
    let mut out = Vec::with_capacity(presize(&bytes));
    MultiGzDecoder::new(bytes.as_slice())
        .read_to_end(&mut out)
        .map_err(|e| format!("bad gzip data: {e}"))?;
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
        assert_eq!(decode(b"{}".to_vec()).expect("test input is valid"), b"{}");
    }

    #[test]
    fn gzip_is_detected_by_content() {
        let text = br#"{"Records":[]}"#.repeat(100);
        let packed = gzip(&text);
        assert_eq!(presize(&packed), text.len());
        assert_eq!(decode(packed).expect("test input is valid"), text);
    }

    #[test]
    fn truncated_gzip_is_an_error() {
        let mut packed = gzip(&br#"{"Records":[]}"#.repeat(100));
        packed.truncate(packed.len() / 2);
        assert!(decode(packed).is_err());
    }
}
