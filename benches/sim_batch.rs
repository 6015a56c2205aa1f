//! The simulator with the Job and CronJob controllers: how long a lesson waits for long
//! advances of the virtual clock (the engine wakes only when something is due).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use kubesim::manifest::load::load_text;
use kubesim::sim::clock::Duration;
use kubesim::sim::engine::{Cluster, ClusterConfig};

fn cronjob(schedule: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: backup\nspec:\n  schedule: \"{schedule}\"\n  successfulJobsHistoryLimit: 3\n  failedJobsHistoryLimit: 1\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: backup\n            image: backup-tool:v1\n"
    )
}

fn advance(text: &str, span: &str) -> Cluster {
    let mut c = Cluster::new(ClusterConfig::default()).unwrap();
    let objs = load_text(text, "bench.yaml")
        .unwrap()
        .into_iter()
        .map(|l| l.object)
        .collect();
    c.apply(objs).unwrap();
    c.advance(Duration::parse(span).unwrap()).unwrap();
    c
}

fn cronjobs(c: &mut Criterion) {
    let mut group = c.benchmark_group("advance");
    group.sample_size(10);
    for (schedule, span) in [
        ("0 2 * * *", "7d"),
        ("0 2 * * *", "365d"),
        ("@hourly", "30d"),
    ] {
        let text = cronjob(schedule);
        group.bench_function(format!("{schedule} for {span}"), |b| {
            b.iter(|| black_box(advance(&text, span)))
        });
    }
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: data-processing\nspec:\n  completions: 100\n  parallelism: 10\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: p\n        image: processor:v1\n";
    group.bench_function("Job with 100 completions, 10 at a time", |b| {
        b.iter(|| black_box(advance(job, "1h")))
    });
    group.finish();
}

criterion_group!(benches, cronjobs);
criterion_main!(benches);
