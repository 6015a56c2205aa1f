//! One reconcile on a state we give: the actions, sizes and reasons of syncDeployment.

use serde_json::{json, Value};

use super::*;
use crate::state::rng::Rng;

const T0: &str = "2026-01-01T00:00:00Z";

fn now() -> Time {
    Time::parse_rfc3339("2026-01-01T01:00:00Z").unwrap_or_default()
}

fn deployment(replicas: i32, image: &str, extra: Value) -> Value {
    let mut d = json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "default", "uid": "d-uid", "generation": 2,
                     "creationTimestamp": T0},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "web"}},
                 "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
                 "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600,
                 "template": {"metadata": {"labels": {"app": "web"}},
                              "spec": {"containers": [{"name": "web", "image": image}]}}}
    });
    merge(&mut d, extra);
    d
}

fn merge(a: &mut Value, b: Value) {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                merge(a.entry(k).or_insert(Value::Null), v);
            }
        }
        (a, b) => *a = b,
    }
}

/// A ReplicaSet of `web` for `image`, created `age` minutes after T0.
fn replica_set(
    d: &Value,
    name: &str,
    image: &str,
    minute: u32,
    size: i32,
    available: i32,
    revision: i64,
) -> Value {
    let mut template = d["spec"]["template"].clone();
    template["spec"]["containers"][0]["image"] = json!(image);
    template["metadata"]["labels"]["pod-template-hash"] = json!(name);
    json!({
        "apiVersion": "apps/v1", "kind": "ReplicaSet",
        "metadata": {"name": format!("web-{name}"), "namespace": "default", "uid": format!("rs-{name}"),
                     "generation": 1, "creationTimestamp": format!("2026-01-01T00:{minute:02}:00Z"),
                     "labels": {"app": "web", "pod-template-hash": name},
                     "annotations": {"deployment.kubernetes.io/revision": revision.to_string(),
                                     "deployment.kubernetes.io/desired-replicas": d["spec"]["replicas"].to_string()},
                     "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web",
                                          "uid": "d-uid", "controller": true}]},
        "spec": {"replicas": size, "selector": {"matchLabels": {"app": "web", "pod-template-hash": name}},
                 "template": template},
        "status": {"replicas": size, "readyReplicas": available, "availableReplicas": available,
                   "observedGeneration": 1, "terminatingReplicas": 0}
    })
}

fn reconcile_on(d: &Value, others: &[Value]) -> Decision {
    let mut store = Store::default();
    let mut rng = Rng::new(0);
    for o in others {
        store.insert(Object::from_json(o.clone()).expect("object"), &mut rng);
    }
    let Ok(Object::Deployment(d)) = Object::from_json(d.clone()) else {
        panic!("not a deployment");
    };
    let view = View {
        store: &store,
        now: now(),
    };
    super::reconcile(&d, &view)
}

/// (verb, target, replicas) of every ReplicaSet write, in order.
fn writes(decision: &Decision) -> Vec<(&'static str, String, i32)> {
    decision
        .actions
        .iter()
        .filter_map(|a| match &a.change {
            Change::Create(Object::ReplicaSet(rs)) | Change::Update(Object::ReplicaSet(rs)) => {
                Some((a.verb(), a.target(), rs.spec.replicas.unwrap_or(-1)))
            }
            Change::Delete { key, .. } => Some(("delete", key.to_string(), 0)),
            _ => None,
        })
        .collect()
}

fn status(decision: &Decision) -> Deployment {
    decision
        .actions
        .iter()
        .find_map(|a| match &a.change {
            Change::UpdateStatus(Object::Deployment(d)) => Some(d.clone()),
            _ => None,
        })
        .expect("a status update")
}

fn reasons(decision: &Decision) -> Vec<String> {
    decision
        .actions
        .iter()
        .map(|a| a.reason.en.clone())
        .collect()
}

