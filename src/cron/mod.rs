//! Cron schedules exactly as the Kubernetes CronJob controller reads them.
//!
//! Kubernetes vendors robfig/cron v3.0.1 and parses `spec.schedule` with `cron.ParseStandard`:
//! five fields (minute, hour, day of month, month, day of week; no seconds), ranges, steps,
//! lists, three-letter month and weekday names in any case, `?` as `*`, and the descriptors
//! `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly` and
//! `@every <Go duration>`. Day of week runs 0-6 (Sunday is 0; 7 is an error). If either day
//! field is written `*`, a day must match both; otherwise it may match either. The zone comes
//! from `spec.timeZone` (a `TZ=`/`CRON_TZ=` prefix is rejected, as the API server does).
//!
//! ```
//! use kubesim::cron::{Lang, Schedule};
//! let s = Schedule::with_time_zone("0 2 * * *", Some("Asia/Seoul")).unwrap();
//! let after = chrono::DateTime::parse_from_rfc3339("2024-05-01T12:00:00Z").unwrap();
//! assert_eq!(s.next(&after).unwrap().to_rfc3339(), "2024-05-02T02:00:00+09:00");
//! assert_eq!(s.describe(Lang::Ko), "매일 02:00 (Asia/Seoul)");
//! ```
//!
//! Time zone data comes from chrono-tz (IANA tzdata 2025b), whose tables stop at 2099, and,
//! as in Go, from each zone's POSIX TZ rule after that (module `zone`), so fire times are
//! right in any year. (A `DateTime<Tz>` that the Rust API returns after 2099 carries
//! chrono-tz's offset label; its instant is right. The Python API labels it correctly.)
//!
//! Modules: `parse` (robfig `parser.go`), `schedule` (robfig `spec.go`, `constantdelay.go`),
//! `gotime` and `goparse` (the parts of Go's `time` and `strconv` those rely on), `describe`.

mod describe;
mod error;
mod goparse;
mod gotime;
mod parse;
mod schedule;
mod zone;
mod zone_rules;

pub use chrono_tz::Tz;
pub use describe::Lang;
pub use error::{CronError, Field, Subject};
/// Calendar arithmetic the Python binding shares.
#[cfg(feature = "python")]
pub(crate) use gotime::{civil_from_days, days_from_civil};
pub use parse::{Masks, Parsed, STAR_BIT_VALUE};
pub use schedule::{parse_time_zone, FireTimes, Schedule, Timestamp, MAX_SECS, MIN_SECS};
#[cfg(feature = "python")]
pub(crate) use zone::Zone;

/// The UTC offset, in seconds east, of a zone at an instant.
pub fn offset_seconds(tz: Tz, unix_secs: i64) -> i64 {
    zone::Zone::of(tz).offset_at(unix_secs)
}

impl Schedule {
    /// A plain sentence saying when the schedule fires: "every day at 02:00",
    /// "매주 월~금요일 09:00", "every 15 minutes". Zones other than UTC are named at the end.
    pub fn describe(&self, lang: Lang) -> String {
        describe::describe(self.parsed(), self.time_zone(), lang)
    }
}
