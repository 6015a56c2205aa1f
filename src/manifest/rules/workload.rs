//! Where the parts rules look at live in each kind: the pod spec and its path, the pod
//! template, the selector. One place, so that every rule covers every kind alike.

use std::collections::BTreeMap;

use crate::api::container::Container;
use crate::api::job::JobSpec;
use crate::api::meta::LabelSelector;
use crate::api::pod::{PodSpec, PodTemplateSpec};
use crate::api::Object;

/// A workload's selector and template, and the path of its spec.
pub struct Workload<'a> {
    /// Lower-case kind, as upstream messages name it ("deployment").
    pub kind: &'static str,
    pub selector: Option<&'a LabelSelector>,
    pub template: &'a PodTemplateSpec,
}

/// The selector-and-template part of a ReplicaSet, Deployment, StatefulSet or DaemonSet.
pub fn workload(object: &Object) -> Option<Workload<'_>> {
    let (kind, selector, template) = match object {
        Object::Deployment(o) => ("deployment", o.spec.selector.as_ref(), &o.spec.template),
        Object::ReplicaSet(o) => ("replicaset", o.spec.selector.as_ref(), &o.spec.template),
        Object::StatefulSet(o) => ("statefulset", o.spec.selector.as_ref(), &o.spec.template),
        Object::DaemonSet(o) => ("daemonset", o.spec.selector.as_ref(), &o.spec.template),
        _ => return None,
    };
    Some(Workload {
        kind,
        selector,
        template,
    })
}

/// The pod spec of an object and its path: `spec` for a Pod, `spec.template.spec` for a
/// workload, `spec.jobTemplate.spec.template.spec` for a CronJob.
pub fn pod_spec(object: &Object) -> Option<(&PodSpec, &'static str)> {
    Some(match object {
        Object::Pod(o) => (&o.spec, "spec"),
        Object::Deployment(o) => (&o.spec.template.spec, "spec.template.spec"),
        Object::ReplicaSet(o) => (&o.spec.template.spec, "spec.template.spec"),
        Object::StatefulSet(o) => (&o.spec.template.spec, "spec.template.spec"),
        Object::DaemonSet(o) => (&o.spec.template.spec, "spec.template.spec"),
        Object::Job(o) => (&o.spec.template.spec, "spec.template.spec"),
        Object::CronJob(o) => (
            &o.spec.job_template.spec.template.spec,
            "spec.jobTemplate.spec.template.spec",
        ),
        _ => return None,
    })
}

/// The labels of the pod template (or of the Pod itself) and their path.
pub fn pod_labels(object: &Object) -> Option<(Option<&BTreeMap<String, String>>, &'static str)> {
    Some(match object {
        Object::Deployment(o) => (
            o.spec.template.metadata.labels.as_ref(),
            "spec.template.metadata.labels",
        ),
        Object::ReplicaSet(o) => (
            o.spec.template.metadata.labels.as_ref(),
            "spec.template.metadata.labels",
        ),
        Object::StatefulSet(o) => (
            o.spec.template.metadata.labels.as_ref(),
            "spec.template.metadata.labels",
        ),
        Object::DaemonSet(o) => (
            o.spec.template.metadata.labels.as_ref(),
            "spec.template.metadata.labels",
        ),
        Object::Job(o) => (
            o.spec.template.metadata.labels.as_ref(),
            "spec.template.metadata.labels",
        ),
        Object::CronJob(o) => (
            o.spec.job_template.spec.template.metadata.labels.as_ref(),
            "spec.jobTemplate.spec.template.metadata.labels",
        ),
        _ => return None,
    })
}

/// Every container of a pod spec (init containers first) with its path.
pub fn containers<'a>(spec: &'a PodSpec, base: &str) -> Vec<(&'a Container, String, bool)> {
    let init = spec
        .init_containers
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, c)| (c, format!("{base}.initContainers[{i}]"), true));
    let main = spec
        .containers
        .iter()
        .enumerate()
        .map(|(i, c)| (c, format!("{base}.containers[{i}]"), false));
    init.chain(main).collect()
}

/// The Job spec of a Job (`spec`) or of a CronJob's job template (`spec.jobTemplate.spec`),
/// which `validateJobSpec` checks alike.
pub fn job_spec(object: &Object) -> Option<(&JobSpec, &'static str)> {
    match object {
        Object::Job(j) => Some((&j.spec, "spec")),
        Object::CronJob(c) => Some((&c.spec.job_template.spec, "spec.jobTemplate.spec")),
        _ => None,
    }
}
