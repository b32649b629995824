//! Which S3 keys are CloudTrail logs, and the day a key of the delivery layout was delivered
//! (`.../AWSLogs/[o-ORG/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/FILE`), so that `--since`/`--until`
//! can skip whole days without reading them.

use polgen_trail::source::{is_digest_folder, is_log_name};

/// What to do with one listed key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// A CloudTrail log to read.
    Log,
    /// A digest (`CloudTrail-Digest/`, signatures of the logs), not events.
    Digest,
    /// Anything else: folder markers, other services' logs under `AWSLogs/` (Config, ELB,
    /// `CloudTrail-Insight`), files that are not JSON.
    Other,
}

pub fn classify(key: &str) -> KeyKind {
    if key.ends_with('/') {
        return KeyKind::Other;
    }
    let segments: Vec<&str> = key.split('/').collect();
    if segments.iter().any(|s| is_digest_folder(s)) {
        return KeyKind::Digest;
    }
    // Buckets are often shared by the services that deliver to `AWSLogs/ACCOUNT/<service>/`:
    // inside that layout only the `CloudTrail` folder holds API events.
    if let Some(at) = segments.iter().position(|s| *s == "AWSLogs")
        && !segments.iter().skip(at + 1).any(|s| *s == "CloudTrail")
    {
        return KeyKind::Other;
    }
    let name = segments.last().copied().unwrap_or_default();
    if is_log_name(name) {
        KeyKind::Log
    } else {
        KeyKind::Other
    }
}

/// `YYYY-MM-DD` of a key in the delivery layout; `None` for any other key (never pruned).
pub fn delivery_day(key: &str) -> Option<String> {
    let segments: Vec<&str> = key.split('/').collect();
    let logs = segments.iter().position(|s| *s == "AWSLogs")?;
    let at = logs
        + 1
        + segments
            .get(logs + 1..)?
            .iter()
            .position(|s| *s == "CloudTrail")?;
    // CloudTrail, REGION, YYYY, MM, DD, then at least the file name.
    let [_, region, year, month, day, _file, ..] = segments.get(at..)? else {
        return None;
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if region.is_empty() || !digits(year, 4) || !digits(month, 2) || !digits(day, 2) {
        return None;
    }
    let (m, d) = (month.parse::<u32>().ok()?, day.parse::<u32>().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(format!("{year}-{month}-{day}"))
}

/// The days of the delivery layout that can hold events of a `--since`/`--until` window
/// (bounds in the CloudTrail form `YYYY-MM-DDTHH:MM:SSZ`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayWindow {
    first: Option<String>,
    last: Option<String>,
}

impl DayWindow {
    /// A folder is named after the day its files were delivered, minutes after the events: an
    /// event of `--since`'s day is never in an earlier folder, and one of `--until`'s day may
    /// be in the next folder (delivered after midnight), so that one day is kept as a margin.
    pub fn new(since: Option<&str>, until: Option<&str>) -> DayWindow {
        DayWindow {
            first: since.and_then(|s| s.get(..10)).map(str::to_owned),
            last: until.and_then(|u| u.get(..10)).and_then(next_day),
        }
    }

    /// False when a key of the layout was delivered on a day outside the window.
    pub fn keeps(&self, key: &str) -> bool {
        if self.first.is_none() && self.last.is_none() {
            return true;
        }
        let Some(day) = delivery_day(key) else {
            return true;
        };
        self.first.as_ref().is_none_or(|f| day >= *f)
            && self.last.as_ref().is_none_or(|l| day <= *l)
    }
}

/// The day after `YYYY-MM-DD` (proleptic Gregorian).
fn next_day(date: &str) -> Option<String> {
    let mut parts = date.splitn(3, '-');
    let y: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    let (y, m, d) = if d < days {
        (y, m, d + 1)
    } else if m < 12 {
        (y, m + 1, 1)
    } else {
        (y + 1, 1, 1)
    };
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2024/05/01/111122223333_CloudTrail_eu-west-1_20240501T1005Z_x.json.gz";

    #[test]
    fn classifies_logs_digests_and_other_services() {
        assert_eq!(classify(KEY), KeyKind::Log);
        assert_eq!(classify("export/trail.JSON"), KeyKind::Log);
        assert_eq!(classify("export/events.jsonl"), KeyKind::Log);
        assert_eq!(
            classify("AWSLogs/111122223333/CloudTrail-Digest/eu-west-1/2024/05/01/d.json.gz"),
            KeyKind::Digest
        );
        assert_eq!(
            classify("AWSLogs/111122223333/Config/eu-west-1/2024/5/1/ConfigSnapshot/s.json.gz"),
            KeyKind::Other
        );
        assert_eq!(
            classify("AWSLogs/111122223333/CloudTrail-Insight/eu-west-1/2024/05/01/i.json.gz"),
            KeyKind::Other
        );
        assert_eq!(classify("AWSLogs/111122223333/CloudTrail/"), KeyKind::Other);
        assert_eq!(classify("notes.txt"), KeyKind::Other);
    }

    #[test]
    fn reads_the_delivery_day_of_the_layout_only() {
        assert_eq!(delivery_day(KEY).as_deref(), Some("2024-05-01"));
        assert_eq!(
            delivery_day("AWSLogs/o-abc123/111122223333/CloudTrail/us-east-1/2023/12/31/f.json.gz")
                .as_deref(),
            Some("2023-12-31")
        );
        assert_eq!(delivery_day("exports/2024/05/01/f.json.gz"), None);
        assert_eq!(
            delivery_day("AWSLogs/1/CloudTrail/us-east-1/2024/13/01/f.json"),
            None
        );
        assert_eq!(
            delivery_day("AWSLogs/1/CloudTrail/us-east-1/2024/05/01"),
            None
        );
    }

    #[test]
    fn prunes_days_outside_the_window_with_a_margin_after_until() {
        let day = |d: &str| format!("AWSLogs/1/CloudTrail/us-east-1/{d}/f.json.gz");
        let window = DayWindow::new(Some("2024-05-01T12:00:00Z"), Some("2024-05-31T23:59:59Z"));
        assert!(!window.keeps(&day("2024/04/30")));
        assert!(window.keeps(&day("2024/05/01")));
        assert!(window.keeps(&day("2024/05/31")));
        assert!(window.keeps(&day("2024/06/01")));
        assert!(!window.keeps(&day("2024/06/02")));
        assert!(window.keeps("exports/2020/01/01/f.json.gz"));
        assert!(DayWindow::new(None, None).keeps(&day("1999/01/01")));
        let open = DayWindow::new(None, Some("2024-12-31T23:59:59Z"));
        assert!(open.keeps(&day("2025/01/01")));
        assert!(!open.keeps(&day("2025/01/02")));
    }

    #[test]
    fn next_day_rolls_months_years_and_leap_days() {
        assert_eq!(next_day("2024-02-28").as_deref(), Some("2024-02-29"));
        assert_eq!(next_day("2023-02-28").as_deref(), Some("2023-03-01"));
        assert_eq!(next_day("2024-04-30").as_deref(), Some("2024-05-01"));
        assert_eq!(next_day("2024-12-31").as_deref(), Some("2025-01-01"));
        assert_eq!(next_day("2024-13-01"), None);
    }
}
