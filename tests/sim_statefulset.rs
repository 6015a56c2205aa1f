//! The simulator end to end with the StatefulSet controller: the scenarios of the course's
//! StatefulSet lesson (the hotel: numbered rooms, their keys and the luggage left in them).

use std::collections::BTreeMap;

use kubesim::api::object::Object;
use kubesim::api::statefulset::StatefulSet;
use kubesim::controllers::podutil;
use kubesim::controllers::Propagation;
use kubesim::manifest::load::load_text;
use kubesim::sim::clock::{Duration, Time};
use kubesim::sim::dns::Answer;
use kubesim::sim::engine::{Cluster, ClusterConfig};
use kubesim::sim::store::Key;

fn mysql(extra_spec: &str) -> String {
    format!(
        "
apiVersion: v1
kind: Service
metadata:
  name: mysql
spec:
  clusterIP: None
  selector:
    app: mysql
  ports:
  - port: 3306
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: mysql
spec:
  serviceName: mysql
  replicas: 3
  selector:
    matchLabels:
      app: mysql
{extra_spec}
  template:
    metadata:
      labels:
        app: mysql
    spec:
      containers:
      - name: mysql
        image: mysql:8.0
        volumeMounts:
        - name: data
          mountPath: /var/lib/mysql
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [\"ReadWriteOnce\"]
      resources:
        requests:
          storage: 10Gi
"
    )
}

fn apply(c: &mut Cluster, text: &str) {
    let objs = load_text(text, "t.yaml")
        .unwrap()
        .into_iter()
        .map(|l| l.object)
        .collect();
    c.apply(objs).unwrap();
}

fn cluster_with(text: &str) -> Cluster {
    let mut c = Cluster::new(ClusterConfig::default()).unwrap();
    apply(&mut c, text);
    c.run(Duration::seconds(600)).unwrap();
    c
}

fn pod_names(c: &Cluster) -> Vec<String> {
    let mut names: Vec<String> = c
        .store
        .pods()
        .filter(|p| podutil::is_active(p))
        .map(|p| p.metadata.name.clone().unwrap_or_default())
        .collect();
    names.sort_by_key(|n| {
        n.rsplit_once('-')
            .and_then(|(_, o)| o.parse::<i32>().ok())
            .unwrap_or(-1)
    });
    names
}

fn claims(c: &Cluster) -> Vec<(String, String, String)> {
    c.store
        .list("PersistentVolumeClaim")
        .filter_map(|o| match o {
            Object::PersistentVolumeClaim(p) => Some((
                p.metadata.name.clone().unwrap_or_default(),
                p.status
                    .as_ref()
                    .and_then(|s| s.phase.clone())
                    .unwrap_or_default(),
                p.spec.volume_name.clone().unwrap_or_default(),
            )),
            _ => None,
        })
        .collect()
}

fn sts(c: &Cluster, name: &str) -> StatefulSet {
    match c.store.get(&Key::new("StatefulSet", "default", name)) {
        Some(Object::StatefulSet(s)) => s.clone(),
        other => panic!("no statefulset {name}: {other:?}"),
    }
}

fn modify_sts(c: &mut Cluster, name: &str, f: impl FnOnce(&mut StatefulSet)) {
    c.store
        .modify(&Key::new("StatefulSet", "default", name), |o| {
            if let Object::StatefulSet(s) = o {
                f(s);
            }
        })
        .unwrap();
}

/// Times of the controller's pod creations and deletions, and of pods becoming ready.
fn steps(c: &Cluster, from: usize, actor: &str, verb: &str) -> Vec<(Time, String)> {
    c.trace()[from..]
        .iter()
        .filter(|s| s.actor == actor && s.verb == verb && s.target.starts_with("pod/"))
        .map(|s| (s.time, s.target.trim_start_matches("pod/").to_string()))
        .collect()
}

fn ready_times(c: &Cluster) -> BTreeMap<String, Time> {
    let mut out = BTreeMap::new();
    for s in c.trace() {
        if s.actor == "kubelet" && s.reason.en == "containers running and ready" {
            out.entry(s.target.trim_start_matches("pod/").to_string())
                .or_insert(s.time);
        }
    }
    out
}

fn pod_revision(c: &Cluster, name: &str) -> String {
    match c.store.get(&Key::pod("default", name)) {
        Some(Object::Pod(p)) => p
            .metadata
            .label("controller-revision-hash")
            .unwrap_or("")
            .to_string(),
        _ => String::new(),
    }
}

fn image_of(c: &Cluster, name: &str) -> String {
    match c.store.get(&Key::pod("default", name)) {
        Some(Object::Pod(p)) => p.spec.containers[0].image.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

#[test]
fn mysql_three_replicas_names_order_claims_and_dns() {
    let c = cluster_with(&mysql(""));
    assert_eq!(pod_names(&c), ["mysql-0", "mysql-1", "mysql-2"]);
    let created = steps(&c, 0, "statefulset-controller", "create");
    let order: Vec<&str> = created.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(order, ["mysql-0", "mysql-1", "mysql-2"]);
    let ready = ready_times(&c);
    for w in created.windows(2) {
        assert!(
            ready[&w[0].1] <= w[1].0,
            "{} was created before {} was ready",
            w[1].1,
            w[0].1
        );
        assert!(w[0].0 < w[1].0, "one at a time: {created:?}");
    }
    let claims = claims(&c);
    let names: Vec<&str> = claims.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(names, ["data-mysql-0", "data-mysql-1", "data-mysql-2"]);
    assert!(claims
        .iter()
        .all(|(_, phase, pv)| phase == "Bound" && pv.starts_with("pvc-")));
    // Each claim is created before its pod, in the trace.
    let trace = c.trace();
    for i in 0..3 {
        let claim_at = trace
            .iter()
            .position(|s| s.target == format!("persistentvolumeclaim/data-mysql-{i}"))
            .unwrap();
        let pod_at = trace
            .iter()
            .position(|s| s.target == format!("pod/mysql-{i}") && s.verb == "create")
            .unwrap();
        assert!(claim_at < pod_at);
    }
    for i in 0..3 {
        let Some(Object::Pod(p)) = c.store.get(&Key::pod("default", &format!("mysql-{i}"))) else {
            panic!("mysql-{i}");
        };
        assert_eq!(
            p.metadata.label("statefulset.kubernetes.io/pod-name"),
            Some(format!("mysql-{i}").as_str())
        );
        assert_eq!(
            p.metadata.label("apps.kubernetes.io/pod-index"),
            Some(i.to_string().as_str())
        );
        assert_eq!(
            p.spec.hostname.as_deref(),
            Some(format!("mysql-{i}").as_str())
        );
        assert_eq!(p.spec.subdomain.as_deref(), Some("mysql"));
        let ip = p.status.as_ref().unwrap().pod_ip.clone().unwrap();
        match c.resolve(&format!("mysql-{i}.mysql"), "default") {
            Ok(Answer::Pod { fqdn, ip: got, .. }) => {
                assert_eq!(fqdn, format!("mysql-{i}.mysql.default.svc.cluster.local"));
                assert_eq!(got, ip);
            }
            other => panic!("{other:?}"),
        }
    }
    match c.resolve("mysql", "default") {
        Ok(Answer::Service { ips, headless, .. }) => {
            assert!(headless);
            assert_eq!(ips.len(), 3);
        }
        other => panic!("{other:?}"),
    }
    assert!(c.resolve("mysql-3.mysql", "default").is_err());
    assert!(c.resolve("mysql-0.mysql", "other").is_err());
    assert!(c
        .resolve("mysql-0.mysql.default.svc.cluster.local", "other")
        .is_ok());
    let status = sts(&c, "mysql").status.unwrap();
    assert_eq!(
        (
            status.replicas,
            status.ready_replicas,
            status.current_replicas
        ),
        (3, Some(3), Some(3))
    );
    assert_eq!(status.current_revision, status.update_revision);
    assert_eq!(c.store.list("ControllerRevision").count(), 1);
}

#[test]
fn an_unready_pod_halts_ordered_creation() {
    let text = mysql("").replace(
        "      containers:",
        "      containers:\n      - name: probe\n        image: busybox\n        command: [sleep, infinity]",
    );
    let mut c = Cluster::new(ClusterConfig::default()).unwrap();
    apply(&mut c, &text);
    c.add_rule(kubesim::sim::behavior::Rule {
        image: None,
        selector: Some(
            kubesim::selector::parse("statefulset.kubernetes.io/pod-name=mysql-1").unwrap(),
        ),
        run_for: None,
        exit_code: None,
        readiness: Some(kubesim::sim::kubelet::Readiness::Never),
        image_pull_fails: None,
        draw: None,
    });
    c.run(Duration::seconds(600)).unwrap();
    assert_eq!(pod_names(&c), ["mysql-0", "mysql-1"]);
    assert_eq!(claims(&c).len(), 2);
}

#[test]
fn scale_three_to_five_to_one_keeps_every_claim() {
    let mut c = cluster_with(&mysql(""));
    modify_sts(&mut c, "mysql", |s| s.spec.replicas = Some(5));
    let from = c.trace().len();
    c.run(Duration::seconds(600)).unwrap();
    assert_eq!(pod_names(&c).len(), 5);
    let created: Vec<String> = steps(&c, from, "statefulset-controller", "create")
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert_eq!(created, ["mysql-3", "mysql-4"]);

    modify_sts(&mut c, "mysql", |s| s.spec.replicas = Some(1));
    let from = c.trace().len();
    c.run(Duration::seconds(600)).unwrap();
    assert_eq!(pod_names(&c), ["mysql-0"]);
    let deleted = steps(&c, from, "statefulset-controller", "delete");
    let order: Vec<&str> = deleted.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(order, ["mysql-4", "mysql-3", "mysql-2", "mysql-1"]);
    let gone = steps(&c, from, "kubelet", "delete");
    for (i, (t, name)) in deleted.iter().enumerate().skip(1) {
        let prev = &deleted[i - 1].1;
        let prev_gone = gone.iter().find(|(_, n)| n == prev).unwrap().0;
        assert!(prev_gone <= *t, "{name} deleted before {prev} was gone");
    }
    // Retain/Retain: the luggage stays in the rooms.
    assert_eq!(claims(&c).len(), 5);
    // Scaling up again reuses the same claims.
    modify_sts(&mut c, "mysql", |s| s.spec.replicas = Some(3));
    c.run(Duration::seconds(600)).unwrap();
    assert_eq!(claims(&c).len(), 5);
}

#[test]
fn a_deleted_pod_comes_back_with_its_name_volume_and_dns_name() {
    let mut c = cluster_with(&mysql(""));
    let before = match c.store.get(&Key::pod("default", "mysql-1")) {
        Some(Object::Pod(p)) => p.clone(),
        _ => panic!(),
    };
    c.delete(
        &Key::pod("default", "mysql-1"),
        Propagation::Background,
        "kubectl",
    )
    .unwrap();
    c.run(Duration::seconds(600)).unwrap();
    let after = match c.store.get(&Key::pod("default", "mysql-1")) {
        Some(Object::Pod(p)) => p.clone(),
        _ => panic!("mysql-1 did not come back"),
    };
    assert_ne!(before.metadata.uid, after.metadata.uid);
    assert_eq!(before.spec.volumes, after.spec.volumes);
    assert_eq!(claims(&c).len(), 3);
    assert!(c.resolve("mysql-1.mysql", "default").is_ok());
    let why = &c
        .trace()
        .iter()
        .rev()
        .find(|s| s.verb == "create" && s.target == "pod/mysql-1")
        .unwrap()
        .reason
        .en;
    assert!(why.contains("data-mysql-1 still exists"), "{why}");
}

#[test]
fn rolling_update_with_partition_one_then_zero() {
    let mut c = cluster_with(&mysql(
        "  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: 1",
    ));
    let old = pod_revision(&c, "mysql-0");
    modify_sts(&mut c, "mysql", |s| {
        s.spec.template.spec.containers[0].image = Some("mysql:8.4".into())
    });
    let from = c.trace().len();
    c.run(Duration::seconds(600)).unwrap();
    let deleted: Vec<String> = steps(&c, from, "statefulset-controller", "delete")
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert_eq!(deleted, ["mysql-2", "mysql-1"]);
    assert_eq!(image_of(&c, "mysql-0"), "mysql:8.0");
    assert_eq!(image_of(&c, "mysql-1"), "mysql:8.4");
    assert_eq!(image_of(&c, "mysql-2"), "mysql:8.4");
    let status = sts(&c, "mysql").status.unwrap();
    assert_eq!(status.current_revision.as_deref(), Some(old.as_str()));
    assert_ne!(status.update_revision, status.current_revision);
    assert_eq!(
        (status.current_replicas, status.updated_replicas),
        (Some(1), Some(2))
    );
    assert_eq!(
        kubesim::kubectl::rollout::statefulset_status(&sts(&c, "mysql"))
            .unwrap()
            .message,
        "partitioned roll out complete: 2 new pods have been updated...\n"
    );

    modify_sts(&mut c, "mysql", |s| {
        if let Some(ru) = s
            .spec
            .update_strategy
            .as_mut()
            .and_then(|u| u.rolling_update.as_mut())
        {
            ru.partition = Some(0);
        }
    });
    c.run(Duration::seconds(600)).unwrap();
    assert_eq!(image_of(&c, "mysql-0"), "mysql:8.4");
    let status = sts(&c, "mysql").status.unwrap();
    assert_eq!(status.current_revision, status.update_revision);
    assert_eq!(status.current_replicas, Some(3));
}

#[test]
fn rollback_renumbers_the_old_revision() {
    let mut c = cluster_with(&mysql(""));
    let first = pod_revision(&c, "mysql-0");
    modify_sts(&mut c, "mysql", |s| {
        s.spec.template.spec.containers[0].image = Some("mysql:8.4".into())
    });
    c.run(Duration::seconds(600)).unwrap();
    let second = pod_revision(&c, "mysql-0");
    assert_ne!(first, second);
    let out = c.kubectl("rollout undo statefulset/mysql").unwrap();
    assert_eq!(out, "statefulset.apps/mysql rolled back\n");
    c.run(Duration::seconds(600)).unwrap();
    assert_eq!(pod_revision(&c, "mysql-2"), first);
    assert_eq!(image_of(&c, "mysql-0"), "mysql:8.0");
    let history = c.kubectl("rollout history sts/mysql").unwrap();
    assert_eq!(
        history,
        "statefulset.apps/mysql \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n"
    );
}

#[test]
fn parallel_creates_every_pod_at_once() {
    let c = cluster_with(&mysql("  podManagementPolicy: Parallel"));
    let created = steps(&c, 0, "statefulset-controller", "create");
    assert_eq!(created.len(), 3);
    assert!(created.iter().all(|(t, _)| *t == created[0].0));
}

#[test]
fn ordinals_start_and_min_ready_seconds() {
    let c = cluster_with(&mysql("  ordinals:\n    start: 5\n  minReadySeconds: 10"));
    assert_eq!(pod_names(&c), ["mysql-5", "mysql-6", "mysql-7"]);
    let created = steps(&c, 0, "statefulset-controller", "create");
    let ready = ready_times(&c);
    for w in created.windows(2) {
        assert!(ready[&w[0].1].plus(Duration::seconds(10)) <= w[1].0);
    }
    assert_eq!(claims(&c)[0].0, "data-mysql-5");
}

#[test]
fn retention_policy_delete_removes_claims_on_scale_down_and_set_deletion() {
    let mut c = cluster_with(&mysql(
        "  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Delete\n    whenScaled: Delete",
    ));
    let owners = |c: &Cluster, name: &str| -> Vec<String> {
        match c
            .store
            .get(&Key::new("PersistentVolumeClaim", "default", name))
        {
            Some(Object::PersistentVolumeClaim(p)) => p
                .metadata
                .owner_references
                .iter()
                .flatten()
                .map(|r| format!("{}/{}", r.kind, r.name))
                .collect(),
            _ => vec![],
        }
    };
    assert_eq!(owners(&c, "data-mysql-2"), ["StatefulSet/mysql"]);
    modify_sts(&mut c, "mysql", |s| s.spec.replicas = Some(1));
    c.run(Duration::seconds(600)).unwrap();
    let names: Vec<String> = claims(&c).into_iter().map(|(n, _, _)| n).collect();
    assert_eq!(names, ["data-mysql-0"]);
    c.delete(
        &Key::new("StatefulSet", "default", "mysql"),
        Propagation::Background,
        "kubectl",
    )
    .unwrap();
    c.run(Duration::seconds(600)).unwrap();
    assert!(claims(&c).is_empty());
    assert!(pod_names(&c).is_empty());
}

#[test]
fn on_delete_waits_for_a_manual_delete() {
    let mut c = cluster_with(&mysql("  updateStrategy:\n    type: OnDelete"));
    modify_sts(&mut c, "mysql", |s| {
        s.spec.template.spec.containers[0].image = Some("mysql:8.4".into())
    });
    c.run(Duration::seconds(600)).unwrap();
    assert!((0..3).all(|i| image_of(&c, &format!("mysql-{i}")) == "mysql:8.0"));
    c.delete(
        &Key::pod("default", "mysql-1"),
        Propagation::Background,
        "kubectl",
    )
    .unwrap();
    c.run(Duration::seconds(600)).unwrap();
    assert_eq!(image_of(&c, "mysql-1"), "mysql:8.4");
    assert_eq!(image_of(&c, "mysql-2"), "mysql:8.0");
}

#[test]
fn max_unavailable_two_replaces_two_at_a_time() {
    let mut c = cluster_with(
        &mysql("  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 2")
            .replace("replicas: 3", "replicas: 4"),
    );
    modify_sts(&mut c, "mysql", |s| {
        s.spec.template.spec.containers[0].image = Some("mysql:8.4".into())
    });
    let from = c.trace().len();
    c.run(Duration::seconds(600)).unwrap();
    let deleted = steps(&c, from, "statefulset-controller", "delete");
    let order: Vec<&str> = deleted.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(order, ["mysql-3", "mysql-2", "mysql-1", "mysql-0"]);
    assert_eq!(deleted[0].0, deleted[1].0, "two at once");
    assert!(deleted[1].0 < deleted[2].0);
}

#[test]
fn a_missing_governing_service_is_noted_and_dns_explains() {
    let text = mysql("");
    let without_service = text.split("---").nth(1).unwrap();
    let c = cluster_with(without_service);
    assert_eq!(pod_names(&c).len(), 3);
    let warned: Vec<_> = c
        .events
        .all()
        .iter()
        .filter(|e| e.reason == "NoGoverningService")
        .collect();
    assert_eq!(warned.len(), 1);
    assert_eq!(warned[0].count, 1);
    let err = c.resolve("mysql-0.mysql", "default").unwrap_err();
    assert!(
        err.why.en.contains("no Service \"mysql\""),
        "{}",
        err.why.en
    );
}

#[test]
fn a_pod_whose_claim_is_missing_stays_pending() {
    let c = cluster_with(
        "
apiVersion: v1
kind: Pod
metadata:
  name: lonely
spec:
  containers:
  - name: c
    image: nginx
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: nowhere
",
    );
    let Some(Object::Pod(p)) = c.store.get(&Key::pod("default", "lonely")) else {
        panic!()
    };
    assert_eq!(podutil::phase(p), "Pending");
    assert!(p.spec.node_name.is_none());
    let event = c
        .events
        .all()
        .iter()
        .find(|e| e.reason == "FailedScheduling")
        .unwrap();
    assert_eq!(event.message, "0/4 nodes are available: persistentvolumeclaim \"nowhere\" not found. no new claims to deallocate, preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.");
}

#[test]
fn kubectl_get_sts_and_pvc() {
    let mut c = cluster_with(&mysql(""));
    let table = c.kubectl("get sts").unwrap();
    assert!(table.starts_with("NAME    READY   AGE"), "{table}");
    assert!(table.contains("mysql   3/3"), "{table}");
    let pvc = c.kubectl("get pvc").unwrap();
    let first = pvc.lines().nth(1).unwrap();
    assert!(first.starts_with("data-mysql-0   Bound    pvc-"), "{pvc}");
    assert!(
        first.contains("10Gi       RWO            standard"),
        "{pvc}"
    );
    assert_eq!(
        c.kubectl("scale sts mysql --replicas=2").unwrap(),
        "statefulset.apps/mysql scaled\n"
    );
    let status = c.kubectl("rollout status sts/mysql").unwrap();
    assert_eq!(
        status,
        "partitioned roll out complete: 2 new pods have been updated...\n"
    );
    modify_sts(&mut c, "mysql", |s| {
        s.spec.template.spec.containers[0].image = Some("mysql:8.4".into());
        s.spec.update_strategy = Some(Default::default());
    });
    let status = c.kubectl("rollout status statefulset/mysql").unwrap();
    let rev = sts(&c, "mysql").status.unwrap().update_revision.unwrap();
    let lines: Vec<&str> = status.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some(
            "waiting for statefulset rolling update to complete 0 pods at revision ".to_string()
                + &rev
                + "..."
        )
        .as_deref()
    );
    assert_eq!(
        lines.last().copied(),
        Some("statefulset rolling update complete 2 pods at revision ".to_string() + &rev + "...")
            .as_deref()
    );
    assert!(lines.len() > 3, "{status}");
}

mod properties {
    use super::*;
    use kubesim::sim::behavior::Rule;
    use kubesim::sim::kubelet::Readiness;
    use proptest::prelude::*;

    /// Replays the trace: which of the set's pods exist and are ready at each step, and
    /// checks the OrderedReady rules at every controller action.
    fn check_ordering(c: &Cluster, start: i32) -> Result<(), String> {
        let ordinal = |target: &str| -> Option<i32> {
            target
                .strip_prefix("pod/mysql-")
                .and_then(|o| o.parse::<i32>().ok())
        };
        // ordinal → (exists and not terminating, ready)
        let mut state: BTreeMap<i32, (bool, bool)> = BTreeMap::new();
        for s in c.trace() {
            let Some(o) = ordinal(&s.target) else {
                continue;
            };
            match (s.actor.as_str(), s.verb.as_str()) {
                ("statefulset-controller", "create") => {
                    for k in start..o {
                        if state.get(&k) != Some(&(true, true)) {
                            return Err(format!(
                                "mysql-{o} created at {} while mysql-{k} was not Running and Ready",
                                s.time
                            ));
                        }
                    }
                    state.insert(o, (true, false));
                }
                ("statefulset-controller", "delete") => {
                    let scale_down = s.reason.en.contains("highest ordinal beyond");
                    if scale_down {
                        let highest = state
                            .iter()
                            .filter(|(_, (alive, _))| *alive)
                            .map(|(k, _)| *k)
                            .max();
                        if highest != Some(o) {
                            return Err(format!(
                                "scale-down deleted mysql-{o} at {} while mysql-{highest:?} was the highest",
                                s.time
                            ));
                        }
                        if state.values().any(|(alive, _)| !alive) {
                            return Err(format!(
                                "scale-down deleted mysql-{o} at {} while another pod was still terminating",
                                s.time
                            ));
                        }
                    }
                    state.insert(o, (false, false));
                }
                ("kubectl", "delete") | ("taint-eviction-controller", "evict") => {
                    state.insert(o, (false, false));
                }
                ("kubelet", "delete") => {
                    state.remove(&o);
                }
                ("kubelet", "status") => {
                    if let Some(e) = state.get_mut(&o) {
                        e.1 = e.0 && s.reason.en == "containers running and ready";
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    #[test]
    fn the_checker_catches_parallel_creation() {
        let c = cluster_with(&mysql("  podManagementPolicy: Parallel"));
        assert!(check_ordering(&c, 0).is_err_and(|e| e.contains("created")));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        #[test]
        fn ordered_ready_holds_under_scaling_deletes_and_slow_readiness(
            start in 0..3i32,
            first in 1..6i32,
            second in 0..7i32,
            delays in proptest::collection::vec(0..20i64, 7),
            victim in 0..7i32,
            delete_at in 0..40i64,
        ) {
            let text = mysql(&format!("  ordinals:\n    start: {start}"))
                .replace("replicas: 3", &format!("replicas: {first}"));
            let mut c = Cluster::new(ClusterConfig::default()).unwrap();
            for (i, d) in delays.iter().enumerate() {
                let name = format!("mysql-{}", start + i as i32);
                c.add_rule(Rule {
                    image: None,
                    selector: Some(kubesim::selector::parse(&format!("statefulset.kubernetes.io/pod-name={name}")).unwrap()),
                    run_for: None,
                    exit_code: None,
                    readiness: Some(Readiness::After(Duration::seconds(*d))),
                    image_pull_fails: None,
                    draw: None,
                });
            }
            apply(&mut c, &text);
            c.advance(Duration::seconds(delete_at)).unwrap();
            let victim = Key::pod("default", &format!("mysql-{}", start + victim));
            if c.store.contains(&victim) {
                c.delete(&victim, Propagation::Background, "kubectl").unwrap();
            }
            c.run(Duration::seconds(600)).unwrap();
            prop_assert_eq!(pod_names(&c).len() as i32, first);
            modify_sts(&mut c, "mysql", |s| s.spec.replicas = Some(second));
            c.run(Duration::seconds(600)).unwrap();
            let want: Vec<String> = (start..start + second).map(|o| format!("mysql-{o}")).collect();
            prop_assert_eq!(pod_names(&c), want);
            prop_assert_eq!(check_ordering(&c, start), Ok(()));
        }
    }
}
