//! UTC offsets of an IANA zone at any instant, as Go's `time` package computes them.
//!
//! Go's `Location.lookup` (src/time/zoneinfo.go) reads a zone's listed transitions and, after
//! the last one, applies the POSIX TZ rule that ends the zone's TZif file (`tzset`), so a zone
//! keeps its daylight-saving rule in every future year. chrono-tz lists transitions only up to
//! 2099 and keeps the last offset after that: New York would stay on standard time all summer
//! from 2100 on. [`Zone`] pairs chrono-tz with the zone's rule (generated into `zone_rules.rs`
//! by tools/gen_zone_rules.py, from the same IANA release) and uses the rule from the instant
//! it alone gives the zone's offsets: for every later instant (2100 and beyond, as Go does),
//! and before 2100 too, where it agrees with chrono-tz (the tests check every year) and costs
//! a few additions instead of a table search.

use std::sync::OnceLock;

use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::Tz;

use super::gotime::{days_from_civil, SECS_PER_DAY};
use super::zone_rules::RULES;

/// A zone and its POSIX rule, cheap to copy; compare and hash by the zone.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Zone {
    pub tz: Tz,
    rule: Option<&'static Rule>,
}

impl PartialEq for Zone {
    fn eq(&self, other: &Self) -> bool {
        self.tz == other.tz
    }
}
impl Eq for Zone {}
impl std::hash::Hash for Zone {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.tz.hash(state)
    }
}

/// A POSIX TZ rule (`EST5EDT,M3.2.0,M11.1.0`) and the unix second from which it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rule {
    pub since: i64,
    /// Standard offset, seconds east of UTC.
    pub std: i64,
    pub dst: Option<Dst>,
}

/// The daylight-saving part of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dst {
    /// Offset while it applies, seconds east of UTC.
    pub offset: i64,
    pub start: MonthWeekDay,
    pub end: MonthWeekDay,
}

/// `Mm.w.d/time`: day `d` (0 = Sunday) of week `w` (5 = the last) of month `m`, at `time`
/// seconds of local time (may be negative or beyond 24 h).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MonthWeekDay {
    pub month: u32,
    pub week: u32,
    pub weekday: u32,
    pub time: i64,
}

fn days_in_month(year: i64, month: u32) -> i64 {
    i64::from(super::gotime::days_in_month(year, month))
}

impl MonthWeekDay {
    /// tzruleTime: seconds after the start of `year` (UTC, whose day count is `year_days`)
    /// at which the change happens, for a change made from offset `off`.
    #[inline]
    fn at(&self, year: i64, year_days: i64, off: i64) -> i64 {
        let first = days_from_civil(year, i64::from(self.month), 1);
        let dow = (first + 4).rem_euclid(7);
        let mut d = (i64::from(self.weekday) - dow).rem_euclid(7);
        let len = days_in_month(year, self.month);
        for _ in 1..self.week {
            if d + 7 >= len {
                break;
            }
            d += 7;
        }
        (first - year_days + d) * SECS_PER_DAY + self.time - off
    }
}

impl Rule {
    /// Go's `tzset` for an instant at or after 1970 (the UTC year decides which year's
    /// changes apply; tzdata's changes all lie far from New Year).
    #[inline]
    pub(crate) fn offset_at(&self, unix: i64) -> i64 {
        let Some(dst) = &self.dst else {
            return self.std;
        };
        let days = unix.div_euclid(SECS_PER_DAY);
        let year = super::gotime::civil_from_days(days).0;
        let year_days = days_from_civil(year, 1, 1);
        let ysec = unix - year_days * SECS_PER_DAY;
        let mut start = dst.start.at(year, year_days, self.std);
        let mut end = dst.end.at(year, year_days, dst.offset);
        let (mut outside, mut inside) = (self.std, dst.offset);
        if end < start {
            std::mem::swap(&mut start, &mut end);
            std::mem::swap(&mut outside, &mut inside);
        }
        if ysec >= start && ysec < end {
            inside
        } else {
            outside
        }
    }
}

/// A parse failure of a rule text; only the generator's output is ever parsed.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RuleSyntax(pub String);

/// Parses a POSIX TZ rule as Go's `tzset` does, for the forms tzdata writes: a name
/// (letters, or `<...>`), an offset `[+-]h[h][:mm[:ss]]` west of UTC, and optionally a
/// daylight name, offset (default one hour ahead) and `,Mm.w.d[/time],Mm.w.d[/time]`.
pub(crate) fn parse_rule(text: &str, since: i64) -> Result<Rule, RuleSyntax> {
    let bad = || RuleSyntax(text.to_string());
    let mut s = name(text).ok_or_else(bad)?;
    let (west, rest) = offset(s).ok_or_else(bad)?;
    s = rest;
    let std = -west;
    if s.is_empty() {
        return Ok(Rule {
            since,
            std,
            dst: None,
        });
    }
    s = name(s).ok_or_else(bad)?;
    let mut dst_offset = std + 3600;
    if !s.is_empty() && !s.starts_with(',') {
        let (west, rest) = offset(s).ok_or_else(bad)?;
        dst_offset = -west;
        s = rest;
    }
    let s = s.strip_prefix(',').ok_or_else(bad)?;
    let (start, s) = month_week_day(s).ok_or_else(bad)?;
    let s = s.strip_prefix(',').ok_or_else(bad)?;
    let (end, s) = month_week_day(s).ok_or_else(bad)?;
    if !s.is_empty() {
        return Err(bad());
    }
    Ok(Rule {
        since,
        std,
        dst: Some(Dst {
            offset: dst_offset,
            start,
            end,
        }),
    })
}

