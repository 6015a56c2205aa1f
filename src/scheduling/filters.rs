//! The filters of the default profile, in its order, each with upstream's reason text.
//!
//! Order and reasons from pkg/scheduler/apis/config/v1/default_plugins.go and the plugins
//! under pkg/scheduler/framework/plugins: nodeunschedulable (`ErrReasonUnschedulable`, and
//! pods tolerating the `node.kubernetes.io/unschedulable:NoSchedule` taint pass), nodename
//! (`ErrReason`), tainttoleration (`Filter`), nodeaffinity (`ErrReasonPod`), nodeports
//! (`ErrReason`), noderesources/fit.go (`Filter`), interpodaffinity/filtering.go (`Filter`).
//! Volume filters and PodTopologySpread are not modelled.

use std::collections::{BTreeMap, BTreeSet};

use crate::api::affinity::Toleration;
use crate::api::node::Taint;
use crate::api::pod::Pod;
use crate::manifest::diagnostic::Text;

use super::node_affinity::{PreferredTerms, RequiredNodeAffinity};
use super::node_info::NodeInfo;
use super::pod_affinity::{
    bump, PodAffinityTerms, TopologyCounts, ERR_REASON_AFFINITY, ERR_REASON_ANTI_AFFINITY,
    ERR_REASON_EXISTING_ANTI_AFFINITY,
};
use super::ports::{first_conflict, pod_host_ports, HostPort, ERR_REASON_PORTS};
use super::resources::{fits_request, pod_non_zero_requests, pod_requests, Resources};
use super::taints::{find_untolerated, tolerations_tolerate, Effects, NO_SCHEDULE};

/// The taint that stands for `spec.unschedulable` (a cordoned node).
pub const TAINT_NODE_UNSCHEDULABLE: &str = "node.kubernetes.io/unschedulable";

pub const ERR_REASON_UNSCHEDULABLE: &str = "node(s) were unschedulable";
pub const ERR_REASON_NODE_NAME: &str = "node(s) didn't match the requested node name";
pub const ERR_REASON_NODE_AFFINITY: &str = "node(s) didn't match Pod's node affinity/selector";

/// A scheduler plugin kubesim models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Plugin {
    NodeUnschedulable,
    NodeName,
    TaintToleration,
    NodeAffinity,
    NodePorts,
    NodeResourcesFit,
    InterPodAffinity,
    NodeResourcesBalancedAllocation,
}

impl Plugin {
    /// The plugin's name in scheduler configuration and messages.
    pub fn name(self) -> &'static str {
        match self {
            Plugin::NodeUnschedulable => "NodeUnschedulable",
            Plugin::NodeName => "NodeName",
            Plugin::TaintToleration => "TaintToleration",
            Plugin::NodeAffinity => "NodeAffinity",
            Plugin::NodePorts => "NodePorts",
            Plugin::NodeResourcesFit => "NodeResourcesFit",
            Plugin::InterPodAffinity => "InterPodAffinity",
            Plugin::NodeResourcesBalancedAllocation => "NodeResourcesBalancedAllocation",
        }
    }
}

/// How a filter rejected a node (upstream status codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// Preemption might help (evicting lower-priority pods could make room).
    Unschedulable,
    /// Preemption cannot help.
    UnschedulableAndUnresolvable,
}

/// Why a node was rejected: the plugin, upstream's reason strings (one node can count
/// several, e.g. "Insufficient cpu" and "Insufficient memory") and a bilingual explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    pub plugin: Plugin,
    pub code: Code,
    pub reasons: Vec<String>,
    pub why: Text,
}

impl Rejection {
    fn new(plugin: Plugin, code: Code, reason: impl Into<String>, why: Text) -> Rejection {
        Rejection {
            plugin,
            code,
            reasons: vec![reason.into()],
            why,
        }
    }
}

/// A pod prepared for scheduling: everything the filters and scores need, computed once.
#[derive(Debug, Clone)]
pub struct PodToSchedule {
    pub namespace: String,
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub node_name: Option<String>,
    pub tolerations: Vec<Toleration>,
    pub required: RequiredNodeAffinity,
    pub preferred: PreferredTerms,
    /// Node names the pod is pinned to by `matchFields metadata.name` (DaemonSet pods).
    pub pinned: Option<BTreeSet<String>>,
    pub requests: Resources,
    pub non_zero: Resources,
    pub host_ports: Vec<HostPort>,
    pub priority: i32,
    pub affinity: Option<PodAffinityTerms>,
}

