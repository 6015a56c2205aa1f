//! What the API server does that the engine's generic paths do not: admission of created
//! Jobs (pkg/registry/batch/job/strategy.go: defaults and the generated selector), and
//! finalizers, which keep a deleted pod in the store until the last one is removed
//! (the Job controller's `batch.kubernetes.io/job-tracking`).

use crate::api::object::Object;
use crate::api::pod::PodStatus;
use crate::controllers::job::{strategy, JOB_TRACKING_FINALIZER};
use crate::manifest::defaults::apply_defaults;
use crate::manifest::diagnostic::Text;
use crate::sim::engine::Cluster;
use crate::sim::store::Key;

impl Cluster {
    /// Admission of a newly created object: a Job gets the API server's defaults and,
    /// unless `manualSelector` is set, its generated selector and pod labels.
    pub(crate) fn admit(&mut self, key: &Key) {
        let Some(obj @ Object::Job(_)) = self.store.get(key) else {
            return;
        };
        let mut obj = obj.clone();
        let before = obj.clone();
        apply_defaults(&mut obj);
        if let Object::Job(job) = &mut obj {
            strategy::generate_selector(job);
        }
        if obj != before {
            let _ = self.store.update_status(obj);
        }
    }

    /// A deleted pod whose containers have stopped: true if finalizers keep it (it turns
    /// Failed unless it already finished), false if it may go. The Job tracking finalizer
    /// of a pod whose Job is gone is dropped, as the Job controller's orphan worker does.
    pub(crate) fn hold_for_finalizers(&mut self, key: &Key) -> bool {
        let Some(Object::Pod(pod)) = self.store.get(key) else {
            return false;
        };
        let mut pod = pod.clone();
        let owner_gone = pod
            .metadata
            .controller_ref()
            .is_none_or(|r| !self.store.has_uid(&r.uid));
        if owner_gone {
            if let Some(f) = pod.metadata.finalizers.as_mut() {
                f.retain(|x| x != JOB_TRACKING_FINALIZER);
            }
        }
        if pod.metadata.finalizers.as_ref().is_none_or(Vec::is_empty) {
            return false;
        }
        let status = pod.status.get_or_insert_with(PodStatus::default);
        if !matches!(status.phase.as_deref(), Some("Succeeded" | "Failed")) {
            status.phase = Some("Failed".into());
        }
        self.terminating.remove(key);
        self.runs.remove(key);
        let _ = self.store.update_status(Object::Pod(pod));
        self.record(
            "kubelet",
            "status",
            key.to_string(),
            Text::new(
                "its containers stopped; finalizers keep the pod until its controller has counted it",
                "컨테이너가 멈췄고, 컨트롤러가 셀 때까지 finalizer가 Pod를 남겨 둡니다",
            ),
        );
        true
    }

    /// After an update: a deleted pod whose containers have stopped and whose last
    /// finalizer was just removed is gone.
    pub(crate) fn release_if_finalized(&mut self, key: &Key) {
        let Some(Object::Pod(pod)) = self.store.get(key) else {
            return;
        };
        let deleted = pod.metadata.deletion_timestamp.is_some();
        let no_finalizers = pod.metadata.finalizers.as_ref().is_none_or(Vec::is_empty);
        if deleted && no_finalizers && !self.terminating.contains_key(key) {
            self.remove_pod(key);
            self.record(
                "garbage-collector",
                "delete",
                key.to_string(),
                Text::new(
                    "its last finalizer was removed; the pod is gone",
                    "마지막 finalizer가 떨어져 Pod가 사라졌습니다",
                ),
            );
        }
    }
}
