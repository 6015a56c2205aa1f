//! Table tests: each row is a manifest and the values defaulting must produce, as JSON
//! pointers into the defaulted object. `Value::Null` means "must stay absent".

use serde_json::{json, Value};

use super::*;

struct Row {
    name: &'static str,
    input: Value,
    expect: Vec<(String, Value)>,
}

fn row(name: &'static str, input: Value, expect: Vec<(&str, Value)>) -> Row {
    Row {
        name,
        input,
        expect: expect
            .into_iter()
            .map(|(p, v)| (p.to_string(), v))
            .collect(),
    }
}

fn defaulted(input: &Value) -> Value {
    let mut obj = Object::from_json(input.clone()).unwrap_or_else(|e| panic!("{input}: {e}"));
    apply_defaults(&mut obj);
    obj.to_json()
}

fn check(rows: Vec<Row>) {
    for r in rows {
        let out = defaulted(&r.input);
        for (pointer, expected) in &r.expect {
            let got = out.pointer(pointer).cloned().unwrap_or(Value::Null);
            let pointer = pointer.as_str();
            assert_eq!(&got, expected, "{}: {pointer} in {out:#}", r.name);
        }
        // Defaulting is idempotent.
        assert_eq!(
            defaulted(&out),
            out,
            "{}: second pass changed the object",
            r.name
        );
    }
}

fn container(image: &str) -> Value {
    json!({"name": "c", "image": image})
}

fn template(spec_extra: Value) -> Value {
    let mut spec = json!({"containers": [container("nginx:1.27")]});
    if let (Some(s), Value::Object(extra)) = (spec.as_object_mut(), spec_extra) {
        s.extend(extra);
    }
    json!({"metadata": {"labels": {"app": "x"}}, "spec": spec})
}

const POD_SPEC_DEFAULTS: &[(&str, &str)] = &[
    ("/restartPolicy", "Always"),
    ("/dnsPolicy", "ClusterFirst"),
    ("/schedulerName", "default-scheduler"),
    (
        "/containers/0/terminationMessagePath",
        "/dev/termination-log",
    ),
    ("/containers/0/terminationMessagePolicy", "File"),
];

fn pod_spec_expectations(prefix: &'static str) -> Vec<(String, Value)> {
    let mut v: Vec<(String, Value)> = POD_SPEC_DEFAULTS
        .iter()
        .map(|(p, val)| (format!("{prefix}{p}"), json!(val)))
        .collect();
    v.push((format!("{prefix}/terminationGracePeriodSeconds"), json!(30)));
    v.push((format!("{prefix}/securityContext"), json!({})));
    v
}

#[test]
fn every_pod_template_gets_pod_spec_defaults() {
    let rows = [
        (
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"template": template(json!({}))}}),
            "/spec/template/spec",
        ),
        (
            json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "spec": {"template": template(json!({}))}}),
            "/spec/template/spec",
        ),
        (
            json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "spec": {"template": template(json!({}))}}),
            "/spec/template/spec",
        ),
        (
            json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "spec": {"template": template(json!({}))}}),
            "/spec/template/spec",
        ),
        (
            json!({"apiVersion": "batch/v1", "kind": "Job", "spec": {"template": template(json!({}))}}),
            "/spec/template/spec",
        ),
        (
            json!({"apiVersion": "batch/v1", "kind": "CronJob", "spec": {"jobTemplate": {"spec": {"template": template(json!({}))}}}}),
            "/spec/jobTemplate/spec/template/spec",
        ),
        (
            json!({"apiVersion": "v1", "kind": "Pod", "spec": template(json!({}))["spec"].clone()}),
            "/spec",
        ),
    ];
    for (input, prefix) in rows {
        let mut r = row("template", input, vec![]);
        r.name = prefix;
        r.expect = pod_spec_expectations(prefix);
        r.expect.push((
            format!("{prefix}/containers/0/imagePullPolicy"),
            json!("IfNotPresent"),
        ));
        check(vec![r]);
    }
}

