//! The whole lint of one file named on the command line: the first byte picks the file's
//! extension (the front-end dispatch) and `--policy-type`, the rest is the file. Every rule
//! is on; the report is rendered in every format.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use polgen_fuzz::{EXTENSIONS, KINDS, Rules, lint_text, render_all};

static RULES: LazyLock<Rules> = LazyLock::new(Rules::all);

fuzz_target!(|data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else {
        return;
    };
    // The CLI reports a file that is not UTF-8 before any front-end sees it.
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let extension = EXTENSIONS[usize::from(choice) % EXTENSIONS.len()];
    let kind = KINDS[usize::from(choice / 4) % KINDS.len()];
    let diagnostics = lint_text(extension, kind, text, &RULES);
    render_all(&format!("policy.{extension}"), text, diagnostics);
});
