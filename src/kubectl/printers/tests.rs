//! Snapshot-style tests: api objects in, kubectl's exact text out (column alignment included).

use serde_json::{json, Value};

use super::*;
use crate::kubectl::command::parse;
use crate::kubectl::Command;
use crate::sim::clock::Duration;
use crate::sim::events::{EventLog, EventType};

fn now() -> Time {
    Time::DEFAULT_START.plus(Duration::seconds(600))
}

/// An RFC 3339 time `secs` seconds before [`now`].
fn ago(secs: i64) -> String {
    Time(now().0 - secs * 1000).to_rfc3339()
}

fn obj(v: Value) -> Object {
    Object::from_json(v).unwrap_or_else(|e| panic!("bad fixture: {e}"))
}

fn pod(name: &str, status: Value) -> Object {
    pod_with(
        name,
        json!({"containers": [{"name": "app", "image": "nginx:1.20"}]}),
        status,
    )
}

fn pod_with(name: &str, spec: Value, status: Value) -> Object {
    obj(json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": "default", "creationTimestamp": ago(300),
                     "labels": {"app": "web"}},
        "spec": spec,
        "status": status,
    }))
}

fn running(ready: bool) -> Value {
    json!({"name": "app", "ready": ready, "restartCount": 0, "image": "nginx:1.20",
           "state": {"running": {"startedAt": ago(290)}}})
}

fn waiting(reason: &str, restarts: i32) -> Value {
    json!({"name": "app", "ready": false, "restartCount": restarts, "image": "nginx:1.20",
           "state": {"waiting": {"reason": reason}}})
}