#[test]
fn workload_defaults() {
    check(vec![
        row(
            "deployment",
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
                   "spec": {"template": template(json!({}))}}),
            vec![
                ("/metadata/namespace", json!("default")),
                ("/spec/replicas", json!(1)),
                ("/spec/strategy/type", json!("RollingUpdate")),
                ("/spec/strategy/rollingUpdate/maxUnavailable", json!("25%")),
                ("/spec/strategy/rollingUpdate/maxSurge", json!("25%")),
                ("/spec/revisionHistoryLimit", json!(10)),
                ("/spec/progressDeadlineSeconds", json!(600)),
                ("/spec/template/spec/restartPolicy", json!("Always")),
                // Pod-only defaults stay off templates.
                ("/spec/template/spec/enableServiceLinks", Value::Null),
            ],
        ),
        row(
            "deployment recreate gets no rollingUpdate",
            json!({"apiVersion": "apps/v1", "kind": "Deployment",
                   "spec": {"strategy": {"type": "Recreate"}, "template": template(json!({}))}}),
            vec![
                ("/spec/strategy/type", json!("Recreate")),
                ("/spec/strategy/rollingUpdate", Value::Null),
            ],
        ),
        row(
            "deployment partial rollingUpdate",
            json!({"apiVersion": "apps/v1", "kind": "Deployment",
                   "spec": {"strategy": {"rollingUpdate": {"maxSurge": 0}}}}),
            vec![
                ("/spec/strategy/type", json!("RollingUpdate")),
                ("/spec/strategy/rollingUpdate/maxSurge", json!(0)),
                ("/spec/strategy/rollingUpdate/maxUnavailable", json!("25%")),
            ],
        ),
        row(
            "replicaset",
            json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "spec": {"template": template(json!({}))}}),
            vec![
                ("/spec/replicas", json!(1)),
                ("/spec/template/spec/dnsPolicy", json!("ClusterFirst")),
            ],
        ),
        row(
            "daemonset",
            json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "spec": {"template": template(json!({}))}}),
            vec![
                ("/spec/updateStrategy/type", json!("RollingUpdate")),
                (
                    "/spec/updateStrategy/rollingUpdate/maxUnavailable",
                    json!(1),
                ),
                ("/spec/updateStrategy/rollingUpdate/maxSurge", json!(0)),
                ("/spec/revisionHistoryLimit", json!(10)),
                (
                    "/spec/template/spec/schedulerName",
                    json!("default-scheduler"),
                ),
            ],
        ),
        row(
            "daemonset on delete",
            json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "spec": {"updateStrategy": {"type": "OnDelete"}}}),
            vec![
                ("/spec/updateStrategy/type", json!("OnDelete")),
                ("/spec/updateStrategy/rollingUpdate", Value::Null),
            ],
        ),
        row(
            "statefulset",
            json!({"apiVersion": "apps/v1", "kind": "StatefulSet",
                   "spec": {"serviceName": "web", "template": template(json!({})),
                            "volumeClaimTemplates": [{"metadata": {"name": "data"},
                                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]}}),
            vec![
                ("/spec/replicas", json!(1)),
                ("/spec/podManagementPolicy", json!("OrderedReady")),
                ("/spec/updateStrategy/type", json!("RollingUpdate")),
                ("/spec/updateStrategy/rollingUpdate/partition", json!(0)),
                ("/spec/revisionHistoryLimit", json!(10)),
                (
                    "/spec/persistentVolumeClaimRetentionPolicy/whenDeleted",
                    json!("Retain"),
                ),
                (
                    "/spec/persistentVolumeClaimRetentionPolicy/whenScaled",
                    json!("Retain"),
                ),
                (
                    "/spec/volumeClaimTemplates/0/spec/volumeMode",
                    json!("Filesystem"),
                ),
                (
                    "/spec/volumeClaimTemplates/0/status/phase",
                    json!("Pending"),
                ),
                (
                    "/spec/volumeClaimTemplates/0/spec/resources/requests/storage",
                    json!("1Gi"),
                ),
                ("/spec/ordinals", Value::Null),
            ],
        ),
        row(
            "statefulset explicit RollingUpdate without block stays without one",
            json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "spec": {"updateStrategy": {"type": "RollingUpdate"}}}),
            vec![("/spec/updateStrategy/rollingUpdate", Value::Null)],
        ),
        row(
            "statefulset partial retention policy",
            json!({"apiVersion": "apps/v1", "kind": "StatefulSet",
                   "spec": {"persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Delete"},
                            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 2}}}}),
            vec![
                (
                    "/spec/persistentVolumeClaimRetentionPolicy/whenDeleted",
                    json!("Delete"),
                ),
                (
                    "/spec/persistentVolumeClaimRetentionPolicy/whenScaled",
                    json!("Retain"),
                ),
                ("/spec/updateStrategy/rollingUpdate/partition", json!(0)),
                (
                    "/spec/updateStrategy/rollingUpdate/maxUnavailable",
                    json!(2),
                ),
            ],
        ),
        row(
            "statefulset on delete",
            json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "spec": {"updateStrategy": {"type": "OnDelete"}}}),
            vec![
                ("/spec/updateStrategy/type", json!("OnDelete")),
                ("/spec/updateStrategy/rollingUpdate", Value::Null),
            ],
        ),
    ]);
}

