//! The one way polgen opens a file for reading: only regular files (a FIFO blocks in `open`, a
//! device such as `/dev/zero` never ends, a socket cannot be read), and never more than a limit,
//! so that no input can hang polgen or grow its memory without bound.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

/// The default limit on the bytes read from one file: far above any policy, template, plan or
/// CloudTrail file (CloudTrail delivers files of a few MB; its largest are well under this).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// A FIFO, device, socket, or a folder.
    NotRegular(&'static str),
    /// Larger than the limit (the size when known from the metadata).
    TooLarge {
        limit: u64,
    },
    Io(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotRegular(kind) => write!(f, "not a regular file ({kind})"),
            ReadError::TooLarge { limit } => {
                write!(f, "larger than the {} polgen reads", describe_size(*limit))
            }
            ReadError::Io(e) => f.write_str(&io_message(e)),
        }
    }
}

impl std::error::Error for ReadError {}

/// A size for messages: whole MiB when it is one, else bytes.
pub fn describe_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// A short, lowercase description of an I/O error without Rust's `(os error N)` suffix.
pub fn io_message(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied: cannot read this file".to_string(),
        _ => {
            let text = err.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text).to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(c) => c.to_lowercase().collect::<String>() + chars.as_str(),
                None => text,
            }
        }
    }
}

/// What a path that is not a regular file is, for the error message.
fn kind_of(meta: &fs::Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let ty = meta.file_type();
    if ty.is_file() {
        None
    } else if ty.is_dir() {
        Some("a folder")
    } else if ty.is_fifo() {
        Some("a FIFO")
    } else if ty.is_char_device() {
        Some("a character device")
    } else if ty.is_block_device() {
        Some("a block device")
    } else if ty.is_socket() {
        Some("a socket")
    } else {
        Some("a special file")
    }
}

/// Checks, without opening it, that `path` is (or links to) a regular file.
pub fn check_regular(path: &Path) -> Result<fs::Metadata, ReadError> {
    // The link itself, then what it points to: a `*.json` symlink to `/dev/zero` is refused.
    let own = fs::symlink_metadata(path).map_err(ReadError::Io)?;
    let meta = if own.file_type().is_symlink() {
        fs::metadata(path).map_err(ReadError::Io)?
    } else {
        own
    };
    match kind_of(&meta) {
        Some(kind) => Err(ReadError::NotRegular(kind)),
        None => Ok(meta),
    }
}

/// The bytes of the regular file `path`, at most `limit` of them.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = check_regular(path)?;
    if meta.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    let file = File::open(path).map_err(ReadError::Io)?;
    // The file may have been swapped for something else between the check and the open.
    if let Some(kind) = kind_of(&file.metadata().map_err(ReadError::Io)?) {
        return Err(ReadError::NotRegular(kind));
    }
    read_at_most(file, limit, meta.len())
}

/// Reads `reader` to its end, failing once more than `limit` bytes come (a file that grows
/// while it is read, a decompressor).
pub fn read_at_most(reader: impl Read, limit: u64, size_hint: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(usize::try_from(size_hint.min(limit)).unwrap_or(0));
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_folders_are_refused_before_opening() {
        let zero = read_limited(Path::new("/dev/zero"), 1024).expect_err("a device");
        assert_eq!(zero.to_string(), "not a regular file (a character device)");
        let dir = read_limited(Path::new("/"), 1024).expect_err("a folder");
        assert_eq!(dir.to_string(), "not a regular file (a folder)");
    }

    #[test]
    fn the_limit_is_enforced_while_reading() {
        let data = [b'x'; 100];
        assert_eq!(
            read_at_most(&data[..], 100, 0).map(|b| b.len()).ok(),
            Some(100)
        );
        let err = read_at_most(&data[..], 99, 0).expect_err("over the limit");
        assert_eq!(err.to_string(), "larger than the 99 bytes polgen reads");
        assert_eq!(describe_size(8 * 1024 * 1024), "8 MiB");
    }

    #[test]
    fn a_missing_file_says_so() {
        let err = read_limited(Path::new("/no/such/file"), 10).expect_err("missing");
        assert_eq!(err.to_string(), "no such file or directory");
    }
}