fn every_pod_status() -> Vec<Object> {
    let mut crash = waiting("CrashLoopBackOff", 3);
    crash["lastState"] =
        json!({"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": ago(45)}});
    vec![
        pod(
            "i-imagepull",
            json!({"phase": "Pending", "containerStatuses": [waiting("ImagePullBackOff", 0)]}),
        ),
        pod("a-pending", json!({"phase": "Pending"})),
        pod(
            "b-creating",
            json!({"phase": "Pending", "containerStatuses": [waiting("ContainerCreating", 0)]}),
        ),
        pod(
            "c-running",
            json!({"phase": "Running", "containerStatuses": [running(true)]}),
        ),
        pod(
            "d-crashloop",
            json!({"phase": "Running", "containerStatuses": [crash]}),
        ),
        pod(
            "e-completed",
            json!({"phase": "Succeeded", "containerStatuses": [{
            "name": "app", "ready": false, "restartCount": 0, "image": "busybox",
            "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}),
        ),
        pod(
            "f-error",
            json!({"phase": "Failed", "containerStatuses": [{
            "name": "app", "ready": false, "restartCount": 0, "image": "busybox",
            "state": {"terminated": {"exitCode": 1, "reason": "Error"}}}]}),
        ),
        {
            let mut p = pod(
                "g-terminating",
                json!({"phase": "Running", "containerStatuses": [running(true)]}),
            );
            p.metadata_mut().deletion_timestamp = Some(ago(5));
            p
        },
        pod_with(
            "h-init",
            json!({"initContainers": [{"name": "setup", "image": "busybox"}],
                   "containers": [{"name": "app", "image": "nginx"}]}),
            json!({"phase": "Pending",
                   "initContainerStatuses": [{"name": "setup", "ready": false, "restartCount": 0, "image": "busybox",
                                              "state": {"running": {}}}],
                   "containerStatuses": [waiting("PodInitializing", 0)]}),
        ),
        pod(
            "j-noexitreason",
            json!({"phase": "Failed", "containerStatuses": [{
            "name": "app", "ready": false, "restartCount": 0, "image": "busybox",
            "state": {"terminated": {"exitCode": 137}}}]}),
        ),
    ]
}

#[test]
fn pods_in_every_status() {
    let ctx = PrintContext::new(now(), "default");
    let expected = "\
NAME             READY   STATUS              RESTARTS      AGE
a-pending        0/1     Pending             0             5m
b-creating       0/1     ContainerCreating   0             5m
c-running        1/1     Running             0             5m
d-crashloop      0/1     CrashLoopBackOff    3 (45s ago)   5m
e-completed      0/1     Completed           0             5m
f-error          0/1     Error               0             5m
g-terminating    1/1     Terminating         0             5m
h-init           0/1     Init:0/1            0             5m
i-imagepull      0/1     ImagePullBackOff    0             5m
j-noexitreason   0/1     ExitCode:137        0             5m
";
    assert_eq!(
        print_table(ResourceType::Pod, &every_pod_status(), &ctx),
        expected
    );
}

#[test]
fn init_container_failures_and_sidecars() {
    let spec = json!({"initContainers": [{"name": "setup", "image": "busybox"}],
                      "containers": [{"name": "app", "image": "nginx"}]});
    let failed = pod_with(
        "a",
        spec.clone(),
        json!({"phase": "Pending", "initContainerStatuses": [{
        "name": "setup", "ready": false, "restartCount": 2, "image": "busybox",
        "state": {"terminated": {"exitCode": 1, "reason": "Error"}}}]}),
    );
    let backoff = pod_with(
        "b",
        spec,
        json!({"phase": "Pending", "initContainerStatuses": [{
        "name": "setup", "ready": false, "restartCount": 2, "image": "busybox",
        "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}),
    );
    let sidecar = pod_with(
        "c",
        json!({"initContainers": [{"name": "proxy", "image": "envoy", "restartPolicy": "Always"}],
               "containers": [{"name": "app", "image": "nginx"}]}),
        json!({"phase": "Running",
               "conditions": [{"type": "Initialized", "status": "True"}, {"type": "Ready", "status": "True"}],
               "initContainerStatuses": [{"name": "proxy", "ready": true, "started": true, "restartCount": 1,
                                          "image": "envoy", "state": {"running": {}}}],
               "containerStatuses": [running(true)]}),
    );
    let now = now();
    let s = |o: &Object| match o {
        Object::Pod(p) => pods::summarize(p, now),
        _ => panic!("not a pod"),
    };
    assert_eq!(
        (
            s(&failed).ready.as_str(),
            s(&failed).status.as_str(),
            s(&failed).restarts.as_str()
        ),
        ("0/1", "Init:Error", "2")
    );
    assert_eq!(s(&backoff).status, "Init:CrashLoopBackOff");
    assert_eq!(
        (
            s(&sidecar).ready.as_str(),
            s(&sidecar).status.as_str(),
            s(&sidecar).restarts.as_str()
        ),
        ("2/2", "Running", "1")
    );
}

#[test]
fn pods_wide_show_ip_node_and_the_empty_columns() {
    let mut p = pod(
        "web-0",
        json!({"phase": "Running", "podIP": "10.244.1.5", "containerStatuses": [running(true)]}),
    );
    if let Object::Pod(pp) = &mut p {
        pp.spec.node_name = Some("kind-worker".into());
    }
    let pending = pod("web-1", json!({"phase": "Pending"}));
    let ctx = PrintContext {
        wide: true,
        ..PrintContext::new(now(), "default")
    };
    let expected = "\
NAME    READY   STATUS    RESTARTS   AGE   IP           NODE          NOMINATED NODE   READINESS GATES
web-0   1/1     Running   0          5m    10.244.1.5   kind-worker   <none>           <none>
web-1   0/1     Pending   0          5m    <none>       <none>        <none>           <none>
";
    assert_eq!(
        print_table(ResourceType::Pod, &[pending, p], &ctx),
        expected
    );
}

fn deployment() -> Object {
    obj(json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "nginx", "namespace": "default", "creationTimestamp": ago(600)},
        "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "nginx"}},
                 "template": {"metadata": {"labels": {"app": "nginx"}},
                              "spec": {"containers": [{"name": "nginx", "image": "nginx:1.20"}]}}},
        "status": {"replicas": 4, "updatedReplicas": 1, "readyReplicas": 3, "availableReplicas": 3},
    }))
}

fn replicaset(name: &str, hash: &str, desired: i32, ready: i32) -> Object {
    obj(json!({
        "apiVersion": "apps/v1", "kind": "ReplicaSet",
        "metadata": {"name": name, "namespace": "default", "creationTimestamp": ago(600),
                     "annotations": {"deployment.kubernetes.io/revision": "1"}},
        "spec": {"replicas": desired,
                 "selector": {"matchLabels": {"app": "nginx", "pod-template-hash": hash}},
                 "template": {"metadata": {"labels": {"app": "nginx", "pod-template-hash": hash}},
                              "spec": {"containers": [{"name": "nginx", "image": "nginx:1.20"}]}}},
        "status": {"replicas": desired, "readyReplicas": ready},
    }))
}

#[test]
fn deployments_and_replicasets() {
    let ctx = PrintContext::new(now(), "default");
    assert_eq!(
        print_table(ResourceType::Deployment, &[deployment()], &ctx),
        "NAME    READY   UP-TO-DATE   AVAILABLE   AGE\nnginx   3/3     1            3           10m\n"
    );
    let wide = PrintContext {
        wide: true,
        ..ctx.clone()
    };
    assert_eq!(
        print_table(ResourceType::Deployment, &[deployment()], &wide),
        "\
NAME    READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR
nginx   3/3     1            3           10m   nginx        nginx:1.20   app=nginx
"
    );
    let rss = [
        replicaset("nginx-7854ff8877", "7854ff8877", 3, 3),
        replicaset("nginx-5d59d67564", "5d59d67564", 1, 0),
    ];
    assert_eq!(
        print_table(ResourceType::ReplicaSet, &rss, &ctx),
        "\
NAME               DESIRED   CURRENT   READY   AGE
nginx-5d59d67564   1         1         0       10m
nginx-7854ff8877   3         3         3       10m
"
    );
    assert_eq!(
        print_table(ResourceType::ReplicaSet, &rss[..1], &wide),
        "\
NAME               DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES       SELECTOR
nginx-7854ff8877   3         3         3       10m   nginx        nginx:1.20   app=nginx,pod-template-hash=7854ff8877
"
    );
}

#[test]
fn statefulsets_daemonsets_jobs_cronjobs() {
    let ctx = PrintContext::new(now(), "default");
    let sts = obj(json!({"apiVersion": "apps/v1", "kind": "StatefulSet",
        "metadata": {"name": "mysql", "creationTimestamp": ago(120)},
        "spec": {"replicas": 3, "serviceName": "mysql", "template": {"spec": {"containers": [{"name": "mysql", "image": "mysql:8.0"}]}}},
        "status": {"replicas": 2, "readyReplicas": 2}}));
    assert_eq!(
        print_table(ResourceType::StatefulSet, &[sts], &ctx),
        "NAME    READY   AGE\nmysql   2/3     2m\n"
    );

    let ds = obj(json!({"apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "node-exporter", "creationTimestamp": ago(3600)},
        "spec": {"selector": {"matchLabels": {"app": "node-exporter"}},
                 "template": {"spec": {"nodeSelector": {"kubernetes.io/os": "linux"},
                              "containers": [{"name": "node-exporter", "image": "prom/node-exporter:latest"}]}}},
        "status": {"desiredNumberScheduled": 4, "currentNumberScheduled": 4, "numberReady": 3,
                   "updatedNumberScheduled": 4, "numberAvailable": 3, "numberMisscheduled": 0}}));
    assert_eq!(
        print_table(ResourceType::DaemonSet, &[ds], &ctx),
        "\
NAME            DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE
node-exporter   4         4         3       4            3           kubernetes.io/os=linux   60m
"
    );

    let done = obj(json!({"apiVersion": "batch/v1", "kind": "Job",
        "metadata": {"name": "data-processing", "creationTimestamp": ago(300)},
        "spec": {"completions": 5, "parallelism": 2, "template": {"spec": {"containers": [{"name": "p", "image": "busybox"}]}}},
        "status": {"succeeded": 5, "startTime": ago(300), "completionTime": ago(180),
                   "conditions": [{"type": "Complete", "status": "True"}]}}));
    let active = obj(json!({"apiVersion": "batch/v1", "kind": "Job",
        "metadata": {"name": "backup-29000000", "creationTimestamp": ago(30)},
        "spec": {"parallelism": 3, "template": {"spec": {"containers": [{"name": "b", "image": "busybox"}]}}},
        "status": {"active": 1, "startTime": ago(30)}}));
    let waiting_job = obj(json!({"apiVersion": "batch/v1", "kind": "Job",
        "metadata": {"name": "later", "creationTimestamp": ago(1)},
        "spec": {"suspend": true, "template": {"spec": {"containers": [{"name": "b", "image": "busybox"}]}}},
        "status": {"conditions": [{"type": "Suspended", "status": "True"}]}}));
    assert_eq!(
        print_table(ResourceType::Job, &[done, active, waiting_job], &ctx),
        "\
NAME              STATUS      COMPLETIONS   DURATION   AGE
backup-29000000   Running     0/1 of 3      30s        30s
data-processing   Complete    5/5           2m         5m
later             Suspended   0/1                      1s
"
    );

    let cj = obj(json!({"apiVersion": "batch/v1", "kind": "CronJob",
        "metadata": {"name": "backup", "creationTimestamp": ago(7200)},
        "spec": {"schedule": "0 2 * * *", "suspend": false,
                 "jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "b", "image": "busybox"}]}}}}},
        "status": {"lastScheduleTime": ago(90), "active": [{"name": "backup-1"}]}}));
    let tz = obj(json!({"apiVersion": "batch/v1", "kind": "CronJob",
        "metadata": {"name": "report", "creationTimestamp": ago(7200)},
        "spec": {"schedule": "@hourly", "timeZone": "Asia/Seoul",
                 "jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "r", "image": "busybox"}]}}}}}}));
    assert_eq!(
        print_table(ResourceType::CronJob, &[tz, cj], &ctx),
        "\
NAME     SCHEDULE    TIMEZONE     SUSPEND   ACTIVE   LAST SCHEDULE   AGE
backup   0 2 * * *   <none>       False     1        90s             120m
report   @hourly     Asia/Seoul   <unset>   0        <none>          120m
"
    );
}

fn node(name: &str, ready: &str, control_plane: bool, unschedulable: bool) -> Object {
    let mut labels = json!({"kubernetes.io/hostname": name, "kubernetes.io/os": "linux"});
    if control_plane {
        labels["node-role.kubernetes.io/control-plane"] = json!("");
    }
    obj(json!({"apiVersion": "v1", "kind": "Node",
        "metadata": {"name": name, "labels": labels, "creationTimestamp": ago(600)},
        "spec": {"unschedulable": unschedulable},
        "status": {"conditions": [{"type": "Ready", "status": ready}],
                   "addresses": [{"type": "InternalIP", "address": "172.18.0.2"}, {"type": "Hostname", "address": name}],
                   "nodeInfo": {"kubeletVersion": "v1.36.0", "osImage": "Debian GNU/Linux 12 (bookworm)",
                                "kernelVersion": "6.8.0", "containerRuntimeVersion": "containerd://2.1.0"}}}))
}

#[test]
fn nodes_with_roles_and_scheduling_disabled() {
    let nodes = [
        node("kind-worker", "True", false, true),
        node("kind-control-plane", "True", true, false),
        node("kind-worker2", "False", false, false),
    ];
    let ctx = PrintContext::new(now(), "default");
    assert_eq!(
        print_table(ResourceType::Node, &nodes, &ctx),
        "\
NAME                 STATUS                     ROLES           AGE   VERSION
kind-control-plane   Ready                      control-plane   10m   v1.36.0
kind-worker          Ready,SchedulingDisabled   <none>          10m   v1.36.0
kind-worker2         NotReady                   <none>          10m   v1.36.0
"
    );
    let wide = PrintContext { wide: true, ..ctx };
    assert_eq!(
        print_table(ResourceType::Node, &nodes[1..2], &wide),
        "\
NAME                 STATUS   ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME
kind-control-plane   Ready    control-plane   10m   v1.36.0   172.18.0.2    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0            containerd://2.1.0
"
    );
}

#[test]
fn services_and_claims() {
    let ctx = PrintContext::new(now(), "default");
    let svcs = [
        obj(
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "mysql", "creationTimestamp": ago(60)},
                   "spec": {"clusterIP": "None", "selector": {"app": "mysql"}, "ports": [{"port": 3306}]}}),
        ),
        obj(
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "creationTimestamp": ago(60)},
                   "spec": {"type": "NodePort", "clusterIP": "10.96.12.7", "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"}]}}),
        ),
        obj(
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "lb", "creationTimestamp": ago(60)},
                   "spec": {"type": "LoadBalancer", "clusterIP": "10.96.0.20", "ports": [{"port": 443, "nodePort": 31443}]}}),
        ),
    ];
    assert_eq!(
        print_table(ResourceType::Service, &svcs, &ctx),
        "\
NAME    TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)         AGE
lb      LoadBalancer   10.96.0.20   <pending>     443:31443/TCP   60s
mysql   ClusterIP      None         <none>        3306/TCP        60s
web     NodePort       10.96.12.7   <none>        80:30080/TCP    60s
"
    );
    let bound = obj(json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
        "metadata": {"name": "data-mysql-0", "creationTimestamp": ago(60)},
        "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "standard", "volumeName": "pvc-1a2b",
                 "resources": {"requests": {"storage": "10Gi"}}},
        "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "10Gi"}}}));
    let pending = obj(json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
        "metadata": {"name": "data-mysql-1", "creationTimestamp": ago(5)},
        "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "standard",
                 "resources": {"requests": {"storage": "10Gi"}}},
        "status": {"phase": "Pending"}}));
    assert_eq!(
        print_table(ResourceType::PersistentVolumeClaim, &[pending, bound], &ctx),
        "\
NAME           STATUS    VOLUME     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
data-mysql-0   Bound     pvc-1a2b   10Gi       RWO            standard       <unset>                 60s
data-mysql-1   Pending                                        standard       <unset>                 5s
"
    );
}

