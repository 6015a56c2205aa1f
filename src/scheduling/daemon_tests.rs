use serde_json::json;

use super::*;
use crate::scheduling::test_support::{control_plane, node, worker};

fn ds(spec: serde_json::Value) -> DaemonSet {
    serde_json::from_value(json!({
        "metadata": {"name": "fluentd", "namespace": "kube-system"},
        "spec": {"selector": {"matchLabels": {"app": "fluentd"}},
                 "template": {"metadata": {"labels": {"app": "fluentd"}}, "spec": spec}}
    }))
    .unwrap()
}

fn plain() -> DaemonSet {
    ds(json!({"containers": [{"name": "fluentd", "image": "fluentd"}]}))
}

#[test]
fn the_control_plane_needs_a_toleration() {
    let cp = control_plane("kind-control-plane");
    let v = should_run_daemon_pod(&cp, &plain());
    // The taint is NoSchedule: no new daemon pod, but one already there may stay, since
    // staying depends only on NoExecute taints (upstream NodeShouldRunDaemonPod).
    assert!(!v.should_run && v.should_continue_running);
    assert!(
        v.reasons[0]
            .en
            .contains("node-role.kubernetes.io/control-plane:NoSchedule"),
        "{:?}",
        v.reasons
    );
    assert_eq!(v.reasons.len(), 2);
    let tolerating = ds(json!({
        "containers": [{"name": "fluentd", "image": "fluentd"}],
        "tolerations": [{"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"}]
    }));
    let v = should_run_daemon_pod(&cp, &tolerating);
    assert!(v.should_run && v.should_continue_running && v.reasons.is_empty());
    assert!(should_run_daemon_pod(&worker("kind-worker"), &plain()).should_run);
}

#[test]
fn should_run_matrix() {
    let gpu = node(
        "gpu-1",
        "8",
        "32Gi",
        110,
        json!({"hardware": "gpu"}),
        json!([]),
    );
    let cpu = worker("w1");
    let no_execute = node(
        "ne",
        "4",
        "16Gi",
        110,
        json!({}),
        json!([{"key": "evict", "effect": "NoExecute"}]),
    );
    let no_schedule = node(
        "ns",
        "4",
        "16Gi",
        110,
        json!({}),
        json!([{"key": "keep", "effect": "NoSchedule"}]),
    );
    let not_ready = node(
        "nr",
        "4",
        "16Gi",
        110,
        json!({}),
        json!([{"key": "node.kubernetes.io/not-ready", "effect": "NoExecute"}]),
    );
    let mut cordoned = worker("cordoned");
    cordoned.spec.unschedulable = Some(true);
    let pressure = node(
        "mp",
        "4",
        "16Gi",
        110,
        json!({}),
        json!([{"key": "node.kubernetes.io/memory-pressure", "effect": "NoSchedule"}]),
    );
    let on_gpu = ds(json!({"nodeSelector": {"hardware": "gpu"}, "containers": [{"name": "c"}]}));
    let pinned = ds(json!({"nodeName": "w1", "containers": [{"name": "c"}]}));
    // (node, daemonset, should_run, should_continue_running)
    let cases = [
        (&gpu, &on_gpu, true, true),
        (&cpu, &on_gpu, false, false),
        (&no_execute, &plain(), false, false),
        (&no_schedule, &plain(), false, true),
        (&not_ready, &plain(), true, true),
        (&cordoned, &plain(), true, true),
        (&pressure, &plain(), true, true),
        (&cpu, &pinned, true, true),
        (&gpu, &pinned, false, false),
    ];
    for (n, d, run, keep) in cases {
        let v = should_run_daemon_pod(n, d);
        assert_eq!(
            (v.should_run, v.should_continue_running),
            (run, keep),
            "node {} {:?}",
            n.metadata.name_or_empty(),
            v.reasons
        );
        assert_eq!(v.reasons.is_empty(), run);
        assert_eq!(DaemonPredicate::new(d).verdict(n), (run, keep));
    }
    let why = &should_run_daemon_pod(&cpu, &on_gpu).reasons[0];
    assert!(
        why.en.contains("hardware=gpu") && why.ko.contains("hardware"),
        "{why:?}"
    );
}

#[test]
fn daemon_tolerations_are_added_or_updated_in_place() {
    assert_eq!(daemon_pod_tolerations(false).len(), 6);
    let with_net = daemon_pod_tolerations(true);
    assert_eq!(with_net.len(), 7);
    assert_eq!(
        with_net[6].key.as_deref(),
        Some("node.kubernetes.io/network-unavailable")
    );
    assert!(daemon_pod_tolerations(true)
        .iter()
        .all(|t| t.key.as_deref() != Some("node-role.kubernetes.io/control-plane")));
    let mut spec: PodSpec = serde_json::from_value(json!({"tolerations": [
        {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 30},
        {"key": "mine", "operator": "Exists"}
    ]})).unwrap();
    add_daemon_pod_tolerations(&mut spec);
    let t = spec.tolerations.unwrap();
    assert_eq!(t.len(), 7);
    assert_eq!(t[0].key.as_deref(), Some("node.kubernetes.io/not-ready"));
    assert_eq!(
        t[0].toleration_seconds, None,
        "replaced by the infinite toleration"
    );
    assert_eq!(t[1].key.as_deref(), Some("mine"));
}
