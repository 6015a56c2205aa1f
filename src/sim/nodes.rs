//! Node operations and the node lifecycle: nodes join and leave, are cordoned, labelled and
//! tainted, and go NotReady. A node that stops answering gets the NoExecute taints of the
//! node lifecycle controller, and the taint eviction controller removes the pods that do
//! not tolerate them after their tolerationSeconds (pkg/controller/nodelifecycle and
//! pkg/controller/tainteviction).

use std::collections::BTreeMap;

use crate::api::meta::Condition;
use crate::api::node::{Node, Taint};
use crate::api::object::Object;
use crate::manifest::diagnostic::Text;
use crate::scheduling::{no_execute_verdict, NoExecuteVerdict};
use crate::sim::engine::{Cluster, SimError};
use crate::sim::store::{Key, StoreError};
use crate::sim::topology::{make_node, NodeShape};

/// The taint a cordoned node carries (TaintNodesByCondition).
pub const TAINT_UNSCHEDULABLE: &str = "node.kubernetes.io/unschedulable";
/// The taint of a node whose kubelet reports NotReady.
pub const TAINT_NOT_READY: &str = "node.kubernetes.io/not-ready";
/// The taint of a node whose kubelet stopped reporting.
pub const TAINT_UNREACHABLE: &str = "node.kubernetes.io/unreachable";

fn taint(key: &str, effect: &str, added: Option<String>) -> Taint {
    Taint {
        key: key.into(),
        value: None,
        effect: effect.into(),
        time_added: added,
    }
}

impl Cluster {
    fn node(&self, name: &str) -> Result<Node, SimError> {
        match self.store.get(&Key::node(name)) {
            Some(Object::Node(n)) => Ok(n.clone()),
            _ => Err(SimError::Store(StoreError::NotFound(Key::node(name)))),
        }
    }

    fn save_node(&mut self, node: Node, verb: &str, reason: Text) -> Result<(), SimError> {
        let key = Key::node(node.metadata.name.as_deref().unwrap_or(""));
        self.store.update(Object::Node(node))?;
        self.node_infos_stale = true;
        self.sched_epoch += 1;
        self.record("kubectl", verb, key.to_string(), reason);
        Ok(())
    }

    /// The names of all nodes, in order.
    pub fn node_names(&self) -> Vec<String> {
        self.store
            .nodes()
            .filter_map(|n| n.metadata.name.clone())
            .collect()
    }

    /// Adds a node (like a new machine joining with kubeadm join).
    pub fn add_node(
        &mut self,
        name: &str,
        labels: &BTreeMap<String, String>,
        taints: Vec<Taint>,
        shape: &NodeShape,
        control_plane: bool,
    ) -> Result<(), SimError> {
        let node = make_node(
            name,
            self.next_node_index,
            control_plane,
            shape,
            labels,
            taints,
            self.now,
        )
        .map_err(|e| SimError::Invalid(e.to_string()))?;
        self.create(Object::Node(node), "kubectl")?;
        Ok(())
    }

    /// Removes a node; its pods disappear with it (the pod garbage collector).
    pub fn remove_node(&mut self, name: &str, actor: &str) -> Result<(), SimError> {
        let key = Key::node(name);
        if self.store.remove(&key).is_none() {
            return Err(SimError::Store(StoreError::NotFound(key)));
        }
        self.nodes.remove(name);
        self.node_infos_stale = true;
        self.record(
            actor,
            "delete",
            key.to_string(),
            Text::new("the node left the cluster", "노드가 클러스터를 떠났습니다"),
        );
        let pods: Vec<Key> = self.store.pods_on_node(name).cloned().collect();
        for pod in pods {
            self.remove_pod(&pod);
            self.record(
                "pod-garbage-collector",
                "delete",
                pod.to_string(),
                Text::new(
                    format!("its node {name} no longer exists"),
                    format!("노드 {name}이(가) 더 이상 없습니다"),
                ),
            );
        }
        self.sched_epoch += 1;
        Ok(())
    }

