//! The nodes of a simulated cluster. The default looks like a `kind` cluster: one
//! control-plane node, tainted so that ordinary pods stay off it, and three workers.

use std::collections::BTreeMap;

use serde_json::json;

use crate::api::container::ResourceList;
use crate::api::meta::{Condition, ObjectMeta};
use crate::api::node::{Node, NodeSpec, NodeStatus, Taint};
use crate::api::quantity::Quantity;
use crate::sim::clock::Time;

/// The label and taint every control-plane node carries (kubeadm).
pub const CONTROL_PLANE_ROLE: &str = "node-role.kubernetes.io/control-plane";

/// How big a node is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeShape {
    pub cpu: String,
    pub memory: String,
    pub pods: String,
}

impl Default for NodeShape {
    /// 4 CPU, 16Gi memory, 110 pods (the kubelet's default maxPods).
    fn default() -> NodeShape {
        NodeShape {
            cpu: "4".into(),
            memory: "16Gi".into(),
            pods: "110".into(),
        }
    }
}

/// The shape of a whole cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topology {
    pub control_planes: usize,
    pub workers: usize,
    pub shape: NodeShape,
}

impl Default for Topology {
    fn default() -> Topology {
        Topology {
            control_planes: 1,
            workers: 3,
            shape: NodeShape::default(),
        }
    }
}

impl Topology {
    /// kind's names: kind-control-plane, kind-control-plane2, ...; kind-worker,
    /// kind-worker2, kind-worker3, ...
    pub fn node_names(&self) -> Vec<(String, bool)> {
        let numbered = |base: &str, i: usize| {
            if i == 0 {
                base.to_string()
            } else {
                format!("{base}{}", i + 1)
            }
        };
        (0..self.control_planes)
            .map(|i| (numbered("kind-control-plane", i), true))
            .chain((0..self.workers).map(|i| (numbered("kind-worker", i), false)))
            .collect()
    }
}

