use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::scheduling::test_support::{kind_cluster, labelled, node, pod, worker};

fn opts() -> ScheduleOptions {
    ScheduleOptions::default()
}

fn bind(nodes: &mut [NodeInfo], p: &Pod) -> String {
    let placed = schedule(p, nodes, &opts()).unwrap_or_else(|e| panic!("{e}"));
    nodes[placed.node_index].add_pod(p);
    placed.node
}

#[test]
fn the_kind_example_message() {
    let mut nodes = kind_cluster();
    for (i, n) in nodes.iter_mut().enumerate().skip(1) {
        n.add_pod(&pod(&format!("busy{i}"), "2", "", json!({})));
    }
    let err = schedule(&pod("big", "3", "", json!({})), &nodes, &opts()).unwrap_err();
    assert_eq!(
        err.filter_message(),
        "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu."
    );
    assert_eq!(
        err.to_string(),
        "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, \
         3 Insufficient cpu. no new claims to deallocate, preemption: 0/4 nodes are available: \
         1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod."
    );
    let why = err.explain();
    assert_eq!(why.len(), 4);
    assert!(
        why[0]
            .1
            .en
            .contains("node-role.kubernetes.io/control-plane:NoSchedule"),
        "{}",
        why[0].1.en
    );
    assert!(why[1].1.ko.contains("cpu"));
}

#[test]
fn a_request_bigger_than_any_node_is_not_helped_by_preemption() {
    let err = schedule(&pod("huge", "5", "", json!({})), &kind_cluster(), &opts()).unwrap_err();
    assert!(err
        .to_string()
        .ends_with("0/4 nodes are available: 4 Preemption is not helpful for scheduling."));
}

#[test]
fn histogram_sorts_as_strings() {
    // 10 nodes without the label, 2 too small: "10 ..." sorts before "2 ..." as Go's sort.Strings does.
    let mut nodes: Vec<NodeInfo> = (0..10)
        .map(|i| NodeInfo::new(worker(&format!("w{i:02}"))))
        .collect();
    for i in 0..2 {
        nodes.push(NodeInfo::new(node(
            &format!("g{i}"),
            "1",
            "1Gi",
            110,
            json!({"gpu": "yes"}),
            json!([]),
        )));
    }
    let p = pod("p", "2", "", json!({"nodeSelector": {"gpu": "yes"}}));
    let err = schedule(&p, &nodes, &opts()).unwrap_err();
    assert_eq!(
        err.filter_message(),
        "0/12 nodes are available: 10 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu."
    );
}

#[test]
fn daemon_pods_pinned_by_match_fields_report_the_prefilter() {
    // As seen on real clusters: "1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity]".
    let mut nodes = kind_cluster();
    nodes[1].add_pod(&pod("busy", "3500m", "", json!({})));
    let p = pod(
        "ds-x",
        "1",
        "",
        json!({
            "tolerations": [{"operator": "Exists"}],
            "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["kind-worker"]}]}]}}}
        }),
    );
    let err = schedule(&p, &nodes, &opts()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity]. \
         no new claims to deallocate, preemption: 0/4 nodes are available: \
         1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling."
    );
    assert_eq!(err.rejections.len(), 4);
    assert_eq!(err.rejections[0].node, "kind-control-plane");
    // Once the node has room the pod lands there and nowhere else.
    let placed = schedule(&p, &kind_cluster(), &opts()).unwrap();
    assert_eq!(placed.node, "kind-worker");
    assert_eq!(placed.evaluated_nodes, 1);
}

#[test]
fn conflicting_pins_fail_in_the_prefilter() {
    let p = pod(
        "p",
        "",
        "",
        json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchFields": [
            {"key": "metadata.name", "operator": "In", "values": ["a"]},
            {"key": "metadata.name", "operator": "In", "values": ["b"]}]}]}}}}),
    );
    let err = schedule(&p, &kind_cluster(), &opts()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "0/4 nodes are available: pod affinity terms conflict. no new claims to deallocate, \
         preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling."
    );
}

#[test]
fn no_nodes() {
    let err = schedule(&pod("p", "", "", json!({})), &[], &opts()).unwrap_err();
    assert_eq!(err.to_string(), "no nodes available to schedule pods");
}

