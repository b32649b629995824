//! Everything the CLI prints or writes goes through here, masked by the one credential
//! detector: error messages that quote a value, notes, the suggest report and its problem
//! lines, generated policies, `explain` pages. A lint report is masked by the renderers
//! themselves (`polgen_render::mask`, before the text is laid out: colours and wrapping could
//! split a secret), so it is written with [`write_rendered`] and not scanned twice.

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::Path;

/// Writes `text` to standard output, masked. A closed pipe (`polgen ... | head`) is not an
/// error.
pub fn stdout(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out
        .write_all(masked(text).as_bytes())
        .and_then(|()| out.flush())
    {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes `text` to standard error, masked.
pub fn stderr(text: &str) {
    let _ = io::stderr().lock().write_all(masked(text).as_bytes());
}

/// Writes `text` to the file at `path`, masked.
pub fn write_file(path: &Path, text: &str) -> io::Result<()> {
    std::fs::write(path, masked(text).as_bytes())
}

/// Writes a report the renderers have already masked to `path`, or to standard output.
pub fn write_rendered(path: Option<&Path>, text: &str) -> io::Result<()> {
    match path {
        Some(path) => std::fs::write(path, text.as_bytes()),
        None => {
            let mut out = io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other,
            }
        }
    }
}

fn masked(text: &str) -> Cow<'_, str> {
    polgen_secrets::mask(text)
}

/// `println!` on standard output, masked.
macro_rules! outln {
    ($($arg:tt)*) => {{
        let _ = $crate::output::stdout(&format!("{}\n", format_args!($($arg)*)));
    }};
}

/// `eprintln!`, masked.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::output::stderr(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprint!`, masked.
macro_rules! err {
    ($($arg:tt)*) => {
        $crate::output::stderr(&format!($($arg)*))
    };
}

pub(crate) use {err, errln, outln};
