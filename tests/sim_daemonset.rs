//! The simulator end to end with the DaemonSet controller: the scenarios of the course's
//! DaemonSet notes (fluentd on every node, the control-plane taint, `hardware: gpu`, nodes
//! joining and leaving, NoExecute taints, cordon) and rolling updates; property tests that
//! no node ever runs two daemon pods and that after a run every eligible node has one.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use kubesim::api::daemonset::DaemonSet;
use kubesim::api::node::Taint;
use kubesim::api::object::Object;
use kubesim::api::pod::Pod;
use kubesim::controllers::daemonset::reconcile;
use kubesim::controllers::daemonset::util::{target_node_name, POD_TEMPLATE_GENERATION};
use kubesim::controllers::daemonset::CONTROLLER_REVISION_HASH;
use kubesim::controllers::podutil;
use kubesim::controllers::{Propagation, View};
use kubesim::kubectl::rollout::daemonset_status;
use kubesim::manifest::load::load_text;
use kubesim::scheduling::should_run_daemon_pod;
use kubesim::sim::clock::Duration;
use kubesim::sim::engine::{Cluster, ClusterConfig};
use kubesim::sim::store::Key;
use kubesim::sim::topology::{parse_taint, NodeShape, Topology};

/// The seed's fluentd, with its `node-role.kubernetes.io/master` toleration.
const FLUENTD_MASTER: &str = "
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd-elasticsearch
  namespace: kube-system
spec:
  selector:
    matchLabels:
      name: fluentd-elasticsearch
  template:
    metadata:
      labels:
        name: fluentd-elasticsearch
    spec:
      tolerations:
      - key: node-role.kubernetes.io/master
        effect: NoSchedule
      containers:
      - name: fluentd-elasticsearch
        image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2
        resources:
          requests:
            cpu: 100m
            memory: 200Mi
";

fn fluentd_control_plane() -> String {
    FLUENTD_MASTER.replace(
        "node-role.kubernetes.io/master",
        "node-role.kubernetes.io/control-plane",
    )
}

const GPU: &str = "
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: gpu-agent
spec:
  selector:
    matchLabels:
      app: gpu-agent
  template:
    metadata:
      labels:
        app: gpu-agent
    spec:
      nodeSelector:
        hardware: gpu
      containers:
      - name: agent
        image: nvidia/dcgm-exporter:3.3
";

fn objects(text: &str) -> Vec<Object> {
    load_text(text, "ds.yaml")
        .unwrap()
        .into_iter()
        .map(|l| l.object)
        .collect()
}

fn cluster(workers: usize) -> Cluster {
    Cluster::new(ClusterConfig {
        topology: Topology {
            control_planes: 1,
            workers,
            shape: NodeShape::default(),
        },
        ..ClusterConfig::default()
    })
    .unwrap()
}

fn run(c: &mut Cluster) {
    c.run(Duration::seconds(600)).unwrap();
}

fn daemonset(c: &Cluster, ns: &str, name: &str) -> DaemonSet {
    match c.store.get(&Key::new("DaemonSet", ns, name)) {
        Some(Object::DaemonSet(ds)) => ds.clone(),
        other => panic!("{other:?}"),
    }
}

fn daemon_pods<'a>(c: &'a Cluster, name: &str) -> Vec<&'a Pod> {
    c.store
        .pods()
        .filter(|p| {
            p.metadata
                .controller_ref()
                .is_some_and(|r| r.kind == "DaemonSet" && r.name == name)
        })
        .collect()
}

