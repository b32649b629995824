//! The typed values condition operators compare: numbers, dates (ISO 8601 or epoch seconds)
//! and IP addresses with CIDR prefixes. Parsing fails rather than guesses.

use std::net::IpAddr;

/// A number as IAM's `Numeric*` operators read it (integers and decimals).
pub fn number(text: &str) -> Option<f64> {
    let text = text.trim();
    let ok = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.'));
    ok.then(|| text.parse::<f64>().ok()).flatten()
}

/// Seconds since the Unix epoch of `2024-05-01`, `2024-05-01T12:00:00Z`,
/// `2024-05-01T12:00:00.250+02:00` or an epoch number (`1714564800`).
pub fn date(text: &str) -> Option<f64> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<f64>().ok();
    }
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let s = text.get(range)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    if b.len() < 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) as f64 * 86_400.0;
    let rest = &text[10..];
    if rest.is_empty() {
        return Some(seconds);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (hour, minute) = (num_in(rest, 0..2)?, num_in(rest, 3..5)?);
    if rest.as_bytes().get(2) != Some(&b':') || hour > 23 || minute > 59 {
        return None;
    }
    let mut tail = &rest[5..];
    let mut second = 0.0;
    if let Some(after) = tail.strip_prefix(':') {
        let end = after
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(after.len());
        second = after[..end].parse::<f64>().ok()?;
        if !(0.0..61.0).contains(&second) {
            return None;
        }
        tail = &after[end..];
    }
    seconds += (hour * 3600 + minute * 60) as f64 + second;
    let offset = match tail {
        "" | "Z" | "z" => 0,
        zone => {
            let sign = match zone.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return None,
            };
            let zone = &zone[1..];
            let (h, m) = match zone.len() {
                5 if zone.as_bytes().get(2) == Some(&b':') => {
                    (num_in(zone, 0..2)?, num_in(zone, 3..5)?)
                }
                4 => (num_in(zone, 0..2)?, num_in(zone, 2..4)?),
                2 => (num_in(zone, 0..2)?, 0),
                _ => return None,
            };
            sign * (h * 3600 + m * 60)
        }
    };
    Some(seconds - offset as f64)
}

fn num_in(text: &str, range: std::ops::Range<usize>) -> Option<i64> {
    let s = text.get(range)?;
    s.bytes()
        .all(|c| c.is_ascii_digit())
        .then(|| s.parse().ok())
        .flatten()
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An address block: `203.0.113.0/24`, `2001:db8::/32`, or one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    addr: IpAddr,
    prefix: u32,
}

impl Cidr {
    pub fn parse(text: &str) -> Option<Cidr> {
        let text = text.trim();
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u32>().ok()?)),
            None => (text.parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Cidr { addr, prefix })
    }

    /// True when `ip` is inside the block (an IPv4 block holds no IPv6 address and back).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - self.prefix).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - self.prefix).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(number("10"), Some(10.0));
        assert_eq!(number("-1.5"), Some(-1.5));
        assert_eq!(number("ten"), None);
        assert_eq!(number("1e3"), None);
    }

    #[test]
    fn dates() {
        assert_eq!(date("1970-01-01"), Some(0.0));
        assert_eq!(date("2024-05-01T12:00:00Z"), Some(1_714_564_800.0));
        assert_eq!(date("2024-05-01T14:00:00+02:00"), Some(1_714_564_800.0));
        assert_eq!(date("2024-05-01T12:00:00.5Z"), Some(1_714_564_800.5));
        assert_eq!(date("1714564800"), Some(1_714_564_800.0));
        assert_eq!(date("2000-02-29"), Some(951_782_400.0));
        assert_eq!(date("2024-13-01"), None);
        assert_eq!(date("yesterday"), None);
        assert_eq!(date("2024-05-01T12:00:00Q"), None);
    }

    #[test]
    fn cidrs() {
        let net = Cidr::parse("203.0.113.0/24").expect("test input is valid");
        assert!(net.contains("203.0.113.77".parse().expect("ip")));
        assert!(!net.contains("203.0.114.1".parse().expect("ip")));
        assert!(!net.contains("2001:db8::1".parse().expect("ip")));
        let v6 = Cidr::parse("2001:DB8:1234:5678::/64").expect("test input is valid");
        assert!(v6.contains("2001:db8:1234:5678::abcd".parse().expect("ip")));
        assert!(!v6.contains("2001:db8:1234:5679::1".parse().expect("ip")));
        let one = Cidr::parse("10.0.0.1").expect("test input is valid");
        assert!(one.contains("10.0.0.1".parse().expect("ip")));
        assert!(!one.contains("10.0.0.2".parse().expect("ip")));
        assert!(
            Cidr::parse("0.0.0.0/0").is_some_and(|c| c.contains("8.8.8.8".parse().expect("ip")))
        );
        assert_eq!(Cidr::parse("10.0.0.0/33"), None);
        assert_eq!(Cidr::parse("nope"), None);
    }
}
