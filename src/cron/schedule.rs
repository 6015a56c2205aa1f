//! Fire times, after robfig/cron v3.0.1 `spec.go` (`SpecSchedule.Next`, `dayMatches`) and
//! `constantdelay.go` (`ConstantDelaySchedule.Next`), in an IANA time zone.

use std::str::FromStr;

use chrono::{DateTime, TimeZone};
use chrono_tz::Tz;

use super::error::CronError;
use super::gotime::{civil_from_days, date, days_from_civil, days_in_month, Wall};
use super::parse::{parse, Masks, Parsed, STAR_BIT};
use super::zone::Zone;

/// An instant as unix seconds plus nanoseconds (0..1e9), the clock the simulator keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    pub secs: i64,
    pub nanos: u32,
}

impl Timestamp {
    /// A whole-second instant.
    pub const fn from_secs(secs: i64) -> Self {
        Timestamp { secs, nanos: 0 }
    }

    /// The instant of a chrono date-time (a leap second counts as the second after it).
    pub fn of<Z: TimeZone>(t: &DateTime<Z>) -> Self {
        let nanos = t.timestamp_subsec_nanos();
        Timestamp {
            secs: t.timestamp() + i64::from(nanos / 1_000_000_000),
            nanos: nanos % 1_000_000_000,
        }
    }
}

/// A parsed CronJob schedule in a time zone. Parse once, ask many times: every query works
/// on the bit sets, never on the text.
///
/// Fire times are those of the Kubernetes CronJob controller, which calls robfig/cron v3's
/// `ParseStandard` and `Schedule.Next`, including its daylight-saving behaviour: a wall time
/// skipped by a spring-forward transition does not fire that day, a wall time repeated by an
/// autumn transition fires twice, and a search that finds nothing within five years gives up.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Schedule {
    expr: String,
    zone: Zone,
    parsed: Parsed,
}

/// Resolves an IANA time zone name as `spec.timeZone` accepts it (exact, case-sensitive).
/// Unknown names get Go's `time.LoadLocation` message and, when there is a close match, a hint.
pub fn parse_time_zone(name: &str) -> Result<Tz, CronError> {
    if name.is_empty() || name == "Local" {
        return Err(CronError::time_zone(
            name,
            "must be an explicit IANA time zone name",
            Some("for example \"UTC\", \"Asia/Seoul\" or \"America/New_York\"".into()),
        ));
    }
    Tz::from_str(name).map_err(|_| {
        let hint = closest_zone(name).map(|z| format!("did you mean {z:?}?"));
        CronError::time_zone(name, format!("unknown time zone {}", shorten(name)), hint)
    })
}

/// Go's message quotes the name whole; a name of more than 64 bytes is cut there and its
/// length given, so that an error about a megabyte of text is not itself a megabyte long.
fn shorten(name: &str) -> String {
    const KEEP: usize = 64;
    if name.len() <= KEEP {
        return name.to_string();
    }
    let cut = (0..=KEEP)
        .rev()
        .find(|i| name.is_char_boundary(*i))
        .unwrap_or(0);
    format!("{}... ({} bytes)", &name[..cut], name.len())
}

/// The zone name closest to `name` (case aside, or within three edits), if any. Names are
/// at most 32 characters long, and an edit distance is at least the difference in length, so
/// only names of a similar length are compared: a megabyte of text costs no more than a
/// short one.
fn closest_zone(name: &str) -> Option<&'static str> {
    const MAX_EDITS: usize = 3;
    const LONGEST_ZONE: usize = 32;
    let len = name.chars().take(LONGEST_ZONE + MAX_EDITS + 1).count();
    if len > LONGEST_ZONE + MAX_EDITS {
        return None;
    }
    if let Some(z) = chrono_tz::TZ_VARIANTS
        .iter()
        .find(|z| z.name().eq_ignore_ascii_case(name))
    {
        return Some(z.name());
    }
    let lower = name.to_ascii_lowercase();
    chrono_tz::TZ_VARIANTS
        .iter()
        .filter(|z| z.name().len().abs_diff(len) <= MAX_EDITS)
        .map(|z| {
            (
                edit_distance(&lower, &z.name().to_ascii_lowercase()),
                z.name(),
            )
        })
        .filter(|(d, _)| *d <= MAX_EDITS)
        .min()
        .map(|(_, z)| z)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// dayMatches: if either day field was written with `*` (or `?`), both must match; otherwise
/// either may.
#[inline]
fn day_matches(m: &Masks, day: u32, weekday: u32) -> bool {
    let dom = (1u64 << day) & m.dom != 0;
    let dow = (1u64 << weekday) & m.dow != 0;
    if (m.dom | m.dow) & STAR_BIT != 0 {
        dom && dow
    } else {
        dom || dow
    }
}

