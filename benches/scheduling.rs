//! Scheduling at Kubernetes' documented limits: 5,000 nodes and 150,000 pods, and the
//! DaemonSet placement predicate for 5,000 nodes × 100 DaemonSets.
//!
//! `cargo bench --bench scheduling`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use kubesim::api::daemonset::DaemonSet;
use kubesim::api::node::Node;
use kubesim::api::pod::Pod;
use kubesim::scheduling::{schedule, DaemonPredicate, NodeInfo, ScheduleOptions};
use serde_json::json;

fn node(i: usize) -> Node {
    let mut labels =
        json!({"kubernetes.io/hostname": format!("node-{i:05}"), "zone": format!("z{}", i % 3)});
    if i % 10 == 0 {
        labels["hardware"] = json!("gpu");
    }
    let taints = if i % 7 == 0 {
        json!([{"key": "dedicated", "value": "infra", "effect": "NoSchedule"}])
    } else {
        json!([])
    };
    serde_json::from_value(json!({
        "metadata": {"name": format!("node-{i:05}"), "labels": labels},
        "spec": {"taints": taints},
        "status": {"allocatable": {"cpu": "64", "memory": "256Gi", "pods": "110"}}
    }))
    .expect("node")
}

fn pod(i: usize) -> Pod {
    serde_json::from_value(json!({
        "metadata": {"name": format!("web-{i}"), "namespace": "default", "labels": {"app": "web"}},
        "spec": {"containers": [{"name": "app", "image": "nginx",
            "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]}
    }))
    .expect("pod")
}

fn daemonset(i: usize) -> DaemonSet {
    let spec = match i % 4 {
        0 => json!({"containers": [{"name": "a"}]}),
        1 => json!({"nodeSelector": {"hardware": "gpu"}, "containers": [{"name": "a"}]}),
        2 => {
            json!({"tolerations": [{"key": "dedicated", "operator": "Exists"}], "containers": [{"name": "a"}]})
        }
        _ => {
            json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
            "nodeSelectorTerms": [{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["z1", "z2"]}]}]}}},
            "containers": [{"name": "a"}]})
        }
    };
    serde_json::from_value(json!({"metadata": {"name": format!("ds-{i}")},
        "spec": {"template": {"spec": spec}}}))
    .expect("daemonset")
}

fn bench(c: &mut Criterion) {
    let nodes_raw: Vec<Node> = (0..5000).map(node).collect();
    // 150,000 pods already bound: 30 per node.
    let mut cluster: Vec<NodeInfo> = nodes_raw.iter().cloned().map(NodeInfo::new).collect();
    for (i, ni) in cluster.iter_mut().enumerate() {
        for k in 0..30 {
            ni.add_pod(&pod(i * 30 + k));
        }
    }
    let incoming = pod(999_999);
    let mut g = c.benchmark_group("scheduling");
    g.sample_size(20);
    g.bench_function("one decision, 5000 nodes, 150000 pods bound", |b| {
        let mut start = 0;
        b.iter(|| {
            let opts = ScheduleOptions {
                start_index: start,
                ..ScheduleOptions::default()
            };
            let placed = schedule(black_box(&incoming), &cluster, &opts).expect("fits");
            start = placed.next_start_index;
            placed.node_index
        })
    });
    g.bench_function("one decision, 5000 nodes, all scored", |b| {
        let opts = ScheduleOptions {
            percentage_of_nodes_to_score: Some(100),
            ..ScheduleOptions::default()
        };
        b.iter(|| {
            schedule(black_box(&incoming), &cluster, &opts)
                .expect("fits")
                .node_index
        })
    });
    let sets: Vec<DaemonSet> = (0..100).map(daemonset).collect();
    let preds: Vec<DaemonPredicate> = sets.iter().map(DaemonPredicate::new).collect();
    g.bench_function(
        "DaemonPredicate::verdict, 5000 nodes x 100 DaemonSets",
        |b| {
            b.iter(|| {
                let mut n = 0usize;
                for pred in &preds {
                    for node in &nodes_raw {
                        n += usize::from(pred.verdict(black_box(node)).0);
                    }
                }
                n
            })
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
