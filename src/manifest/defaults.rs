//! The API server's defaulting: the fields it fills in when an object is created, so that
//! the simulator (and a student reading `kubectl get -o yaml`) sees what a real cluster
//! stores.
//!
//! Each function names its upstream twin (pkg/apis/{core,apps,batch}/v1/defaults.go at
//! v1.36, feature gates at their defaults). Explicit values are never overwritten. String
//! fields count "" as unset, as Go's zero value does; pointer fields only count `None`.

mod core;
mod image;
mod pod;
mod workloads;

#[cfg(test)]
mod tests;

use crate::api::affinity::Toleration;
use crate::api::object::Object;
use crate::api::pod::Pod;

pub use self::image::{default_pull_policy, effective_tag};
pub use self::pod::{set_defaults_pod_spec, set_defaults_resource_list};

/// The namespace objects land in when none is given.
pub const DEFAULT_NAMESPACE: &str = "default";

/// Applies the API server's defaults to `obj` in place.
///
/// Also sets `metadata.namespace` to "default" for namespaced kinds (as creating through
/// the API in the default namespace does); cluster-scoped and unknown kinds are left alone.
/// Kinds kubesim keeps unstructured get no other defaults.
pub fn apply_defaults(obj: &mut Object) {
    if obj.is_namespaced() == Some(true) {
        let namespace = &mut obj.metadata_mut().namespace;
        if namespace.as_deref().unwrap_or("").is_empty() {
            *namespace = Some(DEFAULT_NAMESPACE.to_string());
        }
    }
    match obj {
        Object::Pod(p) => pod::set_defaults_pod(p),
        Object::Node(n) => core::set_defaults_node(n),
        Object::Service(s) => core::set_defaults_service(s),
        Object::PersistentVolumeClaim(c) => core::set_defaults_persistent_volume_claim(c),
        Object::ReplicaSet(rs) => workloads::set_defaults_replica_set(rs),
        Object::Deployment(d) => workloads::set_defaults_deployment(d),
        Object::StatefulSet(ss) => workloads::set_defaults_stateful_set(ss),
        Object::DaemonSet(ds) => workloads::set_defaults_daemon_set(ds),
        Object::Job(j) => workloads::set_defaults_job(j),
        Object::CronJob(cj) => workloads::set_defaults_cron_job(cj),
        Object::Other(_) => {}
    }
}

/// Defaults a Pod the way creating it through the API does, including the pod-only ones
/// (requests from limits, enableServiceLinks, hostNetwork ports). Controllers that stamp
/// pods out of templates should pass each new pod through this.
pub fn apply_pod_defaults(pod: &mut Pod) {
    if pod.metadata.namespace.as_deref().unwrap_or("").is_empty() {
        pod.metadata.namespace = Some(DEFAULT_NAMESPACE.to_string());
    }
    pod::set_defaults_pod(pod);
}

/// Seconds a pod stays on a not-ready or unreachable node
/// (`--default-not-ready-toleration-seconds`, `--default-unreachable-toleration-seconds`).
pub const DEFAULT_TOLERATION_SECONDS: i64 = 300;

/// What the DefaultTolerationSeconds admission plugin (enabled by default) adds to every new
/// Pod: NoExecute tolerations of node.kubernetes.io/not-ready and
/// node.kubernetes.io/unreachable for 300 s, unless the pod already tolerates them.
/// Mirrors `Admit` in plugin/pkg/admission/defaulttolerationseconds/admission.go. This is
/// admission, not defaulting, so [`apply_defaults`] does not call it.
pub fn add_default_tolerations(pod: &mut Pod) {
    const NOT_READY: &str = "node.kubernetes.io/not-ready";
    const UNREACHABLE: &str = "node.kubernetes.io/unreachable";
    let tolerations = pod.spec.tolerations.get_or_insert_with(Vec::new);
    let tolerates = |key: &str| {
        tolerations.iter().any(|t| {
            let k = t.key.as_deref().unwrap_or("");
            let e = t.effect.as_deref().unwrap_or("");
            (k == key || k.is_empty()) && (e == "NoExecute" || e.is_empty())
        })
    };
    let missing: Vec<&str> = [NOT_READY, UNREACHABLE]
        .into_iter()
        .filter(|key| !tolerates(key))
        .collect();
    for key in missing {
        tolerations.push(Toleration {
            key: Some(key.to_string()),
            operator: Some("Exists".to_string()),
            value: None,
            effect: Some("NoExecute".to_string()),
            toleration_seconds: Some(DEFAULT_TOLERATION_SECONDS),
        });
    }
}

/// Sets a Go-string-like field when it is unset or "".
fn set_if_empty(slot: &mut Option<String>, value: &str) {
    if slot.as_deref().unwrap_or("").is_empty() {
        *slot = Some(value.to_string());
    }
}

/// Sets a Go-pointer-like field when it is unset.
fn set_if_none<T>(slot: &mut Option<T>, value: T) {
    if slot.is_none() {
        *slot = Some(value);
    }
}
