//! The simulator end to end with the Deployment controller: the scenarios of the course's
//! Deployment lesson, kubectl's output, the plan agreeing with the simulator, and the
//! invariants of rolling updates and Recreate as properties.

use kubesim::api::intstr::IntOrString;
use kubesim::api::object::Object;
use kubesim::controllers::deployment::{rolling_update_plan, util, Fenceposts};
use kubesim::controllers::podutil;
use kubesim::manifest::load::load_text;
use kubesim::sim::behavior::Rule;
use kubesim::sim::clock::Duration;
use kubesim::sim::engine::{Cluster, ClusterConfig};
use kubesim::sim::kubelet::Readiness;
use kubesim::sim::rollout::RolloutTrace;
use kubesim::sim::store::Key;
use proptest::prelude::*;

fn nginx() -> Key {
    Key::new("Deployment", "default", "nginx")
}

fn cluster() -> Cluster {
    Cluster::new(ClusterConfig::default()).expect("cluster")
}

fn kubectl(c: &mut Cluster, line: &str) -> String {
    c.kubectl(line).unwrap_or_else(|e| panic!("{line}: {e}"))
}

fn apply(c: &mut Cluster, text: &str) {
    let objects = load_text(text, "t.yaml")
        .expect("manifest")
        .into_iter()
        .map(|l| l.object)
        .collect();
    c.apply(objects).expect("apply");
    c.run(Duration::seconds(600)).expect("run");
}

/// A Deployment `nginx` of `replicas` pods with the given strategy block.
fn manifest(replicas: i32, strategy: &str, extra_spec: &str, pull: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: nginx
  strategy:
{strategy}
{extra_spec}
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.20
        imagePullPolicy: {pull}
"
    )
}

fn rolling(surge: &str, unavailable: &str) -> String {
    format!("    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: {surge}\n      maxUnavailable: {unavailable}")
}

/// Pods of `image` become ready as `readiness` says, or cannot pull their image.
fn rule(image: &str, readiness: Option<Readiness>, image_pull_fails: Option<bool>) -> Rule {
    Rule {
        image: Some(image.into()),
        selector: None,
        run_for: None,
        exit_code: None,
        readiness,
        image_pull_fails,
        draw: None,
    }
}

fn rollout(c: &mut Cluster) -> RolloutTrace {
    c.run_rollout(&nginx(), Duration::seconds(1800))
        .expect("rollout")
}

fn last(t: &RolloutTrace) -> &kubesim::sim::rollout::RolloutStep {
    t.steps.last().expect("a step")
}

fn images_of_pods(c: &Cluster) -> Vec<String> {
    let mut v: Vec<String> = c
        .store
        .pods()
        .filter(|p| podutil::is_active(p))
        .map(|p| p.spec.containers[0].image.clone().unwrap_or_default())
        .collect();
    v.sort();
    v
}

