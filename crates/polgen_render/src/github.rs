//! The GitHub format: workflow commands that GitHub Actions turns into annotations on the
//! pull request diff.
//!
//! ```text
//! ::warning file=a.json,line=4,col=17,endLine=4,endColumn=20,title=wildcard-action::message%0Ahelp: ...
//! ```

use std::io::{self, Write};

use polgen_diagnostics::{FileError, FileReport, Severity};

use crate::RunInfo;
use crate::findings;

/// Renders one workflow command per finding, then one `::error` per file error.
pub fn render_github(
    out: &mut dyn Write,
    run: &RunInfo,
    reports: &[FileReport],
    errors: &[FileError],
) -> io::Result<()> {
    let (reports, errors) = crate::mask::masked(reports, errors);
    let (reports, errors) = (&*reports, &*errors);
    for finding in findings::collect(reports) {
        let diag = finding.diag;
        let command = match diag.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = diag.message.clone();
        if let Some(help) = &diag.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(finding.path),
            finding.start.line,
            finding.start.column,
            finding.end.line,
            finding.end.column,
            escape_property(diag.rule),
            escape_data(&message),
        )?;
    }
    for error in errors {
        writeln!(
            out,
            "::error file={},title={}::{}",
            escape_property(&error.path),
            escape_property(run.tool_name),
            escape_data(&error.message),
        )?;
    }
    Ok(())
}

/// Escaping of a command's message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a command's `key=value` properties.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("50%\r\nx: y, z"), "50%25%0D%0Ax: y, z");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
