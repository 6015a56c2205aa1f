//! Update validation: what the API server checks when an object that exists is changed
//! (`kubectl apply` of an edited manifest), on top of the create-time rules: immutable
//! fields, with the API server's messages and field paths. One function of (new, old),
//! used by `ks.check(new, old=previous)` and by the simulator's apply path.
//!
//! Upstream: `ValidateStatefulSetUpdate` (pkg/apis/apps/validation/validation.go); the
//! selector immutability of apps/v1 Deployments, ReplicaSets and DaemonSets
//! (`ValidateUpdate` in pkg/registry/apps/{deployment,replicaset,daemonset}/strategy.go);
//! `ValidateJobSpecUpdate`, `validateCompletions` and `validatePodTemplateUpdate`
//! (pkg/apis/batch/validation/validation.go, with ElasticIndexedJob and
//! JobMutableNodeSchedulingDirectives at their v1.36 defaults, both on);
//! `validateUpgradeDowngradeClusterIPs` (pkg/apis/core/validation/validation.go).

use serde::Serialize;
use serde_json::Value;

use super::diagnostic::{Diagnostic, Pos, Text};
use crate::api::core::Service;
use crate::api::job::Job;
use crate::api::meta::LabelSelector;
use crate::api::statefulset::StatefulSet;
use crate::api::Object;

/// The code of every update-validation diagnostic.
pub const CODE: &str = "invalid-update";

/// The spec fields of a StatefulSet that may change (`ValidateStatefulSetUpdate`).
const STATEFULSET_MUTABLE: &[&str] = &[
    "replicas",
    "ordinals",
    "template",
    "updateStrategy",
    "revisionHistoryLimit",
    "persistentVolumeClaimRetentionPolicy",
    "minReadySeconds",
];

/// Everything the API server would refuse in changing `old` into `new` (same kind and
/// name). Positions are unset; callers with a source tree locate them by path.
pub fn validate_update(new: &Object, old: &Object) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    match (new, old) {
        (Object::Deployment(n), Object::Deployment(o)) => {
            selector(&mut out, n.spec.selector.as_ref(), o.spec.selector.as_ref())
        }
        (Object::ReplicaSet(n), Object::ReplicaSet(o)) => {
            selector(&mut out, n.spec.selector.as_ref(), o.spec.selector.as_ref())
        }
        (Object::DaemonSet(n), Object::DaemonSet(o)) => {
            selector(&mut out, n.spec.selector.as_ref(), o.spec.selector.as_ref())
        }
        (Object::StatefulSet(n), Object::StatefulSet(o)) => stateful_set(&mut out, n, o),
        (Object::Job(n), Object::Job(o)) => job(&mut out, n, o),
        (Object::Service(n), Object::Service(o)) => service(&mut out, n, o),
        _ => {}
    }
    out
}

fn json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// `field.Invalid` as Go renders it: strings quoted, numbers bare, the rest as JSON.
fn shown(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::String(s) => crate::selector::validate::go_quote(s),
        other => other.to_string(),
    }
}

fn error(path: &str, en: String, ko: String, hint: Option<Text>) -> Diagnostic {
    let mut d = Diagnostic::error(CODE, Pos::default(), Text::new(en, ko)).with_path(path);
    d.hint = hint;
    d
}

/// `ValidateImmutableField`: "Invalid value: <new>: field is immutable".
fn immutable<T: Serialize + PartialEq>(
    out: &mut Vec<Diagnostic>,
    path: &str,
    new: &T,
    old: &T,
    hint: Option<Text>,
) {
    if new == old {
        return;
    }
    let value = shown(&json(new));
    out.push(error(
        path,
        format!("Invalid value: {value}: field is immutable"),
        format!("잘못된 값: {value}: 바꿀 수 없는 필드입니다"),
        hint,
    ));
}

fn selector(out: &mut Vec<Diagnostic>, new: Option<&LabelSelector>, old: Option<&LabelSelector>) {
    immutable(
        out,
        "spec.selector",
        &new,
        &old,
        Some(Text::new(
            "a selector cannot change once the object exists (its pods would be orphaned): put the old selector back, or delete the object and create it again with the new one",
            "셀렉터는 객체를 만든 뒤에는 바꿀 수 없습니다 (Pod가 고아가 됩니다). 원래 셀렉터로 되돌리거나, 객체를 지우고 새 셀렉터로 다시 만드세요",
        )),
    );
}

