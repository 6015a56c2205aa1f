//! One reconcile of a Job on a state given by hand: how many pods it creates or deletes,
//! what it counts and which condition it sets.

use serde_json::json;

use super::*;
use crate::state::rng::Rng;
use crate::state::store::Store;

const UID: &str = "job-uid";

fn job(spec: Value, status: Value) -> Job {
    let mut v = json!({
        "apiVersion": "batch/v1", "kind": "Job",
        "metadata": {"name": "work", "namespace": "default", "uid": UID},
        "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox"}]}}},
        "status": status,
    });
    if let (Some(s), Some(extra)) = (v["spec"].as_object_mut(), spec.as_object()) {
        for (k, val) in extra {
            s.insert(k.clone(), val.clone());
        }
    }
    let mut obj = Object::from_json(v).unwrap();
    crate::manifest::defaults::apply_defaults(&mut obj);
    match obj {
        Object::Job(mut j) => {
            strategy::generate_selector(&mut j);
            j
        }
        _ => unreachable!("a Job decodes as a Job"),
    }
}

/// A pod of the Job in a phase; `finalizer` says whether it is still uncounted.
fn pod(name: &str, phase: &str, finalizer: bool, index: Option<i32>) -> Pod {
    let mut annotations = serde_json::Map::new();
    if let Some(ix) = index {
        annotations.insert(COMPLETION_INDEX.into(), json!(ix.to_string()));
    }
    let v = json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {
            "name": name, "namespace": "default", "uid": format!("uid-{name}"),
            "labels": {strategy::CONTROLLER_UID_LABEL: UID, "job-name": "work"},
            "annotations": annotations,
            "finalizers": if finalizer { json!([JOB_TRACKING_FINALIZER]) } else { json!([]) },
            "ownerReferences": [{"apiVersion": "batch/v1", "kind": "Job", "name": "work", "uid": UID, "controller": true}],
            "creationTimestamp": "2026-01-01T00:00:00Z"
        },
        "spec": {"nodeName": "kind-worker", "containers": [{"name": "c", "image": "busybox"}]},
        "status": {"phase": phase, "containerStatuses": [{"name": "c", "image": "busybox", "ready": false, "restartCount": 0,
            "state": if phase == "Running" { json!({"running": {}}) } else { json!({"terminated": {"exitCode": if phase == "Failed" { 1 } else { 0 }, "finishedAt": "2026-01-01T00:00:10Z"}}) }}]}
    });
    match Object::from_json(v) {
        Ok(Object::Pod(p)) => p,
        other => panic!("{other:?}"),
    }
}

fn run(job: &Job, pods: &[Pod], now: &str) -> Decision {
    let mut store = Store::default();
    let mut rng = Rng::new(1);
    store.insert(Object::Job(job.clone()), &mut rng);
    for p in pods {
        store.insert(Object::Pod(p.clone()), &mut rng);
    }
    let view = View {
        store: &store,
        now: Time::parse_rfc3339(now).unwrap(),
    };
    reconcile(job, &view)
}

fn count(d: &Decision, verb: &str, kind: &str) -> usize {
    d.actions
        .iter()
        .filter(|a| a.verb() == verb && a.target().starts_with(kind))
        .count()
}

fn new_status(d: &Decision) -> JobStatus {
    d.actions
        .iter()
        .find_map(|a| match &a.change {
            Change::UpdateStatus(Object::Job(j)) => j.status.clone(),
            _ => None,
        })
        .unwrap_or_default()
}

fn condition_types(s: &JobStatus) -> Vec<String> {
    s.conditions
        .iter()
        .flatten()
        .map(|c| format!("{}:{}", c.type_, c.reason.clone().unwrap_or_default()))
        .collect()
}

