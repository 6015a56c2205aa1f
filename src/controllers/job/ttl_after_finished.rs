//! The TTL-after-finished controller (pkg/controller/ttlafterfinished/
//! ttlafterfinished_controller.go): a finished Job with `ttlSecondsAfterFinished` is
//! deleted, with its pods, that many seconds after its Complete or Failed condition.

use crate::api::job::Job;
use crate::controllers::{Action, Change, Decision, Propagation, View};
use crate::manifest::diagnostic::Text;
use crate::state::clock::{Duration, Time};
use crate::state::store::Key;

/// jobFinishTime: when the Complete or Failed condition became True.
pub fn finish_time(job: &Job) -> Option<Time> {
    job.status
        .as_ref()?
        .conditions
        .as_ref()?
        .iter()
        .find(|c| (c.type_ == "Complete" || c.type_ == "Failed") && c.status == "True")
        .and_then(|c| c.last_transition_time.as_deref())
        .and_then(Time::parse_rfc3339)
}

/// processTTL: delete the Job once its TTL has passed, else look again when it will have.
pub fn reconcile(job: &Job, view: &View<'_>) -> Decision {
    let mut decision = Decision::default();
    let Some(ttl) = job.spec.ttl_seconds_after_finished else {
        return decision;
    };
    let Some(finished) = finish_time(job) else {
        return decision;
    };
    let expire_at = finished.plus(Duration::seconds(i64::from(ttl)));
    if view.now < expire_at {
        decision.requeue(expire_at.since(view.now));
        return decision;
    }
    let name = job.metadata.name.as_deref().unwrap_or("");
    let namespace = job.metadata.namespace.as_deref().unwrap_or("default");
    decision.actions.push(Action::new(
        Change::Delete {
            key: Key::new("Job", namespace, name),
            propagation: Propagation::Foreground,
        },
        Text::new(
            format!("job/{name} finished at {finished} and ttlSecondsAfterFinished={ttl} has passed: delete it and its pods"),
            format!("job/{name}은(는) {finished}에 끝났고 ttlSecondsAfterFinished={ttl}초가 지났으므로 Pod와 함께 지웁니다"),
        ),
    ));
    decision
}
