//! What the API server does to a Job when it is created (pkg/registry/batch/job/strategy.go
//! `generateSelector`, and pkg/apis/batch/v1/defaults.go `SetDefaults_Job`): unless
//! `spec.manualSelector` is true, the pod template gets the `job-name` and
//! `controller-uid` labels (with and without the `batch.kubernetes.io/` prefix) and the
//! selector matches `batch.kubernetes.io/controller-uid`. A Job without labels of its own
//! shows its template's labels (the defaulting runs again whenever the Job is read).

use std::collections::BTreeMap;

use crate::api::job::Job;
use crate::api::meta::LabelSelector;

/// The labels generateSelector adds, legacy first as upstream does.
pub use crate::api::job::{
    CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL,
};

/// Whether the API server generates the selector for this Job.
pub fn wants_generated_selector(job: &Job) -> bool {
    job.spec.manual_selector != Some(true)
}

/// generateSelector, plus the label defaulting that shows on the Job itself.
pub fn generate_selector(job: &mut Job) {
    if !wants_generated_selector(job) {
        return;
    }
    let name = job.metadata.name.clone().unwrap_or_default();
    let uid = job.metadata.uid.clone().unwrap_or_default();
    let before = job.spec.template.metadata.labels.clone();
    let labels = job
        .spec
        .template
        .metadata
        .labels
        .get_or_insert_with(BTreeMap::new);
    for key in [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL] {
        labels
            .entry(key.to_string())
            .or_insert_with(|| name.clone());
    }
    for key in [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL] {
        labels.entry(key.to_string()).or_insert_with(|| uid.clone());
    }
    let selector = job.spec.selector.get_or_insert_with(LabelSelector::default);
    selector
        .match_labels
        .get_or_insert_with(BTreeMap::new)
        .entry(CONTROLLER_UID_LABEL.to_string())
        .or_insert(uid);
    let own = job.metadata.labels.as_ref();
    if own.is_none_or(BTreeMap::is_empty) || own == before.as_ref() {
        job.metadata.labels = job.spec.template.metadata.labels.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::object::Object;
    use serde_json::json;

    fn job(extra: serde_json::Value) -> Job {
        let mut v = json!({
            "apiVersion": "batch/v1", "kind": "Job",
            "metadata": {"name": "pi", "uid": "u-1"},
            "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "pi", "image": "perl"}]}}}
        });
        if let (Some(spec), Some(extra)) = (v["spec"].as_object_mut(), extra.as_object()) {
            for (k, val) in extra {
                spec.insert(k.clone(), val.clone());
            }
        }
        match Object::from_json(v) {
            Ok(Object::Job(j)) => j,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn generated_labels_and_selector() {
        let mut j = job(json!({}));
        generate_selector(&mut j);
        let labels = j.spec.template.metadata.labels.clone().unwrap();
        assert_eq!(labels.get("job-name").map(String::as_str), Some("pi"));
        assert_eq!(labels.get(JOB_NAME_LABEL).map(String::as_str), Some("pi"));
        assert_eq!(
            labels.get("controller-uid").map(String::as_str),
            Some("u-1")
        );
        assert_eq!(
            labels.get(CONTROLLER_UID_LABEL).map(String::as_str),
            Some("u-1")
        );
        let selector = j.spec.selector.clone().unwrap().match_labels.unwrap();
        assert_eq!(selector.len(), 1);
        assert_eq!(
            selector.get(CONTROLLER_UID_LABEL).map(String::as_str),
            Some("u-1")
        );
        assert_eq!(j.metadata.labels, j.spec.template.metadata.labels);
    }

    #[test]
    fn manual_selector_is_left_alone() {
        let mut j = job(json!({"manualSelector": true, "selector": {"matchLabels": {"a": "b"}}}));
        let before = j.clone();
        generate_selector(&mut j);
        assert_eq!(j, before);
    }
}
