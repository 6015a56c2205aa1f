//! The scheduler loop: every unbound pod is placed by [`crate::scheduling`], bound, and
//! handed to the kubelet; a pod that fits nowhere gets a FailedScheduling event.
//!
//! The queue follows kube-scheduler's (pkg/scheduler/backend/queue/scheduling_queue.go):
//! a new pending pod is in the active queue and tried at once; a pod that fits nowhere
//! goes to the unschedulable pods, and moves back on a cluster event that may make room
//! (a node added or changed, an assigned pod deleted, a claim created:
//! `MoveAllToActiveOrBackoffQueue`) or after five minutes there
//! (`podMaxInUnschedulablePodsDuration`); once moved it waits out its back-off, 1 s
//! doubling with each attempt up to 10 s (`podInitialBackoffSeconds`,
//! `podMaxBackoffSeconds`). The engine sleeps until the next of these instants instead of
//! trying again at every one. Only pods whose `spec.schedulerName` is
//! `default-scheduler` are scheduled; others stay Pending, with no event, as for a
//! scheduler that is not running.

use std::collections::BTreeMap;

use crate::api::meta::Condition;
use crate::api::object::Object;
use crate::api::pod::{Pod, PodStatus};
use crate::manifest::diagnostic::Text;
use crate::scheduling::{schedule, NodeInfo, ScheduleOptions};
use crate::sim::clock::{Duration, Time};
use crate::sim::engine::Cluster;
use crate::sim::events::EventType;
use crate::sim::kubelet;
use crate::sim::store::Key;

/// kube-scheduler's name, the default `spec.schedulerName`.
pub const DEFAULT_SCHEDULER: &str = "default-scheduler";
/// `podInitialBackoffSeconds` and `podMaxBackoffSeconds`.
pub const INITIAL_BACKOFF: Duration = Duration(1_000);
pub const MAX_BACKOFF: Duration = Duration(10_000);
/// `podMaxInUnschedulablePodsDuration`: how long a pod stays unschedulable without a
/// cluster event before it is tried again.
pub const MAX_IN_UNSCHEDULABLE: Duration = Duration(300_000);

/// A pod that failed to schedule: how often, when last, and the cluster-event count then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Queued {
    pub attempts: u32,
    pub failed_at: Time,
    pub epoch: u64,
}

impl Queued {
    /// The back-off after `attempts` failures (`calculateBackoffDuration`).
    pub fn backoff(&self) -> Duration {
        let mut d = INITIAL_BACKOFF;
        for _ in 1..self.attempts {
            d = Duration(d.0 * 2);
            if d >= MAX_BACKOFF {
                return MAX_BACKOFF;
            }
        }
        d.min(MAX_BACKOFF)
    }

    /// When the pod is tried again, given the cluster-event count `epoch` now: after its
    /// back-off once a cluster event moved it, else when the five-minute flush does.
    pub fn retry_at(&self, epoch: u64) -> Time {
        if epoch != self.epoch {
            self.failed_at.plus(self.backoff())
        } else {
            self.failed_at.plus(MAX_IN_UNSCHEDULABLE)
        }
    }
}

impl Cluster {
    /// Rebuilds the scheduler's per-node cache from the store (after node changes).
    pub(crate) fn refresh_node_infos(&mut self) {
        let mut by_node: BTreeMap<&str, Vec<&Pod>> = BTreeMap::new();
        for pod in self.store.pods() {
            if let Some(n) = pod.spec.node_name.as_deref() {
                by_node.entry(n).or_default().push(pod);
            }
        }
        self.node_infos = self
            .store
            .nodes()
            .map(|n| {
                let name = n.metadata.name.as_deref().unwrap_or("");
                NodeInfo::with_pods(n.clone(), by_node.get(name).into_iter().flatten().copied())
            })
            .collect();
        self.node_infos_stale = false;
    }

