//! One reconcile on a state given by hand: the ordering and update rules as tables.

use super::history::new_revision;
use super::utils::{new_pod, set_pod_revision};
use super::*;
use crate::api::meta::Condition;
use crate::api::pod::PodStatus;
use crate::manifest::load::load_text;
use crate::state::clock::Time;
use crate::state::rng::Rng;
use crate::state::store::Store;

const NOW: Time = Time::DEFAULT_START;

fn web(extra: &str) -> StatefulSet {
    let text = format!(
        "
apiVersion: apps/v1
kind: StatefulSet
metadata: {{name: web, namespace: default, uid: set-uid, generation: 1}}
spec:
  serviceName: nginx
  replicas: 3
  selector: {{matchLabels: {{app: nginx}}}}
  template:
    metadata: {{labels: {{app: nginx}}}}
    spec:
      containers: [{{name: nginx, image: nginx:1.27}}]
  volumeClaimTemplates:
  - metadata: {{name: www}}
    spec: {{accessModes: [ReadWriteOnce], resources: {{requests: {{storage: 1Gi}}}}}}
{extra}
"
    );
    match load_text(&text, "t.yaml")
        .ok()
        .and_then(|l| l.into_iter().next())
    {
        Some(l) => match l.object {
            Object::StatefulSet(s) => s,
            other => panic!("{other:?}"),
        },
        None => panic!("bad test manifest"),
    }
}

/// A pod's state in a table row.
#[derive(Clone, Copy)]
enum S {
    /// Running and Ready (for 60 s).
    Ready,
    /// Running, not ready.
    Unready,
    Pending,
    Terminating,
    Failed,
}

fn pod(set: &StatefulSet, ordinal: i32, state: S, revision: &str) -> Pod {
    let mut p = new_pod(set, ordinal);
    set_pod_revision(&mut p, revision);
    p.metadata.uid = Some(format!("pod-uid-{ordinal}"));
    let (phase, ready) = match state {
        S::Ready | S::Terminating => ("Running", true),
        S::Unready => ("Running", false),
        S::Pending => ("Pending", false),
        S::Failed => ("Failed", false),
    };
    if matches!(state, S::Terminating) {
        p.metadata.deletion_timestamp = Some(NOW.to_rfc3339());
    }
    p.status = Some(PodStatus {
        phase: Some(phase.into()),
        conditions: Some(vec![Condition {
            type_: "Ready".into(),
            status: if ready { "True" } else { "False" }.into(),
            last_transition_time: Some(Time(NOW.0 - 60_000).to_rfc3339()),
            ..Condition::default()
        }]),
        ..PodStatus::default()
    });
    p
}

/// One table row: what it shows, the set, its pods (ordinal, state, at the update
/// revision) and the pod and claim actions expected.
type Case<'a> = (&'a str, &'a StatefulSet, Vec<(i32, S, bool)>, Vec<&'a str>);

/// The pod and claim actions of one reconcile, as "verb kind/name".
fn decide(set: &StatefulSet, pods: &[(i32, S, bool)]) -> Vec<String> {
    let mut store = Store::default();
    let mut rng = Rng::new(1);
    let (rev, rev_obj) = new_revision(set, 1, 0);
    store.insert(rev_obj, &mut rng);
    store.insert(Object::StatefulSet(set.clone()), &mut rng);
    for (ordinal, state, updated) in pods {
        let revision = if *updated {
            rev.name.as_str()
        } else {
            "web-old"
        };
        store.insert(Object::Pod(pod(set, *ordinal, *state, revision)), &mut rng);
        for (_, claim) in utils::claims_for(set, *ordinal) {
            store.insert(Object::PersistentVolumeClaim(claim), &mut rng);
        }
    }
    let view = View {
        store: &store,
        now: NOW,
    };
    reconcile(set, &view)
        .actions
        .iter()
        .filter(|a| a.verb() != "update-status")
        .map(|a| format!("{} {}", a.verb(), a.target()))
        .collect()
}

use S::*;