/// True when no instant can match, so robfig's `Next` would search its five years in vain
/// (e.g. a field of only commas, which parses to no values).
fn never_matches(m: &Masks) -> bool {
    let (dom, dow) = (m.dom & !STAR_BIT, m.dow & !STAR_BIT);
    let no_day = if (m.dom | m.dow) & STAR_BIT != 0 {
        dom == 0 || dow == 0
    } else {
        dom == 0 && dow == 0
    };
    m.minute & !STAR_BIT == 0 || m.hour & !STAR_BIT == 0 || m.month & !STAR_BIT == 0 || no_day
}

/// The smallest value above `v` whose bit is set in `mask`, or `limit` if none below it.
#[inline]
fn next_set(mask: u64, v: u32, limit: u32) -> u32 {
    let above = (mask & !STAR_BIT) >> (v + 1) << (v + 1);
    if above == 0 {
        limit
    } else {
        above.trailing_zeros().min(limit)
    }
}

/// One loop of `Next` that adds a fixed `unit` of seconds until the wall-clock component
/// read by `part` lands in `mask` or wraps to 0. Jumps straight to the answer when the UTC
/// offset is the same at both ends, and otherwise takes single steps as robfig does, so that
/// the result is the same either way. Returns true if the component wrapped.
#[inline]
fn advance(
    zone: Zone,
    t: &mut i64,
    w: &mut Wall,
    unit: i64,
    wrap: u32,
    mask: u64,
    part: fn(&Wall) -> u32,
) -> bool {
    let v = part(w);
    let target = next_set(mask, v, wrap);
    let jumped = *t + i64::from(target - v) * unit;
    let landed = Wall::of(zone, jumped);
    if landed.offset == w.offset {
        *t = jumped;
        *w = landed;
    } else {
        *t += unit;
        *w = Wall::of(zone, *t);
    }
    part(w) == 0
}

/// The first instant next() and prev() accept or answer: 0001-01-01T00:00:00Z, as far back
/// as Python's `datetime` and RFC 3339 reach.
pub const MIN_SECS: i64 = -62_135_596_800;
/// The last: 9999-12-31T23:59:59Z.
pub const MAX_SECS: i64 = 253_402_300_799;

/// How many loop iterations one search may take before it gives up. A search that finds its
/// answer takes a few dozen (the loops jump over runs of non-matching values); this bound
/// only stops a search that would otherwise cycle (see [`next_calendar`]).
const MAX_STEPS: u32 = 100_000;

