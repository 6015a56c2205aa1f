//! The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go): creates a Job
//! at each scheduled time on the virtual clock, named `<cronjob>-<minutes since the
//! epoch>`, honouring `timeZone`, `concurrencyPolicy` (Allow, Forbid, Replace),
//! `startingDeadlineSeconds`, `suspend` and the history limits, and keeps `status.active`,
//! `lastScheduleTime` and `lastSuccessfulTime`.
//!
//! One reconcile is `sync`: `cleanupFinishedJobs` then `syncCronJob`, and the answer
//! carries `requeue_after` = the time to the next schedule plus 100 ms, so the simulator
//! wakes exactly when the next Job is due and sleeps in between.
//!
//! Decisions that change nothing (a run skipped under Forbid, a missed start, a Job the
//! controller did not create) come back as a status "update" that leaves the CronJob as
//! it is, with the event upstream records and a reason; the simulator logs them once.

pub mod utils;

use self::utils::{
    by_job_start_time, job_from_template, job_name, most_recent_since, next_duration_since, Missed,
    Recent,
};
use super::podutil::controller_of;
use super::{Action, Change, Decision, Propagation, View};
use crate::api::cronjob::{CronJob, CronJobStatus, ObjectReference};
use crate::api::job::Job;
use crate::api::object::Object;
use crate::cron::{parse_time_zone, Schedule};
use crate::manifest::diagnostic::Text;
use crate::state::clock::{Duration, Time};
use crate::state::events::EventType;
use crate::state::store::Key;

/// An event with the reason a student reads in the trace.
struct Note {
    event_type: EventType,
    reason: &'static str,
    message: String,
    why: Text,
}

/// What one sync wants done besides the status update.
struct Sync<'a> {
    cj: &'a CronJob,
    key: String,
    namespace: String,
    now: Time,
    actions: Vec<Action>,
    notes: Vec<Note>,
}

impl Sync<'_> {
    fn note(&mut self, event_type: EventType, reason: &'static str, message: String, why: Text) {
        self.notes.push(Note {
            event_type,
            reason,
            message,
            why,
        });
    }
}

/// "Complete" or "Failed" if the Job finished (getFinishedStatus).
fn finished_status(job: &Job) -> Option<&'static str> {
    crate::controllers::job::finished_type(job)
}

fn job_ref(job: &Job) -> ObjectReference {
    ObjectReference {
        api_version: Some("batch/v1".into()),
        kind: Some("Job".into()),
        namespace: job.metadata.namespace.clone(),
        name: job.metadata.name.clone(),
        uid: job.metadata.uid.clone(),
        resource_version: job.metadata.resource_version.clone(),
    }
}

/// inActiveList, also matching by name a reference made before the Job had a uid.
fn in_active_list(status: &CronJobStatus, job: &Job) -> bool {
    status.active.iter().flatten().any(|r| refers_to(r, job))
}

fn refers_to(r: &ObjectReference, job: &Job) -> bool {
    match (&r.uid, &job.metadata.uid) {
        (Some(a), Some(b)) => a == b,
        _ => r.name == job.metadata.name,
    }
}

/// One reconcile of a CronJob (ControllerV2.sync).
pub fn reconcile(cj: &CronJob, view: &View<'_>) -> Decision {
    let mut decision = Decision::default();
    let name = cj.metadata.name.clone().unwrap_or_default();
    let namespace = cj
        .metadata
        .namespace
        .clone()
        .unwrap_or_else(|| "default".into());
    // getJobsToBeReconciled: every Job whose controller reference names this CronJob.
    let jobs: Vec<&Job> = view
        .store
        .list("Job")
        .filter_map(|o| match o {
            Object::Job(j) => Some(j),
            _ => None,
        })
        .filter(|j| j.metadata.namespace.as_deref().unwrap_or("default") == namespace)
        .filter(|j| controller_of(&j.metadata).is_some_and(|r| r.name == name))
        .collect();
    let mut sync = Sync {
        cj,
        key: format!("cronjob/{name}"),
        namespace,
        now: view.now,
        actions: Vec::new(),
        notes: Vec::new(),
    };
    let mut status = cj.status.clone().unwrap_or_default();
    cleanup_finished_jobs(&mut sync, &mut status, &jobs);
    if let Some(after) = sync_cron_job(&mut sync, &mut status, &jobs, view) {
        decision.requeue(after);
    }
    let Sync { actions, notes, .. } = sync;
    // Notes ride on a status "update" that changes nothing; they go first so the object
    // they carry is the one in the store.
    for note in notes {
        decision.actions.push(
            Action::new(Change::UpdateStatus(Object::CronJob(cj.clone())), note.why).with_event(
                note.event_type,
                note.reason,
                note.message,
            ),
        );
    }
    decision.actions.extend(actions);
    let old = cj.status.clone().unwrap_or_default();
    if status.active.as_ref().is_some_and(Vec::is_empty) {
        status.active = None;
    }
    if status != old {
        let mut updated = cj.clone();
        let active = status.active.as_ref().map_or(0, Vec::len);
        let last = status
            .last_schedule_time
            .clone()
            .unwrap_or_else(|| "<none>".into());
        updated.status = Some(status);
        decision.actions.push(Action::new(
            Change::UpdateStatus(Object::CronJob(updated)),
            Text::new(
                format!("cronjob/{name} records {active} active job(s), last scheduled at {last}"),
                format!("cronjob/{name}의 상태를 기록합니다: 실행 중인 Job {active}개, 마지막 예약 시각 {last}"),
            ),
        ));
    }
    decision
}

