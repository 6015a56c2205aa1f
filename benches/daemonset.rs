//! The DaemonSet controller at scale.
//!
//! - placement: the controller's verdict (should run, should keep running) for 5,000
//!   nodes with mixed labels and taints × 100 DaemonSets, as one sync computes it
//!   (`sync_state`: the compiled predicate, every node's verdict, the pods grouped by node);
//! - one steady-state sync of one DaemonSet at 5,000 nodes and 50,000 daemon pods (the work
//!   every reconcile round repeats);
//! - a full simulation: 5,000 nodes × 10 DaemonSets that tolerate every taint (50,000 pods)
//!   from nothing to steady state, then one node added and one removed.
//!
//! After criterion, the report: time and peak memory (VmHWM, each size in a fresh process)
//! of the full simulation as the nodes double from 625 to 5,000, with the growth factor per
//! doubling (2.0 is linear).
//!
//! With `DAEMONSET_BENCH_INSTRUCTIONS=1` the report also counts each size's instructions
//! under callgrind (minutes; needs valgrind): the count is what grows linearly, while the
//! seconds also pay for a working set that outgrows the caches.
//!
//! `cargo bench --bench daemonset` (set `DAEMONSET_BENCH_REPORT=0` to skip the report,
//! `DAEMONSET_BENCH_ONLY_REPORT=1` to skip criterion).

use std::collections::BTreeMap;
use std::hint::black_box;
use std::process::Command;
use std::time::Instant;

use criterion::Criterion;
use kubesim::api::daemonset::DaemonSet;
use kubesim::api::node::Node;
use kubesim::api::object::Object;
use kubesim::controllers::daemonset::{reconcile, sync_state};
use kubesim::controllers::View;
use kubesim::manifest::load::load_value;
use kubesim::scheduling::DaemonPredicate;
use kubesim::sim::clock::Duration;
use kubesim::sim::engine::{Cluster, ClusterConfig};
use kubesim::sim::store::Key;
use kubesim::sim::topology::{NodeShape, Topology};
use serde_json::json;

/// Node `i` of a mixed cluster: three zones, one node in ten with a GPU (and a
/// `dedicated=gpu:NoSchedule` taint on half of those), one in seven tainted
/// `dedicated=infra:NoSchedule`, one in 50 with a NoExecute maintenance taint.
fn node(i: usize) -> Node {
    let name = format!("node-{i:05}");
    let mut labels = json!({"kubernetes.io/hostname": name, "zone": format!("z{}", i % 3)});
    if i % 10 == 0 {
        labels["hardware"] = json!("gpu");
    }
    let mut taints = Vec::new();
    if i % 20 == 0 {
        taints.push(json!({"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}));
    }
    if i % 7 == 0 {
        taints.push(json!({"key": "dedicated", "value": "infra", "effect": "NoSchedule"}));
    }
    if i % 50 == 1 {
        taints.push(json!({"key": "maintenance", "effect": "NoExecute"}));
    }
    serde_json::from_value(json!({
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": name, "labels": labels},
        "spec": {"taints": taints},
        "status": {"allocatable": {"cpu": "64", "memory": "256Gi", "pods": "110"}}
    }))
    .expect("node")
}

/// DaemonSet `i`: everywhere, GPU nodes only, tolerating the infra taint, two zones by node
/// affinity, or everywhere with every taint tolerated.
fn daemonset_json(i: usize) -> serde_json::Value {
    let name = format!("ds-{i}");
    let mut spec = json!({"containers": [{"name": "agent", "image": format!("agent:{i}"),
        "resources": {"requests": {"cpu": "50m", "memory": "64Mi"}}}]});
    match i % 5 {
        1 => spec["nodeSelector"] = json!({"hardware": "gpu"}),
        2 => spec["tolerations"] = json!([{"key": "dedicated", "operator": "Exists"}]),
        3 => {
            spec["affinity"] = json!({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["z1", "z2"]}]}]}}})
        }
        4 => spec["tolerations"] = json!([{"operator": "Exists"}]),
        _ => {}
    }
    json!({"apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": name, "namespace": "default", "uid": format!("uid-{i}")},
        "spec": {"selector": {"matchLabels": {"app": name}},
                 "template": {"metadata": {"labels": {"app": name}}, "spec": spec}}})
}

/// DaemonSet `i` of the full simulation: like [`daemonset_json`] but tolerating every
/// taint and selecting no labels, so that the 10 of them run on every node (50,000 pods at
/// 5,000 nodes, as the issue asks).
fn everywhere_json(i: usize) -> serde_json::Value {
    let mut v = daemonset_json(i);
    let spec = &mut v["spec"]["template"]["spec"];
    if let Some(o) = spec.as_object_mut() {
        o.remove("nodeSelector");
        o.remove("affinity");
    }
    spec["tolerations"] = json!([{"operator": "Exists"}]);
    v
}

fn daemonset(i: usize) -> DaemonSet {
    match load_value(&daemonset_json(i), "bench").map(|mut l| l.remove(0).object) {
        Ok(Object::DaemonSet(ds)) => ds,
        other => panic!("{other:?}"),
    }
}

