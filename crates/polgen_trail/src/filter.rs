//! Which events count: the caller (`--role`, `--user`), the time window and denials.

use crate::event::Event;

/// Whose calls to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// An IAM role: its sessions (`assumed-role/NAME/...`) and anything issued by it.
    Role {
        arn: String,
        account: String,
        name: String,
    },
    /// An IAM user, by ARN; `name` is its last path segment.
    User { arn: String, name: String },
    /// Everyone (the report then lists the callers).
    Any,
}

impl Principal {
    /// `arn:aws:iam::111122223333:role/path/name`; the path is optional in the events.
    pub fn role(arn: &str) -> Result<Principal, String> {
        let (account, name) = parse_iam_arn(arn, "role")
            .ok_or_else(|| format!("`{arn}` is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)"))?;
        Ok(Principal::Role {
            arn: arn.to_owned(),
            account: account.to_owned(),
            name: name.to_owned(),
        })
    }

    /// `arn:aws:iam::111122223333:user/name`.
    pub fn user(arn: &str) -> Result<Principal, String> {
        let (_, name) = parse_iam_arn(arn, "user")
            .ok_or_else(|| format!("`{arn}` is not a user ARN (arn:aws:iam::ACCOUNT:user/NAME)"))?;
        Ok(Principal::User {
            arn: arn.to_owned(),
            name: name.to_owned(),
        })
    }

    /// The caller named by `--role` or `--user` (role first), or [`Principal::Any`].
    pub fn from_options(role: Option<&str>, user: Option<&str>) -> Result<Principal, String> {
        match (role, user) {
            (Some(role), _) => Principal::role(role),
            (None, Some(user)) => Principal::user(user),
            (None, None) => Ok(Principal::Any),
        }
    }

    /// True when `event` was made by this principal.
    pub fn matches(&self, event: &Event<'_>) -> bool {
        let Some(identity) = &event.user_identity else {
            return matches!(self, Principal::Any);
        };
        match self {
            Principal::Any => true,
            Principal::User { arn, .. } => identity.arn.as_deref() == Some(arn.as_str()),
            Principal::Role { arn, account, name } => {
                let issuer = identity
                    .session_context
                    .as_ref()
                    .and_then(|s| s.session_issuer.as_ref())
                    .and_then(|i| i.arn.as_deref());
                if let Some(issuer) = issuer {
                    if issuer == arn {
                        return true;
                    }
                    if let Some((a, n)) = parse_iam_arn(issuer, "role") {
                        return a == account && n == name;
                    }
                }
                identity
                    .arn
                    .as_deref()
                    .and_then(assumed_role)
                    .is_some_and(|(a, n)| a == account && n == name)
            }
        }
    }
}

/// (account, last path segment) of `arn:aws:iam::ACCOUNT:<kind>/[path/]NAME`.
fn parse_iam_arn<'a>(arn: &'a str, kind: &str) -> Option<(&'a str, &'a str)> {
    let mut fields = arn.splitn(6, ':');
    let (scheme, _partition, service, _region, account, resource) = (
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
    );
    let rest = resource.strip_prefix(kind)?.strip_prefix('/')?;
    let name = rest.rsplit('/').next()?;
    (scheme == "arn" && service == "iam" && !account.is_empty() && !name.is_empty())
        .then_some((account, name))
}

/// (account, role name) of `arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`.
fn assumed_role(arn: &str) -> Option<(&str, &str)> {
    let mut fields = arn.splitn(6, ':');
    let (_, _, service, _, account, resource) = (
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
    );
    let name = resource.strip_prefix("assumed-role/")?.split('/').next()?;
    (service == "sts").then_some((account, name))
}

/// A `--since`/`--until` bound: `2024-05-01` or `2024-05-01T12:00:00Z`, as the comparable
/// CloudTrail form `YYYY-MM-DDTHH:MM:SSZ`. A bare date as `until` means the end of that day.
pub fn parse_time_bound(text: &str, is_until: bool) -> Result<String, String> {
    let bad = || format!("`{text}` is not a date (YYYY-MM-DD) or UTC time (YYYY-MM-DDTHH:MM:SSZ)");
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let date_ok = b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10);
    if !date_ok {
        return Err(bad());
    }
    if b.len() == 10 {
        let time = if is_until { "23:59:59" } else { "00:00:00" };
        return Ok(format!("{text}T{time}Z"));
    }
    let time_ok = b.len() == 20
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && b[19] == b'Z';
    if time_ok {
        Ok(text.to_owned())
    } else {
        Err(bad())
    }
}

