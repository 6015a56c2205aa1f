//! The cluster side of `kubectl describe` for Jobs, CronJobs, StatefulSets, Services,
//! PVCs, Namespaces and ConfigMaps (the related objects each describer needs), and the
//! namespaces `kubectl get ns` lists: those stored, the four every cluster starts with,
//! and any that objects live in (kubesim does not require creating a namespace first).

use std::collections::BTreeSet;

use crate::api::core::Service;
use crate::api::meta::ObjectMeta;
use crate::api::object::{Object, Unstructured};
use crate::controllers::podutil;
use crate::kubectl::describe::{
    describe_configmap, describe_cronjob, describe_job, describe_namespace, describe_pvc,
    describe_service, describe_statefulset,
};
use crate::selector::Selector;
use crate::sim::engine::Cluster;

/// The namespaces a new kind cluster has.
const BUILT_IN_NAMESPACES: [&str; 4] = ["default", "kube-node-lease", "kube-public", "kube-system"];

impl Cluster {
    /// The objects of `kind`: the store's, plus the implied namespaces for "Namespace".
    pub(crate) fn objects_of_kind(&self, kind: &str) -> Vec<Object> {
        let mut objects: Vec<Object> = self.store.list(kind).cloned().collect();
        if kind != "Namespace" {
            return objects;
        }
        let stored: BTreeSet<String> = objects.iter().map(|o| o.name().to_string()).collect();
        let mut implied: BTreeSet<String> =
            BUILT_IN_NAMESPACES.iter().map(|s| s.to_string()).collect();
        for kind in [
            "Pod",
            "Service",
            "Deployment",
            "StatefulSet",
            "DaemonSet",
            "Job",
            "CronJob",
            "ConfigMap",
        ] {
            implied.extend(
                self.store
                    .list(kind)
                    .filter_map(|o| o.namespace().map(str::to_string)),
            );
        }
        // The cluster's birth: the first node's creation time.
        let born = self
            .store
            .list("Node")
            .filter_map(|n| n.metadata().creation_timestamp.clone())
            .min();
        for name in implied.difference(&stored) {
            let metadata = ObjectMeta {
                name: Some(name.clone()),
                creation_timestamp: born.clone(),
                labels: Some([("kubernetes.io/metadata.name".to_string(), name.clone())].into()),
                ..ObjectMeta::default()
            };
            let raw = serde_json::json!({
                "apiVersion": "v1", "kind": "Namespace",
                "metadata": {"name": name, "labels": {"kubernetes.io/metadata.name": name}},
                "spec": {"finalizers": ["kubernetes"]},
                "status": {"phase": "Active"}
            });
            objects.push(Object::Other(Unstructured {
                api_version: "v1".into(),
                kind: "Namespace".into(),
                metadata,
                raw,
            }));
        }
        objects.sort_by(|a, b| a.name().cmp(b.name()));
        objects
    }

    /// The IPs of the ready pods a Service selects, as its endpoints list them.
    pub(crate) fn service_endpoints(&self, svc: &Service) -> Vec<String> {
        let ns = svc.metadata.namespace.as_deref().unwrap_or("default");
        let Some(sel) = svc.spec.selector.as_ref().filter(|m| !m.is_empty()) else {
            return Vec::new();
        };
        let selector = Selector::from_set(sel);
        self.store
            .pods()
            .filter(|p| p.metadata.namespace.as_deref().unwrap_or("default") == ns)
            .filter(|p| selector.matches(p.metadata.labels_or_empty()))
            .filter(|p| p.metadata.deletion_timestamp.is_none() && podutil::is_ready(p))
            .filter_map(|p| p.status.as_ref()?.pod_ip.clone())
            .collect()
    }

    /// `describe` text for the kinds of describe_more.rs; `None` for other kinds.
    pub(crate) fn describe_more(&self, obj: &Object) -> Option<String> {
        let events = self.events.all();
        let now = self.now;
        Some(match obj {
            Object::Job(j) => describe_job(j, events, now),
            Object::CronJob(cj) => describe_cronjob(cj, events, now),
            Object::StatefulSet(s) => {
                let uid = s.metadata.uid.clone().unwrap_or_default();
                let pods: Vec<_> = self
                    .store
                    .pods()
                    .filter(|p| podutil::controller_of(&p.metadata).is_some_and(|r| r.uid == uid))
                    .collect();
                describe_statefulset(s, &pods, events, now)
            }
            Object::Service(s) => describe_service(s, &self.service_endpoints(s), events, now),
            Object::PersistentVolumeClaim(pvc) => {
                let ns = pvc.metadata.namespace.as_deref().unwrap_or("default");
                let name = pvc.metadata.name.as_deref().unwrap_or("");
                let used_by: Vec<String> = self
                    .store
                    .pods()
                    .filter(|p| p.metadata.namespace.as_deref().unwrap_or("default") == ns)
                    .filter(|p| {
                        p.spec
                            .volumes
                            .iter()
                            .flatten()
                            .any(|v| v.claim_name() == Some(name))
                    })
                    .filter_map(|p| p.metadata.name.clone())
                    .collect();
                describe_pvc(pvc, &used_by, events, now)
            }
            Object::Other(u) if u.kind == "Namespace" => describe_namespace(u),
            Object::Other(u) if u.kind == "ConfigMap" => describe_configmap(u, events, now),
            _ => return None,
        })
    }
}
