//! `kubectl get services` and `kubectl get pvc`: mirror `printService`,
//! `getServiceExternalIP`, `makePortString` and `printPersistentVolumeClaim` in
//! pkg/printers/internalversion/printers.go.

use crate::api::core::{PersistentVolumeClaim, Service};
use crate::kubectl::format::{access_modes, age, format_labels};
use crate::kubectl::printers::PrintContext;

pub(crate) const SVC_COLUMNS: &[&str] = &[
    "NAME",
    "TYPE",
    "CLUSTER-IP",
    "EXTERNAL-IP",
    "PORT(S)",
    "AGE",
];
pub(crate) const SVC_WIDE: &[&str] = &["SELECTOR"];
pub(crate) const PVC_COLUMNS: &[&str] = &[
    "NAME",
    "STATUS",
    "VOLUME",
    "CAPACITY",
    "ACCESS MODES",
    "STORAGECLASS",
    "VOLUMEATTRIBUTESCLASS",
    "AGE",
];
pub(crate) const PVC_WIDE: &[&str] = &["VOLUMEMODE"];

/// The EXTERNAL-IP cell (`getServiceExternalIP`). A LoadBalancer without an ingress
/// address shows `<pending>`; kubesim has no cloud provider, so it stays pending unless
/// the status says otherwise.
fn external_ip(svc: &Service, wide: bool) -> String {
    let external = svc.spec.external_ips.clone().unwrap_or_default();
    match svc.spec.type_.as_deref().unwrap_or("ClusterIP") {
        "ClusterIP" | "NodePort" => {
            if external.is_empty() {
                "<none>".to_string()
            } else {
                external.join(",")
            }
        }
        "LoadBalancer" => {
            let lb = load_balancer_ips(svc, wide);
            if !external.is_empty() {
                let mut parts: Vec<String> = Vec::new();
                if !lb.is_empty() {
                    parts.extend(lb.split(',').map(str::to_string));
                }
                parts.extend(external);
                parts.join(",")
            } else if lb.is_empty() {
                "<pending>".to_string()
            } else {
                lb
            }
        }
        "ExternalName" => svc.spec.external_name.clone().unwrap_or_default(),
        _ => "<unknown>".to_string(),
    }
}

/// `loadBalancerStatusStringer`: ingress IPs (or hostnames), sorted and deduplicated,
/// clipped to 16 bytes unless wide.
fn load_balancer_ips(svc: &Service, wide: bool) -> String {
    let mut ips: Vec<String> = svc
        .status
        .as_ref()
        .and_then(|s| s.pointer("/loadBalancer/ingress"))
        .and_then(|i| i.as_array())
        .into_iter()
        .flatten()
        .filter_map(|i| {
            let ip = i
                .get("ip")
                .and_then(|v| v.as_str())
                .filter(|s| !s.is_empty());
            let host = i
                .get("hostname")
                .and_then(|v| v.as_str())
                .filter(|s| !s.is_empty());
            ip.or(host).map(str::to_string)
        })
        .collect();
    ips.sort();
    ips.dedup();
    let joined = ips.join(",");
    if !wide && joined.len() > 16 {
        let cut: String = joined.chars().take(13).collect();
        format!("{cut}...")
    } else {
        joined
    }
}

/// `80/TCP`, `80:30080/TCP`, joined by commas; "<none>" without ports.
pub fn port_string(svc: &Service) -> String {
    let ports: Vec<String> = svc
        .spec
        .ports
        .iter()
        .flatten()
        .map(|p| {
            let proto = p.protocol.as_deref().unwrap_or("TCP");
            match p.node_port {
                Some(np) if np > 0 => format!("{}:{np}/{proto}", p.port),
                _ => format!("{}/{proto}", p.port),
            }
        })
        .collect();
    if ports.is_empty() {
        "<none>".to_string()
    } else {
        ports.join(",")
    }
}

pub(crate) fn service_row(svc: &Service, ctx: &PrintContext) -> Vec<String> {
    let cluster_ip = svc
        .spec
        .cluster_ips
        .as_ref()
        .and_then(|ips| ips.first().cloned())
        .or_else(|| svc.spec.cluster_ip.clone())
        .filter(|ip| !ip.is_empty())
        .unwrap_or_else(|| "<none>".to_string());
    let mut cells = vec![
        svc.metadata.name_or_empty().to_string(),
        svc.spec
            .type_
            .clone()
            .unwrap_or_else(|| "ClusterIP".to_string()),
        cluster_ip,
        external_ip(svc, ctx.wide),
        port_string(svc),
        age(ctx.now, svc.metadata.creation_timestamp.as_deref()),
    ];
    if ctx.wide {
        cells.push(format_labels(svc.spec.selector.as_ref()));
    }
    cells
}

/// `helper.GetPersistentVolumeClaimClass`: the beta annotation wins over the field.
pub fn claim_class(pvc: &PersistentVolumeClaim) -> String {
    pvc.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get("volume.beta.kubernetes.io/storage-class").cloned())
        .or_else(|| pvc.spec.storage_class_name.clone())
        .unwrap_or_default()
}

pub(crate) fn pvc_row(pvc: &PersistentVolumeClaim, ctx: &PrintContext) -> Vec<String> {
    let status = pvc.status.clone().unwrap_or_default();
    let phase = if pvc.metadata.deletion_timestamp.is_some() {
        "Terminating".to_string()
    } else {
        status.phase.clone().unwrap_or_default()
    };
    let volume = pvc.spec.volume_name.clone().unwrap_or_default();
    let (capacity, modes) = if volume.is_empty() {
        (String::new(), String::new())
    } else {
        let cap = status
            .capacity
            .as_ref()
            .and_then(|c| c.get("storage"))
            .map(|q| q.to_string())
            .unwrap_or_else(|| "0".to_string());
        (cap, access_modes(status.access_modes.as_ref()))
    };
    let mut cells = vec![
        pvc.metadata.name_or_empty().to_string(),
        phase,
        volume,
        capacity,
        modes,
        claim_class(pvc),
        "<unset>".to_string(),
        age(ctx.now, pvc.metadata.creation_timestamp.as_deref()),
    ];
    if ctx.wide {
        cells.push(
            pvc.spec
                .volume_mode
                .clone()
                .unwrap_or_else(|| "<unset>".to_string()),
        );
    }
    cells
}

pub(crate) const NS_COLUMNS: &[&str] = &["NAME", "STATUS", "AGE"];
pub(crate) const CM_COLUMNS: &[&str] = &["NAME", "DATA", "AGE"];

/// Rows of the kinds kubesim keeps unstructured: Namespace (`printNamespace`: the phase,
/// Active when unset) and ConfigMap (`printConfigMap`: the number of data and binaryData
/// keys); `None` for kinds with no printer here.
pub(crate) fn unstructured_row(
    o: &crate::api::object::Unstructured,
    ctx: &PrintContext,
) -> Option<Vec<String>> {
    let name = o.metadata.name_or_empty().to_string();
    let created = age(ctx.now, o.metadata.creation_timestamp.as_deref());
    match o.kind.as_str() {
        "Namespace" => {
            let phase = o.raw["status"]["phase"].as_str().unwrap_or("Active");
            Some(vec![name, phase.to_string(), created])
        }
        "ConfigMap" => {
            let count = |field: &str| o.raw[field].as_object().map_or(0, |m| m.len());
            let n = count("data") + count("binaryData");
            Some(vec![name, n.to_string(), created])
        }
        _ => None,
    }
}
