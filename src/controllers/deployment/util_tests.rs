use serde_json::json;

use super::*;
use crate::api::object::Object;

fn s(v: &str) -> IntOrString {
    IntOrString::String(v.to_string())
}

fn deployment(v: serde_json::Value) -> Deployment {
    match Object::from_json(v) {
        Ok(Object::Deployment(d)) => d,
        other => panic!("not a deployment: {other:?}"),
    }
}

fn replica_set(v: serde_json::Value) -> ReplicaSet {
    match Object::from_json(v) {
        Ok(Object::ReplicaSet(rs)) => rs,
        other => panic!("not a replica set: {other:?}"),
    }
}

fn rolling(replicas: i32, surge: serde_json::Value, unavailable: serde_json::Value) -> Deployment {
    deployment(json!({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {"replicas": replicas,
                 "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": surge, "maxUnavailable": unavailable}},
                 "template": {"spec": {"containers": [{"name": "c", "image": "nginx"}]}}}
    }))
}

#[test]
fn fenceposts_round_as_upstream() {
    // (maxSurge, maxUnavailable, desired) -> (surge, unavailable); TestResolveFenceposts
    // and the cases in ResolveFenceposts' doc comment.
    let rows = [
        (s("0%"), s("0%"), 0, Ok((0, 1))),
        (s("39%"), s("39%"), 10, Ok((4, 3))),
        (s("25%"), s("25%"), 10, Ok((3, 2))),
        (s("25%"), s("25%"), 3, Ok((1, 0))),
        (s("25%"), s("25%"), 4, Ok((1, 1))),
        (s("25%"), s("25%"), 1, Ok((1, 0))),
        (s("0%"), s("1%"), 2, Ok((0, 1))),
        (s("1%"), s("25%"), 2, Ok((1, 0))),
        (s("1%"), s("0%"), 1, Ok((1, 0))),
        (IntOrString::Int(0), IntOrString::Int(0), 5, Ok((0, 1))),
        (IntOrString::Int(1), IntOrString::Int(1), 3, Ok((1, 1))),
        (IntOrString::Int(2), IntOrString::Int(5), 3, Ok((2, 5))),
        (
            s("oops"),
            s("39%"),
            10,
            Err(
                "invalid value for IntOrString: invalid type: string is not a percentage"
                    .to_string(),
            ),
        ),
        (
            s("55%"),
            s("urg"),
            10,
            Err(
                "invalid value for IntOrString: invalid type: string is not a percentage"
                    .to_string(),
            ),
        ),
    ];
    for (surge, unavailable, desired, want) in rows {
        assert_eq!(
            resolve_fenceposts(&surge, &unavailable, desired),
            want,
            "{surge} {unavailable} of {desired}"
        );
    }
}

#[test]
fn max_unavailable_is_capped_and_zero_without_replicas() {
    let rows = [
        (rolling(10, json!(2), json!(5)), 2, 5),
        (rolling(3, json!(1), json!(7)), 1, 3),
        (rolling(0, json!(1), json!(1)), 1, 0),
        (rolling(10, json!("25%"), json!("25%")), 3, 2),
    ];
    for (d, surge, unavailable) in rows {
        assert_eq!((max_surge(&d), max_unavailable(&d)), (surge, unavailable));
    }
    let mut recreate = rolling(3, json!(1), json!(1));
    recreate.spec.strategy = Some(crate::api::deployment::DeploymentStrategy {
        type_: Some("Recreate".into()),
        rolling_update: None,
    });
    assert_eq!((max_surge(&recreate), max_unavailable(&recreate)), (0, 0));
    assert_eq!(new_rs_new_replicas(&recreate, 3, 0), Ok(3));
}

