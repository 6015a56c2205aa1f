use serde_json::{json, Value};

use super::util::{compute_hash, CONTROLLER_REVISION_HASH};
use super::*;
use crate::api::daemonset::DaemonSet;
use crate::api::object::Object;
use crate::controllers::{Change, View};
use crate::state::clock::Time;
use crate::state::rng::Rng;
use crate::state::store::Store;

const DS_UID: &str = "ds-uid";

fn daemonset(spec: Value, strategy: Value) -> DaemonSet {
    let mut template_spec = json!({"containers": [{"name": "fluentd", "image": "fluentd:v1"}]});
    if let (Some(t), Some(extra)) = (template_spec.as_object_mut(), spec.as_object()) {
        for (k, v) in extra {
            t.insert(k.clone(), v.clone());
        }
    }
    serde_json::from_value(json!({
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "fluentd", "namespace": "default", "uid": DS_UID, "generation": 1},
        "spec": {"selector": {"matchLabels": {"app": "fluentd"}},
                 "updateStrategy": strategy,
                 "template": {"metadata": {"labels": {"app": "fluentd"}}, "spec": template_spec}}
    }))
    .unwrap()
}

fn rolling(max_unavailable: Value, max_surge: Value) -> Value {
    json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": max_unavailable, "maxSurge": max_surge}})
}

fn plain() -> DaemonSet {
    daemonset(json!({}), rolling(json!(1), json!(0)))
}

fn node(name: &str, labels: Value, taints: Value) -> Object {
    let mut labels = labels.as_object().cloned().unwrap_or_default();
    labels.insert("kubernetes.io/hostname".into(), json!(name));
    Object::from_json(json!({
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": name, "labels": labels},
        "spec": {"taints": taints},
        "status": {"allocatable": {"cpu": "4", "memory": "16Gi", "pods": "110"}}
    }))
    .unwrap()
}

fn kind_nodes() -> Vec<Object> {
    vec![
        node(
            "kind-control-plane",
            json!({"node-role.kubernetes.io/control-plane": ""}),
            json!([{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]),
        ),
        node("kind-worker", json!({}), json!([])),
        node("kind-worker2", json!({}), json!([])),
        node("kind-worker3", json!({}), json!([])),
    ]
}

/// A daemon pod of `ds` on `node`: `hash` "" means the current template's hash.
fn pod(ds: &DaemonSet, name: &str, node: &str, hash: &str, created: &str, ready: bool) -> Object {
    let hash = if hash.is_empty() {
        compute_hash(&ds.spec.template, None)
    } else {
        hash.to_string()
    };
    Object::from_json(json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": "default", "uid": format!("uid-{name}"),
                     "creationTimestamp": created,
                     "labels": {"app": "fluentd", CONTROLLER_REVISION_HASH: hash},
                     "ownerReferences": [{"apiVersion": "apps/v1", "kind": "DaemonSet", "name": "fluentd",
                                          "uid": DS_UID, "controller": true}]},
        "spec": {"nodeName": node, "containers": [{"name": "fluentd", "image": "fluentd:v1"}]},
        "status": {"phase": "Running", "conditions": [
            {"type": "Ready", "status": if ready { "True" } else { "False" },
             "lastTransitionTime": "2026-01-01T00:00:00Z"}]}
    }))
    .unwrap()
}

fn with_status(mut o: Object, f: impl FnOnce(&mut crate::api::pod::Pod)) -> Object {
    if let Object::Pod(p) = &mut o {
        f(p);
    }
    o
}

fn run(ds: &DaemonSet, objects: Vec<Object>) -> Decision {
    let mut store = Store::default();
    let mut rng = Rng::new(1);
    for o in objects {
        store.insert(o, &mut rng);
    }
    let view = View {
        store: &store,
        now: Time::parse_rfc3339("2026-01-01T00:10:00Z").unwrap(),
    };
    reconcile(ds, &view)
}

fn created_on(d: &Decision) -> Vec<String> {
    d.actions
        .iter()
        .filter_map(|a| match &a.change {
            Change::Create(Object::Pod(p)) => util::target_node_name(p).map(str::to_string),
            _ => None,
        })
        .collect()
}

fn deleted(d: &Decision) -> Vec<String> {
    d.actions
        .iter()
        .filter_map(|a| match &a.change {
            Change::Delete { key, .. } => Some(key.name.clone()),
            _ => None,
        })
        .collect()
}

