//! The rolling update of a DaemonSet (pkg/controller/daemon/update.go `rollingUpdate`,
//! `findUpdatedPodsOnNode`, `updatedDesiredNodeCounts`).
//!
//! Without surge (maxSurge 0) old pods are deleted, at most as many as maxUnavailable allows
//! to be unavailable at once, and `manage` creates their replacements on the next sync; an
//! old pod that is not available anyway is replaced at once. With surge, a new pod is
//! created beside an old one (at most maxSurge such extra pods at a time, and at once where
//! the old pod is not available), and the old pod is deleted when the new one is available.
//! Both bounds are computed from desiredNumberScheduled, percentages rounded up.
//! OnDelete DaemonSets never come here: their pods are replaced only when someone deletes
//! them.

use std::collections::BTreeMap;

use super::util::{is_pod_updated, surge_count, unavailable_count};
use super::{create_action, delete_action, SyncState};
use crate::api::pod::Pod;
use crate::controllers::podutil::{is_available, is_terminating};
use crate::controllers::Action;
use crate::manifest::diagnostic::Text;
use crate::state::clock::Time;

/// The bounds of one rolling-update step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub max_surge: i32,
    pub max_unavailable: i32,
    pub desired: i32,
}

/// `updatedDesiredNodeCounts`: maxSurge and maxUnavailable of the desired number of nodes;
/// when both come out 0 for a non-empty DaemonSet, maxUnavailable is 1.
pub fn bounds(state: &SyncState<'_>) -> Result<Bounds, String> {
    let desired = state.nodes.iter().filter(|v| v.should_run).count() as i32;
    let mut max_unavailable = unavailable_count(state.ds, desired)?;
    let max_surge = surge_count(state.ds, desired)?;
    if desired > 0 && max_unavailable == 0 && max_surge == 0 {
        max_unavailable = 1;
    }
    Ok(Bounds {
        max_surge,
        max_unavailable,
        desired,
    })
}

/// `findUpdatedPodsOnNode`: the new and the old pod on a node, not counting pods being
/// deleted; `None` when there is more than one of either (`manage` prunes those first).
fn updated_pods_on_node<'a>(
    state: &SyncState<'_>,
    pods: &[&'a Pod],
) -> Option<(Option<&'a Pod>, Option<&'a Pod>)> {
    let mut new = None;
    let mut old = None;
    for pod in pods.iter().copied().filter(|p| !is_terminating(p)) {
        let slot = if is_pod_updated(pod, &state.hash, state.generation) {
            &mut new
        } else {
            &mut old
        };
        if slot.is_some() {
            return None;
        }
        *slot = Some(pod);
    }
    Some((new, old))
}

/// `rollingUpdate`: the deletions (and, with surge, creations) of one step.
pub fn rolling_update(state: &SyncState<'_>, now: Time) -> Vec<Action> {
    let Ok(b) = bounds(state) else {
        return Vec::new();
    };
    // Every node that should run a pod takes part, with or without pods.
    let mut nodes: BTreeMap<&str, &[&Pod]> = state.groups();
    for v in state.nodes.iter().filter(|v| v.should_run) {
        nodes.entry(v.name).or_insert(&[]);
    }
    if b.max_surge == 0 {
        without_surge(state, &nodes, b, now)
    } else {
        with_surge(state, &nodes, b, now)
    }
}

fn without_surge(
    state: &SyncState<'_>,
    nodes: &BTreeMap<&str, &[&Pod]>,
    b: Bounds,
    now: Time,
) -> Vec<Action> {
    let min_ready = state.ds.spec.min_ready_seconds.unwrap_or(0);
    let mut unavailable = 0;
    let mut replacements: Vec<(&str, &Pod)> = Vec::new();
    let mut candidates: Vec<(&str, &Pod)> = Vec::new();
    for (node, pods) in nodes {
        let Some((new, old)) = updated_pods_on_node(state, pods) else {
            unavailable += 1;
            continue;
        };
        match (new, old) {
            (None, None) | (Some(_), Some(_)) => unavailable += 1,
            (Some(new), None) => {
                if !is_available(new, min_ready, now) {
                    unavailable += 1;
                }
            }
            (None, Some(old)) => {
                if !is_available(old, min_ready, now) {
                    replacements.push((node, old));
                    unavailable += 1;
                } else if unavailable < b.max_unavailable {
                    candidates.push((node, old));
                }
            }
        }
    }
    let remaining = (b.max_unavailable - unavailable).max(0) as usize;
    let take = remaining.min(candidates.len());
    let ds_key = &state.ds_key;
    let mut actions: Vec<Action> = replacements
        .into_iter()
        .map(|(node, pod)| {
            let name = pod.metadata.name_or_empty();
            delete_action(
                state,
                pod,
                Text::new(
                    format!("pod/{name} on node {node} runs the old template of {ds_key} and is not available anyway: delete it so that a new pod replaces it"),
                    format!("노드 {node}의 pod/{name}은(는) {ds_key}의 이전 템플릿이고 어차피 사용할 수 없으므로 지우고 새 Pod로 바꿉니다"),
                ),
            )
        })
        .collect();
    let max = b.max_unavailable;
    let desired = b.desired;
    for (node, pod) in candidates.into_iter().take(take) {
        let name = pod.metadata.name_or_empty();
        actions.push(delete_action(
            state,
            pod,
            Text::new(
                format!("pod/{name} on node {node} runs the old template of {ds_key}; maxUnavailable={max} of {desired} nodes and {unavailable} already unavailable allow {remaining} more: delete it so that a new pod replaces it"),
                format!("노드 {node}의 pod/{name}은(는) {ds_key}의 이전 템플릿입니다. 노드 {desired}개 중 maxUnavailable={max}이고 이미 {unavailable}개가 사용 불가라 {remaining}개를 더 내릴 수 있으므로 지우고 새 Pod로 바꿉니다"),
            ),
        ));
    }
    actions.truncate(super::BURST_REPLICAS);
    actions
}