/// cleanupFinishedJobs: keep the newest successfulJobsHistoryLimit Complete Jobs and
/// failedJobsHistoryLimit Failed Jobs, delete the older ones.
fn cleanup_finished_jobs(sync: &mut Sync<'_>, status: &mut CronJobStatus, jobs: &[&Job]) {
    let spec = &sync.cj.spec;
    if spec.successful_jobs_history_limit.is_none() && spec.failed_jobs_history_limit.is_none() {
        return;
    }
    let mut succeeded: Vec<&Job> = jobs
        .iter()
        .copied()
        .filter(|j| finished_status(j) == Some("Complete"))
        .collect();
    let mut failed: Vec<&Job> = jobs
        .iter()
        .copied()
        .filter(|j| finished_status(j) == Some("Failed"))
        .collect();
    let limits = [
        (
            &mut succeeded,
            spec.successful_jobs_history_limit,
            "successfulJobsHistoryLimit",
            "성공",
        ),
        (
            &mut failed,
            spec.failed_jobs_history_limit,
            "failedJobsHistoryLimit",
            "실패",
        ),
    ];
    for (list, limit, field, ko_kind) in limits {
        let Some(limit) = limit else { continue };
        let excess = list.len() as i64 - i64::from(limit);
        if excess <= 0 {
            continue;
        }
        list.sort_by(|a, b| by_job_start_time(a, b));
        let count = list.len();
        for job in list.iter().take(excess as usize) {
            let job_name = job.metadata.name.clone().unwrap_or_default();
            delete_job(
                sync,
                status,
                job,
                Text::new(
                    format!("{field}={limit} and {count} such jobs exist: delete the oldest, job/{job_name}"),
                    format!("{field}={limit}인데 {ko_kind}한 Job이 {count}개이므로 가장 오래된 job/{job_name}을(를) 지웁니다"),
                ),
            );
        }
    }
}

/// deleteJob: delete the Job (background propagation) and its active reference.
fn delete_job(sync: &mut Sync<'_>, status: &mut CronJobStatus, job: &Job, why: Text) {
    let name = job.metadata.name.clone().unwrap_or_default();
    sync.actions.push(
        Action::new(
            Change::Delete {
                key: Key::new("Job", &sync.namespace, &name),
                propagation: Propagation::Background,
            },
            why,
        )
        .with_event(
            EventType::Normal,
            "SuccessfulDelete",
            format!("Deleted job {name}"),
        ),
    );
    if let Some(active) = status.active.as_mut() {
        active.retain(|r| !refers_to(r, job));
    }
}