#[test]
fn a_new_deployment_gets_a_replica_set_named_after_its_template_hash() {
    let d = deployment(3, "nginx:1.20", json!({}));
    let decision = reconcile_on(&d, &[]);
    let Some(Change::Create(Object::ReplicaSet(rs))) = decision.actions.first().map(|a| &a.change)
    else {
        panic!("first action creates the ReplicaSet: {decision:?}");
    };
    let Ok(Object::Deployment(typed)) = Object::from_json(d.clone()) else {
        panic!()
    };
    let hash = util::compute_hash(&typed.spec.template, None);
    assert_eq!(
        rs.metadata.name.as_deref(),
        Some(format!("web-{hash}").as_str())
    );
    assert_eq!(rs.spec.replicas, Some(3));
    let labels = rs.spec.template.metadata.labels.clone().unwrap_or_default();
    assert_eq!(labels.get("pod-template-hash"), Some(&hash));
    let selector = rs
        .spec
        .selector
        .clone()
        .unwrap_or_default()
        .match_labels
        .unwrap_or_default();
    assert_eq!(selector.get("pod-template-hash"), Some(&hash));
    let a = rs.metadata.annotations.clone().unwrap_or_default();
    assert_eq!(a.get(util::REVISION).map(String::as_str), Some("1"));
    assert_eq!(a.get(util::DESIRED_REPLICAS).map(String::as_str), Some("3"));
    assert_eq!(a.get(util::MAX_REPLICAS).map(String::as_str), Some("4"));
    let owner = rs.metadata.controller_ref().cloned().unwrap_or_default();
    assert_eq!(
        (owner.kind.as_str(), owner.uid.as_str()),
        ("Deployment", "d-uid")
    );
    let event = decision.actions[0].event.clone().expect("an event");
    assert_eq!(event.reason, "ScalingReplicaSet");
    assert_eq!(
        event.message,
        format!("Scaled up replica set web-{hash} from 0 to 3")
    );
    let d = status(&decision);
    assert_eq!(
        d.metadata
            .annotations
            .unwrap_or_default()
            .get(util::REVISION)
            .map(String::as_str),
        Some("1")
    );
    let progressing =
        util::get_condition(d.status.as_ref().expect("status"), "Progressing").cloned();
    assert_eq!(
        progressing.and_then(|c| c.reason),
        Some(util::reason::NEW_REPLICA_SET_CREATED.to_string())
    );
}

#[test]
fn a_template_change_surges_first_with_the_default_strategy() {
    // 3 replicas at 25%/25%: maxSurge 1, maxUnavailable 0.
    let d = deployment(3, "nginx:1.21", json!({}));
    let old = replica_set(&d, "old", "nginx:1.20", 1, 3, 3, 1);
    let decision = reconcile_on(&d, &[old]);
    let w = writes(&decision);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].0, "create");
    assert_eq!(w[0].2, 1);
    assert!(reasons(&decision)[0].contains("maxSurge=1 allows 4 pods in total and 3 exist"));
    let a = match &decision.actions[0].change {
        Change::Create(Object::ReplicaSet(rs)) => {
            rs.metadata.annotations.clone().unwrap_or_default()
        }
        _ => panic!(),
    };
    assert_eq!(a.get(util::REVISION).map(String::as_str), Some("2"));
}

#[test]
fn surge_one_unavailable_one_scales_old_down_in_the_same_sync() {
    let d = deployment(
        3,
        "nginx:1.21",
        json!({"spec": {"strategy": {"rollingUpdate": {"maxSurge": 1, "maxUnavailable": 1}}}}),
    );
    let old = replica_set(&d, "old", "nginx:1.20", 1, 3, 3, 1);
    let w = writes(&reconcile_on(&d, &[old]));
    assert_eq!(w[0].0, "create");
    assert_eq!(w[0].2, 1);
    assert_eq!(w[1], ("update", "replicaset/web-old".to_string(), 2));
}