#[test]
fn the_seed_rollout_replaces_one_pod_at_a_time() {
    let mut c = cluster();
    kubectl(
        &mut c,
        "create deployment nginx --image=nginx:1.20 --replicas=3",
    );
    c.run(Duration::seconds(600)).expect("run");
    assert_eq!(
        kubectl(&mut c, "set image deployment/nginx nginx=nginx:1.21"),
        "deployment.apps/nginx image updated\n"
    );
    let t = rollout(&mut c);
    // 3 replicas at the default 25%/25%: maxSurge 1, maxUnavailable 0.
    assert_eq!(
        t.summary(),
        "nginx:1.20 (3) → nginx:1.20 (2) + nginx:1.21 (1) → nginx:1.20 (1) + nginx:1.21 (2) → nginx:1.21 (3)"
    );
    assert!(t
        .steps
        .iter()
        .all(|s| s.desired_total() <= 4 && s.available() >= 3));
    assert!(t.steps[1]
        .reason
        .en
        .contains("maxSurge=1 allows 4 pods in total"));
    assert_eq!(images_of_pods(&c), ["nginx:1.21"; 3]);

    // ReplicaSets are named <deployment>-<pod-template-hash>, and their pods carry the label.
    let Some(Object::Deployment(d)) = c.store.get(&nginx()).cloned() else {
        panic!("no deployment");
    };
    let hash = util::compute_hash(&d.spec.template, None);
    let rs_name = format!("nginx-{hash}");
    let rs = c
        .deployment_replica_sets(&d)
        .into_iter()
        .find(|r| r.metadata.name_or_empty() == rs_name);
    assert!(rs.is_some(), "{rs_name}");
    for p in c.store.pods().filter(|p| podutil::is_active(p)) {
        assert_eq!(p.metadata.label("pod-template-hash"), Some(hash.as_str()));
        assert!(p
            .metadata
            .name_or_empty()
            .starts_with(&format!("{rs_name}-")));
    }
    let annotations = d.metadata.annotations.clone().unwrap_or_default();
    assert_eq!(
        annotations.get(util::REVISION).map(String::as_str),
        Some("2")
    );
    let scaling: Vec<String> = c
        .events
        .all()
        .iter()
        .filter(|e| e.reason == "ScalingReplicaSet")
        .map(|e| {
            e.message
                .split(" replica set ")
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert_eq!(scaling.len(), 7, "{scaling:?}"); // 0→3, then 3 ups and 3 downs
}

#[test]
fn the_plan_agrees_with_the_simulator() {
    // imagePullPolicy Always: every pod takes the same 3 s to become ready, so each batch of
    // new pods becomes ready at once, as the plan assumes.
    let cases = [
        (3, "1", "1"),
        (3, "25%", "25%"),
        (3, "0", "1"),
        (3, "1", "0"),
        (10, "25%", "25%"),
        (10, "3", "2"),
        (5, "100%", "0"),
        (4, "0", "100%"),
        (7, "30%", "10%"),
        // Both resolve to 0 (10% of 1 rounds down): the controller lets 1 pod be unavailable.
        (1, "0%", "10%"),
    ];
    for (replicas, surge, unavailable) in cases {
        let mut c = cluster();
        apply(
            &mut c,
            &manifest(replicas, &rolling(surge, unavailable), "", "Always"),
        );
        kubectl(&mut c, "set image deployment/nginx nginx=nginx:1.21");
        let t = rollout(&mut c);
        let sim: Vec<(i32, i32)> = t
            .steps
            .iter()
            .filter(|s| !s.changes.is_empty())
            .map(|s| (s.old_desired(), s.new_desired()))
            .collect();
        let parse = |v: &str| match v.parse::<i32>() {
            Ok(i) => IntOrString::Int(i),
            Err(_) => IntOrString::String(v.to_string()),
        };
        let plan = rolling_update_plan(replicas, &parse(surge), &parse(unavailable)).expect("plan");
        let mut planned: Vec<(i32, i32)> = Vec::new();
        for (i, s) in plan.iter().enumerate() {
            if plan.get(i + 1).is_none_or(|n| n.wave != s.wave) {
                planned.push((s.old, s.new));
            }
        }
        assert_eq!(
            sim, planned,
            "replicas {replicas}, maxSurge {surge}, maxUnavailable {unavailable}"
        );
        assert_eq!(images_of_pods(&c).len(), replicas as usize);
    }
}

#[test]
fn recreate_stops_every_old_pod_first() {
    let mut c = cluster();
    apply(
        &mut c,
        &manifest(3, "    type: Recreate", "", "IfNotPresent"),
    );
    kubectl(&mut c, "set image deployment/nginx nginx=nginx:1.21");
    let t = rollout(&mut c);
    for s in &t.steps {
        let old_running: i32 = s
            .replica_sets
            .iter()
            .filter(|r| !r.new)
            .map(|r| r.current + r.terminating)
            .sum();
        assert!(
            old_running == 0 || s.new_pods() == 0,
            "old and new together at {}",
            s.time
        );
    }
    assert!(
        t.steps.iter().any(|s| s.available() == 0),
        "Recreate has downtime"
    );
    assert_eq!(
        t.summary(),
        "nginx:1.20 (3) → (none available) → nginx:1.21 (3)"
    );
    assert!(t.steps.iter().any(|s| s
        .reason
        .en
        .contains("strategy Recreate: no old pod runs any more")));
}

#[test]
fn a_stuck_rollout_times_out_and_undo_brings_the_old_template_back() {
    let mut c = cluster();
    apply(
        &mut c,
        &manifest(
            3,
            &rolling("25%", "25%"),
            "  progressDeadlineSeconds: 60",
            "IfNotPresent",
        ),
    );
    c.add_rule(rule("nginx:1.99", None, Some(true)));
    let start = c.now;
    kubectl(&mut c, "set image deployment/nginx nginx=nginx:1.99");
    let t = c
        .run_rollout(&nginx(), Duration::seconds(300))
        .expect("run");
    let stuck = t
        .steps
        .iter()
        .find(|s| s.progressing.as_deref() == Some("ProgressDeadlineExceeded"))
        .expect("the deadline passes");
    // The last progress was the new pod's creation at the start: 60 s later, plus the
    // second requeueStuckDeployment adds.
    assert_eq!(stuck.time.since(start), Duration::seconds(61));
    assert!(stuck.reason.en.contains("ProgressDeadlineExceeded"));
    assert_eq!(
        (
            stuck.old_available(),
            stuck.new_pods(),
            stuck.new_available()
        ),
        (3, 1, 0)
    );
    let err = c
        .kubectl("rollout status deployment/nginx")
        .expect_err("deadline");
    assert_eq!(
        err.message.en,
        "deployment \"nginx\" exceeded its progress deadline"
    );

    assert_eq!(
        kubectl(&mut c, "rollout undo deployment/nginx"),
        "deployment.apps/nginx rolled back\n"
    );
    let status = kubectl(&mut c, "rollout status deployment/nginx");
    assert!(
        status.ends_with("deployment \"nginx\" successfully rolled out\n"),
        "{status}"
    );
    assert_eq!(images_of_pods(&c), ["nginx:1.20"; 3]);
    let history = kubectl(&mut c, "rollout history deployment/nginx");
    assert_eq!(
        history,
        "deployment.apps/nginx \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n"
    );
}

#[test]
fn history_to_revision_and_the_history_limit() {
    let mut c = cluster();
    apply(
        &mut c,
        &manifest(
            2,
            &rolling("25%", "25%"),
            "  revisionHistoryLimit: 2",
            "IfNotPresent",
        ),
    );
    for v in ["1.21", "1.22", "1.23"] {
        kubectl(
            &mut c,
            &format!("set image deployment/nginx nginx=nginx:{v}"),
        );
        c.run(Duration::seconds(600)).expect("run");
    }
    // Revision 1 (nginx:1.20) is beyond the limit of 2 old ReplicaSets: deleted.
    assert_eq!(
        kubectl(&mut c, "rollout history deployment/nginx"),
        "deployment.apps/nginx \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n4         <none>\n\n"
    );
    let err = c
        .kubectl("rollout undo deployment/nginx --to-revision=1")
        .expect_err("gone");
    assert_eq!(
        err.message.en,
        "unable to find specified revision 1 in history"
    );
    assert_eq!(
        kubectl(&mut c, "rollout undo deployment/nginx --to-revision=4"),
        "deployment.apps/nginx skipped rollback (current template already matches revision 4)\n"
    );
    kubectl(&mut c, "rollout undo deployment/nginx --to-revision=2");
    c.run(Duration::seconds(600)).expect("run");
    assert_eq!(images_of_pods(&c), ["nginx:1.21"; 2]);
    // The template of revision 2 came back as revision 5.
    let h = kubectl(&mut c, "rollout history deployment/nginx --revision=5");
    assert!(
        h.starts_with("deployment.apps/nginx with revision #5\nPod Template:\n"),
        "{h}"
    );
    assert!(
        h.contains("Image:\tnginx:1.21") || h.contains("nginx:1.21"),
        "{h}"
    );
    assert!(c
        .kubectl("rollout history deployment/nginx --revision=2")
        .is_err());
    let rs_count = c.store.list("ReplicaSet").count();
    assert_eq!(rs_count, 3, "the new ReplicaSet and 2 old ones");
}

#[test]
fn pause_holds_template_changes_until_resume() {
    let mut c = cluster();
    kubectl(
        &mut c,
        "create deployment nginx --image=nginx:1.20 --replicas=3",
    );
    c.run(Duration::seconds(600)).expect("run");
    assert_eq!(
        kubectl(&mut c, "rollout pause deployment/nginx"),
        "deployment.apps/nginx paused\n"
    );
    assert_eq!(
        c.kubectl("rollout pause deployment/nginx")
            .map_err(|e| e.to_string()),
        Err("error: deployments.apps \"nginx\" is already paused".to_string())
    );
    assert_eq!(
        c.kubectl("rollout restart deployment/nginx").map_err(|e| e.to_string()),
        Err("error: deployments.apps \"nginx\" can't restart paused deployment (run rollout resume first)".to_string())
    );
    kubectl(&mut c, "set image deployment/nginx nginx=nginx:1.21");
    c.run(Duration::seconds(600)).expect("run");
    assert_eq!(
        c.store.list("ReplicaSet").count(),
        1,
        "no new ReplicaSet while paused"
    );
    assert_eq!(images_of_pods(&c), ["nginx:1.20"; 3]);
    // kubectl looks for the previous revision first; while paused there is none yet.
    let err = c
        .kubectl("rollout undo deployment/nginx")
        .expect_err("paused");
    assert_eq!(
        err.message.en,
        "no rollout history found for deployment \"nginx\""
    );
    assert_eq!(
        kubectl(&mut c, "rollout resume deployment/nginx"),
        "deployment.apps/nginx resumed\n"
    );
    let t = rollout(&mut c);
    assert_eq!(last(&t).new_available(), 3);
    assert_eq!(images_of_pods(&c), ["nginx:1.21"; 3]);
}

#[test]
fn restart_rolls_out_a_new_replica_set_with_the_same_image() {
    let mut c = cluster();
    kubectl(
        &mut c,
        "create deployment nginx --image=nginx:1.20 --replicas=2",
    );
    c.run(Duration::seconds(600)).expect("run");
    let before: Vec<String> = c
        .store
        .pods()
        .map(|p| p.metadata.name_or_empty().to_string())
        .collect();
    assert_eq!(
        kubectl(&mut c, "rollout restart deployment/nginx"),
        "deployment.apps/nginx restarted\n"
    );
    let t = rollout(&mut c);
    assert_eq!(last(&t).new_available(), 2);
    let after: Vec<String> = c
        .store
        .pods()
        .map(|p| p.metadata.name_or_empty().to_string())
        .collect();
    assert!(
        after.iter().all(|p| !before.contains(p)),
        "every pod was replaced"
    );
    let Some(Object::Deployment(d)) = c.store.get(&nginx()) else {
        panic!()
    };
    let a = d
        .spec
        .template
        .metadata
        .annotations
        .clone()
        .unwrap_or_default();
    assert!(a.contains_key(util::RESTARTED_AT));
}

#[test]
fn scaling_during_a_stuck_rollout_is_proportional() {
    let mut c = cluster();
    apply(
        &mut c,
        &manifest(10, &rolling("3", "2"), "", "IfNotPresent"),
    );
    c.add_rule(rule("nginx:1.99", Some(Readiness::Never), None));
    kubectl(&mut c, "set image deployment/nginx nginx=nginx:1.99");
    let t = c.run_rollout(&nginx(), Duration::seconds(60)).expect("run");
    assert_eq!((last(&t).old_desired(), last(&t).new_desired()), (8, 5));
    assert_eq!(
        kubectl(&mut c, "scale deployment nginx --replicas=15"),
        "deployment.apps/nginx scaled\n"
    );
    let t = c.run_rollout(&nginx(), Duration::seconds(60)).expect("run");
    assert_eq!((last(&t).old_desired(), last(&t).new_desired()), (11, 7));
    assert!(t.steps[1]
        .reason
        .en
        .contains("in proportion to their sizes"));
}

#[test]
fn min_ready_seconds_paces_the_rollout() {
    let mut c = cluster();
    apply(
        &mut c,
        &manifest(2, &rolling("1", "0"), "  minReadySeconds: 10", "Always"),
    );
    kubectl(&mut c, "set image deployment/nginx nginx=nginx:1.21");
    let t = rollout(&mut c);
    let times: Vec<i64> = t
        .steps
        .iter()
        .filter(|s| !s.changes.is_empty())
        .map(|s| s.time.since(t.steps[0].time).as_secs())
        .collect();
    // Each new pod is ready 3 s after it is created and available 10 s later.
    assert_eq!(times, [0, 13, 26]);
}

#[test]
fn kubectl_prints_what_kubectl_prints() {
    let mut c = cluster();
    assert_eq!(
        kubectl(
            &mut c,
            "create deployment nginx --image=nginx:1.20 --replicas=3"
        ),
        "deployment.apps/nginx created\n"
    );
    let err = c
        .kubectl("create deployment nginx --image=nginx")
        .expect_err("exists");
    assert_eq!(
        err.message.en,
        "failed to create deployment: deployments.apps \"nginx\" already exists"
    );
    assert_eq!(
        kubectl(&mut c, "rollout status deployment/nginx --watch=false"),
        "Waiting for deployment spec update to be observed...\n"
    );
    c.run(Duration::seconds(600)).expect("run");
    let Some(Object::Deployment(d)) = c.store.get(&nginx()).cloned() else {
        panic!()
    };
    let hash = util::compute_hash(&d.spec.template, None);
    assert_eq!(
        kubectl(&mut c, "get deploy"),
        "NAME    READY   UP-TO-DATE   AVAILABLE   AGE\nnginx   3/3     3            3           3s\n"
    );
    assert_eq!(
        kubectl(&mut c, "get rs"),
        format!("NAME               DESIRED   CURRENT   READY   AGE\nnginx-{hash}   3         3         3       3s\n")
    );
    assert_eq!(
        kubectl(&mut c, "set image deployment/nginx nginx=nginx:1.20"),
        ""
    );
    let err = c
        .kubectl("set image deployment/nginx web=nginx:1.21")
        .expect_err("no such container");
    assert_eq!(err.message.en, "unable to find container named \"web\"");
    let revision = kubectl(&mut c, "rollout history deployment/nginx --revision=1");
    assert!(
        revision.starts_with("deployment.apps/nginx with revision #1\nPod Template:\n"),
        "{revision}"
    );
    assert!(
        revision.contains(&format!("pod-template-hash={hash}")),
        "{revision}"
    );
    let err = c
        .kubectl("rollout undo deployment/nginx")
        .expect_err("one revision");
    assert_eq!(
        err.message.en,
        "no rollout history found for deployment \"nginx\""
    );
    let err = c
        .kubectl("rollout resume deployment/nginx")
        .expect_err("not paused");
    assert_eq!(err.message.en, "deployments.apps \"nginx\" is not paused");
    let err = c
        .kubectl("rollout status deployment/web")
        .expect_err("missing");
    assert_eq!(
        err.message.en,
        "Error from server (NotFound): deployments.apps \"web\" not found"
    );
    let describe = kubectl(&mut c, "describe deployment nginx");
    assert!(
        describe.contains(&format!(
            "NewReplicaSet:   nginx-{hash} (3/3 replicas created)"
        )),
        "{describe}"
    );
}

#[test]
fn every_deployment_command_of_the_seed_runs() {
    let mut c = cluster();
    // 실습 과제 1
    for line in [
        "kubectl create deployment nginx --image=nginx:1.20 --replicas=3",
        "kubectl get deployments",
        "kubectl get rs",
        "kubectl get pods",
        "kubectl set image deployment/nginx nginx=nginx:1.21",
        "kubectl rollout status deployment/nginx",
        "kubectl rollout history deployment/nginx",
        "kubectl rollout undo deployment/nginx",
    ] {
        let line = line.strip_prefix("kubectl ").unwrap_or(line);
        kubectl(&mut c, line);
        // A person types the next command a few seconds later.
        c.advance(Duration::seconds(5)).expect("advance");
    }
    c.run(Duration::seconds(600)).expect("run");
    assert_eq!(images_of_pods(&c), ["nginx:1.20"; 3]);

    // 11.1 and 11.4 on nginx-deployment, with a second revision to go back to.
    apply(
        &mut c,
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
        - name: nginx
          image: nginx:1.20
          ports:
            - containerPort: 80
",
    );
    kubectl(
        &mut c,
        "set image deployment/nginx-deployment nginx=nginx:1.21",
    );
    c.advance(Duration::seconds(5)).expect("advance");
    for line in [
        "rollout history deployment/nginx-deployment",
        "rollout undo deployment/nginx-deployment",
        "rollout undo deployment/nginx-deployment --to-revision=2",
        "rollout status deployment/nginx-deployment",
    ] {
        kubectl(&mut c, line);
        c.advance(Duration::seconds(5)).expect("advance");
    }
    let Some(Object::Deployment(d)) =
        c.store
            .get(&Key::new("Deployment", "default", "nginx-deployment"))
    else {
        panic!()
    };
    // Revision 2 (nginx:1.21) went back to 1 (nginx:1.20) and then to 2 again.
    assert_eq!(
        d.spec.template.spec.containers[0].image.as_deref(),
        Some("nginx:1.21")
    );
}

/// What a random rolling update looks like: replicas, maxSurge, maxUnavailable, and how
/// the new pods behave.
#[derive(Debug, Clone)]
enum NewPods {
    ReadyAfter(i64),
    NeverReady,
    PullFails,
}

fn int_or_percent() -> impl Strategy<Value = String> {
    prop_oneof![
        (0..4i32).prop_map(|i| i.to_string()),
        prop::sample::select(vec!["0%", "10%", "25%", "50%", "100%"])
            .prop_map(|s| format!("\"{s}\"")),
    ]
}

fn new_pods() -> impl Strategy<Value = NewPods> {
    prop_oneof![
        6 => (0..20i64).prop_map(NewPods::ReadyAfter),
        1 => Just(NewPods::NeverReady),
        1 => Just(NewPods::PullFails),
    ]
}

fn behave(c: &mut Cluster, how: &NewPods) {
    let (readiness, pull) = match how {
        NewPods::ReadyAfter(s) => (Readiness::After(Duration::seconds(*s)), None),
        NewPods::NeverReady => (Readiness::Never, None),
        NewPods::PullFails => (Readiness::Immediate, Some(true)),
    };
    c.add_rule(rule("nginx:1.21", Some(readiness), pull));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn rolling_updates_keep_their_bounds_and_finish(
        replicas in 1..7i32,
        surge in int_or_percent(),
        unavailable in int_or_percent(),
        how in new_pods(),
    ) {
        // Both written as zero is rejected by the API server (ValidateRollingUpdateDeployment).
        let zero = |v: &str| matches!(v.trim_matches('"'), "0" | "0%");
        prop_assume!(!(zero(&surge) && zero(&unavailable)));
        let parse = |v: &str| match v.trim_matches('"').parse::<i32>() {
            Ok(i) => IntOrString::Int(i),
            Err(_) => IntOrString::String(v.trim_matches('"').to_string()),
        };
        let f = Fenceposts::resolve(replicas, &parse(&surge), &parse(&unavailable)).map_err(TestCaseError::fail)?;
        let mut c = cluster();
        apply(&mut c, &manifest(replicas, &rolling(&surge, &unavailable), "", "IfNotPresent"));
        behave(&mut c, &how);
        kubectl(&mut c, "set image deployment/nginx nginx=nginx:1.21");
        let t = c.run_rollout(&nginx(), Duration::seconds(900)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for s in &t.steps {
            prop_assert!(s.desired_total() <= f.max_total(), "{} pods asked for at {}", s.desired_total(), s.time);
            prop_assert!(s.total() <= f.max_total(), "{} pods at {}", s.total(), s.time);
            prop_assert!(s.available() >= f.min_available(), "{} available at {}", s.available(), s.time);
        }
        let end = last(&t);
        if let NewPods::ReadyAfter(_) = how {
            prop_assert_eq!((end.new_available(), end.old_pods()), (replicas, 0));
        } else {
            prop_assert_eq!(end.new_available(), 0);
            prop_assert!(end.old_available() >= f.min_available());
        }
    }

    #[test]
    fn recreate_never_runs_both_versions(replicas in 1..7i32, how in new_pods()) {
        let mut c = cluster();
        apply(&mut c, &manifest(replicas, "    type: Recreate", "", "IfNotPresent"));
        behave(&mut c, &how);
        kubectl(&mut c, "set image deployment/nginx nginx=nginx:1.21");
        let t = c.run_rollout(&nginx(), Duration::seconds(900)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for s in &t.steps {
            let old: i32 = s.replica_sets.iter().filter(|r| !r.new).map(|r| r.current + r.terminating).sum();
            prop_assert!(old == 0 || s.new_pods() == 0, "old and new together at {}", s.time);
        }
        if let NewPods::ReadyAfter(_) = how {
            prop_assert_eq!(last(&t).new_available(), replicas);
        }
    }
}
