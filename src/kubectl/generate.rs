//! The objects kubectl's generators build before sending them: `create deployment`,
//! `create job`, `create cronjob`, `create service`, `create namespace`,
//! `create configmap` and `run` (staging/src/k8s.io/kubectl/pkg/cmd/create/create_*.go
//! and pkg/cmd/run/run.go, `generatePod`).
//!
//! These are pure functions from the parsed flags to the object as JSON, with the keys
//! in the order of the Go structs' fields, so that `--dry-run=client -o json` prints
//! the same text as kubectl (`-o yaml` sorts the keys, as sigs.k8s.io/yaml does). Both
//! `c.kubectl` and an API handler build objects with them; nothing here reads the store.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

/// `create service TYPE NAME --tcp=PORT[:TARGET]...`
/// (staging/src/k8s.io/kubectl/pkg/cmd/create/create_service.go).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceSpec {
    pub name: String,
    /// ClusterIP, NodePort, LoadBalancer or ExternalName.
    pub type_: String,
    /// `--tcp=port[:targetPort]`, in the order given.
    pub tcp: Vec<(i32, i32)>,
    /// `--clusterip=None` makes a headless Service.
    pub cluster_ip: Option<String>,
    pub node_port: Option<i32>,
    /// `--external-name` for ExternalName Services.
    pub external_name: Option<String>,
}

/// What `create TYPE ...` or `run` builds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Generate {
    Deployment {
        name: String,
        /// (container name, image); kubectl derives the names from the images.
        containers: Vec<(String, String)>,
        replicas: i32,
        port: Option<i32>,
    },
    Job {
        name: String,
        image: String,
        command: Vec<String>,
    },
    CronJob {
        name: String,
        image: String,
        schedule: String,
        restart: String,
        command: Vec<String>,
    },
    Service(ServiceSpec),
    Namespace {
        name: String,
    },
    ConfigMap {
        name: String,
        data: BTreeMap<String, String>,
    },
    Pod(PodSpec),
}

/// `run NAME --image=IMAGE ...` as `generatePod` builds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodSpec {
    pub name: String,
    pub image: String,
    pub restart: String,
    /// `-l`; kubectl labels the pod `run=NAME` when none are given.
    pub labels: Vec<(String, String)>,
    pub port: Option<i32>,
    /// The words after `--`: the container's args, or its command with `--command`.
    pub args: Vec<String>,
    pub as_command: bool,
    pub stdin: bool,
    pub tty: bool,
}

/// The kind and resource name of what a generator builds, for messages.
impl Generate {
    pub fn kind(&self) -> &'static str {
        match self {
            Generate::Deployment { .. } => "Deployment",
            Generate::Job { .. } => "Job",
            Generate::CronJob { .. } => "CronJob",
            Generate::Service(_) => "Service",
            Generate::Namespace { .. } => "Namespace",
            Generate::ConfigMap { .. } => "ConfigMap",
            Generate::Pod(_) => "Pod",
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Generate::Deployment { name, .. }
            | Generate::Job { name, .. }
            | Generate::CronJob { name, .. }
            | Generate::Namespace { name }
            | Generate::ConfigMap { name, .. } => name,
            Generate::Service(s) => &s.name,
            Generate::Pod(p) => &p.name,
        }
    }
}

/// The container name kubectl derives from an image (`buildPodSpec` in
/// create_deployment.go): the last path segment without tag or digest. A name with `.`
/// or `_` gets them replaced by `-` and a random suffix, which the caller supplies.
pub fn container_name(image: &str, suffix: &mut dyn FnMut(&str) -> String) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let name = last.split(':').next().unwrap_or(last);
    let name = name.split('@').next().unwrap_or(name);
    if name.contains(['_', '.']) {
        suffix(&format!("{}-", name.replace(['_', '.'], "-")))
    } else {
        name.to_string()
    }
}

/// `metadata` in ObjectMeta's field order: name, namespace, creationTimestamp, labels.
fn meta(name: &str, namespace: Option<&str>, labels: Option<&BTreeMap<String, String>>) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(name));
    if let Some(ns) = namespace {
        m.insert("namespace".into(), json!(ns));
    }
    m.insert("creationTimestamp".into(), Value::Null);
    if let Some(labels) = labels {
        m.insert("labels".into(), json!(labels));
    }
    Value::Object(m)
}

/// One container in Container's field order: name, image, command, args, ports,
/// resources, stdin, stdinOnce, tty.
fn container(
    name: &str,
    image: &str,
    command: &[String],
    args: &[String],
    port: Option<i32>,
) -> Map<String, Value> {
    let mut c = Map::new();
    c.insert("name".into(), json!(name));
    c.insert("image".into(), json!(image));
    if !command.is_empty() {
        c.insert("command".into(), json!(command));
    }
    if !args.is_empty() {
        c.insert("args".into(), json!(args));
    }
    if let Some(p) = port {
        c.insert("ports".into(), json!([{"containerPort": p}]));
    }
    c.insert("resources".into(), json!({}));
    c
}

