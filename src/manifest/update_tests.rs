//! Rows after upstream's update tests: `TestValidateStatefulSetUpdate`,
//! `TestValidateJobUpdate` (pkg/apis/batch/validation/validation_test.go),
//! `TestValidateServiceUpdate` (clusterIP cases) and the apps/v1 selector immutability of
//! pkg/registry/apps/deployment/strategy_test.go (`TestSelectorImmutability`).

use serde_json::{json, Value};

use super::validate_update;
use crate::api::Object;
use crate::manifest::load::load_value;
use crate::manifest::rules::upstream_tests::merge;

fn object(v: Value) -> Object {
    load_value(&v, "t")
        .unwrap_or_else(|e| panic!("{e}"))
        .remove(0)
        .object
}

/// The update's errors as `path: message`, after patching `base` with `patch`.
fn update(base: &Value, patch: Value) -> Vec<String> {
    let mut new = base.clone();
    merge(&mut new, patch);
    validate_update(&object(new), &object(base.clone()))
        .iter()
        .map(|d| format!("{}: {}", d.path, d.message.en))
        .collect()
}

fn deployment() -> Value {
    json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web", "tier": "fe"}},
                "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}}})
}

#[test]
fn apps_v1_selectors_are_immutable() {
    let base = deployment();
    assert_eq!(
        update(&base, json!({"spec": {"selector": {"matchLabels": {"app": "web", "tier": "fe"}}}})),
        vec!["spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web\",\"tier\":\"fe\"}}: field is immutable"]
    );
    // Replicas, template and strategy may change.
    assert_eq!(
        update(
            &base,
            json!({"spec": {"replicas": 5, "template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.28"}]}}}})
        ),
        Vec::<String>::new()
    );
    for kind in ["ReplicaSet", "DaemonSet"] {
        let mut base = base.clone();
        base["kind"] = json!(kind);
        if kind == "DaemonSet" {
            base["spec"].as_object_mut().unwrap().remove("replicas");
        }
        let errors = update(
            &base,
            json!({"spec": {"selector": {"matchLabels": {"app": "web", "tier": "fe"}}}}),
        );
        assert_eq!(errors.len(), 1, "{kind}: {errors:?}");
        assert!(
            errors[0].starts_with("spec.selector: Invalid value: ")
                && errors[0].ends_with("field is immutable"),
            "{kind}: {errors:?}"
        );
    }
}

fn stateful_set() -> Value {
    json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"},
        "spec": {"replicas": 3, "serviceName": "db", "selector": {"matchLabels": {"app": "db"}},
            "template": {"metadata": {"labels": {"app": "db"}},
                "spec": {"containers": [{"name": "db", "image": "postgres:16"}]}},
            "volumeClaimTemplates": [{"metadata": {"name": "data"},
                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]}})
}