/// A cluster of `n` mixed nodes (no control plane).
fn cluster(n: usize) -> Cluster {
    let mut c = Cluster::new(ClusterConfig {
        topology: Topology {
            control_planes: 0,
            workers: 0,
            shape: NodeShape::default(),
        },
        ..ClusterConfig::default()
    })
    .expect("cluster");
    let shape = NodeShape {
        cpu: "64".into(),
        memory: "256Gi".into(),
        pods: "110".into(),
    };
    for i in 0..n {
        let template = node(i);
        let labels: BTreeMap<String, String> = template.metadata.labels.unwrap_or_default();
        let taints = template.spec.taints.unwrap_or_default();
        c.add_node(&format!("node-{i:05}"), &labels, taints, &shape, false)
            .expect("node");
    }
    c
}

fn apply_daemonsets(c: &mut Cluster, count: usize) {
    let objects: Vec<Object> = (0..count)
        .flat_map(|i| load_value(&everywhere_json(i), "bench").expect("ds"))
        .map(|l| l.object)
        .collect();
    c.apply(objects).expect("apply");
}

fn daemon_pods(c: &Cluster) -> usize {
    c.store.pods().count()
}

/// CPU time of this thread in seconds (`/proc/thread-self/schedstat`): on a shared machine
/// the wall clock also counts the time other processes had the CPU.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .next()
                .and_then(|v| v.parse::<f64>().ok())
        })
        .map_or(0.0, |ns| ns / 1e9)
}

/// One phase of the full simulation: wall and CPU seconds, and the peak resident memory
/// of the process when it ended (KiB).
#[derive(Clone, Copy)]
struct Phase {
    wall: f64,
    cpu: f64,
    peak_kib: u64,
}

/// Times `f` and reads the peak memory after it.
fn timed(f: impl FnOnce()) -> Phase {
    let (t, c) = (Instant::now(), cpu_seconds());
    f();
    Phase {
        wall: t.elapsed().as_secs_f64(),
        cpu: cpu_seconds() - c,
        peak_kib: peak_rss_kib(),
    }
}

/// The full simulation at `n` nodes: to steady state, to add a node and settle, to remove
/// one and settle.
fn full_simulation(n: usize) -> [Phase; 3] {
    let mut c = cluster(n);
    let steady = timed(|| {
        apply_daemonsets(&mut c, 10);
        c.run(Duration::seconds(600)).expect("run");
    });
    let labels: BTreeMap<String, String> = [("zone".to_string(), "z1".to_string())].into();
    let added = timed(|| {
        c.add_node("node-new", &labels, vec![], &NodeShape::default(), false)
            .expect("add");
        c.run(Duration::seconds(600)).expect("run");
    });
    let removed = timed(|| {
        c.remove_node("node-00002", "kubectl").expect("remove");
        c.run(Duration::seconds(600)).expect("run");
    });
    assert_eq!(daemon_pods(&c), expected_pods(n));
    [steady, added, removed]
}

