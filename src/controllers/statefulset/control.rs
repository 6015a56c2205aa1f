//! The core of the StatefulSet controller (pkg/controller/statefulset/stateful_set_control.go
//! `updateStatefulSet`, `processReplica`, `processCondemned`, `computeReplicaStatus` and
//! `updateStatefulSetAfterInvariantEstablished`).
//!
//! OrderedReady ("monotonic"): pods are created one at a time from the lowest ordinal, each
//! only once every lower one is Running, Ready and Available; any pod that is not blocks
//! all progress; scale-down removes the highest ordinal first, one at a time. Parallel
//! ("burst") creates and deletes without waiting. Updates (RollingUpdate) delete pods
//! whose revision is not the update revision from the highest ordinal down to the
//! partition, at most maxUnavailable at a time (MaxUnavailableStatefulSet is beta and on by
//! default since v1.35), and the pods come back at the new revision.

use super::pod_control::PodControl;
use super::utils::{
    identity_matches, in_ordinal_range, is_finished, is_running_and_available,
    is_running_and_ready, is_terminating, is_unavailable, max_unavailable, min_ready_seconds,
    new_versioned_pod, ordinal_of, partition, pod_name, pod_revision, replicas, start_ordinal,
    storage_matches, strategy_type, update_identity, update_storage,
};
use crate::api::pod::Pod;
use crate::api::statefulset::{StatefulSet, StatefulSetStatus};
use crate::controllers::podutil::phase;
use crate::manifest::diagnostic::Text;
use crate::state::clock::Time;

/// One slot of the ordinal range: a pod that exists, or the ordinal of one that does not
/// (the pod is only built when this sync creates it).
#[derive(Debug)]
enum Slot<'a> {
    Pod(&'a Pod),
    Missing(i32),
}

impl Slot<'_> {
    fn existing(&self) -> Option<&Pod> {
        match self {
            Slot::Pod(p) => Some(p),
            Slot::Missing(_) => None,
        }
    }

    fn name(&self, set: &StatefulSet) -> String {
        match self {
            Slot::Pod(p) => name(p).to_string(),
            Slot::Missing(ordinal) => pod_name(set, *ordinal),
        }
    }

    /// `isUnavailable`; a pod not created yet is unavailable.
    fn unavailable(&self, min_ready: i32, now: Time) -> bool {
        self.existing()
            .is_none_or(|p| is_unavailable(p, min_ready, now))
    }
}

/// What the revisions say, for one sync.
pub struct Revisions<'s> {
    pub current_set: &'s StatefulSet,
    pub update_set: &'s StatefulSet,
    pub current: &'s str,
    pub update: &'s str,
    pub collision_count: i32,
}

/// `computeReplicaStatus` over existing pods, added to `status`.
fn count(
    status: &mut StatefulSetStatus,
    pods: &[&Pod],
    min_ready: i32,
    now: Time,
    rev: &Revisions,
) {
    for pod in pods {
        status.replicas += 1;
        if is_running_and_ready(pod) {
            *status.ready_replicas.get_or_insert(0) += 1;
            if is_running_and_available(pod, min_ready, now) {
                *status.available_replicas.get_or_insert(0) += 1;
            }
        }
        if !is_terminating(pod) {
            let r = pod_revision(pod);
            if r == rev.current {
                *status.current_replicas.get_or_insert(0) += 1;
            }
            if r == rev.update {
                *status.updated_replicas.get_or_insert(0) += 1;
            }
        }
    }
}

/// `updateStatus`: recounts from scratch.
fn recount(
    status: &mut StatefulSetStatus,
    pods: &[&Pod],
    min_ready: i32,
    now: Time,
    rev: &Revisions,
) {
    status.replicas = 0;
    status.ready_replicas = Some(0);
    status.available_replicas = Some(0);
    status.current_replicas = Some(0);
    status.updated_replicas = Some(0);
    count(status, pods, min_ready, now, rev);
}

fn range_text(set: &StatefulSet) -> String {
    let n = replicas(set);
    if n == 0 {
        return "no pods".to_string();
    }
    let start = start_ordinal(set);
    if n == 1 {
        return pod_name(set, start);
    }
    format!("{}..{}", pod_name(set, start), pod_name(set, start + n - 1))
}

