//! Times and Jobs of a CronJob (pkg/controller/cronjob/utils.go): the most recent
//! schedule time that is due, how many were missed, when to look again, and the Job a
//! scheduled time makes.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::api::cronjob::CronJob;
use crate::api::job::Job;
use crate::api::meta::{ObjectMeta, OwnerReference};
use crate::cron::{Schedule, Timestamp};
use crate::state::clock::{Duration, Time};

/// nextScheduleDelta: the controller looks again 100 ms after the next schedule time.
pub const NEXT_SCHEDULE_DELTA: Duration = Duration(100);
/// More missed schedules than this and the controller gives up on catching up.
pub const TOO_MANY_MISSED: i64 = 100;
/// The annotation with the scheduled time (CronJobsScheduledAnnotation is GA).
pub const SCHEDULED_TIMESTAMP_ANNOTATION: &str = "batch.kubernetes.io/cronjob-scheduled-timestamp";

/// missedSchedulesType.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missed {
    None,
    Few,
    Many,
}

fn to_ts(t: Time) -> Timestamp {
    Timestamp {
        secs: t.0.div_euclid(1000),
        nanos: (t.0.rem_euclid(1000) as u32) * 1_000_000,
    }
}

/// Schedule.Next on the virtual clock; `None` where robfig returns the zero time.
pub fn next_after(schedule: &Schedule, t: Time) -> Option<Time> {
    schedule
        .next_timestamp(to_ts(t))
        .and_then(|s| s.checked_mul(1000))
        .map(Time)
}

fn creation(cj: &CronJob) -> Time {
    cj.metadata
        .creation_timestamp
        .as_deref()
        .and_then(Time::parse_rfc3339)
        .unwrap_or_default()
}

/// The last schedule time, parsed.
pub fn last_schedule_time(cj: &CronJob) -> Option<Time> {
    cj.status
        .as_ref()?
        .last_schedule_time
        .as_deref()
        .and_then(Time::parse_rfc3339)
}

/// What mostRecentScheduleTime found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recent {
    /// The last schedule time, or the creation time, or the starting deadline.
    pub earliest: Time,
    /// The most recent schedule time not after now, if any was missed since `earliest`.
    pub most_recent: Option<Time>,
    pub missed: Missed,
}

/// mostRecentScheduleTime: the latest schedule time in (earliest, now], counting the
/// missed ones the way upstream estimates them (by the gap between the next two times).
/// Errs when two schedule times are less than a second apart (a schedule that never
/// fires, such as "0 0 30 2 *").
pub fn most_recent_schedule_time(
    cj: &CronJob,
    now: Time,
    schedule: &Schedule,
    include_starting_deadline: bool,
) -> Result<Recent, String> {
    most_recent_since(
        cj,
        last_schedule_time(cj),
        now,
        schedule,
        include_starting_deadline,
    )
}

/// mostRecentScheduleTime with the last schedule time given (the status being built).
pub fn most_recent_since(
    cj: &CronJob,
    last: Option<Time>,
    now: Time,
    schedule: &Schedule,
    include_starting_deadline: bool,
) -> Result<Recent, String> {
    let mut earliest = last.unwrap_or_else(|| creation(cj));
    if include_starting_deadline {
        if let Some(sds) = cj.spec.starting_deadline_seconds {
            let deadline = Time(now.0.saturating_sub(sds.saturating_mul(1000)));
            if deadline > earliest {
                earliest = deadline;
            }
        }
    }
    let none = Recent {
        earliest,
        most_recent: None,
        missed: Missed::None,
    };
    let t1 = next_after(schedule, earliest);
    let t2 = t1.and_then(|t| next_after(schedule, t));
    if let Some(t1) = t1 {
        if now < t1 {
            return Ok(none);
        }
        if t2.is_some_and(|t2| now < t2) {
            return Ok(Recent {
                most_recent: Some(t1),
                ..none
            });
        }
    }
    let between = match (t1, t2) {
        // Round to the nearest second.
        (Some(a), Some(b)) => (b.0 - a.0 + 500).div_euclid(1000),
        _ => 0,
    };
    let (Some(t1), true) = (t1, between >= 1) else {
        return Err("time difference between two schedules is less than 1 second".into());
    };
    let elapsed = (now.0 - t1.0) / 1000;
    let missed_count = elapsed / between + 1;
    let potential_earliest = t1.plus(Duration::seconds((missed_count - 2) * between));
    let mut most_recent = None;
    let mut cursor = next_after(schedule, potential_earliest);
    while let Some(t) = cursor.filter(|t| *t <= now) {
        most_recent = Some(t);
        cursor = next_after(schedule, t).filter(|n| *n > t);
    }
    let missed = if missed_count > TOO_MANY_MISSED {
        Missed::Many
    } else if missed_count > 0 {
        Missed::Few
    } else {
        Missed::None
    };
    Ok(Recent {
        earliest,
        most_recent,
        missed,
    })
}

