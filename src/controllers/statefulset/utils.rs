//! Identity, storage and revision helpers of the StatefulSet controller
//! (pkg/controller/statefulset/stateful_set_utils.go).

use std::collections::BTreeMap;

use crate::api::core::PersistentVolumeClaim;
use crate::api::meta::{find_condition, ObjectMeta, OwnerReference};
use crate::api::pod::{Pod, Volume};
use crate::api::statefulset::{StatefulSet, StatefulSetStatus};
use crate::controllers::podutil::{is_available, phase};
use crate::state::clock::Time;

/// `apps.StatefulSetPodNameLabel`: every pod carries its own name as a label, so that a
/// Service can select exactly one member of the set.
pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
/// `apps.PodIndexLabel` (PodIndexLabel is GA): the ordinal as a label.
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";
/// `apps.StatefulSetRevisionLabel`: the ControllerRevision a pod was made from.
pub const REVISION_LABEL: &str = "controller-revision-hash";

/// Retain or Delete, as `persistentVolumeClaimRetentionPolicy` says.
pub const RETAIN: &str = "Retain";
pub const DELETE: &str = "Delete";

/// The set's name, "" when unset.
pub fn set_name(set: &StatefulSet) -> &str {
    set.metadata.name.as_deref().unwrap_or("")
}

/// The set's namespace ("default" when unset).
pub fn set_namespace(set: &StatefulSet) -> &str {
    set.metadata.namespace.as_deref().unwrap_or("default")
}

/// `getParentNameAndOrdinal`: `web-3` → ("web", 3). A name that does not end in
/// `-<digits>` (or whose number does not fit in an int32) has no ordinal.
pub fn parent_and_ordinal(name: &str) -> Option<(&str, i32)> {
    let (parent, digits) = name.rsplit_once('-')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let ordinal = digits.parse::<i32>().ok()?;
    Some((parent, ordinal))
}

/// `getOrdinal`: the pod's ordinal, `None` (upstream: -1) when its name has none.
pub fn ordinal_of(pod: &Pod) -> Option<i32> {
    parent_and_ordinal(pod.metadata.name.as_deref().unwrap_or("")).map(|(_, o)| o)
}

/// `isMemberOf`: the pod's name is `<set>-<ordinal>`.
pub fn is_member_of(set: &StatefulSet, pod: &Pod) -> bool {
    parent_and_ordinal(pod.metadata.name.as_deref().unwrap_or(""))
        .is_some_and(|(parent, _)| parent == set_name(set))
}

/// `getStartOrdinal`: `spec.ordinals.start`, 0 when unset.
pub fn start_ordinal(set: &StatefulSet) -> i32 {
    set.spec.ordinals.as_ref().map_or(0, |o| o.start.max(0))
}

/// `spec.replicas` (1 when unset, as the API server defaults it), never negative.
pub fn replicas(set: &StatefulSet) -> i32 {
    set.spec.replicas.unwrap_or(1).max(0)
}

/// `getEndOrdinal`: the last ordinal the set keeps (inclusive); below the start when the
/// set is scaled to zero.
pub fn end_ordinal(set: &StatefulSet) -> i32 {
    start_ordinal(set).saturating_add(replicas(set)) - 1
}

/// `podInOrdinalRange`.
pub fn in_ordinal_range(set: &StatefulSet, ordinal: i32) -> bool {
    ordinal >= start_ordinal(set) && ordinal <= end_ordinal(set)
}

/// `getPodName`: `<set>-<ordinal>`.
pub fn pod_name(set: &StatefulSet, ordinal: i32) -> String {
    format!("{}-{ordinal}", set_name(set))
}

/// `getPersistentVolumeClaimName`: `<template>-<set>-<ordinal>`.
pub fn claim_name(set: &StatefulSet, template: &PersistentVolumeClaim, ordinal: i32) -> String {
    format!(
        "{}-{}-{ordinal}",
        template.metadata.name.as_deref().unwrap_or(""),
        set_name(set)
    )
}

/// `allowsBurst`: podManagementPolicy Parallel.
pub fn allows_burst(set: &StatefulSet) -> bool {
    set.spec.pod_management_policy.as_deref() == Some("Parallel")
}