#[test]
fn job_defaults() {
    let job = |spec: Value| json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": spec});
    check(vec![
        row(
            "job without completions or parallelism",
            job(json!({"template": template(json!({"restartPolicy": "Never"}))})),
            vec![
                ("/spec/completions", json!(1)),
                ("/spec/parallelism", json!(1)),
                ("/spec/backoffLimit", json!(6)),
                ("/spec/completionMode", json!("NonIndexed")),
                ("/spec/suspend", json!(false)),
                ("/spec/podReplacementPolicy", json!("TerminatingOrFailed")),
                ("/spec/manualSelector", json!(false)),
                ("/metadata/labels/app", json!("x")),
                ("/spec/template/spec/restartPolicy", json!("Never")),
            ],
        ),
        row(
            "job with completions only",
            job(json!({"completions": 5})),
            vec![
                ("/spec/completions", json!(5)),
                ("/spec/parallelism", json!(1)),
            ],
        ),
        row(
            "job with parallelism only keeps completions unset",
            job(json!({"parallelism": 3})),
            vec![
                ("/spec/completions", Value::Null),
                ("/spec/parallelism", json!(3)),
            ],
        ),
        row(
            "job with backoffLimitPerIndex",
            job(json!({"completionMode": "Indexed", "completions": 3, "backoffLimitPerIndex": 1})),
            vec![
                ("/spec/backoffLimit", json!(2147483647)),
                ("/spec/completionMode", json!("Indexed")),
            ],
        ),
        row(
            "job with podFailurePolicy",
            job(json!({"podFailurePolicy": {"rules": [
                {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]},
                {"action": "FailJob", "onPodConditions": [{"type": "ConfigIssue", "status": "False"}]}]}})),
            vec![
                ("/spec/podReplacementPolicy", json!("Failed")),
                (
                    "/spec/podFailurePolicy/rules/0/onPodConditions/0/status",
                    json!("True"),
                ),
                (
                    "/spec/podFailurePolicy/rules/1/onPodConditions/0/status",
                    json!("False"),
                ),
            ],
        ),
        row(
            "job keeps its own labels",
            json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"labels": {"own": "y"}},
                   "spec": {"template": template(json!({}))}}),
            vec![("/metadata/labels", json!({"own": "y"}))],
        ),
        row(
            "cronjob",
            json!({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"},
                   "spec": {"schedule": "*/5 * * * *", "jobTemplate": {"spec": {
                       "podFailurePolicy": {"rules": [{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}]},
                       "template": template(json!({"restartPolicy": "OnFailure"}))}}}}),
            vec![
                ("/metadata/namespace", json!("default")),
                ("/spec/concurrencyPolicy", json!("Allow")),
                ("/spec/suspend", json!(false)),
                ("/spec/successfulJobsHistoryLimit", json!(3)),
                ("/spec/failedJobsHistoryLimit", json!(1)),
                (
                    "/spec/jobTemplate/spec/template/spec/restartPolicy",
                    json!("OnFailure"),
                ),
                (
                    "/spec/jobTemplate/spec/template/spec/dnsPolicy",
                    json!("ClusterFirst"),
                ),
                (
                    "/spec/jobTemplate/spec/template/spec/containers/0/imagePullPolicy",
                    json!("IfNotPresent"),
                ),
                (
                    "/spec/jobTemplate/spec/podFailurePolicy/rules/0/onPodConditions/0/status",
                    json!("True"),
                ),
                // The Job defaults belong to the Job type, not to the CronJob's template.
                ("/spec/jobTemplate/spec/backoffLimit", Value::Null),
                ("/spec/jobTemplate/spec/completions", Value::Null),
                ("/spec/jobTemplate/spec/suspend", Value::Null),
            ],
        ),
    ]);
}