/// The top-level keys of two JSON objects whose values differ, in `new`'s order.
fn changed_keys(new: &Value, old: &Value) -> Vec<String> {
    let empty = serde_json::Map::new();
    let n = new.as_object().unwrap_or(&empty);
    let o = old.as_object().unwrap_or(&empty);
    let mut keys: Vec<String> = n
        .keys()
        .chain(o.keys().filter(|k| !n.contains_key(*k)))
        .filter(|k| n.get(*k) != o.get(*k))
        .cloned()
        .collect();
    keys.dedup();
    keys
}

fn stateful_set(out: &mut Vec<Diagnostic>, new: &StatefulSet, old: &StatefulSet) {
    let strip = |spec: &Value| {
        let mut spec = spec.clone();
        if let Some(map) = spec.as_object_mut() {
            for key in STATEFULSET_MUTABLE {
                map.remove(*key);
            }
        }
        spec
    };
    let (n, o) = (strip(&json(&new.spec)), strip(&json(&old.spec)));
    let changed = changed_keys(&n, &o);
    if changed.is_empty() {
        return;
    }
    let fields = changed
        .iter()
        .map(|k| format!("`spec.{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let list = "'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds'";
    out.push(error(
        "spec",
        format!("Forbidden: updates to statefulset spec for fields other than {list} are forbidden"),
        format!("금지됨: StatefulSet의 spec에서 {list} 외의 필드는 바꿀 수 없습니다"),
        Some(Text::new(
            format!("this change touches {fields}; to change it, delete the StatefulSet (with `--cascade=orphan` to keep its Pods and claims) and create it again"),
            format!("이 변경은 {fields}를 바꿉니다. 바꾸려면 StatefulSet을 지우고 (`--cascade=orphan`으로 Pod와 클레임은 남길 수 있습니다) 다시 만드세요"),
        )),
    ));
}

fn job(out: &mut Vec<Diagnostic>, new: &Job, old: &Job) {
    let (n, o) = (&new.spec, &old.spec);
    // validateCompletions: an Indexed Job may scale completions together with parallelism.
    let indexed = n.completion_mode.as_deref() == Some("Indexed");
    if !indexed {
        immutable(
            out,
            "spec.completions",
            &n.completions,
            &o.completions,
            None,
        );
    } else if n.completions != o.completions {
        if let Some(c) = n.completions.filter(|c| Some(*c) != n.parallelism) {
            out.push(error(
                "spec.completions",
                format!("Invalid value: {c}: can only be modified in tandem with spec.parallelism"),
                format!("잘못된 값: {c}: spec.parallelism과 함께, 같은 값으로만 바꿀 수 있습니다"),
                Some(Text::new(
                    "an Indexed Job scales by setting `completions` and `parallelism` to the same new value",
                    "Indexed Job은 `completions`와 `parallelism`을 같은 새 값으로 함께 바꿔서 규모를 바꿉니다",
                )),
            ));
        }
    }
    immutable(out, "spec.selector", &n.selector, &o.selector, None);
    // validatePodTemplateUpdate: a suspended Job that never started may change where its
    // pods go (node affinity, node selector, tolerations, labels, annotations, gates).
    let mut old_template = json(&o.template);
    let new_template = json(&n.template);
    let suspended = n.suspend == Some(true);
    let not_started = old.status.as_ref().is_none_or(|s| s.start_time.is_none());
    if suspended && not_started {
        for (section, key) in [
            ("metadata", "labels"),
            ("metadata", "annotations"),
            ("spec", "nodeSelector"),
            ("spec", "tolerations"),
            ("spec", "schedulingGates"),
        ] {
            copy_field(&mut old_template, &new_template, section, key);
        }
        let node_affinity = new_template.pointer("/spec/affinity/nodeAffinity").cloned();
        if let Some(spec) = old_template.get_mut("spec").and_then(Value::as_object_mut) {
            let affinity = spec
                .entry("affinity")
                .or_insert_with(|| Value::Object(Default::default()));
            if let Some(a) = affinity.as_object_mut() {
                match node_affinity {
                    Some(na) => {
                        a.insert("nodeAffinity".into(), na);
                    }
                    None => {
                        a.remove("nodeAffinity");
                    }
                }
                if a.is_empty() && new_template.pointer("/spec/affinity").is_none() {
                    spec.remove("affinity");
                }
            }
        }
    }
    if new_template != old_template {
        let changed = changed_keys(
            new_template.get("spec").unwrap_or(&Value::Null),
            old_template.get("spec").unwrap_or(&Value::Null),
        );
        let what = if changed.is_empty() {
            "`spec.template.metadata`".to_string()
        } else {
            changed
                .iter()
                .map(|k| format!("`spec.template.spec.{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let value = shown(&new_template);
        out.push(error(
            "spec.template",
            format!("Invalid value: {value}: field is immutable"),
            format!("잘못된 값: {value}: 바꿀 수 없는 필드입니다"),
            Some(Text::new(
                format!("a Job's Pod template cannot change (this change touches {what}): delete the Job and create it again, or give the new one another name"),
                format!("Job의 Pod 템플릿은 바꿀 수 없습니다 (이 변경은 {what}를 바꿉니다). Job을 지우고 다시 만들거나, 새 Job에 다른 이름을 주세요"),
            )),
        ));
    }
    immutable(
        out,
        "spec.completionMode",
        &n.completion_mode,
        &o.completion_mode,
        None,
    );
    immutable(
        out,
        "spec.podFailurePolicy",
        &n.pod_failure_policy,
        &o.pod_failure_policy,
        None,
    );
    immutable(
        out,
        "spec.backoffLimitPerIndex",
        &n.backoff_limit_per_index,
        &o.backoff_limit_per_index,
        None,
    );
    immutable(out, "spec.managedBy", &n.managed_by, &o.managed_by, None);
    immutable(
        out,
        "spec.successPolicy",
        &n.success_policy,
        &o.success_policy,
        None,
    );
}

/// Makes `old.<section>.<key>` what it is in `new` (or absent when absent there).
fn copy_field(old: &mut Value, new: &Value, section: &str, key: &str) {
    let value = new.get(section).and_then(|s| s.get(key)).cloned();
    if let Some(map) = old.get_mut(section).and_then(Value::as_object_mut) {
        match value {
            Some(v) => {
                map.insert(key.to_string(), v);
            }
            None => {
                map.remove(key);
            }
        }
    }
}

/// A Service's cluster IPs, `clusterIPs` or else `[clusterIP]` (the strategy's defaulting).
fn cluster_ips(s: &Service) -> Vec<String> {
    match (&s.spec.cluster_ips, &s.spec.cluster_ip) {
        (Some(ips), _) if !ips.is_empty() => ips.clone(),
        (_, Some(ip)) if !ip.is_empty() => vec![ip.clone()],
        _ => Vec::new(),
    }
}

fn service(out: &mut Vec<Diagnostic>, new: &Service, old: &Service) {
    let external = |s: &Service| s.spec.type_.as_deref() == Some("ExternalName");
    if external(new) || external(old) {
        return;
    }
    let (n, o) = (cluster_ips(new), cluster_ips(old));
    let headless = |ips: &[String]| ips.first().is_some_and(|ip| ip == "None");
    // An unset clusterIP keeps the allocated one (`patchAllocatedValues`).
    if n.is_empty() || o.is_empty() || (headless(&n) && headless(&o)) {
        return;
    }
    let value = shown(&json(&n));
    let indexes: Vec<usize> = if n.len() == o.len() {
        (0..n.len()).filter(|i| n[*i] != o[*i]).collect()
    } else if n[0] != o[0] {
        vec![0]
    } else {
        Vec::new()
    };
    for i in indexes {
        out.push(error(
            &format!("spec.clusterIPs[{i}]"),
            format!("Invalid value: {value}: may not change once set"),
            format!("잘못된 값: {value}: 한 번 정하면 바꿀 수 없습니다"),
            Some(Text::new(
                "a Service keeps its cluster IP for life (a headless Service stays headless): remove `clusterIP` from the manifest to keep the current one, or delete and recreate the Service",
                "서비스는 클러스터 IP를 바꿀 수 없습니다 (헤드리스 서비스는 계속 헤드리스입니다). 매니페스트에서 `clusterIP`를 지우면 지금 IP가 유지되고, 바꾸려면 서비스를 지우고 다시 만드세요",
            )),
        ));
    }
}

#[cfg(test)]
#[path = "update_tests.rs"]
mod tests;
