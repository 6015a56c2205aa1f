//! Fault scenarios that once made `run()` spin (issue 19): every one returns after a
//! bounded amount of work. The bounds are on the engine's work (instants the clock
//! stopped at), not on wall time, so the tests do not depend on the machine; the
//! benchmarks time them.

use kubesim::manifest::load::load_text;
use kubesim::sim::clock::Duration;
use kubesim::sim::engine::{Cluster, ClusterConfig};

fn apply(c: &mut Cluster, text: &str) {
    let objects = load_text(text, "t.yaml")
        .expect("manifest")
        .into_iter()
        .map(|l| l.object)
        .collect();
    c.apply(objects).expect("apply");
}

fn deployment(name: &str, replicas: u32, cpu: &str, image: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}}}
    spec:
      containers:
      - name: c
        image: {image}
        resources:
          requests: {{cpu: {cpu}}}
"
    )
}

const OTHERS: &str = "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 2
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: db
        image: postgres:16
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: fluentd:1
";

/// Runs `c.run()` for 10 minutes as the Python default does, returning the instants it
/// went through.
fn run_ten_minutes(c: &mut Cluster) -> u64 {
    let before = c.work().instants;
    c.run(Duration::seconds(600)).expect("run");
    c.work().instants - before
}

#[test]
fn draining_every_worker_leaves_pods_pending_without_spinning() {
    for with_others in [false, true] {
        let mut c = Cluster::new(ClusterConfig::default()).expect("cluster");
        apply(&mut c, &deployment("web", 4, "100m", "nginx:1.25"));
        if with_others {
            apply(&mut c, OTHERS);
        }
        c.run(Duration::seconds(600)).expect("run");
        let workers: Vec<String> = c
            .node_names()
            .into_iter()
            .filter(|n| n.contains("worker"))
            .collect();
        assert_eq!(workers.len(), 3);
        let mut last = 0;
        for w in &workers {
            c.kubectl(&format!(
                "drain {w} --ignore-daemonsets --delete-emptydir-data"
            ))
            .expect("drain");
            last = run_ten_minutes(&mut c);
        }
        let pending = c
            .store
            .pods()
            .filter(|p| p.spec.node_name.is_none())
            .count();
        assert!(pending >= 4, "pending pods: {pending}");
        // Upstream retries an unschedulable pod on a cluster event or after five minutes
        // in the unschedulable queue: a handful of attempts in ten minutes, not thousands.
        assert!(
            last < 200,
            "{last} instants in the last run (with_others={with_others})"
        );
        assert!(c.now <= kubesim::sim::clock::Time::DEFAULT_START.plus(Duration::seconds(3600)));
    }
}

#[test]
fn removing_nodes_until_pods_do_not_fit_settles() {
    let mut c = Cluster::new(ClusterConfig::default()).expect("cluster");
    apply(&mut c, &deployment("big", 3, "3", "nginx:1.25"));
    c.run(Duration::seconds(600)).expect("run");
    let workers: Vec<String> = c
        .node_names()
        .into_iter()
        .filter(|n| n.contains("worker"))
        .collect();
    c.remove_node(&workers[0], "kubectl").expect("remove");
    c.remove_node(&workers[1], "kubectl").expect("remove");
    let instants = run_ten_minutes(&mut c);
    assert!(instants < 200, "{instants} instants");
    let events = c
        .events
        .all()
        .iter()
        .filter(|e| e.reason == "FailedScheduling")
        .count();
    assert!(events >= 1);
}

#[test]
fn run_stops_at_the_last_change_and_keeps_pending_wakeups() {
    let mut c = Cluster::new(ClusterConfig::default()).expect("cluster");
    apply(&mut c, &deployment("web", 3, "100m", "nginx:1.25"));
    c.run(Duration::seconds(600)).expect("run");
    c.kubectl("set image deployment/web c=nginx:1.26")
        .expect("set image");
    let started = c.now;
    c.run(Duration::seconds(600)).expect("run");
    let last_step = c.trace().last().map(|s| s.time).expect("steps");
    // The clock reads the rollout's end, not a later progress-deadline check.
    assert_eq!(c.now, last_step);
    assert!(c.now.since(started) < Duration::seconds(60));
    // Another run() changes nothing and does not move the clock.
    let now = c.now;
    let steps = c.trace().len();
    c.run(Duration::seconds(600)).expect("run");
    assert_eq!((c.now, c.trace().len()), (now, steps));
}
