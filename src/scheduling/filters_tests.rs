use serde_json::json;

use super::*;
use crate::scheduling::test_support::{control_plane, node, pod, worker};

fn reasons(p: &Pod, ni: &NodeInfo, all: bool) -> Vec<String> {
    let prepared = PodToSchedule::new(p);
    let state = AffinityState::compute(&prepared, std::slice::from_ref(ni));
    run_filters(&prepared, &state, ni, all)
        .into_iter()
        .flat_map(|r| r.reasons)
        .collect()
}

#[test]
fn each_filter_uses_upstreams_reason() {
    let cordoned = {
        let mut n = worker("w");
        n.spec.unschedulable = Some(true);
        NodeInfo::new(n)
    };
    let tainted = NodeInfo::new(node(
        "t",
        "4",
        "16Gi",
        110,
        json!({}),
        json!([{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]),
    ));
    let cp = NodeInfo::new(control_plane("cp"));
    let small = NodeInfo::new(node("s", "1", "1Gi", 110, json!({}), json!([])));
    let full = NodeInfo::with_pods(
        node("f", "4", "16Gi", 1, json!({}), json!([])),
        [&pod("x", "", "", json!({}))],
    );
    let plain = pod("p", "2", "2Gi", json!({}));
    let cases: Vec<(&NodeInfo, Pod, Vec<&str>)> = vec![
        (&cordoned, plain.clone(), vec!["node(s) were unschedulable"]),
        (
            &tainted,
            plain.clone(),
            vec!["node(s) had untolerated taint {dedicated: gpu}"],
        ),
        (
            &cp,
            plain.clone(),
            vec!["node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"],
        ),
        (
            &small,
            plain.clone(),
            vec!["Insufficient cpu", "Insufficient memory"],
        ),
        (&full, plain.clone(), vec!["Too many pods"]),
        (
            &small,
            pod("n", "", "", json!({"nodeName": "elsewhere"})),
            vec!["node(s) didn't match the requested node name"],
        ),
        (
            &small,
            pod("g", "", "", json!({"nodeSelector": {"hardware": "gpu"}})),
            vec!["node(s) didn't match Pod's node affinity/selector"],
        ),
        (&small, pod("ok", "500m", "128Mi", json!({})), vec![]),
    ];
    for (ni, p, want) in cases {
        assert_eq!(
            reasons(&p, ni, false),
            want,
            "node {} pod {}",
            ni.name(),
            p.metadata.name_or_empty()
        );
    }
}

#[test]
fn cordoned_nodes_accept_pods_that_tolerate_the_unschedulable_taint() {
    let mut n = worker("w");
    n.spec.unschedulable = Some(true);
    let ni = NodeInfo::new(n);
    let p = pod(
        "d",
        "",
        "",
        json!({"tolerations": [
        {"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"}]}),
    );
    assert!(reasons(&p, &ni, false).is_empty());
}

#[test]
fn first_rejection_only_unless_all_are_asked_for() {
    let mut n = node(
        "s",
        "1",
        "1Gi",
        110,
        json!({}),
        json!([{"key": "k", "effect": "NoExecute"}]),
    );
    n.spec.unschedulable = Some(true);
    let ni = NodeInfo::new(n);
    let p = pod("p", "2", "2Gi", json!({}));
    assert_eq!(reasons(&p, &ni, false), ["node(s) were unschedulable"]);
    assert_eq!(
        reasons(&p, &ni, true),
        [
            "node(s) were unschedulable",
            "node(s) had untolerated taint {k: }",
            "Insufficient cpu",
            "Insufficient memory"
        ]
    );
}

#[test]
fn prefer_no_schedule_taints_do_not_filter() {
    let ni = NodeInfo::new(node(
        "t",
        "4",
        "16Gi",
        110,
        json!({}),
        json!([{"key": "k", "effect": "PreferNoSchedule"}]),
    ));
    assert!(reasons(&pod("p", "", "", json!({})), &ni, true).is_empty());
}

#[test]
fn host_ports_conflict() {
    let with_port = |name: &str| {
        pod(
            name,
            "",
            "",
            json!({"containers": [{"name": "a", "ports": [{"containerPort": 80, "hostPort": 8080}]}]}),
        )
    };
    let ni = NodeInfo::with_pods(worker("w"), [&with_port("first")]);
    assert_eq!(
        reasons(&with_port("second"), &ni, false),
        ["node(s) didn't have free ports for the requested pod ports"]
    );
}

#[test]
fn init_containers_count_as_upstream_computes() {
    // 3 CPU of init container on a 2-CPU node: too big even though the app needs 1.
    let p = pod(
        "p",
        "1",
        "",
        json!({"initContainers": [
        {"name": "init", "resources": {"requests": {"cpu": "3"}}}]}),
    );
    let ni = NodeInfo::new(node("s", "2", "1Gi", 110, json!({}), json!([])));
    let prepared = PodToSchedule::new(&p);
    let rej = run_filters(&prepared, &AffinityState::default(), &ni, false);
    assert_eq!(rej[0].reasons, ["Insufficient cpu"]);
    assert_eq!(rej[0].code, Code::UnschedulableAndUnresolvable);
}

#[test]
fn node_info_keeps_totals_as_pods_come_and_go() {
    let mut ni = NodeInfo::new(worker("w"));
    ni.add_pod(&pod("a", "500m", "1Gi", json!({})));
    ni.add_pod(&pod("b", "", "", json!({})));
    assert_eq!(ni.requested().milli_cpu, 500);
    assert_eq!(ni.non_zero_requested().milli_cpu, 600);
    assert!(ni.remove_pod("default", "a"));
    assert!(!ni.remove_pod("default", "a"));
    assert_eq!(ni.requested().milli_cpu, 0);
    assert_eq!(ni.non_zero_requested().milli_cpu, 100);
    assert_eq!(ni.pods().len(), 1);
}