fn event_log() -> EventLog {
    let mut log = EventLog::default();
    let t = |s: i64| Time(now().0 - s * 1000);
    log.record(
        t(50),
        EventType::Normal,
        "SuccessfulCreate",
        "replicaset/web-7d9f",
        "default",
        "Created pod: web-7d9f-b2x4k",
        "replicaset-controller",
    );
    log.record(
        t(49),
        EventType::Normal,
        "Scheduled",
        "pod/web-7d9f-b2x4k",
        "default",
        "Successfully assigned default/web-7d9f-b2x4k to kind-worker",
        "default-scheduler",
    );
    log.record(
        t(40),
        EventType::Warning,
        "BackOff",
        "pod/web-7d9f-b2x4k",
        "default",
        "Back-off restarting failed container app in pod web-7d9f-b2x4k_default(uid)",
        "kubelet",
    );
    log.record(
        t(20),
        EventType::Warning,
        "BackOff",
        "pod/web-7d9f-b2x4k",
        "default",
        "Back-off restarting failed container app in pod web-7d9f-b2x4k_default(uid)",
        "kubelet",
    );
    log.record(
        t(55),
        EventType::Normal,
        "ScalingReplicaSet",
        "deployment/web",
        "default",
        "Scaled up replica set web-7d9f from 0 to 1",
        "deployment-controller",
    );
    log
}

