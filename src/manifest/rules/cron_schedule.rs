//! ## `invalid-schedule` (error)
//!
//! **What it does.** Checks a CronJob's `schedule`: five fields (minute, hour, day of
//! month, month, day of week) or a descriptor such as `@hourly`, each field within its
//! range, and no `TZ=` or `CRON_TZ=` prefix ("cannot use TZ or CRON_TZ in schedule, use
//! timeZone field instead", `validateScheduleFormat` in pkg/apis/batch/validation, which
//! parses with robfig/cron's `ParseStandard`).
//!
//! **Why is this bad?** The API server rejects the object. Six fields (with seconds, as in
//! Quartz or Spring) are a common slip.
//!
//! **Example.**
//! ```yaml
//! schedule: "0 */5 * * * *"
//! ```
//!
//! **Use instead.**
//! ```yaml
//! schedule: "*/5 * * * *"
//! ```

use super::ctx::{quoted, Ctx, HintExt, Out, Rule};
use crate::api::Object;
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "invalid-schedule",
    severity: Severity::Error,
    source: include_str!("cron_schedule.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Object::CronJob(c) = ctx.object else {
        return;
    };
    let schedule = c.spec.schedule.as_str();
    if schedule.is_empty() {
        out.required("spec.schedule", None).hint(
            "add a cron schedule, e.g. `schedule: \"0 2 * * *\"` (every day at 02:00)",
            "크론 일정을 넣으세요. 예: `schedule: \"0 2 * * *\"` (매일 02:00)",
        );
        return;
    }
    if let Err(msg) = parse_standard_schedule(schedule) {
        let d = out.invalid(
            "spec.schedule",
            &quoted(schedule),
            Text::new(msg.clone(), msg),
        );
        let fields = schedule.split_whitespace().count();
        if fields == 6 {
            d.hint(
                "Kubernetes cron has no seconds field: drop the first field (five fields: minute hour day-of-month month day-of-week)",
                "쿠버네티스 크론에는 초 필드가 없습니다. 첫 필드를 지우세요 (다섯 필드: 분 시 일 월 요일)",
            );
        } else {
            d.hint(
                "five fields: minute (0-59) hour (0-23) day-of-month (1-31) month (1-12) day-of-week (0-6), e.g. `30 2 * * 1-5`",
                "다섯 필드: 분(0-59) 시(0-23) 일(1-31) 월(1-12) 요일(0-6). 예: `30 2 * * 1-5`",
            );
        }
    }
    if schedule.contains("TZ") {
        let zone = schedule
            .split_whitespace()
            .next()
            .and_then(|f| f.split_once('='))
            .map_or("Asia/Seoul", |(_, z)| z);
        out.invalid(
            "spec.schedule",
            &quoted(schedule),
            Text::new(
                "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
                "schedule에는 TZ나 CRON_TZ를 쓸 수 없습니다. 대신 timeZone 필드를 쓰세요",
            ),
        )
        .hint(
            format!("remove the `TZ=...` prefix and add `timeZone: {zone}` under `spec`"),
            format!("`TZ=...` 접두어를 지우고 `spec` 아래에 `timeZone: {zone}`을 넣으세요"),
        );
    }
}

/// One cron field's bounds and names.
struct Bounds {
    min: u32,
    max: u32,
    names: &'static [&'static str],
}

const FIELDS: [Bounds; 5] = [
    Bounds {
        min: 0,
        max: 59,
        names: &[],
    },
    Bounds {
        min: 0,
        max: 23,
        names: &[],
    },
    Bounds {
        min: 1,
        max: 31,
        names: &[],
    },
    Bounds {
        min: 1,
        max: 12,
        names: &[
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ],
    },
    Bounds {
        min: 0,
        max: 6,
        names: &["sun", "mon", "tue", "wed", "thu", "fri", "sat"],
    },
];

