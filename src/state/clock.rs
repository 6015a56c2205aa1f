//! The virtual clock: milliseconds since the Unix epoch, moved only by the simulator.

use std::fmt;

/// An instant on the virtual clock, in milliseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Time(pub i64);

impl serde::Serialize for Time {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

/// A span of virtual time in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Duration(pub i64);

impl Time {
    /// 2026-01-01T00:00:00Z, the default start of every simulation, so traces are stable.
    pub const DEFAULT_START: Time = Time(1_767_225_600_000);

    pub fn plus(self, d: Duration) -> Time {
        Time(self.0.saturating_add(d.0))
    }

    pub fn since(self, earlier: Time) -> Duration {
        Duration(self.0.saturating_sub(earlier.0))
    }

    /// RFC 3339 in UTC with second precision, as Kubernetes writes timestamps.
    pub fn to_rfc3339(self) -> String {
        let secs = self.0.div_euclid(1000);
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        )
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` (UTC); other forms are rejected.
    pub fn parse_rfc3339(s: &str) -> Option<Time> {
        let b = s.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
            return None;
        }
        let rest = s.get(19..)?;
        let (frac, zone) = match rest.strip_prefix('.') {
            Some(r) => {
                let digits = r.bytes().take_while(u8::is_ascii_digit).count();
                let ms = r.get(..digits.min(3))?;
                let ms = format!("{ms:0<3}").parse::<i64>().ok()?;
                (ms, r.get(digits..)?)
            }
            None => (0, rest),
        };
        if zone != "Z" && zone != "z" {
            return None;
        }
        let days = days_from_civil(y, mo, d);
        Some(Time(
            ((days * 86_400) + h * 3600 + mi * 60 + se) * 1000 + frac,
        ))
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl Duration {
    pub const ZERO: Duration = Duration(0);

    pub fn seconds(s: i64) -> Duration {
        Duration(s.saturating_mul(1000))
    }

    pub fn as_secs(self) -> i64 {
        self.0.div_euclid(1000)
    }

    /// Parses Go-style durations as `kubectl` and the course use them: "90s", "5m", "1h30m",
    /// "1.5h", "250ms", "2d" (days, for convenience). A bare number is seconds.
    pub fn parse(s: &str) -> Option<Duration> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        if let Ok(n) = s.parse::<f64>() {
            return (n.is_finite() && n >= 0.0).then(|| Duration((n * 1000.0).round() as i64));
        }
        let mut total = 0f64;
        let mut rest = s;
        while !rest.is_empty() {
            let num_len = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(rest.len());
            let value: f64 = rest.get(..num_len)?.parse().ok()?;
            rest = &rest[num_len..];
            let unit_len = rest
                .find(|c: char| c.is_ascii_digit() || c == '.')
                .unwrap_or(rest.len());
            let unit_ms = match &rest[..unit_len] {
                "ms" => 1.0,
                "s" => 1000.0,
                "m" => 60_000.0,
                "h" => 3_600_000.0,
                "d" => 86_400_000.0,
                _ => return None,
            };
            rest = &rest[unit_len..];
            total += value * unit_ms;
        }
        (total.is_finite() && total < 1e15).then(|| Duration(total.round() as i64))
    }

    /// kubectl's age format (k8s.io/apimachinery/pkg/util/duration HumanDuration):
    /// "45s", "5m10s", "3h", "2d4h", "400d", "3y120d".
    pub fn human(self) -> String {
        let secs = self.as_secs();
        if secs < -1 {
            return "<invalid>".to_string();
        }
        if secs < 0 {
            return "0s".to_string();
        }
        if secs < 60 * 2 {
            return format!("{secs}s");
        }
        let minutes = secs / 60;
        if minutes < 10 {
            let s = secs % 60;
            return if s == 0 {
                format!("{minutes}m")
            } else {
                format!("{minutes}m{s}s")
            };
        }
        if minutes < 60 * 3 {
            return format!("{minutes}m");
        }
        let hours = secs / 3600;
        if hours < 8 {
            let m = minutes % 60;
            return if m == 0 {
                format!("{hours}h")
            } else {
                format!("{hours}h{m}m")
            };
        }
        if hours < 48 {
            return format!("{hours}h");
        }
        if hours < 24 * 8 {
            let h = hours % 24;
            return if h == 0 {
                format!("{}d", hours / 24)
            } else {
                format!("{}d{h}h", hours / 24)
            };
        }
        if hours < 24 * 365 * 2 {
            return format!("{}d", hours / 24);
        }
        if hours < 24 * 365 * 8 {
            let dy = hours / 24 % 365;
            return if dy == 0 {
                format!("{}y", hours / 24 / 365)
            } else {
                format!("{}y{dy}d", hours / 24 / 365)
            };
        }
        format!("{}y", hours / 24 / 365)
    }
}

/// Days since 1970-01-01 to (year, month, day), Howard Hinnant's civil calendar algorithm.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_rfc3339() {
        let cases = [
            (Time::DEFAULT_START, "2026-01-01T00:00:00Z"),
            (Time(0), "1970-01-01T00:00:00Z"),
            (Time(951_782_400_000), "2000-02-29T00:00:00Z"),
            (Time(1_767_225_600_000 + 90_061_000), "2026-01-02T01:01:01Z"),
        ];
        for (t, s) in cases {
            assert_eq!(t.to_rfc3339(), s);
            assert_eq!(Time::parse_rfc3339(s), Some(t), "{s}");
        }
        assert_eq!(
            Time::parse_rfc3339("2026-01-01T00:00:00.5Z"),
            Some(Time(1_767_225_600_500))
        );
        for bad in [
            "",
            "2026-13-01T00:00:00Z",
            "2026-01-01T00:00:00+09:00",
            "yesterday",
        ] {
            assert_eq!(Time::parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn parses_durations() {
        let cases = [
            ("90s", Some(90_000)),
            ("5m", Some(300_000)),
            ("1h30m", Some(5_400_000)),
            ("1.5h", Some(5_400_000)),
            ("250ms", Some(250)),
            ("2d", Some(172_800_000)),
            ("10", Some(10_000)),
            ("", None),
            ("5x", None),
            ("-5s", None),
            ("m", None),
        ];
        for (s, ms) in cases {
            assert_eq!(Duration::parse(s).map(|d| d.0), ms, "{s:?}");
        }
    }

    #[test]
    fn human_durations_match_kubectl() {
        let cases = [
            (0, "0s"),
            (45, "45s"),
            (119, "119s"),
            (120, "2m"),
            (310, "5m10s"),
            (600, "10m"),
            (179 * 60, "179m"),
            (3 * 3600, "3h"),
            (5 * 3600 + 20 * 60, "5h20m"),
            (30 * 3600, "30h"),
            (52 * 3600, "2d4h"),
            (10 * 86_400, "10d"),
            (400 * 86_400, "400d"),
            (3 * 365 * 86_400 + 120 * 86_400, "3y120d"),
            (9 * 365 * 86_400, "9y"),
        ];
        for (secs, expected) in cases {
            assert_eq!(Duration::seconds(secs).human(), expected, "{secs}s");
        }
    }
}