#[test]
fn events_are_listed_by_object_name_then_time() {
    // Event names are `<object name>.<hex nanos>`: `web-7d9f-b2x4k.` sorts before
    // `web-7d9f.` ('-' < '.'), which sorts before `web.`; the two BackOffs fold into one.
    let log = event_log();
    let get = match parse("get events").map(|i| i.command) {
        Ok(Command::Get(g)) => g,
        other => panic!("{other:?}"),
    };
    let text = print_get(&get, &[Section::events(log.all())], now(), "default");
    assert_eq!(
        text,
        "\
LAST SEEN   TYPE      REASON              OBJECT                MESSAGE
49s         Normal    Scheduled           pod/web-7d9f-b2x4k    Successfully assigned default/web-7d9f-b2x4k to kind-worker
20s         Warning   BackOff             pod/web-7d9f-b2x4k    Back-off restarting failed container app in pod web-7d9f-b2x4k_default(uid)
50s         Normal    SuccessfulCreate    replicaset/web-7d9f   Created pod: web-7d9f-b2x4k
55s         Normal    ScalingReplicaSet   deployment/web        Scaled up replica set web-7d9f from 0 to 1
"
    );
}

#[test]
fn events_wide_adds_source_count_and_name() {
    let mut log = EventLog::default();
    log.record(
        Time(now().0 - 30_000),
        EventType::Normal,
        "Pulled",
        "pod/a",
        "default",
        "Container image pulled",
        "kubelet",
    );
    let ctx = PrintContext {
        wide: true,
        ..PrintContext::new(now(), "default")
    };
    let text = print_tables(&[Section::events(log.all())], &ctx);
    let expected = format!(
        "\
LAST SEEN   TYPE     REASON   OBJECT   SUBOBJECT   SOURCE    MESSAGE                  FIRST SEEN   COUNT   NAME
30s         Normal   Pulled   pod/a                kubelet   Container image pulled   30s          1       a.{:x}
",
        i128::from(now().0 - 30_000) * 1_000_000
    );
    assert_eq!(text, expected);
}