#[test]
fn pod_defaults() {
    let pod = |spec: Value| json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec});
    let mut bare = row(
        "bare pod",
        pod(json!({"containers": [container("nginx")]})),
        vec![
            ("/metadata/namespace", json!("default")),
            ("/spec/enableServiceLinks", json!(true)),
            ("/spec/containers/0/imagePullPolicy", json!("Always")),
        ],
    );
    bare.expect.extend(pod_spec_expectations("/spec"));
    check(vec![
        bare,
        row(
            "image pull policies",
            pod(
                json!({"containers": [container("nginx:latest"), container("nginx:1.27"),
                {"name": "d", "image": "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
                {"name": "n"}],
                "initContainers": [container("busybox")]}),
            ),
            vec![
                ("/spec/containers/0/imagePullPolicy", json!("Always")),
                ("/spec/containers/1/imagePullPolicy", json!("IfNotPresent")),
                ("/spec/containers/2/imagePullPolicy", json!("IfNotPresent")),
                ("/spec/containers/3/imagePullPolicy", json!("IfNotPresent")),
                ("/spec/initContainers/0/imagePullPolicy", json!("Always")),
                (
                    "/spec/initContainers/0/terminationMessagePolicy",
                    json!("File"),
                ),
            ],
        ),
        row(
            "ports probes and env",
            pod(json!({"containers": [{"name": "c", "image": "app:v1",
                "ports": [{"containerPort": 80}, {"containerPort": 53, "protocol": "UDP"}],
                "env": [{"name": "NODE", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}],
                "livenessProbe": {"httpGet": {"port": 80}},
                "readinessProbe": {"tcpSocket": {"port": "http"}, "periodSeconds": 5, "timeoutSeconds": 0},
                "startupProbe": {"grpc": {"port": 9090}}}]})),
            vec![
                ("/spec/containers/0/ports/0/protocol", json!("TCP")),
                ("/spec/containers/0/ports/0/hostPort", Value::Null),
                ("/spec/containers/0/ports/1/protocol", json!("UDP")),
                (
                    "/spec/containers/0/env/0/valueFrom/fieldRef/apiVersion",
                    json!("v1"),
                ),
                ("/spec/containers/0/livenessProbe/timeoutSeconds", json!(1)),
                ("/spec/containers/0/livenessProbe/periodSeconds", json!(10)),
                (
                    "/spec/containers/0/livenessProbe/successThreshold",
                    json!(1),
                ),
                (
                    "/spec/containers/0/livenessProbe/failureThreshold",
                    json!(3),
                ),
                (
                    "/spec/containers/0/livenessProbe/httpGet/scheme",
                    json!("HTTP"),
                ),
                ("/spec/containers/0/livenessProbe/httpGet/path", json!("/")),
                (
                    "/spec/containers/0/livenessProbe/initialDelaySeconds",
                    Value::Null,
                ),
                ("/spec/containers/0/readinessProbe/periodSeconds", json!(5)),
                ("/spec/containers/0/readinessProbe/timeoutSeconds", json!(1)),
                ("/spec/containers/0/startupProbe/grpc/service", json!("")),
            ],
        ),
        row(
            "requests copied from limits and rounded",
            pod(json!({"containers": [{"name": "c", "image": "a:1",
                "resources": {"limits": {"cpu": "500m", "memory": "128Mi"}, "requests": {"cpu": "0.1m"}}}],
                "initContainers": [{"name": "i", "image": "a:1", "resources": {"limits": {"cpu": 1}}}]})),
            vec![
                ("/spec/containers/0/resources/requests/cpu", json!("1m")),
                (
                    "/spec/containers/0/resources/requests/memory",
                    json!("128Mi"),
                ),
                ("/spec/containers/0/resources/limits/cpu", json!("500m")),
                ("/spec/initContainers/0/resources/requests/cpu", json!("1")),
            ],
        ),
        row(
            "host network ports",
            pod(
                json!({"hostNetwork": true, "containers": [{"name": "c", "image": "a:1",
                "ports": [{"containerPort": 8080}, {"containerPort": 9090, "hostPort": 9999}]}]}),
            ),
            vec![
                ("/spec/containers/0/ports/0/hostPort", json!(8080)),
                ("/spec/containers/0/ports/1/hostPort", json!(9999)),
            ],
        ),
        row(
            "volumes",
            pod(json!({"containers": [container("a:1")], "volumes": [
                {"name": "scratch"},
                {"name": "cfg", "configMap": {"name": "c"}},
                {"name": "sec", "secret": {"secretName": "s", "defaultMode": 256}},
                {"name": "host", "hostPath": {"path": "/var/log"}},
                {"name": "data", "persistentVolumeClaim": {"claimName": "d"}},
                {"name": "proj", "projected": {"sources": [{"serviceAccountToken": {"path": "t"}}]}}]})),
            vec![
                ("/spec/volumes/0/emptyDir", json!({})),
                ("/spec/volumes/1/configMap/defaultMode", json!(420)),
                ("/spec/volumes/2/secret/defaultMode", json!(256)),
                ("/spec/volumes/3/hostPath/type", json!("")),
                (
                    "/spec/volumes/4/persistentVolumeClaim",
                    json!({"claimName": "d"}),
                ),
                ("/spec/volumes/5/projected/defaultMode", json!(420)),
                (
                    "/spec/volumes/5/projected/sources/0/serviceAccountToken/expirationSeconds",
                    json!(3600),
                ),
            ],
        ),
    ]);
}

