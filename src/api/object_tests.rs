use super::*;
use serde_json::json;

#[test]
fn decodes_each_typed_kind() {
    let rows = [
        ("v1", "Pod", TypedKind::Pod),
        ("v1", "Node", TypedKind::Node),
        ("v1", "Service", TypedKind::Service),
        (
            "v1",
            "PersistentVolumeClaim",
            TypedKind::PersistentVolumeClaim,
        ),
        ("apps/v1", "ReplicaSet", TypedKind::ReplicaSet),
        ("apps/v1", "Deployment", TypedKind::Deployment),
        ("apps/v1", "StatefulSet", TypedKind::StatefulSet),
        ("apps/v1", "DaemonSet", TypedKind::DaemonSet),
        ("batch/v1", "Job", TypedKind::Job),
        ("batch/v1", "CronJob", TypedKind::CronJob),
    ];
    for (api_version, kind, typed) in rows {
        let obj = Object::from_json(json!({
            "apiVersion": api_version, "kind": kind,
            "metadata": {"name": "x", "namespace": "ns", "labels": {"app": "x"}}
        }))
        .unwrap_or_else(|e| panic!("{kind}: {e}"));
        assert_eq!(obj.typed_kind(), Some(typed));
        assert!(obj.is_simulated());
        assert_eq!(obj.kind(), kind);
        assert_eq!(obj.api_version(), api_version);
        assert_eq!(obj.name(), "x");
        assert_eq!(obj.namespace(), Some("ns"));
        assert_eq!(obj.metadata().label("app"), Some("x"));
    }
}

#[test]
fn keeps_other_kinds_unstructured() {
    let cm = json!({
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "cfg", "managedFields": [{"manager": "kubectl"}]},
        "data": {"a": "1"}
    });
    let mut obj = Object::from_json(cm.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert!(!obj.is_simulated());
    assert_eq!(obj.is_namespaced(), Some(true));
    assert_eq!(obj.to_json(), cm);
    obj.metadata_mut().namespace = Some("default".into());
    let out = obj.to_json();
    assert_eq!(out["metadata"]["namespace"], "default");
    assert_eq!(out["metadata"]["managedFields"][0]["manager"], "kubectl");
    assert_eq!(out["data"]["a"], "1");

    let custom = Object::from_json(json!({"apiVersion": "example.com/v1", "kind": "Widget"}))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(custom.kind(), "Widget");
    assert_eq!(custom.is_namespaced(), None);
    assert_eq!(custom.name(), "");
}

/// (input, expected path, expected message fragment)
#[test]
fn decode_errors_carry_the_field_path() {
    let rows = [
        (
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"replicas": "3"}}),
            "spec.replicas",
            "invalid type",
        ),
        (
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"template": {"spec": {
                "containers": [{"name": "a", "resources": {"limits": {"cpu": "1.5.5"}}}]}}}}),
            "spec.template.spec.containers[0].resources.limits.cpu",
            "regular expression",
        ),
        (
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"strategy": {
                "rollingUpdate": {"maxSurge": 1.5}}}}),
            "spec.strategy.rollingUpdate.maxSurge",
            "not an integer",
        ),
        (
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"labels": {"a": 1}}}),
            "metadata.labels.a",
            "invalid type",
        ),
        (
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": 5}}),
            "metadata.name",
            "invalid type",
        ),
        (
            json!({"apiVersion": "batch/v1", "kind": "Job", "spec": {"backoffLimit": 3000000000u64}}),
            "spec.backoffLimit",
            "invalid value",
        ),
        (
            json!({"kind": "Pod"}),
            "apiVersion",
            "apiVersion is required",
        ),
        (json!({"apiVersion": "v1"}), "kind", "kind is required"),
        (
            json!({"apiVersion": 1, "kind": "Pod"}),
            "apiVersion",
            "must be a string",
        ),
        (json!(["not", "an", "object"]), "", "must be a mapping"),
        (
            json!({"apiVersion": "extensions/v1beta1", "kind": "Deployment"}),
            "apiVersion",
            "no longer served since Kubernetes v1.16; use apiVersion: apps/v1",
        ),
        (
            json!({"apiVersion": "v1", "kind": "Deployment"}),
            "apiVersion",
            "kind Deployment is served as apiVersion apps/v1, not v1",
        ),
    ];
    for (input, path, fragment) in rows {
        let err = Object::from_json(input.clone()).err();
        let Some(err) = err else {
            panic!("{input} decoded")
        };
        assert_eq!(err.path, path, "{input}: {err}");
        assert!(err.message.contains(fragment), "{input}: {err}");
    }
}

