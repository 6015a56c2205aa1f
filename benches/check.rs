//! `check_text` benchmarks: a valid Deployment, the lecture's broken DaemonSet (seed 002),
//! and a StatefulSet from the real-world corpus, each parsed, strictly decoded, defaulted
//! and validated.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use kubesim::manifest::check::check_text;

const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 80}]
        readinessProbe: {httpGet: {path: /, port: 80}}
        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}
";

const SEED_002: &str = "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: my-daemonset
spec:
  selector:
    matchLables:
      app: my-app
    template:
      metadata:
        labels:
          app: my-app
      spec:
        containers:
        - name: nginx
          image: nginx
";

fn bench(c: &mut Criterion) {
    c.bench_function("check/valid deployment", |b| {
        b.iter(|| black_box(check_text(black_box(DEPLOYMENT), "d.yaml")))
    });
    c.bench_function("check/seed 002 (two structural errors)", |b| {
        b.iter(|| black_box(check_text(black_box(SEED_002), "s.yaml")))
    });
    let text =
        include_str!("../tests/fixtures/real-world/website-application-cassandra-statefulset.yaml");
    c.bench_function("check/cassandra statefulset", |b| {
        b.iter(|| black_box(check_text(black_box(text), "c.yaml")))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