/// Node → number of live (not terminating) daemon pods of `name`, running and ready.
fn ready_nodes(c: &Cluster, name: &str) -> BTreeSet<String> {
    daemon_pods(c, name)
        .into_iter()
        .filter(|p| podutil::is_active(p) && podutil::is_ready(p))
        .map(|p| podutil::node_name(p).to_string())
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

const WORKERS: [&str; 3] = ["kind-worker", "kind-worker2", "kind-worker3"];

#[test]
fn the_seeds_master_toleration_misses_the_v136_control_plane() {
    let mut c = cluster(3);
    c.apply(objects(FLUENTD_MASTER)).unwrap();
    run(&mut c);
    assert_eq!(ready_nodes(&c, "fluentd-elasticsearch"), set(&WORKERS));
    let text = c
        .explain(&Key::new(
            "DaemonSet",
            "kube-system",
            "fluentd-elasticsearch",
        ))
        .unwrap();
    assert!(
        text.en.contains("- kind-control-plane: no daemon pod: the node has the taint node-role.kubernetes.io/control-plane:NoSchedule"),
        "{}",
        text.en
    );
    assert!(text.ko.contains("kind-control-plane"), "{}", text.ko);
}

#[test]
fn fluentd_runs_everywhere_once_it_tolerates_the_control_plane_taint() {
    let mut c = cluster(3);
    c.apply(objects(FLUENTD_MASTER)).unwrap();
    run(&mut c);
    c.apply(objects(&fluentd_control_plane())).unwrap();
    run(&mut c);
    let mut all = set(&WORKERS);
    all.insert("kind-control-plane".into());
    assert_eq!(ready_nodes(&c, "fluentd-elasticsearch"), all);
    let ds = daemonset(&c, "kube-system", "fluentd-elasticsearch");
    let s = ds.status.clone().unwrap();
    assert_eq!(
        (
            s.desired_number_scheduled,
            s.current_number_scheduled,
            s.number_ready,
            s.updated_number_scheduled,
            s.number_available,
            s.number_unavailable,
            s.number_misscheduled,
        ),
        (4, 4, 4, Some(4), Some(4), Some(0), 0)
    );
    assert_eq!(s.observed_generation, ds.metadata.generation);
    // The toleration changed the template: the three worker pods were replaced one by one.
    let pods = daemon_pods(&c, "fluentd-elasticsearch");
    assert!(pods.iter().all(|p| {
        p.metadata.label(POD_TEMPLATE_GENERATION) == Some("2")
            && p.metadata.label(CONTROLLER_REVISION_HASH).is_some()
    }));
    assert!(daemonset_status(&ds).unwrap().done);
}

#[test]
fn gpu_nodes_only_and_nodes_that_change_labels() {
    let mut c = cluster(2);
    let gpu_labels: BTreeMap<String, String> = [("hardware".to_string(), "gpu".to_string())].into();
    c.add_node("gpu-1", &gpu_labels, vec![], &NodeShape::default(), false)
        .unwrap();
    c.apply(objects(GPU)).unwrap();
    run(&mut c);
    assert_eq!(ready_nodes(&c, "gpu-agent"), set(&["gpu-1"]));
    // A worker gets the label: it gains the pod.
    c.label_node("kind-worker", "hardware", Some("gpu"))
        .unwrap();
    run(&mut c);
    assert_eq!(ready_nodes(&c, "gpu-agent"), set(&["gpu-1", "kind-worker"]));
    // gpu-1 loses it: its pod goes.
    c.label_node("gpu-1", "hardware", None).unwrap();
    run(&mut c);
    assert_eq!(ready_nodes(&c, "gpu-agent"), set(&["kind-worker"]));
    assert!(daemon_pods(&c, "gpu-agent").len() == 1);
    let text = c
        .explain(&Key::new("DaemonSet", "default", "gpu-agent"))
        .unwrap();
    assert!(
        text.en.contains("- gpu-1: no daemon pod: nodeSelector wants hardware=gpu, the node has no label hardware"),
        "{}",
        text.en
    );
}

#[test]
fn nodes_join_and_leave() {
    let mut c = cluster(3);
    c.apply(objects(FLUENTD_MASTER)).unwrap();
    run(&mut c);
    c.add_node(
        "kind-worker4",
        &BTreeMap::new(),
        vec![],
        &NodeShape::default(),
        false,
    )
    .unwrap();
    run(&mut c);
    let mut want = set(&WORKERS);
    want.insert("kind-worker4".into());
    assert_eq!(ready_nodes(&c, "fluentd-elasticsearch"), want);
    c.remove_node("kind-worker2", "kubectl").unwrap();
    run(&mut c);
    want.remove("kind-worker2");
    assert_eq!(ready_nodes(&c, "fluentd-elasticsearch"), want);
    assert_eq!(daemon_pods(&c, "fluentd-elasticsearch").len(), 3);
    let s = daemonset(&c, "kube-system", "fluentd-elasticsearch")
        .status
        .unwrap();
    assert_eq!(
        (s.desired_number_scheduled, s.number_available),
        (3, Some(3))
    );
}

#[test]
fn a_no_execute_taint_evicts_and_a_no_schedule_taint_does_not() {
    let mut c = cluster(3);
    c.apply(objects(FLUENTD_MASTER)).unwrap();
    run(&mut c);
    c.taint_node(
        "kind-worker",
        parse_taint("maintenance=true:NoSchedule").unwrap(),
        false,
    )
    .unwrap();
    run(&mut c);
    assert_eq!(ready_nodes(&c, "fluentd-elasticsearch"), set(&WORKERS));
    let s = daemonset(&c, "kube-system", "fluentd-elasticsearch")
        .status
        .unwrap();
    assert_eq!((s.desired_number_scheduled, s.number_misscheduled), (2, 1));

    c.taint_node(
        "kind-worker2",
        parse_taint("maintenance=true:NoExecute").unwrap(),
        false,
    )
    .unwrap();
    run(&mut c);
    assert_eq!(
        ready_nodes(&c, "fluentd-elasticsearch"),
        set(&["kind-worker", "kind-worker3"])
    );
    assert!(c
        .events
        .all()
        .iter()
        .any(|e| e.reason == "TaintManagerEviction"));
    // Taken away, the pod comes back.
    let t: Taint = parse_taint("maintenance=true:NoExecute").unwrap();
    c.taint_node("kind-worker2", t, true).unwrap();
    run(&mut c);
    assert_eq!(ready_nodes(&c, "fluentd-elasticsearch"), set(&WORKERS));
}

#[test]
fn cordoned_nodes_keep_and_get_daemon_pods() {
    let mut c = cluster(3);
    c.set_unschedulable("kind-worker3", true).unwrap();
    c.apply(objects(FLUENTD_MASTER)).unwrap();
    run(&mut c);
    assert_eq!(ready_nodes(&c, "fluentd-elasticsearch"), set(&WORKERS));
    let out = c.kubectl("drain kind-worker3").unwrap_err();
    assert!(
        out.message
            .en
            .contains("cannot delete DaemonSet-managed Pods"),
        "{}",
        out.message.en
    );
    let out = c.kubectl("drain kind-worker3 --ignore-daemonsets").unwrap();
    assert!(
        out.contains("Warning: ignoring DaemonSet-managed Pods"),
        "{out}"
    );
    run(&mut c);
    assert_eq!(ready_nodes(&c, "fluentd-elasticsearch"), set(&WORKERS));
}

#[test]
fn a_node_going_down_keeps_its_daemon_pod() {
    let mut c = cluster(3);
    c.apply(objects(FLUENTD_MASTER)).unwrap();
    run(&mut c);
    c.node_down("kind-worker", true).unwrap();
    c.advance(Duration::seconds(900)).unwrap();
    // Daemon pods tolerate node.kubernetes.io/unreachable:NoExecute without a time limit.
    let on_worker: Vec<_> = daemon_pods(&c, "fluentd-elasticsearch")
        .into_iter()
        .filter(|p| podutil::node_name(p) == "kind-worker")
        .collect();
    assert_eq!(on_worker.len(), 1);
    assert!(on_worker[0].metadata.deletion_timestamp.is_none());
}

#[test]
fn rolling_update_replaces_one_node_at_a_time() {
    let mut c = cluster(3);
    c.apply(objects(FLUENTD_MASTER)).unwrap();
    run(&mut c);
    let start = c.trace().len();
    c.apply(objects(
        &FLUENTD_MASTER.replace("fluentd:v2.5.2", "fluentd:v2.6.0"),
    ))
    .unwrap();
    run(&mut c);
    let pods = daemon_pods(&c, "fluentd-elasticsearch");
    assert_eq!(pods.len(), 3);
    assert!(pods.iter().all(|p| p.spec.containers[0].image.as_deref()
        == Some("quay.io/fluentd_elasticsearch/fluentd:v2.6.0")));
    // maxUnavailable 1: every deletion of an old pod waits for the previous replacement.
    let steps: Vec<_> = c.trace()[start..]
        .iter()
        .filter(|s| s.actor == "daemonset-controller" && (s.verb == "delete" || s.verb == "create"))
        .map(|s| (s.verb.clone(), s.time))
        .collect();
    let verbs: Vec<&str> = steps.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(
        verbs,
        ["delete", "create", "delete", "create", "delete", "create"]
    );
    assert!(steps.windows(2).all(|w| w[0].1 <= w[1].1));
    assert!(
        steps[2].1 > steps[1].1,
        "the second old pod goes after the first new one is ready"
    );
    let ds = daemonset(&c, "kube-system", "fluentd-elasticsearch");
    assert_eq!(
        daemonset_status(&ds).unwrap().message,
        "daemon set \"fluentd-elasticsearch\" successfully rolled out\n"
    );
}

#[test]
fn surge_starts_new_pods_before_old_ones_go() {
    let mut c = cluster(3);
    let surge = FLUENTD_MASTER.replace(
        "spec:\n  selector:",
        "spec:\n  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0\n  selector:",
    );
    c.apply(objects(&surge)).unwrap();
    run(&mut c);
    let start = c.trace().len();
    c.apply(objects(&surge.replace("fluentd:v2.5.2", "fluentd:v2.6.0")))
        .unwrap();
    run(&mut c);
    let verbs: Vec<String> = c.trace()[start..]
        .iter()
        .filter(|s| s.actor == "daemonset-controller" && (s.verb == "delete" || s.verb == "create"))
        .map(|s| s.verb.clone())
        .collect();
    assert_eq!(
        verbs,
        ["create", "delete", "create", "delete", "create", "delete"]
    );
    assert_eq!(ready_nodes(&c, "fluentd-elasticsearch"), set(&WORKERS));
}

#[test]
fn on_delete_waits_for_someone_to_delete_the_pods() {
    let mut c = cluster(3);
    let on_delete = FLUENTD_MASTER.replace(
        "spec:\n  selector:",
        "spec:\n  updateStrategy:\n    type: OnDelete\n  selector:",
    );
    c.apply(objects(&on_delete)).unwrap();
    run(&mut c);
    c.apply(objects(
        &on_delete.replace("fluentd:v2.5.2", "fluentd:v2.6.0"),
    ))
    .unwrap();
    run(&mut c);
    let images = |c: &Cluster| -> Vec<String> {
        let mut v: Vec<String> = daemon_pods(c, "fluentd-elasticsearch")
            .iter()
            .map(|p| p.spec.containers[0].image.clone().unwrap_or_default())
            .collect();
        v.sort();
        v
    };
    assert!(images(&c).iter().all(|i| i.ends_with("v2.5.2")));
    let s = daemonset(&c, "kube-system", "fluentd-elasticsearch")
        .status
        .unwrap();
    assert_eq!(s.updated_number_scheduled, Some(0));
    let victim = daemon_pods(&c, "fluentd-elasticsearch")[0]
        .metadata
        .name
        .clone()
        .unwrap();
    c.delete(
        &Key::pod("kube-system", &victim),
        Propagation::Background,
        "kubectl",
    )
    .unwrap();
    run(&mut c);
    let got = images(&c);
    assert_eq!(
        got.iter().filter(|i| i.ends_with("v2.6.0")).count(),
        1,
        "{got:?}"
    );
    assert_eq!(got.len(), 3);
}

#[test]
fn a_pod_too_big_for_its_node_is_pending_with_the_schedulers_words() {
    let mut c = cluster(2);
    c.apply(objects(&FLUENTD_MASTER.replace("cpu: 100m", "cpu: \"6\"")))
        .unwrap();
    run(&mut c);
    let pods = daemon_pods(&c, "fluentd-elasticsearch");
    assert_eq!(pods.len(), 2);
    assert!(pods.iter().all(|p| podutil::node_name(p).is_empty()));
    let key = Key::pod("kube-system", pods[0].metadata.name.as_deref().unwrap());
    let text = c.explain(&key).unwrap();
    assert!(
        text.en.contains("is Pending: 0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]."),
        "{}",
        text.en
    );
    let ds_text = c
        .explain(&Key::new(
            "DaemonSet",
            "kube-system",
            "fluentd-elasticsearch",
        ))
        .unwrap();
    assert!(
        ds_text.en.contains("is Pending: 0/3 nodes are available"),
        "{}",
        ds_text.en
    );
    let s = daemonset(&c, "kube-system", "fluentd-elasticsearch")
        .status
        .unwrap();
    // Pending pods count as scheduled (current), not as ready.
    assert_eq!(
        (
            s.desired_number_scheduled,
            s.current_number_scheduled,
            s.number_ready
        ),
        (2, 2, 0)
    );
}

#[test]
fn deleting_the_daemonset_deletes_its_pods() {
    let mut c = cluster(3);
    c.apply(objects(FLUENTD_MASTER)).unwrap();
    run(&mut c);
    c.delete(
        &Key::new("DaemonSet", "kube-system", "fluentd-elasticsearch"),
        Propagation::Background,
        "kubectl",
    )
    .unwrap();
    run(&mut c);
    assert!(daemon_pods(&c, "fluentd-elasticsearch").is_empty());
}

#[test]
fn kubectl_shows_the_daemonset() {
    let mut c = cluster(3);
    c.apply(objects(FLUENTD_MASTER)).unwrap();
    run(&mut c);
    let out = c.kubectl("get ds -n kube-system").unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        [
            "NAME",
            "DESIRED",
            "CURRENT",
            "READY",
            "UP-TO-DATE",
            "AVAILABLE",
            "NODE",
            "SELECTOR",
            "AGE"
        ]
    );
    assert_eq!(
        lines[1].split_whitespace().take(7).collect::<Vec<_>>(),
        ["fluentd-elasticsearch", "3", "3", "3", "3", "3", "<none>"]
    );
    let out = c
        .kubectl("rollout status daemonset/fluentd-elasticsearch -n kube-system")
        .unwrap();
    assert_eq!(
        out,
        "daemon set \"fluentd-elasticsearch\" successfully rolled out\n"
    );
    let out = c
        .kubectl("describe ds fluentd-elasticsearch -n kube-system")
        .unwrap();
    assert!(
        out.contains("Desired Number of Nodes Scheduled: 3"),
        "{out}"
    );
    assert!(
        out.contains("Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed"),
        "{out}"
    );
}