fn name(pod: &Pod) -> &str {
    pod.metadata.name.as_deref().unwrap_or("")
}

/// `updateStatefulSet`: creates, fixes and deletes pods to move toward the target state;
/// returns the status to report.
pub fn update_stateful_set(
    set: &StatefulSet,
    rev: &Revisions,
    pods: &[&Pod],
    now: Time,
    ctl: &mut PodControl<'_>,
) -> StatefulSetStatus {
    let min_ready = min_ready_seconds(set);
    let mut status = StatefulSetStatus {
        observed_generation: set.metadata.generation,
        current_revision: Some(rev.current.to_string()),
        update_revision: Some(rev.update.to_string()),
        collision_count: Some(rev.collision_count),
        ..StatefulSetStatus::default()
    };

    let start = start_ordinal(set);
    let want = replicas(set);
    let mut slots: Vec<Option<&Pod>> = vec![None; want as usize];
    let mut condemned: Vec<&Pod> = Vec::new();
    for pod in pods {
        let Some(ordinal) = ordinal_of(pod) else {
            continue;
        };
        if in_ordinal_range(set, ordinal) {
            if let Some(slot) = slots.get_mut((ordinal - start) as usize) {
                *slot = Some(pod);
            }
        } else if ordinal >= 0 {
            condemned.push(pod);
        }
    }
    let mut replicas_list: Vec<Slot> = slots
        .into_iter()
        .enumerate()
        .map(|(i, p)| match p {
            Some(p) => Slot::Pod(p),
            None => Slot::Missing(start + i as i32),
        })
        .collect();
    condemned.sort_by_key(|p| std::cmp::Reverse(ordinal_of(p)));

    let mut first_unavailable: Option<String> = None;
    for slot in &replicas_list {
        if first_unavailable.is_none() && slot.unavailable(min_ready, now) {
            first_unavailable = Some(slot.name(set));
        }
    }
    for pod in condemned.iter().rev() {
        if first_unavailable.is_none() && is_unavailable(pod, min_ready, now) {
            first_unavailable = Some(name(pod).to_string());
        }
    }
    if set.metadata.deletion_timestamp.is_some() {
        recount(&mut status, pods, min_ready, now, rev);
        return status;
    }

    let monotonic = !super::utils::allows_burst(set);
    let mut blocked = false;
    for i in 0..replicas_list.len() {
        let exit = process_replica(set, rev, monotonic, &mut replicas_list, i, now, ctl);
        if exit && monotonic {
            blocked = true;
            break;
        }
    }
    let finish = |status: &mut StatefulSetStatus, replicas_list: &[Slot], condemned: &[&Pod]| {
        let existing: Vec<&Pod> = replicas_list
            .iter()
            .filter_map(Slot::existing)
            .chain(condemned.iter().copied())
            .collect();
        recount(status, &existing, min_ready, now, rev);
    };
    if blocked {
        finish(&mut status, &replicas_list, &condemned);
        return status;
    }

    // Fix the owner references of the condemned pods' claims (whenScaled: Delete).
    for pod in &condemned {
        if !ctl.claims_match_retention(rev.update_set, pod) {
            ctl.update_claims_for_retention(rev.update_set, pod);
        }
    }

    for pod in &condemned {
        let exit = process_condemned(set, first_unavailable.as_deref(), monotonic, pod, now, ctl);
        if exit && monotonic {
            finish(&mut status, &replicas_list, &condemned);
            return status;
        }
    }
    finish(&mut status, &replicas_list, &condemned);

    if strategy_type(set) == "OnDelete" {
        return status;
    }
    rolling_update(set, rev, &replicas_list, now, ctl, &mut status);
    status
}