#[test]
fn lower_priority_pods_make_a_preemption_candidate() {
    let mut nodes = vec![NodeInfo::new(worker("w1"))];
    let mut low = pod("low", "3", "", json!({}));
    low.spec.priority = Some(0);
    nodes[0].add_pod(&low);
    let mut high = pod("high", "2", "", json!({}));
    high.spec.priority = Some(1000);
    let err = schedule(&high, &nodes, &opts()).unwrap_err();
    assert_eq!(err.preemption_candidates, ["w1"]);
    assert_eq!(
        err.to_string(),
        "0/1 nodes are available: 1 Insufficient cpu."
    );
}

#[test]
fn replicas_spread_over_equal_workers_and_skip_the_control_plane() {
    let mut nodes = kind_cluster();
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for i in 0..9 {
        *count
            .entry(bind(
                &mut nodes,
                &pod(&format!("web-{i}"), "100m", "128Mi", json!({})),
            ))
            .or_insert(0) += 1;
    }
    assert_eq!(
        count,
        BTreeMap::from([
            ("kind-worker".into(), 3),
            ("kind-worker2".into(), 3),
            ("kind-worker3".into(), 3)
        ])
    );
}

#[test]
fn best_effort_pods_spread_too() {
    let mut nodes = kind_cluster();
    let placed: Vec<String> = (0..3)
        .map(|i| bind(&mut nodes, &pod(&format!("be-{i}"), "", "", json!({}))))
        .collect();
    assert_eq!(placed, ["kind-worker", "kind-worker2", "kind-worker3"]);
}

#[test]
fn ties_break_deterministically() {
    let nodes = kind_cluster();
    let p = pod("p", "100m", "", json!({}));
    let first = schedule(&p, &nodes, &opts()).unwrap();
    assert_eq!(first.node, "kind-worker");
    // Fewest pods first: a tie between a busy and an idle worker goes to the idle one.
    let mut busy = kind_cluster();
    busy[1].add_pod(&pod("tiny", "", "0", json!({"containers": [{"name": "a", "resources": {"requests": {"cpu": "0", "memory": "0"}}}]})));
    let tied = schedule(&p, &busy, &opts()).unwrap();
    assert_eq!(tied.scores[0].total, tied.scores[1].total);
    assert_eq!(tied.node, "kind-worker2");
    let in_order = ScheduleOptions {
        tie_break: TieBreak::FirstInOrder,
        ..opts()
    };
    assert_eq!(schedule(&p, &busy, &in_order).unwrap().node, "kind-worker");
    assert_eq!(first.scores.len(), 3);
    assert_eq!(first.scores[0].total, first.scores[2].total);
    let seeded = |seed| {
        schedule(
            &p,
            &nodes,
            &ScheduleOptions {
                tie_break: TieBreak::Seeded(seed),
                ..opts()
            },
        )
        .unwrap()
        .node
    };
    assert_eq!(seeded(7), seeded(7));
    let picks: std::collections::BTreeSet<String> = (0..64).map(seeded).collect();
    assert_eq!(picks.len(), 3, "every tied worker gets picked by some seed");
}

#[test]
fn least_allocated_prefers_the_emptier_node() {
    let mut nodes = vec![NodeInfo::new(worker("a")), NodeInfo::new(worker("b"))];
    nodes[0].add_pod(&pod("x", "2", "8Gi", json!({})));
    assert_eq!(
        schedule(&pod("p", "500m", "1Gi", json!({})), &nodes, &opts())
            .unwrap()
            .node,
        "b"
    );
}

#[test]
fn preferred_node_affinity_and_prefer_no_schedule() {
    let nodes = vec![
        NodeInfo::new(node("a", "4", "16Gi", 110, json!({}), json!([]))),
        NodeInfo::new(node(
            "b",
            "4",
            "16Gi",
            110,
            json!({"disk": "ssd"}),
            json!([]),
        )),
        NodeInfo::new(node(
            "c",
            "4",
            "16Gi",
            110,
            json!({"disk": "ssd"}),
            json!([{"key": "soft", "effect": "PreferNoSchedule"}]),
        )),
    ];
    let p = pod(
        "p",
        "100m",
        "",
        json!({"affinity": {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
        {"weight": 50, "preference": {"matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd"]}]}}]}}}),
    );
    let placed = schedule(&p, &nodes, &opts()).unwrap();
    assert_eq!(placed.node, "b");
    let c = placed.scores.iter().find(|s| s.node == "c").unwrap();
    assert_eq!((c.node_affinity, c.taint_toleration), (100, 0));
}