#[test]
fn same_seed_same_pods_and_trace() {
    let build = || {
        let mut c = cluster(3);
        c.apply(objects(FLUENTD_MASTER)).unwrap();
        run(&mut c);
        c
    };
    let (a, b) = (build(), build());
    assert_eq!(a.trace(), b.trace());
}

// ---------------------------------------------------------------------------------------
// Properties.

#[derive(Debug, Clone)]
enum Op {
    AddNode {
        gpu: bool,
        taint: Option<&'static str>,
    },
    RemoveNode(usize),
    Label(usize, bool),
    Taint(usize, &'static str),
    Untaint(usize, &'static str),
    Cordon(usize, bool),
    DeletePod(usize),
    Update,
    Advance(i64),
}

const TAINTS: [&str; 3] = [
    "dedicated=gpu:NoSchedule",
    "maintenance=true:NoExecute",
    "soft=true:PreferNoSchedule",
];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (
            any::<bool>(),
            prop::option::of(prop::sample::select(TAINTS.to_vec()))
        )
            .prop_map(|(gpu, taint)| Op::AddNode { gpu, taint }),
        (0usize..8).prop_map(Op::RemoveNode),
        (0usize..8, any::<bool>()).prop_map(|(i, b)| Op::Label(i, b)),
        (0usize..8, prop::sample::select(TAINTS.to_vec())).prop_map(|(i, t)| Op::Taint(i, t)),
        (0usize..8, prop::sample::select(TAINTS.to_vec())).prop_map(|(i, t)| Op::Untaint(i, t)),
        (0usize..8, any::<bool>()).prop_map(|(i, b)| Op::Cordon(i, b)),
        (0usize..20).prop_map(Op::DeletePod),
        Just(Op::Update),
        (1i64..120).prop_map(Op::Advance),
    ]
}

