//! A rolling update of a 10,000-replica Deployment on 500 nodes, start to finish: the
//! template changes, the Deployment controller surges and scales down in steps of
//! maxSurge/maxUnavailable (25%/25%: 2,500 each), the ReplicaSet controller creates and
//! deletes pods in bursts of 500, the scheduler places 10,000 new pods, the kubelet model
//! starts them, until the last old pod is gone. Also: peak memory of one such rollout
//! (VmHWM from /proc/self/status, Linux only).
//!
//! `cargo bench --bench deployment`

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use kubesim::api::object::Object;
use kubesim::manifest::load::load_text;
use kubesim::sim::clock::Duration;
use kubesim::sim::engine::{Cluster, ClusterConfig};
use kubesim::sim::store::Key;
use kubesim::sim::topology::Topology;

const REPLICAS: usize = 10_000;
const NODES: usize = 500;

fn manifest() -> String {
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {REPLICAS}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.20
"
    )
}

/// 500 workers with all 10,000 pods of the Deployment running and ready.
fn settled() -> Cluster {
    let config = ClusterConfig {
        topology: Topology {
            workers: NODES,
            ..Topology::default()
        },
        ..ClusterConfig::default()
    };
    let mut c = Cluster::new(config).expect("cluster");
    let objects = load_text(&manifest(), "web.yaml")
        .expect("manifest")
        .into_iter()
        .map(|l| l.object)
        .collect();
    c.apply(objects).expect("apply");
    c.run(Duration::seconds(3600)).expect("run");
    c
}

/// Changes the image and runs until nothing is left to do; panics unless the rollout
/// finished.
fn roll(c: &mut Cluster) {
    c.kubectl("set image deployment/web web=nginx:1.21")
        .expect("set image");
    c.run(Duration::seconds(3600)).expect("run");
    let Some(Object::Deployment(d)) = c.store.get(&Key::new("Deployment", "default", "web")) else {
        panic!("no deployment")
    };
    let status = d.status.clone().unwrap_or_default();
    assert_eq!(status.updated_replicas, Some(REPLICAS as i32));
    assert_eq!(status.available_replicas, Some(REPLICAS as i32));
    assert_eq!(status.replicas, Some(REPLICAS as i32));
}

/// Peak resident memory of this process so far, in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn current_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets the peak to the current resident size (writing 5 to clear_refs).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn bench(c: &mut Criterion) {
    let started = Instant::now();
    let base = settled();
    eprintln!(
        "setup: {REPLICAS} pods created, scheduled and ready on {NODES} nodes in {:.2?} (virtual {})",
        started.elapsed(),
        base.now
    );

    // Peak memory of one rollout, measured once outside criterion's loop.
    let mut one = base.clone();
    reset_peak();
    let before = current_rss_kib();
    let started = Instant::now();
    roll(&mut one);
    let took = started.elapsed();
    if let (Some(before), Some(peak)) = (before, peak_rss_kib()) {
        eprintln!(
            "one rollout: {took:.2?}; resident memory {:.1} MiB before (two clusters), peak {:.1} MiB during (+{:.1} MiB); {} trace steps, {} events",
            before as f64 / 1024.0,
            peak as f64 / 1024.0,
            peak.saturating_sub(before) as f64 / 1024.0,
            one.trace().len(),
            one.events.all().len(),
        );
    }
    drop(one);

    let mut g = c.benchmark_group("deployment");
    g.sample_size(10);
    g.bench_function("rolling update, 10000 replicas, 500 nodes, 25%/25%", |b| {
        b.iter_batched(
            || base.clone(),
            |mut cluster| {
                roll(&mut cluster);
                black_box(cluster.now)
            },
            BatchSize::PerIteration,
        );
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
