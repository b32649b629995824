//! The grammar of typed condition values, shared by the linter (is a value well formed for its
//! operator?) and the evaluator (what does it compare as?): numbers, dates (ISO 8601 or epoch
//! seconds), IP addresses with CIDR prefixes, and base64. Parsing fails rather than guesses:
//! no surrounding whitespace, no exponent, no wildcards.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A number as IAM's `Numeric*` operators read it: a decimal with an optional sign (`3600`,
/// `-1.5`, `.5`), no exponent.
pub fn number(text: &str) -> Option<f64> {
    let t = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (int, frac) = match t.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let ok =
        (digits(int) && frac.is_none_or(digits)) || (int.is_empty() && frac.is_some_and(digits));
    ok.then(|| text.parse::<f64>().ok()).flatten()
}

/// Seconds since the Unix epoch of epoch seconds (`1714564800`) or an ISO 8601 date or
/// date-time: `2024-05-01`, `2024-05-01T12:00:00Z`, `2024-05-01T12:00:00.250+02:00`,
/// `2024-05-01T12:00Z`, `2024-05-01T12:00:00+0200`.
pub fn date(text: &str) -> Option<f64> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<f64>().ok();
    }
    let b = text.as_bytes();
    let (year, month, day) = (
        num(b.get(0..4)?, 0, 9999)?,
        num(b.get(5..7)?, 1, 12)?,
        num(b.get(8..10)?, 1, 31)?,
    );
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) as f64 * 86_400.0;
    let rest = b.get(10..).unwrap_or(&[]);
    if rest.is_empty() {
        return Some(seconds);
    }
    if !matches!(rest.first(), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let time = rest.get(1..).unwrap_or(&[]);
    if time.get(2) != Some(&b':') {
        return None;
    }
    let (hour, minute) = (num(time.get(0..2)?, 0, 24)?, num(time.get(3..5)?, 0, 59)?);
    seconds += (hour * 3600 + minute * 60) as f64;
    let mut tail = time.get(5..).unwrap_or(&[]);
    if tail.first() == Some(&b':') {
        let whole = num(tail.get(1..3)?, 0, 60)?;
        tail = tail.get(3..).unwrap_or(&[]);
        let mut fraction = 0.0;
        if tail.first() == Some(&b'.') {
            let digits = tail
                .iter()
                .skip(1)
                .take_while(|c| c.is_ascii_digit())
                .count();
            if digits == 0 {
                return None;
            }
            let text = std::str::from_utf8(tail.get(..1 + digits)?).ok()?;
            fraction = format!("0{text}").parse::<f64>().ok()?;
            tail = tail.get(1 + digits..).unwrap_or(&[]);
        }
        seconds += whole as f64 + fraction;
    }
    let offset = match tail {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] | [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
            let zone = num(&[*h1, *h2], 0, 23)? * 3600 + num(&[*m1, *m2], 0, 59)? * 60;
            if *sign == b'+' { zone } else { -zone }
        }
        _ => return None,
    };
    Some(seconds - offset as f64)
}

/// Digits only, read as a number in `lo..=hi`.
fn num(digits: &[u8], lo: i64, hi: i64) -> Option<i64> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = std::str::from_utf8(digits).ok()?.parse::<i64>().ok()?;
    (lo..=hi).contains(&n).then_some(n)
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

/// Standard base64 with padding, as `BinaryEquals` takes.
pub fn is_base64(text: &str) -> bool {
    let body = text.trim_end_matches('=');
    text.len().is_multiple_of(4)
        && text.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

/// An address block as written in an `IpAddress` condition value: `203.0.113.0/24`,
/// `2001:db8::/32`, or one address (a prefix of the full width).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    pub addr: IpAddr,
    pub prefix: u8,
}