#[test]
fn new_replica_set_grows_up_to_the_surge() {
    // (replicas, maxSurge, all ReplicaSets' sizes, new size) -> new size; TestNewRSNewReplicas.
    let rows = [
        (1, json!("25%"), 1, 0, 1),
        (1, json!("25%"), 2, 1, 1),
        (10, json!("25%"), 10, 0, 3),
        (10, json!("25%"), 13, 3, 3),
        (10, json!("25%"), 11, 3, 5),
        (10, json!("25%"), 5, 3, 10),
        (3, json!(1), 3, 0, 1),
        (3, json!(0), 3, 0, 0),
    ];
    for (replicas, surge, all, new, want) in rows {
        let d = rolling(replicas, surge.clone(), json!(0));
        assert_eq!(
            new_rs_new_replicas(&d, all, new),
            Ok(want),
            "{replicas} {surge} {all} {new}"
        );
    }
}

#[test]
fn safe_encoding_and_hash_shape() {
    assert_eq!(safe_encode("0123456789"), "456789bcdf");
    let t = rolling(1, json!(1), json!(0)).spec.template;
    let h = compute_hash(&t, None);
    assert!(!h.is_empty() && h.len() <= 10, "{h}");
    assert!(h.chars().all(|c| "456789bcdf".contains(c)), "{h}");
    assert_eq!(h, compute_hash(&t, None), "deterministic");
    assert_ne!(
        h,
        compute_hash(&t, Some(1)),
        "the collision count changes the hash"
    );
    let mut other = t.clone();
    other.spec.containers[0].image = Some("nginx:1.21".into());
    assert_ne!(h, compute_hash(&other, None));
    assert_eq!(fnv32a(b""), 0x811c_9dc5);
    assert_eq!(fnv32a(b"a"), 0xe40c_292c);
}

#[test]
fn templates_compare_without_the_hash_label() {
    let a = rolling(1, json!(1), json!(0)).spec.template;
    let mut b = a.clone();
    b.metadata
        .labels
        .get_or_insert_with(BTreeMap::new)
        .insert(POD_TEMPLATE_HASH.into(), "abc".into());
    assert!(equal_ignore_hash(&a, &b));
    b.spec.containers[0].image = Some("other".into());
    assert!(!equal_ignore_hash(&a, &b));
}

fn rs_with(name: &str, annotations: serde_json::Value, replicas: i32) -> ReplicaSet {
    replica_set(json!({
        "apiVersion": "apps/v1", "kind": "ReplicaSet",
        "metadata": {"name": name, "annotations": annotations},
        "spec": {"replicas": replicas, "template": {"spec": {"containers": []}}}
    }))
}

#[test]
fn revisions_max_and_last() {
    let rss = [
        rs_with("a", json!({"deployment.kubernetes.io/revision": "1"}), 0),
        rs_with("b", json!({"deployment.kubernetes.io/revision": "3"}), 0),
        rs_with("c", json!({"deployment.kubernetes.io/revision": "x"}), 0),
        rs_with("d", json!({"deployment.kubernetes.io/revision": "2"}), 0),
    ];
    assert_eq!(max_revision(&rss), 3);
    assert_eq!(last_revision(&rss), 2);
    assert!(revision(&rss[2].metadata).is_err());
    assert_eq!(max_revision(&[]), 0);
}

