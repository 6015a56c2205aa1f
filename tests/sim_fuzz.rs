//! Fuzzing the engine (proptest): random sequences of operations (apply, delete, scale,
//! node add/remove/down/up, cordon, drain, advance) with invariants after each: the call
//! returns within a work bound, no pod is bound to a missing node, no object is duplicated;
//! at the end, with every node back, each Deployment owns exactly its replicas, and the same
//! seed and operations give the same trace. `PROPTEST_CASES` sets the number of sequences
//! (`scripts/fuzz.sh` runs many); failures are kept in `tests/sim_fuzz.proptest-regressions`.

use std::collections::{BTreeMap, BTreeSet};

use kubesim::controllers::podutil;
use kubesim::manifest::load::load_text;
use kubesim::sim::clock::Duration;
use kubesim::sim::engine::{Cluster, ClusterConfig};
use kubesim::sim::topology::NodeShape;
use proptest::prelude::*;

const NODES: &[&str] = &[
    "kind-worker",
    "kind-worker2",
    "kind-worker3",
    "extra-1",
    "extra-2",
];
const APPS: &[&str] = &["a", "b"];
/// Trace steps one operation and the run after it may take.
const MAX_STEPS_PER_OP: usize = 5_000;

#[derive(Debug, Clone)]
enum Op {
    Apply(usize, u8),
    Delete(usize),
    Scale(usize, u8),
    AddNode(usize),
    RemoveNode(usize),
    NodeDown(usize),
    NodeUp(usize),
    Cordon(usize),
    Drain(usize),
    Advance(u16),
}

fn op() -> impl Strategy<Value = Op> {
    let app = 0..APPS.len();
    let node = 0..NODES.len();
    prop_oneof![
        (app.clone(), 0u8..7).prop_map(|(a, n)| Op::Apply(a, n)),
        app.clone().prop_map(Op::Delete),
        (app, 0u8..7).prop_map(|(a, n)| Op::Scale(a, n)),
        node.clone().prop_map(Op::AddNode),
        node.clone().prop_map(Op::RemoveNode),
        node.clone().prop_map(Op::NodeDown),
        node.clone().prop_map(Op::NodeUp),
        node.clone().prop_map(Op::Cordon),
        node.prop_map(Op::Drain),
        (0u16..3600).prop_map(Op::Advance),
    ]
}

fn deployment(name: &str, replicas: u8) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}}}\nspec:\n  replicas: {replicas}\n  selector: {{matchLabels: {{app: {name}}}}}\n  template:\n    metadata: {{labels: {{app: {name}}}}}\n    spec:\n      containers: [{{name: c, image: nginx, resources: {{requests: {{cpu: 500m}}}}}}]\n"
    )
}

fn apply(c: &mut Cluster, name: &str, replicas: u8) {
    let objects = load_text(&deployment(name, replicas), "fuzz.yaml")
        .expect("manifest")
        .into_iter()
        .map(|l| l.object)
        .collect();
    c.apply(objects).expect("apply");
}

/// Does `op`; refusals (a missing node, a node already there) are fine, as in kubectl.
fn run_op(c: &mut Cluster, op: &Op, wanted: &mut BTreeMap<String, u8>) {
    match *op {
        Op::Apply(a, n) => {
            apply(c, APPS[a], n);
            wanted.insert(APPS[a].to_string(), n);
        }
        Op::Delete(a) => {
            if c.kubectl(&format!("delete deployment {}", APPS[a])).is_ok() {
                wanted.remove(APPS[a]);
            }
        }
        Op::Scale(a, n) => {
            if c.kubectl(&format!("scale deployment/{} --replicas={n}", APPS[a]))
                .is_ok()
            {
                wanted.insert(APPS[a].to_string(), n);
            }
        }
        Op::AddNode(i) => {
            let _ = c.add_node(
                NODES[i],
                &BTreeMap::new(),
                Vec::new(),
                &NodeShape::default(),
                false,
            );
        }
        Op::RemoveNode(i) => {
            let _ = c.remove_node(NODES[i], "kubectl");
        }
        Op::NodeDown(i) => {
            let _ = c.node_down(NODES[i], true);
        }
        Op::NodeUp(i) => {
            let _ = c.node_up(NODES[i]);
        }
        Op::Cordon(i) => {
            let _ = c.kubectl(&format!("cordon {}", NODES[i]));
        }
        Op::Drain(i) => {
            let _ = c.kubectl(&format!("drain {} --ignore-daemonsets", NODES[i]));
        }
        Op::Advance(s) => {
            c.advance(Duration::seconds(i64::from(s))).expect("advance");
        }
    }
}