#[test]
fn core_defaults() {
    check(vec![
        row(
            "cluster ip service",
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
                   "spec": {"selector": {"app": "x"}, "ports": [{"port": 80}, {"port": 443, "targetPort": "https", "protocol": "TCP"}, {"port": 53, "targetPort": 0}]}}),
            vec![
                ("/metadata/namespace", json!("default")),
                ("/spec/type", json!("ClusterIP")),
                ("/spec/sessionAffinity", json!("None")),
                ("/spec/internalTrafficPolicy", json!("Cluster")),
                ("/spec/externalTrafficPolicy", Value::Null),
                ("/spec/ports/0/protocol", json!("TCP")),
                ("/spec/ports/0/targetPort", json!(80)),
                ("/spec/ports/1/targetPort", json!("https")),
                ("/spec/ports/2/targetPort", json!(53)),
                ("/spec/allocateLoadBalancerNodePorts", Value::Null),
            ],
        ),
        row(
            "headless service keeps clusterIP None",
            json!({"apiVersion": "v1", "kind": "Service", "spec": {"clusterIP": "None", "ports": [{"port": 5432}]}}),
            vec![
                ("/spec/clusterIP", json!("None")),
                ("/spec/type", json!("ClusterIP")),
            ],
        ),
        row(
            "load balancer service",
            json!({"apiVersion": "v1", "kind": "Service", "spec": {"type": "LoadBalancer", "sessionAffinity": "ClientIP"}}),
            vec![
                ("/spec/externalTrafficPolicy", json!("Cluster")),
                ("/spec/internalTrafficPolicy", json!("Cluster")),
                ("/spec/allocateLoadBalancerNodePorts", json!(true)),
                (
                    "/spec/sessionAffinityConfig/clientIP/timeoutSeconds",
                    json!(10800),
                ),
            ],
        ),
        row(
            "external name service",
            json!({"apiVersion": "v1", "kind": "Service", "spec": {"type": "ExternalName", "externalName": "example.com"}}),
            vec![
                ("/spec/internalTrafficPolicy", Value::Null),
                ("/spec/externalTrafficPolicy", Value::Null),
            ],
        ),
        row(
            "pvc",
            json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "c"},
                   "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}),
            vec![
                ("/metadata/namespace", json!("default")),
                ("/spec/volumeMode", json!("Filesystem")),
                ("/status/phase", json!("Pending")),
            ],
        ),
        row(
            "node is cluster-scoped and gets allocatable from capacity",
            json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n1"},
                   "status": {"capacity": {"cpu": "4", "memory": "8Gi", "pods": "110"}}}),
            vec![
                ("/metadata/namespace", Value::Null),
                ("/status/allocatable/cpu", json!("4")),
                ("/status/allocatable/memory", json!("8Gi")),
            ],
        ),
        row(
            "node keeps explicit allocatable",
            json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n1"},
                   "status": {"capacity": {"cpu": "4"}, "allocatable": {"cpu": "3800m"}}}),
            vec![("/status/allocatable/cpu", json!("3800m"))],
        ),
        row(
            "unstructured namespaced kind gets a namespace only",
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}),
            vec![
                ("/metadata/namespace", json!("default")),
                ("/data", Value::Null),
            ],
        ),
        row(
            "cluster-scoped unstructured kind",
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-a"}}),
            vec![("/metadata/namespace", Value::Null)],
        ),
        row(
            "custom resource is left alone",
            json!({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}}),
            vec![("/metadata/namespace", Value::Null)],
        ),
    ]);
}