/// `processReplica`: true when a monotonic sync must stop here.
fn process_replica(
    set: &StatefulSet,
    rev: &Revisions,
    monotonic: bool,
    replicas_list: &mut [Slot],
    i: usize,
    now: Time,
    ctl: &mut PodControl<'_>,
) -> bool {
    let min_ready = min_ready_seconds(set);
    let Some(slot) = replicas_list.get(i) else {
        return false;
    };
    let pod_n = slot.name(set);
    if let Some(pod) = slot.existing().filter(|p| is_finished(p)) {
        if !is_terminating(pod) {
            let ph = phase(pod).to_string();
            ctl.delete_pod(
                set,
                pod,
                Text::new(
                    format!("{pod_n} has finished (phase {ph}); a StatefulSet pod must keep running, so delete it and create it again with the same name"),
                    format!("{pod_n}이(가) 끝났습니다(phase {ph}). StatefulSet의 Pod는 계속 실행되어야 하므로 지우고 같은 이름으로 다시 만듭니다"),
                ),
            );
        }
        return true;
    }
    if let Slot::Missing(ordinal) = slot {
        let set_key = ctl.set_key.clone();
        let range = range_text(set);
        let want = replicas(set);
        let (new_pod, _) = new_versioned_pod(
            rev.current_set,
            rev.update_set,
            rev.current,
            rev.update,
            *ordinal,
        );
        if ctl.claim_is_stale(set, &new_pod) {
            return true;
        }
        let revision = super::utils::pod_revision(&new_pod).to_string();
        let kept: Vec<String> = super::utils::claims_for(set, *ordinal)
            .into_iter()
            .filter_map(|(_, c)| c.metadata.name)
            .filter(|c| ctl.claims.contains_key(c.as_str()))
            .collect();
        let again = if kept.is_empty() {
            (String::new(), String::new())
        } else {
            (
                format!(
                    "; its claim {} still exists, so it gets the same volume back",
                    kept.join(", ")
                ),
                format!(
                    "; 클레임 {}이(가) 남아 있으므로 같은 볼륨을 다시 씁니다",
                    kept.join(", ")
                ),
            )
        };
        let why = if !monotonic {
            Text::new(
                format!("{set_key} wants {want} replicas ({range}); {pod_n} is missing: create it at revision {revision} (Parallel: no waiting for the other pods){}", again.0),
                format!("{set_key}은(는) 복제본 {want}개({range})을(를) 원합니다. {pod_n}이(가) 없으므로 리비전 {revision}(으)로 만듭니다 (Parallel: 다른 Pod를 기다리지 않습니다){}", again.1),
            )
        } else if i == 0 {
            Text::new(
                format!("{set_key} wants {want} replicas ({range}); {pod_n} is missing: create it at revision {revision} (OrderedReady starts with the lowest ordinal){}", again.0),
                format!("{set_key}은(는) 복제본 {want}개({range})을(를) 원합니다. {pod_n}이(가) 없으므로 리비전 {revision}(으)로 만듭니다 (OrderedReady는 가장 낮은 번호부터 시작합니다){}", again.1),
            )
        } else {
            let prev = replicas_list
                .get(i - 1)
                .map(|s| s.name(set))
                .unwrap_or_default();
            Text::new(
                format!("{set_key} wants {want} replicas ({range}); {pod_n} is missing and every lower ordinal up to {prev} is Running and Ready: create it at revision {revision} (OrderedReady: one at a time, in order){}", again.0),
                format!("{set_key}은(는) 복제본 {want}개({range})을(를) 원합니다. {pod_n}이(가) 없고 {prev}까지 모두 Running이며 Ready이므로 리비전 {revision}(으)로 만듭니다 (OrderedReady: 한 번에 하나씩, 순서대로){}", again.1),
            )
        };
        ctl.create_pod(set, new_pod, why);
        return monotonic;
    }
    let Slot::Pod(pod) = slot else {
        return false;
    };
    let pod: &Pod = pod;
    if phase(pod) == "Pending" {
        ctl.create_claims(set, pod);
    }
    if monotonic && (is_terminating(pod) || !is_running_and_ready(pod)) {
        return true;
    }
    if monotonic && !is_running_and_available(pod, min_ready, now) {
        return true;
    }
    let retention_match = ctl.claims_match_retention(rev.update_set, pod);
    if identity_matches(set, pod) && storage_matches(set, pod) && retention_match {
        return false;
    }
    let set_key = ctl.set_key.clone();
    if !identity_matches(set, pod) || !storage_matches(set, pod) {
        let mut fixed = pod.clone();
        if let Some(ordinal) = ordinal_of(pod) {
            update_identity(set, &mut fixed, ordinal);
            if !storage_matches(set, pod) {
                update_storage(set, &mut fixed, ordinal);
            }
        }
        ctl.update_pod(
            rev.update_set,
            fixed,
            Text::new(
                format!(
                    "{pod_n}'s identity labels or volumes no longer match {set_key}: restore them"
                ),
                format!(
                    "{pod_n}의 정체성 레이블이나 볼륨이 {set_key}와(과) 맞지 않으므로 되돌립니다"
                ),
            ),
        );
    }
    if !retention_match {
        ctl.update_claims_for_retention(rev.update_set, pod);
    }
    false
}

