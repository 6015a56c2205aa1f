//! Helpers of the Deployment controller: pkg/controller/deployment/util/deployment_util.go
//! (fenceposts, revisions, replica annotations, proportions, conditions, completeness) and
//! the pod-template hash of pkg/controller/controller_utils.go (`ComputeHash`).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde_json::Value;

use crate::api::deployment::{Deployment, DeploymentStatus};
use crate::api::intstr::IntOrString;
use crate::api::meta::{Condition, ObjectMeta};
use crate::api::pod::PodTemplateSpec;
use crate::api::replicaset::ReplicaSet;
use crate::controllers::podutil::created_at;
use crate::state::clock::Time;

pub use crate::kubectl::rollout::{CHANGE_CAUSE, REVISION};

/// The revisions a ReplicaSet served before a rollback brought it back.
pub const REVISION_HISTORY: &str = "deployment.kubernetes.io/revision-history";
/// The Deployment's `replicas` when the ReplicaSet was last scaled by it.
pub const DESIRED_REPLICAS: &str = "deployment.kubernetes.io/desired-replicas";
/// `replicas + maxSurge` when the ReplicaSet was last scaled; the base of proportional scaling.
pub const MAX_REPLICAS: &str = "deployment.kubernetes.io/max-replicas";
/// The label that tells the ReplicaSets (and pods) of one Deployment apart.
pub const POD_TEMPLATE_HASH: &str = "pod-template-hash";
/// `kubectl apply`'s record of what was applied; never copied to ReplicaSets.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";
/// The extensions/v1beta1 rollback request, kept out of ReplicaSets.
pub const DEPRECATED_ROLLBACK_TO: &str = "deprecated.deployment.rollback.to";
/// `rollout restart` puts the time here in the pod template.
pub const RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";
/// The revision-history annotation is cut to about this many characters
/// (maxRevHistoryLengthInChars in sync.go).
pub const MAX_REV_HISTORY_CHARS: usize = 2000;

/// Annotations a Deployment does not pass to its ReplicaSets (annotationsToSkip).
pub const ANNOTATIONS_TO_SKIP: &[&str] = &[
    LAST_APPLIED,
    REVISION,
    REVISION_HISTORY,
    DESIRED_REPLICAS,
    MAX_REPLICAS,
    DEPRECATED_ROLLBACK_TO,
];

/// Reasons of the Progressing and Available conditions.
pub mod reason {
    pub const REPLICA_SET_UPDATED: &str = "ReplicaSetUpdated";
    pub const NEW_REPLICA_SET_CREATED: &str = "NewReplicaSetCreated";
    pub const FOUND_NEW_REPLICA_SET: &str = "FoundNewReplicaSet";
    pub const NEW_REPLICA_SET_AVAILABLE: &str = "NewReplicaSetAvailable";
    pub const TIMED_OUT: &str = "ProgressDeadlineExceeded";
    pub const PAUSED: &str = "DeploymentPaused";
    pub const RESUMED: &str = "DeploymentResumed";
    pub const MINIMUM_REPLICAS_AVAILABLE: &str = "MinimumReplicasAvailable";
    pub const MINIMUM_REPLICAS_UNAVAILABLE: &str = "MinimumReplicasUnavailable";
}

/// `spec.replicas`, which the API server defaults to 1.
pub fn replicas(d: &Deployment) -> i32 {
    d.spec.replicas.unwrap_or(1)
}

/// A ReplicaSet's `spec.replicas` (defaulted to 1 like the Deployment's).
pub fn rs_replicas(rs: &ReplicaSet) -> i32 {
    rs.spec.replicas.unwrap_or(1)
}

pub fn rs_available(rs: &ReplicaSet) -> i32 {
    rs.status
        .as_ref()
        .and_then(|s| s.available_replicas)
        .unwrap_or(0)
}

pub fn rs_status_replicas(rs: &ReplicaSet) -> i32 {
    rs.status.as_ref().map_or(0, |s| s.replicas)
}

