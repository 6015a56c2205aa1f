//! The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): keeps exactly
//! `spec.replicas` active pods that match the selector, adopting orphans and releasing
//! pods that stop matching (pkg/controller/controller_ref_manager.go ClaimPods).

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use super::podutil::{
    availability_wake, controller_of, created_at, is_active, is_available, is_ready,
    is_terminating, max_restarts, node_name, phase, ready_since, until_available,
};
use super::{Action, Change, Decision, Propagation, View};
use crate::api::meta::{ObjectMeta, OwnerReference};
use crate::api::object::Object;
use crate::api::pod::Pod;
use crate::api::replicaset::{ReplicaSet, ReplicaSetStatus};
use crate::manifest::diagnostic::Text;
use crate::selector::{from_label_selector, Selector};
use crate::state::clock::{Duration, Time};
use crate::state::events::EventType;
use crate::state::store::Key;

/// At most this many pods are created or deleted in one sync (BurstReplicas).
pub const BURST_REPLICAS: usize = 500;

/// One reconcile of a ReplicaSet: claim pods, create or delete to reach the desired count,
/// and report the status.
pub fn reconcile(rs: &ReplicaSet, view: &View<'_>) -> Decision {
    let mut decision = Decision::default();
    if rs.metadata.deletion_timestamp.is_some() {
        return decision;
    }
    let Ok(selector) = from_label_selector(rs.spec.selector.as_ref()) else {
        return decision;
    };
    let namespace = rs.metadata.namespace.as_deref().unwrap_or("default");
    let uid = rs.metadata.uid.as_deref().unwrap_or("");
    let name = rs.metadata.name.as_deref().unwrap_or("");
    let rs_key = format!("replicaset/{name}");

    let namespace_pods: Vec<&Pod> = view
        .store
        .pods()
        .filter(|p| p.metadata.namespace.as_deref() == Some(namespace))
        .collect();
    let mut owned: Vec<&Pod> = Vec::new();
    for pod in namespace_pods.iter().copied().filter(|p| is_active(p)) {
        match claim(pod, uid, &selector) {
            Claim::Keep => owned.push(pod),
            Claim::Adopt => {
                owned.push(pod);
                decision.actions.push(adopt(pod, rs));
            }
            Claim::Release => decision.actions.push(release(pod, uid, &rs_key)),
            Claim::Ignore => {}
        }
    }

    let desired = rs.spec.replicas.unwrap_or(1).max(0) as usize;
    let have = owned.len();
    if have < desired {
        let count = (desired - have).min(BURST_REPLICAS);
        for _ in 0..count {
            decision.actions.push(
                Action::new(
                    Change::Create(Object::Pod(pod_from_template(rs))),
                    Text::new(
                        format!("{rs_key} wants {desired} replicas and has {have}: create a pod"),
                        format!("{rs_key}은(는) 복제본 {desired}개를 원하는데 {have}개뿐이므로 Pod를 만듭니다"),
                    ),
                )
                .with_event(EventType::Normal, "SuccessfulCreate", "Created pod: {name}".into()),
            );
        }
    } else if have > desired {
        let count = (have - desired).min(BURST_REPLICAS);
        let related = related_pods(rs, view, &namespace_pods);
        for (pod, why) in pods_to_delete(&owned, &related, count, view.now) {
            let pod_name = pod.metadata.name.clone().unwrap_or_default();
            decision.actions.push(
                Action::new(
                    Change::Delete {
                        key: Key::pod(namespace, &pod_name),
                        propagation: Propagation::Background,
                    },
                    Text::new(
                        format!("{rs_key} wants {desired} replicas and has {have}: delete pod/{pod_name} first because {}", why.en),
                        format!("{rs_key}은(는) 복제본 {desired}개를 원하는데 {have}개이므로 pod/{pod_name}을(를) 먼저 지웁니다: {}", why.ko),
                    ),
                )
                .with_event(EventType::Normal, "SuccessfulDelete", format!("Deleted pod: {pod_name}")),
            );
        }
    }

    let terminating = namespace_pods
        .iter()
        .filter(|p| is_terminating(p) && controller_of(&p.metadata).is_some_and(|r| r.uid == uid))
        .count();
    let status = calculate_status(rs, &owned, terminating, view.now);
    if rs.status.as_ref() != Some(&status) {
        let mut updated = rs.clone();
        updated.status = Some(status);
        decision.actions.push(Action::new(
            Change::UpdateStatus(Object::ReplicaSet(updated)),
            Text::new(
                format!("{rs_key} reports what it observed"),
                format!("{rs_key}이(가) 관찰한 상태를 기록합니다"),
            ),
        ));
    }
    if let Some(wait) = next_availability(rs, &owned, view.now) {
        decision.requeue(wait);
    }
    decision
}