/// nextScheduleTimeDuration: how long until the controller should look again, 100 ms
/// after the next schedule time; `None` when the schedule never fires again.
pub fn next_schedule_time_duration(
    cj: &CronJob,
    now: Time,
    schedule: &Schedule,
) -> Option<Duration> {
    next_duration_since(cj, last_schedule_time(cj), now, schedule)
}

/// nextScheduleTimeDuration with the last schedule time given.
pub fn next_duration_since(
    cj: &CronJob,
    last: Option<Time>,
    now: Time,
    schedule: &Schedule,
) -> Option<Duration> {
    let base = match most_recent_since(cj, last, now, schedule, false) {
        Err(_) => now,
        Ok(Recent {
            most_recent: Some(t),
            ..
        }) => t,
        Ok(Recent {
            earliest,
            missed: Missed::None,
            ..
        }) => earliest,
        Ok(_) => now,
    };
    let next = next_after(schedule, base)?;
    Some(Duration(next.plus(NEXT_SCHEDULE_DELTA).0 - now.0))
}

/// getJobName: `<cronjob>-<scheduled time in minutes since the epoch>`.
pub fn job_name(cj: &CronJob, scheduled: Time) -> String {
    format!(
        "{}-{}",
        cj.metadata.name.as_deref().unwrap_or(""),
        scheduled.0.div_euclid(1000).div_euclid(60)
    )
}