#[test]
fn ordered_ready_creation_and_scale_down() {
    let ordered = web("");
    let parallel = web("  podManagementPolicy: Parallel");
    let one = web("").tap(|s| s.spec.replicas = Some(1));
    let one_parallel = web("  podManagementPolicy: Parallel").tap(|s| s.spec.replicas = Some(1));
    let from3 = web("  ordinals: {start: 3}").tap(|s| s.spec.replicas = Some(2));
    let cases: Vec<Case> = vec![
        (
            "nothing yet: web-0 first, its claim before it",
            &ordered,
            vec![],
            vec!["create persistentvolumeclaim/www-web-0", "create pod/web-0"],
        ),
        (
            "web-0 pending: wait",
            &ordered,
            vec![(0, Pending, true)],
            vec![],
        ),
        (
            "web-0 running but not ready: wait",
            &ordered,
            vec![(0, Unready, true)],
            vec![],
        ),
        (
            "web-0 ready: web-1 next",
            &ordered,
            vec![(0, Ready, true)],
            vec!["create persistentvolumeclaim/www-web-1", "create pod/web-1"],
        ),
        (
            "web-0 and web-1 ready: web-2",
            &ordered,
            vec![(0, Ready, true), (1, Ready, true)],
            vec!["create persistentvolumeclaim/www-web-2", "create pod/web-2"],
        ),
        (
            "a gap at web-1 is filled before anything else",
            &ordered,
            vec![(0, Ready, true), (2, Ready, true)],
            vec!["create persistentvolumeclaim/www-web-1", "create pod/web-1"],
        ),
        (
            "an unready web-0 halts the gap at web-1",
            &ordered,
            vec![(0, Unready, true), (2, Ready, true)],
            vec![],
        ),
        (
            "all ready: nothing to do",
            &ordered,
            vec![(0, Ready, true), (1, Ready, true), (2, Ready, true)],
            vec![],
        ),
        (
            "a failed web-1 is deleted to be recreated",
            &ordered,
            vec![(0, Ready, true), (1, Failed, true), (2, Ready, true)],
            vec!["delete pod/web-1"],
        ),
        (
            "terminating web-1 blocks",
            &ordered,
            vec![(0, Ready, true), (1, Terminating, true)],
            vec![],
        ),
        (
            "parallel: every missing pod at once",
            &parallel,
            vec![],
            vec![
                "create persistentvolumeclaim/www-web-0",
                "create pod/web-0",
                "create persistentvolumeclaim/www-web-1",
                "create pod/web-1",
                "create persistentvolumeclaim/www-web-2",
                "create pod/web-2",
            ],
        ),
        (
            "parallel: no waiting for a pending web-0",
            &parallel,
            vec![(0, Pending, true)],
            vec![
                "create persistentvolumeclaim/www-web-1",
                "create pod/web-1",
                "create persistentvolumeclaim/www-web-2",
                "create pod/web-2",
            ],
        ),
        (
            "scale 3 to 1: highest ordinal first, one at a time",
            &one,
            vec![(0, Ready, true), (1, Ready, true), (2, Ready, true)],
            vec!["delete pod/web-2"],
        ),
        (
            "scale down waits for the terminating web-2",
            &one,
            vec![(0, Ready, true), (1, Ready, true), (2, Terminating, true)],
            vec![],
        ),
        (
            "an unready web-1 is not the first unhealthy when web-2 is ready",
            &one,
            vec![(0, Ready, true), (1, Unready, true), (2, Ready, true)],
            vec!["delete pod/web-2"],
        ),
        (
            "an unready web-2 that is the first unhealthy goes",
            &one,
            vec![(0, Ready, true), (1, Ready, true), (2, Unready, true)],
            vec!["delete pod/web-2"],
        ),
        (
            "two unready condemned pods: blocked on web-2",
            &one,
            vec![(0, Ready, true), (1, Unready, true), (2, Unready, true)],
            vec![],
        ),
        (
            "scale down waits for web-0 to be ready",
            &one,
            vec![(0, Unready, true), (1, Ready, true), (2, Ready, true)],
            vec![],
        ),
        (
            "parallel scale down: all at once, highest first",
            &one_parallel,
            vec![(0, Ready, true), (1, Ready, true), (2, Ready, true)],
            vec!["delete pod/web-2", "delete pod/web-1"],
        ),
        (
            "ordinals.start 3: web-3 first",
            &from3,
            vec![],
            vec!["create persistentvolumeclaim/www-web-3", "create pod/web-3"],
        ),
        (
            "ordinals.start 3: web-0 is out of range",
            &from3,
            vec![(0, Ready, true), (3, Ready, true), (4, Ready, true)],
            vec!["delete pod/web-0"],
        ),
    ];
    for (name, set, pods, want) in cases {
        assert_eq!(decide(set, &pods), want, "{name}");
    }
}