#[test]
fn new_replica_set_annotations_move_the_revision_and_keep_history() {
    let mut d = rolling(3, json!(1), json!(0));
    d.metadata.annotations = Some(BTreeMap::from([
        ("team".to_string(), "web".to_string()),
        (REVISION.to_string(), "9".to_string()),
        (LAST_APPLIED.to_string(), "{}".to_string()),
    ]));
    let mut fresh = rs_with("a", json!({}), 0);
    assert!(set_new_rs_annotations(&d, &mut fresh, 1, false));
    let a = fresh.metadata.annotations.clone().unwrap_or_default();
    assert_eq!(a.get("team").map(String::as_str), Some("web"));
    assert_eq!(a.get(REVISION).map(String::as_str), Some("1"));
    assert_eq!(a.get(DESIRED_REPLICAS).map(String::as_str), Some("3"));
    assert_eq!(a.get(MAX_REPLICAS).map(String::as_str), Some("4"));
    assert!(!a.contains_key(LAST_APPLIED));
    assert!(!a.contains_key(REVISION_HISTORY));

    // Rolling back to a ReplicaSet of revision 1 makes it revision 4 and remembers 1.
    let mut back = fresh.clone();
    assert!(set_new_rs_annotations(&d, &mut back, 4, true));
    let a = back.metadata.annotations.clone().unwrap_or_default();
    assert_eq!(a.get(REVISION).map(String::as_str), Some("4"));
    assert_eq!(a.get(REVISION_HISTORY).map(String::as_str), Some("1"));
    assert!(set_new_rs_annotations(&d, &mut back, 6, true));
    let a = back.metadata.annotations.clone().unwrap_or_default();
    assert_eq!(a.get(REVISION_HISTORY).map(String::as_str), Some("1,4"));
    // Nothing to do the second time.
    assert!(!set_new_rs_annotations(&d, &mut back, 6, true));
}

#[test]
fn proportions_round_half_away_from_zero() {
    // ReplicaSets last sized for max-replicas 13 take their share of the new
    // replicas + maxSurge (15 + 4 = 19 going up, 5 + 2 = 7 going down).
    let up = rolling(15, json!("25%"), json!("25%"));
    let down = rolling(5, json!("25%"), json!("25%"));
    let rows = [
        (&up, 8, 6, 0, 4),      // 8*19/13 = 11.69 -> 12: +4
        (&up, 5, 6, 4, 2),      // 5*19/13 = 7.31 -> 7: +2, what is left
        (&up, 5, 6, 5, 1),      // only 1 left
        (&up, 0, 6, 0, 0),      // empty ReplicaSets take nothing
        (&down, 8, -6, 0, -4),  // 8*7/13 = 4.31 -> 4: -4
        (&down, 5, -6, -4, -2), // 5*7/13 = 2.69 -> 3: -2, what is left
        (&down, 5, -6, -5, -1),
    ];
    for (d, size, to_add, added, want) in rows {
        let rs = rs_with(
            "r",
            json!({"deployment.kubernetes.io/max-replicas": "13"}),
            size,
        );
        assert_eq!(
            replica_set_proportion(&rs, d, to_add, added),
            want,
            "{size}/13 {to_add} {added}"
        );
    }
}

#[test]
fn conditions_keep_transition_times_like_upstream() {
    let t0 = Time::DEFAULT_START;
    let t1 = t0.plus(crate::state::clock::Duration::seconds(5));
    let mut status = DeploymentStatus::default();
    set_condition(
        &mut status,
        new_condition(
            "Progressing",
            "True",
            reason::NEW_REPLICA_SET_CREATED,
            "a".into(),
            t0,
        ),
    );
    // Same status, same reason: nothing changes.
    set_condition(
        &mut status,
        new_condition(
            "Progressing",
            "True",
            reason::NEW_REPLICA_SET_CREATED,
            "b".into(),
            t1,
        ),
    );
    let c = get_condition(&status, "Progressing")
        .cloned()
        .unwrap_or_default();
    assert_eq!(c.message.as_deref(), Some("a"));
    // Same status, new reason: the transition time stays.
    set_condition(
        &mut status,
        new_condition(
            "Progressing",
            "True",
            reason::REPLICA_SET_UPDATED,
            "c".into(),
            t1,
        ),
    );
    let c = get_condition(&status, "Progressing")
        .cloned()
        .unwrap_or_default();
    assert_eq!(c.last_transition_time, Some(t0.to_rfc3339()));
    assert_eq!(c.last_update_time, Some(t1.to_rfc3339()));
    remove_condition(&mut status, "Progressing");
    assert_eq!(status.conditions, None);
}