    /// Schedules every pending pod it can; true if anything changed.
    pub(crate) fn schedule_pending(&mut self) -> bool {
        let pending: Vec<Key> = self
            .store
            .pods()
            .filter(|p| p.spec.node_name.is_none() && p.metadata.deletion_timestamp.is_none())
            .filter(|p| {
                p.status
                    .as_ref()
                    .and_then(|s| s.phase.as_deref())
                    .is_none_or(|ph| ph == "Pending")
            })
            .filter(|p| {
                p.spec
                    .scheduler_name
                    .as_deref()
                    .is_none_or(|n| n == DEFAULT_SCHEDULER)
            })
            .map(|p| {
                Key::pod(
                    p.metadata.namespace.as_deref().unwrap_or("default"),
                    p.metadata.name.as_deref().unwrap_or(""),
                )
            })
            .filter(|k| {
                self.unschedulable
                    .get(k)
                    .is_none_or(|q| q.retry_at(self.sched_epoch) <= self.now)
            })
            .collect();
        if pending.is_empty() {
            return false;
        }
        if self.node_infos_stale {
            self.refresh_node_infos();
        }
        let mut changed = false;
        for key in pending {
            let Some(Object::Pod(pod)) = self.store.get(&key).cloned() else {
                continue;
            };
            let opts = ScheduleOptions {
                start_index: self.sched_start_index,
                ..ScheduleOptions::default()
            };
            let placement = match self.claim_problem(&pod) {
                Some(fit) => Err(fit),
                None => schedule(&pod, &self.node_infos, &opts),
            };
            match placement {
                Ok(placement) => {
                    self.sched_start_index = placement.next_start_index;
                    let why = match placement.scores.first() {
                        Some(best) if placement.feasible_nodes > 1 => Text::new(
                            format!(
                                "{} of {} nodes fit; {} scores highest ({})",
                                placement.feasible_nodes,
                                self.node_infos.len(),
                                placement.node,
                                best.total
                            ),
                            format!(
                                "노드 {}개 중 {}개가 맞고, {}의 점수가 가장 높습니다 ({})",
                                self.node_infos.len(),
                                placement.feasible_nodes,
                                placement.node,
                                best.total
                            ),
                        ),
                        _ => Text::new(
                            format!("{} is the only node that fits", placement.node),
                            format!("맞는 노드는 {}뿐입니다", placement.node),
                        ),
                    };
                    self.bind(&key, pod, &placement.node, placement.node_index, why);
                    changed = true;
                }
                Err(fit) => {
                    let message = fit.message();
                    let previous = self.unschedulable.get(&key).copied();
                    let attempts = previous.map_or(1, |q| q.attempts + 1);
                    self.unschedulable.insert(
                        key.clone(),
                        Queued {
                            attempts,
                            failed_at: self.now,
                            epoch: self.sched_epoch,
                        },
                    );
                    self.event(
                        EventType::Warning,
                        "FailedScheduling",
                        &key,
                        &message,
                        "default-scheduler",
                    );
                    // A retry after the five-minute flush that fails as before changes
                    // nothing but the event's count (upstream's condition update is a
                    // no-op then): no write, no trace step.
                    let flushed = previous.is_some_and(|q| q.epoch == self.sched_epoch);
                    if flushed && unschedulable_message(&pod) == Some(message.as_str()) {
                        continue;
                    }
                    let mut pod = pod;
                    let status = pod.status.get_or_insert_with(PodStatus::default);
                    status.phase = Some("Pending".into());
                    status.conditions = Some(vec![Condition {
                        type_: "PodScheduled".into(),
                        status: "False".into(),
                        reason: Some("Unschedulable".into()),
                        message: Some(message.clone()),
                        last_transition_time: Some(self.now.to_rfc3339()),
                        ..Condition::default()
                    }]);
                    let _ = self.store.update_status(Object::Pod(pod));
                    self.record(
                        "default-scheduler",
                        "unschedulable",
                        key.to_string(),
                        Text::new(message.clone(), message),
                    );
                }
            }
        }
        changed
    }

    /// Binds a pod to a node and starts the kubelet's work on it.
    fn bind(&mut self, key: &Key, mut pod: Pod, node: &str, node_index: usize, why: Text) {
        pod.spec.node_name = Some(node.to_string());
        let status = pod.status.get_or_insert_with(PodStatus::default);
        status.conditions = Some(vec![Condition {
            type_: "PodScheduled".into(),
            status: "True".into(),
            last_transition_time: Some(self.now.to_rfc3339()),
            ..Condition::default()
        }]);
        let (host_ip, present) = match self.nodes.get(node) {
            Some(rt) => (
                crate::sim::topology::node_ip(rt.index),
                pod.spec
                    .containers
                    .iter()
                    .all(|c| rt.images.contains(c.image.as_deref().unwrap_or(""))),
            ),
            None => (String::new(), false),
        };
        let always = pod
            .spec
            .containers
            .iter()
            .any(|c| c.image_pull_policy.as_deref() == Some("Always"));
        let (run, reports) = kubelet::bind(
            &mut pod,
            &host_ip,
            self.now,
            always || !present,
            &self.kubelet,
        );
        if let Some(info) = self.node_infos.get_mut(node_index) {
            info.add_pod(&pod);
        }
        self.event(
            EventType::Normal,
            "Scheduled",
            key,
            &format!(
                "Successfully assigned {}/{} to {node}",
                key.namespace, key.name
            ),
            "default-scheduler",
        );
        for r in reports {
            self.event(r.event_type, r.reason, key, &r.message, "kubelet");
        }
        self.record("default-scheduler", "bind", key.to_string(), why);
        // Binding is a subresource write: spec.nodeName and the status change, the
        // generation does not, so the store need not compare the specs (a JSON round trip
        // of two pods, the largest single cost of a 50,000-pod simulation).
        let _ = self.store.update_status(Object::Pod(pod));
        self.unschedulable.remove(key);
        self.runs.insert(key.clone(), run);
    }
}

/// The message of the pod's `PodScheduled=False` condition, if it has one.
fn unschedulable_message(pod: &Pod) -> Option<&str> {
    pod.status
        .as_ref()?
        .conditions
        .as_ref()?
        .iter()
        .find(|c| c.type_ == "PodScheduled" && c.status == "False")?
        .message
        .as_deref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_one_second_to_ten() {
        let at = |attempts| Queued {
            attempts,
            failed_at: Time(0),
            epoch: 7,
        };
        let seconds: Vec<i64> = (1..=6).map(|n| at(n).backoff().0 / 1000).collect();
        assert_eq!(seconds, [1, 2, 4, 8, 10, 10]);
        assert_eq!(at(40).backoff(), MAX_BACKOFF);
        // Without a cluster event the pod waits for the five-minute flush; after one, for
        // its back-off.
        assert_eq!(at(3).retry_at(7), Time(300_000));
        assert_eq!(at(3).retry_at(8), Time(4_000));
    }
}
