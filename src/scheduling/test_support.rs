//! Builders shared by the scheduling tests.

use serde_json::{json, Value};

use crate::api::node::Node;
use crate::api::pod::Pod;

use super::node_info::NodeInfo;

/// A node with allocatable cpu/memory/pods, labels (hostname added) and taints.
pub fn node(name: &str, cpu: &str, memory: &str, pods: u32, labels: Value, taints: Value) -> Node {
    let mut labels = labels.as_object().cloned().unwrap_or_default();
    labels.insert("kubernetes.io/hostname".into(), json!(name));
    serde_json::from_value(json!({
        "metadata": {"name": name, "labels": labels},
        "spec": {"taints": taints},
        "status": {"allocatable": {"cpu": cpu, "memory": memory, "pods": pods.to_string()}}
    }))
    .expect("test node")
}

/// A worker like kind's: 4 CPU, 16Gi, 110 pods.
pub fn worker(name: &str) -> Node {
    node(name, "4", "16Gi", 110, json!({}), json!([]))
}

/// kind's control-plane node, tainted NoSchedule.
pub fn control_plane(name: &str) -> Node {
    node(
        name,
        "4",
        "16Gi",
        110,
        json!({"node-role.kubernetes.io/control-plane": ""}),
        json!([{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]),
    )
}

/// The default kind topology: one control plane and three workers.
pub fn kind_cluster() -> Vec<NodeInfo> {
    vec![
        NodeInfo::new(control_plane("kind-control-plane")),
        NodeInfo::new(worker("kind-worker")),
        NodeInfo::new(worker("kind-worker2")),
        NodeInfo::new(worker("kind-worker3")),
    ]
}

/// A pod with one container requesting cpu/memory ("" for none), and extra spec fields.
pub fn pod(name: &str, cpu: &str, memory: &str, extra_spec: Value) -> Pod {
    let mut requests = serde_json::Map::new();
    if !cpu.is_empty() {
        requests.insert("cpu".into(), json!(cpu));
    }
    if !memory.is_empty() {
        requests.insert("memory".into(), json!(memory));
    }
    let mut spec = json!({"containers": [{"name": "app", "image": "nginx",
        "resources": {"requests": requests}}]});
    if let (Some(s), Some(extra)) = (spec.as_object_mut(), extra_spec.as_object()) {
        for (k, v) in extra {
            s.insert(k.clone(), v.clone());
        }
    }
    serde_json::from_value(json!({
        "metadata": {"name": name, "namespace": "default", "labels": {"app": name}},
        "spec": spec
    }))
    .expect("test pod")
}

/// The same pod with other labels.
pub fn labelled(mut p: Pod, labels: Value) -> Pod {
    p.metadata.labels = serde_json::from_value(labels).ok();
    p
}