#[test]
fn creates_up_to_parallelism_and_remaining_completions() {
    // (completions, parallelism, counted succeeded, running pods) -> pods created
    let cases = [
        (json!(10), 3, 0, 0, 3),
        (json!(10), 3, 0, 2, 1),
        (json!(10), 3, 8, 0, 2),
        (json!(10), 3, 9, 1, 0),
        (json!(2), 5, 0, 0, 2),
        (Value::Null, 3, 0, 0, 3),
        (Value::Null, 3, 1, 1, 0),
        (json!(4), 0, 0, 0, 0),
    ];
    for (i, (completions, parallelism, succeeded, running, want)) in cases.into_iter().enumerate() {
        let j = job(
            json!({"completions": completions, "parallelism": parallelism}),
            json!({"succeeded": succeeded, "startTime": "2026-01-01T00:00:00Z"}),
        );
        let pods: Vec<Pod> = (0..running)
            .map(|n| pod(&format!("r{n}"), "Running", true, None))
            .collect();
        let d = run(&j, &pods, "2026-01-01T00:01:00Z");
        assert_eq!(count(&d, "create", "pod/"), want, "case {i}");
        assert_eq!(count(&d, "delete", "pod/"), 0, "case {i}");
    }
}

#[test]
fn counts_finished_pods_once_and_removes_their_finalizers() {
    let j = job(
        json!({"completions": 3}),
        json!({"succeeded": 1, "startTime": "2026-01-01T00:00:00Z"}),
    );
    let pods = [
        pod("a", "Succeeded", false, None),
        pod("b", "Succeeded", true, None),
        pod("c", "Failed", true, None),
        pod("d", "Running", true, None),
    ];
    let d = run(&j, &pods, "2026-01-01T00:01:00Z");
    let s = new_status(&d);
    assert_eq!(
        (s.succeeded, s.failed, s.active),
        (Some(2), Some(1), Some(1))
    );
    let updated: Vec<String> = d
        .actions
        .iter()
        .filter(|a| a.verb() == "update")
        .map(Action::target)
        .collect();
    assert_eq!(updated, ["pod/b", "pod/c"]);
    assert_eq!(s.uncounted_terminated_pods, Some(json!({})));
}

#[test]
fn failure_conditions_and_their_reasons() {
    // (spec, status, pods, now) -> conditions after the reconcile
    let failing = |n: usize| -> Vec<Pod> {
        (0..n)
            .map(|i| pod(&format!("f{i}"), "Failed", true, None))
            .collect()
    };
    /// (spec, status, pods, now, conditions after)
    type Case<'a> = (Value, Value, Vec<Pod>, &'a str, Vec<&'a str>);
    let cases: Vec<Case<'_>> = vec![
        (
            json!({"backoffLimit": 2}),
            json!({"failed": 2}),
            failing(1),
            "2026-01-01T00:10:00Z",
            vec![
                "FailureTarget:BackoffLimitExceeded",
                "Failed:BackoffLimitExceeded",
            ],
        ),
        (
            json!({"backoffLimit": 2}),
            json!({"failed": 1}),
            failing(1),
            "2026-01-01T00:10:00Z",
            vec![],
        ),
        (
            json!({"activeDeadlineSeconds": 60}),
            json!({"startTime": "2026-01-01T00:00:00Z"}),
            vec![pod("r", "Running", true, None)],
            "2026-01-01T00:01:00Z",
            vec!["FailureTarget:DeadlineExceeded"],
        ),
        (
            json!({"activeDeadlineSeconds": 60}),
            json!({"startTime": "2026-01-01T00:00:00Z"}),
            vec![],
            "2026-01-01T00:00:59Z",
            vec![],
        ),
        (
            json!({"podFailurePolicy": {"rules": [{"action": "FailJob", "onExitCodes": {"operator": "In", "values": [1]}}]}}),
            json!({}),
            failing(1),
            "2026-01-01T00:10:00Z",
            vec!["FailureTarget:PodFailurePolicy", "Failed:PodFailurePolicy"],
        ),
        (
            json!({"completions": 1}),
            json!({}),
            vec![pod("s", "Succeeded", true, None)],
            "2026-01-01T00:10:00Z",
            vec![
                "SuccessCriteriaMet:CompletionsReached",
                "Complete:CompletionsReached",
            ],
        ),
    ];
    for (i, (spec, status, pods, now, want)) in cases.into_iter().enumerate() {
        let mut status = status;
        if status.get("startTime").is_none() {
            status["startTime"] = json!("2026-01-01T00:00:00Z");
        }
        let j = job(spec, status);
        let d = run(&j, &pods, now);
        assert_eq!(condition_types(&new_status(&d)), want, "case {i}");
    }
}