fn invariants(c: &Cluster) -> Result<(), TestCaseError> {
    let nodes: BTreeSet<String> = c.node_names().into_iter().collect();
    for p in c.store.pods() {
        let node = podutil::node_name(p);
        prop_assert!(
            node.is_empty() || nodes.contains(node),
            "pod {:?} on missing node {node}",
            p.metadata.name
        );
    }
    let mut seen = BTreeSet::new();
    for o in c.store.all() {
        let id = (
            o.kind().to_string(),
            o.metadata().namespace.clone(),
            o.metadata().name.clone(),
        );
        prop_assert!(seen.insert(id.clone()), "{id:?} twice");
    }
    Ok(())
}

fn simulate(seed: u64, ops: &[Op]) -> Result<(Cluster, BTreeMap<String, u8>), TestCaseError> {
    let mut c = Cluster::new(ClusterConfig {
        seed,
        ..ClusterConfig::default()
    })
    .expect("cluster");
    let mut wanted = BTreeMap::new();
    apply(&mut c, "web", 2);
    wanted.insert("web".to_string(), 2);
    c.run(Duration::seconds(600)).expect("run");
    for op in ops {
        let steps = c.trace().len();
        run_op(&mut c, op, &mut wanted);
        c.run(Duration::seconds(600))
            .map_err(|e| TestCaseError::fail(format!("{op:?}: {e}")))?;
        // A work bound, not a wall-clock one (debug builds on a loaded machine are slow):
        // one operation on a handful of pods is a few hundred steps, never a runaway.
        let work = c.trace().len() - steps;
        prop_assert!(work < MAX_STEPS_PER_OP, "{op:?} took {work} steps");
        invariants(&c)?;
    }
    for node in c.node_names() {
        let _ = c.node_up(&node);
        let _ = c.kubectl(&format!("uncordon {node}"));
    }
    c.advance(Duration::seconds(3600)).expect("advance");
    c.run(Duration::seconds(600)).expect("run");
    invariants(&c)?;
    Ok((c, wanted))
}

/// The short run of the test command: two fixed sequences (a debug build on a loaded machine
/// simulates slowly); `PROPTEST_CASES` (scripts/fuzz.sh) asks for many, randomly drawn.
fn config() -> ProptestConfig {
    match std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        Some(cases) => ProptestConfig::with_cases(cases),
        None => ProptestConfig {
            cases: 2,
            rng_seed: proptest::test_runner::RngSeed::Fixed(19),
            ..ProptestConfig::default()
        },
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_cluster_under_random_operations(seed in 0u64..4, ops in prop::collection::vec(op(), 0..8)) {
        let (c, wanted) = simulate(seed, &ops)?;
        for (name, replicas) in &wanted {
            let live = c
                .store
                .pods()
                .filter(|p| p.metadata.deletion_timestamp.is_none())
                .filter(|p| {
                    p.metadata
                        .labels
                        .as_ref()
                        .and_then(|l| l.get("app"))
                        .is_some_and(|a| a == name)
                })
                .count();
            prop_assert_eq!(live, usize::from(*replicas), "deployment {}", name);
        }
        let (again, _) = simulate(seed, &ops)?;
        prop_assert_eq!(c.trace(), again.trace());
    }
}