/// The `--since`/`--until` window as comparable bounds (see [`parse_time_bound`]); an error
/// names the option, and a window that ends before it starts is refused.
pub fn parse_window(
    since: Option<&str>,
    until: Option<&str>,
) -> Result<(Option<String>, Option<String>), String> {
    let bound = |text: Option<&str>, is_until: bool, flag: &str| {
        text.map(|t| parse_time_bound(t, is_until))
            .transpose()
            .map_err(|e| format!("{flag}: {e}"))
    };
    let since = bound(since, false, "--since")?;
    let until = bound(until, true, "--until")?;
    if let (Some(s), Some(u)) = (&since, &until)
        && s > u
    {
        return Err(format!("--since {s} is after --until {u}"));
    }
    Ok((since, until))
}

/// What to keep.
#[derive(Debug, Clone)]
pub struct Filter {
    pub principal: Principal,
    /// Inclusive bounds in the form `parse_time_bound` returns.
    pub since: Option<String>,
    pub until: Option<String>,
    /// Count refused calls as needed (they were attempted, so the workload wants them).
    pub include_denied: bool,
}

impl Filter {
    pub fn everyone() -> Filter {
        Filter {
            principal: Principal::Any,
            since: None,
            until: None,
            include_denied: false,
        }
    }

    /// True when `time` (an `eventTime`) is inside the window.
    pub fn in_window(&self, time: &str) -> bool {
        // CloudTrail writes `YYYY-MM-DDTHH:MM:SSZ`; some exports add milliseconds.
        let time = time.get(..19).unwrap_or(time);
        let after = self
            .since
            .as_deref()
            .is_none_or(|s| time >= s.get(..19).unwrap_or(s));
        let before = self
            .until
            .as_deref()
            .is_none_or(|u| time <= u.get(..19).unwrap_or(u));
        after && before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(identity: &str) -> Event<'_> {
        serde_json::from_str(identity).expect("test input is valid")
    }

    #[test]
    fn role_matches_its_sessions() {
        let role = Principal::role("arn:aws:iam::111122223333:role/team/app")
            .expect("test input is valid");
        let by_issuer = event(
            r#"{"userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/app/s","sessionContext":{"sessionIssuer":{"arn":"arn:aws:iam::111122223333:role/team/app"}}}}"#,
        );
        assert!(role.matches(&by_issuer));
        let by_session_arn =
            event(r#"{"userIdentity":{"arn":"arn:aws:sts::111122223333:assumed-role/app/i-0"}}"#);
        assert!(role.matches(&by_session_arn));
        let other_account =
            event(r#"{"userIdentity":{"arn":"arn:aws:sts::999999999999:assumed-role/app/i-0"}}"#);
        assert!(!role.matches(&other_account));
        let user = event(r#"{"userIdentity":{"arn":"arn:aws:iam::111122223333:user/app"}}"#);
        assert!(!role.matches(&user));
        assert!(
            Principal::user("arn:aws:iam::111122223333:user/app")
                .expect("test input is valid")
                .matches(&user)
        );
        assert!(Principal::role("arn:aws:iam::1:user/x").is_err());
    }

    #[test]
    fn time_bounds() {
        assert_eq!(
            parse_time_bound("2024-05-01", false).expect("test input is valid"),
            "2024-05-01T00:00:00Z"
        );
        assert_eq!(
            parse_time_bound("2024-05-01", true).expect("test input is valid"),
            "2024-05-01T23:59:59Z"
        );
        assert!(parse_time_bound("2024-05-01T10:00:00Z", true).is_ok());
        assert!(parse_time_bound("May 1", true).is_err());
        assert!(parse_time_bound("2024-05-01T10:00", true).is_err());
        let f = Filter {
            since: Some("2024-05-01T00:00:00Z".into()),
            until: Some("2024-05-01T23:59:59Z".into()),
            ..Filter::everyone()
        };
        assert!(f.in_window("2024-05-01T12:00:00Z"));
        assert!(f.in_window("2024-05-01T23:59:59.500Z"));
        assert!(!f.in_window("2024-05-02T00:00:00Z"));
        assert!(!f.in_window("2024-04-30T23:59:59Z"));
    }
}
