//! Which nodes should run a DaemonSet's pod, and which should keep running one.
//!
//! Facts from pkg/controller/daemon/daemon_controller.go (`NodeShouldRunDaemonPod`,
//! `predicates`, `NewPod`) and pkg/controller/daemon/util/daemonset_util.go
//! (`AddOrUpdateDaemonPodTolerations`), with pkg/apis/core/v1/helper
//! `AddOrUpdateTolerationInPodSpec`. The controller checks only the node name, the node
//! selector and affinity, and taints: not resources, not ports, not `spec.unschedulable`
//! (cordoned nodes keep and get daemon pods, since every daemon pod tolerates
//! `node.kubernetes.io/unschedulable:NoSchedule`).

use serde::Serialize;

use crate::api::affinity::Toleration;
use crate::api::daemonset::DaemonSet;
use crate::api::node::Node;
use crate::api::pod::PodSpec;
use crate::manifest::diagnostic::Text;

use super::node_affinity::RequiredNodeAffinity;
use super::taints::{find_untolerated, Effects, TaintDisplay, NO_EXECUTE, NO_SCHEDULE};

/// The tolerations the DaemonSet controller adds to every daemon pod, in its order; the
/// last one only for `hostNetwork` pods. The control-plane taint is not among them.
pub fn daemon_pod_tolerations(host_network: bool) -> Vec<Toleration> {
    let exists = |key: &str, effect: &str| Toleration {
        key: Some(key.to_string()),
        operator: Some("Exists".to_string()),
        value: None,
        effect: Some(effect.to_string()),
        toleration_seconds: None,
    };
    let mut out = vec![
        exists("node.kubernetes.io/not-ready", NO_EXECUTE),
        exists("node.kubernetes.io/unreachable", NO_EXECUTE),
        exists("node.kubernetes.io/disk-pressure", NO_SCHEDULE),
        exists("node.kubernetes.io/memory-pressure", NO_SCHEDULE),
        exists("node.kubernetes.io/pid-pressure", NO_SCHEDULE),
        exists("node.kubernetes.io/unschedulable", NO_SCHEDULE),
    ];
    if host_network {
        out.push(exists(
            "node.kubernetes.io/network-unavailable",
            NO_SCHEDULE,
        ));
    }
    out
}

/// Whether two tolerations are "the same" for `AddOrUpdateTolerationInPodSpec`
/// (upstream `Toleration.MatchToleration`: key, effect, operator and value).
fn same_toleration(a: &Toleration, b: &Toleration) -> bool {
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    s(&a.key) == s(&b.key)
        && s(&a.effect) == s(&b.effect)
        && s(&a.operator) == s(&b.operator)
        && s(&a.value) == s(&b.value)
}

/// Adds the daemon pod tolerations to a pod spec as `AddOrUpdateDaemonPodTolerations` does:
/// a toleration the user already wrote with the same key, effect, operator and value is
/// replaced in place (dropping its `tolerationSeconds`), others are appended.
pub fn add_daemon_pod_tolerations(spec: &mut PodSpec) {
    let host_network = spec.host_network == Some(true);
    let tolerations = spec.tolerations.get_or_insert_with(Vec::new);
    for t in daemon_pod_tolerations(host_network) {
        match tolerations.iter().position(|old| same_toleration(old, &t)) {
            Some(i) => tolerations[i] = t,
            None => tolerations.push(t),
        }
    }
}

/// The verdict of [`should_run_daemon_pod`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DaemonPlacement {
    /// A daemon pod should be created here if there is none.
    pub should_run: bool,
    /// A daemon pod already here may stay.
    pub should_continue_running: bool,
    /// Why not (empty when it should run), in English and Korean.
    pub reasons: Vec<Text>,
}

/// The DaemonSet controller's placement predicate for one DaemonSet, compiled once and
/// evaluated against many nodes (upstream `NodeShouldRunDaemonPod` with `NewPod`: the
/// template with the daemon tolerations added).
#[derive(Debug, Clone)]
pub struct DaemonPredicate {
    node_name: Option<String>,
    affinity: RequiredNodeAffinity,
    tolerations: Vec<Toleration>,
}