impl PodToSchedule {
    pub fn new(pod: &Pod) -> PodToSchedule {
        let namespace = pod
            .metadata
            .namespace
            .clone()
            .unwrap_or_else(|| "default".to_string());
        PodToSchedule {
            name: pod.metadata.name_or_empty().to_string(),
            labels: pod.metadata.labels.clone().unwrap_or_default(),
            node_name: pod.spec.node_name.clone().filter(|n| !n.is_empty()),
            tolerations: pod.spec.tolerations.clone().unwrap_or_default(),
            required: RequiredNodeAffinity::from_spec(&pod.spec),
            preferred: PreferredTerms::from_spec(&pod.spec),
            pinned: RequiredNodeAffinity::pinned_node_names(&pod.spec),
            requests: pod_requests(&pod.spec),
            non_zero: pod_non_zero_requests(&pod.spec),
            host_ports: pod_host_ports(&pod.spec),
            priority: pod.spec.priority.unwrap_or(0),
            affinity: PodAffinityTerms::from_spec(&pod.spec, &namespace),
            namespace,
        }
    }
}

/// InterPodAffinity's pre-filter state: matching pods counted per topology domain over
/// the whole cluster (upstream `preFilterState`).
#[derive(Debug, Clone, Default)]
pub struct AffinityState {
    /// Existing pods whose required anti-affinity matches the incoming pod.
    pub existing_anti_affinity: TopologyCounts,
    /// Existing pods matching all of the incoming pod's required affinity terms.
    pub affinity: TopologyCounts,
    /// Existing pods matching the incoming pod's required anti-affinity terms.
    pub anti_affinity: TopologyCounts,
}

impl AffinityState {
    /// Scans the cluster once. Nodes without pods with required anti-affinity are skipped
    /// unless the incoming pod has required terms of its own.
    pub fn compute(pod: &PodToSchedule, nodes: &[NodeInfo]) -> AffinityState {
        let mut st = AffinityState::default();
        let own = pod.affinity.as_ref().filter(|a| a.has_required());
        for ni in nodes {
            let labels = ni.labels();
            if ni.pods_with_required_anti_affinity() > 0 {
                for p in ni.pods() {
                    let Some(a) = &p.affinity else { continue };
                    for t in &a.required_anti_affinity {
                        if t.matches(&pod.namespace, &pod.labels) {
                            bump(&mut st.existing_anti_affinity, labels, &t.topology_key, 1);
                        }
                    }
                }
            }
            let Some(own) = own else { continue };
            for p in ni.pods() {
                if own.all_required_affinity_match(&p.namespace, &p.labels) {
                    for t in &own.required_affinity {
                        bump(&mut st.affinity, labels, &t.topology_key, 1);
                    }
                }
                for t in &own.required_anti_affinity {
                    if t.matches(&p.namespace, &p.labels) {
                        bump(&mut st.anti_affinity, labels, &t.topology_key, 1);
                    }
                }
            }
        }
        st.existing_anti_affinity.retain(|_, v| *v > 0);
        st.affinity.retain(|_, v| *v > 0);
        st.anti_affinity.retain(|_, v| *v > 0);
        st
    }
}

fn node_unschedulable(pod: &PodToSchedule, ni: &NodeInfo) -> Option<Rejection> {
    if !ni.unschedulable() {
        return None;
    }
    let taint = Taint {
        key: TAINT_NODE_UNSCHEDULABLE.into(),
        effect: NO_SCHEDULE.into(),
        ..Taint::default()
    };
    if tolerations_tolerate(&pod.tolerations, &taint) {
        return None;
    }
    Some(Rejection::new(
        Plugin::NodeUnschedulable,
        Code::UnschedulableAndUnresolvable,
        ERR_REASON_UNSCHEDULABLE,
        Text::new(
            "the node is cordoned (spec.unschedulable) and the pod does not tolerate node.kubernetes.io/unschedulable:NoSchedule",
            "노드가 cordon 상태(spec.unschedulable)이고 Pod가 node.kubernetes.io/unschedulable:NoSchedule을 용인하지 않습니다",
        ),
    ))
}

fn node_name(pod: &PodToSchedule, ni: &NodeInfo) -> Option<Rejection> {
    let wanted = pod.node_name.as_deref()?;
    (wanted != ni.name()).then(|| {
        Rejection::new(
            Plugin::NodeName,
            Code::UnschedulableAndUnresolvable,
            ERR_REASON_NODE_NAME,
            Text::new(
                format!("the pod asks for node {wanted} (spec.nodeName)"),
                format!("Pod가 spec.nodeName으로 노드 {wanted}을(를) 지정했습니다"),
            ),
        )
    })
}