#[test]
fn rolling_update_rules() {
    let rolling = web("");
    let partition2 = web("  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 2}}");
    let partition3 = web("  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 3}}");
    let on_delete = web("  updateStrategy: {type: OnDelete}");
    let max2 = web("  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 2}}");
    let max2_parallel = web(
        "  podManagementPolicy: Parallel\n  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 2}}",
    );
    let old3 = vec![(0, Ready, false), (1, Ready, false), (2, Ready, false)];
    let cases: Vec<Case> = vec![
        (
            "the highest ordinal goes first",
            &rolling,
            old3.clone(),
            vec!["delete pod/web-2"],
        ),
        (
            "then the next one down",
            &rolling,
            vec![(0, Ready, false), (1, Ready, false), (2, Ready, true)],
            vec!["delete pod/web-1"],
        ),
        (
            "an updated web-2 that is not ready yet blocks",
            &rolling,
            vec![(0, Ready, false), (1, Ready, false), (2, Unready, true)],
            vec![],
        ),
        (
            "a missing updated pod is recreated before any other update",
            &rolling,
            vec![(0, Ready, false), (1, Ready, false)],
            vec!["create persistentvolumeclaim/www-web-2", "create pod/web-2"],
        ),
        (
            "partition 2: only web-2",
            &partition2,
            old3.clone(),
            vec!["delete pod/web-2"],
        ),
        (
            "partition 2: web-1 stays old",
            &partition2,
            vec![(0, Ready, false), (1, Ready, false), (2, Ready, true)],
            vec![],
        ),
        (
            "partition 3: nothing moves",
            &partition3,
            old3.clone(),
            vec![],
        ),
        ("OnDelete: nothing moves", &on_delete, old3.clone(), vec![]),
        (
            "maxUnavailable 2: two at a time",
            &max2,
            old3.clone(),
            vec!["delete pod/web-2", "delete pod/web-1"],
        ),
        (
            "maxUnavailable 2 with web-2 updated: web-1 and web-0",
            &max2,
            vec![(0, Ready, false), (1, Ready, false), (2, Ready, true)],
            vec!["delete pod/web-1", "delete pod/web-0"],
        ),
        (
            "maxUnavailable 2, Parallel, one pod unavailable: one more",
            &max2_parallel,
            vec![(0, Ready, false), (1, Ready, false), (2, Unready, true)],
            vec!["delete pod/web-1"],
        ),
    ];
    for (name, set, pods, want) in cases {
        assert_eq!(decide(set, &pods), want, "{name}");
    }
}

#[test]
fn every_action_has_a_reason_in_both_languages() {
    let set = web("");
    let mut store = Store::default();
    let mut rng = Rng::new(1);
    store.insert(Object::StatefulSet(set.clone()), &mut rng);
    let view = View {
        store: &store,
        now: NOW,
    };
    let actions = reconcile(&set, &view).actions;
    let verbs: Vec<String> = actions
        .iter()
        .map(|a| format!("{} {}", a.verb(), a.target()))
        .collect();
    assert_eq!(verbs.len(), 4, "{verbs:?}");
    assert!(
        verbs[0].starts_with("create controllerrevision/web-"),
        "{verbs:?}"
    );
    assert_eq!(verbs[3], "update-status statefulset/web");
    for a in &actions {
        assert!(!a.reason.en.is_empty() && !a.reason.ko.is_empty());
        assert_ne!(a.reason.en, a.reason.ko);
    }
    let Change::Create(Object::Pod(p)) = &actions[2].change else {
        panic!("{verbs:?}")
    };
    assert!(verbs[0].ends_with(p.metadata.label(utils::REVISION_LABEL).unwrap_or("?")));
}

#[test]
fn retention_policy_owner_references() {
    let cases: &[(&str, &str, i32, Vec<&str>)] = &[
        ("Retain", "Retain", 3, vec![]),
        ("Delete", "Retain", 3, vec!["StatefulSet/web"]),
        ("Retain", "Delete", 3, vec![]),
        ("Delete", "Delete", 3, vec!["StatefulSet/web"]),
        ("Retain", "Delete", 2, vec!["Pod/web-2"]),
        ("Delete", "Delete", 2, vec!["Pod/web-2"]),
        ("Delete", "Retain", 2, vec!["StatefulSet/web"]),
    ];
    for (when_deleted, when_scaled, replicas, want) in cases {
        let set = web(&format!(
            "  persistentVolumeClaimRetentionPolicy: {{whenDeleted: {when_deleted}, whenScaled: {when_scaled}}}"
        ))
        .tap(|s| s.spec.replicas = Some(*replicas));
        let p = pod(&set, 2, Ready, "r");
        let (_, claim) = utils::claims_for(&set, 2).remove(0);
        let refs = pod_control_refs(&set, &p, &claim);
        assert_eq!(
            refs, *want,
            "{when_deleted}/{when_scaled} replicas {replicas}"
        );
    }
}

/// The owner references the controller converges a claim to, through its own actions.
fn pod_control_refs(set: &StatefulSet, p: &Pod, claim: &PersistentVolumeClaim) -> Vec<String> {
    let mut claim = claim.clone();
    for _ in 0..3 {
        let mut ctl = PodControl {
            set_key: "statefulset/web".into(),
            claims: [(claim.metadata.name.as_deref().unwrap_or(""), &claim)].into(),
            created_claims: BTreeSet::new(),
            decision: Decision::default(),
        };
        ctl.update_claims_for_retention(set, p);
        match ctl.decision.actions.first().map(|a| &a.change) {
            Some(Change::Update(Object::PersistentVolumeClaim(c))) => claim = c.clone(),
            _ => break,
        }
    }
    claim
        .metadata
        .owner_references
        .iter()
        .flatten()
        .map(|r| format!("{}/{}", r.kind, r.name))
        .collect()
}

trait Tap: Sized {
    fn tap(self, f: impl FnOnce(&mut Self)) -> Self;
}

impl Tap for StatefulSet {
    fn tap(mut self, f: impl FnOnce(&mut Self)) -> Self {
        f(&mut self);
        self
    }
}