/// SpecSchedule.Next on unix seconds: robfig's answer for `after` (which, in a few odd
/// zones, need not lie after it; see [`Schedule::next_timestamp`]).
///
/// Two guards that robfig lacks keep every search finite. Where a calendar day does not
/// exist (Pacific/Apia skipped 30 December 2011), Go's `AddDate(0, 0, 1)` from the day
/// before lands on that day again and robfig loops for ever; here the day loop moves on to
/// the next midnight that exists, 24 hours later. And any search that takes more than
/// [`MAX_STEPS`] iterations gives up (`None`), as one that runs past its five years does.
fn next_calendar(m: &Masks, zone: Zone, after: Timestamp) -> Option<i64> {
    if never_matches(m) || !(MIN_SECS - 1..MAX_SECS).contains(&after.secs) {
        return None;
    }
    // Start at the upcoming whole second.
    let mut t = after.secs + 1;
    let mut w = Wall::of(zone, t);
    let mut added = false;
    let year_limit = w.year + 5;
    let mut steps = 0u32;
    let mut step = || {
        steps += 1;
        steps <= MAX_STEPS
    };

    'wrap: loop {
        if w.year > year_limit || t > MAX_SECS || !step() {
            return None;
        }

        while (1u64 << w.month) & m.month == 0 {
            if !step() {
                return None;
            }
            if !added {
                added = true;
                t = date(zone, w.year, i64::from(w.month), 1, 0, 0, 0);
                w = Wall::of(zone, t);
            }
            // AddDate(0, 1, 0) keeps the wall clock and the day (which may overflow).
            t = date(
                zone,
                w.year,
                i64::from(w.month) + 1,
                i64::from(w.day),
                i64::from(w.hour),
                i64::from(w.minute),
                i64::from(w.second),
            );
            w = Wall::of(zone, t);
            if w.month == 1 {
                continue 'wrap;
            }
        }

        while !day_matches(m, w.day, w.weekday) {
            if !step() {
                return None;
            }
            if !added {
                added = true;
                t = date(zone, w.year, i64::from(w.month), i64::from(w.day), 0, 0, 0);
                w = Wall::of(zone, t);
            }
            if let Some((jt, jw)) = day_jump(m, zone, &w) {
                t = jt;
                w = jw;
            } else {
                let from = t;
                t = date(
                    zone,
                    w.year,
                    i64::from(w.month),
                    i64::from(w.day) + 1,
                    i64::from(w.hour),
                    i64::from(w.minute),
                    i64::from(w.second),
                );
                if t <= from {
                    // The next calendar day does not exist here (robfig loops for ever).
                    t = from + 86_400;
                }
                w = Wall::of(zone, t);
                // Where midnight does not exist, Go lands an hour off; robfig steers back.
                if w.hour != 0 {
                    if w.hour > 12 {
                        t += i64::from(24 - w.hour) * 3600;
                    } else {
                        t -= i64::from(w.hour) * 3600;
                    }
                    w = Wall::of(zone, t);
                }
            }
            if w.day == 1 {
                continue 'wrap;
            }
        }

        while (1u64 << w.hour) & m.hour == 0 {
            if !step() {
                return None;
            }
            if !added {
                added = true;
                t = date(
                    zone,
                    w.year,
                    i64::from(w.month),
                    i64::from(w.day),
                    i64::from(w.hour),
                    0,
                    0,
                );
                w = Wall::of(zone, t);
            }
            if advance(zone, &mut t, &mut w, 3600, 24, m.hour, |w| w.hour) {
                continue 'wrap;
            }
        }

        while (1u64 << w.minute) & m.minute == 0 {
            if !step() {
                return None;
            }
            if !added {
                added = true;
                // Truncate(time.Minute) works on the absolute clock, not the wall clock.
                t -= t.rem_euclid(60);
                w = Wall::of(zone, t);
            }
            if advance(zone, &mut t, &mut w, 60, 60, m.minute, |w| w.minute) {
                continue 'wrap;
            }
        }

        // The seconds field of ParseStandard is always 0.
        while w.second != 0 {
            if !step() {
                return None;
            }
            added = true;
            if advance(zone, &mut t, &mut w, 1, 60, 1, |w| w.second) {
                continue 'wrap;
            }
        }

        return (t <= MAX_SECS).then_some(t);
    }
}

/// robfig's answer if it lies after `after`; otherwise its answer from 1, 2, 4, ... seconds
/// later, the first that does (see [`Schedule::next_timestamp`]).
fn next_forward(m: &Masks, zone: Zone, after: Timestamp) -> Option<i64> {
    let found = next_calendar(m, zone, after)?;
    if found > after.secs {
        return Some(found);
    }
    (0..24).find_map(|k| {
        let later = Timestamp::from_secs(after.secs.checked_add(1 << k)?);
        next_calendar(m, zone, later).filter(|t| *t > after.secs)
    })
}

/// Several iterations of the day loop at once, when `w` is a midnight and no UTC offset change
/// lies between it and the next candidate day (the day that matches, or the 1st of the next
/// month, where robfig wraps). Returns `None` when single steps are needed instead.
fn day_jump(m: &Masks, zone: Zone, w: &Wall) -> Option<(i64, Wall)> {
    if w.hour != 0 || w.minute != 0 || w.second != 0 {
        return None;
    }
    let last = days_in_month(w.year, w.month);
    let mut j = 1;
    loop {
        let day = w.day + j;
        if day > last || day_matches(m, day, (w.weekday + j) % 7) {
            break;
        }
        j += 1;
    }
    // Midnight `k` days ahead, if Go's Date lands on it exactly under the same UTC offset.
    let land = |k: u32| -> Option<(i64, Wall)> {
        let target_days = days_from_civil(w.year, i64::from(w.month), i64::from(w.day + k));
        let t = date(
            zone,
            w.year,
            i64::from(w.month),
            i64::from(w.day + k),
            0,
            0,
            0,
        );
        let landed = Wall::of(zone, t);
        let (y, mo, d) = civil_from_days(target_days);
        let exact = landed.offset == w.offset
            && (landed.year, landed.month, landed.day) == (y, mo, d)
            && landed.hour == 0
            && landed.minute == 0
            && landed.second == 0;
        exact.then_some((t, landed))
    };
    if let Some(found) = land(j) {
        return Some(found);
    }
    // An offset change lies ahead: go to the last midnight before it (none of the days
    // skipped matches, nor is the 1st), and let the caller step across it as robfig does.
    let (mut good, mut bad) = (0, j);
    while bad - good > 1 {
        let mid = good + (bad - good) / 2;
        if land(mid).is_some() {
            good = mid;
        } else {
            bad = mid;
        }
    }
    if good == 0 {
        None
    } else {
        land(good)
    }
}

