//! The kubectl layer from the outside, as the simulator uses it: parse a line, print what
//! it asks for. Describe output is checked whole, alignment included.

use kubesim::api::Object;
use kubesim::kubectl::describe::{
    describe_deployment, describe_node, describe_pod, describe_replicaset,
};
use kubesim::kubectl::{parse, print_get, Command, ResourceType, Section};
use kubesim::sim::clock::{Duration, Time};
use kubesim::sim::events::{EventLog, EventType};
use serde_json::{json, Value};

fn now() -> Time {
    Time::DEFAULT_START.plus(Duration::seconds(300))
}

fn at(secs: i64) -> String {
    Time::DEFAULT_START
        .plus(Duration::seconds(secs))
        .to_rfc3339()
}

fn obj(v: Value) -> Object {
    Object::from_json(v).unwrap_or_else(|e| panic!("bad fixture: {e}"))
}

fn web_pod() -> Object {
    obj(json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "nginx-7854ff8877-b2x4k", "namespace": "default", "creationTimestamp": at(0),
                     "labels": {"app": "nginx", "pod-template-hash": "7854ff8877"},
                     "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "nginx-7854ff8877",
                                          "uid": "u1", "controller": true}]},
        "spec": {"nodeName": "kind-worker", "serviceAccountName": "default",
                 "containers": [{"name": "nginx", "image": "nginx:1.20", "ports": [{"containerPort": 80, "protocol": "TCP"}]}],
                 "tolerations": [
                     {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
                     {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}]},
        "status": {"phase": "Running", "hostIP": "172.18.0.3", "podIP": "10.244.1.2", "startTime": at(1),
                   "qosClass": "BestEffort",
                   "conditions": [{"type": "Initialized", "status": "True"}, {"type": "Ready", "status": "True"},
                                  {"type": "ContainersReady", "status": "True"}, {"type": "PodScheduled", "status": "True"}],
                   "containerStatuses": [{"name": "nginx", "ready": true, "restartCount": 0, "image": "nginx:1.20",
                                          "state": {"running": {"startedAt": at(6)}}}]},
    }))
}

fn events() -> EventLog {
    let mut log = EventLog::default();
    let t = |s| Time::DEFAULT_START.plus(Duration::seconds(s));
    log.record(
        t(1),
        EventType::Normal,
        "Scheduled",
        "pod/nginx-7854ff8877-b2x4k",
        "default",
        "Successfully assigned default/nginx-7854ff8877-b2x4k to kind-worker",
        "default-scheduler",
    );
    log.record(
        t(2),
        EventType::Normal,
        "Pulling",
        "pod/nginx-7854ff8877-b2x4k",
        "default",
        "Pulling image \"nginx:1.20\"",
        "kubelet",
    );
    log.record(
        t(0),
        EventType::Normal,
        "ScalingReplicaSet",
        "deployment/nginx",
        "default",
        "Scaled up replica set nginx-7854ff8877 from 0 to 3",
        "deployment-controller",
    );
    log.record(
        t(0),
        EventType::Normal,
        "SuccessfulCreate",
        "replicaset/nginx-7854ff8877",
        "default",
        "Created pod: nginx-7854ff8877-b2x4k",
        "replicaset-controller",
    );
    log.record(
        t(60),
        EventType::Normal,
        "SuccessfulCreate",
        "replicaset/nginx-7854ff8877",
        "default",
        "Created pod: nginx-7854ff8877-b2x4k",
        "replicaset-controller",
    );
    log
}

#[test]
fn describe_pod_matches_kubectl_layout() {
    let Object::Pod(pod) = web_pod() else {
        panic!("pod")
    };
    let text = describe_pod(&pod, events().all(), now());
    let expected = "\
Name:             nginx-7854ff8877-b2x4k
Namespace:        default
Priority:         0
Service Account:  default
Node:             kind-worker/172.18.0.3
Start Time:       Thu, 01 Jan 2026 00:00:01 +0000
Labels:           app=nginx
                  pod-template-hash=7854ff8877
Annotations:      <none>
Status:           Running
IP:               10.244.1.2
IPs:
  IP:           10.244.1.2
Controlled By:  ReplicaSet/nginx-7854ff8877
Containers:
  nginx:
    Image:          nginx:1.20
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Thu, 01 Jan 2026 00:00:06 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:         <none>
Conditions:
  Type              Status
  Initialized       True 
  Ready             True 
  ContainersReady   True 
  PodScheduled      True 
Volumes:            <none>
QoS Class:          BestEffort
Node-Selectors:     <none>
Tolerations:        node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                    node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age    From               Message
  ----    ------     ----   ----               -------
  Normal  Scheduled  4m59s  default-scheduler  Successfully assigned default/nginx-7854ff8877-b2x4k to kind-worker
  Normal  Pulling    4m58s  kubelet            Pulling image \"nginx:1.20\"
";
    assert_eq!(text, expected);
}

fn deployment() -> Object {
    obj(json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "nginx", "namespace": "default", "creationTimestamp": at(0), "generation": 1,
                     "labels": {"app": "nginx"}, "annotations": {"deployment.kubernetes.io/revision": "1"}},
        "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "nginx"}},
                 "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
                 "template": {"metadata": {"labels": {"app": "nginx"}},
                              "spec": {"containers": [{"name": "nginx", "image": "nginx:1.20",
                                                       "ports": [{"containerPort": 80}]}]}}},
        "status": {"observedGeneration": 1, "replicas": 3, "updatedReplicas": 3, "readyReplicas": 3,
                   "availableReplicas": 3,
                   "conditions": [
                       {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"},
                       {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"}]},
    }))
}