#[test]
fn hostname_anti_affinity_allows_one_per_node() {
    let spec = json!({"affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "db"}}, "topologyKey": "kubernetes.io/hostname"}]}}});
    let mut nodes = kind_cluster();
    let mut placed = Vec::new();
    for i in 0..3 {
        let p = labelled(
            pod(&format!("db-{i}"), "", "", spec.clone()),
            json!({"app": "db"}),
        );
        placed.push(bind(&mut nodes, &p));
    }
    placed.sort();
    assert_eq!(placed, ["kind-worker", "kind-worker2", "kind-worker3"]);
    let fourth = labelled(pod("db-3", "", "", spec), json!({"app": "db"}));
    let err = schedule(&fourth, &nodes, &opts()).unwrap_err();
    assert_eq!(
        err.filter_message(),
        "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, \
         3 node(s) didn't match pod anti-affinity rules."
    );
    // A pod without the anti-affinity but with the label is kept away by the others' rules.
    let plain = labelled(pod("intruder", "", "", json!({})), json!({"app": "db"}));
    let err = schedule(&plain, &nodes, &opts()).unwrap_err();
    assert!(
        err.filter_message()
            .contains("3 node(s) didn't satisfy existing pods anti-affinity rules"),
        "{err}"
    );
}

#[test]
fn pod_affinity_follows_matching_pods_and_lets_the_first_one_in() {
    let spec = json!({"affinity": {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "cache"}}, "topologyKey": "kubernetes.io/hostname"}]}}});
    let mut nodes = kind_cluster();
    // The first pod matches its own term and nothing else does: it may go anywhere.
    let first = labelled(
        pod("cache-0", "", "", spec.clone()),
        json!({"app": "cache"}),
    );
    let home = bind(&mut nodes, &first);
    for i in 1..4 {
        let p = labelled(
            pod(&format!("cache-{i}"), "", "", spec.clone()),
            json!({"app": "cache"}),
        );
        assert_eq!(bind(&mut nodes, &p), home);
    }
    // A pod whose affinity matches nothing (and not itself) fits nowhere.
    let lonely = pod(
        "lonely",
        "",
        "",
        json!({"affinity": {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "ghost"}}, "topologyKey": "kubernetes.io/hostname"}]}}}),
    );
    let err = schedule(&lonely, &nodes, &opts()).unwrap_err();
    assert!(
        err.filter_message()
            .ends_with("3 node(s) didn't match pod affinity rules."),
        "{err}"
    );
}