impl Schedule {
    /// Parses a schedule in UTC, the zone of a kube-controller-manager running in a container
    /// when `spec.timeZone` is not set.
    pub fn parse(expr: &str) -> Result<Self, CronError> {
        Self::new(expr, Tz::UTC)
    }

    /// Parses a schedule in the given IANA zone (`spec.timeZone`); `None` means UTC.
    pub fn with_time_zone(expr: &str, time_zone: Option<&str>) -> Result<Self, CronError> {
        let tz = match time_zone {
            Some(name) => parse_time_zone(name)?,
            None => Tz::UTC,
        };
        Self::new(expr, tz)
    }

    /// Parses a schedule in a chrono-tz zone.
    pub fn new(expr: &str, tz: Tz) -> Result<Self, CronError> {
        Ok(Schedule {
            expr: expr.to_string(),
            zone: Zone::of(tz),
            parsed: parse(expr)?,
        })
    }

    /// The expression as written.
    pub fn expr(&self) -> &str {
        &self.expr
    }

    /// The zone fire times are computed in.
    pub fn time_zone(&self) -> Tz {
        self.zone.tz
    }

    /// The zone with its POSIX rule, for offsets in any year.
    #[cfg_attr(not(feature = "python"), allow(dead_code))]
    pub(crate) fn zone(&self) -> Zone {
        self.zone
    }

    /// What the expression parsed to.
    pub fn parsed(&self) -> &Parsed {
        &self.parsed
    }

    /// The next fire time strictly after `after`, or `None` if there is none within five
    /// years (robfig's bound; its `Next` returns the zero time then) or before the end of
    /// year 9999 ([`MAX_SECS`]; `after` itself must lie within [`MIN_SECS`]..=[`MAX_SECS`]).
    ///
    /// This is robfig's `Next`, quirks included. In zones whose offset changes by a fraction
    /// of an hour (Australia/Lord_Howe) or just after midnight (America/St_Johns before
    /// 2011), its field-by-field search can return a time whose hour does not match, or skip
    /// a matching time; the CronJob controller sees the same. Where robfig would return a
    /// time not after `after` (it stalls at a few such transitions, so a loop calling it
    /// never advances), kubesim asks it again from 1, 2, 4, ... seconds later, as the
    /// controller would on its next sync, and answers the first time that lies ahead.
    pub fn next_timestamp(&self, after: Timestamp) -> Option<i64> {
        match self.parsed {
            Parsed::Calendar(_) if after.secs < MIN_SECS => None,
            Parsed::Calendar(ref m) => next_forward(m, self.zone, after),
            // ConstantDelaySchedule.Next: add the delay and drop the sub-second part.
            Parsed::Every { delay_secs } => {
                if !(MIN_SECS..=MAX_SECS).contains(&after.secs) {
                    return None;
                }
                after
                    .secs
                    .checked_add(delay_secs)
                    .filter(|t| *t <= MAX_SECS)
            }
        }
    }

    /// The latest fire time strictly before `before`, searching back at most five years.
    ///
    /// robfig/cron has no `Prev`; this one is defined through `Next`: it is the last fire time
    /// below `before` of the chain `next(next(...next(g)))` started far enough back, so
    /// `next(prev(b)) >= b` always holds. `None` if there is none within five years or
    /// `before` lies outside [`MIN_SECS`]..=[`MAX_SECS`]. For `@every`, which has no calendar, it is
    /// `before - delay`.
    pub fn prev_timestamp(&self, before: Timestamp) -> Option<Timestamp> {
        let m = match self.parsed {
            Parsed::Every { delay_secs } => {
                return before
                    .secs
                    .checked_sub(delay_secs)
                    .filter(|secs| (MIN_SECS..=MAX_SECS).contains(secs))
                    .map(|secs| Timestamp {
                        secs,
                        nanos: before.nanos,
                    })
            }
            Parsed::Calendar(ref m) => m,
        };
        if never_matches(m) {
            return None;
        }
        if !(MIN_SECS..=MAX_SECS).contains(&before.secs) {
            return None;
        }
        // Fire times are whole seconds; `bound` is the first whole second not below `before`.
        let bound = before.secs + i64::from(before.nanos > 0);
        const MAX_WINDOW: i64 = (5 * 366 + 2) * 86_400;
        let mut window: i64 = 64;
        loop {
            let start = Timestamp::from_secs((bound - window - 1).max(MIN_SECS - 1));
            if let Some(first) = next_forward(m, self.zone, start).filter(|f| *f < bound) {
                let mut last = first;
                while let Some(f) = next_forward(m, self.zone, Timestamp::from_secs(last)) {
                    if f >= bound {
                        break;
                    }
                    last = f;
                }
                return Some(Timestamp::from_secs(last));
            }
            if window >= MAX_WINDOW || start.secs < MIN_SECS {
                return None;
            }
            window = (window * 4).min(MAX_WINDOW);
        }
    }