fn get_of(line: &str) -> Get {
    match parse(line).map(|i| i.command) {
        Ok(Command::Get(g)) => g,
        other => panic!("{line}: {other:?}"),
    }
}

#[test]
fn get_all_prints_one_table_per_type_with_kind_prefixes() {
    let pods = [pod(
        "web-7d9f-b2x4k",
        json!({"phase": "Running", "containerStatuses": [running(true)]}),
    )];
    let deploys = [deployment()];
    let rss = [replicaset("nginx-7854ff8877", "7854ff8877", 3, 3)];
    let empty: [Object; 0] = [];
    let sections = [
        Section::objects(ResourceType::Pod, &pods),
        Section::objects(ResourceType::Service, &empty),
        Section::objects(ResourceType::Deployment, &deploys),
        Section::objects(ResourceType::ReplicaSet, &rss),
    ];
    let text = print_get(&get_of("get all"), &sections, now(), "default");
    assert_eq!(
        text,
        "\
NAME                 READY   STATUS    RESTARTS   AGE
pod/web-7d9f-b2x4k   1/1     Running   0          5m

NAME                    READY   UP-TO-DATE   AVAILABLE   AGE
deployment.apps/nginx   3/3     1            3           10m

NAME                               DESIRED   CURRENT   READY   AGE
replicaset.apps/nginx-7854ff8877   3         3         3       10m
"
    );
}

