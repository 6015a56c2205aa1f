//! ## `invalid-time-zone` (error)
//!
//! **What it does.** Checks a CronJob's `timeZone`: not empty, not `Local`, and a name in
//! the IANA time zone database, such as `Asia/Seoul` or `UTC` (`validateTimeZone` in
//! pkg/apis/batch/validation, which asks Go's `time.LoadLocation`).
//!
//! **Why is this bad?** The API server rejects the object. Abbreviations such as `KST`
//! and offsets such as `+09:00` are not zone names.
//!
//! **Example.**
//! ```yaml
//! timeZone: KST
//! ```
//!
//! **Use instead.**
//! ```yaml
//! timeZone: Asia/Seoul
//! ```

use super::ctx::{quoted, Ctx, HintExt, Out, Rule};
use crate::api::Object;
use crate::manifest::diagnostic::{Severity, Text};
use crate::manifest::suggest::closest;

pub const RULE: Rule = Rule {
    code: "invalid-time-zone",
    severity: Severity::Error,
    source: include_str!("cron_time_zone.rs"),
    check,
};

/// True when `name` is in the time zone database (chrono-tz's copy of IANA tzdata, the
/// one the simulator's cron schedules use), spelled exactly.
pub fn is_zone(name: &str) -> bool {
    name.parse::<chrono_tz::Tz>().is_ok()
}

/// Abbreviations students write, and the zone they most likely mean.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("KST", "Asia/Seoul"),
    ("JST", "Asia/Tokyo"),
    ("PST", "America/Los_Angeles"),
    ("PDT", "America/Los_Angeles"),
    ("CEST", "Europe/Berlin"),
    ("BST", "Europe/London"),
    ("IST", "Asia/Kolkata"),
];

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Object::CronJob(c) = ctx.object else {
        return;
    };
    let Some(tz) = c.spec.time_zone.as_deref() else {
        return;
    };
    let path = "spec.timeZone";
    let detail = if tz.is_empty() {
        Text::new(
            "timeZone must be nil or non-empty string",
            "timeZone은 없거나 비어 있지 않은 문자열이어야 합니다",
        )
    } else if tz.eq_ignore_ascii_case("local") {
        Text::new(
            "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
            "timeZone은 https://www.iana.org/time-zones 에 정의된 명시적인 시간대여야 합니다",
        )
    } else if !is_zone(tz) {
        Text::new(
            format!("unknown time zone {tz}"),
            format!("알 수 없는 시간대 {tz}"),
        )
    } else {
        return;
    };
    let d = out.invalid(path, &quoted(tz), detail);
    let suggestion = ABBREVIATIONS
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(tz))
        .map(|(_, z)| *z)
        .or_else(|| closest(tz, chrono_tz::TZ_VARIANTS.iter().map(|z| z.name())));
    match suggestion {
        Some(z) => d.hint(
            format!("use an IANA zone name: `timeZone: {z}`"),
            format!("IANA 시간대 이름을 쓰세요: `timeZone: {z}`"),
        ),
        None => d.hint(
            "use an IANA zone name such as `Asia/Seoul` or `UTC`",
            "`Asia/Seoul`이나 `UTC` 같은 IANA 시간대 이름을 쓰세요",
        ),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn knows_zone_names() {
        for z in [
            "Asia/Seoul",
            "UTC",
            "America/New_York",
            "US/Pacific",
            "Etc/GMT+9",
        ] {
            assert!(super::is_zone(z), "{z}");
        }
        for z in ["KST", "Asia/Busan", "asia/seoul", "", "Local"] {
            assert!(!super::is_zone(z), "{z}");
        }
    }
}