/// Every field set explicitly to a non-default value must survive defaulting untouched.
#[test]
fn explicit_values_are_never_overwritten() {
    let explicit_pod_spec = json!({
        "restartPolicy": "OnFailure", "dnsPolicy": "Default", "schedulerName": "mine",
        "terminationGracePeriodSeconds": 5, "securityContext": {"runAsUser": 1000},
        "enableServiceLinks": false,
        "containers": [{"name": "c", "image": "nginx", "imagePullPolicy": "Never",
            "terminationMessagePath": "/tmp/log", "terminationMessagePolicy": "FallbackToLogsOnError",
            "ports": [{"containerPort": 80, "protocol": "SCTP"}],
            "resources": {"limits": {"cpu": "2"}, "requests": {"cpu": "1"}},
            "livenessProbe": {"httpGet": {"port": 80, "path": "/healthz", "scheme": "HTTPS"},
                "timeoutSeconds": 7, "periodSeconds": 8, "successThreshold": 2, "failureThreshold": 9},
            "startupProbe": {"grpc": {"port": 1, "service": "svc"}}}]
    });
    let inputs = vec![
        json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "team"},
               "spec": explicit_pod_spec.clone()}),
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"namespace": "team"},
               "spec": {"replicas": 0, "revisionHistoryLimit": 2, "progressDeadlineSeconds": 60,
                        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 3, "maxUnavailable": "10%"}},
                        "template": {"spec": explicit_pod_spec.clone()}}}),
        json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "spec": {"replicas": 4}}),
        json!({"apiVersion": "apps/v1", "kind": "DaemonSet",
               "spec": {"revisionHistoryLimit": 1,
                        "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "10%", "maxUnavailable": 0}}}}),
        json!({"apiVersion": "apps/v1", "kind": "StatefulSet",
               "spec": {"replicas": 3, "podManagementPolicy": "Parallel", "revisionHistoryLimit": 4,
                        "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 2}},
                        "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Delete", "whenScaled": "Delete"}}}),
        json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"labels": {"a": "b"}},
               "spec": {"completions": 4, "parallelism": 2, "backoffLimit": 1, "backoffLimitPerIndex": 2,
                        "completionMode": "Indexed", "suspend": true, "podReplacementPolicy": "Failed",
                        "manualSelector": true}}),
        json!({"apiVersion": "batch/v1", "kind": "CronJob",
               "spec": {"schedule": "@hourly", "concurrencyPolicy": "Forbid", "suspend": true,
                        "successfulJobsHistoryLimit": 0, "failedJobsHistoryLimit": 5}}),
        json!({"apiVersion": "v1", "kind": "Service",
               "spec": {"type": "NodePort", "sessionAffinity": "ClientIP",
                        "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 60}},
                        "externalTrafficPolicy": "Local", "internalTrafficPolicy": "Local",
                        "ports": [{"port": 80, "targetPort": 8080, "protocol": "UDP"}]}}),
        json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
               "spec": {"volumeMode": "Block"}, "status": {"phase": "Bound"}}),
    ];
    for input in inputs {
        let out = defaulted(&input);
        assert_subset(&input, &out, "");
    }
}