#[test]
fn old_replica_sets_shrink_as_far_as_max_unavailable_allows() {
    // The docs' example: 10 replicas, maxSurge 3, maxUnavailable 2; the new pods are up.
    let d = deployment(
        10,
        "nginx:1.21",
        json!({"spec": {"strategy": {"rollingUpdate": {"maxSurge": 3, "maxUnavailable": 2}}}}),
    );
    let old = replica_set(&d, "old", "nginx:1.20", 1, 8, 8, 1);
    let new = replica_set(&d, "new", "nginx:1.21", 2, 5, 5, 2);
    let decision = reconcile_on(&d, &[old, new]);
    assert_eq!(
        writes(&decision),
        [("update", "replicaset/web-old".to_string(), 3)]
    );
    assert!(reasons(&decision)[0].contains(
        "maxUnavailable=2 keeps at least 8 pods available and 13 are, so 5 old pod(s) can go"
    ));
}

#[test]
fn unhealthy_old_pods_go_first() {
    // The oldest ReplicaSet's pods crash; they are removed before any healthy one.
    let d = deployment(
        10,
        "nginx:1.22",
        json!({"spec": {"strategy": {"rollingUpdate": {"maxSurge": 3, "maxUnavailable": 2}}}}),
    );
    let crashing = replica_set(&d, "a", "nginx:1.20", 1, 4, 0, 1);
    let healthy = replica_set(&d, "b", "nginx:1.21", 2, 6, 6, 2);
    let new = replica_set(&d, "c", "nginx:1.22", 3, 3, 0, 3);
    let decision = reconcile_on(&d, &[crashing, healthy, new]);
    // allPods 13, minAvailable 8, new unavailable 3: 2 may go, both from the crashing set.
    assert_eq!(
        writes(&decision),
        [("update", "replicaset/web-a".to_string(), 2)]
    );
    assert!(reasons(&decision)[0].contains("has 2 pod(s) that are not available"));
}

#[test]
fn scaling_mid_rollout_is_proportional() {
    // The docs' example: 10 replicas (maxSurge 3) stuck at old 8 + new 5, scaled to 15:
    // 3 more go to the old ReplicaSet and 2 to the new one.
    let before = deployment(
        10,
        "nginx:1.21",
        json!({"spec": {"strategy": {"rollingUpdate": {"maxSurge": 3, "maxUnavailable": 2}}}}),
    );
    let mut old = replica_set(&before, "old", "nginx:1.20", 1, 8, 8, 1);
    let mut new = replica_set(&before, "new", "nginx:1.21", 2, 5, 0, 2);
    for rs in [&mut old, &mut new] {
        rs["metadata"]["annotations"]["deployment.kubernetes.io/max-replicas"] = json!("13");
    }
    let mut d = before.clone();
    d["spec"]["replicas"] = json!(15);
    let decision = reconcile_on(&d, &[old, new]);
    assert_eq!(
        writes(&decision),
        [
            ("update", "replicaset/web-old".to_string(), 11),
            ("update", "replicaset/web-new".to_string(), 7)
        ]
    );
    assert!(reasons(&decision)[0].contains("shared in proportion to their sizes"));
    let events: Vec<String> = decision
        .actions
        .iter()
        .filter_map(|a| a.event.clone())
        .map(|e| e.message)
        .collect();
    assert_eq!(
        events,
        [
            "Scaled up replica set web-old from 8 to 11",
            "Scaled up replica set web-new from 5 to 7"
        ]
    );
}

