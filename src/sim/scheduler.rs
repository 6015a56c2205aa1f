//! The scheduler loop: every unbound pod is placed by [`crate::scheduling`], bound, and
//! handed to the kubelet; a pod that fits nowhere gets a FailedScheduling event.

use std::collections::BTreeMap;

use crate::api::meta::Condition;
use crate::api::object::Object;
use crate::api::pod::{Pod, PodStatus};
use crate::manifest::diagnostic::Text;
use crate::scheduling::{schedule, NodeInfo, ScheduleOptions};
use crate::sim::engine::Cluster;
use crate::sim::events::EventType;
use crate::sim::kubelet;
use crate::sim::store::Key;

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
            .map(|p| {
                Key::pod(
                    p.metadata.namespace.as_deref().unwrap_or("default"),
                    p.metadata.name.as_deref().unwrap_or(""),
                )
            })
            .filter(|k| self.unschedulable.get(k) != Some(&self.sched_epoch))
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
                    self.unschedulable.insert(key.clone(), self.sched_epoch);
                    self.event(
                        EventType::Warning,
                        "FailedScheduling",
                        &key,
                        &message,
                        "default-scheduler",
                    );
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