    /// `kubectl cordon` / `uncordon`: marks the node (un)schedulable. Pods already there stay.
    pub fn set_unschedulable(&mut self, name: &str, unschedulable: bool) -> Result<(), SimError> {
        let mut node = self.node(name)?;
        node.spec.unschedulable = unschedulable.then_some(true);
        let taints = node.spec.taints.get_or_insert_with(Vec::new);
        taints.retain(|t| t.key != TAINT_UNSCHEDULABLE);
        if unschedulable {
            taints.push(taint(
                TAINT_UNSCHEDULABLE,
                "NoSchedule",
                Some(self.now.to_rfc3339()),
            ));
        }
        if taints.is_empty() {
            node.spec.taints = None;
        }
        let (verb, en, ko) = if unschedulable {
            (
                "cordon",
                "cordoned: no new pods will be scheduled here",
                "cordon: 새 Pod가 이 노드에 배치되지 않습니다",
            )
        } else {
            (
                "uncordon",
                "uncordoned: schedulable again",
                "uncordon: 다시 배치할 수 있습니다",
            )
        };
        self.save_node(node, verb, Text::new(en, ko))
    }

    /// `kubectl label node NAME key=value` (value `None` removes the label).
    pub fn label_node(
        &mut self,
        name: &str,
        key: &str,
        value: Option<&str>,
    ) -> Result<(), SimError> {
        let mut node = self.node(name)?;
        let labels = node.metadata.labels.get_or_insert_with(BTreeMap::new);
        match value {
            Some(v) => labels.insert(key.to_string(), v.to_string()),
            None => labels.remove(key),
        };
        self.save_node(
            node,
            "label",
            Text::new(
                format!("label {key} changed"),
                format!("레이블 {key}이(가) 바뀌었습니다"),
            ),
        )
    }

    /// `kubectl taint nodes NAME key=value:Effect`, or with `remove` the trailing `-` form.
    pub fn taint_node(&mut self, name: &str, t: Taint, remove: bool) -> Result<(), SimError> {
        let mut node = self.node(name)?;
        let taints = node.spec.taints.get_or_insert_with(Vec::new);
        taints.retain(|x| !(x.key == t.key && x.effect == t.effect));
        let no_execute = t.effect == "NoExecute";
        let added = !remove;
        if added {
            let mut t = t.clone();
            if no_execute {
                t.time_added = Some(self.now.to_rfc3339());
            }
            taints.push(t);
        }
        if taints.is_empty() {
            node.spec.taints = None;
        }
        self.save_node(
            node,
            "taint",
            Text::new(
                format!("taint {}:{} changed", t.key, t.effect),
                format!("taint {}:{}이(가) 바뀌었습니다", t.key, t.effect),
            ),
        )?;
        if no_execute && added {
            self.schedule_evictions(name);
        }
        Ok(())
    }

    /// The node stops answering (`unreachable`) or reports NotReady: its Ready condition
    /// changes, it gets the NoSchedule and NoExecute taints, its pods lose readiness, and
    /// evictions are scheduled by tolerationSeconds (300 s from DefaultTolerationSeconds).
    pub fn node_down(&mut self, name: &str, unreachable: bool) -> Result<(), SimError> {
        let mut node = self.node(name)?;
        let key = if unreachable {
            TAINT_UNREACHABLE
        } else {
            TAINT_NOT_READY
        };
        let stamp = self.now.to_rfc3339();
        let (status, reason, message) = if unreachable {
            (
                "Unknown",
                "NodeStatusUnknown",
                "Kubelet stopped posting node status.",
            )
        } else {
            (
                "False",
                "KubeletNotReady",
                "container runtime network not ready",
            )
        };
        set_ready_condition(&mut node, status, reason, message, &stamp);
        let taints = node.spec.taints.get_or_insert_with(Vec::new);
        taints.retain(|t| t.key != TAINT_UNREACHABLE && t.key != TAINT_NOT_READY);
        taints.push(taint(key, "NoSchedule", Some(stamp.clone())));
        taints.push(taint(key, "NoExecute", Some(stamp)));
        if let Some(rt) = self.nodes.get_mut(name) {
            rt.lost_since = Some(self.now);
        }
        self.save_node(
            node,
            "not-ready",
            Text::new(
                format!("node {name} is NotReady ({reason}); it gets the {key} taints"),
                format!("노드 {name}이(가) NotReady({reason})이(가) 되어 {key} taint가 붙습니다"),
            ),
        )?;
        let pods: Vec<Key> = self.pods_on(name);
        for key in &pods {
            if let Some(Object::Pod(mut pod)) = self.store.get(key).cloned() {
                crate::sim::kubelet::node_lost(&mut pod, self.now);
                let _ = self.store.update_status(Object::Pod(pod));
            }
        }
        self.schedule_evictions(name);
        Ok(())
    }

