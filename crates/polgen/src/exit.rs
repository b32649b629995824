//! polgen's exit codes. They are part of the interface: scripts and CI depend on them.

/// How a polgen run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// No finding at or above the `--fail-on` threshold, and every input was analysed.
    Clean = 0,
    /// At least one finding at or above the `--fail-on` threshold.
    Findings = 1,
    /// Usage error, bad configuration, or an input that could not be read or analysed
    /// (takes precedence over `Findings`: the run is incomplete).
    Error = 2,
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}
