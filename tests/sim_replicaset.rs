//! The simulator end to end with the ReplicaSet controller: the scenarios of the course's
//! ReplicaSet lesson.

use kubesim::api::object::Object;
use kubesim::controllers::podutil;
use kubesim::controllers::Propagation;
use kubesim::manifest::load::load_text;
use kubesim::sim::clock::Duration;
use kubesim::sim::engine::{Cluster, ClusterConfig};
use kubesim::sim::store::Key;

const RS: &str = "
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
spec:
  replicas: 3
  selector:
    matchLabels:
      tier: frontend
  template:
    metadata:
      labels:
        tier: frontend
    spec:
      containers:
      - name: php-redis
        image: us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5
";

fn cluster_with(text: &str) -> Cluster {
    let mut c = Cluster::new(ClusterConfig::default()).unwrap();
    let objs = load_text(text, "t.yaml")
        .unwrap()
        .into_iter()
        .map(|l| l.object)
        .collect();
    c.apply(objs).unwrap();
    c.run(Duration::seconds(600)).unwrap();
    c
}

fn running(c: &Cluster) -> Vec<(String, String)> {
    c.store
        .pods()
        .filter(|p| podutil::is_active(p) && podutil::is_ready(p))
        .map(|p| {
            (
                p.metadata.name.clone().unwrap(),
                podutil::node_name(p).to_string(),
            )
        })
        .collect()
}

fn scale(c: &mut Cluster, n: i32) {
    let key = Key::new("ReplicaSet", "default", "frontend");
    c.store
        .modify(&key, |o| {
            if let Object::ReplicaSet(rs) = o {
                rs.spec.replicas = Some(n);
            }
        })
        .unwrap();
    c.run(Duration::seconds(600)).unwrap();
}

#[test]
fn three_replicas_spread_over_the_workers() {
    let c = cluster_with(RS);
    let pods = running(&c);
    assert_eq!(pods.len(), 3, "{pods:?}");
    let mut nodes: Vec<&str> = pods.iter().map(|(_, n)| n.as_str()).collect();
    nodes.sort();
    assert_eq!(nodes, ["kind-worker", "kind-worker2", "kind-worker3"]);
    assert!(pods
        .iter()
        .all(|(n, _)| n.starts_with("frontend-") && n.len() == "frontend-".len() + 5));
    let rs = match c.store.get(&Key::new("ReplicaSet", "default", "frontend")) {
        Some(Object::ReplicaSet(rs)) => rs.clone(),
        other => panic!("{other:?}"),
    };
    let status = rs.status.unwrap();
    assert_eq!(
        (
            status.replicas,
            status.ready_replicas,
            status.available_replicas
        ),
        (3, Some(3), Some(3))
    );
    let created = c
        .events
        .all()
        .iter()
        .filter(|e| e.reason == "SuccessfulCreate")
        .count();
    assert_eq!(created, 3);
}

#[test]
fn same_seed_same_names_and_trace() {
    let a = cluster_with(RS);
    let b = cluster_with(RS);
    assert_eq!(running(&a), running(&b));
    assert_eq!(a.trace(), b.trace());
}

#[test]
fn a_deleted_pod_is_replaced() {
    let mut c = cluster_with(RS);
    let (victim, _) = running(&c)[0].clone();
    c.delete(
        &Key::pod("default", &victim),
        Propagation::Background,
        "kubectl",
    )
    .unwrap();
    c.run(Duration::seconds(600)).unwrap();
    let pods = running(&c);
    assert_eq!(pods.len(), 3);
    assert!(!pods.iter().any(|(n, _)| *n == victim));
}

#[test]
fn scale_up_then_down_removes_doubled_up_and_newest_pods() {
    let mut c = cluster_with(RS);
    let first: Vec<String> = running(&c).into_iter().map(|(n, _)| n).collect();
    scale(&mut c, 5);
    assert_eq!(running(&c).len(), 5);
    scale(&mut c, 2);
    let left = running(&c);
    assert_eq!(left.len(), 2);
    // The two pods added later share nodes with older ones and are newer: they go first.
    assert!(
        left.iter().all(|(n, _)| first.contains(n)),
        "{left:?} vs {first:?}"
    );
    let mut nodes: Vec<_> = left.iter().map(|(_, n)| n.clone()).collect();
    nodes.dedup();
    assert_eq!(
        nodes.len(),
        2,
        "no node keeps two pods while another has none"
    );
}

#[test]
fn removing_a_worker_moves_its_pods() {
    let mut c = cluster_with(RS);
    c.remove_node("kind-worker2", "kubectl").unwrap();
    c.run(Duration::seconds(600)).unwrap();
    let pods = running(&c);
    assert_eq!(pods.len(), 3);
    assert!(pods
        .iter()
        .all(|(_, n)| n == "kind-worker" || n == "kind-worker3"));
}

#[test]
fn a_stray_pod_with_matching_labels_is_adopted() {
    let stray = "
apiVersion: v1
kind: Pod
metadata:
  name: stray
  labels:
    tier: frontend
spec:
  containers:
  - name: c
    image: nginx
";
    let mut c = cluster_with(RS);
    let objs = load_text(stray, "s.yaml")
        .unwrap()
        .into_iter()
        .map(|l| l.object)
        .collect();
    c.apply(objs).unwrap();
    c.run(Duration::seconds(600)).unwrap();
    let owned: Vec<_> = c
        .store
        .pods()
        .filter(|p| podutil::is_active(p))
        .filter(|p| {
            p.metadata
                .controller_ref()
                .is_some_and(|r| r.name == "frontend")
        })
        .map(|p| p.metadata.name.clone().unwrap())
        .collect();
    assert_eq!(owned.len(), 3, "{owned:?}");
    assert!(
        c.trace()
            .iter()
            .any(|s| s.target == "pod/stray" && s.verb == "update"),
        "adopted"
    );
}

#[test]
fn a_node_that_goes_not_ready_loses_its_pods_after_300_seconds() {
    let mut c = cluster_with(RS);
    let start = c.now;
    c.node_down("kind-worker", true).unwrap();
    c.advance(Duration::seconds(299)).unwrap();
    assert!(c
        .store
        .pods()
        .all(|p| p.metadata.deletion_timestamp.is_none()));
    c.advance(Duration::seconds(10)).unwrap();
    let evicted: Vec<_> = c
        .store
        .pods()
        .filter(|p| p.metadata.deletion_timestamp.is_some())
        .collect();
    assert_eq!(evicted.len(), 1);
    assert_eq!(podutil::node_name(evicted[0]), "kind-worker");
    c.run(Duration::seconds(60)).unwrap();
    let ready = running(&c);
    assert_eq!(ready.len(), 3);
    assert!(ready.iter().all(|(_, n)| n != "kind-worker"));
    assert!(c.now.since(start).as_secs() >= 300);
}

#[test]
fn a_pod_that_fits_nowhere_gets_the_real_failed_scheduling_message() {
    let text = RS.replace("replicas: 3", "replicas: 1").replace(
        "        image: us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5",
        "        image: nginx\n        resources:\n          requests:\n            cpu: \"5\"",
    );
    let c = cluster_with(&text);
    let e = c
        .events
        .all()
        .iter()
        .find(|e| e.reason == "FailedScheduling")
        .expect("event");
    assert!(
        e.message.starts_with(
            "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. "
        ),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("preemption: 0/4 nodes are available"),
        "{}",
        e.message
    );
    let pending = c
        .store
        .pods()
        .filter(|p| podutil::phase(p) == "Pending")
        .count();
    assert_eq!(pending, 1);
}