/// `processCondemned`: true when a monotonic sync must stop here.
fn process_condemned(
    set: &StatefulSet,
    first_unavailable: Option<&str>,
    monotonic: bool,
    pod: &Pod,
    now: Time,
    ctl: &mut PodControl<'_>,
) -> bool {
    let min_ready = min_ready_seconds(set);
    if is_terminating(pod) {
        return monotonic;
    }
    let is_first_unhealthy = first_unavailable == Some(name(pod));
    if monotonic && !is_running_and_ready(pod) && !is_first_unhealthy {
        return true;
    }
    if monotonic && !is_running_and_available(pod, min_ready, now) && !is_first_unhealthy {
        return true;
    }
    let set_key = &ctl.set_key;
    let want = replicas(set);
    let range = range_text(set);
    let pod_n = name(pod);
    let why = if monotonic {
        Text::new(
            format!("{set_key} wants {want} replicas ({range}); {pod_n} is the highest ordinal beyond that: delete it (OrderedReady scales down from the highest ordinal, one at a time)"),
            format!("{set_key}은(는) 복제본 {want}개({range})을(를) 원합니다. {pod_n}은(는) 범위 밖에서 가장 높은 번호이므로 지웁니다 (OrderedReady는 가장 높은 번호부터 하나씩 줄입니다)"),
        )
    } else {
        Text::new(
            format!("{set_key} wants {want} replicas ({range}); {pod_n} is beyond that: delete it (Parallel: no waiting)"),
            format!("{set_key}은(는) 복제본 {want}개({range})을(를) 원합니다. {pod_n}은(는) 범위 밖이므로 지웁니다 (Parallel: 기다리지 않습니다)"),
        )
    };
    ctl.delete_pod(set, pod, why);
    true
}

/// `updateStatefulSetAfterInvariantEstablished` (MaxUnavailableStatefulSet, on by default
/// in v1.36): delete up to maxUnavailable − unavailable pods that are not at the update
/// revision, from the highest ordinal down to the partition.
fn rolling_update(
    set: &StatefulSet,
    rev: &Revisions,
    replicas_list: &[Slot],
    now: Time,
    ctl: &mut PodControl<'_>,
    status: &mut StatefulSetStatus,
) {
    let min_ready = min_ready_seconds(set);
    let update_min = partition(set).unwrap_or(0).max(0) as usize;
    let max_unavailable = max_unavailable(set);
    let unavailable = replicas_list
        .iter()
        .filter(|s| s.unavailable(min_ready, now))
        .count() as i32;
    if unavailable >= max_unavailable {
        return;
    }
    let budget = max_unavailable - unavailable;
    let mut deleted = 0;
    let set_key = ctl.set_key.clone();
    let part = partition(set).unwrap_or(0);
    for target in (update_min..replicas_list.len()).rev() {
        if deleted >= budget {
            break;
        }
        let Some(Slot::Pod(pod)) = replicas_list.get(target) else {
            continue;
        };
        if pod_revision(pod) == rev.update || is_terminating(pod) {
            continue;
        }
        let pod_n = name(pod);
        let old = pod_revision(pod);
        let update = rev.update;
        ctl.delete_pod(
            set,
            pod,
            Text::new(
                format!("{pod_n} runs revision {old} but {set_key}'s update revision is {update}: RollingUpdate replaces pods from the highest ordinal down to the partition ({part}), {max_unavailable} at a time, each only after the others are Ready; delete it so it comes back updated with the same name and volume"),
                format!("{pod_n}은(는) 리비전 {old}인데 {set_key}의 업데이트 리비전은 {update}입니다. RollingUpdate는 가장 높은 번호부터 partition({part})까지, 한 번에 {max_unavailable}개씩, 나머지가 Ready일 때만 바꿉니다. 같은 이름과 볼륨으로 새 리비전이 되어 돌아오도록 지웁니다"),
            ),
        );
        deleted += 1;
        if let Some(c) = status.current_replicas.as_mut() {
            *c -= 1;
        }
    }
}