/// The update strategy type, RollingUpdate when unset.
pub fn strategy_type(set: &StatefulSet) -> &str {
    set.spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.type_.as_deref())
        .unwrap_or("RollingUpdate")
}

/// `rollingUpdate.partition`, if a rollingUpdate block is present.
pub fn partition(set: &StatefulSet) -> Option<i32> {
    set.spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.rolling_update.as_ref())
        .map(|r| r.partition.unwrap_or(0))
}

/// `minReadySeconds`, 0 when unset.
pub fn min_ready_seconds(set: &StatefulSet) -> i32 {
    set.spec.min_ready_seconds.unwrap_or(0)
}

/// `getPersistentVolumeClaimRetentionPolicy`: (whenDeleted, whenScaled), Retain when unset
/// or unknown.
pub fn retention_policy(set: &StatefulSet) -> (&str, &str) {
    let policy = set.spec.persistent_volume_claim_retention_policy.as_ref();
    let pick = |v: Option<&String>| match v.map(String::as_str) {
        Some(DELETE) => DELETE,
        _ => RETAIN,
    };
    (
        pick(policy.and_then(|p| p.when_deleted.as_ref())),
        pick(policy.and_then(|p| p.when_scaled.as_ref())),
    )
}

/// `getPodRevision`: the pod's `controller-revision-hash` label, "" when unset.
pub fn pod_revision(pod: &Pod) -> &str {
    pod.metadata.label(REVISION_LABEL).unwrap_or("")
}

/// `isRunningAndReady`.
pub fn is_running_and_ready(pod: &Pod) -> bool {
    phase(pod) == "Running" && ready_condition_true(pod)
}

/// The Ready condition is True (without reading its time).
fn ready_condition_true(pod: &Pod) -> bool {
    pod.status
        .as_ref()
        .and_then(|s| find_condition(&s.conditions, "Ready"))
        .is_some_and(|c| c.is_true())
}

/// `isRunningAndAvailable`: IsPodAvailable with minReadySeconds at `now` (upstream checks
/// only the Ready condition here, not the phase).
pub fn is_running_and_available(pod: &Pod, min_ready_seconds: i32, now: Time) -> bool {
    if min_ready_seconds <= 0 {
        return ready_condition_true(pod);
    }
    is_available(pod, min_ready_seconds, now)
}

/// `isTerminating`.
pub fn is_terminating(pod: &Pod) -> bool {
    pod.metadata.deletion_timestamp.is_some()
}

/// `isUnavailable`: terminating, or not yet available.
pub fn is_unavailable(pod: &Pod, min_ready_seconds: i32, now: Time) -> bool {
    is_terminating(pod) || !is_running_and_available(pod, min_ready_seconds, now)
}

/// `isFailed || isSucceeded`: a finished pod the controller replaces.
pub fn is_finished(pod: &Pod) -> bool {
    matches!(phase(pod), "Failed" | "Succeeded")
}

/// The owner reference of a StatefulSet (`metav1.NewControllerRef(set, controllerKind)`).
pub fn set_owner_ref(meta: &ObjectMeta) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".into(),
        kind: "StatefulSet".into(),
        name: meta.name.clone().unwrap_or_default(),
        uid: meta.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// The owner reference of a pod over its claim (whenScaled: Delete after a scale-down).