/// Checks a schedule as robfig/cron v3's `ParseStandard` does (descriptors, five fields,
/// `*`, `?`, lists, ranges, steps and month/day names), with its error wording. The
/// simulator's cron parser (`src/cron/`) is meant to take over; this is the validation
/// subset, kept separate so the switch is one function.
pub fn parse_standard_schedule(spec: &str) -> Result<(), String> {
    let spec = spec.trim();
    if spec.is_empty() {
        return Err("empty spec string".into());
    }
    let spec = match spec.split_once(' ') {
        Some((tz, rest)) if tz.starts_with("TZ=") || tz.starts_with("CRON_TZ=") => rest.trim(),
        _ => spec,
    };
    if let Some(descriptor) = spec.strip_prefix('@') {
        return match descriptor {
            "yearly" | "annually" | "monthly" | "weekly" | "daily" | "midnight" | "hourly" => {
                Ok(())
            }
            d if d.starts_with("every ") => Ok(()),
            _ => Err(format!("unrecognized descriptor: {spec}")),
        };
    }
    let fields: Vec<&str> = spec.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(format!(
            "expected exactly 5 fields, found {}: [{}]",
            fields.len(),
            fields.join(" ")
        ));
    }
    for (field, bounds) in fields.iter().zip(FIELDS.iter()) {
        for part in field.split(',') {
            range(part, bounds)?;
        }
    }
    Ok(())
}

fn range(expr: &str, b: &Bounds) -> Result<(), String> {
    let (range, step) = match expr.split_once('/') {
        Some((r, s)) => (r, Some(s)),
        None => (expr, None),
    };
    let (start, end) = if range == "*" || range == "?" {
        (b.min, b.max)
    } else {
        match range.split_once('-') {
            Some((lo, hi)) => (number(lo, b)?, number(hi, b)?),
            None => {
                let n = number(range, b)?;
                (n, n)
            }
        }
    };
    if let Some(s) = step {
        let s: u32 = s.parse().map_err(|_| {
            format!("failed to parse int from {s}: strconv.Atoi: parsing {s:?}: invalid syntax")
        })?;
        if s == 0 {
            return Err(format!("step of range should be a positive number: {expr}"));
        }
    }
    if start < b.min {
        return Err(format!(
            "beginning of range ({start}) below minimum ({}): {expr}",
            b.min
        ));
    }
    if end > b.max {
        return Err(format!(
            "end of range ({end}) above maximum ({}): {expr}",
            b.max
        ));
    }
    if start > end {
        return Err(format!(
            "beginning of range ({start}) beyond end of range ({end}): {expr}"
        ));
    }
    Ok(())
}

fn number(s: &str, b: &Bounds) -> Result<u32, String> {
    let lower = s.to_ascii_lowercase();
    if let Some(i) = b.names.iter().position(|n| *n == lower) {
        return Ok(u32::try_from(i).unwrap_or(0) + b.min);
    }
    s.parse::<u32>().map_err(|_| {
        format!("failed to parse int from {s}: strconv.Atoi: parsing {s:?}: invalid syntax")
    })
}

#[cfg(test)]
mod tests {
    use super::parse_standard_schedule;

    #[test]
    fn schedules_as_robfig_parses_them() {
        let ok = [
            "* * * * *",
            "0 2 * * *",
            "*/5 * * * *",
            "0 0 1 jan,jul *",
            "0 9 * * MON-FRI",
            "@hourly",
            "@every 1h30m",
            "TZ=UTC 0 0 * * *",
            "0-59/15 * * * ?",
        ];
        for s in ok {
            assert_eq!(parse_standard_schedule(s), Ok(()), "{s}");
        }
        let bad = [
            ("0 0 */5 * * *", "expected exactly 5 fields"),
            ("60 * * * *", "end of range (60) above maximum (59)"),
            ("* * 0 * *", "beginning of range (0) below minimum (1)"),
            ("* * * * 7", "above maximum (6)"),
            ("5-1 * * * *", "beyond end of range"),
            ("*/0 * * * *", "step of range"),
            ("@often", "unrecognized descriptor"),
            ("x * * * *", "failed to parse int from x"),
            ("", "empty spec string"),
        ];
        for (s, msg) in bad {
            let err = parse_standard_schedule(s).expect_err(s);
            assert!(err.contains(msg), "{s}: {err}");
        }
    }
}