    /// Whether `t` is a fire time: a whole minute whose wall-clock reading in the schedule's
    /// zone matches every field. `None` for `@every`, which fires relative to whenever it was
    /// started and so has no fixed calendar to match against.
    pub fn matches_timestamp(&self, t: Timestamp) -> Option<bool> {
        let m = match self.parsed {
            Parsed::Calendar(ref m) => m,
            Parsed::Every { .. } => return None,
        };
        let w = Wall::of(self.zone, t.secs);
        Some(
            t.nanos == 0
                && w.second == 0
                && (1u64 << w.minute) & m.minute != 0
                && (1u64 << w.hour) & m.hour != 0
                && (1u64 << w.month) & m.month != 0
                && day_matches(m, w.day, w.weekday),
        )
    }

    /// Fire times in `(start, end]`, at most `limit` of them, as unix seconds. Stops early if
    /// `Next` stops advancing (see [`Schedule::next_timestamp`]).
    pub fn fire_timestamps(&self, start: Timestamp, end: Timestamp, limit: usize) -> Vec<i64> {
        let mut out = Vec::new();
        let mut cursor = start;
        while out.len() < limit {
            match self.next_timestamp(cursor) {
                Some(t) if Timestamp::from_secs(t) <= end && Timestamp::from_secs(t) > cursor => {
                    out.push(t);
                    cursor = Timestamp::from_secs(t);
                }
                _ => break,
            }
        }
        out
    }

    fn at(&self, secs: i64) -> Option<DateTime<Tz>> {
        self.zone.tz.timestamp_opt(secs, 0).single()
    }

    /// The first fire time strictly after `after`, in the schedule's zone.
    pub fn next<Z: TimeZone>(&self, after: &DateTime<Z>) -> Option<DateTime<Tz>> {
        self.next_timestamp(Timestamp::of(after))
            .and_then(|t| self.at(t))
    }

    /// The latest fire time strictly before `before` (see [`Schedule::prev_timestamp`]).
    pub fn prev<Z: TimeZone>(&self, before: &DateTime<Z>) -> Option<DateTime<Tz>> {
        let t = self.prev_timestamp(Timestamp::of(before))?;
        self.zone.tz.timestamp_opt(t.secs, t.nanos).single()
    }

    /// Whether `t` is a fire time (see [`Schedule::matches_timestamp`]).
    pub fn matches<Z: TimeZone>(&self, t: &DateTime<Z>) -> Option<bool> {
        self.matches_timestamp(Timestamp::of(t))
    }

    /// The next `n` fire times after `after` (fewer if the search gives up).
    pub fn next_n<Z: TimeZone>(&self, after: &DateTime<Z>, n: usize) -> Vec<DateTime<Tz>> {
        self.iter_after(after).take(n).collect()
    }

    /// Fire times in `(start, end]`, at most `limit`, as the CronJob controller counts
    /// missed schedules between its last run and now.
    pub fn fire_times<Z1: TimeZone, Z2: TimeZone>(
        &self,
        start: &DateTime<Z1>,
        end: &DateTime<Z2>,
        limit: usize,
    ) -> Vec<DateTime<Tz>> {
        self.fire_timestamps(Timestamp::of(start), Timestamp::of(end), limit)
            .into_iter()
            .filter_map(|t| self.at(t))
            .collect()
    }

    /// An endless iterator over the fire times after `after`; it ends only if a search gives
    /// up or `Next` stops advancing.
    pub fn iter_after<Z: TimeZone>(&self, after: &DateTime<Z>) -> FireTimes<'_> {
        FireTimes {
            schedule: self,
            cursor: Some(Timestamp::of(after)),
        }
    }
}

/// Iterator over fire times; see [`Schedule::iter_after`].
#[derive(Debug, Clone)]
pub struct FireTimes<'a> {
    schedule: &'a Schedule,
    cursor: Option<Timestamp>,
}

impl Iterator for FireTimes<'_> {
    type Item = DateTime<Tz>;

    fn next(&mut self) -> Option<Self::Item> {
        let cursor = self.cursor?;
        let found = self
            .schedule
            .next_timestamp(cursor)
            .filter(|t| Timestamp::from_secs(*t) > cursor)
            .and_then(|t| self.schedule.at(t));
        self.cursor = found.as_ref().map(Timestamp::of);
        found
    }
}

impl FromStr for Schedule {
    type Err = CronError;

