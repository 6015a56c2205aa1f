//! The StatefulSet controller (pkg/controller/statefulset): stable names `<set>-<ordinal>`,
//! ordered start and stop, a PersistentVolumeClaim per pod and claim template, and
//! rolling updates by ControllerRevision.
//!
//! `reconcile` is one `StatefulSetController.sync` (stateful_set.go: claim the pods, adopt
//! orphan revisions) followed by `defaultStatefulSetControl.UpdateStatefulSet`
//! (stateful_set_control.go: revisions, pods, status, history). Files: `control.rs`
//! (stateful_set_control.go), `pod_control.rs` (stateful_pod_control.go), `utils.rs`
//! (stateful_set_utils.go), `history.rs` (pkg/controller/history).
//!
//! ControllerRevisions are objects in the store (kind `ControllerRevision`, held as
//! `Object::Other`), created, renumbered and deleted by this controller's actions.

pub mod control;
pub mod history;
pub mod pod_control;
pub mod utils;

use std::collections::{BTreeMap, BTreeSet};

use self::control::{update_stateful_set, Revisions};
use self::history::Revision;
use self::pod_control::PodControl;
use self::utils::{
    complete_rolling_update, inconsistent_status, is_member_of, min_ready_seconds, pod_revision,
    set_name, set_namespace, set_owner_ref,
};
use super::podutil::{availability_wake, controller_of, until_available};
use super::{Action, Change, Decision, View};
use crate::api::core::PersistentVolumeClaim;
use crate::api::object::Object;
use crate::api::pod::Pod;
use crate::api::statefulset::StatefulSet;
use crate::manifest::diagnostic::Text;
use crate::selector::{from_label_selector, Selector};
use crate::state::clock::Duration;
use crate::state::store::Key;

/// One reconcile of a StatefulSet.
pub fn reconcile(set: &StatefulSet, view: &View<'_>) -> Decision {
    let Ok(selector) = from_label_selector(set.spec.selector.as_ref()) else {
        return Decision::default();
    };
    let namespace = set_namespace(set);
    let set_key = format!("statefulset/{}", set_name(set));
    let claims: BTreeMap<&str, &PersistentVolumeClaim> = view
        .store
        .list("PersistentVolumeClaim")
        .filter_map(|o| match o {
            Object::PersistentVolumeClaim(c)
                if c.metadata.namespace.as_deref().unwrap_or("default") == namespace =>
            {
                Some((c.metadata.name.as_deref().unwrap_or(""), c))
            }
            _ => None,
        })
        .collect();
    let mut ctl = PodControl {
        set_key: set_key.clone(),
        claims,
        created_claims: BTreeSet::new(),
        decision: Decision::default(),
    };

    let pods = claim_pods(set, &selector, view, &mut ctl);

    let mut revisions = history::list(set, &selector, view.store);
    adopt_orphan_revisions(set, &mut revisions, &mut ctl);
    let Some((current, update, collision_count)) = get_revisions(set, &revisions, &mut ctl) else {
        return ctl.decision;
    };
    let current_set = with_revision(set, &current);
    let update_set = with_revision(set, &update);
    let rev = Revisions {
        current_set: &current_set,
        update_set: &update_set,
        current: &current.name,
        update: &update.name,
        collision_count,
    };
    let mut status = update_stateful_set(set, &rev, &pods, view.now, &mut ctl);

    // updateStatefulSetStatus
    complete_rolling_update(set, &mut status);
    if inconsistent_status(set, &status) {
        let mut updated = set.clone();
        let (ready, want) = (status.ready_replicas.unwrap_or(0), utils::replicas(set));
        updated.status = Some(status);
        ctl.push(Action::new(
            Change::UpdateStatus(Object::StatefulSet(updated)),
            Text::new(
                format!("{set_key} reports what it observed ({ready}/{want} ready)"),
                format!("{set_key}이(가) 관찰한 상태를 기록합니다 (준비 {ready}/{want})"),
            ),
        ));
    }
    truncate_history(set, &pods, &revisions, &current, &update, &mut ctl);

    let mut decision = ctl.decision;
    if let Some(wait) = next_availability(set, &pods, view) {
        decision.requeue(wait);
    }
    decision
}

