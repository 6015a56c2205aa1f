//! The few operations of Go's `time` package that robfig/cron's `SpecSchedule.Next` performs,
//! reproduced on unix seconds so that every daylight-saving quirk comes out the same.
//!
//! Go's `time.Date` (src/time/time.go, `Date`) turns a wall-clock reading into an instant by
//! looking up the zone offset at the wall reading taken as UTC, and, when the resulting instant
//! falls outside that offset's period, looking the offset up again at that instant. Both cases
//! reduce to `unix = wall - offset_at(wall - offset_at(wall))`, which is what [`date`] computes.
//! Offsets come from [`Zone`]: chrono-tz's copy of the IANA database, and after its tables
//! end the zone's POSIX rule, as Go applies it.

use super::zone::Zone;

pub(crate) const SECS_PER_DAY: i64 = 86_400;

/// UTC offset in seconds (east positive) of `zone` at the instant `unix`.
#[inline]
pub(crate) fn offset_at(zone: Zone, unix: i64) -> i64 {
    zone.offset_at(unix)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12; day may overflow).
#[inline]
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month 1-12, day 1-31) of a day count since 1970-01-01.
#[inline]
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Number of days in a month of a proleptic Gregorian year.
pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The wall-clock reading of an instant in a zone, as Go's `Time.Date`, `Clock` and
/// `Weekday` report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Wall {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// 0 = Sunday.
    pub weekday: u32,
    /// The UTC offset in effect, in seconds.
    pub offset: i64,
}

impl Wall {
    #[inline]
    pub(crate) fn of(zone: Zone, unix: i64) -> Wall {
        Wall::with_offset(unix, zone.offset_at(unix))
    }

    #[inline]
    pub(crate) fn with_offset(unix: i64, offset: i64) -> Wall {
        let local = unix + offset;
        let days = local.div_euclid(SECS_PER_DAY);
        let secs = local.rem_euclid(SECS_PER_DAY) as u32;
        let (year, month, day) = civil_from_days(days);
        Wall {
            year,
            month,
            day,
            hour: secs / 3600,
            minute: secs / 60 % 60,
            second: secs % 60,
            weekday: (days + 4).rem_euclid(7) as u32,
            offset,
        }
    }
}

/// Go's `time.Date(year, month, day, hour, min, sec, 0, loc)` as unix seconds: months beyond
/// 12 roll into the next year and days beyond the month's end into the next month; a wall
/// reading that falls in a gap or an overlap resolves exactly as Go resolves it.
#[inline]
pub(crate) fn date(
    zone: Zone,
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    min: i64,
    sec: i64,
) -> i64 {
    let m0 = month - 1;
    let (year, month) = (year + m0.div_euclid(12), m0.rem_euclid(12) + 1);
    let wall =
        (days_from_civil(year, month, 1) + day - 1) * SECS_PER_DAY + hour * 3600 + min * 60 + sec;
    let first = offset_at(zone, wall);
    if first == 0 {
        return wall;
    }
    wall - offset_at(zone, wall - first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, i64::from(m), i64::from(d)), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2024, 2, 29), 19_782);
        assert_eq!(days_from_civil(2024, 2, 30), days_from_civil(2024, 3, 1));
    }

    #[test]
    fn weekday_of_epoch_is_thursday() {
        let utc = Zone::of(chrono_tz::Tz::UTC);
        assert_eq!(Wall::of(utc, 0).weekday, 4);
        assert_eq!(Wall::of(utc, 1_704_067_200).weekday, 1); // 2024-01-01, a Monday
    }

    #[test]
    fn date_resolves_gaps_like_go() {
        let ny = Zone::of(chrono_tz::America::New_York);
        // 2012-03-11 02:30 does not exist in New York; Go gives 01:30 EST (06:30 UTC).
        assert_eq!(date(ny, 2012, 3, 11, 2, 30, 0), 1_331_447_400);
        // 2012-11-04 01:30 happens twice; Go picks the first (EDT, 05:30 UTC).
        assert_eq!(date(ny, 2012, 11, 4, 1, 30, 0), 1_352_007_000);
        // Month and day overflow normalise as in Go: 2023-13-32 is 2024-02-01.
        assert_eq!(
            date(Zone::of(chrono_tz::Tz::UTC), 2023, 13, 32, 0, 0, 0),
            1_706_745_600
        );
    }
}