/// A Ready node with the labels a real kubelet sets, capacity equal to allocatable, and
/// kind's address plan (node `index` gets 172.18.0.(index+2) and pod CIDR 10.244.index.0/24).
pub fn make_node(
    name: &str,
    index: usize,
    control_plane: bool,
    shape: &NodeShape,
    extra_labels: &BTreeMap<String, String>,
    taints: Vec<Taint>,
    now: Time,
) -> Result<Node, crate::Error> {
    let mut labels: BTreeMap<String, String> = [
        ("beta.kubernetes.io/arch", "amd64"),
        ("beta.kubernetes.io/os", "linux"),
        ("kubernetes.io/arch", "amd64"),
        ("kubernetes.io/hostname", name),
        ("kubernetes.io/os", "linux"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let mut taints = taints;
    if control_plane {
        labels.insert(CONTROL_PLANE_ROLE.into(), String::new());
        labels.insert(
            "node.kubernetes.io/exclude-from-external-load-balancers".into(),
            String::new(),
        );
        taints.insert(
            0,
            Taint {
                key: CONTROL_PLANE_ROLE.into(),
                value: None,
                effect: "NoSchedule".into(),
                time_added: None,
            },
        );
    }
    labels.extend(extra_labels.clone());
    let resources: ResourceList = [
        ("cpu", Quantity::parse(&shape.cpu)?),
        ("memory", Quantity::parse(&shape.memory)?),
        ("pods", Quantity::parse(&shape.pods)?),
        ("ephemeral-storage", Quantity::parse("100Gi")?),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let stamp = now.to_rfc3339();
    Ok(Node {
        api_version: "v1".into(),
        kind: "Node".into(),
        metadata: ObjectMeta {
            name: Some(name.to_string()),
            labels: Some(labels),
            ..ObjectMeta::default()
        },
        spec: NodeSpec {
            taints: (!taints.is_empty()).then_some(taints),
            pod_cidr: Some(format!("10.244.{index}.0/24")),
            pod_cidrs: Some(vec![format!("10.244.{index}.0/24")]),
            provider_id: Some(format!("kind://docker/kind/{name}")),
            ..NodeSpec::default()
        },
        status: Some(NodeStatus {
            capacity: Some(resources.clone()),
            allocatable: Some(resources),
            conditions: Some(vec![Condition {
                type_: "Ready".into(),
                status: "True".into(),
                reason: Some("KubeletReady".into()),
                message: Some("kubelet is posting ready status".into()),
                last_transition_time: Some(stamp.clone()),
                last_heartbeat_time: Some(stamp),
                ..Condition::default()
            }]),
            addresses: Some(vec![
                json!({"type": "InternalIP", "address": node_ip(index)}),
                json!({"type": "Hostname", "address": name}),
            ]),
            node_info: Some(json!({
                "architecture": "amd64",
                "containerRuntimeVersion": "containerd://2.1.1",
                "kernelVersion": "6.1.0-kubesim",
                "kubeletVersion": format!("{}.0", crate::KUBERNETES_VERSION),
                "operatingSystem": "linux",
                "osImage": "Debian GNU/Linux 12 (bookworm)",
            })),
        }),
    })
}

/// kind's node addresses: 172.18.0.2, 172.18.0.3, ...
pub fn node_ip(index: usize) -> String {
    format!("172.18.{}.{}", (index + 2) / 256, (index + 2) % 256)
}

/// Parses kubectl's taint syntax: `key=value:Effect` or `key:Effect`.
pub fn parse_taint(s: &str) -> Option<Taint> {
    let (kv, effect) = s.rsplit_once(':')?;
    if !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
        return None;
    }
    let (key, value) = match kv.split_once('=') {
        Some((k, v)) => (k, Some(v.to_string())),
        None => (kv, None),
    };
    if key.is_empty() {
        return None;
    }
    Some(Taint {
        key: key.to_string(),
        value,
        effect: effect.to_string(),
        time_added: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_topology_has_kind_names() {
        let names: Vec<_> = Topology::default().node_names();
        assert_eq!(
            names,
            [
                ("kind-control-plane".to_string(), true),
                ("kind-worker".to_string(), false),
                ("kind-worker2".to_string(), false),
                ("kind-worker3".to_string(), false),
            ]
        );
    }

    #[test]
    fn control_plane_is_labelled_and_tainted() {
        let n = make_node(
            "kind-control-plane",
            0,
            true,
            &NodeShape::default(),
            &BTreeMap::new(),
            vec![],
            Time::DEFAULT_START,
        )
        .unwrap();
        let labels = n.metadata.labels.unwrap();
        assert_eq!(labels.get(CONTROL_PLANE_ROLE).map(String::as_str), Some(""));
        assert_eq!(
            labels.get("kubernetes.io/hostname").map(String::as_str),
            Some("kind-control-plane")
        );
        let taints = n.spec.taints.unwrap();
        assert_eq!(
            (taints[0].key.as_str(), taints[0].effect.as_str()),
            (CONTROL_PLANE_ROLE, "NoSchedule")
        );
        let alloc = n.status.unwrap().allocatable.unwrap();
        assert_eq!(alloc["cpu"].milli_value(), 4000);
        assert_eq!(alloc["pods"].value(), 110);
    }

    #[test]
    fn parses_taints_like_kubectl() {
        let cases = [
            (
                "dedicated=gpu:NoSchedule",
                Some(("dedicated", Some("gpu"), "NoSchedule")),
            ),
            (
                "node.kubernetes.io/disk:NoExecute",
                Some(("node.kubernetes.io/disk", None, "NoExecute")),
            ),
            ("a=b", None),
            ("a=b:Sometimes", None),
            (":NoSchedule", None),
        ];
        for (input, expected) in cases {
            let got = parse_taint(input);
            let got = got
                .as_ref()
                .map(|t| (t.key.as_str(), t.value.as_deref(), t.effect.as_str()));
            assert_eq!(got, expected, "{input}");
        }
    }
}