/// `getPodsForStatefulSet` with ClaimPods: pods named `<set>-<n>` that the set controls
/// and its selector matches; orphans that match are adopted, owned pods that stopped
/// matching are released.
fn claim_pods<'a>(
    set: &StatefulSet,
    selector: &Selector,
    view: &View<'a>,
    ctl: &mut PodControl<'_>,
) -> Vec<&'a Pod> {
    let namespace = set_namespace(set);
    let uid = set.metadata.uid.as_deref().unwrap_or("");
    let set_key = ctl.set_key.clone();
    let mut owned = Vec::new();
    let no_labels = BTreeMap::new();
    for pod in view
        .store
        .pods()
        .filter(|p| p.metadata.namespace.as_deref().unwrap_or("default") == namespace)
        .filter(|p| is_member_of(set, p))
    {
        let labels = pod.metadata.labels.as_ref().unwrap_or(&no_labels);
        let matches = selector.matches(labels) && !selector.is_empty();
        let pod_n = pod.metadata.name.as_deref().unwrap_or("");
        match controller_of(&pod.metadata) {
            Some(r) if r.uid == uid => {
                if matches {
                    owned.push(pod);
                } else {
                    let mut released = pod.clone();
                    if let Some(refs) = released.metadata.owner_references.as_mut() {
                        refs.retain(|r| r.uid != uid);
                    }
                    ctl.push(Action::new(
                        Change::Update(Object::Pod(released)),
                        Text::new(
                            format!("pod/{pod_n}'s labels no longer match the selector of {set_key}: release it"),
                            format!("pod/{pod_n}의 레이블이 더 이상 {set_key}의 셀렉터와 맞지 않으므로 놓아줍니다"),
                        ),
                    ));
                }
            }
            Some(_) => {}
            None if matches && pod.metadata.deletion_timestamp.is_none() => {
                let mut adopted = pod.clone();
                adopted
                    .metadata
                    .owner_references
                    .get_or_insert_with(Vec::new)
                    .push(set_owner_ref(&set.metadata));
                ctl.push(Action::new(
                    Change::Update(Object::Pod(adopted)),
                    Text::new(
                        format!("pod/{pod_n} has no controller, its name is a member name of {set_key} and its labels match the selector: adopt it"),
                        format!("pod/{pod_n}은(는) 컨트롤러가 없고 이름이 {set_key}의 구성원 이름이며 레이블이 셀렉터와 맞으므로 입양합니다"),
                    ),
                ));
                owned.push(pod);
            }
            None => {}
        }
    }
    owned
}

/// `AdoptOrphanRevisions`: revisions that match the selector and have no controller.
fn adopt_orphan_revisions(set: &StatefulSet, revisions: &mut [Revision], ctl: &mut PodControl<'_>) {
    for r in revisions
        .iter_mut()
        .filter(|r| controller_of(&r.meta).is_none())
    {
        r.meta
            .owner_references
            .get_or_insert_with(Vec::new)
            .push(set_owner_ref(&set.metadata));
        let name = r.name.clone();
        let set_key = &ctl.set_key;
        let why = Text::new(
            format!("controllerrevision/{name} has no controller and matches the selector of {set_key}: adopt it"),
            format!("controllerrevision/{name}은(는) 컨트롤러가 없고 {set_key}의 셀렉터와 맞으므로 입양합니다"),
        );
        ctl.push(Action::new(Change::Update(r.with_number(r.revision)), why));
    }
}

