//! Rollout steps and their summary, from frames we give.

use super::*;

fn rs(name: &str, image: &str, new: bool, desired: i32, current: i32, available: i32) -> RsFrame {
    RsFrame {
        name: name.into(),
        revision: if new { 2 } else { 1 },
        images: image.into(),
        new,
        desired,
        current,
        ready: available,
        available,
        terminating: 0,
    }
}

fn frame(replica_sets: Vec<RsFrame>) -> Frame {
    Frame {
        replicas: 3,
        replica_sets,
        progressing: None,
    }
}

fn step(replica_sets: Vec<RsFrame>) -> RolloutStep {
    RolloutStep {
        time: Time::DEFAULT_START,
        replicas: 3,
        replica_sets,
        changes: Vec::new(),
        actions: Vec::new(),
        reason: Text::new("", ""),
        progressing: None,
    }
}

#[test]
fn diffs_name_created_scaled_and_deleted_replica_sets() {
    let before = frame(vec![
        rs("a", "v1", false, 3, 3, 3),
        rs("gone", "v0", false, 0, 0, 0),
    ]);
    let after = frame(vec![
        rs("a", "v1", false, 2, 2, 2),
        rs("b", "v2", true, 2, 2, 0),
    ]);
    let changes = diff(Some(&before), &after);
    let got: Vec<(&str, i32, i32, bool, bool)> = changes
        .iter()
        .map(|c| (c.replica_set.as_str(), c.from, c.to, c.created, c.deleted))
        .collect();
    assert_eq!(
        got,
        [
            ("a", 3, 2, false, false),
            ("b", 0, 2, true, false),
            ("gone", 0, 0, false, true)
        ]
    );
    let mut s = step(after.replica_sets.clone());
    s.changes = changes;
    assert_eq!(s.action().en, "scale down a 3→2, create b (2), delete gone");
    assert_eq!(
        (
            s.old_desired(),
            s.new_desired(),
            s.available(),
            s.total(),
            s.unavailable()
        ),
        (2, 2, 2, 4, 1)
    );
}

#[test]
fn observations_say_what_the_pods_did() {
    let before = frame(vec![
        rs("a", "v1", false, 1, 1, 1),
        rs("b", "v2", true, 3, 3, 2),
    ]);
    let ready = frame(vec![
        rs("a", "v1", false, 1, 1, 1),
        rs("b", "v2", true, 3, 3, 3),
    ]);
    assert_eq!(
        observation(Some(&before), &ready).en,
        "1 new pod(s) became available"
    );
    let done = frame(vec![
        rs("a", "v1", false, 0, 0, 0),
        rs("b", "v2", true, 3, 3, 3),
    ]);
    assert!(observation(Some(&ready), &done)
        .en
        .contains("the rollout is complete"));
    let mut stuck = before.clone();
    stuck.progressing = Some(dutil::reason::TIMED_OUT.into());
    assert!(observation(Some(&before), &stuck)
        .en
        .contains("ProgressDeadlineExceeded"));
}

#[test]
fn the_summary_counts_available_pods_per_version() {
    let trace = RolloutTrace {
        deployment: "deployment/web".into(),
        steps: vec![
            step(vec![rs("a", "v1", false, 3, 3, 3)]),
            step(vec![
                rs("a", "v1", false, 3, 3, 3),
                rs("b", "v2", true, 1, 1, 0),
            ]),
            step(vec![
                rs("a", "v1", false, 2, 2, 2),
                rs("b", "v2", true, 2, 2, 1),
            ]),
            step(vec![
                rs("a", "v1", false, 0, 0, 0),
                rs("b", "v2", true, 3, 3, 3),
            ]),
        ],
    };
    assert_eq!(trace.summary(), "v1 (3) → v1 (2) + v2 (1) → v2 (3)");
    assert_eq!((trace.max_desired(), trace.min_available()), (4, 3));
    let html = trace.to_html(crate::manifest::diagnostic::Lang::Ko);
    assert!(html.starts_with("<div") && html.contains("스케일 변화 없음"));
}

/// kubectl's container name for an image, with the cluster's seeded suffixes.
fn container_name(c: &mut Cluster, image: &str) -> String {
    crate::kubectl::generate::container_name(image, &mut |b: &str| c.rng.generate_name(b))
}

#[test]
fn container_names_follow_kubectl() {
    let mut c = Cluster::new(crate::sim::engine::ClusterConfig::default()).expect("cluster");
    assert_eq!(container_name(&mut c, "nginx:1.20"), "nginx");
    assert_eq!(
        container_name(&mut c, "registry.k8s.io/pause@sha256:abc"),
        "pause"
    );
    let sanitized = container_name(&mut c, "my_app.v2:3");
    assert!(
        sanitized.starts_with("my-app-v2-") && sanitized.len() == "my-app-v2-".len() + 5,
        "{sanitized}"
    );
}
