//! A 1,000-replica StatefulSet (OrderedReady, one claim per pod) in the simulator: the
//! start-up from nothing, and a full rolling update of all 1,000 pods. Before criterion
//! runs, each scenario runs once and the peak resident memory it reached is printed
//! (Linux: VmHWM after resetting it through /proc/self/clear_refs).
//!
//! `cargo bench --bench statefulset`

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use kubesim::api::object::Object;
use kubesim::manifest::load::load_text;
use kubesim::sim::clock::Duration;
use kubesim::sim::engine::{Cluster, ClusterConfig};
use kubesim::sim::store::Key;
use kubesim::sim::topology::Topology;

const REPLICAS: usize = 1_000;

fn manifest() -> String {
    format!(
        "
apiVersion: v1
kind: Service
metadata: {{name: web}}
spec:
  clusterIP: None
  selector: {{app: web}}
  ports: [{{port: 80}}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {{name: web}}
spec:
  serviceName: web
  replicas: {REPLICAS}
  selector: {{matchLabels: {{app: web}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec:
      containers: [{{name: nginx, image: nginx:1.27}}]
  volumeClaimTemplates:
  - metadata: {{name: www}}
    spec: {{accessModes: [ReadWriteOnce], resources: {{requests: {{storage: 1Gi}}}}}}
"
    )
}

fn empty_cluster() -> Cluster {
    let config = ClusterConfig {
        topology: Topology {
            workers: 12,
            ..Topology::default()
        },
        ..ClusterConfig::default()
    };
    Cluster::new(config).expect("cluster")
}

fn start_up() -> Cluster {
    let mut c = empty_cluster();
    let objects = load_text(&manifest(), "bench.yaml")
        .expect("manifest")
        .into_iter()
        .map(|l| l.object)
        .collect();
    c.apply(objects).expect("apply");
    c.run(Duration::seconds(100_000)).expect("run");
    assert_eq!(c.store.pods().count(), REPLICAS);
    c
}

fn roll(mut c: Cluster) -> Cluster {
    c.store
        .modify(&Key::new("StatefulSet", "default", "web"), |o| {
            if let Object::StatefulSet(s) = o {
                s.spec.template.spec.containers[0].image = Some("nginx:1.28".into());
            }
        })
        .expect("update");
    c.run(Duration::seconds(100_000)).expect("run");
    let updated = c
        .store
        .pods()
        .filter(|p| p.spec.containers[0].image.as_deref() == Some("nginx:1.28"))
        .count();
    assert_eq!(updated, REPLICAS);
    c
}

/// Peak resident set size in KiB since the last reset, where Linux tells it.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn report_memory() {
    let baseline = peak_rss_kib();
    let reset = reset_peak();
    let t = Instant::now();
    let started = start_up();
    let start_time = t.elapsed();
    let after_start = peak_rss_kib();
    reset_peak();
    let t = Instant::now();
    let rolled = roll(started);
    let roll_time = t.elapsed();
    let after_roll = peak_rss_kib();
    let virtual_time = rolled.now;
    eprintln!(
        "statefulset/{REPLICAS}: one run: start-up {start_time:?}, rolling update {roll_time:?}; \
         virtual clock at the end {virtual_time}; peak RSS (KiB): before {baseline:?}, \
         start-up {after_start:?}, rolling update {after_roll:?} (peak reset: {reset}); \
         {} trace steps, {} events",
        rolled.trace().len(),
        rolled.events.all().len()
    );
}

fn benches(c: &mut Criterion) {
    report_memory();
    let mut group = c.benchmark_group("statefulset");
    group.sample_size(10);
    group.measurement_time(std::time::Duration::from_secs(30));
    group.bench_function("start_up_1000", |b| b.iter(|| black_box(start_up())));
    let started = start_up();
    group.bench_function("rolling_update_1000", |b| {
        b.iter_batched(
            || started.clone(),
            |c| black_box(roll(c)),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(statefulset, benches);
criterion_main!(statefulset);