pub fn pod_owner_ref(meta: &ObjectMeta) -> OwnerReference {
    OwnerReference {
        api_version: "v1".into(),
        kind: "Pod".into(),
        name: meta.name.clone().unwrap_or_default(),
        uid: meta.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// `identityMatches`: name, namespace and the pod-name label agree with the set.
pub fn identity_matches(set: &StatefulSet, pod: &Pod) -> bool {
    let name = pod.metadata.name.as_deref().unwrap_or("");
    match parent_and_ordinal(name) {
        Some((parent, _)) => {
            parent == set_name(set)
                && canonical_ordinal(name)
                && pod.metadata.namespace.as_deref().unwrap_or("default") == set_namespace(set)
                && pod.metadata.label(POD_NAME_LABEL) == Some(name)
        }
        None => false,
    }
}

/// The ordinal suffix of `name` is written as `getPodName` writes it (no leading zeros),
/// checked without formatting the name again.
fn canonical_ordinal(name: &str) -> bool {
    name.rsplit_once('-')
        .is_some_and(|(_, digits)| digits == "0" || !digits.starts_with('0'))
}

/// `storageMatches`: every claim template has a volume pointing at this pod's claim.
pub fn storage_matches(set: &StatefulSet, pod: &Pod) -> bool {
    let Some(ordinal) = ordinal_of(pod) else {
        return false;
    };
    let volumes = pod.spec.volumes.as_deref().unwrap_or_default();
    let digits = ordinal.to_string();
    set.spec
        .volume_claim_templates
        .iter()
        .flatten()
        .all(|template| {
            let template_name = template.metadata.name.as_deref().unwrap_or("");
            volumes
                .iter()
                .find(|v| v.name == template_name)
                .and_then(Volume::claim_name)
                .is_some_and(|c| is_claim_name(c, template_name, set_name(set), &digits))
        })
}

/// `c == "<template>-<set>-<digits>"`, without building the name.
fn is_claim_name(c: &str, template: &str, set: &str, digits: &str) -> bool {
    c.strip_prefix(template)
        .and_then(|r| r.strip_prefix('-'))
        .and_then(|r| r.strip_prefix(set))
        .and_then(|r| r.strip_prefix('-'))
        == Some(digits)
}

/// `getPersistentVolumeClaims`: the claims a pod at `ordinal` needs, by template name;
/// each carries the set's matchLabels on top of the template's labels.
pub fn claims_for(set: &StatefulSet, ordinal: i32) -> Vec<(String, PersistentVolumeClaim)> {
    let selector_labels = set
        .spec
        .selector
        .as_ref()
        .and_then(|s| s.match_labels.clone())
        .unwrap_or_default();
    set.spec
        .volume_claim_templates
        .iter()
        .flatten()
        .map(|template| {
            let mut claim = template.clone();
            claim.api_version = "v1".into();
            claim.kind = "PersistentVolumeClaim".into();
            claim.metadata.name = Some(claim_name(set, template, ordinal));
            claim.metadata.namespace = Some(set_namespace(set).to_string());
            let mut labels = claim.metadata.labels.take().unwrap_or_default();
            labels.extend(selector_labels.clone());
            claim.metadata.labels = (!labels.is_empty()).then_some(labels);
            claim.status = None;
            (template.metadata.name.clone().unwrap_or_default(), claim)
        })
        .collect()
}

/// `updateStorage`: one `persistentVolumeClaim` volume per template (replacing any volume
/// of the same name), then the pod's other volumes.
pub fn update_storage(set: &StatefulSet, pod: &mut Pod, ordinal: i32) {
    let claims = claims_for(set, ordinal);
    let mut volumes: Vec<Volume> = claims
        .iter()
        .map(|(template, claim)| {
            let mut source = serde_json::Map::new();
            source.insert(
                "persistentVolumeClaim".into(),
                serde_json::json!({ "claimName": claim.metadata.name.clone().unwrap_or_default() }),
            );
            Volume {
                name: template.clone(),
                source,
            }
        })
        .collect();
    for v in pod.spec.volumes.take().unwrap_or_default() {
        if !claims.iter().any(|(template, _)| *template == v.name) {
            volumes.push(v);
        }
    }
    pod.spec.volumes = (!volumes.is_empty()).then_some(volumes);
}

/// `updateIdentity`: name, namespace, and the pod-name and pod-index labels.
pub fn update_identity(set: &StatefulSet, pod: &mut Pod, ordinal: i32) {
    let name = pod_name(set, ordinal);
    pod.metadata.name = Some(name.clone());
    pod.metadata.namespace = Some(set_namespace(set).to_string());
    let labels = pod.metadata.labels.get_or_insert_with(BTreeMap::new);
    labels.insert(POD_NAME_LABEL.into(), name);
    labels.insert(POD_INDEX_LABEL.into(), ordinal.to_string());
}

/// `newStatefulSetPod`: a pod from the template with the set as controller, its identity
/// (`initIdentity`: hostname is the pod name, subdomain the serviceName) and its claims.
pub fn new_pod(set: &StatefulSet, ordinal: i32) -> Pod {
    let template = &set.spec.template;
    let mut pod = Pod {
        api_version: "v1".into(),
        kind: "Pod".into(),
        metadata: ObjectMeta {
            labels: template.metadata.labels.clone(),
            annotations: template.metadata.annotations.clone(),
            finalizers: template.metadata.finalizers.clone(),
            owner_references: Some(vec![set_owner_ref(&set.metadata)]),
            ..ObjectMeta::default()
        },
        spec: template.spec.clone(),
        status: None,
    };
    update_identity(set, &mut pod, ordinal);
    pod.spec.hostname = pod.metadata.name.clone();
    pod.spec.subdomain = set.spec.service_name.clone().filter(|s| !s.is_empty());
    update_storage(set, &mut pod, ordinal);
    pod
}

/// `newVersionedStatefulSetPod`: below the partition (or, without a rollingUpdate block,
/// below the current replica count) a pod is made at the current revision, otherwise at
/// the update revision. Upstream's condition reads `A && B || C` (Go's precedence), so
/// a partition counts even for OnDelete when a rollingUpdate block is present.
pub fn new_versioned_pod(
    current_set: &StatefulSet,
    update_set: &StatefulSet,
    current_revision: &str,
    update_revision: &str,
    ordinal: i32,
) -> (Pod, bool) {
    let start = start_ordinal(current_set);
    let rolling_without_block = strategy_type(current_set) == "RollingUpdate"
        && partition(current_set).is_none()
        && ordinal
            < start
                + current_set
                    .status
                    .as_ref()
                    .and_then(|s| s.current_replicas)
                    .unwrap_or(0);
    let below_partition = partition(current_set).is_some_and(|p| ordinal < start + p);
    if rolling_without_block || below_partition {
        let mut pod = new_pod(current_set, ordinal);
        set_pod_revision(&mut pod, current_revision);
        (pod, true)
    } else {
        let mut pod = new_pod(update_set, ordinal);
        set_pod_revision(&mut pod, update_revision);
        (pod, false)
    }
}

/// `setPodRevision`.
pub fn set_pod_revision(pod: &mut Pod, revision: &str) {
    pod.metadata
        .labels
        .get_or_insert_with(BTreeMap::new)
        .insert(REVISION_LABEL.into(), revision.to_string());
}

/// `getStatefulSetMaxUnavailable`: maxUnavailable (default 1) scaled to the replica count,
/// rounded down, and never below 1.
pub fn max_unavailable(set: &StatefulSet) -> i32 {
    let value = set
        .spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.rolling_update.as_ref())
        .and_then(|r| r.max_unavailable.as_ref());
    let n = match value {
        Some(v) => v.scaled_value(replicas(set), false).unwrap_or(1),
        None => 1,
    };
    n.max(1)
}

/// `inconsistentStatus`: whether the computed status differs from the stored one in a
/// field the controller writes.
pub fn inconsistent_status(set: &StatefulSet, status: &StatefulSetStatus) -> bool {
    let old = set.status.clone().unwrap_or_default();
    status.observed_generation.unwrap_or(0) > old.observed_generation.unwrap_or(0)
        || status.replicas != old.replicas
        || status.current_replicas.unwrap_or(0) != old.current_replicas.unwrap_or(0)
        || status.ready_replicas.unwrap_or(0) != old.ready_replicas.unwrap_or(0)
        || status.updated_replicas.unwrap_or(0) != old.updated_replicas.unwrap_or(0)
        || status.current_revision != old.current_revision
        || status.available_replicas.unwrap_or(0) != old.available_replicas.unwrap_or(0)
        || status.update_revision != old.update_revision
}

/// `completeRollingUpdate`: once every replica is updated and ready, the update revision
/// becomes the current one.
pub fn complete_rolling_update(set: &StatefulSet, status: &mut StatefulSetStatus) {
    let want = replicas(set);
    if strategy_type(set) == "RollingUpdate"
        && status.updated_replicas.unwrap_or(0) == want
        && status.ready_replicas.unwrap_or(0) == want
        && status.replicas == want
    {
        status.current_replicas = status.updated_replicas;
        status.current_revision = status.update_revision.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::object::Object;

    fn sts(yaml: serde_json::Value) -> StatefulSet {
        match Object::from_json(yaml) {
            Ok(Object::StatefulSet(s)) => s,
            other => panic!("not a StatefulSet: {other:?}"),
        }
    }

    #[test]
    fn ordinals_are_read_from_names_as_upstream_does() {
        let cases: &[(&str, Option<(&str, i32)>)] = &[
            ("web-0", Some(("web", 0))),
            ("web-12", Some(("web", 12))),
            ("my-web-3", Some(("my-web", 3))),
            ("web-007", Some(("web", 7))),
            ("web", None),
            ("web-", None),
            ("web-x1", None),
            ("web--1", Some(("web-", 1))),
            ("web-99999999999", None),
            ("-5", Some(("", 5))),
        ];
        for (name, want) in cases {
            assert_eq!(parent_and_ordinal(name), *want, "{name}");
        }
    }

    #[test]
    fn names_ranges_and_claims() {
        let set = sts(serde_json::json!({
            "apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": {"name": "mysql", "namespace": "db"},
            "spec": {"replicas": 3, "ordinals": {"start": 5}, "serviceName": "mysql",
                     "selector": {"matchLabels": {"app": "mysql"}},
                     "template": {"metadata": {"labels": {"app": "mysql"}},
                                  "spec": {"containers": [{"name": "m", "image": "mysql"}],
                                           "volumes": [{"name": "data", "emptyDir": {}},
                                                       {"name": "conf", "emptyDir": {}}]}},
                     "volumeClaimTemplates": [{"metadata": {"name": "data", "labels": {"tier": "db"}}}]}
        }));
        assert_eq!((start_ordinal(&set), end_ordinal(&set)), (5, 7));
        let range: Vec<bool> = (3..10).map(|o| in_ordinal_range(&set, o)).collect();
        assert_eq!(range, [false, false, true, true, true, false, false]);
        let pod = new_pod(&set, 6);
        assert_eq!(pod.metadata.name.as_deref(), Some("mysql-6"));
        assert_eq!(pod.metadata.namespace.as_deref(), Some("db"));
        assert_eq!(pod.metadata.label(POD_NAME_LABEL), Some("mysql-6"));
        assert_eq!(pod.metadata.label(POD_INDEX_LABEL), Some("6"));
        assert_eq!(pod.spec.hostname.as_deref(), Some("mysql-6"));
        assert_eq!(pod.spec.subdomain.as_deref(), Some("mysql"));
        let volumes = pod.spec.volumes.clone().unwrap_or_default();
        let names: Vec<(&str, Option<&str>)> = volumes
            .iter()
            .map(|v| (v.name.as_str(), v.claim_name()))
            .collect();
        assert_eq!(
            names,
            [("data", Some("data-mysql-6")), ("conf", None)],
            "the claim replaces the template's volume of the same name"
        );
        assert!(identity_matches(&set, &pod) && storage_matches(&set, &pod));
        let claims = claims_for(&set, 6);
        let labels = claims[0].1.metadata.labels.clone().unwrap_or_default();
        assert_eq!(claims[0].1.metadata.name.as_deref(), Some("data-mysql-6"));
        assert_eq!(labels.get("app").map(String::as_str), Some("mysql"));
        assert_eq!(labels.get("tier").map(String::as_str), Some("db"));
    }

    #[test]
    fn max_unavailable_is_scaled_down_but_at_least_one() {
        let cases: &[(i32, serde_json::Value, i32)] = &[
            (5, serde_json::Value::Null, 1),
            (5, serde_json::json!(2), 2),
            (10, serde_json::json!("25%"), 2),
            (3, serde_json::json!("10%"), 1),
            (4, serde_json::json!("100%"), 4),
        ];
        for (replicas, value, want) in cases {
            let mut ru = serde_json::json!({"partition": 0});
            if !value.is_null() {
                ru["maxUnavailable"] = value.clone();
            }
            let set = sts(serde_json::json!({
                "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "w"},
                "spec": {"replicas": replicas,
                         "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": ru}}
            }));
            assert_eq!(max_unavailable(&set), *want, "{replicas} {value}");
        }
    }
}