fn rs_ready(rs: &ReplicaSet) -> i32 {
    rs.status
        .as_ref()
        .and_then(|s| s.ready_replicas)
        .unwrap_or(0)
}

/// The strategy type, "RollingUpdate" when unset (the API-server default).
pub fn strategy_type(d: &Deployment) -> &str {
    d.spec
        .strategy
        .as_ref()
        .and_then(|s| s.type_.as_deref())
        .filter(|t| !t.is_empty())
        .unwrap_or("RollingUpdate")
}

/// IsRollingUpdate.
pub fn is_rolling_update(d: &Deployment) -> bool {
    strategy_type(d) == "RollingUpdate"
}

/// maxSurge and maxUnavailable as written, "25%" each when unset (the API-server defaults).
pub fn rolling_params(d: &Deployment) -> (IntOrString, IntOrString) {
    let ru = d
        .spec
        .strategy
        .as_ref()
        .and_then(|s| s.rolling_update.clone())
        .unwrap_or_default();
    (
        ru.max_surge.unwrap_or_else(|| IntOrString::from("25%")),
        ru.max_unavailable
            .unwrap_or_else(|| IntOrString::from("25%")),
    )
}

/// ResolveFenceposts: maxSurge rounds up and maxUnavailable rounds down, each as a share of
/// `desired`; when both come out as 0, maxUnavailable becomes 1 so the rollout can move.
pub fn resolve_fenceposts(
    max_surge: &IntOrString,
    max_unavailable: &IntOrString,
    desired: i32,
) -> Result<(i32, i32), String> {
    let surge = max_surge.scaled_value(desired, true)?;
    let mut unavailable = max_unavailable.scaled_value(desired, false)?;
    if surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    Ok((surge, unavailable))
}

/// MaxSurge: the pods a rolling update may run above `replicas` (0 for Recreate).
pub fn max_surge(d: &Deployment) -> i32 {
    if !is_rolling_update(d) {
        return 0;
    }
    let (s, u) = rolling_params(d);
    resolve_fenceposts(&s, &u, replicas(d)).map_or(0, |r| r.0)
}

/// MaxUnavailable: the pods a rolling update may have unavailable, never more than
/// `replicas` (0 for Recreate and for 0 replicas).
pub fn max_unavailable(d: &Deployment) -> i32 {
    let want = replicas(d);
    if !is_rolling_update(d) || want == 0 {
        return 0;
    }
    let (s, u) = rolling_params(d);
    resolve_fenceposts(&s, &u, want).map_or(0, |r| r.1.min(want))
}

/// NewRSNewReplicas: how big the new ReplicaSet may be now. RollingUpdate grows it up to
/// `replicas + maxSurge` pods in total (counting every ReplicaSet's `spec.replicas`);
/// Recreate gives it everything at once.
pub fn new_rs_new_replicas(
    d: &Deployment,
    all_replicas: i32,
    new_replicas: i32,
) -> Result<i32, String> {
    match strategy_type(d) {
        "RollingUpdate" => {
            let (s, _) = rolling_params(d);
            let surge = s.scaled_value(replicas(d), true)?;
            let max_total = replicas(d).saturating_add(surge);
            if all_replicas >= max_total {
                return Ok(new_replicas);
            }
            let up = (max_total - all_replicas).min(replicas(d) - new_replicas);
            Ok(new_replicas + up)
        }
        "Recreate" => Ok(replicas(d)),
        other => Err(format!("deployment type {other} isn't supported")),
    }
}

/// Revision: the revision annotation as a number, 0 when absent, an error when unreadable.
pub fn revision(meta: &ObjectMeta) -> Result<i64, String> {
    match meta.annotations.as_ref().and_then(|a| a.get(REVISION)) {
        None => Ok(0),
        Some(v) => v.parse::<i64>().map_err(|e| format!("{v:?}: {e}")),
    }
}