#[test]
fn recreate_removes_old_pods_before_creating_the_new_replica_set() {
    let extra = json!({"spec": {"strategy": {"type": "Recreate", "rollingUpdate": null}}});
    let d = deployment(3, "nginx:1.21", extra);
    let old = replica_set(&d, "old", "nginx:1.20", 1, 3, 3, 1);
    let decision = reconcile_on(&d, std::slice::from_ref(&old));
    assert_eq!(
        writes(&decision),
        [("update", "replicaset/web-old".to_string(), 0)]
    );
    assert!(reasons(&decision)[0].contains("strategy Recreate"));

    // Scaled to 0 but a pod still terminates: wait.
    let mut emptied = old.clone();
    emptied["spec"]["replicas"] = json!(0);
    emptied["status"] = json!({"replicas": 0, "observedGeneration": 1, "terminatingReplicas": 1});
    let pod = json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "web-old-x", "namespace": "default", "labels": {"app": "web", "pod-template-hash": "old"},
                     "deletionTimestamp": T0,
                     "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-old", "uid": "rs-old", "controller": true}]},
        "spec": {"containers": [{"name": "web", "image": "nginx:1.20"}]},
        "status": {"phase": "Running"}
    });
    assert!(writes(&reconcile_on(&d, &[emptied.clone(), pod])).is_empty());

    // Gone: the new ReplicaSet is created with every replica at once.
    let w = writes(&reconcile_on(&d, &[emptied]));
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!((w[0].0, w[0].2), ("create", 3));
}

#[test]
fn a_paused_deployment_does_not_roll_out() {
    let d = deployment(3, "nginx:1.21", json!({"spec": {"paused": true}}));
    let old = replica_set(&d, "old", "nginx:1.20", 1, 3, 3, 1);
    let decision = reconcile_on(&d, &[old]);
    assert!(writes(&decision).is_empty(), "{decision:?}");
    let d = status(&decision);
    let c = util::get_condition(d.status.as_ref().expect("status"), "Progressing")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (c.status.as_str(), c.reason.as_deref()),
        ("Unknown", Some(util::reason::PAUSED))
    );
}

#[test]
fn old_replica_sets_beyond_the_history_limit_are_deleted() {
    let d = deployment(
        2,
        "nginx:1.24",
        json!({"spec": {"revisionHistoryLimit": 1}}),
    );
    let mut objects = vec![replica_set(&d, "new", "nginx:1.24", 9, 2, 2, 4)];
    for (i, (name, image)) in [
        ("a", "nginx:1.20"),
        ("b", "nginx:1.21"),
        ("c", "nginx:1.22"),
    ]
    .iter()
    .enumerate()
    {
        objects.push(replica_set(
            &d,
            name,
            image,
            i as u32 + 1,
            0,
            0,
            i as i64 + 1,
        ));
    }
    let mut d = d;
    d["status"] = json!({"observedGeneration": 2, "replicas": 2, "updatedReplicas": 2, "availableReplicas": 2});
    let w = writes(&reconcile_on(&d, &objects));
    assert_eq!(
        w,
        [
            ("delete", "replicaset/web-a".to_string(), 0),
            ("delete", "replicaset/web-b".to_string(), 0)
        ]
    );
}

#[test]
fn no_progress_within_the_deadline_is_reported() {
    let updated = "2026-01-01T00:49:59Z"; // more than 600 s before now (01:00:00)
    let d = deployment(
        3,
        "nginx:9.9",
        json!({
            "spec": {"progressDeadlineSeconds": 600},
            "status": {"observedGeneration": 2, "replicas": 4, "updatedReplicas": 1, "readyReplicas": 3,
                       "availableReplicas": 3, "unavailableReplicas": 1, "terminatingReplicas": 0,
                       "conditions": [
                           {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable",
                            "message": "Deployment has minimum availability.", "lastUpdateTime": updated, "lastTransitionTime": updated},
                           {"type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated",
                            "message": "ReplicaSet \"web-new\" is progressing.", "lastUpdateTime": updated, "lastTransitionTime": updated}]}
        }),
    );
    let old = replica_set(&d, "old", "nginx:1.20", 1, 3, 3, 1);
    let new = replica_set(&d, "new", "nginx:9.9", 2, 1, 0, 2);
    let mut d_with_revision = d.clone();
    d_with_revision["metadata"]["annotations"] = json!({"deployment.kubernetes.io/revision": "2"});
    let decision = reconcile_on(&d_with_revision, &[old, new]);
    let d = status(&decision);
    let c = util::get_condition(d.status.as_ref().expect("status"), "Progressing")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (c.status.as_str(), c.reason.as_deref()),
        ("False", Some(util::reason::TIMED_OUT))
    );
    assert_eq!(
        c.message.as_deref(),
        Some("ReplicaSet \"web-new\" has timed out progressing.")
    );
}