impl DaemonPredicate {
    pub fn new(ds: &DaemonSet) -> DaemonPredicate {
        let template = &ds.spec.template.spec;
        let mut tolerations = template.tolerations.clone().unwrap_or_default();
        for t in daemon_pod_tolerations(template.host_network == Some(true)) {
            match tolerations.iter().position(|old| same_toleration(old, &t)) {
                Some(i) => tolerations[i] = t,
                None => tolerations.push(t),
            }
        }
        DaemonPredicate {
            node_name: template.node_name.clone().filter(|n| !n.is_empty()),
            affinity: RequiredNodeAffinity::from_spec(template),
            tolerations,
        }
    }

    /// `(should_run, should_continue_running)` without building any explanation.
    pub fn verdict(&self, node: &Node) -> (bool, bool) {
        if self
            .node_name
            .as_deref()
            .is_some_and(|n| n != node.metadata.name_or_empty())
        {
            return (false, false);
        }
        if !self.affinity.matches(node) {
            return (false, false);
        }
        let taints = node.spec.taints.as_deref().unwrap_or_default();
        if find_untolerated(taints, &self.tolerations, Effects::NoScheduleOrNoExecute).is_none() {
            return (true, true);
        }
        (
            false,
            find_untolerated(taints, &self.tolerations, Effects::NoExecute).is_none(),
        )
    }

    /// The verdict with its reasons in English and Korean.
    pub fn evaluate(&self, node: &Node) -> DaemonPlacement {
        let no = |why: Text| DaemonPlacement {
            should_run: false,
            should_continue_running: false,
            reasons: vec![why],
        };
        if let Some(wanted) = self.node_name.as_deref() {
            if wanted != node.metadata.name_or_empty() {
                return no(Text::new(
                    format!("the pod template asks for node {wanted} (spec.nodeName)"),
                    format!("Pod 템플릿이 spec.nodeName으로 노드 {wanted}을(를) 지정했습니다"),
                ));
            }
        }
        if let Some(why) = self.affinity.why_not(node) {
            return no(why);
        }
        let taints = node.spec.taints.as_deref().unwrap_or_default();
        let Some(taint) =
            find_untolerated(taints, &self.tolerations, Effects::NoScheduleOrNoExecute)
        else {
            return DaemonPlacement {
                should_run: true,
                should_continue_running: true,
                reasons: Vec::new(),
            };
        };
        let keep = find_untolerated(taints, &self.tolerations, Effects::NoExecute).is_none();
        let shown = TaintDisplay(taint);
        let mut reasons = vec![Text::new(
            format!("the node has the taint {shown} and the DaemonSet's pods do not tolerate it"),
            format!("노드에 {shown} taint가 있고 DaemonSet의 Pod가 이를 용인하지 않습니다"),
        )];
        if keep {
            reasons.push(Text::new(
                "a daemon pod already on the node may stay: it tolerates every NoExecute taint",
                "이미 실행 중인 데몬 Pod는 남아 있을 수 있습니다: 모든 NoExecute taint를 용인합니다",
            ));
        }
        DaemonPlacement {
            should_run: false,
            should_continue_running: keep,
            reasons,
        }
    }
}

/// Upstream `NodeShouldRunDaemonPod`: the daemon pod (the template with the node name and
/// the daemon tolerations) must fit the template's `nodeName`, `nodeSelector` and required
/// node affinity, and tolerate the node's NoSchedule and NoExecute taints. A pod that only
/// fails a NoSchedule taint may keep running if it tolerates every NoExecute taint. For many
/// nodes, build a [`DaemonPredicate`] once instead.
pub fn should_run_daemon_pod(node: &Node, ds: &DaemonSet) -> DaemonPlacement {
    DaemonPredicate::new(ds).evaluate(node)
}

#[cfg(test)]
#[path = "daemon_tests.rs"]
mod tests;