fn with_surge(
    state: &SyncState<'_>,
    nodes: &BTreeMap<&str, &[&Pod]>,
    b: Bounds,
    now: Time,
) -> Vec<Action> {
    let min_ready = state.ds.spec.min_ready_seconds.unwrap_or(0);
    let ds_key = &state.ds_key;
    let should_run = |node: &str| state.verdict(node).is_some_and(|v| v.should_run);
    let mut deletes: Vec<Action> = Vec::new();
    let mut should_not_run: Vec<(&str, &Pod)> = Vec::new();
    let mut candidates: Vec<&str> = Vec::new();
    let mut allowed: Vec<&str> = Vec::new();
    let mut surging = 0;
    let mut available = 0;
    for (node, pods) in nodes {
        let node: &str = node;
        let Some((new, old)) = updated_pods_on_node(state, pods) else {
            surging += 1;
            continue;
        };
        match (old, new) {
            (Some(o), _) if is_available(o, min_ready, now) => available += 1,
            (None, Some(n)) if is_available(n, min_ready, now) => available += 1,
            _ => {}
        }
        match (new, old) {
            (_, None) => {}
            (None, Some(old)) => {
                let name = old.metadata.name_or_empty();
                if !is_available(old, min_ready, now) {
                    if !should_run(node) {
                        deletes.push(delete_action(
                            state,
                            old,
                            Text::new(
                                format!("pod/{name} on node {node} is old, not available, and the node should no longer run {ds_key}: delete it"),
                                format!("노드 {node}의 pod/{name}은(는) 이전 버전이고 사용할 수 없으며 이 노드에서는 더 이상 {ds_key}을(를) 실행하지 않으므로 지웁니다"),
                            ),
                        ));
                        continue;
                    }
                    allowed.push(node);
                } else if !should_run(node) {
                    should_not_run.push((node, old));
                } else if surging < b.max_surge {
                    candidates.push(node);
                }
            }
            (Some(new), Some(old)) => {
                if !is_available(new, min_ready, now) {
                    surging += 1;
                    continue;
                }
                let (new_name, old_name) =
                    (new.metadata.name_or_empty(), old.metadata.name_or_empty());
                deletes.push(delete_action(
                    state,
                    old,
                    Text::new(
                        format!("the new pod/{new_name} on node {node} is available: delete the old pod/{old_name}"),
                        format!("노드 {node}의 새 pod/{new_name}이(가) 사용 가능해졌으므로 이전 pod/{old_name}을(를) 지웁니다"),
                    ),
                ));
            }
        }
    }
    // With maxSurge the owner expects full availability: a pod on a node that should no
    // longer run one goes only while more pods are available than desired.
    let deletable = (available - b.desired).max(0) as usize;
    for (node, pod) in should_not_run.into_iter().take(deletable) {
        let name = pod.metadata.name_or_empty();
        deletes.push(delete_action(
            state,
            pod,
            Text::new(
                format!("node {node} should no longer run {ds_key} and enough other pods are available: delete pod/{name}"),
                format!("노드 {node}에서는 더 이상 {ds_key}을(를) 실행하지 않고 다른 Pod가 충분히 사용 가능하므로 pod/{name}을(를) 지웁니다"),
            ),
        ));
    }
    let remaining = (b.max_surge - surging).max(0) as usize;
    let take = remaining.min(candidates.len());
    let mut creates: Vec<Action> = allowed
        .into_iter()
        .map(|node| {
            create_action(
                state,
                node,
                Text::new(
                    format!("the old pod of {ds_key} on node {node} is not available: create the new pod beside it at once"),
                    format!("노드 {node}의 {ds_key} 이전 Pod가 사용할 수 없으므로 새 Pod를 바로 옆에 만듭니다"),
                ),
            )
        })
        .collect();
    let (max, desired) = (b.max_surge, b.desired);
    for node in candidates.into_iter().take(take) {
        creates.push(create_action(
            state,
            node,
            Text::new(
                format!("maxSurge={max} of {desired} nodes and {surging} extra pods already starting allow {remaining} more: create the new pod of {ds_key} on node {node} beside the old one"),
                format!("노드 {desired}개 중 maxSurge={max}이고 이미 추가 Pod {surging}개가 시작 중이라 {remaining}개를 더 만들 수 있으므로 노드 {node}에 {ds_key}의 새 Pod를 이전 Pod 옆에 만듭니다"),
            ),
        ));
    }
    creates.truncate(super::BURST_REPLICAS);
    deletes.truncate(super::BURST_REPLICAS);
    creates.extend(deletes);
    creates
}