fn status(d: &Decision) -> Option<crate::api::daemonset::DaemonSetStatus> {
    d.actions.iter().find_map(|a| match &a.change {
        Change::UpdateStatus(Object::DaemonSet(ds)) => ds.status.clone(),
        _ => None,
    })
}

/// (name, DaemonSet, objects, nodes created on, pods deleted)
type Case<'a> = (
    &'a str,
    &'a DaemonSet,
    Vec<Object>,
    Vec<&'a str>,
    Vec<&'a str>,
);

#[test]
fn manage_creates_and_deletes_node_by_node() {
    let ds = plain();
    let tolerating = daemonset(
        json!({"tolerations": [{"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"}]}),
        rolling(json!(1), json!(0)),
    );
    let gpu = daemonset(
        json!({"nodeSelector": {"hardware": "gpu"}}),
        rolling(json!(1), json!(0)),
    );
    let gpu_nodes = vec![
        node("cpu-1", json!({}), json!([])),
        node("gpu-1", json!({"hardware": "gpu"}), json!([])),
        node(
            "gpu-2",
            json!({"hardware": "gpu"}),
            json!([{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]),
        ),
    ];
    let t0 = "2026-01-01T00:00:00Z";
    let t1 = "2026-01-01T00:01:00Z";
    let mut cordoned = kind_nodes();
    cordoned[1] = node(
        "kind-worker",
        json!({}),
        json!([{"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}]),
    );
    let evicting = {
        let mut n = kind_nodes();
        n[1] = node(
            "kind-worker",
            json!({}),
            json!([{"key": "maintenance", "effect": "NoExecute"}]),
        );
        n
    };
    let tainted = {
        let mut n = kind_nodes();
        n[1] = node(
            "kind-worker",
            json!({}),
            json!([{"key": "maintenance", "effect": "NoSchedule"}]),
        );
        n
    };
    let with =
        |nodes: Vec<Object>, pods: Vec<Object>| nodes.into_iter().chain(pods).collect::<Vec<_>>();
    // (name, ds, objects, nodes created on, pods deleted)
    let cases: Vec<Case<'_>> = vec![
        (
            "workers only",
            &ds,
            kind_nodes(),
            vec!["kind-worker", "kind-worker2", "kind-worker3"],
            vec![],
        ),
        (
            "control plane tolerated",
            &tolerating,
            kind_nodes(),
            vec![
                "kind-control-plane",
                "kind-worker",
                "kind-worker2",
                "kind-worker3",
            ],
            vec![],
        ),
        (
            "nodeSelector hardware=gpu, taint not tolerated",
            &gpu,
            gpu_nodes,
            vec!["gpu-1"],
            vec![],
        ),
        (
            "a node with a pod gets none",
            &ds,
            with(
                kind_nodes(),
                vec![pod(&ds, "a", "kind-worker", "", t0, true)],
            ),
            vec!["kind-worker2", "kind-worker3"],
            vec![],
        ),
        (
            "two pods on a node: the newer goes",
            &ds,
            with(
                kind_nodes(),
                vec![
                    pod(&ds, "old", "kind-worker", "", t0, true),
                    pod(&ds, "new", "kind-worker", "", t1, true),
                ],
            ),
            vec!["kind-worker2", "kind-worker3"],
            vec!["new"],
        ),
        (
            "cordoned nodes get daemon pods",
            &ds,
            cordoned,
            vec!["kind-worker", "kind-worker2", "kind-worker3"],
            vec![],
        ),
        (
            "NoSchedule taint: the pod stays",
            &ds,
            with(tainted, vec![pod(&ds, "a", "kind-worker", "", t0, true)]),
            vec!["kind-worker2", "kind-worker3"],
            vec![],
        ),
        (
            "NoExecute taint: the pod goes",
            &ds,
            with(evicting, vec![pod(&ds, "a", "kind-worker", "", t0, true)]),
            vec!["kind-worker2", "kind-worker3"],
            vec!["a"],
        ),
        (
            "label gone: the pod goes",
            &gpu,
            vec![
                node("gpu-1", json!({}), json!([])),
                pod(&gpu, "g", "gpu-1", "", t0, true),
            ],
            vec![],
            vec!["g"],
        ),
        (
            "failed pod is deleted, not replaced in the same sync",
            &ds,
            with(
                kind_nodes(),
                vec![with_status(
                    pod(&ds, "f", "kind-worker", "", t0, false),
                    |p| p.status.as_mut().unwrap().phase = Some("Failed".into()),
                )],
            ),
            vec!["kind-worker2", "kind-worker3"],
            vec!["f"],
        ),
        (
            "a terminating pod blocks a second one",
            &ds,
            with(
                kind_nodes(),
                vec![with_status(
                    pod(&ds, "t", "kind-worker", "", t0, true),
                    |p| p.metadata.deletion_timestamp = Some(t1.into()),
                )],
            ),
            vec!["kind-worker2", "kind-worker3"],
            vec![],
        ),
        (
            "a pending pod for a vanished node goes",
            &ds,
            with(
                kind_nodes(),
                vec![with_status(pod(&ds, "lost", "", "", t0, false), |p| {
                    p.spec.node_name = None;
                    p.spec.affinity = Some(util::pin_to_node(None, "gone"));
                })],
            ),
            vec!["kind-worker", "kind-worker2", "kind-worker3"],
            vec!["lost"],
        ),
    ];
    for (name, ds, objects, want_created, want_deleted) in cases {
        let d = run(ds, objects);
        assert_eq!(created_on(&d), want_created, "{name}");
        assert_eq!(deleted(&d), want_deleted, "{name}");
        assert!(
            d.actions
                .iter()
                .all(|a| !a.reason.en.is_empty() && !a.reason.ko.is_empty()),
            "{name}"
        );
    }
}

#[test]
fn new_pods_are_pinned_tolerant_labelled_and_owned() {
    let ds = plain();
    let d = run(&ds, kind_nodes());
    let Some(Change::Create(Object::Pod(p))) = d.actions.first().map(|a| &a.change) else {
        panic!("expected a create: {:?}", d.actions);
    };
    assert_eq!(p.metadata.generate_name.as_deref(), Some("fluentd-"));
    assert_eq!(
        p.spec.node_name, None,
        "the default scheduler binds daemon pods"
    );
    assert_eq!(util::target_node_name(p), Some("kind-worker"));
    let labels = p.metadata.labels.clone().unwrap();
    assert_eq!(
        labels[CONTROLLER_REVISION_HASH],
        compute_hash(&ds.spec.template, None)
    );
    let owner = p.metadata.controller_ref().unwrap();
    assert_eq!(
        (owner.kind.as_str(), owner.uid.as_str()),
        ("DaemonSet", DS_UID)
    );
    let tolerations = p.spec.tolerations.clone().unwrap();
    assert_eq!(tolerations.len(), 6);
    let event = d.actions[0].event.as_ref().unwrap();
    assert_eq!(
        (event.reason, event.message.as_str()),
        ("SuccessfulCreate", "Created pod: {name}")
    );
    assert!(d.actions[0]
        .reason
        .en
        .contains("kind-worker should run a pod of daemonset/fluentd"));
}

#[test]
fn burst_limits_one_sync() {
    let ds = plain();
    let nodes: Vec<Object> = (0..300)
        .map(|i| node(&format!("n{i:03}"), json!({}), json!([])))
        .collect();
    let d = run(&ds, nodes);
    assert_eq!(created_on(&d).len(), BURST_REPLICAS);
    assert_eq!(status(&d).unwrap().desired_number_scheduled, 300);
}

/// What the creations and deletions of a decision do, in order: ("create", node) and
/// ("delete", pod name).
fn writes(d: &Decision) -> Vec<(&'static str, String)> {
    d.actions
        .iter()
        .filter_map(|a| match &a.change {
            Change::Create(Object::Pod(p)) => {
                Some(("create", util::target_node_name(p)?.to_string()))
            }
            Change::Delete { key, .. } => Some(("delete", key.name.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn observed_bursts_are_the_successive_syncs() {
    // 640 nodes: the first 300 are tainted and already run a pod that must go, the rest
    // need one. One sync makes 250 of each; the simulator's reconcile makes all of them,
    // in the order the successive syncs would, each seeing the writes of the one before.
    let ds = plain();
    let mut objects = Vec::new();
    for i in 0..640 {
        let taints = if i < 300 {
            json!([{"key": "gone", "effect": "NoExecute"}])
        } else {
            json!([])
        };
        objects.push(node(&format!("n{i:03}"), json!({}), taints));
        if i < 300 {
            let name = format!("fluentd-{i:03}");
            objects.push(pod(
                &ds,
                &name,
                &format!("n{i:03}"),
                "",
                "2026-01-01T00:00:00Z",
                true,
            ));
        }
    }
    let mut store = Store::default();
    let mut rng = Rng::new(1);
    for o in objects {
        store.insert(o, &mut rng);
    }
    let now = Time::parse_rfc3339("2026-01-01T00:10:00Z").unwrap();
    let all = reconcile_observed(&ds, &View { store: &store, now });
    assert_eq!(created_on(&all).len(), 340);
    assert_eq!(deleted(&all).len(), 300);

    let mut successive = Vec::new();
    for _ in 0..10 {
        let one = reconcile(&ds, &View { store: &store, now });
        let step = writes(&one);
        assert!(created_on(&one).len() <= BURST_REPLICAS);
        assert!(deleted(&one).len() <= BURST_REPLICAS);
        if step.is_empty() {
            break;
        }
        successive.extend(step);
        for a in one.actions {
            match a.change {
                Change::Create(o) => {
                    store.create(o, now, &mut rng).unwrap();
                }
                Change::Delete { key, .. } => {
                    store.remove(&key);
                }
                _ => {}
            }
        }
    }
    assert_eq!(writes(&all), successive);
}

#[test]
fn status_counts_node_by_node() {
    let ds = plain();
    let t0 = "2026-01-01T00:00:00Z";
    let mut tainted = kind_nodes();
    tainted[3] = node(
        "kind-worker3",
        json!({}),
        json!([{"key": "maintenance", "effect": "NoSchedule"}]),
    );
    let objects: Vec<Object> = tainted
        .into_iter()
        .chain([
            pod(&ds, "a", "kind-worker", "", t0, true),
            pod(&ds, "b", "kind-worker2", "oldhash", t0, false),
            pod(&ds, "c", "kind-worker3", "", t0, true),
        ])
        .collect();
    let s = status(&run(&ds, objects)).unwrap();
    // kind-worker3 has a NoSchedule taint: its pod stays but is misscheduled.
    assert_eq!(
        (
            s.desired_number_scheduled,
            s.current_number_scheduled,
            s.number_ready,
            s.updated_number_scheduled,
            s.number_available,
            s.number_unavailable,
            s.number_misscheduled,
            s.observed_generation
        ),
        (2, 2, 1, Some(1), Some(1), Some(1), 1, Some(1))
    );
}

#[test]
fn min_ready_seconds_delays_availability_and_requeues() {
    let mut ds = plain();
    ds.spec.min_ready_seconds = Some(900);
    let objects: Vec<Object> = kind_nodes()
        .into_iter()
        .chain([pod(
            &ds,
            "a",
            "kind-worker",
            "",
            "2026-01-01T00:00:00Z",
            true,
        )])
        .collect();
    let d = run(&ds, objects);
    let s = status(&d).unwrap();
    assert_eq!((s.number_ready, s.number_available), (1, Some(0)));
    // Ready at 00:00, now 00:10, available at 00:15.
    assert_eq!(
        d.requeue_after,
        Some(crate::state::clock::Duration::seconds(300))
    );
}

#[test]
fn rolling_update_steps() {
    let t0 = "2026-01-01T00:00:00Z";
    // (strategy, ready old pods on the 3 workers?, pods deleted, nodes created on)
    let cases = [
        (
            rolling(json!(1), json!(0)),
            [true, true, true],
            vec!["p1"],
            vec![],
        ),
        (
            rolling(json!("50%"), json!(0)),
            [true, true, true],
            vec!["p1", "p2"],
            vec![],
        ),
        (
            rolling(json!("100%"), json!(0)),
            [true, true, true],
            vec!["p1", "p2", "p3"],
            vec![],
        ),
        // An unavailable old pod is replaced at once and uses up the budget.
        (
            rolling(json!(1), json!(0)),
            [true, false, true],
            vec!["p2"],
            vec![],
        ),
        (
            rolling(json!(0), json!(1)),
            [true, true, true],
            vec![],
            vec!["kind-worker"],
        ),
        (
            rolling(json!(0), json!("100%")),
            [true, true, true],
            vec![],
            vec!["kind-worker", "kind-worker2", "kind-worker3"],
        ),
        // With surge, an unavailable old pod gets its replacement at once, beyond maxSurge.
        (
            rolling(json!(0), json!(1)),
            [false, true, true],
            vec![],
            vec!["kind-worker", "kind-worker2"],
        ),
        // Both 0: maxUnavailable becomes 1.
        (
            rolling(json!(0), json!(0)),
            [true, true, true],
            vec!["p1"],
            vec![],
        ),
        (
            json!({"type": "OnDelete"}),
            [true, true, true],
            vec![],
            vec![],
        ),
    ];
    for (strategy, ready, want_deleted, want_created) in cases {
        let ds = daemonset(json!({}), strategy.clone());
        let objects: Vec<Object> = kind_nodes()
            .into_iter()
            .chain(
                ["kind-worker", "kind-worker2", "kind-worker3"]
                    .iter()
                    .zip(ready)
                    .enumerate()
                    .map(|(i, (n, r))| pod(&ds, &format!("p{}", i + 1), n, "oldhash", t0, r)),
            )
            .collect();
        let d = run(&ds, objects);
        assert_eq!(deleted(&d), want_deleted, "{strategy}");
        assert_eq!(created_on(&d), want_created, "{strategy}");
    }
}

#[test]
fn surge_keeps_old_until_new_is_available() {
    let ds = daemonset(json!({}), rolling(json!(0), json!(1)));
    let t0 = "2026-01-01T00:00:00Z";
    let t1 = "2026-01-01T00:05:00Z";
    // (new pod ready?, old pod ready?, deleted)
    let cases = [
        (false, true, vec![]),
        (true, true, vec!["old"]),
        (false, false, vec!["old"]),
    ];
    for (new_ready, old_ready, want) in cases {
        let objects: Vec<Object> = kind_nodes()
            .into_iter()
            .chain([
                pod(&ds, "old", "kind-worker", "oldhash", t0, old_ready),
                pod(&ds, "new", "kind-worker", "", t1, new_ready),
                pod(&ds, "w2", "kind-worker2", "", t0, true),
                pod(&ds, "w3", "kind-worker3", "", t0, true),
            ])
            .collect();
        let d = run(&ds, objects);
        assert_eq!(
            deleted(&d),
            want,
            "new ready {new_ready}, old ready {old_ready}"
        );
        assert!(created_on(&d).is_empty());
    }
}

#[test]
fn claims_orphans_and_releases_strays() {
    let ds = plain();
    let orphan = with_status(
        pod(
            &ds,
            "orphan",
            "kind-worker",
            "",
            "2026-01-01T00:00:00Z",
            true,
        ),
        |p| {
            p.metadata.owner_references = None;
        },
    );
    let stray = with_status(
        pod(
            &ds,
            "stray",
            "kind-worker2",
            "",
            "2026-01-01T00:00:00Z",
            true,
        ),
        |p| {
            p.metadata.labels = Some([("app".to_string(), "other".to_string())].into());
        },
    );
    let d = run(
        &ds,
        kind_nodes().into_iter().chain([orphan, stray]).collect(),
    );
    let updates: Vec<String> = d
        .actions
        .iter()
        .filter(|a| a.verb() == "update")
        .map(|a| a.reason.en.clone())
        .collect();
    assert_eq!(updates.len(), 2, "{updates:?}");
    assert!(updates
        .iter()
        .any(|u| u.contains("pod/orphan") && u.contains("adopt it")));
    assert!(updates
        .iter()
        .any(|u| u.contains("pod/stray") && u.contains("release it")));
    // The adopted pod counts; the released one does not.
    assert_eq!(created_on(&d), ["kind-worker2", "kind-worker3"]);
}

#[test]
fn reports_say_why_node_by_node() {
    let ds = daemonset(
        json!({"nodeSelector": {"hardware": "gpu"}}),
        rolling(json!(1), json!(0)),
    );
    let mut store = Store::default();
    let mut rng = Rng::new(1);
    for o in [
        node("cpu-1", json!({"hardware": "cpu"}), json!([])),
        node("gpu-1", json!({"hardware": "gpu"}), json!([])),
        node(
            "gpu-2",
            json!({"hardware": "gpu"}),
            json!([{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]),
        ),
        pod(&ds, "g1", "gpu-1", "", "2026-01-01T00:00:00Z", true),
    ] {
        store.insert(o, &mut rng);
    }
    let r = node_reports(
        &ds,
        &store,
        Time::parse_rfc3339("2026-01-01T00:10:00Z").unwrap(),
    );
    let lines: Vec<(&str, bool, &str)> = r
        .iter()
        .map(|n| (n.node.as_str(), n.should_run, n.text.en.as_str()))
        .collect();
    assert_eq!(lines[0].0, "cpu-1");
    assert!(
        !lines[0].1
            && lines[0]
                .2
                .contains("nodeSelector wants hardware=gpu, the node has hardware=cpu"),
        "{lines:?}"
    );
    assert!(
        lines[1].1
            && lines[1]
                .2
                .contains("pod/g1 (Running, ready, current template)"),
        "{lines:?}"
    );
    assert!(
        !lines[2].1 && lines[2].2.contains("dedicated=gpu:NoSchedule"),
        "{lines:?}"
    );
    assert!(r.iter().all(|n| !n.text.ko.is_empty()));
}