/// The owner reference a CronJob puts on its Jobs.
pub fn owner_ref(meta: &ObjectMeta) -> OwnerReference {
    OwnerReference {
        api_version: "batch/v1".into(),
        kind: "CronJob".into(),
        name: meta.name.clone().unwrap_or_default(),
        uid: meta.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// RFC 3339 in the CronJob's zone, as Go's `time.Format(time.RFC3339)` writes it.
fn rfc3339_in_zone(t: Time, schedule: &Schedule) -> String {
    let secs = t.0.div_euclid(1000);
    let offset = crate::cron::offset_seconds(schedule.time_zone(), secs);
    let local = Time((secs + offset) * 1000).to_rfc3339();
    if offset == 0 {
        return local;
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let abs = offset.abs();
    format!(
        "{}{sign}{:02}:{:02}",
        local.trim_end_matches('Z'),
        abs / 3600,
        abs % 3600 / 60
    )
}

/// getJobFromTemplate2: the Job for one scheduled time, with the template's labels and
/// annotations, the scheduled-time annotation, and the CronJob as its controller.
pub fn job_from_template(cj: &CronJob, scheduled: Time, schedule: &Schedule) -> Job {
    let template = &cj.spec.job_template;
    let mut annotations: BTreeMap<String, String> =
        template.metadata.annotations.clone().unwrap_or_default();
    annotations.insert(
        SCHEDULED_TIMESTAMP_ANNOTATION.into(),
        rfc3339_in_zone(scheduled, schedule),
    );
    Job {
        api_version: "batch/v1".into(),
        kind: "Job".into(),
        metadata: ObjectMeta {
            name: Some(job_name(cj, scheduled)),
            namespace: cj.metadata.namespace.clone(),
            labels: template.metadata.labels.clone().filter(|l| !l.is_empty()),
            annotations: Some(annotations),
            owner_references: Some(vec![owner_ref(&cj.metadata)]),
            ..ObjectMeta::default()
        },
        spec: template.spec.clone(),
        status: None,
    }
}

/// byJobStartTime: started Jobs first, by start time, then by name.
pub fn by_job_start_time(a: &Job, b: &Job) -> Ordering {
    let start = |j: &Job| {
        j.status
            .as_ref()
            .and_then(|s| s.start_time.as_deref())
            .and_then(Time::parse_rfc3339)
    };
    match (start(a), start(b)) {
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (sa, sb) if sa == sb => a.metadata.name.cmp(&b.metadata.name),
        (sa, sb) => sa.cmp(&sb),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::object::Object;
    use serde_json::json;

    fn cronjob(schedule: &str, created: &str, last: Option<&str>, sds: Option<i64>) -> CronJob {
        let mut v = json!({
            "apiVersion": "batch/v1", "kind": "CronJob",
            "metadata": {"name": "backup", "namespace": "default", "creationTimestamp": created, "uid": "cj-1"},
            "spec": {"schedule": schedule, "jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "c", "image": "x"}]}}}}},
        });
        if let Some(l) = last {
            v["status"] = json!({"lastScheduleTime": l});
        }
        if let Some(s) = sds {
            v["spec"]["startingDeadlineSeconds"] = json!(s);
        }
        match Object::from_json(v) {
            Ok(Object::CronJob(c)) => c,
            other => panic!("{other:?}"),
        }
    }

    fn t(s: &str) -> Time {
        Time::parse_rfc3339(s).unwrap()
    }

    #[test]
    fn most_recent_schedule_time_cases() {
        // (schedule, created, last, sds, now) -> (most recent, missed)
        let cases = [
            (
                "0 2 * * *",
                "2026-01-01T00:00:00Z",
                None,
                None,
                "2026-01-01T01:59:59Z",
                None,
                Missed::None,
            ),
            (
                "0 2 * * *",
                "2026-01-01T00:00:00Z",
                None,
                None,
                "2026-01-01T02:00:00Z",
                Some("2026-01-01T02:00:00Z"),
                Missed::None,
            ),
            (
                "0 2 * * *",
                "2026-01-01T00:00:00Z",
                None,
                None,
                "2026-01-03T03:00:00Z",
                Some("2026-01-03T02:00:00Z"),
                Missed::Few,
            ),
            (
                "0 2 * * *",
                "2026-01-01T00:00:00Z",
                Some("2026-01-03T02:00:00Z"),
                None,
                "2026-01-03T03:00:00Z",
                None,
                Missed::None,
            ),
            (
                "*/1 * * * *",
                "2026-01-01T00:00:00Z",
                None,
                None,
                "2026-01-01T01:41:30Z",
                Some("2026-01-01T01:41:00Z"),
                Missed::Many,
            ),
            (
                "*/1 * * * *",
                "2026-01-01T00:00:00Z",
                None,
                None,
                "2026-01-01T01:40:30Z",
                Some("2026-01-01T01:40:00Z"),
                Missed::Few,
            ),
            (
                "*/1 * * * *",
                "2026-01-01T00:00:00Z",
                None,
                Some(200),
                "2026-01-01T05:00:30Z",
                Some("2026-01-01T05:00:00Z"),
                Missed::Few,
            ),
            (
                "30 6-16/4 * * 1-5",
                "2026-01-01T00:00:00Z",
                None,
                None,
                "2026-01-05T15:00:00Z",
                Some("2026-01-05T14:30:00Z"),
                Missed::Few,
            ),
        ];
        for (i, (expr, created, last, sds, now, want, missed)) in cases.into_iter().enumerate() {
            let cj = cronjob(expr, created, last, sds);
            let s = Schedule::parse(expr).unwrap();
            let r = most_recent_schedule_time(&cj, t(now), &s, true).unwrap();
            assert_eq!(r.most_recent, want.map(t), "case {i}");
            assert_eq!(r.missed, missed, "case {i}");
        }
    }

    #[test]
    fn a_schedule_that_never_fires_is_an_error() {
        let cj = cronjob("0 0 30 2 *", "2026-01-01T00:00:00Z", None, None);
        let s = Schedule::parse("0 0 30 2 *").unwrap();
        assert!(most_recent_schedule_time(&cj, t("2026-03-01T00:00:00Z"), &s, true).is_err());
        assert_eq!(
            next_schedule_time_duration(&cj, t("2026-03-01T00:00:00Z"), &s),
            None
        );
    }

    #[test]
    fn requeue_lands_100ms_after_the_next_time() {
        let cj = cronjob("0 2 * * *", "2026-01-01T00:00:00Z", None, None);
        let s = Schedule::parse("0 2 * * *").unwrap();
        let d = next_schedule_time_duration(&cj, t("2026-01-01T00:00:00Z"), &s).unwrap();
        assert_eq!(d, Duration(2 * 3_600_000 + 100));
    }

    #[test]
    fn job_names_count_minutes_since_the_epoch() {
        let cj = cronjob("0 2 * * *", "2026-01-01T00:00:00Z", None, None);
        let scheduled = t("2026-01-02T02:00:00Z");
        assert_eq!(
            job_name(&cj, scheduled),
            format!("backup-{}", scheduled.0 / 60_000)
        );
        assert_eq!(job_name(&cj, scheduled), "backup-29455320");
        let s = Schedule::with_time_zone("0 2 * * *", Some("Asia/Seoul")).unwrap();
        let job = job_from_template(&cj, t("2026-01-01T17:00:00Z"), &s);
        assert_eq!(
            job.metadata
                .annotations
                .unwrap()
                .get(SCHEDULED_TIMESTAMP_ANNOTATION)
                .map(String::as_str),
            Some("2026-01-02T02:00:00+09:00")
        );
    }
}
