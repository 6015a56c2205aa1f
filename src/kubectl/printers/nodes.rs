//! `kubectl get nodes`: mirrors `printNode`, `findNodeRoles`, `getNodeInternalIP` and
//! `getNodeExternalIP` in pkg/printers/internalversion/printers.go.

use std::collections::BTreeSet;

use crate::api::node::Node;
use crate::kubectl::format::{age, json_str};
use crate::kubectl::printers::PrintContext;

pub(crate) const COLUMNS: &[&str] = &["NAME", "STATUS", "ROLES", "AGE", "VERSION"];
pub(crate) const WIDE: &[&str] = &[
    "INTERNAL-IP",
    "EXTERNAL-IP",
    "OS-IMAGE",
    "KERNEL-VERSION",
    "CONTAINER-RUNTIME",
];

/// The STATUS cell: Ready or NotReady from the Ready condition ("Unknown" without one),
/// then `SchedulingDisabled` for a cordoned node.
pub fn node_status(node: &Node) -> String {
    let ready = node
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .and_then(|cs| cs.iter().rev().find(|c| c.type_ == "Ready"));
    let mut parts = vec![match ready {
        Some(c) if c.is_true() => "Ready".to_string(),
        Some(_) => "NotReady".to_string(),
        None => "Unknown".to_string(),
    }];
    if node.spec.unschedulable == Some(true) {
        parts.push("SchedulingDisabled".to_string());
    }
    parts.join(",")
}

/// Roles from `node-role.kubernetes.io/<role>` labels and the `kubernetes.io/role` label,
/// sorted; "<none>" without any.
pub fn node_roles(node: &Node) -> String {
    let mut roles = BTreeSet::new();
    for (k, v) in node.metadata.labels.iter().flatten() {
        if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
            if !role.is_empty() {
                roles.insert(role.to_string());
            }
        } else if k == "kubernetes.io/role" && !v.is_empty() {
            roles.insert(v.clone());
        }
    }
    if roles.is_empty() {
        "<none>".to_string()
    } else {
        roles.into_iter().collect::<Vec<_>>().join(",")
    }
}

/// The first address of `type_` (InternalIP, ExternalIP), or "<none>".
pub fn node_address(node: &Node, type_: &str) -> String {
    node.status
        .as_ref()
        .and_then(|s| s.addresses.as_ref())
        .into_iter()
        .flatten()
        .find(|a| json_str(Some(a), "type") == Some(type_))
        .and_then(|a| json_str(Some(a), "address"))
        .unwrap_or("<none>")
        .to_string()
}

/// A `status.nodeInfo` field such as kubeletVersion.
pub fn node_info<'a>(node: &'a Node, field: &str) -> Option<&'a str> {
    json_str(node.status.as_ref()?.node_info.as_ref(), field)
}

pub(crate) fn row(node: &Node, ctx: &PrintContext) -> Vec<String> {
    let mut cells = vec![
        node.metadata.name_or_empty().to_string(),
        node_status(node),
        node_roles(node),
        age(ctx.now, node.metadata.creation_timestamp.as_deref()),
        node_info(node, "kubeletVersion").unwrap_or("").to_string(),
    ];
    if ctx.wide {
        let info = |f| {
            node_info(node, f)
                .filter(|v| !v.is_empty())
                .unwrap_or("<unknown>")
                .to_string()
        };
        cells.extend([
            node_address(node, "InternalIP"),
            node_address(node, "ExternalIP"),
            info("osImage"),
            info("kernelVersion"),
            info("containerRuntimeVersion"),
        ]);
    }
    cells
}
