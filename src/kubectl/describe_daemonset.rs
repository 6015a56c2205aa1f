//! `kubectl describe daemonset NAME`, after `DaemonSetDescriber` and `describeDaemonSet` in
//! staging/src/k8s.io/kubectl/pkg/describe/describe.go. A child of the describe module, so
//! it shares its tabwriter and helpers.

use super::{
    events_section, format_label_selector, labels_and_annotations, name_and_namespace, namespace,
    node_selector, pod_template, pods_status, Writer,
};
use crate::api::daemonset::DaemonSet;
use crate::api::pod::Pod;
use crate::sim::clock::Time;
use crate::sim::events::Event;

/// `kubectl describe daemonset NAME`. `pods` are the pods the DaemonSet controls.
pub fn describe_daemonset(ds: &DaemonSet, pods: &[&Pod], events: &[Event], now: Time) -> String {
    let mut w = Writer::new();
    let meta = &ds.metadata;
    let status = ds.status.clone().unwrap_or_default();
    name_and_namespace(&mut w, meta);
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
    labels_and_annotations(&mut w, 0, meta);
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
    pods_status(&mut w, pods);
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
