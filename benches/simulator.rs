//! The simulator at scale: a ReplicaSet of N replicas on M nodes, from apply to steady
//! state, with wall time and peak memory, and how cost grows as both double. Runs once
//! per size (these are seconds-long runs, not micro-benchmarks):
//!
//!     cargo bench --bench simulator -- [max_pods]

use std::time::Instant;

use kubesim::manifest::load::load_text;
use kubesim::sim::clock::Duration;
use kubesim::sim::engine::{Cluster, ClusterConfig};
use kubesim::sim::topology::{NodeShape, Topology};

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse::<f64>().ok())
            })
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn replicaset(replicas: usize) -> String {
    format!(
        "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels: {{app: web}}\n  template:\n    metadata:\n      labels: {{app: web}}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25\n        resources:\n          requests: {{cpu: 10m, memory: 16Mi}}\n"
    )
}

fn run(nodes: usize, pods: usize) -> (f64, usize) {
    let config = ClusterConfig {
        topology: Topology {
            control_planes: 1,
            workers: nodes,
            shape: NodeShape {
                cpu: "64".into(),
                memory: "256Gi".into(),
                pods: "110".into(),
            },
        },
        ..ClusterConfig::default()
    };
    let start = Instant::now();
    let mut c = Cluster::new(config).expect("cluster");
    let objs = load_text(&replicaset(pods), "bench.yaml").expect("manifest");
    c.apply(objs.into_iter().map(|l| l.object).collect())
        .expect("apply");
    c.run(Duration::seconds(3600)).expect("run");
    let secs = start.elapsed().as_secs_f64();
    let ready = c
        .store
        .pods()
        .filter(|p| kubesim::controllers::podutil::is_ready(p))
        .count();
    (secs, ready)
}

fn main() {
    let max_pods: usize = std::env::args()
        .filter_map(|a| a.parse().ok())
        .next()
        .unwrap_or(20_000);
    println!(
        "{:>7} {:>8} {:>10} {:>12} {:>10}",
        "nodes", "pods", "seconds", "ready pods", "peak MiB"
    );
    let mut previous: Option<f64> = None;
    let mut size = (125usize, 2_500usize);
    while size.1 <= max_pods {
        let (secs, ready) = run(size.0, size.1);
        let growth = previous.map_or(String::new(), |p| format!("  x{:.2} for double", secs / p));
        println!(
            "{:>7} {:>8} {:>10.3} {:>12} {:>10.1}{growth}",
            size.0,
            size.1,
            secs,
            ready,
            peak_rss_mib()
        );
        previous = Some(secs);
        size = (size.0 * 2, size.1 * 2);
    }
}
