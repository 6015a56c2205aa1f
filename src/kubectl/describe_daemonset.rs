//! `kubectl describe daemonset NAME`, after `DaemonSetDescriber` and `describeDaemonSet` in
//! staging/src/k8s.io/kubectl/pkg/describe/describe.go. A child of the describe module, so
//! it shares its tabwriter and helpers.

use super::{
    annotations_multiline, events_section, format_label_selector, labels_multiline, namespace,
    node_selector, pod_template, Writer,
};
use crate::api::daemonset::DaemonSet;
use crate::api::pod::Pod;
use crate::controllers::podutil::phase;
use crate::sim::clock::Time;
use crate::sim::events::Event;

/// `kubectl describe daemonset NAME`. `pods` are the pods the DaemonSet controls.
pub fn describe_daemonset(ds: &DaemonSet, pods: &[&Pod], events: &[Event], now: Time) -> String {
    let mut w = Writer::new();
    let meta = &ds.metadata;
    let status = ds.status.clone().unwrap_or_default();
    w.line(0, &format!("Name:\t{}", meta.name_or_empty()));
    w.line(0, &format!("Namespace:\t{}", namespace(meta)));
    w.line(
        0,
        &format!(
            "Selector:\t{}",
            format_label_selector(ds.spec.selector.as_ref())
        ),
    );
    w.line(
        0,
        &format!(
            "Node-Selector:\t{}",
            node_selector(ds.spec.template.spec.node_selector.as_ref())
        ),
    );
    labels_multiline(&mut w, 0, "Labels", meta.labels.as_ref());
    annotations_multiline(&mut w, 0, meta.annotations.as_ref());
    w.line(
        0,
        &format!(
            "Desired Number of Nodes Scheduled: {}",
            status.desired_number_scheduled
        ),
    );
    w.line(
        0,
        &format!(
            "Current Number of Nodes Scheduled: {}",
            status.current_number_scheduled
        ),
    );
    w.line(
        0,
        &format!(
            "Number of Nodes Scheduled with Up-to-date Pods: {}",
            status.updated_number_scheduled.unwrap_or(0)
        ),
    );
    w.line(
        0,
        &format!(
            "Number of Nodes Scheduled with Available Pods: {}",
            status.number_available.unwrap_or(0)
        ),
    );
    w.line(
        0,
        &format!(
            "Number of Nodes Misscheduled: {}",
            status.number_misscheduled
        ),
    );
    let count = |p: &str| pods.iter().filter(|x| phase(x) == p).count();
    w.line(
        0,
        &format!(
            "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed",
            count("Running"),
            count("Pending"),
            count("Succeeded"),
            count("Failed")
        ),
    );
    pod_template(&mut w, &ds.spec.template);
    events_section(
        &mut w,
        events,
        &format!("daemonset/{}", meta.name_or_empty()),
        namespace(meta),
        now,
    );
    w.finish()
}
