//! The status of a DaemonSet (daemon_controller.go `updateDaemonSetStatus` and
//! `storeDaemonSetStatus`).
//!
//! Counted node by node: a node that should run a daemon pod adds to
//! desiredNumberScheduled, and, if it has one (even one not yet bound, waiting for the
//! scheduler), to currentNumberScheduled; its oldest pod decides numberReady,
//! numberAvailable (ready for minReadySeconds) and updatedNumberScheduled (made from the
//! current template). A node that should not run one but has one adds to
//! numberMisscheduled. numberUnavailable is desired minus available.

use super::util::is_pod_updated;
use super::SyncState;
use crate::api::daemonset::DaemonSetStatus;
use crate::api::object::Object;
use crate::controllers::podutil::{availability_wake, until_available};
use crate::controllers::{Action, Change};
use crate::manifest::diagnostic::Text;
use crate::state::clock::{Duration, Time};

/// The counts, and when a ready pod becomes available (to look again then).
pub fn calculate_status(state: &SyncState<'_>, now: Time) -> (DaemonSetStatus, Option<Duration>) {
    let ds = state.ds;
    let min_ready = ds.spec.min_ready_seconds.unwrap_or(0);
    let (mut desired, mut current, mut misscheduled) = (0, 0, 0);
    let (mut ready, mut updated, mut available) = (0, 0, 0);
    let mut wake: Option<Duration> = None;
    for (i, v) in state.nodes.iter().enumerate() {
        let pods = Some(state.pods_at(i)).filter(|p| !p.is_empty());
        if !v.should_run {
            if pods.is_some() {
                misscheduled += 1;
            }
            continue;
        }
        desired += 1;
        let Some(pods) = pods else { continue };
        current += 1;
        let Some(pod) = pods
            .iter()
            .copied()
            .min_by(|a, b| super::util::by_creation_and_phase(a, b))
        else {
            continue;
        };
        if let Some(left) = until_available(pod, min_ready, now) {
            ready += 1;
            if left == Duration(0) {
                available += 1;
            } else if let Some(left) = availability_wake(left) {
                wake = Some(wake.map_or(left, |w| w.min(left)));
            }
        }
        if is_pod_updated(pod, &state.hash, state.generation) {
            updated += 1;
        }
    }
    let previous = ds.status.clone().unwrap_or_default();
    let status = DaemonSetStatus {
        current_number_scheduled: current,
        number_misscheduled: misscheduled,
        desired_number_scheduled: desired,
        number_ready: ready,
        observed_generation: ds.metadata.generation.or(previous.observed_generation),
        updated_number_scheduled: Some(updated),
        number_available: Some(available),
        number_unavailable: Some(desired - available),
        collision_count: previous.collision_count,
        conditions: previous.conditions,
    };
    (status, wake)
}

/// `storeDaemonSetStatus`: an update only when a count changed or the generation was not
/// observed yet.
pub fn store_status(state: &SyncState<'_>, status: DaemonSetStatus) -> Option<Action> {
    let ds = state.ds;
    let old = ds.status.clone().unwrap_or_default();
    let same = old.desired_number_scheduled == status.desired_number_scheduled
        && old.current_number_scheduled == status.current_number_scheduled
        && old.number_misscheduled == status.number_misscheduled
        && old.number_ready == status.number_ready
        && old.updated_number_scheduled.unwrap_or(0)
            == status.updated_number_scheduled.unwrap_or(0)
        && old.number_available.unwrap_or(0) == status.number_available.unwrap_or(0)
        && old.number_unavailable.unwrap_or(0) == status.number_unavailable.unwrap_or(0)
        && old.observed_generation.unwrap_or(0) >= ds.metadata.generation.unwrap_or(0);
    if same && ds.status.is_some() {
        return None;
    }
    let key = &state.ds_key;
    let en = format!(
        "{key} reports: {} nodes should run its pod, {} do, {} ready, {} up to date, {} available, {} misscheduled",
        status.desired_number_scheduled,
        status.current_number_scheduled,
        status.number_ready,
        status.updated_number_scheduled.unwrap_or(0),
        status.number_available.unwrap_or(0),
        status.number_misscheduled
    );
    let ko = format!(
        "{key} 상태: Pod를 실행해야 할 노드 {}개, 실행 중 {}개, 준비 {}개, 최신 {}개, 사용 가능 {}개, 잘못 배치 {}개",
        status.desired_number_scheduled,
        status.current_number_scheduled,
        status.number_ready,
        status.updated_number_scheduled.unwrap_or(0),
        status.number_available.unwrap_or(0),
        status.number_misscheduled
    );
    let mut updated = ds.clone();
    updated.status = Some(status);
    Some(Action::new(
        Change::UpdateStatus(Object::DaemonSet(updated)),
        Text::new(en, ko),
    ))
}