#[test]
fn unknown_fields_are_ignored_and_known_ones_round_trip() {
    let input = json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "unknownMeta": 1},
        "spec": {
            "replicas": 3,
            "notAField": true,
            "selector": {"matchLabels": {"app": "web"}},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "50%", "maxUnavailable": 0}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {
                    "containers": [{
                        "name": "nginx",
                        "image": "nginx:1.27",
                        "ports": [{"containerPort": 80}],
                        "resources": {"requests": {"cpu": 0.5, "memory": "128Mi"}},
                        "readinessProbe": {"httpGet": {"path": "/", "port": "http"}}
                    }],
                    "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": "data-pvc"}}],
                    "affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
                        {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}
                    ]}},
                    "tolerations": [{"key": "k", "operator": "Exists", "effect": "NoSchedule"}]
                }
            }
        }
    });
    let obj = Object::from_json(input).unwrap_or_else(|e| panic!("{e}"));
    let Object::Deployment(d) = &obj else {
        panic!("not a Deployment")
    };
    assert_eq!(d.spec.replicas, Some(3));
    let c = d.spec.template.spec.containers.first();
    let cpu = c
        .and_then(|c| c.resources.as_ref())
        .and_then(|r| r.requests.as_ref())
        .and_then(|r| r.get("cpu"));
    assert_eq!(cpu.map(|q| q.milli_value()), Some(500));
    let volumes = d.spec.template.spec.volumes.as_deref().unwrap_or_default();
    assert_eq!(
        volumes.first().and_then(|v| v.claim_name()),
        Some("data-pvc")
    );

    let out = obj.to_json();
    assert!(out["spec"].get("notAField").is_none());
    assert!(out["metadata"].get("unknownMeta").is_none());
    assert_eq!(out["spec"]["strategy"]["rollingUpdate"]["maxSurge"], "50%");
    assert_eq!(
        out["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"],
        0
    );
    assert_eq!(
        out["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"]["cpu"],
        "0.5"
    );
    assert_eq!(
        out["spec"]["template"]["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"],
        "data-pvc"
    );
    assert_eq!(
        out["spec"]["template"]["spec"]["affinity"]["podAntiAffinity"]
            ["requiredDuringSchedulingIgnoredDuringExecution"][0]["topologyKey"],
        "kubernetes.io/hostname"
    );
    // Decoding the output again gives the same object.
    let again = Object::from_json(out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again, obj);
}

#[test]
fn headless_service_and_statuses_decode() {
    let svc = Object::from_json(json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "db"},
        "spec": {"clusterIP": "None", "selector": {"app": "db"}, "ports": [{"port": 5432, "targetPort": "pg"}]}
    }))
    .unwrap_or_else(|e| panic!("{e}"));
    let Object::Service(s) = &svc else {
        panic!("not a Service")
    };
    assert!(s.spec.is_headless());
    assert_eq!(svc.to_json()["spec"]["clusterIP"], "None");

    let pod = Object::from_json(json!({
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
        "spec": {"containers": [{"name": "c"}]},
        "status": {"phase": "Running", "podIP": "10.0.0.1", "hostIP": "192.168.0.1",
            "containerStatuses": [{"name": "c", "ready": true, "restartCount": 2, "image": "nginx",
                "state": {"running": {"startedAt": "2025-01-01T00:00:00Z"}},
                "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled"}}}]}
    }))
    .unwrap_or_else(|e| panic!("{e}"));
    let Object::Pod(p) = &pod else {
        panic!("not a Pod")
    };
    let status = p.status.as_ref();
    assert_eq!(status.and_then(|s| s.pod_ip.as_deref()), Some("10.0.0.1"));
    let cs = status
        .and_then(|s| s.container_statuses.as_ref())
        .and_then(|c| c.first());
    assert_eq!(cs.map(|c| c.restart_count), Some(2));
    let term = cs
        .and_then(|c| c.last_state.as_ref())
        .and_then(|s| s.terminated.as_ref());
    assert_eq!(term.map(|t| t.exit_code), Some(137));
    assert_eq!(pod.to_json()["status"]["podIP"], "10.0.0.1");
}

#[test]
fn decode_error_display_names_the_path() {
    let err = Object::from_json(
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"replicas": "3"}}),
    )
    .err();
    let text = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        text.starts_with("spec.replicas: invalid type: string \"3\""),
        "{text}"
    );
    let whole = Object::from_json(json!(null))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        whole.starts_with("a Kubernetes object must be a mapping"),
        "{whole}"
    );
}
