//! A node and what is already bound to it, summed up once so that each scheduling decision
//! costs work proportional to the number of nodes, not pods (upstream
//! pkg/scheduler/framework/types.go `NodeInfo`, `PodInfo`, `NodeInfo.AddPod`/`RemovePod`).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::api::node::{Node, Taint};
use crate::api::pod::Pod;

use super::node_affinity::node_labels;
use super::pod_affinity::PodAffinityTerms;
use super::ports::{pod_host_ports, HostPort};
use super::resources::{node_allocatable, pod_non_zero_requests, pod_requests, Resources};

/// What the scheduler needs to know about a pod bound to a node.
#[derive(Debug, Clone)]
pub struct PodInfo {
    pub namespace: String,
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub requests: Resources,
    /// Requests with the scoring defaults for containers that request nothing.
    pub non_zero: Resources,
    pub host_ports: Vec<HostPort>,
    /// `spec.priority` (0 when unset, upstream `PodPriority`).
    pub priority: i32,
    /// Compiled pod (anti-)affinity, shared between clones.
    pub affinity: Option<Arc<PodAffinityTerms>>,
}

impl PodInfo {
    /// Summarises a pod; `metadata.namespace` defaults to "default".
    pub fn from_pod(pod: &Pod) -> PodInfo {
        let namespace = pod
            .metadata
            .namespace
            .clone()
            .unwrap_or_else(|| "default".to_string());
        let affinity = PodAffinityTerms::from_spec(&pod.spec, &namespace).map(Arc::new);
        PodInfo {
            name: pod.metadata.name_or_empty().to_string(),
            labels: pod.metadata.labels.clone().unwrap_or_default(),
            requests: pod_requests(&pod.spec),
            non_zero: pod_non_zero_requests(&pod.spec),
            host_ports: pod_host_ports(&pod.spec),
            priority: pod.spec.priority.unwrap_or(0),
            affinity,
            namespace,
        }
    }

    fn has_required_anti_affinity(&self) -> bool {
        self.affinity
            .as_ref()
            .is_some_and(|a| !a.required_anti_affinity.is_empty())
    }
}

/// A node with the totals of the pods bound to it. Keep one per node and update it with
/// [`NodeInfo::add_pod`] / [`NodeInfo::remove_pod`] as pods come and go.
#[derive(Debug, Clone)]
pub struct NodeInfo {
    node: Node,
    allocatable: Resources,
    pods: Vec<PodInfo>,
    requested: Resources,
    non_zero_requested: Resources,
    used_ports: Vec<HostPort>,
    pods_with_affinity: usize,
    pods_with_required_anti_affinity: usize,
}

impl NodeInfo {
    /// A node with no pods.
    pub fn new(node: Node) -> NodeInfo {
        NodeInfo {
            allocatable: node_allocatable(&node),
            node,
            pods: Vec::new(),
            requested: Resources::default(),
            non_zero_requested: Resources::default(),
            used_ports: Vec::new(),
            pods_with_affinity: 0,
            pods_with_required_anti_affinity: 0,
        }
    }

    /// A node with the given pods bound to it.
    pub fn with_pods<'a>(node: Node, pods: impl IntoIterator<Item = &'a Pod>) -> NodeInfo {
        let mut info = NodeInfo::new(node);
        for p in pods {
            info.add_pod(p);
        }
        info
    }

    /// Replaces the node object (labels, taints, allocatable changed); pods stay.
    pub fn set_node(&mut self, node: Node) {
        self.allocatable = node_allocatable(&node);
        self.node = node;
    }

    /// Binds a pod to this node.
    pub fn add_pod(&mut self, pod: &Pod) {
        self.add_pod_info(PodInfo::from_pod(pod));
    }

    /// Binds an already summarised pod to this node.
    pub fn add_pod_info(&mut self, info: PodInfo) {
        self.requested.add(&info.requests);
        self.non_zero_requested.add(&info.non_zero);
        self.used_ports.extend(info.host_ports.iter().cloned());
        self.pods_with_affinity += usize::from(info.affinity.is_some());
        self.pods_with_required_anti_affinity += usize::from(info.has_required_anti_affinity());
        self.pods.push(info);
    }

    /// Unbinds the pod `namespace/name`; false when it is not on this node.
    pub fn remove_pod(&mut self, namespace: &str, name: &str) -> bool {
        let Some(i) = self
            .pods
            .iter()
            .position(|p| p.namespace == namespace && p.name == name)
        else {
            return false;
        };
        let info = self.pods.swap_remove(i);
        self.requested.sub(&info.requests);
        self.non_zero_requested.sub(&info.non_zero);
        for hp in &info.host_ports {
            if let Some(j) = self.used_ports.iter().position(|u| u == hp) {
                self.used_ports.swap_remove(j);
            }
        }
        self.pods_with_affinity -= usize::from(info.affinity.is_some());
        self.pods_with_required_anti_affinity -= usize::from(info.has_required_anti_affinity());
        true
    }

    pub fn node(&self) -> &Node {
        &self.node
    }

    pub fn name(&self) -> &str {
        self.node.metadata.name_or_empty()
    }

    pub fn labels(&self) -> &BTreeMap<String, String> {
        node_labels(&self.node)
    }

    pub fn taints(&self) -> &[Taint] {
        self.node.spec.taints.as_deref().unwrap_or_default()
    }

    pub fn unschedulable(&self) -> bool {
        self.node.spec.unschedulable == Some(true)
    }

    pub fn pods(&self) -> &[PodInfo] {
        &self.pods
    }

    pub fn allocatable(&self) -> &Resources {
        &self.allocatable
    }

    /// The sum of the bound pods' requests.
    pub fn requested(&self) -> &Resources {
        &self.requested
    }

    /// The sum with the scoring defaults (100m CPU, 200Mi memory per empty container).
    pub fn non_zero_requested(&self) -> &Resources {
        &self.non_zero_requested
    }

    pub fn used_ports(&self) -> &[HostPort] {
        &self.used_ports
    }

    /// How many bound pods have any pod affinity or anti-affinity.
    pub fn pods_with_affinity(&self) -> usize {
        self.pods_with_affinity
    }

    /// How many bound pods have required anti-affinity.
    pub fn pods_with_required_anti_affinity(&self) -> usize {
        self.pods_with_required_anti_affinity
    }
}
