//! The exponential back-off between pod retries (pkg/controller/job/backoff_utils.go).
//!
//! The controller waits `10s * 2^(failures-1)`, capped at 10 minutes, after the last
//! failure before it creates a replacement pod (`DefaultJobPodFailureBackOff` and
//! `MaxJobPodFailureBackOff` in job_controller.go; the documentation's "capped at six
//! minutes" is not what the code does). Failures count from the last success.
//!
//! Upstream keeps the count in the controller's memory (`backoffStore`), fed with the pods
//! it newly sees finished; kubesim's controller keeps no state, so it recounts from the
//! finished pods that are still there: the failures whose finish time is after the last
//! success. Failed pods stay until the Job is deleted, so the counts agree.

use crate::api::pod::Pod;
use crate::controllers::podutil::{created_at, phase};
use crate::state::clock::{Duration, Time};

use super::indexed_job_utils::index_absolute_failure_count;

/// DefaultJobPodFailureBackOff: the first wait after a failure.
pub const DEFAULT_BACKOFF: Duration = Duration(10_000);
/// MaxJobPodFailureBackOff: the wait never exceeds ten minutes.
pub const MAX_BACKOFF: Duration = Duration(600_000);

/// backoffRecord: failures since the last success and when the last one happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BackoffRecord {
    pub failures_after_last_success: i32,
    pub last_failure_time: Option<Time>,
}

/// getFinishedTime: the latest container finish time, else when Ready turned False, else
/// the deletion time minus the grace period, else the creation time.
pub fn finished_time(pod: &Pod) -> Time {
    let status = pod.status.as_ref();
    let from_containers = status
        .and_then(|s| s.container_statuses.as_ref())
        .and_then(|cs| {
            let mut latest: Option<Time> = None;
            for c in cs {
                let t = c
                    .state
                    .as_ref()
                    .and_then(|s| s.terminated.as_ref())
                    .and_then(|t| t.finished_at.as_deref())
                    .and_then(Time::parse_rfc3339)?;
                latest = Some(latest.map_or(t, |l| l.max(t)));
            }
            latest
        });
    if let Some(t) = from_containers {
        return t;
    }
    let ready_false = status
        .and_then(|s| s.conditions.as_ref())
        .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready"))
        .filter(|c| c.status == "False")
        .and_then(|c| c.last_transition_time.as_deref())
        .and_then(Time::parse_rfc3339);
    if let Some(t) = ready_false {
        return t;
    }
    if let Some(t) = pod
        .metadata
        .deletion_timestamp
        .as_deref()
        .and_then(Time::parse_rfc3339)
    {
        let grace = pod.metadata.deletion_grace_period_seconds.unwrap_or(0);
        return Time(t.0 - grace.saturating_mul(1000));
    }
    created_at(&pod.metadata)
}

/// The back-off record the finished pods imply (newBackoffRecord over all of them).
pub fn backoff_record(succeeded: &[&Pod], failed: &[&Pod]) -> BackoffRecord {
    let last_success = succeeded.iter().map(|p| finished_time(p)).max();
    let mut record = BackoffRecord::default();
    for t in failed.iter().map(|p| finished_time(p)) {
        if last_success.is_some_and(|s| t <= s) {
            continue;
        }
        record.failures_after_last_success += 1;
        record.last_failure_time = Some(record.last_failure_time.map_or(t, |l| l.max(t)));
    }
    record
}

/// The back-off after `failures` consecutive failures: 10 s doubled per failure, at most
/// ten minutes.
pub fn backoff_for(failures: i32) -> Duration {
    let mut d = DEFAULT_BACKOFF;
    for _ in 1..failures {
        d = Duration(d.0.saturating_mul(2));
        if d >= MAX_BACKOFF {
            return MAX_BACKOFF;
        }
    }
    d
}

/// getRemainingTimeForFailuresCount: how long to wait still, zero if it is time.
pub fn remaining(record: BackoffRecord, now: Time) -> Duration {
    let Some(last) = record.last_failure_time else {
        return Duration::ZERO;
    };
    if record.failures_after_last_success == 0 {
        return Duration::ZERO;
    }
    let wait = backoff_for(record.failures_after_last_success);
    let elapsed = now.since(last);
    if wait < elapsed {
        Duration::ZERO
    } else {
        Duration(wait.0 - elapsed.0)
    }
}

/// getRemainingTimePerIndex: the wait before recreating an index whose last failed pod is
/// `last_failed` (its failure-count annotations plus this failure).
pub fn remaining_per_index(last_failed: Option<&Pod>, now: Time) -> Duration {
    let Some(pod) = last_failed else {
        return Duration::ZERO;
    };
    let record = BackoffRecord {
        failures_after_last_success: index_absolute_failure_count(pod).saturating_add(1),
        last_failure_time: Some(finished_time(pod)),
    };
    remaining(record, now)
}

/// Whether a pod counts as succeeded for the back-off.
pub fn is_succeeded(pod: &Pod) -> bool {
    phase(pod) == "Succeeded"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_ten_seconds_up_to_ten_minutes() {
        let cases = [
            (1, 10),
            (2, 20),
            (3, 40),
            (4, 80),
            (5, 160),
            (6, 320),
            (7, 600),
            (8, 600),
            (50, 600),
        ];
        for (failures, secs) in cases {
            assert_eq!(backoff_for(failures), Duration::seconds(secs), "{failures}");
        }
    }

    #[test]
    fn remaining_time_counts_from_the_last_failure() {
        let t0 = Time::DEFAULT_START;
        let record = |n, at: i64| BackoffRecord {
            failures_after_last_success: n,
            last_failure_time: Some(t0.plus(Duration::seconds(at))),
        };
        let cases = [
            (record(0, 0), 0, 0),
            (record(1, 0), 0, 10),
            (record(1, 0), 4, 6),
            (record(1, 0), 10, 0),
            (record(1, 0), 11, 0),
            (record(3, 100), 110, 30),
            (BackoffRecord::default(), 5, 0),
        ];
        for (r, now, want) in cases {
            assert_eq!(
                remaining(r, t0.plus(Duration::seconds(now))),
                Duration::seconds(want),
                "{r:?} at {now}"
            );
        }
    }
}