/// Asserts every leaf of `expected` appears unchanged in `actual`.
fn assert_subset(expected: &Value, actual: &Value, path: &str) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, v) in e {
                let child = a.get(k).unwrap_or(&Value::Null);
                assert_subset(v, child, &format!("{path}/{k}"));
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            assert_eq!(e.len(), a.len(), "{path}: length");
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                assert_subset(ev, av, &format!("{path}/{i}"));
            }
        }
        _ => assert_eq!(expected, actual, "{path} was overwritten"),
    }
}

#[test]
fn default_tolerations_are_added_once() {
    let mut pod = Pod::default();
    add_default_tolerations(&mut pod);
    add_default_tolerations(&mut pod);
    let tolerations = pod.spec.tolerations.unwrap_or_default();
    let keys: Vec<_> = tolerations
        .iter()
        .filter_map(|t| t.key.as_deref())
        .collect();
    assert_eq!(
        keys,
        [
            "node.kubernetes.io/not-ready",
            "node.kubernetes.io/unreachable"
        ]
    );
    assert!(tolerations
        .iter()
        .all(|t| t.toleration_seconds == Some(300) && t.effect.as_deref() == Some("NoExecute")));

    // A pod that tolerates everything gets nothing added.
    let mut tolerant = Pod::default();
    tolerant.spec.tolerations = Some(vec![Toleration {
        operator: Some("Exists".into()),
        ..Toleration::default()
    }]);
    add_default_tolerations(&mut tolerant);
    assert_eq!(tolerant.spec.tolerations.map(|t| t.len()), Some(1));
}

#[test]
fn apply_pod_defaults_sets_namespace_and_pod_only_fields() {
    let mut pod = Pod::default();
    pod.spec.containers.push(crate::api::container::Container {
        name: "c".into(),
        image: Some("nginx:1.27".into()),
        ..Default::default()
    });
    apply_pod_defaults(&mut pod);
    assert_eq!(pod.metadata.namespace.as_deref(), Some("default"));
    assert_eq!(pod.spec.enable_service_links, Some(true));
    let policy = pod
        .spec
        .containers
        .first()
        .and_then(|c| c.image_pull_policy.as_deref());
    assert_eq!(policy, Some("IfNotPresent"));
}