/// How ClaimPods treats one active pod of the namespace.
enum Claim {
    Keep,
    Adopt,
    Release,
    Ignore,
}

fn claim(pod: &Pod, uid: &str, selector: &Selector) -> Claim {
    let labels = pod.metadata.labels_or_empty();
    match controller_of(&pod.metadata) {
        Some(r) if r.uid == uid => {
            if selector.matches(labels) {
                Claim::Keep
            } else {
                Claim::Release
            }
        }
        Some(_) => Claim::Ignore,
        None if selector.matches(labels) && !selector.is_empty() => Claim::Adopt,
        None => Claim::Ignore,
    }
}

fn adopt(pod: &Pod, rs: &ReplicaSet) -> Action {
    let mut adopted = pod.clone();
    adopted
        .metadata
        .owner_references
        .get_or_insert_with(Vec::new)
        .push(owner_ref(&rs.metadata));
    let pod_name = pod.metadata.name.as_deref().unwrap_or("");
    let rs_name = rs.metadata.name.as_deref().unwrap_or("");
    Action::new(
        Change::Update(Object::Pod(adopted)),
        Text::new(
            format!("pod/{pod_name} has no controller and its labels match the selector of replicaset/{rs_name}: adopt it"),
            format!("pod/{pod_name}은(는) 컨트롤러가 없고 레이블이 replicaset/{rs_name}의 셀렉터와 맞으므로 입양합니다"),
        ),
    )
}

fn release(pod: &Pod, uid: &str, rs_key: &str) -> Action {
    let mut released = pod.clone();
    if let Some(refs) = released.metadata.owner_references.as_mut() {
        refs.retain(|r| r.uid != uid);
    }
    let pod_name = pod.metadata.name.as_deref().unwrap_or("");
    Action::new(
        Change::Update(Object::Pod(released)),
        Text::new(
            format!("pod/{pod_name}'s labels no longer match the selector of {rs_key}: release it"),
            format!(
                "pod/{pod_name}의 레이블이 더 이상 {rs_key}의 셀렉터와 맞지 않으므로 놓아줍니다"
            ),
        ),
    )
}

/// The owner reference a controller puts on what it creates or adopts.
pub fn owner_ref(rs: &ObjectMeta) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".into(),
        kind: "ReplicaSet".into(),
        name: rs.name.clone().unwrap_or_default(),
        uid: rs.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// A new pod from the template (controller_utils.go GetPodFromTemplate).
pub fn pod_from_template(rs: &ReplicaSet) -> Pod {
    let template = &rs.spec.template;
    let name = rs.metadata.name.clone().unwrap_or_default();
    Pod {
        api_version: "v1".into(),
        kind: "Pod".into(),
        metadata: ObjectMeta {
            generate_name: Some(format!("{name}-")),
            namespace: rs.metadata.namespace.clone(),
            labels: template.metadata.labels.clone(),
            annotations: template.metadata.annotations.clone(),
            owner_references: Some(vec![owner_ref(&rs.metadata)]),
            ..ObjectMeta::default()
        },
        spec: template.spec.clone(),
        status: None,
    }
}