/// The 10 DaemonSets run on every node: after one node is added and one removed, as many
/// pods as at the start.
fn expected_pods(n: usize) -> usize {
    10 * n
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn bench(c: &mut Criterion) {
    let nodes: Vec<Node> = (0..5000).map(node).collect();
    let sets: Vec<DaemonSet> = (0..100).map(daemonset).collect();
    let mut g = c.benchmark_group("daemonset");
    g.sample_size(20);
    let predicates: Vec<DaemonPredicate> = sets.iter().map(DaemonPredicate::new).collect();
    g.bench_function(
        "placement verdicts only, 5000 nodes x 100 DaemonSets",
        |b| {
            b.iter(|| {
                let mut run = 0usize;
                for p in &predicates {
                    for n in &nodes {
                        run += usize::from(p.verdict(black_box(n)).0);
                    }
                }
                run
            })
        },
    );
    g.bench_function("placement, 5000 nodes x 100 DaemonSets", |b| {
        b.iter(|| {
            let mut run = 0;
            for ds in &sets {
                let state = sync_state(ds, nodes.iter(), &[], String::new());
                run += state.nodes.iter().filter(|v| v.should_run).count();
            }
            black_box(run)
        })
    });

    let mut sim = cluster(5000);
    apply_daemonsets(&mut sim, 10);
    sim.run(Duration::seconds(600)).expect("run");
    let key = Key::new("DaemonSet", "default", "ds-0");
    let Some(Object::DaemonSet(ds0)) = sim.store.get(&key).cloned() else {
        panic!("ds-0");
    };
    g.bench_function(
        "one steady-state sync, 5000 nodes, 50000 daemon pods",
        |b| {
            b.iter(|| {
                let view = View {
                    store: &sim.store,
                    now: sim.now,
                };
                let d = reconcile(black_box(&ds0), &view);
                assert!(d.actions.is_empty());
            })
        },
    );
    g.sample_size(10);
    g.bench_function("add a node and settle, 5000 nodes x 10 DaemonSets", |b| {
        let mut k = 0;
        b.iter(|| {
            k += 1;
            let name = format!("extra-{k}");
            sim.add_node(
                &name,
                &BTreeMap::new(),
                vec![],
                &NodeShape::default(),
                false,
            )
            .expect("add");
            sim.run(Duration::seconds(600)).expect("run");
            sim.remove_node(&name, "kubectl").expect("remove");
            sim.run(Duration::seconds(600)).expect("run");
        })
    });
    drop(sim);
    g.bench_function(
        "full simulation to steady state, 5000 nodes x 10 DaemonSets",
        |b| {
            b.iter_with_setup(
                || cluster(5000),
                |mut c| {
                    apply_daemonsets(&mut c, 10);
                    c.run(Duration::seconds(600)).expect("run");
                    c
                },
            )
        },
    );
    g.finish();
}

/// One size in this process: prints `nodes pods`, then wall seconds, CPU seconds and peak
/// KiB of each phase.
fn child(n: usize) {
    let phases = full_simulation(n);
    let mut line = format!("{n} {}", expected_pods(n));
    for p in phases {
        line.push_str(&format!(" {:.4} {:.4} {}", p.wall, p.cpu, p.peak_kib));
    }
    println!("{line}");
}

/// Instructions the child for `n` nodes executes, counted by callgrind (whole process:
/// building the nodes, the three phases and dropping the cluster). Unlike seconds, the
/// count does not depend on the caches or on what else the machine runs.
fn instructions(exe: &std::path::Path, n: usize) -> Option<f64> {
    let out = std::env::temp_dir().join(format!("kubesim-daemonset-{n}.callgrind"));
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(exe)
        .env("DAEMONSET_BENCH_CHILD", n.to_string())
        .output()
        .ok()?;
    let text = std::fs::read_to_string(&out).ok();
    let _ = std::fs::remove_file(&out);
    if !status.status.success() {
        return None;
    }
    text?
        .lines()
        .find_map(|l| l.strip_prefix("summary:"))
        .and_then(|v| v.trim().parse().ok())
}

fn report() {
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    println!("\nfull simulation, 10 DaemonSets, each size in a fresh process; CPU seconds (wall), peak resident MiB at the end of each phase:");
    println!(
        "{:>6} {:>7} {:>26} {:>26} {:>26} {:>7} {:>7}",
        "nodes", "pods", "to steady state", "add a node", "remove a node", "x cpu", "x mem"
    );
    let mut prev: Option<(f64, f64)> = None;
    for n in sizes_from_env() {
        let Ok(out) = Command::new(&exe)
            .env("DAEMONSET_BENCH_CHILD", n.to_string())
            .output()
        else {
            continue;
        };
        let text = String::from_utf8_lossy(&out.stdout);
        let f: Vec<f64> = text
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        let [nodes, pods, sw, sc, sp, aw, ac, ap, rw, rc, rp] = f[..] else {
            println!("{n}: {text} {}", String::from_utf8_lossy(&out.stderr));
            continue;
        };
        let cell = |wall: f64, cpu: f64, kib: f64| {
            format!("{cpu:.3} s ({wall:.3}) {:>5.0} MiB", kib / 1024.0)
        };
        let (xc, xm) = match prev {
            Some((c, m)) => (format!("{:.2}", sc / c), format!("{:.2}", sp / m)),
            None => ("-".into(), "-".into()),
        };
        println!(
            "{nodes:>6} {pods:>7} {:>26} {:>26} {:>26} {xc:>7} {xm:>7}",
            cell(sw, sc, sp),
            cell(aw, ac, ap),
            cell(rw, rc, rp),
        );
        prev = Some((sc, sp));
    }
    if std::env::var("DAEMONSET_BENCH_INSTRUCTIONS").is_ok_and(|v| v == "1") {
        println!("\ninstructions of the whole child process (callgrind):");
        println!("{:>6} {:>16} {:>7}", "nodes", "instructions", "x");
        let mut prev: Option<f64> = None;
        for n in sizes_from_env() {
            let Some(count) = instructions(&exe, n) else {
                println!("{n:>6} valgrind unavailable or failed");
                continue;
            };
            let x = prev.map_or("-".to_string(), |p| format!("{:.2}", count / p));
            println!("{n:>6} {:>16.0} {x:>7}", count);
            prev = Some(count);
        }
    }
}

/// The node counts of the report: `DAEMONSET_BENCH_SIZES` (comma-separated) or 625 to 5,000.
fn sizes_from_env() -> Vec<usize> {
    std::env::var("DAEMONSET_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![625, 1250, 2500, 5000])
}

fn main() {
    if let Some(n) = std::env::var("DAEMONSET_BENCH_CHILD")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        child(n);
        return;
    }
    let only_report = std::env::var("DAEMONSET_BENCH_ONLY_REPORT").is_ok_and(|v| v == "1");
    if !only_report {
        let mut c = Criterion::default().configure_from_args();
        bench(&mut c);
        c.final_summary();
    }
    if std::env::var("DAEMONSET_BENCH_REPORT").map_or(true, |v| v != "0") {
        report();
    }
}