/// MaxRevision: the highest readable revision.
pub fn max_revision<'a>(rss: impl IntoIterator<Item = &'a ReplicaSet>) -> i64 {
    rss.into_iter()
        .filter_map(|rs| revision(&rs.metadata).ok())
        .max()
        .unwrap_or(0)
        .max(0)
}

/// LastRevision: the second highest revision.
pub fn last_revision<'a>(rss: impl IntoIterator<Item = &'a ReplicaSet>) -> i64 {
    let (mut max, mut second) = (0, 0);
    for v in rss.into_iter().filter_map(|rs| revision(&rs.metadata).ok()) {
        if v >= max {
            second = max;
            max = v;
        } else if v > second {
            second = v;
        }
    }
    second
}

/// SetDeploymentRevision: true if the Deployment's revision annotation changed.
pub fn set_deployment_revision(d: &mut Deployment, revision: &str) -> bool {
    let annotations = d.metadata.annotations.get_or_insert_with(BTreeMap::new);
    if annotations.get(REVISION).map(String::as_str) == Some(revision) {
        return false;
    }
    annotations.insert(REVISION.to_string(), revision.to_string());
    true
}

fn skip_copy(key: &str) -> bool {
    ANNOTATIONS_TO_SKIP.contains(&key)
}

/// copyDeploymentAnnotationsToReplicaSet.
fn copy_annotations(d: &Deployment, rs: &mut ReplicaSet) -> bool {
    let mut changed = false;
    let target = rs.metadata.annotations.get_or_insert_with(BTreeMap::new);
    for (k, v) in d.metadata.annotations.iter().flatten() {
        if skip_copy(k) || target.get(k) == Some(v) {
            continue;
        }
        target.insert(k.clone(), v.clone());
        changed = true;
    }
    changed
}

/// SetNewReplicaSetAnnotations: copies the Deployment's annotations, moves the revision
/// forward (keeping the old one in revision-history when a rollback reuses a ReplicaSet)
/// and, for a ReplicaSet about to be created, records desired and max replicas.
pub fn set_new_rs_annotations(
    d: &Deployment,
    rs: &mut ReplicaSet,
    new_revision: i64,
    exists: bool,
) -> bool {
    let mut changed = copy_annotations(d, rs);
    let annotations = rs.metadata.annotations.get_or_insert_with(BTreeMap::new);
    let old = annotations.get(REVISION).cloned();
    let old_number = match old.as_deref() {
        None | Some("") => 0,
        Some(v) => match v.parse::<i64>() {
            Ok(n) => n,
            Err(_) => return false,
        },
    };
    if old_number < new_revision {
        annotations.insert(REVISION.to_string(), new_revision.to_string());
        changed = true;
        if let Some(old) = old {
            let history = annotations
                .get(REVISION_HISTORY)
                .cloned()
                .unwrap_or_default();
            if history.is_empty() {
                annotations.insert(REVISION_HISTORY.to_string(), old);
            } else {
                let mut parts: Vec<&str> = history.split(',').collect();
                let mut total = history.len() + old.len() + 1;
                let mut start = 0;
                while total > MAX_REV_HISTORY_CHARS && start < parts.len() {
                    total -= parts[start].len() + 1;
                    start += 1;
                }
                if total <= MAX_REV_HISTORY_CHARS {
                    parts = parts.split_off(start);
                    parts.push(&old);
                    annotations.insert(REVISION_HISTORY.to_string(), parts.join(","));
                }
            }
        }
    }
    if !exists && set_replicas_annotations(rs, replicas(d), replicas(d) + max_surge(d)) {
        changed = true;
    }
    changed
}

/// SetReplicasAnnotations: records desired and max replicas; true if either changed.
pub fn set_replicas_annotations(rs: &mut ReplicaSet, desired: i32, max: i32) -> bool {
    let annotations = rs.metadata.annotations.get_or_insert_with(BTreeMap::new);
    let mut changed = false;
    for (key, value) in [(DESIRED_REPLICAS, desired), (MAX_REPLICAS, max)] {
        let value = value.to_string();
        if annotations.get(key) != Some(&value) {
            annotations.insert(key.to_string(), value);
            changed = true;
        }
    }
    changed
}