/// tzsetName: skips a zone abbreviation.
fn name(s: &str) -> Option<&str> {
    if let Some(rest) = s.strip_prefix('<') {
        let close = rest.find('>')?;
        return Some(&rest[close + 1..]);
    }
    let len = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    (len >= 3).then(|| &s[len..])
}

/// tzsetOffset: `[+-]hh[:mm[:ss]]` as seconds.
fn offset(s: &str) -> Option<(i64, &str)> {
    let (sign, s) = match s.as_bytes().first()? {
        b'-' => (-1, &s[1..]),
        b'+' => (1, &s[1..]),
        _ => (1, s),
    };
    let mut total = 0;
    let mut rest = s;
    for (i, unit) in [3600, 60, 1].into_iter().enumerate() {
        if i > 0 {
            match rest.strip_prefix(':') {
                Some(r) => rest = r,
                None => break,
            }
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 3 {
            return None;
        }
        total += rest[..digits].parse::<i64>().ok()? * unit;
        rest = &rest[digits..];
    }
    Some((sign * total, rest))
}

/// tzsetRule for the `Mm.w.d[/time]` form (the only one tzdata uses).
fn month_week_day(s: &str) -> Option<(MonthWeekDay, &str)> {
    let s = s.strip_prefix('M')?;
    let mut parts = [0u32; 3];
    let mut rest = s;
    for (i, part) in parts.iter_mut().enumerate() {
        if i > 0 {
            rest = rest.strip_prefix('.')?;
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        *part = rest.get(..digits)?.parse().ok()?;
        rest = &rest[digits..];
    }
    let [month, week, weekday] = parts;
    if !(1..=12).contains(&month) || !(1..=5).contains(&week) || weekday > 6 {
        return None;
    }
    let mut time = 7200;
    if let Some(r) = rest.strip_prefix('/') {
        let (t, r) = offset(r)?;
        time = t;
        rest = r;
    }
    Some((
        MonthWeekDay {
            month,
            week,
            weekday,
            time,
        },
        rest,
    ))
}

/// Every zone's rule, indexed by `Tz as usize`; `None` for a zone the generated table lacks.
fn rules() -> &'static [Option<Rule>] {
    static RULES_BY_TZ: OnceLock<Vec<Option<Rule>>> = OnceLock::new();
    RULES_BY_TZ.get_or_init(|| {
        let mut out = vec![None; chrono_tz::TZ_VARIANTS.len()];
        for (name, since, text) in RULES {
            // Before 1970 chrono-tz decides: for zones that are links in the IANA data it
            // keeps the linked zone's history, where the system's files may have their own.
            let since = (*since).max(0);
            if let (Ok(tz), Ok(rule)) = (name.parse::<Tz>(), parse_rule(text, since)) {
                if let Some(slot) = out.get_mut(tz as usize) {
                    *slot = Some(rule);
                }
            }
        }
        out
    })
}

impl Zone {
    /// The zone with its rule.
    pub(crate) fn of(tz: Tz) -> Zone {
        Zone {
            tz,
            rule: rules().get(tz as usize).and_then(Option::as_ref),
        }
    }

    /// UTC offset in seconds (east positive) at the instant `unix`.
    #[inline]
    pub(crate) fn offset_at(&self, unix: i64) -> i64 {
        if let Some(rule) = self.rule {
            if unix >= rule.since {
                return rule.offset_at(unix);
            }
        }
        table_offset(self.tz, unix)
    }
}

/// chrono-tz's offset (instants beyond chrono's range of ±262,000 years keep the offset at
/// the range's edge).
pub(crate) fn table_offset(tz: Tz, unix: i64) -> i64 {
    let clamped = unix.clamp(
        DateTime::<chrono::Utc>::MIN_UTC.timestamp(),
        DateTime::<chrono::Utc>::MAX_UTC.timestamp(),
    );
    let naive = DateTime::from_timestamp(clamped, 0)
        .unwrap_or(DateTime::<chrono::Utc>::UNIX_EPOCH)
        .naive_utc();
    i64::from(tz.offset_from_utc_datetime(&naive).fix().local_minus_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cron::gotime::days_from_civil;

    /// 2100-01-01T00:00:00Z: chrono-tz lists no transition from here on.
    const TABLE_END: i64 = 4_102_444_800;

    #[test]
    fn generated_from_the_release_chrono_tz_bundles() {
        assert_eq!(
            super::super::zone_rules::TZDB_VERSION,
            chrono_tz::IANA_TZDB_VERSION
        );
    }

    #[test]
    fn every_rule_parses_and_every_zone_has_one() {
        for (name, since, text) in RULES {
            assert!(parse_rule(text, *since).is_ok(), "{name}: {text}");
        }
        let missing: Vec<&str> = chrono_tz::TZ_VARIANTS
            .iter()
            .filter(|tz| Zone::of(**tz).rule.is_none())
            .map(|tz| tz.name())
            .collect();
        assert!(missing.is_empty(), "zones without a rule: {missing:?}");
    }

    #[test]
    fn parses_tzset_forms() {
        let ny = parse_rule("EST5EDT,M3.2.0,M11.1.0", 0).unwrap();
        assert_eq!(ny.std, -18_000);
        let dst = ny.dst.unwrap();
        assert_eq!(dst.offset, -14_400);
        assert_eq!(
            (
                dst.start.month,
                dst.start.week,
                dst.start.weekday,
                dst.start.time
            ),
            (3, 2, 0, 7200)
        );
        let lord_howe = parse_rule("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", 0).unwrap();
        assert_eq!(lord_howe.std, 37_800);
        assert_eq!(lord_howe.dst.unwrap().offset, 39_600);
        let nuuk = parse_rule("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", 0).unwrap();
        assert_eq!(nuuk.dst.unwrap().start.time, -3600);
        let gaza = parse_rule("EET-2EEST,M3.4.4/50,M10.4.4/50", 0).unwrap();
        assert_eq!(gaza.dst.unwrap().end.time, 50 * 3600);
        assert_eq!(parse_rule("KST-9", 0).unwrap().dst, None);
        for bad in [
            "",
            "E5",
            "EST",
            "EST5EDT,M3.2.0",
            "EST5EDT,M13.2.0,M11.1.0",
            "EST5EDT;x",
        ] {
            assert!(parse_rule(bad, 0).is_err(), "{bad:?}");
        }
    }

    /// The rule agrees with chrono-tz at every instant from `since` to 2099: both are
    /// piecewise constant, so agreeing on both sides of each change of either, and at one
    /// instant, proves it. Changes of chrono-tz that the rule lacks show up as a disagreement
    /// at the samples taken every 4 days.
    #[test]
    fn rules_agree_with_chrono_tz_until_its_tables_end() {
        for tz in chrono_tz::TZ_VARIANTS {
            let zone = Zone::of(tz);
            let rule = zone.rule.unwrap();
            let from = rule.since;
            let first_year = crate::cron::gotime::civil_from_days(from.div_euclid(86_400)).0;
            for year in first_year..2100 {
                let base = days_from_civil(year, 1, 1) * SECS_PER_DAY;
                let mut probes = Vec::new();
                if let Some(dst) = rule.dst {
                    let year_days = base / SECS_PER_DAY;
                    for t in [
                        base + dst.start.at(year, year_days, rule.std),
                        base + dst.end.at(year, year_days, dst.offset),
                    ] {
                        probes.extend([t - 1, t, t + 1]);
                    }
                }
                probes.extend((0..92).map(|q| base + q * 4 * 86_400 + 43_199));
                for t in probes.into_iter().filter(|t| *t >= from && *t < TABLE_END) {
                    assert_eq!(
                        rule.offset_at(t),
                        table_offset(tz, t),
                        "{} at {t}: rule {:?}",
                        tz.name(),
                        rule
                    );
                }
            }
        }
    }

    #[test]
    fn new_york_keeps_daylight_saving_after_2099() {
        let ny = Zone::of(chrono_tz::America::New_York);
        // 2100-07-01T12:00:00Z is summer: EDT, though chrono-tz says EST.
        let july = days_from_civil(2100, 7, 1) * SECS_PER_DAY + 43_200;
        assert_eq!(ny.offset_at(july), -14_400);
        assert_eq!(table_offset(ny.tz, july), -18_000);
        // 2400-03-12: the second Sunday of March 2400 is the 12th; clocks go forward at 07:00Z.
        let spring = days_from_civil(2400, 3, 12) * SECS_PER_DAY + 7 * 3600;
        assert_eq!(ny.offset_at(spring - 1), -18_000);
        assert_eq!(ny.offset_at(spring), -14_400);
        // Sydney's summer spans New Year: January 2300 is daylight time.
        let sydney = Zone::of(chrono_tz::Australia::Sydney);
        assert_eq!(
            sydney.offset_at(days_from_civil(2300, 1, 15) * SECS_PER_DAY),
            39_600
        );
        assert_eq!(
            sydney.offset_at(days_from_civil(2300, 7, 15) * SECS_PER_DAY),
            36_000
        );
    }
}
