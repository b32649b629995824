//! Settings that change what rules consider risky, resolved from configuration.

/// Rule settings. The CLI fills this from `polgen.toml`, the ruleset and flags.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Accounts that are ours (`[accounts] own`): principals in them are not third parties.
    pub own_accounts: Vec<String>,
    /// Accounts we trust (`[accounts] trusted`).
    pub trusted_accounts: Vec<String>,
    /// Longest acceptable role session, in hours (`long-session`).
    pub max_session_hours: u64,
    /// `true` in the strict ruleset: some rules report more.
    pub strict: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            own_accounts: Vec::new(),
            trusted_accounts: Vec::new(),
            max_session_hours: 4,
            strict: false,
        }
    }
}

impl Settings {
    pub fn is_own_account(&self, account: &str) -> bool {
        self.own_accounts.iter().any(|a| a == account)
    }

    pub fn is_trusted_account(&self, account: &str) -> bool {
        self.is_own_account(account) || self.trusted_accounts.iter().any(|a| a == account)
    }
}
