//! Defaults of Services, PersistentVolumeClaims and Nodes.
//! Mirrors pkg/apis/core/v1/defaults.go.

use serde_json::json;

use crate::api::core::{PersistentVolumeClaim, PersistentVolumeClaimStatus, Service};
use crate::api::intstr::IntOrString;
use crate::api::node::Node;

use super::pod::set_defaults_resource_list;
use super::{set_if_empty, set_if_none};

/// Seconds of ClientIP session affinity (`DefaultClientIPServiceAffinitySeconds`).
const DEFAULT_CLIENT_IP_AFFINITY_SECONDS: i64 = 10800;

/// Mirrors `SetDefaults_Service`: sessionAffinity None (and no config), or ClientIP with a
/// 10800 s timeout; type ClusterIP; port protocol TCP and targetPort = port;
/// externalTrafficPolicy Cluster when externally reachable; internalTrafficPolicy Cluster
/// (not for ExternalName); allocateLoadBalancerNodePorts true for LoadBalancer.
/// ClusterIP allocation and ipFamilies are the registry's work, not defaulting.
pub fn set_defaults_service(svc: &mut Service) {
    let spec = &mut svc.spec;
    set_if_empty(&mut spec.session_affinity, "None");
    match spec.session_affinity.as_deref() {
        Some("None") => spec.session_affinity_config = None,
        Some("ClientIP") => {
            let has_timeout = spec
                .session_affinity_config
                .as_ref()
                .and_then(|c| c.get("clientIP"))
                .and_then(|c| c.get("timeoutSeconds"))
                .is_some_and(|t| !t.is_null());
            if !has_timeout {
                spec.session_affinity_config = Some(
                    json!({"clientIP": {"timeoutSeconds": DEFAULT_CLIENT_IP_AFFINITY_SECONDS}}),
                );
            }
        }
        _ => {}
    }
    set_if_empty(&mut spec.type_, "ClusterIP");
    for port in spec.ports.iter_mut().flatten() {
        set_if_empty(&mut port.protocol, "TCP");
        let unset = match &port.target_port {
            None => true,
            Some(IntOrString::Int(0)) => true,
            Some(IntOrString::String(s)) => s.is_empty(),
            Some(IntOrString::Int(_)) => false,
        };
        if unset {
            port.target_port = Some(IntOrString::Int(port.port));
        }
    }
    let type_ = spec.type_.as_deref().unwrap_or("");
    let externally_accessible = matches!(type_, "NodePort" | "LoadBalancer")
        || (type_ == "ClusterIP"
            && spec
                .external_ips
                .as_ref()
                .is_some_and(|ips| !ips.is_empty()));
    if externally_accessible {
        set_if_empty(&mut spec.external_traffic_policy, "Cluster");
    }
    if matches!(type_, "ClusterIP" | "NodePort" | "LoadBalancer") {
        set_if_none(&mut spec.internal_traffic_policy, "Cluster".to_string());
    }
    if type_ == "LoadBalancer" {
        set_if_none(&mut spec.allocate_load_balancer_node_ports, true);
    }
}

/// Mirrors `SetDefaults_PersistentVolumeClaim` (volumeMode Filesystem, status phase
/// Pending) and `SetDefaults_ResourceList` on its resources.
pub fn set_defaults_persistent_volume_claim(pvc: &mut PersistentVolumeClaim) {
    set_if_none(&mut pvc.spec.volume_mode, "Filesystem".to_string());
    let status = pvc
        .status
        .get_or_insert_with(PersistentVolumeClaimStatus::default);
    set_if_empty(&mut status.phase, "Pending");
    if let Some(resources) = pvc.spec.resources.as_mut() {
        for list in [&mut resources.requests, &mut resources.limits]
            .into_iter()
            .flatten()
        {
            set_defaults_resource_list(list);
        }
    }
}

/// Mirrors `SetDefaults_NodeStatus` (allocatable defaults to capacity) and
/// `SetDefaults_ResourceList` on both lists.
pub fn set_defaults_node(node: &mut Node) {
    let Some(status) = node.status.as_mut() else {
        return;
    };
    if status.allocatable.is_none() {
        status.allocatable = status.capacity.clone();
    }
    for list in [&mut status.capacity, &mut status.allocatable]
        .into_iter()
        .flatten()
    {
        set_defaults_resource_list(list);
    }
}
