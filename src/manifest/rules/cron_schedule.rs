//! ## `invalid-schedule` (error)
//!
//! **What it does.** Checks a CronJob's `schedule`: five fields (minute, hour, day of
//! month, month, day of week) or a descriptor such as `@hourly`, each field within its
//! range, and no `TZ=` or `CRON_TZ=` prefix ("cannot use TZ or CRON_TZ in schedule, use
//! timeZone field instead", `validateScheduleFormat` in pkg/apis/batch/validation, which
//! parses with robfig/cron's `ParseStandard`; kubesim parses with [`crate::cron::Schedule::parse`],
//! the same parser the simulator runs).
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
    let Err(e) = crate::cron::Schedule::parse(schedule) else {
        return;
    };
    let msg = e.reason.clone();
    let d = out.invalid(
        "spec.schedule",
        &quoted(schedule),
        Text::new(msg.clone(), msg),
    );
    if schedule.contains("TZ") {
        let zone = schedule
            .split_whitespace()
            .next()
            .and_then(|f| f.split_once('='))
            .map_or("Asia/Seoul", |(_, z)| z);
        d.hint(
            format!("remove the `TZ=...` prefix and add `timeZone: {zone}` under `spec`"),
            format!("`TZ=...` 접두어를 지우고 `spec` 아래에 `timeZone: {zone}`을(를) 넣으세요"),
        );
    } else if schedule.split_whitespace().count() == 6 {
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

#[cfg(test)]
mod tests {
    use crate::manifest::check::check_text;

    fn codes(schedule: &str) -> Vec<(String, String)> {
        let text = format!(
            "apiVersion: batch/v1\nkind: CronJob\nmetadata: {{name: c}}\nspec:\n  schedule: {schedule:?}\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{{name: a, image: busybox:1.36, resources: {{requests: {{cpu: 1m, memory: 1Mi}}, limits: {{memory: 1Mi}}}}}}]\n"
        );
        check_text(&text, "c.yaml")
            .errors()
            .map(|d| (d.code.to_string(), d.message.en.clone()))
            .collect()
    }

    #[test]
    fn schedules_are_checked_by_the_cron_parser() {
        assert_eq!(codes("*/5 * * * *"), vec![]);
        assert_eq!(codes("@hourly"), vec![]);
        for (schedule, needle) in [
            ("0 */5 * * * *", "expected exactly 5 fields"),
            ("60 * * * *", "above maximum"),
            ("TZ=Asia/Seoul 0 2 * * *", "cannot use TZ or CRON_TZ"),
            ("", "Required value"),
        ] {
            let found = codes(schedule);
            assert!(
                found
                    .iter()
                    .any(|(c, m)| c == "invalid-schedule" && m.contains(needle)),
                "{schedule:?}: {found:?}"
            );
        }
    }
}