fn taint_toleration(pod: &PodToSchedule, ni: &NodeInfo) -> Option<Rejection> {
    let t = find_untolerated(
        ni.taints(),
        &pod.tolerations,
        Effects::NoScheduleOrNoExecute,
    )?;
    let value = t.value.as_deref().unwrap_or("");
    let shown = super::taints::TaintDisplay(t);
    Some(Rejection::new(
        Plugin::TaintToleration,
        Code::UnschedulableAndUnresolvable,
        format!("node(s) had untolerated taint {{{}: {value}}}", t.key),
        Text::new(
            format!("the node has the taint {shown} and the pod has no toleration for it"),
            format!("노드에 {shown} taint가 있는데 Pod에 이를 용인하는 toleration이 없습니다"),
        ),
    ))
}

fn node_affinity(pod: &PodToSchedule, ni: &NodeInfo) -> Option<Rejection> {
    if pod.required.is_empty() || pod.required.matches(ni.node()) {
        return None;
    }
    let why = pod
        .required
        .why_not(ni.node())
        .unwrap_or_else(|| Text::new("the node does not match", "노드가 조건에 맞지 않습니다"));
    Some(Rejection::new(
        Plugin::NodeAffinity,
        Code::UnschedulableAndUnresolvable,
        ERR_REASON_NODE_AFFINITY,
        why,
    ))
}

fn node_ports(pod: &PodToSchedule, ni: &NodeInfo) -> Option<Rejection> {
    let hp = first_conflict(&pod.host_ports, ni.used_ports())?;
    Some(Rejection::new(
        Plugin::NodePorts,
        Code::Unschedulable,
        ERR_REASON_PORTS,
        Text::new(
            format!(
                "host port {}/{} is already taken on this node",
                hp.port, hp.protocol
            ),
            format!(
                "이 노드에서 호스트 포트 {}/{}이(가) 이미 사용 중입니다",
                hp.port, hp.protocol
            ),
        ),
    ))
}

fn human(resource: &str, v: i64) -> String {
    match resource {
        "cpu" => format!("{v}m"),
        "memory" | "ephemeral-storage" if v % (1024 * 1024) == 0 => {
            format!("{}Mi", v / (1024 * 1024))
        }
        _ => v.to_string(),
    }
}

fn node_resources_fit(pod: &PodToSchedule, ni: &NodeInfo) -> Option<Rejection> {
    let lacking = fits_request(
        &pod.requests,
        ni.pods().len(),
        ni.requested(),
        ni.allocatable(),
    );
    if lacking.is_empty() {
        return None;
    }
    let unresolvable = lacking.iter().any(|i| i.unresolvable);
    let (en, ko): (Vec<String>, Vec<String>) = lacking
        .iter()
        .map(|i| {
            if i.resource == "pods" {
                (
                    format!(
                        "the node already runs {} of its {} pods",
                        i.used, i.capacity
                    ),
                    format!(
                        "노드가 이미 최대 {}개 중 {}개의 Pod를 실행 중입니다",
                        i.capacity, i.used
                    ),
                )
            } else {
                let (r, u, c) = (
                    human(&i.resource, i.requested),
                    human(&i.resource, i.used),
                    human(&i.resource, i.capacity),
                );
                (
                    format!(
                        "{}: the pod requests {r}, {u} of {c} allocatable are already requested",
                        i.resource
                    ),
                    format!(
                        "{}: Pod 요청 {r}, 할당 가능한 {c} 중 {u}이(가) 이미 요청됨",
                        i.resource
                    ),
                )
            }
        })
        .unzip();
    Some(Rejection {
        plugin: Plugin::NodeResourcesFit,
        code: if unresolvable {
            Code::UnschedulableAndUnresolvable
        } else {
            Code::Unschedulable
        },
        reasons: lacking.into_iter().map(|i| i.reason).collect(),
        why: Text::new(en.join("; "), ko.join("; ")),
    })
}