/// Pods owned by this ReplicaSet or by its siblings (the ReplicaSets of the same
/// Deployment), which count when ranking pods on the same node
/// (getIndirectlyRelatedPods).
fn related_pods<'a>(rs: &ReplicaSet, view: &View<'a>, namespace_pods: &[&'a Pod]) -> Vec<&'a Pod> {
    let mut owners = vec![rs.metadata.uid.clone().unwrap_or_default()];
    if let Some(parent) = controller_of(&rs.metadata) {
        owners.extend(view.store.list("ReplicaSet").filter_map(|o| match o {
            Object::ReplicaSet(s)
                if controller_of(&s.metadata).is_some_and(|r| r.uid == parent.uid) =>
            {
                s.metadata.uid.clone()
            }
            _ => None,
        }));
    }
    namespace_pods
        .iter()
        .copied()
        .filter(|p| controller_of(&p.metadata).is_some_and(|r| owners.contains(&r.uid)))
        .collect()
}

/// The pods to delete on scale-down, first the ones Kubernetes prefers to lose
/// (getPodsToDelete with getPodsRankedByRelatedPodsOnSameNode), each with the rule that
/// ranks it before the best pod that stays.
pub fn pods_to_delete<'a>(
    owned: &[&'a Pod],
    related: &[&Pod],
    count: usize,
    now: Time,
) -> Vec<(&'a Pod, Text)> {
    let mut on_node: HashMap<&str, usize> = HashMap::new();
    for p in related.iter().filter(|p| is_active(p)) {
        *on_node.entry(node_name(p)).or_default() += 1;
    }
    let mut ranked: Vec<(&Pod, usize)> = owned
        .iter()
        .map(|p| (*p, on_node.get(node_name(p)).copied().unwrap_or(0)))
        .collect();
    ranked.sort_by(|a, b| compare_for_deletion(a, b, now).0);
    // Each pod that goes is explained against the best pod that stays.
    let survivor = ranked.get(count).copied();
    (0..count.min(ranked.len()))
        .map(|i| {
            let why = match &survivor {
                Some(kept) => compare_for_deletion(&ranked[i], kept, now).1,
                None => Text::new("every pod goes", "모든 Pod가 지워지기 때문입니다"),
            };
            (ranked[i].0, why)
        })
        .collect()
}

/// ActivePodsWithRanks.Less (pkg/controller/controller_utils.go) with LogarithmicScaleDown
/// and PodDeletionCost on, as in v1.36: which of two pods to delete first, and the rule
/// that decided it.
fn compare_for_deletion(a: &(&Pod, usize), b: &(&Pod, usize), now: Time) -> (Ordering, Text) {
    let (pa, rank_a) = (a.0, a.1);
    let (pb, rank_b) = (b.0, b.1);
    let rule = |o: Ordering, en: &str, ko: &str| (o, Text::new(en, ko));
    let (na, nb) = (node_name(pa), node_name(pb));
    if na != nb && (na.is_empty() || nb.is_empty()) {
        return rule(
            nb.is_empty().cmp(&na.is_empty()),
            "it is not scheduled to a node yet",
            "아직 노드에 배치되지 않았기 때문입니다",
        );
    }
    let ordinal = |p: &Pod| match phase(p) {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 3,
    };
    if ordinal(pa) != ordinal(pb) {
        return rule(
            ordinal(pa).cmp(&ordinal(pb)),
            "it is in an earlier phase (Pending < Unknown < Running)",
            "더 이른 단계(Pending < Unknown < Running)에 있기 때문입니다",
        );
    }
    if is_ready(pa) != is_ready(pb) {
        return rule(
            is_ready(pa).cmp(&is_ready(pb)),
            "it is not ready",
            "준비(Ready)되지 않았기 때문입니다",
        );
    }
    let (ca, cb) = (deletion_cost(&pa.metadata), deletion_cost(&pb.metadata));
    if ca != cb {
        return rule(
            ca.cmp(&cb),
            "it has a lower controller.kubernetes.io/pod-deletion-cost",
            "controller.kubernetes.io/pod-deletion-cost가 더 낮기 때문입니다",
        );
    }
    if rank_a != rank_b {
        return rule(
            rank_b.cmp(&rank_a),
            &format!("its node runs more pods of this set ({rank_a} vs {rank_b})"),
            &format!("그 노드에 이 집합의 Pod가 더 많기 때문입니다 ({rank_a}개 대 {rank_b}개)"),
        );
    }
    let uid_order = || pa.metadata.uid.cmp(&pb.metadata.uid);
    if let (Some(ra), Some(rb)) = (ready_since(pa), ready_since(pb)) {
        if ra != rb {
            let order = match log_rank_diff(ra, rb, now) {
                0 => uid_order(),
                d if d < 0 => Ordering::Less,
                _ => Ordering::Greater,
            };
            return rule(
                order,
                "it has been ready for less time",
                "준비된 지 더 짧기 때문입니다",
            );
        }
    }
    let (xa, xb) = (max_restarts(pa), max_restarts(pb));
    if xa != xb {
        return rule(
            xb.cmp(&xa),
            "its containers restarted more often",
            "컨테이너 재시작 횟수가 더 많기 때문입니다",
        );
    }
    let (ta, tb) = (created_at(&pa.metadata), created_at(&pb.metadata));
    if ta != tb {
        let order = match log_rank_diff(ta, tb, now) {
            0 => uid_order(),
            d if d < 0 => Ordering::Less,
            _ => Ordering::Greater,
        };
        return rule(order, "it is newer", "더 최근에 만들어졌기 때문입니다");
    }
    rule(
        Ordering::Equal,
        "it is alike to the pods that stay, so the order is arbitrary",
        "남는 Pod와 조건이 같아 순서는 임의입니다",
    )
}

/// logarithmicRankDiff: compares ages on a log2 scale so that similar ages tie.
fn log_rank_diff(t1: Time, t2: Time, now: Time) -> i64 {
    let rank = |t: Time| {
        // Go's time.Duration counts nanoseconds and `Sub` saturates at its maximum (a
        // zero ready time is ~2000 years ago: rank 63).
        let d = ((now.0 - t.0) as f64 * 1e6).min(i64::MAX as f64);
        if d > 0.0 {
            d.log2() as i64
        } else {
            -1
        }
    };
    rank(t1) - rank(t2)
}

fn deletion_cost(meta: &ObjectMeta) -> i32 {
    meta.annotations
        .as_ref()
        .and_then(|a| a.get("controller.kubernetes.io/pod-deletion-cost"))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// calculateStatus (replica_set_utils.go).
fn calculate_status(
    rs: &ReplicaSet,
    owned: &[&Pod],
    terminating: usize,
    now: Time,
) -> ReplicaSetStatus {
    let template_labels: BTreeMap<String, String> =
        rs.spec.template.metadata.labels_or_empty().clone();
    let min_ready = rs.spec.min_ready_seconds.unwrap_or(0);
    let count = |f: &dyn Fn(&Pod) -> bool| owned.iter().filter(|p| f(p)).count() as i32;
    let fully_labeled = count(&|p| {
        let labels = p.metadata.labels_or_empty();
        template_labels
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v))
    });
    let previous = rs.status.clone().unwrap_or_default();
    ReplicaSetStatus {
        replicas: owned.len() as i32,
        fully_labeled_replicas: Some(fully_labeled),
        ready_replicas: Some(count(&is_ready)),
        available_replicas: Some(count(&|p| is_available(p, min_ready, now))),
        terminating_replicas: Some(terminating as i32),
        observed_generation: rs.metadata.generation,
        conditions: previous.conditions,
    }
}

/// When a ready pod will become available (minReadySeconds), to look again then.
fn next_availability(rs: &ReplicaSet, owned: &[&Pod], now: Time) -> Option<Duration> {
    let min_ready = rs.spec.min_ready_seconds.unwrap_or(0);
    owned
        .iter()
        .filter_map(|p| until_available(p, min_ready, now))
        .filter_map(availability_wake)
        .min()
}