/// ReplicasAnnotationsNeedUpdate.
pub fn replicas_annotations_need_update(rs: &ReplicaSet, desired: i32, max: i32) -> bool {
    let Some(a) = rs.metadata.annotations.as_ref() else {
        return true;
    };
    a.get(DESIRED_REPLICAS) != Some(&desired.to_string())
        || a.get(MAX_REPLICAS) != Some(&max.to_string())
}

fn int_annotation(rs: &ReplicaSet, key: &str) -> Option<i32> {
    rs.metadata.annotations.as_ref()?.get(key)?.parse().ok()
}

/// GetDesiredReplicasAnnotation.
pub fn desired_replicas_annotation(rs: &ReplicaSet) -> Option<i32> {
    int_annotation(rs, DESIRED_REPLICAS)
}

/// IsSaturated: the new ReplicaSet holds every replica of the Deployment, all available.
pub fn is_saturated(d: &Deployment, rs: &ReplicaSet) -> bool {
    let want = replicas(d);
    rs_replicas(rs) == want
        && desired_replicas_annotation(rs) == Some(want)
        && rs_available(rs) == want
}

/// GetReplicaSetProportion: how many of the replicas to add (or remove) this ReplicaSet
/// takes, never more than what is left.
pub fn replica_set_proportion(rs: &ReplicaSet, d: &Deployment, to_add: i32, added: i32) -> i32 {
    if rs_replicas(rs) == 0 || to_add == 0 || to_add == added {
        return 0;
    }
    let fraction = replica_set_fraction(rs, d);
    let allowed = to_add - added;
    if to_add > 0 {
        fraction.min(allowed)
    } else {
        fraction.max(allowed)
    }
}

/// getReplicaSetFraction: the ReplicaSet's share of the new size, in proportion to its
/// share of the old size (the max-replicas annotation), rounded half away from zero.
fn replica_set_fraction(rs: &ReplicaSet, d: &Deployment) -> i32 {
    let size = rs_replicas(rs);
    if replicas(d) == 0 {
        return -size;
    }
    let deployment_replicas = replicas(d) + max_surge(d);
    let annotated = int_annotation(rs, MAX_REPLICAS).unwrap_or_else(|| {
        d.status
            .as_ref()
            .and_then(|s| s.replicas)
            .unwrap_or_default()
    });
    if annotated == 0 {
        return 0;
    }
    // Upstream multiplies in int32 before converting to float64.
    let new_size = f64::from(size.wrapping_mul(deployment_replicas)) / f64::from(annotated);
    (new_size.round() as i32) - size
}

/// A pod template with the pod-template-hash label removed and empty maps, lists and
/// nulls pruned, so templates compare as `apiequality.Semantic.DeepEqual` compares them.
pub fn semantic_template(t: &PodTemplateSpec) -> Value {
    fn prune(v: Value) -> Option<Value> {
        match v {
            Value::Null => None,
            Value::Object(map) => {
                let m: serde_json::Map<String, Value> = map
                    .into_iter()
                    .filter_map(|(k, v)| prune(v).map(|v| (k, v)))
                    .collect();
                (!m.is_empty()).then_some(Value::Object(m))
            }
            Value::Array(items) => {
                let items: Vec<Value> = items
                    .into_iter()
                    .map(|i| prune(i).unwrap_or(Value::Null))
                    .collect();
                (!items.is_empty()).then_some(Value::Array(items))
            }
            other => Some(other),
        }
    }
    let mut t = t.clone();
    if let Some(labels) = t.metadata.labels.as_mut() {
        labels.remove(POD_TEMPLATE_HASH);
    }
    prune(serde_json::to_value(&t).unwrap_or_default()).unwrap_or_default()
}