#[test]
fn the_deadline_requeues_and_the_back_off_waits() {
    let j = job(
        json!({"activeDeadlineSeconds": 600}),
        json!({"startTime": "2026-01-01T00:00:00Z"}),
    );
    let d = run(
        &j,
        &[pod("r", "Running", true, None)],
        "2026-01-01T00:01:00Z",
    );
    assert_eq!(d.requeue_after, Some(Duration::seconds(540)));
    // One failure finished at 00:00:10: the next pod waits 10 s, until 00:00:20.
    let j = job(
        json!({}),
        json!({"failed": 1, "startTime": "2026-01-01T00:00:00Z"}),
    );
    let d = run(
        &j,
        &[pod("f", "Failed", false, None)],
        "2026-01-01T00:00:15Z",
    );
    assert_eq!(count(&d, "create", "pod/"), 0);
    assert_eq!(d.requeue_after, Some(Duration::seconds(5)));
    let d = run(
        &j,
        &[pod("f", "Failed", false, None)],
        "2026-01-01T00:00:20Z",
    );
    assert_eq!(count(&d, "create", "pod/"), 1);
}

#[test]
fn indexed_pods_get_their_index_everywhere() {
    let j = job(
        json!({"completionMode": "Indexed", "completions": 4, "parallelism": 2}),
        json!({"completedIndexes": "0", "succeeded": 1, "startTime": "2026-01-01T00:00:00Z"}),
    );
    let d = run(
        &j,
        &[pod("w1", "Running", true, Some(1))],
        "2026-01-01T00:01:00Z",
    );
    let created: Vec<Pod> = d
        .actions
        .iter()
        .filter_map(|a| match &a.change {
            Change::Create(Object::Pod(p)) => Some(p.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(created.len(), 1);
    let p = &created[0];
    assert_eq!(completion_index(p), Some(2));
    assert_eq!(p.metadata.label(COMPLETION_INDEX), Some("2"));
    assert_eq!(p.spec.hostname.as_deref(), Some("work-2"));
    assert_eq!(p.metadata.generate_name.as_deref(), Some("work-2-"));
    let env = p.spec.containers[0].env.clone().unwrap();
    assert_eq!(env[0].name, COMPLETION_INDEX_ENV);
    assert!(has_finalizer(p));
}

#[test]
fn suspend_deletes_active_pods_without_counting_them() {
    let j = job(
        json!({"suspend": true, "parallelism": 2}),
        json!({"startTime": "2026-01-01T00:00:00Z"}),
    );
    let d = run(
        &j,
        &[
            pod("a", "Running", true, None),
            pod("b", "Running", true, None),
        ],
        "2026-01-01T00:01:00Z",
    );
    assert_eq!(count(&d, "delete", "pod/"), 2);
    let s = new_status(&d);
    assert_eq!((s.active, s.failed, s.terminating), (None, None, Some(2)));
    assert_eq!(condition_types(&s), ["Suspended:JobSuspended"]);
    // Deletes come after the finalizer removals.
    let verbs: Vec<&str> = d.actions.iter().map(Action::verb).collect();
    assert_eq!(verbs.last(), Some(&"delete"));
}

#[test]
fn bad_input_never_panics() {
    let cases = [
        json!({"completionMode": "Indexed"}),
        json!({"completionMode": "Sideways"}),
        json!({"selector": {"matchExpressions": [{"key": "a", "operator": "Bogus"}]}}),
        json!({"completions": -3, "parallelism": -1}),
        json!({"managedBy": "example.com/other"}),
    ];
    for spec in cases {
        let j = job(
            spec,
            json!({"completedIndexes": "x-y,9-", "uncountedTerminatedPods": {"failed": [1, 2]}}),
        );
        let _ = run(
            &j,
            &[pod("a", "Running", true, Some(99))],
            "2026-01-01T00:00:00Z",
        );
    }
}