    /// Parses a schedule in UTC.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Schedule::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cron::Lang;
    use proptest::prelude::*;

    fn ts(rfc3339: &str) -> i64 {
        DateTime::parse_from_rfc3339(rfc3339).unwrap().timestamp()
    }

    #[test]
    fn next_table() {
        // (expression, zone, after, expected next), from upstream's spec_test.go and more.
        let cases: &[(&str, &str, &str, Option<&str>)] = &[
            (
                "0 * * * *",
                "America/New_York",
                "2012-03-11T00:00:00-05:00",
                Some("2012-03-11T01:00:00-05:00"),
            ),
            (
                "0 * * * *",
                "America/New_York",
                "2012-03-11T01:00:00-05:00",
                Some("2012-03-11T03:00:00-04:00"),
            ),
            (
                "30 2 11 Mar *",
                "America/New_York",
                "2012-03-11T00:00:00-05:00",
                Some("2013-03-11T02:30:00-04:00"),
            ),
            (
                "30 1 04 Nov *",
                "America/New_York",
                "2012-11-04T01:45:00-04:00",
                Some("2012-11-04T01:30:00-05:00"),
            ),
            (
                "0 * * * *",
                "America/New_York",
                "2012-11-04T01:00:00-04:00",
                Some("2012-11-04T01:00:00-05:00"),
            ),
            (
                "0 9 10 * ?",
                "America/Sao_Paulo",
                "2018-10-17T05:00:00-04:00",
                Some("2018-11-10T06:00:00-05:00"),
            ),
            (
                "0 9 22 * ?",
                "America/Sao_Paulo",
                "2018-02-14T05:00:00-05:00",
                Some("2018-02-22T07:00:00-05:00"),
            ),
            (
                "0 0 29 Feb ?",
                "UTC",
                "2012-07-09T23:35:00Z",
                Some("2016-02-29T00:00:00Z"),
            ),
            ("0 0 30 2 *", "UTC", "2024-01-01T00:00:00Z", None),
            (
                "0 0 1 * 1",
                "UTC",
                "2024-04-23T00:00:00Z",
                Some("2024-04-29T00:00:00Z"),
            ),
            (
                "*/15 * * * *",
                "UTC",
                "2024-01-01T00:14:59.999Z",
                Some("2024-01-01T00:15:00Z"),
            ),
            (
                "*/15 * * * *",
                "UTC",
                "2024-01-01T00:15:00Z",
                Some("2024-01-01T00:30:00Z"),
            ),
            (
                "@every 90s",
                "UTC",
                "2024-01-01T00:00:00.5Z",
                Some("2024-01-01T00:01:30Z"),
            ),
            (", * * * *", "UTC", "2024-01-01T00:00:00Z", None),
        ];
        for (expr, zone, after, want) in cases {
            let s = Schedule::with_time_zone(expr, Some(zone)).unwrap();
            let after = DateTime::parse_from_rfc3339(after).unwrap();
            let got = s.next(&after).map(|t| t.timestamp());
            assert_eq!(got, want.map(ts), "{expr:?} in {zone} after {after}");
        }
    }

    #[test]
    fn prev_and_matches() {
        let s = Schedule::with_time_zone("0 9 * * 1-5", Some("Asia/Seoul")).unwrap();
        let monday = DateTime::parse_from_rfc3339("2024-05-06T09:00:00+09:00").unwrap();
        assert_eq!(s.matches(&monday), Some(true));
        let friday = s.prev(&monday).unwrap();
        assert_eq!(friday.to_rfc3339(), "2024-05-03T09:00:00+09:00");
        assert_eq!(s.next(&friday).unwrap(), monday);
        assert_eq!(Schedule::parse("@every 1h").unwrap().matches(&monday), None);
        let prev_every = Schedule::parse("@every 1h").unwrap().prev(&monday).unwrap();
        assert_eq!(prev_every.timestamp(), monday.timestamp() - 3600);
    }

    #[test]
    fn iterators_and_ranges() {
        let s = Schedule::parse("0 0 * * *").unwrap();
        let start = DateTime::parse_from_rfc3339("2024-02-27T12:00:00Z").unwrap();
        let days: Vec<String> = s.next_n(&start, 3).iter().map(|t| t.to_rfc3339()).collect();
        assert_eq!(
            days,
            [
                "2024-02-28T00:00:00+00:00",
                "2024-02-29T00:00:00+00:00",
                "2024-03-01T00:00:00+00:00"
            ]
        );
        let end = DateTime::parse_from_rfc3339("2024-03-01T00:00:00Z").unwrap();
        assert_eq!(s.fire_times(&start, &end, 100).len(), 3);
        assert_eq!(s.fire_times(&start, &end, 2).len(), 2);
        assert_eq!(
            s.iter_after(&start).nth(365).unwrap().to_rfc3339(),
            "2025-02-27T00:00:00+00:00"
        );
    }

