//! PersistentVolumeClaims in the simulator, reduced to what a lesson needs: the
//! DefaultStorageClass admission plugin (kind's `standard` class), a dynamic provisioner
//! with `volumeBindingMode: WaitForFirstConsumer` (kind's local-path provisioner: a claim
//! is bound to a new volume `pvc-<uid>` once a pod that uses it is scheduled), and the
//! scheduler's VolumeBinding pre-filter for claims that do not exist (the pod stays
//! Pending with FailedScheduling, as on a real cluster). Access modes, capacity matching,
//! zones and static PersistentVolumes are not modelled.

use std::collections::HashSet;

use crate::api::core::PersistentVolumeClaimStatus;
use crate::api::object::Object;
use crate::api::pod::Pod;
use crate::manifest::diagnostic::Text;
use crate::scheduling::FitError;
use crate::sim::engine::Cluster;
use crate::sim::events::EventType;
use crate::sim::store::Key;

/// The default StorageClass of a kind cluster.
pub const DEFAULT_STORAGE_CLASS: &str = "standard";

/// The claims a pod mounts, by name.
pub fn claim_names(pod: &Pod) -> impl Iterator<Item = &str> {
    pod.spec
        .volumes
        .iter()
        .flatten()
        .filter_map(|v| v.claim_name())
}

impl Cluster {
    /// Defaults the storage class of new claims and binds the claims of scheduled pods;
    /// true if anything changed.
    pub(crate) fn reconcile_claims(&mut self) -> bool {
        let needs_work = self.store.list("PersistentVolumeClaim").any(|o| match o {
            Object::PersistentVolumeClaim(c) => {
                c.spec.storage_class_name.is_none()
                    || c.status.as_ref().and_then(|s| s.phase.as_deref()) != Some("Bound")
            }
            _ => false,
        });
        if !needs_work {
            return false;
        }
        // The claims that wait for a consumer, and the node of the first scheduled pod
        // that uses each.
        let waiting: HashSet<(&str, &str)> = self
            .store
            .list("PersistentVolumeClaim")
            .filter_map(|o| match o {
                Object::PersistentVolumeClaim(c)
                    if c.status.as_ref().and_then(|s| s.phase.as_deref()) != Some("Bound") =>
                {
                    Some((
                        c.metadata.namespace.as_deref().unwrap_or("default"),
                        c.metadata.name.as_deref().unwrap_or(""),
                    ))
                }
                _ => None,
            })
            .collect();
        let mut node_of: std::collections::HashMap<(String, String), String> =
            std::collections::HashMap::new();
        if !waiting.is_empty() {
            for pod in self.store.pods() {
                let Some(node) = pod.spec.node_name.as_deref() else {
                    continue;
                };
                let ns = pod.metadata.namespace.as_deref().unwrap_or("default");
                for c in claim_names(pod) {
                    if waiting.contains(&(ns, c)) {
                        node_of
                            .entry((ns.to_string(), c.to_string()))
                            .or_insert_with(|| node.to_string());
                    }
                }
            }
        }
        let claims: Vec<_> = self
            .store
            .list("PersistentVolumeClaim")
            .filter_map(|o| match o {
                Object::PersistentVolumeClaim(c)
                    if c.spec.storage_class_name.is_none()
                        || c.status.as_ref().and_then(|s| s.phase.as_deref()) != Some("Bound") =>
                {
                    Some(c.clone())
                }
                _ => None,
            })
            .collect();
        let mut changed = false;
        for mut claim in claims {
            let ns = claim
                .metadata
                .namespace
                .clone()
                .unwrap_or_else(|| "default".into());
            let name = claim.metadata.name.clone().unwrap_or_default();
            let key = Key::new("PersistentVolumeClaim", &ns, &name);
            let mut dirty = false;
            if claim.spec.storage_class_name.is_none() {
                claim.spec.storage_class_name = Some(DEFAULT_STORAGE_CLASS.into());
                claim
                    .metadata
                    .annotations
                    .get_or_insert_with(Default::default)
                    .insert(
                        "volume.beta.kubernetes.io/storage-provisioner".into(),
                        "rancher.io/local-path".into(),
                    );
                dirty = true;
            }
            let bound = claim.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Bound");
            let pair = (ns.clone(), name.clone());
            if !bound && claim.metadata.deletion_timestamp.is_none() && node_of.contains_key(&pair)
            {
                let uid = claim.metadata.uid.clone().unwrap_or_default();
                let volume = format!("pvc-{uid}");
                let node = node_of.get(&pair).cloned().unwrap_or_default();
                claim.spec.volume_name = Some(volume.clone());
                let annotations = claim
                    .metadata
                    .annotations
                    .get_or_insert_with(Default::default);
                annotations.insert("pv.kubernetes.io/bind-completed".into(), "yes".into());
                annotations.insert("pv.kubernetes.io/bound-by-controller".into(), "yes".into());
                annotations.insert("volume.kubernetes.io/selected-node".into(), node.clone());
                let capacity = claim
                    .spec
                    .resources
                    .as_ref()
                    .and_then(|r| r.requests.as_ref())
                    .map(|r| {
                        r.iter()
                            .filter(|(k, _)| k.as_str() == "storage")
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect()
                    });
                claim.status = Some(PersistentVolumeClaimStatus {
                    phase: Some("Bound".into()),
                    access_modes: claim.spec.access_modes.clone(),
                    capacity,
                    conditions: None,
                });
                self.event(
                    EventType::Normal,
                    "ProvisioningSucceeded",
                    &key,
                    &format!("Successfully provisioned volume {volume}"),
                    "rancher.io/local-path",
                );
                self.record(
                    "persistentvolume-controller",
                    "bind",
                    key.to_string(),
                    Text::new(
                        format!("a pod that uses the claim was scheduled to {node} (volumeBindingMode WaitForFirstConsumer): provision persistentvolume/{volume} there and bind the claim to it"),
                        format!("이 클레임을 쓰는 Pod가 {node}에 배치되었으므로 (volumeBindingMode WaitForFirstConsumer) 그곳에 persistentvolume/{volume}을(를) 만들고 클레임을 연결(Bound)합니다"),
                    ),
                );
                dirty = true;
            }
            if dirty {
                let _ = self
                    .store
                    .update_status(Object::PersistentVolumeClaim(claim));
                changed = true;
            }
        }
        changed
    }

    /// The VolumeBinding pre-filter: a pod whose claim is missing or being deleted cannot
    /// be scheduled anywhere.
    pub(crate) fn claim_problem(&self, pod: &Pod) -> Option<FitError> {
        let ns = pod.metadata.namespace.as_deref().unwrap_or("default");
        let problem = claim_names(pod).find_map(|c| {
            match self.store.get(&Key::new("PersistentVolumeClaim", ns, c)) {
                None => Some(format!("persistentvolumeclaim \"{c}\" not found")),
                Some(o) if o.metadata().deletion_timestamp.is_some() => {
                    Some(format!("persistentvolumeclaim \"{c}\" is being deleted"))
                }
                Some(_) => None,
            }
        })?;
        let n = self.node_infos.len();
        Some(FitError {
            num_all_nodes: n,
            pre_filter_message: Some(problem),
            rejections: Vec::new(),
            post_filter_message: (n > 0).then(|| {
                format!("no new claims to deallocate, preemption: 0/{n} nodes are available: {n} Preemption is not helpful for scheduling.")
            }),
            preemption_candidates: Vec::new(),
        })
    }
}