/// `getStatefulSetRevisions`: the current and update revisions, creating the update
/// revision (or renumbering an equal older one, which is how a rollback looks) when the
/// template changed. `None` if no free revision name could be found.
fn get_revisions(
    set: &StatefulSet,
    revisions: &[Revision],
    ctl: &mut PodControl<'_>,
) -> Option<(Revision, Revision, i32)> {
    let mut collision_count = set
        .status
        .as_ref()
        .and_then(|s| s.collision_count)
        .unwrap_or(0);
    let next = history::next_revision(revisions);
    let set_key = ctl.set_key.clone();
    let (proposed, _) = history::new_revision(set, next, collision_count);
    let equal: Vec<&Revision> = revisions
        .iter()
        .filter(|r| history::equal(r, &proposed))
        .collect();
    let update = match (equal.last(), revisions.last()) {
        (Some(eq), Some(latest)) if history::equal(latest, eq) => latest.clone(),
        (Some(eq), _) => {
            let mut renumbered = (*eq).clone();
            renumbered.revision = next;
            let name = renumbered.name.clone();
            let old = eq.revision;
            ctl.push(Action::new(
                Change::Update(eq.with_number(next)),
                Text::new(
                    format!("the pod template of {set_key} is the same as controllerrevision/{name} (revision {old}): reuse it as revision {next}, which is how a rollback looks"),
                    format!("{set_key}의 Pod 템플릿이 controllerrevision/{name}(리비전 {old})와(과) 같으므로 리비전 {next}(으)로 다시 씁니다 (롤백이 이렇게 보입니다)"),
                ),
            ));
            renumbered
        }
        (None, _) => {
            let mut created = None;
            for _ in 0..100 {
                let (candidate, object) = history::new_revision(set, next, collision_count);
                match revisions.iter().find(|r| r.name == candidate.name) {
                    Some(existing) if existing.data == candidate.data => {
                        created = Some(existing.clone());
                        break;
                    }
                    Some(_) => collision_count += 1,
                    None => {
                        let name = candidate.name.clone();
                        let why = if revisions.is_empty() {
                            Text::new(
                                format!("{set_key} has no revision yet: record its pod template as controllerrevision/{name} (revision {next})"),
                                format!("{set_key}에 아직 리비전이 없으므로 Pod 템플릿을 controllerrevision/{name}(리비전 {next})(으)로 기록합니다"),
                            )
                        } else {
                            Text::new(
                                format!("the pod template of {set_key} changed: record it as controllerrevision/{name} (revision {next}), the update revision"),
                                format!("{set_key}의 Pod 템플릿이 바뀌었으므로 controllerrevision/{name}(리비전 {next})(으)로 기록합니다 (업데이트 리비전)"),
                            )
                        };
                        ctl.push(Action::new(Change::Create(object), why));
                        created = Some(candidate);
                        break;
                    }
                }
            }
            created?
        }
    };
    let current_name = set.status.as_ref().and_then(|s| s.current_revision.clone());
    let current = current_name
        .and_then(|n| revisions.iter().find(|r| r.name == n).cloned())
        .unwrap_or_else(|| update.clone());
    Some((current, update, collision_count))
}

/// `ApplyRevision`: the set with the revision's pod template.
fn with_revision(set: &StatefulSet, revision: &Revision) -> StatefulSet {
    let mut out = set.clone();
    if let Some(template) = revision.template() {
        out.spec.template = template;
    }
    out
}

/// `truncateHistory`: delete the oldest revisions that no pod, and neither the current nor
/// the update revision, uses, beyond revisionHistoryLimit.
fn truncate_history(
    set: &StatefulSet,
    pods: &[&Pod],
    revisions: &[Revision],
    current: &Revision,
    update: &Revision,
    ctl: &mut PodControl<'_>,
) {
    let mut live: BTreeSet<&str> = BTreeSet::new();
    live.insert(&current.name);
    live.insert(&update.name);
    for p in pods {
        live.insert(pod_revision(p));
    }
    let history: Vec<&Revision> = revisions
        .iter()
        .filter(|r| !live.contains(r.name.as_str()))
        .collect();
    let limit = set.spec.revision_history_limit.unwrap_or(10);
    if limit < 0 || history.len() <= limit as usize {
        return;
    }
    let namespace = set_namespace(set);
    let set_key = ctl.set_key.clone();
    for r in history.iter().take(history.len() - limit as usize) {
        let name = &r.name;
        ctl.push(Action::new(
            Change::Delete {
                key: Key::new(history::KIND, namespace, name),
                propagation: super::Propagation::Background,
            },
            Text::new(
                format!("{set_key} keeps at most {limit} old revisions (revisionHistoryLimit): delete the oldest unused one, controllerrevision/{name}"),
                format!("{set_key}은(는) 지난 리비전을 최대 {limit}개만 둡니다 (revisionHistoryLimit): 쓰이지 않는 가장 오래된 controllerrevision/{name}을(를) 지웁니다"),
            ),
        ));
    }
}

/// When a Ready pod becomes available (minReadySeconds), so the set is looked at again.
fn next_availability(set: &StatefulSet, pods: &[&Pod], view: &View<'_>) -> Option<Duration> {
    let min_ready = min_ready_seconds(set);
    pods.iter()
        .filter_map(|p| until_available(p, min_ready, view.now))
        .filter_map(availability_wake)
        .min()
}

#[cfg(test)]
mod tests;