#[test]
fn nothing_found_messages() {
    let empty: [Object; 0] = [];
    let ctx = PrintContext::new(now(), "default");
    assert_eq!(
        print_table(ResourceType::Pod, &empty, &ctx),
        "No resources found in default namespace.\n"
    );
    let all_ns = PrintContext {
        all_namespaces: true,
        ..ctx.clone()
    };
    assert_eq!(
        print_table(ResourceType::Pod, &empty, &all_ns),
        "No resources found\n"
    );
    assert_eq!(
        print_table(ResourceType::Node, &empty, &ctx),
        "No resources found\n"
    );
    let prod = PrintContext::new(now(), "prod");
    assert_eq!(
        print_table(ResourceType::Deployment, &empty, &prod),
        "No resources found in prod namespace.\n"
    );
}

#[test]
fn all_namespaces_and_show_labels_decorate_the_table() {
    let mut other = pod(
        "api-0",
        json!({"phase": "Running", "containerStatuses": [running(true)]}),
    );
    other.metadata_mut().namespace = Some("kube-system".into());
    other.metadata_mut().labels = None;
    let pods = [
        pod(
            "web-0",
            json!({"phase": "Running", "containerStatuses": [running(true)]}),
        ),
        other,
    ];
    let text = print_get(
        &get_of("get pods -A --show-labels"),
        &[Section::objects(ResourceType::Pod, &pods)],
        now(),
        "default",
    );
    assert_eq!(
        text,
        "\
NAMESPACE     NAME    READY   STATUS    RESTARTS   AGE   LABELS
default       web-0   1/1     Running   0          5m    app=web
kube-system   api-0   1/1     Running   0          5m    <none>
"
    );
}

#[test]
fn output_name_yaml_json() {
    let deploys = [deployment()];
    let section = [Section::objects(ResourceType::Deployment, &deploys)];
    assert_eq!(
        print_get(&get_of("get deploy -o name"), &section, now(), "default"),
        "deployment.apps/nginx\n"
    );

    let single = print_get(
        &get_of("get deploy nginx -o yaml"),
        &section,
        now(),
        "default",
    );
    assert!(
        single
            .starts_with("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  creationTimestamp:"),
        "{single}"
    );
    assert!(
        single
            .contains("\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: nginx\n"),
        "{single}"
    );

    let list = print_get(&get_of("get deploy -o yaml"), &section, now(), "default");
    assert!(
        list.starts_with("apiVersion: v1\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n"),
        "{list}"
    );
    assert!(
        list.ends_with("kind: List\nmetadata:\n  resourceVersion: \"\"\n"),
        "{list}"
    );

    let empty: [Object; 0] = [];
    let none = print_get(
        &get_of("get pods -o yaml"),
        &[Section::objects(ResourceType::Pod, &empty)],
        now(),
        "default",
    );
    assert_eq!(
        none,
        "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n"
    );

    let json_text = print_get(
        &get_of("get deploy nginx -o json"),
        &section,
        now(),
        "default",
    );
    assert!(json_text.starts_with("{\n    \"apiVersion\": \"apps/v1\",\n    \"kind\": \"Deployment\",\n    \"metadata\": {\n        \"creationTimestamp\""), "{json_text}");
    let back: Value = serde_json::from_str(&json_text).expect("valid json");
    assert_eq!(back["status"]["readyReplicas"], json!(3));
}

#[test]
fn objects_without_type_meta_get_it_in_structured_output() {
    let mut d = deployment();
    if let Object::Deployment(dd) = &mut d {
        dd.api_version.clear();
        dd.kind.clear();
    }
    let v = object_json(&d);
    assert_eq!(
        (v["apiVersion"].as_str(), v["kind"].as_str()),
        (Some("apps/v1"), Some("Deployment"))
    );
}