#[test]
fn waiting_for_the_deadline_requeues_a_second_after_it() {
    let updated = "2026-01-01T00:55:00Z"; // 300 s before now, deadline 600 s
    let mut d = deployment(3, "nginx:9.9", json!({}));
    d["metadata"]["annotations"] = json!({"deployment.kubernetes.io/revision": "2"});
    let old = replica_set(&d, "old", "nginx:1.20", 1, 3, 3, 1);
    let new = replica_set(&d, "new", "nginx:9.9", 2, 1, 0, 2);
    // The status this state produces, already written.
    let first = status(&reconcile_on(&d, &[old.clone(), new.clone()]));
    let mut settled = serde_json::to_value(&first).unwrap_or_default();
    for c in settled["status"]["conditions"]
        .as_array_mut()
        .into_iter()
        .flatten()
    {
        c["lastUpdateTime"] = json!(updated);
        c["lastTransitionTime"] = json!(updated);
    }
    let decision = reconcile_on(&settled, &[old, new]);
    assert!(decision.actions.is_empty(), "{decision:?}");
    assert_eq!(
        decision.requeue_after,
        Some(crate::state::clock::Duration::seconds(301))
    );
}

#[test]
fn an_empty_selector_is_refused_with_a_warning() {
    let d = deployment(
        1,
        "nginx",
        json!({"spec": {"selector": {"matchLabels": null}}}),
    );
    let decision = reconcile_on(&d, &[]);
    assert_eq!(decision.actions.len(), 1);
    let event = decision.actions[0].event.clone().expect("event");
    assert_eq!(event.reason, "SelectingAll");
}

#[test]
fn a_name_taken_by_another_replica_set_bumps_the_collision_count() {
    let d = deployment(1, "nginx", json!({}));
    let Ok(Object::Deployment(typed)) = Object::from_json(d.clone()) else {
        panic!()
    };
    let hash = util::compute_hash(&typed.spec.template, None);
    let squatter = json!({
        "apiVersion": "apps/v1", "kind": "ReplicaSet",
        "metadata": {"name": format!("web-{hash}"), "namespace": "default", "uid": "x", "labels": {"other": "x"}},
        "spec": {"replicas": 0, "selector": {"matchLabels": {"other": "x"}},
                 "template": {"metadata": {"labels": {"other": "x"}}, "spec": {"containers": [{"name": "c", "image": "busybox"}]}}}
    });
    let decision = reconcile_on(&d, &[squatter]);
    assert!(writes(&decision).is_empty());
    assert_eq!(
        status(&decision).status.and_then(|s| s.collision_count),
        Some(1)
    );
    assert_ne!(util::compute_hash(&typed.spec.template, Some(1)), hash);
}

#[test]
fn an_orphan_replica_set_that_matches_is_adopted() {
    let d = deployment(3, "nginx:1.20", json!({}));
    let mut orphan = replica_set(&d, "old", "nginx:1.20", 1, 3, 3, 1);
    orphan["metadata"]["ownerReferences"] = json!(null);
    let decision = reconcile_on(&d, &[orphan]);
    assert!(
        reasons(&decision)[0].contains("adopt it"),
        "{:?}",
        reasons(&decision)
    );
    // It has the template, so it is the new ReplicaSet: nothing is created.
    assert!(!writes(&decision).iter().any(|w| w.0 == "create"));
}