#[test]
fn zone_topology_and_preferred_pod_affinity() {
    let zone = |name: &str, z: &str| {
        NodeInfo::new(node(name, "4", "16Gi", 110, json!({"zone": z}), json!([])))
    };
    let mut nodes = vec![zone("a1", "a"), zone("a2", "a"), zone("b1", "b")];
    nodes[2].add_pod(&labelled(
        pod("web", "", "", json!({})),
        json!({"app": "web"}),
    ));
    let p = pod(
        "p",
        "",
        "",
        json!({"affinity": {"podAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
        {"weight": 100, "podAffinityTerm": {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "zone"}}]}}}),
    );
    let placed = schedule(&p, &nodes, &opts()).unwrap();
    assert_eq!(placed.node, "b1");
    let anti = pod(
        "q",
        "",
        "",
        json!({"affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "zone"}]}}}),
    );
    let placed = schedule(&anti, &nodes, &opts()).unwrap();
    assert_eq!(placed.node, "a1");
}

#[test]
fn feasible_nodes_to_find() {
    assert_eq!(num_feasible_nodes_to_find(None, 50), 50);
    assert_eq!(num_feasible_nodes_to_find(None, 100), 100);
    assert_eq!(num_feasible_nodes_to_find(None, 1000), 420);
    assert_eq!(num_feasible_nodes_to_find(None, 5000), 500);
    assert_eq!(num_feasible_nodes_to_find(None, 10000), 500);
    assert_eq!(num_feasible_nodes_to_find(Some(100), 5000), 5000);
    assert_eq!(num_feasible_nodes_to_find(Some(1), 5000), 100);
}

#[test]
fn large_clusters_are_searched_in_rotation() {
    let nodes: Vec<NodeInfo> = (0..500)
        .map(|i| NodeInfo::new(worker(&format!("n{i:03}"))))
        .collect();
    let p = pod("p", "100m", "", json!({}));
    let a = schedule(&p, &nodes, &opts()).unwrap();
    // 500 nodes: 46% is 230 nodes.
    assert_eq!(
        (a.evaluated_nodes, a.feasible_nodes, a.next_start_index),
        (230, 230, 230)
    );
    let b = schedule(
        &p,
        &nodes,
        &ScheduleOptions {
            start_index: a.next_start_index,
            ..opts()
        },
    )
    .unwrap();
    assert_eq!(b.node, "n230");
}

#[test]
fn explain_lists_every_failing_filter_and_scores() {
    let mut nodes = kind_cluster();
    nodes[1].add_pod(&pod("busy", "4", "", json!({})));
    let ex = explain(&pod("p", "1", "", json!({})), &nodes);
    assert_eq!(ex.len(), 4);
    assert!(!ex[0].fits());
    assert_eq!(ex[1].rejections[0].reasons, ["Insufficient cpu"]);
    assert!(ex[2].fits() && ex[2].scores.is_some());
    assert!(
        ex[2].text.en.starts_with("fits; score"),
        "{}",
        ex[2].text.en
    );
    assert!(ex[2].text.ko.starts_with("배치 가능"));
}

fn arb_node(i: usize) -> impl Strategy<Value = NodeInfo> {
    (
        1u32..8,
        1u32..16,
        1u32..6,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(move |(cpu, mem, pods, tainted, gpu, cordoned)| {
            let taints = if tainted {
                json!([{"key": "dedicated", "value": "x", "effect": "NoSchedule"}])
            } else {
                json!([])
            };
            let labels = if gpu {
                json!({"hardware": "gpu"})
            } else {
                json!({})
            };
            let mut n = node(
                &format!("n{i}"),
                &cpu.to_string(),
                &format!("{mem}Gi"),
                pods,
                labels,
                taints,
            );
            n.spec.unschedulable = Some(cordoned);
            NodeInfo::new(n)
        })
}

fn arb_pod() -> impl Strategy<Value = Pod> {
    (0u32..3000, 0u32..4096, any::<bool>(), any::<bool>()).prop_map(
        |(cpu, mem, tolerate, want_gpu)| {
            let mut extra = serde_json::Map::new();
            if tolerate {
                extra.insert(
                    "tolerations".into(),
                    json!([{"key": "dedicated", "operator": "Exists"}]),
                );
            }
            if want_gpu {
                extra.insert("nodeSelector".into(), json!({"hardware": "gpu"}));
            }
            pod(
                "p",
                &format!("{cpu}m"),
                &format!("{mem}Mi"),
                serde_json::Value::Object(extra),
            )
        },
    )
}

proptest! {
    #[test]
    fn never_placed_on_a_node_a_filter_rejects(
        nodes in (1usize..8).prop_flat_map(|n| (0..n).map(arb_node).collect::<Vec<_>>()),
        pods in proptest::collection::vec(arb_pod(), 1..12),
    ) {
        let mut nodes = nodes;
        for (i, mut p) in pods.into_iter().enumerate() {
            p.metadata.name = Some(format!("p{i}"));
            let explained = explain(&p, &nodes);
            match schedule(&p, &nodes, &opts()) {
                Ok(placed) => {
                    prop_assert!(explained[placed.node_index].fits(), "{:?}", explained[placed.node_index]);
                    nodes[placed.node_index].add_pod(&p);
                }
                Err(err) => {
                    prop_assert!(explained.iter().all(|e| !e.fits()));
                    prop_assert_eq!(err.rejections.len(), nodes.len());
                    let prefix = format!("0/{} nodes are available: ", nodes.len());
                    prop_assert!(err.to_string().starts_with(&prefix), "{}", err);
                }
            }
        }
    }

    #[test]
    fn identical_pods_spread_evenly_over_identical_nodes(n_nodes in 1usize..12, n_pods in 0usize..60, cpu in 0u32..200) {
        let mut nodes: Vec<NodeInfo> = (0..n_nodes).map(|i| NodeInfo::new(worker(&format!("w{i:02}")))).collect();
        for i in 0..n_pods {
            let p = pod(&format!("p{i}"), if cpu == 0 { "" } else { "10m" }, "", json!({}));
            bind(&mut nodes, &p);
        }
        let counts: Vec<usize> = nodes.iter().map(|n| n.pods().len()).collect();
        let (min, max) = (counts.iter().min().copied().unwrap_or(0), counts.iter().max().copied().unwrap_or(0));
        prop_assert!(max - min <= 1, "{:?}", counts);
    }
}