const ALL_DS: &str = "
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: everywhere
spec:
  selector:
    matchLabels:
      app: everywhere
  template:
    metadata:
      labels:
        app: everywhere
    spec:
      tolerations:
      - key: dedicated
        operator: Exists
      containers:
      - name: c
        image: agent:1
";

/// Pods per node of one DaemonSet, counting terminating pods too.
fn per_node(c: &Cluster, name: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for p in daemon_pods(c, name) {
        if let Some(n) = target_node_name(p) {
            *out.entry(n.to_string()).or_default() += 1;
        }
    }
    out
}

fn apply_op(c: &mut Cluster, op: &Op, n: &mut usize, image: &mut u32) {
    let names = c.node_names();
    let pick = |i: usize| names.get(i % names.len().max(1)).cloned();
    match op {
        Op::AddNode { gpu, taint } => {
            *n += 1;
            let labels: BTreeMap<String, String> = if *gpu {
                [("hardware".to_string(), "gpu".to_string())].into()
            } else {
                BTreeMap::new()
            };
            let taints = taint.and_then(parse_taint).into_iter().collect();
            c.add_node(
                &format!("extra-{n}"),
                &labels,
                taints,
                &NodeShape::default(),
                false,
            )
            .unwrap();
        }
        Op::RemoveNode(i) => {
            if let Some(name) = pick(*i) {
                c.remove_node(&name, "kubectl").unwrap();
            }
        }
        Op::Label(i, on) => {
            if let Some(name) = pick(*i) {
                c.label_node(&name, "hardware", on.then_some("gpu"))
                    .unwrap();
            }
        }
        Op::Taint(i, t) | Op::Untaint(i, t) => {
            if let Some(name) = pick(*i) {
                let remove = matches!(op, Op::Untaint(..));
                c.taint_node(&name, parse_taint(t).unwrap(), remove)
                    .unwrap();
            }
        }
        Op::Cordon(i, on) => {
            if let Some(name) = pick(*i) {
                c.set_unschedulable(&name, *on).unwrap();
            }
        }
        Op::DeletePod(i) => {
            let pods: Vec<Key> = c
                .store
                .pods()
                .map(|p| Key::pod("default", p.metadata.name.as_deref().unwrap_or("")))
                .collect();
            if let Some(k) = pods.get(*i % pods.len().max(1)) {
                c.delete(k, Propagation::Background, "kubectl").unwrap();
            }
        }
        Op::Update => {
            *image += 1;
            let text = ALL_DS.replace("agent:1", &format!("agent:{image}"));
            c.apply(objects(&text)).unwrap();
        }
        Op::Advance(s) => {
            c.advance(Duration::seconds(*s)).unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// No node ever has two pods of a DaemonSet (maxSurge 0), terminating ones included,
    /// at any step; and after a run every node that should run one has exactly one, ready.
    #[test]
    fn one_pod_per_eligible_node(ops in prop::collection::vec(op(), 1..12), gpu_only in any::<bool>()) {
        let mut c = cluster(2);
        let text = if gpu_only {
            ALL_DS.replace("    spec:\n      tolerations:", "    spec:\n      nodeSelector:\n        hardware: gpu\n      tolerations:")
        } else {
            ALL_DS.to_string()
        };
        c.apply(objects(&text)).unwrap();
        run(&mut c);
        let (mut n, mut image) = (0, 1);
        for op in &ops {
            let text_now = if gpu_only { text.clone() } else { ALL_DS.to_string() };
            if matches!(op, Op::Update) {
                image += 1;
                c.apply(objects(&text_now.replace("agent:1", &format!("agent:{image}")))).unwrap();
            } else {
                apply_op(&mut c, op, &mut n, &mut image);
            }
            c.settle().unwrap();
            let counts = per_node(&c, "everywhere");
            prop_assert!(counts.values().all(|&k| k <= 1), "after {:?}: {:?}", op, counts);
            // The engine skips syncs whose inputs did not change: a settled cluster is a
            // fixed point, where a fresh sync has nothing left to do.
            let ds = daemonset(&c, "default", "everywhere");
            let fresh = reconcile(&ds, &View { store: &c.store, now: c.now });
            prop_assert!(fresh.actions.is_empty(), "after {:?}: {:?}", op, fresh.actions);
        }
        run(&mut c);
        let counts = per_node(&c, "everywhere");
        prop_assert!(counts.values().all(|&k| k <= 1), "{:?}", counts);
        let ds = daemonset(&c, "default", "everywhere");
        let ready = ready_nodes(&c, "everywhere");
        for node in c.store.nodes() {
            let name = node.metadata.name.clone().unwrap_or_default();
            let verdict = should_run_daemon_pod(node, &ds);
            if verdict.should_run {
                prop_assert!(ready.contains(&name), "{} should run one: {:?}", name, counts);
            } else if !verdict.should_continue_running {
                prop_assert!(!counts.contains_key(&name), "{} should not keep one", name);
            }
        }
        let s = ds.status.unwrap();
        let desired = c.store.nodes().filter(|n| should_run_daemon_pod(n, &daemonset(&c, "default", "everywhere")).should_run).count() as i32;
        prop_assert_eq!(s.desired_number_scheduled, desired);
        prop_assert_eq!(s.number_available, Some(desired));
        prop_assert_eq!(s.updated_number_scheduled, Some(desired));
    }
}

#[test]
fn kubectl_set_image_and_restart_roll_the_pods() {
    let mut c = cluster(3);
    c.apply(objects(FLUENTD_MASTER)).unwrap();
    run(&mut c);
    let out = c
        .kubectl(
            "set image ds/fluentd-elasticsearch fluentd-elasticsearch=fluentd:v3 -n kube-system",
        )
        .unwrap();
    assert_eq!(out, "daemonset.apps/fluentd-elasticsearch image updated\n");
    let waiting = c
        .kubectl("rollout status ds/fluentd-elasticsearch -n kube-system")
        .unwrap();
    assert_eq!(
        waiting,
        "Waiting for daemon set spec update to be observed...\n"
    );
    c.settle().unwrap();
    let waiting = c
        .kubectl("rollout status ds/fluentd-elasticsearch -n kube-system")
        .unwrap();
    assert_eq!(
        waiting,
        "Waiting for daemon set \"fluentd-elasticsearch\" rollout to finish: 0 out of 3 new pods have been updated...\n"
    );
    run(&mut c);
    assert!(daemon_pods(&c, "fluentd-elasticsearch")
        .iter()
        .all(|p| p.spec.containers[0].image.as_deref() == Some("fluentd:v3")));
    let err = c
        .kubectl("set image ds/fluentd-elasticsearch nope=x -n kube-system")
        .unwrap_err();
    // kubectl's line, with its "error: " prefix once.
    assert_eq!(
        err.to_string(),
        "error: unable to find container named \"nope\""
    );
    let before: BTreeSet<String> = daemon_pods(&c, "fluentd-elasticsearch")
        .iter()
        .map(|p| p.metadata.name.clone().unwrap())
        .collect();
    let out = c
        .kubectl("rollout restart daemonset/fluentd-elasticsearch -n kube-system")
        .unwrap();
    assert_eq!(out, "daemonset.apps/fluentd-elasticsearch restarted\n");
    run(&mut c);
    let after: BTreeSet<String> = daemon_pods(&c, "fluentd-elasticsearch")
        .iter()
        .map(|p| p.metadata.name.clone().unwrap())
        .collect();
    assert_eq!(after.len(), 3);
    assert!(before.is_disjoint(&after));
    let ds = daemonset(&c, "kube-system", "fluentd-elasticsearch");
    assert_eq!(
        ds.metadata.annotations.unwrap()["deprecated.daemonset.template.generation"],
        "3"
    );
    let described = c
        .kubectl("describe daemonset fluentd-elasticsearch -n kube-system")
        .unwrap();
    assert!(described.contains("SuccessfulDelete"), "{described}");
}

#[test]
fn the_garbage_collector_still_finds_dangling_owners_without_a_full_scan_each_round() {
    let mut c = cluster(1);
    c.apply(objects(FLUENTD_MASTER)).unwrap();
    run(&mut c);
    // A pod written with an owner that never existed is collected, though nothing was
    // removed since the last full scan.
    let dangling = "
apiVersion: v1
kind: Pod
metadata:
  name: stray
  namespace: kube-system
  ownerReferences:
  - apiVersion: apps/v1
    kind: DaemonSet
    name: nobody
    uid: 00000000-0000-4000-8000-000000000000
    controller: true
spec:
  containers:
  - name: c
    image: nginx
";
    c.apply(objects(dangling)).unwrap();
    run(&mut c);
    assert!(c.store.get(&Key::pod("kube-system", "stray")).is_none());
    // Pods whose owner exists stay.
    assert_eq!(daemon_pods(&c, "fluentd-elasticsearch").len(), 1);
}
