//! pkg/controller/deployment/progress.go: `syncRolloutStatus` keeps the Progressing
//! condition — NewReplicaSetAvailable when the rollout completes, ReplicaSetUpdated (with a
//! fresh lastUpdateTime) whenever it makes progress, and ProgressDeadlineExceeded once
//! progressDeadlineSeconds pass without any — and `requeueStuckDeployment` looks again
//! when the deadline would pass.

use super::util::{self, reason};
use super::Sync;
use crate::state::clock::Duration;

impl Sync<'_> {
    /// syncRolloutStatus.
    pub(super) fn sync_rollout_status(&mut self, new: Option<usize>, olds: &[usize]) {
        let mut status = self.calculate_status(new, olds);
        if !util::has_progress_deadline(&self.d) {
            util::remove_condition(&mut status, "Progressing");
        }
        let old = self.d.status.clone().unwrap_or_default();
        let current = util::get_condition(&old, "Progressing").cloned();
        let complete_before = status.replicas == status.updated_replicas
            && current
                .as_ref()
                .is_some_and(|c| c.reason.as_deref() == Some(reason::NEW_REPLICA_SET_AVAILABLE));
        let new_name = new.map(|n| self.rss[n].metadata.name_or_empty().to_string());
        let subject = |what: &str| match &new_name {
            Some(n) => format!("ReplicaSet {n:?} {what}"),
            None => format!("Deployment {:?} {what}", self.d.metadata.name_or_empty()),
        };
        if util::has_progress_deadline(&self.d) && !complete_before {
            if util::deployment_complete(&self.d, &status) {
                let c = util::new_condition(
                    "Progressing",
                    "True",
                    reason::NEW_REPLICA_SET_AVAILABLE,
                    subject("has successfully progressed."),
                    self.now,
                );
                util::set_condition(&mut status, c);
            } else if util::deployment_progressing(&self.d, &status) {
                let mut c = util::new_condition(
                    "Progressing",
                    "True",
                    reason::REPLICA_SET_UPDATED,
                    subject("is progressing."),
                    self.now,
                );
                if let Some(cur) = &current {
                    if cur.status == "True" {
                        c.last_transition_time = cur.last_transition_time.clone();
                    }
                    util::remove_condition(&mut status, "Progressing");
                }
                util::set_condition(&mut status, c);
            } else if util::deployment_timed_out(&self.d, &status, self.now) {
                let c = util::new_condition(
                    "Progressing",
                    "False",
                    reason::TIMED_OUT,
                    subject("has timed out progressing."),
                    self.now,
                );
                util::set_condition(&mut status, c);
            }
        }
        // getReplicaFailures: the simulated ReplicaSets never report ReplicaFailure
        // (there are no quotas), so the condition is never set.
        util::remove_condition(&mut status, "ReplicaFailure");
        if self.d.status.as_ref() == Some(&status) {
            self.requeue_stuck(&status);
            return;
        }
        self.d.status = Some(status);
    }

    /// requeueStuckDeployment: look again one second after the deadline would pass.
    fn requeue_stuck(&mut self, status: &crate::api::deployment::DeploymentStatus) {
        let old = self.d.status.clone().unwrap_or_default();
        let Some(current) = util::get_condition(&old, "Progressing") else {
            return;
        };
        if !util::has_progress_deadline(&self.d)
            || util::deployment_complete(&self.d, status)
            || current.reason.as_deref() == Some(reason::TIMED_OUT)
        {
            return;
        }
        let deadline = i64::from(self.d.spec.progress_deadline_seconds.unwrap_or(0)) * 1000;
        let after = util::condition_updated(current).0 + deadline - self.now.0;
        // Upstream requeues rate limited under a second (the controller's rate limiter),
        // else a second late. The simulator waits the second in both cases: a deadline
        // is noticed at most a second late, and a Deployment whose deadline has come is
        // looked at once a second, not once a millisecond (issue 19).
        let wait = after.max(0) + 1000;
        self.decision.requeue(Duration(wait));
    }
}