    #[test]
    fn time_zone_errors() {
        let err = parse_time_zone("asia/seoul").unwrap_err();
        assert_eq!(err.reason, "unknown time zone asia/seoul");
        assert_eq!(err.hint.as_deref(), Some("did you mean \"Asia/Seoul\"?"));
        assert!(parse_time_zone("Local").is_err());
        assert!(parse_time_zone("").is_err());
        assert_eq!(
            parse_time_zone("Europe/Berlin").unwrap(),
            chrono_tz::Europe::Berlin
        );
    }

    #[test]
    fn daylight_saving_continues_after_2099() {
        // Go keeps applying New York's rule; chrono-tz's table ends in 2099.
        let s = Schedule::with_time_zone("0 9 * * *", Some("America/New_York")).unwrap();
        let after = Timestamp::from_secs(ts("2100-07-04T00:00:00Z"));
        assert_eq!(s.next_timestamp(after), Some(ts("2100-07-04T13:00:00Z")));
        let after = Timestamp::from_secs(ts("2399-12-20T00:00:00Z"));
        assert_eq!(s.next_timestamp(after), Some(ts("2399-12-20T14:00:00Z")));
        // Spring forward on 2100-03-14: 02:30 does not exist that day.
        let s = Schedule::with_time_zone("30 2 * * *", Some("America/New_York")).unwrap();
        let after = Timestamp::from_secs(ts("2100-03-13T12:00:00Z"));
        assert_eq!(s.next_timestamp(after), Some(ts("2100-03-15T06:30:00Z")));
    }

    /// Found by a fuzzer as a hang: a loop of next() in New York after 2100 never advanced.
    #[test]
    fn a_loop_of_next_advances_in_any_year() {
        for zone in ["America/New_York", "Europe/London", "Australia/Lord_Howe"] {
            let s = Schedule::with_time_zone("0 * * * *", Some(zone)).unwrap();
            let mut t = Timestamp::from_secs(ts("2099-12-31T00:00:00Z"));
            let end = ts("2102-01-01T00:00:00Z");
            let mut steps = 0;
            while t.secs < end {
                let next = s.next_timestamp(t).unwrap();
                assert!(next > t.secs, "{zone}: next({}) = {next}", t.secs);
                t = Timestamp::from_secs(next);
                steps += 1;
            }
            // Two years of hourly fire times, less the hours skipped in spring.
            assert!((17_500..17_600).contains(&steps), "{zone}: {steps} steps");
        }
    }

    #[test]
    fn apia_skipped_day_does_not_hang() {
        // Samoa skipped 30 December 2011; robfig/cron v3.0.1 loops for ever here.
        let s = Schedule::with_time_zone("@monthly", Some("Pacific/Apia")).unwrap();
        let after = Timestamp::from_secs(ts("2011-12-15T00:00:00-10:00"));
        assert_eq!(
            s.next_timestamp(after),
            Some(ts("2012-01-01T00:00:00+14:00"))
        );
        let s = Schedule::with_time_zone("0 12 * * *", Some("Pacific/Apia")).unwrap();
        let fires = s.fire_timestamps(
            Timestamp::from_secs(ts("2011-12-28T00:00:00-10:00")),
            Timestamp::from_secs(ts("2012-01-02T00:00:00+14:00")),
            10,
        );
        let days: Vec<String> = fires
            .iter()
            .map(|t| s.at(*t).unwrap().format("%d").to_string())
            .collect();
        assert_eq!(days, ["28", "29", "31", "01"]);
        let prev = s.prev_timestamp(Timestamp::from_secs(ts("2011-12-31T12:00:00+14:00")));
        assert_eq!(
            prev,
            Some(Timestamp::from_secs(ts("2011-12-29T12:00:00-10:00")))
        );
    }

    #[test]
    fn instants_out_of_range_have_no_fire_time() {
        let s = Schedule::with_time_zone("* * * * *", Some("Asia/Seoul")).unwrap();
        for t in [i64::MAX, i64::MIN, MAX_SECS + 1, MIN_SECS - 1] {
            let t = Timestamp::from_secs(t);
            assert_eq!(s.next_timestamp(t), None);
            assert_eq!(s.prev_timestamp(t), None);
        }
        let utc = Schedule::parse("* * * * *").unwrap();
        assert_eq!(utc.next_timestamp(Timestamp::from_secs(MAX_SECS)), None);
        assert_eq!(
            utc.next_timestamp(Timestamp::from_secs(MAX_SECS - 60)),
            Some(MAX_SECS - 59)
        );
        assert_eq!(
            utc.prev_timestamp(Timestamp::from_secs(MIN_SECS + 61)),
            Some(Timestamp::from_secs(MIN_SECS + 60))
        );
        let every = Schedule::parse("@every 1h").unwrap();
        assert_eq!(
            every.next_timestamp(Timestamp::from_secs(MAX_SECS - 60)),
            None
        );
        assert_eq!(every.prev_timestamp(Timestamp::from_secs(i64::MAX)), None);
    }