/// syncCronJob: settle the active list, then start the Job that is due, if any; returns
/// when to look again.
fn sync_cron_job(
    sync: &mut Sync<'_>,
    status: &mut CronJobStatus,
    jobs: &[&Job],
    view: &View<'_>,
) -> Option<Duration> {
    let cj = sync.cj;
    let key = sync.key.clone();
    for job in jobs {
        let job_name = job.metadata.name.clone().unwrap_or_default();
        let found = in_active_list(status, job);
        let finished = finished_status(job);
        if !found && finished.is_none() {
            sync.note(
                EventType::Warning,
                "UnexpectedJob",
                format!("Saw a job that the controller did not create or forgot: {job_name}"),
                Text::new(
                    format!("job/{job_name} belongs to {key} but is not in its active list (created by hand, e.g. kubectl create job --from)"),
                    format!("job/{job_name}은(는) {key}의 것이지만 active 목록에 없습니다 (kubectl create job --from 등으로 직접 만든 Job)"),
                ),
            );
        } else if let (true, Some(result)) = (found, finished) {
            if let Some(active) = status.active.as_mut() {
                active.retain(|r| !refers_to(r, job));
            }
            sync.note(
                EventType::Normal,
                "SawCompletedJob",
                format!("Saw completed job: {job_name}, status: {result}"),
                Text::new(
                    format!(
                        "job/{job_name} finished ({result}): {key} takes it off its active list"
                    ),
                    format!(
                        "job/{job_name}이(가) 끝났으므로({result}) {key}의 active 목록에서 뺍니다"
                    ),
                ),
            );
        } else if finished == Some("Complete") {
            let completed = job
                .status
                .as_ref()
                .and_then(|s| s.completion_time.as_deref())
                .and_then(Time::parse_rfc3339);
            let last = status
                .last_successful_time
                .as_deref()
                .and_then(Time::parse_rfc3339);
            if let Some(c) = completed {
                if last.is_none_or(|l| c > l) {
                    status.last_successful_time = Some(c.to_rfc3339());
                }
            }
        }
        // A reference made before the Job existed gets its uid.
        if let Some(r) = status
            .active
            .iter_mut()
            .flatten()
            .find(|r| r.uid.is_none() && r.name == job.metadata.name)
        {
            *r = job_ref(job);
        }
    }
    // Active references whose Job is gone.
    let missing: Vec<ObjectReference> = status
        .active
        .iter()
        .flatten()
        .filter(|r| !jobs.iter().any(|j| refers_to(r, j)))
        .cloned()
        .collect();
    for r in missing {
        let n = r.name.clone().unwrap_or_default();
        if let Some(active) = status.active.as_mut() {
            active.retain(|x| x != &r);
        }
        sync.note(
            EventType::Normal,
            "MissingJob",
            format!("Active job went missing: {n}"),
            Text::new(
                format!("job/{n} is gone: {key} takes it off its active list"),
                format!("job/{n}이(가) 사라졌으므로 {key}의 active 목록에서 뺍니다"),
            ),
        );
    }

    if cj.metadata.deletion_timestamp.is_some() {
        return None;
    }
    if let Some(tz) = cj.spec.time_zone.as_deref() {
        if parse_time_zone(tz).is_err() {
            sync.note(
                EventType::Warning,
                "UnknownTimeZone",
                format!("invalid timeZone: {tz:?}: unknown time zone {tz}"),
                Text::new(
                    format!("{key} has an unknown timeZone {tz:?}: no job is started"),
                    format!("{key}의 timeZone {tz:?}을(를) 알 수 없어 Job을 시작하지 않습니다"),
                ),
            );
            return None;
        }
    }
    if cj.spec.suspend == Some(true) {
        return None;
    }
    let schedule = match Schedule::with_time_zone(&cj.spec.schedule, cj.spec.time_zone.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            sync.note(
                EventType::Warning,
                "UnparseableSchedule",
                format!("unparseable schedule: {:?} : {e}", cj.spec.schedule),
                Text::new(
                    format!(
                        "{key}'s schedule {:?} does not parse: {e}",
                        cj.spec.schedule
                    ),
                    format!(
                        "{key}의 schedule {:?}을(를) 해석할 수 없습니다: {e}",
                        cj.spec.schedule
                    ),
                ),
            );
            return None;
        }
    };
    let now = sync.now;
    let last = |status: &CronJobStatus| {
        status
            .last_schedule_time
            .as_deref()
            .and_then(Time::parse_rfc3339)
    };
    let next = |status: &CronJobStatus| next_duration_since(cj, last(status), now, &schedule);
    let recent = match most_recent_since(cj, last(status), now, &schedule, true) {
        Ok(r) => r,
        Err(e) => {
            sync.note(
                EventType::Warning,
                "InvalidSchedule",
                format!("invalid schedule: {} : {e}", cj.spec.schedule),
                Text::new(
                    format!("{key}'s schedule {:?} never fires: {e}", cj.spec.schedule),
                    format!(
                        "{key}의 schedule {:?}은(는) 실행될 때가 없습니다: {e}",
                        cj.spec.schedule
                    ),
                ),
            );
            return None;
        }
    };
    let Recent {
        most_recent: Some(scheduled),
        missed,
        ..
    } = recent
    else {
        return next(status);
    };
    if missed == Missed::Many {
        sync.note(
            EventType::Warning,
            "TooManyMissedTimes",
            "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew".into(),
            Text::new(
                format!("{key} missed more than 100 start times: it starts only the most recent, {scheduled}"),
                format!("{key}이(가) 시작 시각을 100번 넘게 놓쳤으므로 가장 최근 시각 {scheduled}의 Job만 시작합니다"),
            ),
        );
    }
    if let Some(sds) = cj.spec.starting_deadline_seconds {
        if scheduled.plus(Duration::seconds(sds)) < now {
            sync.note(
                EventType::Warning,
                "MissSchedule",
                format!("Missed scheduled time to start a job: {}", rfc1123z(scheduled)),
                Text::new(
                    format!("{key} missed {scheduled} by more than startingDeadlineSeconds={sds}: that run is skipped"),
                    format!("{key}이(가) {scheduled} 실행을 startingDeadlineSeconds={sds}초 넘게 놓쳐 건너뜁니다"),
                ),
            );
            return next(status);
        }
    }
    let name = job_name(cj, scheduled);
    let already = status
        .active
        .iter()
        .flatten()
        .any(|r| r.name.as_deref() == Some(name.as_str()))
        || status
            .last_schedule_time
            .as_deref()
            .and_then(Time::parse_rfc3339)
            == Some(scheduled);
    if already {
        return next(status);
    }
    let policy = cj.spec.concurrency_policy.as_deref().unwrap_or("Allow");
    let active_count = status.active.as_ref().map_or(0, Vec::len);
    if policy == "Forbid" && active_count > 0 {
        sync.note(
            EventType::Normal,
            "JobAlreadyActive",
            "Not starting job because prior execution is running and concurrency policy is Forbid".into(),
            Text::new(
                format!("{key} is due at {scheduled} but concurrencyPolicy=Forbid and {active_count} job(s) still run: skip this run"),
                format!("{key}의 {scheduled} 실행 차례지만 concurrencyPolicy=Forbid이고 Job {active_count}개가 아직 실행 중이라 건너뜁니다"),
            ),
        );
        return next(status);
    }
    if policy == "Replace" {
        let refs: Vec<ObjectReference> = status.active.clone().unwrap_or_default();
        for r in refs {
            let Some(job) = jobs.iter().find(|j| refers_to(&r, j)) else {
                continue;
            };
            let n = job.metadata.name.clone().unwrap_or_default();
            delete_job(
                sync,
                status,
                job,
                Text::new(
                    format!("{key} is due at {scheduled} and concurrencyPolicy=Replace: job/{n}, still running, is replaced"),
                    format!("{key}의 {scheduled} 실행 차례이고 concurrencyPolicy=Replace이므로 아직 실행 중인 job/{n}을(를) 대체합니다"),
                ),
            );
        }
    }
    let existing = view
        .store
        .get(&Key::new("Job", &sync.namespace, &name))
        .and_then(|o| match o {
            Object::Job(j) => Some(j),
            _ => None,
        });
    if let Some(job) = existing {
        // IsAlreadyExists: adopt it into the active list if it is ours.
        let ours = controller_of(&job.metadata)
            .is_some_and(|r| Some(r.uid.as_str()) == cj.metadata.uid.as_deref());
        if !ours || in_active_list(status, job) {
            return None;
        }
        status
            .active
            .get_or_insert_with(Vec::new)
            .push(job_ref(job));
    } else {
        let obj = Object::Job(job_from_template(cj, scheduled, &schedule));
        let (en, ko) = match missed {
            Missed::None => (
                format!("{key} is due at {scheduled} ({}): create job/{name}", cj.spec.schedule),
                format!("{key}의 예약 시각 {scheduled}({})이(가) 되어 job/{name}을(를) 만듭니다", cj.spec.schedule),
            ),
            _ => (
                format!("{key} missed runs; the most recent due time is {scheduled}: create job/{name}"),
                format!("{key}이(가) 실행을 놓쳤고 가장 최근 예약 시각은 {scheduled}이므로 job/{name}을(를) 만듭니다"),
            ),
        };
        sync.actions.push(
            Action::new(Change::Create(obj), Text::new(en, ko)).with_event(
                EventType::Normal,
                "SuccessfulCreate",
                format!("Created job {name}"),
            ),
        );
        status
            .active
            .get_or_insert_with(Vec::new)
            .push(ObjectReference {
                api_version: Some("batch/v1".into()),
                kind: Some("Job".into()),
                namespace: Some(sync.namespace.clone()),
                name: Some(name),
                uid: None,
                resource_version: None,
            });
    }
    status.last_schedule_time = Some(scheduled.to_rfc3339());
    next(status)
}

/// Go's time.RFC1123Z in UTC: "Mon, 02 Jan 2006 15:04:05 +0000".
fn rfc1123z(t: Time) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let s = t.to_rfc3339();
    let days = t.0.div_euclid(86_400_000);
    let weekday = DAYS.get(days.rem_euclid(7) as usize).copied().unwrap_or("");
    let month = s
        .get(5..7)
        .and_then(|m| m.parse::<usize>().ok())
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or("");
    format!(
        "{weekday}, {} {month} {} {} +0000",
        s.get(8..10).unwrap_or(""),
        s.get(0..4).unwrap_or(""),
        s.get(11..19).unwrap_or("")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1123z_matches_go() {
        let t = Time::parse_rfc3339("2026-01-02T02:00:00Z").unwrap();
        assert_eq!(rfc1123z(t), "Fri, 02 Jan 2026 02:00:00 +0000");
        assert_eq!(rfc1123z(Time(0)), "Thu, 01 Jan 1970 00:00:00 +0000");
    }
}