fn replicaset() -> Object {
    obj(json!({
        "apiVersion": "apps/v1", "kind": "ReplicaSet",
        "metadata": {"name": "nginx-7854ff8877", "namespace": "default", "creationTimestamp": at(0),
                     "labels": {"app": "nginx", "pod-template-hash": "7854ff8877"},
                     "annotations": {"deployment.kubernetes.io/revision": "1"},
                     "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "nginx",
                                          "uid": "d1", "controller": true}]},
        "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "nginx", "pod-template-hash": "7854ff8877"}},
                 "template": {"metadata": {"labels": {"app": "nginx", "pod-template-hash": "7854ff8877"}},
                              "spec": {"containers": [{"name": "nginx", "image": "nginx:1.20",
                                                       "ports": [{"containerPort": 80}]}]}}},
        "status": {"replicas": 3, "readyReplicas": 3, "availableReplicas": 3},
    }))
}

#[test]
fn describe_deployment_shows_strategy_template_conditions_and_replicasets() {
    let (Object::Deployment(d), Object::ReplicaSet(rs)) = (deployment(), replicaset()) else {
        panic!("fixtures")
    };
    let text = describe_deployment(&d, &[&rs], events().all(), now());
    let expected = "\
Name:                   nginx
Namespace:              default
CreationTimestamp:      Thu, 01 Jan 2026 00:00:00 +0000
Labels:                 app=nginx
Annotations:            deployment.kubernetes.io/revision: 1
Selector:               app=nginx
Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=nginx
  Containers:
   nginx:
    Image:         nginx:1.20
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  <none>
NewReplicaSet:   nginx-7854ff8877 (3/3 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  5m    deployment-controller  Scaled up replica set nginx-7854ff8877 from 0 to 3
";
    assert_eq!(text, expected);
}

#[test]
fn describe_replicaset_counts_pods_and_folds_repeated_events() {
    let (Object::ReplicaSet(rs), Object::Pod(pod)) = (replicaset(), web_pod()) else {
        panic!("fixtures")
    };
    let text = describe_replicaset(&rs, &[&pod], events().all(), now());
    assert!(
        text.starts_with("Name:           nginx-7854ff8877\nNamespace:      default\n"),
        "{text}"
    );
    assert!(
        text.contains("Controlled By:  Deployment/nginx\n"),
        "{text}"
    );
    assert!(
        text.contains("Pods Status:    1 Running / 0 Waiting / 0 Succeeded / 0 Failed\n"),
        "{text}"
    );
    assert!(
        text.ends_with("  Normal  SuccessfulCreate  4m (x2 over 5m)  replicaset-controller  Created pod: nginx-7854ff8877-b2x4k\n"),
        "{text}"
    );
}

#[test]
fn describe_node_lists_taints_pods_and_allocation() {
    let node = obj(json!({
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": "kind-control-plane", "creationTimestamp": at(0),
                     "labels": {"kubernetes.io/hostname": "kind-control-plane", "node-role.kubernetes.io/control-plane": ""}},
        "spec": {"taints": [{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]},
        "status": {"allocatable": {"cpu": "4", "memory": "16Gi", "pods": "110"},
                   "capacity": {"cpu": "4", "memory": "16Gi", "pods": "110"},
                   "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                                   "message": "kubelet is posting ready status",
                                   "lastHeartbeatTime": at(290), "lastTransitionTime": at(0)}],
                   "addresses": [{"type": "InternalIP", "address": "172.18.0.2"}],
                   "nodeInfo": {"kubeletVersion": "v1.36.0", "operatingSystem": "linux", "architecture": "amd64"}},
    }));
    let mut p = web_pod();
    if let Object::Pod(pod) = &mut p {
        pod.spec.containers[0].resources = serde_json::from_value(json!({
            "requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "256Mi"}}))
        .ok();
    }
    let (Object::Node(n), Object::Pod(pod)) = (node, p) else {
        panic!("fixtures")
    };
    let text = describe_node(&n, &[&pod], events().all(), now());
    assert!(
        text.starts_with(
            "Name:               kind-control-plane\nRoles:              control-plane\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("Taints:             node-role.kubernetes.io/control-plane:NoSchedule\n"),
        "{text}"
    );
    assert!(
        text.contains("Non-terminated Pods:          (1 in total)\n"),
        "{text}"
    );
    assert!(text.contains("100m (2%)"), "{text}");
    assert!(
        text.contains("  memory    128Mi (0%)  256Mi (1%)\n"),
        "{text}"
    );
    // One tabwriter for the whole describe: `Events:` joins the block of the table above.
    assert!(
        text.ends_with("  memory    128Mi (0%)  256Mi (1%)\nEvents:     <none>\n"),
        "{text}"
    );
}

#[test]
fn a_command_line_end_to_end() {
    let inv = parse("kubectl get pods -o wide").expect("parses");
    let Command::Get(get) = inv.command else {
        panic!("get")
    };
    let pods = [web_pod()];
    let text = print_get(
        &get,
        &[Section::objects(ResourceType::Pod, &pods)],
        now(),
        inv.namespace.as_deref().unwrap_or("default"),
    );
    assert_eq!(
        text,
        "\
NAME                     READY   STATUS    RESTARTS   AGE   IP           NODE          NOMINATED NODE   READINESS GATES
nginx-7854ff8877-b2x4k   1/1     Running   0          5m    10.244.1.2   kind-worker   <none>           <none>
"
    );
}