/// EqualIgnoreHash: two pod templates are the same apart from pod-template-hash.
pub fn equal_ignore_hash(a: &PodTemplateSpec, b: &PodTemplateSpec) -> bool {
    semantic_template(a) == semantic_template(b)
}

/// ReplicaSetsByCreationTimestamp: older first, then by name.
pub fn by_creation(a: &ReplicaSet, b: &ReplicaSet) -> Ordering {
    created_at(&a.metadata)
        .cmp(&created_at(&b.metadata))
        .then_with(|| a.metadata.name.cmp(&b.metadata.name))
}

/// ReplicaSetsByRevision: lower revision first; unreadable or equal revisions by creation.
pub fn by_revision(a: &ReplicaSet, b: &ReplicaSet) -> Ordering {
    match (revision(&a.metadata), revision(&b.metadata)) {
        (Ok(x), Ok(y)) if x != y => x.cmp(&y),
        _ => by_creation(a, b),
    }
}

/// fnv32a, the hash `ComputeHash` feeds the template to.
fn fnv32a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The alphabet of `rand.SafeEncodeString` (k8s.io/apimachinery/pkg/util/rand): no vowels,
/// no characters that look alike.
const SAFE_ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// SafeEncodeString: each byte of `s` to a letter of the safe alphabet.
pub fn safe_encode(s: &str) -> String {
    s.bytes()
        .map(|b| char::from(SAFE_ALPHANUMS[usize::from(b) % SAFE_ALPHANUMS.len()]))
        .collect()
}

/// ComputeHash: the pod-template-hash of a template and the Deployment's collisionCount.
///
/// The mechanism is upstream's — fnv32a, the collision count appended as 8 little-endian
/// bytes, the decimal sum run through SafeEncodeString — but the bytes hashed are the
/// template's canonical JSON, not Go's deep-hash printing of the struct, so the value
/// (and with it the ReplicaSet name) differs from a real cluster's for the same template.
pub fn compute_hash(template: &PodTemplateSpec, collision_count: Option<i32>) -> String {
    let mut bytes = serde_json::to_vec(template).unwrap_or_default();
    if let Some(c) = collision_count {
        let mut extra = [0u8; 8];
        extra[..4].copy_from_slice(&(c as u32).to_le_bytes());
        bytes.extend_from_slice(&extra);
    }
    safe_encode(&fnv32a(&bytes).to_string())
}

/// NewDeploymentCondition.
pub fn new_condition(
    type_: &str,
    status: &str,
    reason: &str,
    message: String,
    now: Time,
) -> Condition {
    Condition {
        type_: type_.to_string(),
        status: status.to_string(),
        reason: Some(reason.to_string()),
        message: Some(message),
        last_update_time: Some(now.to_rfc3339()),
        last_transition_time: Some(now.to_rfc3339()),
        ..Condition::default()
    }
}

/// GetDeploymentCondition.
pub fn get_condition<'a>(status: &'a DeploymentStatus, type_: &str) -> Option<&'a Condition> {
    status
        .conditions
        .as_ref()?
        .iter()
        .find(|c| c.type_ == type_)
}

/// SetDeploymentCondition: nothing changes when status and reason are the same; the
/// transition time stays when only the reason changes; the condition moves to the end.
pub fn set_condition(status: &mut DeploymentStatus, mut c: Condition) {
    if let Some(current) = get_condition(status, &c.type_) {
        if current.status == c.status && current.reason == c.reason {
            return;
        }
        if current.status == c.status {
            c.last_transition_time = current.last_transition_time.clone();
        }
    }
    remove_condition(status, &c.type_);
    status.conditions.get_or_insert_with(Vec::new).push(c);
}

/// RemoveDeploymentCondition.
pub fn remove_condition(status: &mut DeploymentStatus, type_: &str) {
    if let Some(list) = status.conditions.as_mut() {
        list.retain(|c| c.type_ != type_);
        if list.is_empty() {
            status.conditions = None;
        }
    }
}