impl Cidr {
    /// An IPv4 or IPv6 address with an optional prefix length of one to three digits, at most
    /// 32 or 128.
    pub fn parse(text: &str) -> Option<Cidr> {
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let addr: IpAddr = addr.parse().ok()?;
        let max = match addr {
            IpAddr::V4(_) => 32,
            IpAddr::V6(_) => 128,
        };
        let prefix = match prefix {
            Some(p) if !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()) => {
                p.parse::<u8>().ok()?
            }
            Some(_) => return None,
            None => max,
        };
        (prefix <= max).then_some(Cidr { addr, prefix })
    }

    fn bits(self) -> (u128, u32) {
        match self.addr {
            IpAddr::V4(a) => (u128::from(u32::from(a)), 32),
            IpAddr::V6(a) => (u128::from(a), 128),
        }
    }

    /// The address with every bit after the prefix cleared.
    pub fn network(self) -> Cidr {
        let (bits, width) = self.bits();
        let net = bits & mask(u32::from(self.prefix), width);
        let addr = match self.addr {
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::from(u32::try_from(net).unwrap_or(0))),
            IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::from(net)),
        };
        Cidr {
            addr,
            prefix: self.prefix,
        }
    }

    /// Whether every address of `self` lies in `outer` (an IPv4 block holds no IPv6 address
    /// and back).
    pub fn within(self, outer: Cidr) -> bool {
        let (a, wa) = self.bits();
        let (b, wb) = outer.bits();
        wa == wb
            && self.prefix >= outer.prefix
            && (a & mask(u32::from(outer.prefix), wa)) == (b & mask(u32::from(outer.prefix), wb))
    }

    /// True when `ip` is inside the block.
    pub fn contains(self, ip: IpAddr) -> bool {
        let prefix = if ip.is_ipv4() { 32 } else { 128 };
        Cidr { addr: ip, prefix }.within(self)
    }
}

impl std::fmt::Display for Cidr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// The mask of the first `prefix` bits of a `width`-bit address.
fn mask(prefix: u32, width: u32) -> u128 {
    let all: u128 = if width >= 128 {
        u128::MAX
    } else {
        (1u128 << width) - 1
    };
    if prefix == 0 {
        0
    } else {
        let host = width.saturating_sub(prefix);
        if host >= 128 {
            0
        } else {
            (all >> host) << host
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
        assert_eq!(number(".5"), Some(0.5));
        assert_eq!(number("1."), None);
        assert_eq!(number(" 10"), None);
    }

    #[test]
    fn dates() {
        assert_eq!(date("1970-01-01"), Some(0.0));
        assert_eq!(date("2024-05-01T12:00:00Z"), Some(1_714_564_800.0));
        assert_eq!(date("2024-05-01T14:00:00+02:00"), Some(1_714_564_800.0));
        assert_eq!(date("2024-05-01T14:00:00+0200"), Some(1_714_564_800.0));
        assert_eq!(date("2024-05-01T12:00:00.5Z"), Some(1_714_564_800.5));
        assert_eq!(date("2024-05-01T12:00Z"), Some(1_714_564_800.0));
        assert_eq!(date("1714564800"), Some(1_714_564_800.0));
        assert_eq!(date("2000-02-29"), Some(951_782_400.0));
        assert_eq!(date("2024-13-01"), None);
        assert_eq!(date("yesterday"), None);
        assert_eq!(date("2024-05-01T12:00:00Q"), None);
        assert_eq!(date("2024-05-01T25:00:00Z"), None);
        assert_eq!(date("2024-05-01T12:00:00+02"), None);
        assert_eq!(date("2024-05-01T12:00:5Z"), None);
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
        assert_eq!(Cidr::parse("10.0.0.0/"), None);
        assert_eq!(Cidr::parse("10.0.0.0/+8"), None);
        assert_eq!(Cidr::parse(" 10.0.0.1"), None);
        assert_eq!(
            Cidr::parse("10.1.2.3/8").map(|c| c.network().to_string()),
            Some("10.0.0.0/8".to_owned())
        );
    }
}