#[test]
fn test_validate_stateful_set_update() {
    let base = stateful_set();
    let forbidden = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
    for patch in [
        json!({"spec": {"serviceName": "db2"}}),
        json!({"spec": {"podManagementPolicy": "Parallel"}}),
        json!({"spec": {"selector": {"matchLabels": {"app": "db", "x": "y"}}, "template": {"metadata": {"labels": {"app": "db", "x": "y"}}}}}),
        json!({"spec": {"volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "2Gi"}}}}]}}),
    ] {
        assert_eq!(update(&base, patch.clone()), vec![forbidden], "{patch}");
    }
    for patch in [
        json!({"spec": {"replicas": 5}}),
        json!({"spec": {"minReadySeconds": 10}}),
        json!({"spec": {"revisionHistoryLimit": 2}}),
        json!({"spec": {"updateStrategy": {"type": "OnDelete"}}}),
        json!({"spec": {"persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Delete"}}}),
        json!({"spec": {"ordinals": {"start": 2}}}),
        json!({"spec": {"template": {"spec": {"containers": [{"name": "db", "image": "postgres:17"}]}}}}),
    ] {
        assert_eq!(
            update(&base, patch.clone()),
            Vec::<String>::new(),
            "{patch}"
        );
    }
}

fn job() -> Value {
    json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi"},
        "spec": {"completions": 3, "parallelism": 1,
            "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "pi", "image": "perl:5.34"}]}}}})
}

#[test]
fn test_validate_job_update() {
    let base = job();
    let rows: Vec<(Value, &str)> = vec![
        (
            json!({"spec": {"completions": 4}}),
            "spec.completions: Invalid value: 4: field is immutable",
        ),
        (
            json!({"spec": {"template": {"spec": {"containers": [{"name": "pi", "image": "perl:5.36"}]}}}}),
            "spec.template: Invalid value: ",
        ),
        (
            json!({"spec": {"completionMode": "Indexed"}}),
            "spec.completionMode: Invalid value: \"Indexed\": field is immutable",
        ),
        (
            json!({"spec": {"backoffLimitPerIndex": 1, "completionMode": "Indexed"}}),
            "spec.backoffLimitPerIndex: Invalid value: 1: field is immutable",
        ),
        (
            json!({"spec": {"podFailurePolicy": {"rules": [{"action": "FailJob", "onExitCodes": {"operator": "In", "values": [1]}}]}}}),
            "spec.podFailurePolicy: Invalid value: {\"rules\":",
        ),
    ];
    for (patch, expected) in rows {
        let errors = update(&base, patch.clone());
        assert!(
            errors.iter().any(|e| e.starts_with(expected)),
            "{patch}: expected {expected}, got {errors:?}"
        );
    }
    // Mutable: parallelism, activeDeadlineSeconds, suspend, backoffLimit, ttl.
    assert_eq!(
        update(
            &base,
            json!({"spec": {"parallelism": 3, "activeDeadlineSeconds": 60, "suspend": true, "backoffLimit": 2, "ttlSecondsAfterFinished": 5}})
        ),
        Vec::<String>::new()
    );
}

#[test]
fn indexed_jobs_scale_completions_with_parallelism() {
    // validateCompletions with ElasticIndexedJob (GA).
    let mut base = job();
    merge(
        &mut base,
        json!({"spec": {"completionMode": "Indexed", "completions": 2, "parallelism": 2}}),
    );
    assert_eq!(
        update(&base, json!({"spec": {"completions": 4, "parallelism": 4}})),
        Vec::<String>::new()
    );
    assert_eq!(
        update(&base, json!({"spec": {"completions": 4}})),
        vec!["spec.completions: Invalid value: 4: can only be modified in tandem with spec.parallelism"]
    );
}

#[test]
fn a_suspended_job_that_never_started_may_change_where_its_pods_go() {
    // "add node affinity", "update node selector", "add tolerations" with
    // AllowMutableSchedulingDirectives in TestValidateJobUpdate.
    let mut base = job();
    merge(&mut base, json!({"spec": {"suspend": true}}));
    let directives = json!({"spec": {"template": {
        "metadata": {"labels": {"team": "a"}, "annotations": {"note": "x"}},
        "spec": {"nodeSelector": {"disk": "ssd"}, "tolerations": [{"key": "k", "operator": "Exists"}],
            "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "foo", "operator": "In", "values": ["bar"]}]}]}}}}}}});
    assert_eq!(update(&base, directives.clone()), Vec::<String>::new());
    // Not while it runs.
    let running = job();
    let errors = update(&running, directives);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("spec.template: Invalid value: ")),
        "{errors:?}"
    );
    // And never the containers.
    let errors = update(
        &base,
        json!({"spec": {"template": {"spec": {"containers": [{"name": "pi", "image": "perl:5.36"}]}}}}),
    );
    assert!(
        errors.iter().any(|e| e.starts_with("spec.template: ")),
        "{errors:?}"
    );
}

#[test]
fn a_service_keeps_its_cluster_ip() {
    let base = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
        "spec": {"clusterIP": "10.96.0.10", "selector": {"app": "web"}, "ports": [{"port": 80}]}});
    assert_eq!(
        update(&base, json!({"spec": {"clusterIP": "10.96.0.11"}})),
        vec!["spec.clusterIPs[0]: Invalid value: [\"10.96.0.11\"]: may not change once set"]
    );
    assert_eq!(
        update(&base, json!({"spec": {"clusterIP": "None"}})),
        vec!["spec.clusterIPs[0]: Invalid value: [\"None\"]: may not change once set"]
    );
    // Leaving it out keeps the allocated one; ports and selector may change.
    assert_eq!(
        update(
            &base,
            json!({"spec": {"clusterIP": null, "ports": [{"port": 8080}]}})
        ),
        Vec::<String>::new()
    );
    let headless = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "db"},
        "spec": {"clusterIP": "None", "selector": {"app": "db"}, "ports": [{"port": 5432}]}});
    assert_eq!(
        update(&headless, json!({"spec": {"selector": {"app": "db2"}}})),
        Vec::<String>::new()
    );
}

#[test]
fn kinds_without_update_rules_and_unchanged_objects_pass() {
    for base in [deployment(), stateful_set(), job()] {
        assert_eq!(update(&base, json!({})), Vec::<String>::new());
    }
    let cm = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "1"}});
    assert_eq!(
        update(&cm, json!({"data": {"a": "2"}})),
        Vec::<String>::new()
    );
}