    /// The node answers again: Ready, taints gone, pods marked for deletion finish leaving.
    pub fn node_up(&mut self, name: &str) -> Result<(), SimError> {
        let mut node = self.node(name)?;
        let stamp = self.now.to_rfc3339();
        set_ready_condition(
            &mut node,
            "True",
            "KubeletReady",
            "kubelet is posting ready status",
            &stamp,
        );
        if let Some(taints) = node.spec.taints.as_mut() {
            taints.retain(|t| t.key != TAINT_UNREACHABLE && t.key != TAINT_NOT_READY);
            if taints.is_empty() {
                node.spec.taints = None;
            }
        }
        if let Some(rt) = self.nodes.get_mut(name) {
            rt.lost_since = None;
        }
        self.save_node(
            node,
            "ready",
            Text::new(
                format!("node {name} is Ready again"),
                format!("노드 {name}이(가) 다시 Ready입니다"),
            ),
        )?;
        for key in self.pods_on(name) {
            self.evictions.remove(&key);
            let Some(Object::Pod(mut pod)) = self.store.get(&key).cloned() else {
                continue;
            };
            if pod.metadata.deletion_timestamp.is_some() {
                self.terminating
                    .insert(key, self.now.plus(self.kubelet.termination));
            } else if crate::controllers::podutil::phase(&pod) == "Running" {
                crate::sim::kubelet::node_back(&mut pod, self.now);
                let _ = self.store.update_status(Object::Pod(pod));
            }
        }
        Ok(())
    }

    fn pods_on(&self, node: &str) -> Vec<Key> {
        self.store
            .pods()
            .filter(|p| p.spec.node_name.as_deref() == Some(node))
            .map(|p| {
                Key::pod(
                    p.metadata.namespace.as_deref().unwrap_or("default"),
                    p.metadata.name.as_deref().unwrap_or(""),
                )
            })
            .collect()
    }

    /// The taint eviction controller: when each pod on the node must go.
    fn schedule_evictions(&mut self, name: &str) {
        let Ok(node) = self.node(name) else { return };
        let taints = node.spec.taints.clone().unwrap_or_default();
        for key in self.pods_on(name) {
            let Some(Object::Pod(pod)) = self.store.get(&key) else {
                continue;
            };
            if pod.metadata.deletion_timestamp.is_some() {
                continue;
            }
            let tolerations = pod.spec.tolerations.clone().unwrap_or_default();
            let since = taints
                .iter()
                .filter(|t| t.effect == "NoExecute")
                .filter_map(|t| {
                    t.time_added
                        .as_deref()
                        .and_then(crate::sim::clock::Time::parse_rfc3339)
                })
                .max()
                .unwrap_or(self.now);
            match no_execute_verdict(&taints, &tolerations) {
                NoExecuteVerdict::Stay => {
                    self.evictions.remove(&key);
                }
                NoExecuteVerdict::EvictNow { .. } => {
                    self.evictions.insert(key, self.now);
                }
                NoExecuteVerdict::EvictAfter { seconds } => {
                    let at = since
                        .plus(crate::sim::clock::Duration::seconds(seconds))
                        .max(self.now);
                    self.evictions.insert(key, at);
                }
            }
        }
    }
}

fn set_ready_condition(node: &mut Node, status: &str, reason: &str, message: &str, stamp: &str) {
    let st = node.status.get_or_insert_with(Default::default);
    let conditions = st.conditions.get_or_insert_with(Vec::new);
    conditions.retain(|c| c.type_ != "Ready");
    conditions.push(Condition {
        type_: "Ready".into(),
        status: status.into(),
        reason: Some(reason.into()),
        message: Some(message.into()),
        last_transition_time: Some(stamp.to_string()),
        last_heartbeat_time: Some(stamp.to_string()),
        ..Condition::default()
    });
}