fn inter_pod_affinity(
    pod: &PodToSchedule,
    state: &AffinityState,
    ni: &NodeInfo,
) -> Option<Rejection> {
    let labels = ni.labels();
    if let Some(a) = &pod.affinity {
        if let Some(e) = &a.error {
            return Some(Rejection::new(
                Plugin::InterPodAffinity,
                Code::UnschedulableAndUnresolvable,
                ERR_REASON_AFFINITY,
                Text::new(
                    format!("invalid pod affinity: {e}"),
                    format!("잘못된 Pod 어피니티: {e}"),
                ),
            ));
        }
        // satisfyPodAffinity
        if !a.required_affinity.is_empty() {
            let mut pods_exist = true;
            let mut missing_key = None;
            for t in &a.required_affinity {
                match labels.get(&t.topology_key) {
                    Some(v) => {
                        if state
                            .affinity
                            .get(&(t.topology_key.clone(), v.clone()))
                            .copied()
                            .unwrap_or(0)
                            <= 0
                        {
                            pods_exist = false;
                        }
                    }
                    None => {
                        missing_key = Some(t.topology_key.clone());
                        break;
                    }
                }
            }
            let ok = match missing_key {
                Some(_) => false,
                None => {
                    pods_exist
                        || (state.affinity.is_empty()
                            && a.all_required_affinity_match(&pod.namespace, &pod.labels))
                }
            };
            if !ok {
                let why = match missing_key {
                    Some(k) => Text::new(
                        format!("the node has no label {k}, the topology key of a required pod affinity term"),
                        format!("노드에 필수 Pod 어피니티의 topologyKey인 {k} 레이블이 없습니다"),
                    ),
                    None => Text::new(
                        "no pod matching the required pod affinity runs in this node's topology domain",
                        "이 노드의 토폴로지 도메인에 필수 Pod 어피니티와 맞는 Pod가 없습니다",
                    ),
                };
                return Some(Rejection::new(
                    Plugin::InterPodAffinity,
                    Code::UnschedulableAndUnresolvable,
                    ERR_REASON_AFFINITY,
                    why,
                ));
            }
        }
        // satisfyPodAntiAffinity
        if !state.anti_affinity.is_empty() {
            for t in &a.required_anti_affinity {
                if let Some(v) = labels.get(&t.topology_key) {
                    if state
                        .anti_affinity
                        .get(&(t.topology_key.clone(), v.clone()))
                        .copied()
                        .unwrap_or(0)
                        > 0
                    {
                        return Some(Rejection::new(
                            Plugin::InterPodAffinity,
                            Code::Unschedulable,
                            ERR_REASON_ANTI_AFFINITY,
                            Text::new(
                                format!("a pod matching the pod's anti-affinity already runs where {}={v}", t.topology_key),
                                format!("{}={v} 도메인에 Pod 안티어피니티와 맞는 Pod가 이미 있습니다", t.topology_key),
                            ),
                        ));
                    }
                }
            }
        }
    }
    // satisfyExistingPodsAntiAffinity
    if !state.existing_anti_affinity.is_empty() {
        for (k, v) in labels {
            if state
                .existing_anti_affinity
                .get(&(k.clone(), v.clone()))
                .copied()
                .unwrap_or(0)
                > 0
            {
                return Some(Rejection::new(
                    Plugin::InterPodAffinity,
                    Code::Unschedulable,
                    ERR_REASON_EXISTING_ANTI_AFFINITY,
                    Text::new(
                        format!("a pod already running where {k}={v} has anti-affinity against this pod"),
                        format!("{k}={v} 도메인에서 실행 중인 Pod가 이 Pod에 대한 안티어피니티를 가지고 있습니다"),
                    ),
                ));
            }
        }
    }
    None
}

/// Runs the filters on one node in the default profile's order. With `all == false` it
/// stops at the first rejection, as the scheduler does (only that plugin's reasons reach
/// the FailedScheduling message); with `all == true` it reports every filter that fails.
pub fn run_filters(
    pod: &PodToSchedule,
    state: &AffinityState,
    ni: &NodeInfo,
    all: bool,
) -> Vec<Rejection> {
    type Filter = fn(&PodToSchedule, &NodeInfo) -> Option<Rejection>;
    const FILTERS: [Filter; 6] = [
        node_unschedulable,
        node_name,
        taint_toleration,
        node_affinity,
        node_ports,
        node_resources_fit,
    ];
    let mut out = Vec::new();
    for f in FILTERS {
        if let Some(r) = f(pod, ni) {
            out.push(r);
            if !all {
                return out;
            }
        }
    }
    if let Some(r) = inter_pod_affinity(pod, state, ni) {
        out.push(r);
    }
    out
}

#[cfg(test)]
#[path = "filters_tests.rs"]
mod tests;