/// The object a generator builds, as kubectl prints it with `--dry-run=client -o json`.
/// `namespace` is set only when `-n` was given (kubectl's `EnforceNamespace`).
pub fn manifest(g: &Generate, namespace: Option<&str>) -> Value {
    match g {
        Generate::Deployment {
            name,
            containers,
            replicas,
            port,
        } => {
            let labels = BTreeMap::from([("app".to_string(), name.clone())]);
            let containers: Vec<Value> = containers
                .iter()
                .enumerate()
                .map(|(i, (cname, image))| {
                    Value::Object(container(cname, image, &[], &[], port.filter(|_| i == 0)))
                })
                .collect();
            json!({
                "kind": "Deployment",
                "apiVersion": "apps/v1",
                "metadata": meta(name, namespace, Some(&labels)),
                "spec": {
                    "replicas": replicas,
                    "selector": {"matchLabels": labels},
                    "template": {
                        "metadata": {"creationTimestamp": null, "labels": labels},
                        "spec": {"containers": containers}
                    },
                    "strategy": {}
                },
                "status": {}
            })
        }
        Generate::Job {
            name,
            image,
            command,
        } => json!({
            "kind": "Job",
            "apiVersion": "batch/v1",
            "metadata": meta(name, namespace, None),
            "spec": {"template": pod_template(name, image, command, "Never")},
            "status": {}
        }),
        Generate::CronJob {
            name,
            image,
            schedule,
            restart,
            command,
        } => json!({
            "kind": "CronJob",
            "apiVersion": "batch/v1",
            "metadata": meta(name, namespace, None),
            "spec": {
                "schedule": schedule,
                "jobTemplate": {
                    "metadata": meta(name, namespace, None),
                    "spec": {"template": pod_template(name, image, command, restart)}
                }
            },
            "status": {}
        }),
        Generate::Service(s) => service(s, namespace),
        Generate::Namespace { name } => json!({
            "kind": "Namespace",
            "apiVersion": "v1",
            "metadata": meta(name, None, None),
            "spec": {},
            "status": {}
        }),
        Generate::ConfigMap { name, data } => {
            let mut v = json!({
                "kind": "ConfigMap",
                "apiVersion": "v1",
                "metadata": meta(name, namespace, None),
            });
            if !data.is_empty() {
                v["data"] = json!(data);
            }
            v
        }
        Generate::Pod(p) => pod(p, namespace),
    }
}

/// A Job's pod template: one container named after the Job, with the command given.
fn pod_template(name: &str, image: &str, command: &[String], restart: &str) -> Value {
    json!({
        "metadata": {"creationTimestamp": null},
        "spec": {
            "containers": [Value::Object(container(name, image, command, &[], None))],
            "restartPolicy": restart
        }
    })
}

/// `create service`: a port per `--tcp`, named `PORT-TARGET` (or `PORT` when they are
/// equal), selecting `app=NAME`; a headless Service has no ports unless given.
fn service(s: &ServiceSpec, namespace: Option<&str>) -> Value {
    let labels = BTreeMap::from([("app".to_string(), s.name.clone())]);
    let ports: Vec<Value> = s
        .tcp
        .iter()
        .map(|(port, target)| {
            let name = if port == target {
                port.to_string()
            } else {
                format!("{port}-{target}")
            };
            let mut p = Map::new();
            p.insert("name".into(), json!(name));
            p.insert("protocol".into(), json!("TCP"));
            p.insert("port".into(), json!(port));
            p.insert("targetPort".into(), json!(target));
            if let Some(np) = s.node_port.filter(|_| s.type_ == "NodePort") {
                p.insert("nodePort".into(), json!(np));
            }
            Value::Object(p)
        })
        .collect();
    let mut spec = Map::new();
    if !ports.is_empty() {
        spec.insert("ports".into(), json!(ports));
    }
    if s.type_ != "ExternalName" {
        spec.insert("selector".into(), json!(labels));
    }
    if let Some(ip) = &s.cluster_ip {
        spec.insert("clusterIP".into(), json!(ip));
    }
    spec.insert("type".into(), json!(s.type_));
    if let Some(ext) = &s.external_name {
        spec.insert("externalName".into(), json!(ext));
    }
    json!({
        "kind": "Service",
        "apiVersion": "v1",
        "metadata": meta(&s.name, namespace, Some(&labels)),
        "spec": spec,
        "status": {"loadBalancer": {}}
    })
}

/// `run`: one container named after the pod, `dnsPolicy: ClusterFirst`, and stdin/tty
/// set for `-i`/`-t` (`stdinOnce` with `-i`, as kubectl attaches once).
fn pod(p: &PodSpec, namespace: Option<&str>) -> Value {
    let labels: BTreeMap<String, String> = if p.labels.is_empty() {
        BTreeMap::from([("run".to_string(), p.name.clone())])
    } else {
        p.labels.iter().cloned().collect()
    };
    let (command, args): (&[String], &[String]) = if p.as_command {
        (&p.args, &[])
    } else {
        (&[], &p.args)
    };
    let mut c = container(&p.name, &p.image, command, args, p.port);
    if p.stdin {
        c.insert("stdin".into(), json!(true));
        c.insert("stdinOnce".into(), json!(true));
    }
    if p.tty {
        c.insert("tty".into(), json!(true));
    }
    json!({
        "kind": "Pod",
        "apiVersion": "v1",
        "metadata": meta(&p.name, namespace, Some(&labels)),
        "spec": {
            "containers": [Value::Object(c)],
            "restartPolicy": p.restart,
            "dnsPolicy": "ClusterFirst"
        },
        "status": {}
    })
}

#[cfg(test)]
#[path = "generate_tests.rs"]
mod tests;