    #[test]
    fn a_huge_unknown_zone_is_refused_at_once() {
        let name = "x".repeat(1 << 20);
        let started = std::time::Instant::now();
        let err = parse_time_zone(&name).unwrap_err();
        assert!(started.elapsed().as_secs_f64() < 0.5);
        assert_eq!(err.hint, None);
        assert!(
            err.reason.ends_with("... (1048576 bytes)"),
            "{}",
            err.reason
        );
        assert_eq!(
            parse_time_zone("Europe/Berln").unwrap_err().hint.as_deref(),
            Some("did you mean \"Europe/Berlin\"?")
        );
    }

    fn cron_field(lo: u32, hi: u32) -> impl Strategy<Value = String> {
        let value = lo..=hi;
        prop_oneof![
            Just("*".to_string()),
            (1..=hi + 2).prop_map(|s| format!("*/{s}")),
            value.clone().prop_map(|v| v.to_string()),
            (value.clone(), value.clone()).prop_map(|(a, b)| format!("{}-{}", a.min(b), a.max(b))),
            (value.clone(), 1..=10u32).prop_map(|(a, s)| format!("{a}/{s}")),
            proptest::collection::vec(value, 1..4).prop_map(|v| {
                v.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            }),
        ]
    }

    fn valid_expr() -> impl Strategy<Value = String> {
        (
            cron_field(0, 59),
            cron_field(0, 23),
            cron_field(1, 31),
            cron_field(1, 12),
            cron_field(0, 6),
        )
            .prop_map(|(a, b, c, d, e)| format!("{a} {b} {c} {d} {e}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn parser_never_panics(s in "\\PC{0,40}") {
            let _ = Schedule::parse(&s);
        }

        #[test]
        fn parser_never_panics_on_cron_alphabet(s in "[0-9*/,?@ a-zA-Z-]{0,30}") {
            if let Ok(schedule) = Schedule::parse(&s) {
                let _ = schedule.describe(Lang::En);
                let _ = schedule.describe(Lang::Ko);
                let _ = schedule.next_timestamp(Timestamp::from_secs(1_700_000_000));
            }
        }

        #[test]
        fn next_is_later_matches_and_prev_steps_back(
            expr in valid_expr(),
            zone in prop::sample::select(vec!["UTC", "America/New_York", "Europe/London", "Asia/Seoul", "Australia/Sydney"]),
            after in 946_684_800i64..2_051_222_400,
            nanos in 0u32..1_000_000_000,
        ) {
            let s = Schedule::with_time_zone(&expr, Some(zone)).unwrap();
            let _ = s.describe(Lang::Ko);
            let after = Timestamp { secs: after, nanos };
            if let Some(next) = s.next_timestamp(after) {
                let next = Timestamp::from_secs(next);
                prop_assert!(next > after);
                prop_assert_eq!(s.matches_timestamp(next), Some(true));
                let prev = s.prev_timestamp(next);
                if let Some(prev) = prev {
                    prop_assert!(prev < next);
                    prop_assert_eq!(s.next_timestamp(prev), Some(next.secs));
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// In any year and any zone with daylight saving, next() moves strictly forward,
        /// answers within a bound, and prev() of its answer lies before it.
        #[test]
        fn next_moves_forward_in_any_year(
            expr in valid_expr(),
            zone in prop::sample::select(vec![
                "America/New_York", "Europe/London", "Australia/Lord_Howe", "America/St_Johns",
                "Pacific/Chatham", "America/Santiago", "Asia/Gaza", "Pacific/Apia",
            ]),
            after in MIN_SECS..MAX_SECS,
        ) {
            let s = Schedule::with_time_zone(&expr, Some(zone)).unwrap();
            let mut t = Timestamp::from_secs(after);
            for _ in 0..3 {
                let Some(next) = s.next_timestamp(t) else { break };
                prop_assert!(next > t.secs);
                if let Some(prev) = s.prev_timestamp(Timestamp::from_secs(next)) {
                    prop_assert!(prev.secs < next);
                }
                t = Timestamp::from_secs(next);
            }
        }
    }
}