/// HasProgressDeadline: set and not MaxInt32.
pub fn has_progress_deadline(d: &Deployment) -> bool {
    d.spec
        .progress_deadline_seconds
        .is_some_and(|s| s != i32::MAX)
}

/// HasRevisionHistoryLimit: set and not MaxInt32.
pub fn has_revision_history_limit(d: &Deployment) -> bool {
    d.spec.revision_history_limit.is_some_and(|s| s != i32::MAX)
}

/// DeploymentComplete: every replica updated and available, no old ones, generation seen.
pub fn deployment_complete(d: &Deployment, status: &DeploymentStatus) -> bool {
    let want = replicas(d);
    status.updated_replicas.unwrap_or(0) == want
        && status.replicas.unwrap_or(0) == want
        && status.available_replicas.unwrap_or(0) == want
        && status.observed_generation.unwrap_or(0) >= d.metadata.generation.unwrap_or(0)
}

/// DeploymentProgressing: more updated, ready or available pods, or fewer old ones, than
/// the status the controller last wrote.
pub fn deployment_progressing(d: &Deployment, new: &DeploymentStatus) -> bool {
    let old = d.status.clone().unwrap_or_default();
    let n = |v: Option<i32>| v.unwrap_or(0);
    let old_old = n(old.replicas) - n(old.updated_replicas);
    let new_old = n(new.replicas) - n(new.updated_replicas);
    n(new.updated_replicas) > n(old.updated_replicas)
        || new_old < old_old
        || n(new.ready_replicas) > n(old.ready_replicas)
        || n(new.available_replicas) > n(old.available_replicas)
}

/// DeploymentTimedOut: the Progressing condition was last updated more than
/// progressDeadlineSeconds ago (and is not already a success or a timeout).
pub fn deployment_timed_out(d: &Deployment, new: &DeploymentStatus, now: Time) -> bool {
    if !has_progress_deadline(d) {
        return false;
    }
    let Some(c) = get_condition(new, "Progressing") else {
        return false;
    };
    match c.reason.as_deref() {
        Some(reason::NEW_REPLICA_SET_AVAILABLE) => return false,
        Some(reason::TIMED_OUT) => return true,
        _ => {}
    }
    let from = condition_updated(c);
    let deadline = i64::from(d.spec.progress_deadline_seconds.unwrap_or(0)) * 1000;
    from.0 + deadline < now.0
}

/// A condition's lastUpdateTime as a time.
pub fn condition_updated(c: &Condition) -> Time {
    c.last_update_time
        .as_deref()
        .and_then(Time::parse_rfc3339)
        .unwrap_or_default()
}

/// Counts over several ReplicaSets (GetReplicaCountForReplicaSets and friends).
pub fn sum_spec<'a>(rss: impl IntoIterator<Item = &'a ReplicaSet>) -> i32 {
    rss.into_iter().map(rs_replicas).sum()
}

pub fn sum_actual<'a>(rss: impl IntoIterator<Item = &'a ReplicaSet>) -> i32 {
    rss.into_iter().map(rs_status_replicas).sum()
}

pub fn sum_ready<'a>(rss: impl IntoIterator<Item = &'a ReplicaSet>) -> i32 {
    rss.into_iter().map(rs_ready).sum()
}

pub fn sum_available<'a>(rss: impl IntoIterator<Item = &'a ReplicaSet>) -> i32 {
    rss.into_iter().map(rs_available).sum()
}

/// GetTerminatingReplicaCountForReplicaSets: None when a ReplicaSet that has reported a
/// status does not report its terminating pods.
pub fn sum_terminating<'a>(rss: impl IntoIterator<Item = &'a ReplicaSet>) -> Option<i32> {
    let mut total = 0;
    for rs in rss {
        let status = rs.status.clone().unwrap_or_default();
        match status.terminating_replicas {
            Some(t) => total += t,
            None if status.observed_generation.unwrap_or(0) == 0 => {}
            None => return None,
        }
    }
    Some(total)
}

#[cfg(test)]
#[path = "util_tests.rs"]
mod tests;
