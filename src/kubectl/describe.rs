//! `kubectl describe` for pods, deployments, replicasets and nodes, after the describers
//! in staging/src/k8s.io/kubectl/pkg/describe/describe.go (`PodDescriber`,
//! `DeploymentDescriber`, `ReplicaSetDescriber`, `NodeDescriber`, `DescribePodTemplate`,
//! `DescribeEvents`).
//!
//! kubectl writes one describe through a single tabwriter (padding 2) with indentation
//! levels of two spaces; so do we ([`tabwrite`]). Fields kubesim does not model (container
//! IDs, image IDs, the service-account token volume) are left out rather than invented.
//! Each describer takes the related objects the simulator already has (a deployment's
//! ReplicaSets, a ReplicaSet's pods, a node's pods) and the whole event log, from which it
//! picks the events of the described object.

use std::collections::BTreeMap;

use super::format::{binary_bytes, format_label_selector, format_labels, timestamp};
use super::printers::nodes::{node_address, node_info, node_roles};
use super::table::{tabwrite, HISTORY_PADDING};
use crate::api::affinity::Toleration;
use crate::api::container::{Container, ContainerPort};
use crate::api::deployment::Deployment;
use crate::api::meta::ObjectMeta;
use crate::api::node::Node;
use crate::api::pod::{ContainerState, ContainerStatus, Pod, PodTemplateSpec};
use crate::api::quantity::Quantity;
use crate::api::replicaset::ReplicaSet;
use crate::sim::clock::Time;
use crate::sim::events::Event;

/// Builds describe text with kubectl's indentation levels (`LEVEL_0` .. `LEVEL_3`).
struct Writer {
    buf: String,
}

impl Writer {
    fn new() -> Writer {
        Writer { buf: String::new() }
    }

    fn line(&mut self, level: usize, text: &str) {
        self.buf.push_str(&"  ".repeat(level));
        self.buf.push_str(text);
        self.buf.push('\n');
    }

    fn finish(self) -> String {
        tabwrite(&self.buf, HISTORY_PADDING)
    }
}

/// `printLabelsMultiline`: the first pair after the title, the rest on following lines.
fn labels_multiline(
    w: &mut Writer,
    level: usize,
    title: &str,
    labels: Option<&BTreeMap<String, String>>,
) {
    match labels.filter(|l| !l.is_empty()) {
        None => w.line(level, &format!("{title}:\t<none>")),
        Some(l) => {
            for (i, (k, v)) in l.iter().enumerate() {
                if i == 0 {
                    w.line(level, &format!("{title}:\t{k}={v}"));
                } else {
                    w.line(level, &format!("\t{k}={v}"));
                }
            }
        }
    }
}

/// `printAnnotationsMultiline`: `key: value` pairs, one per line.
fn annotations_multiline(
    w: &mut Writer,
    level: usize,
    annotations: Option<&BTreeMap<String, String>>,
) {
    match annotations.filter(|a| !a.is_empty()) {
        None => w.line(level, "Annotations:\t<none>"),
        Some(a) => {
            for (i, (k, v)) in a.iter().enumerate() {
                let title = if i == 0 { "Annotations:" } else { "" };
                w.line(level, &format!("{title}\t{k}: {v}"));
            }
        }
    }
}

/// Labels then Annotations, as every describer prints them after its header.
fn labels_and_annotations(w: &mut Writer, level: usize, meta: &ObjectMeta) {
    labels_multiline(w, level, "Labels", meta.labels.as_ref());
    annotations_multiline(w, level, meta.annotations.as_ref());
}

/// The `Name:` and `Namespace:` lines that open most describers.
fn name_and_namespace(w: &mut Writer, meta: &ObjectMeta) {
    w.line(0, &format!("Name:\t{}", meta.name_or_empty()));
    w.line(0, &format!("Namespace:\t{}", namespace(meta)));
}

/// `Pods Status:` of a controller's pods by phase (`getPodStatusForController`).
fn pods_status(w: &mut Writer, pods: &[&Pod]) {
    let count = |p: &str| {
        pods.iter()
            .filter(|x| crate::controllers::podutil::phase(x) == p)
            .count()
    };
    w.line(
        0,
        &format!(
            "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed",
            count("Running"),
            count("Pending"),
            count("Succeeded"),
            count("Failed")
        ),
    );
}

/// `printTolerationsMultiline`: `key=value:Effect op=Exists for 300s`.
fn tolerations(w: &mut Writer, level: usize, title: &str, list: Option<&Vec<Toleration>>) {
    let list = list.map(Vec::as_slice).unwrap_or_default();
    if list.is_empty() {
        w.line(level, &format!("{title}:\t<none>"));
        return;
    }
    for (i, t) in list.iter().enumerate() {
        let mut s = t.key.clone().unwrap_or_default();
        if let Some(v) = t.value.as_deref().filter(|v| !v.is_empty()) {
            s.push_str(&format!("={v}"));
        }
        if let Some(e) = t.effect.as_deref().filter(|e| !e.is_empty()) {
            s.push_str(&format!(":{e}"));
        }
        if t.operator.as_deref() == Some("Exists") && t.value.as_deref().unwrap_or("").is_empty() {
            s.push_str(" op=Exists");
        }
        if let Some(secs) = t.toleration_seconds {
            s.push_str(&format!(" for {secs}s"));
        }
        let title = if i == 0 {
            format!("{title}:")
        } else {
            String::new()
        };
        w.line(level, &format!("{title}\t{s}"));
    }
}

/// The `Controlled By:` line, when the object has a controller.
fn controlled_by(w: &mut Writer, meta: &ObjectMeta) {
    if let Some(r) = meta.controller_ref() {
        w.line(0, &format!("Controlled By:\t{}/{}", r.kind, r.name));
    }
}

fn ports_cell(ports: &[ContainerPort], host: bool) -> String {
    ports
        .iter()
        .map(|p| {
            let n = if host {
                p.host_port.unwrap_or(0)
            } else {
                p.container_port
            };
            format!("{n}/{}", p.protocol.as_deref().unwrap_or("TCP"))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn resources(w: &mut Writer, level: usize, title: &str, list: Option<&BTreeMap<String, Quantity>>) {
    if let Some(l) = list.filter(|l| !l.is_empty()) {
        w.line(level, &format!("{title}:"));
        for (k, q) in l {
            w.line(level + 1, &format!("{k}:\t{q}"));
        }
    }
}

fn describe_state(w: &mut Writer, level: usize, title: &str, state: &ContainerState) {
    if let Some(r) = &state.running {
        w.line(level, &format!("{title}:\tRunning"));
        w.line(
            level + 1,
            &format!("Started:\t{}", timestamp(r.started_at.as_deref())),
        );
    } else if let Some(wt) = &state.waiting {
        w.line(level, &format!("{title}:\tWaiting"));
        if let Some(r) = wt.reason.as_deref().filter(|r| !r.is_empty()) {
            w.line(level + 1, &format!("Reason:\t{r}"));
        }
    } else if let Some(t) = &state.terminated {
        w.line(level, &format!("{title}:\tTerminated"));
        if let Some(r) = t.reason.as_deref().filter(|r| !r.is_empty()) {
            w.line(level + 1, &format!("Reason:\t{r}"));
        }
        if let Some(m) = t.message.as_deref().filter(|m| !m.is_empty()) {
            w.line(level + 1, &format!("Message:\t{m}"));
        }
        w.line(level + 1, &format!("Exit Code:\t{}", t.exit_code));
        if let Some(s) = t.signal.filter(|s| *s != 0) {
            w.line(level + 1, &format!("Signal:\t{s}"));
        }
        w.line(
            level + 1,
            &format!("Started:\t{}", timestamp(t.started_at.as_deref())),
        );
        w.line(
            level + 1,
            &format!("Finished:\t{}", timestamp(t.finished_at.as_deref())),
        );
    } else {
        w.line(level, &format!("{title}:\tWaiting"));
    }
}

/// `describeContainers` / `describeContainerBasicInfo`: with statuses for a pod, without
/// for a template (whose container names are indented by one more space, as kubectl does).
fn containers(
    w: &mut Writer,
    title: &str,
    list: &[Container],
    statuses: Option<&Vec<ContainerStatus>>,
    template: bool,
) {
    // The title sits one level deeper in a template; names and fields do not move.
    let (base, name_prefix) = if template { (1, " ") } else { (0, "") };
    w.line(base, &format!("{title}:"));
    for c in list {
        let status = statuses.and_then(|s| s.iter().find(|st| st.name == c.name));
        w.line(1, &format!("{name_prefix}{}:", c.name));
        let l = 2;
        w.line(l, &format!("Image:\t{}", c.image.as_deref().unwrap_or("")));
        let ports = c.ports.as_deref().unwrap_or_default();
        let port = ports_cell(ports, false);
        let host = ports_cell(ports, true);
        w.line(
            l,
            &format!(
                "{}:\t{}",
                if ports.len() > 1 { "Ports" } else { "Port" },
                if port.is_empty() { "<none>" } else { &port }
            ),
        );
        w.line(
            l,
            &format!(
                "{}:\t{}",
                if ports.len() > 1 {
                    "Host Ports"
                } else {
                    "Host Port"
                },
                if host.is_empty() { "<none>" } else { &host }
            ),
        );
        if let Some(cmd) = c.command.as_ref().filter(|c| !c.is_empty()) {
            w.line(l, "Command:");
            for part in cmd {
                w.line(l + 1, part);
            }
        }
        if let Some(args) = c.args.as_ref().filter(|a| !a.is_empty()) {
            w.line(l, "Args:");
            for part in args {
                w.line(l + 1, part);
            }
        }
        if let Some(st) = status {
            describe_state(w, l, "State", &st.state.clone().unwrap_or_default());
            if let Some(last) = st
                .last_state
                .as_ref()
                .filter(|s| **s != ContainerState::default())
            {
                describe_state(w, l, "Last State", last);
            }
            w.line(
                l,
                &format!("Ready:\t{}", if st.ready { "True" } else { "False" }),
            );
            w.line(l, &format!("Restart Count:\t{}", st.restart_count));
        }
        if let Some(r) = &c.resources {
            resources(w, l, "Limits", r.limits.as_ref());
            resources(w, l, "Requests", r.requests.as_ref());
        }
        let env = c.env.as_deref().unwrap_or_default();
        if env.is_empty() {
            w.line(l, "Environment:\t<none>");
        } else {
            w.line(l, "Environment:");
            for e in env {
                let value = e
                    .value
                    .clone()
                    .unwrap_or_else(|| "<set from a reference>".to_string());
                w.line(l + 1, &format!("{}:\t{value}", e.name));
            }
        }
        let mounts = c.volume_mounts.as_deref().unwrap_or_default();
        if mounts.is_empty() {
            w.line(l, "Mounts:\t<none>");
        } else {
            w.line(l, "Mounts:");
            for m in mounts {
                let ro = if m.read_only == Some(true) {
                    "ro"
                } else {
                    "rw"
                };
                w.line(l + 1, &format!("{} from {} ({ro})", m.mount_path, m.name));
            }
        }
    }
}

fn volumes(w: &mut Writer, level: usize, spec_volumes: Option<&Vec<crate::api::pod::Volume>>) {
    let list = spec_volumes.map(Vec::as_slice).unwrap_or_default();
    if list.is_empty() {
        w.line(level, "Volumes:\t<none>");
        return;
    }
    w.line(level, "Volumes:");
    for v in list {
        w.line(level + 1, &format!("{}:", v.name));
        if let Some(claim) = v.claim_name() {
            w.line(level + 2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)");
            w.line(level + 2, &format!("ClaimName:\t{claim}"));
        } else if let Some(kind) = v.source.keys().next() {
            w.line(level + 2, &format!("Type:\t{kind}"));
        }
    }
}

/// `DescribePodTemplate`: what `describe deployment` shows under `Pod Template:` and
/// `rollout history --revision=N` prints alone.
pub fn describe_pod_template(template: &PodTemplateSpec) -> String {
    let mut w = Writer::new();
    pod_template(&mut w, template);
    w.finish()
}

fn pod_template(w: &mut Writer, template: &PodTemplateSpec) {
    w.line(0, "Pod Template:");
    labels_multiline(w, 1, "Labels", template.metadata.labels.as_ref());
    if let Some(a) = template
        .metadata
        .annotations
        .as_ref()
        .filter(|a| !a.is_empty())
    {
        annotations_multiline(w, 1, Some(a));
    }
    if let Some(sa) = template
        .spec
        .service_account_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        w.line(1, &format!("Service Account:\t{sa}"));
    }
    if let Some(init) = template
        .spec
        .init_containers
        .as_ref()
        .filter(|i| !i.is_empty())
    {
        containers(w, "Init Containers", init, None, true);
    }
    containers(w, "Containers", &template.spec.containers, None, true);
    volumes(w, 1, template.spec.volumes.as_ref());
    w.line(
        1,
        &format!(
            "Node-Selectors:\t{}",
            node_selector(template.spec.node_selector.as_ref())
        ),
    );
    tolerations(w, 1, "Tolerations", template.spec.tolerations.as_ref());
}

/// `Node-Selectors:` shows `k=v` pairs or `<none>`.
fn node_selector(sel: Option<&BTreeMap<String, String>>) -> String {
    format_labels(sel)
}

/// `DescribeEvents`: the events of `object` (`pod/web-0`) in `namespace`, oldest last
/// seen first; `Events:  <none>` without any.
fn events_section(w: &mut Writer, events: &[Event], object: &str, namespace: &str, now: Time) {
    let mut mine: Vec<&Event> = events
        .iter()
        .filter(|e| e.object == object && (namespace.is_empty() || e.namespace == namespace))
        .collect();
    if mine.is_empty() {
        w.line(0, "Events:\t<none>");
        return;
    }
    mine.sort_by_key(|e| e.last_time);
    w.line(0, "Events:");
    w.line(1, "Type\tReason\tAge\tFrom\tMessage");
    w.line(1, "----\t------\t----\t----\t-------");
    for e in mine {
        let age = if e.count > 1 {
            format!(
                "{} (x{} over {})",
                now.since(e.last_time).human(),
                e.count,
                now.since(e.first_time).human()
            )
        } else {
            now.since(e.first_time).human()
        };
        w.line(
            1,
            &format!(
                "{}\t{}\t{age}\t{}\t{}",
                e.event_type.as_str(),
                e.reason,
                e.source,
                e.message.trim()
            ),
        );
    }
}

fn namespace(meta: &ObjectMeta) -> &str {
    meta.namespace.as_deref().unwrap_or("default")
}

/// `kubectl describe pod NAME`.
pub fn describe_pod(pod: &Pod, events: &[Event], now: Time) -> String {
    let mut w = Writer::new();
    let meta = &pod.metadata;
    let status = pod.status.clone().unwrap_or_default();
    w.line(0, &format!("Name:\t{}", meta.name_or_empty()));
    w.line(0, &format!("Namespace:\t{}", namespace(meta)));
    w.line(0, &format!("Priority:\t{}", pod.spec.priority.unwrap_or(0)));
    if let Some(pc) = pod
        .spec
        .priority_class_name
        .as_deref()
        .filter(|p| !p.is_empty())
    {
        w.line(0, &format!("Priority Class Name:\t{pc}"));
    }
    let sa = pod
        .spec
        .service_account_name
        .as_deref()
        .unwrap_or("default");
    w.line(0, &format!("Service Account:\t{sa}"));
    let node = match (pod.spec.node_name.as_deref(), status.host_ip.as_deref()) {
        (Some(n), Some(ip)) if !ip.is_empty() => format!("{n}/{ip}"),
        (Some(n), _) => n.to_string(),
        (None, _) => "<none>".to_string(),
    };
    w.line(0, &format!("Node:\t{node}"));
    if let Some(start) = status.start_time.as_deref() {
        w.line(0, &format!("Start Time:\t{}", timestamp(Some(start))));
    }
    labels_multiline(&mut w, 0, "Labels", meta.labels.as_ref());
    annotations_multiline(&mut w, 0, meta.annotations.as_ref());
    if let Some(ts) = meta.deletion_timestamp.as_deref() {
        w.line(
            0,
            &format!(
                "Status:\tTerminating (lasts {})",
                super::format::age(now, Some(ts))
            ),
        );
    } else {
        w.line(
            0,
            &format!("Status:\t{}", status.phase.as_deref().unwrap_or("Pending")),
        );
    }
    if let Some(r) = status.reason.as_deref().filter(|r| !r.is_empty()) {
        w.line(0, &format!("Reason:\t{r}"));
    }
    if let Some(m) = status.message.as_deref().filter(|m| !m.is_empty()) {
        w.line(0, &format!("Message:\t{m}"));
    }
    let ip = status.pod_ip.clone().unwrap_or_default();
    w.line(0, &format!("IP:\t{ip}"));
    if ip.is_empty() {
        w.line(0, "IPs:\t<none>");
    } else {
        w.line(0, "IPs:");
        w.line(1, &format!("IP:\t{ip}"));
    }
    controlled_by(&mut w, meta);
    if let Some(init) = pod.spec.init_containers.as_ref().filter(|i| !i.is_empty()) {
        containers(
            &mut w,
            "Init Containers",
            init,
            status.init_container_statuses.as_ref(),
            false,
        );
    }
    containers(
        &mut w,
        "Containers",
        &pod.spec.containers,
        status.container_statuses.as_ref(),
        false,
    );
    let conditions = status.conditions.clone().unwrap_or_default();
    if !conditions.is_empty() {
        w.line(0, "Conditions:");
        w.line(1, "Type\tStatus");
        for c in &conditions {
            w.line(1, &format!("{} \t{} ", c.type_, c.status));
        }
    }
    volumes(&mut w, 0, pod.spec.volumes.as_ref());
    w.line(
        0,
        &format!(
            "QoS Class:\t{}",
            status.qos_class.as_deref().unwrap_or("BestEffort")
        ),
    );
    w.line(
        0,
        &format!(
            "Node-Selectors:\t{}",
            node_selector(pod.spec.node_selector.as_ref())
        ),
    );
    tolerations(&mut w, 0, "Tolerations", pod.spec.tolerations.as_ref());
    events_section(
        &mut w,
        events,
        &format!("pod/{}", meta.name_or_empty()),
        namespace(meta),
        now,
    );
    w.finish()
}

/// `kubectl describe deployment NAME`. `replica_sets` are the ReplicaSets the deployment
/// owns; the newest template match is the NewReplicaSet, the rest are OldReplicaSets.
pub fn describe_deployment(
    d: &Deployment,
    replica_sets: &[&ReplicaSet],
    events: &[Event],
    now: Time,
) -> String {
    let mut w = Writer::new();
    let meta = &d.metadata;
    let status = d.status.clone().unwrap_or_default();
    w.line(0, &format!("Name:\t{}", meta.name_or_empty()));
    w.line(0, &format!("Namespace:\t{}", namespace(meta)));
    w.line(
        0,
        &format!(
            "CreationTimestamp:\t{}",
            timestamp(meta.creation_timestamp.as_deref())
        ),
    );
    labels_multiline(&mut w, 0, "Labels", meta.labels.as_ref());
    annotations_multiline(&mut w, 0, meta.annotations.as_ref());
    w.line(
        0,
        &format!(
            "Selector:\t{}",
            format_label_selector(d.spec.selector.as_ref())
        ),
    );
    let replicas = status.replicas.unwrap_or(0);
    w.line(
        0,
        &format!(
            "Replicas:\t{} desired | {} updated | {replicas} total | {} available | {} unavailable",
            d.spec.replicas.unwrap_or(1),
            status.updated_replicas.unwrap_or(0),
            status.available_replicas.unwrap_or(0),
            status.unavailable_replicas.unwrap_or(0),
        ),
    );
    if d.spec.paused == Some(true) {
        w.line(0, "Pause:\ttrue");
    }
    let strategy = d.spec.strategy.clone().unwrap_or_default();
    let strategy_type = strategy
        .type_
        .clone()
        .unwrap_or_else(|| "RollingUpdate".to_string());
    w.line(0, &format!("StrategyType:\t{strategy_type}"));
    w.line(
        0,
        &format!(
            "MinReadySeconds:\t{}",
            d.spec.min_ready_seconds.unwrap_or(0)
        ),
    );
    if strategy_type == "RollingUpdate" {
        let ru = strategy.rolling_update.clone().unwrap_or_default();
        let unavailable = ru
            .max_unavailable
            .map_or_else(|| "25%".to_string(), |v| v.to_string());
        let surge = ru
            .max_surge
            .map_or_else(|| "25%".to_string(), |v| v.to_string());
        w.line(
            0,
            &format!("RollingUpdateStrategy:\t{unavailable} max unavailable, {surge} max surge"),
        );
    }
    pod_template(&mut w, &d.spec.template);
    let conditions = status.conditions.clone().unwrap_or_default();
    if !conditions.is_empty() {
        w.line(0, "Conditions:");
        w.line(1, "Type\tStatus\tReason");
        w.line(1, "----\t------\t------");
        for c in &conditions {
            w.line(
                1,
                &format!(
                    "{}\t{}\t{}",
                    c.type_,
                    c.status,
                    c.reason.as_deref().unwrap_or("")
                ),
            );
        }
    }
    let (new_rs, old): (Vec<&&ReplicaSet>, Vec<&&ReplicaSet>) = replica_sets
        .iter()
        .partition(|rs| templates_equal(&rs.spec.template, &d.spec.template));
    let rs_cell = |list: &[&&ReplicaSet]| {
        if list.is_empty() {
            return "<none>".to_string();
        }
        list.iter()
            .map(|rs| {
                format!(
                    "{} ({}/{} replicas created)",
                    rs.metadata.name_or_empty(),
                    rs.status.as_ref().map_or(0, |s| s.replicas),
                    rs.spec.replicas.unwrap_or(1)
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let old_with_pods: Vec<&&ReplicaSet> = old
        .into_iter()
        .filter(|rs| {
            rs.spec.replicas.unwrap_or(0) > 0 || rs.status.as_ref().is_some_and(|s| s.replicas > 0)
        })
        .collect();
    w.line(0, &format!("OldReplicaSets:\t{}", rs_cell(&old_with_pods)));
    w.line(
        0,
        &format!(
            "NewReplicaSet:\t{}",
            rs_cell(&new_rs[..new_rs.len().min(1)])
        ),
    );
    events_section(
        &mut w,
        events,
        &format!("deployment/{}", meta.name_or_empty()),
        namespace(meta),
        now,
    );
    w.finish()
}

/// Template equality ignoring the pod-template-hash label, as `EqualIgnoreHash` does.
fn templates_equal(a: &PodTemplateSpec, b: &PodTemplateSpec) -> bool {
    let strip = |t: &PodTemplateSpec| {
        let mut t = t.clone();
        if let Some(l) = t.metadata.labels.as_mut() {
            l.remove("pod-template-hash");
        }
        t
    };
    strip(a) == strip(b)
}

/// `kubectl describe replicaset NAME`. `pods` are the pods the ReplicaSet owns.
pub fn describe_replicaset(rs: &ReplicaSet, pods: &[&Pod], events: &[Event], now: Time) -> String {
    let mut w = Writer::new();
    let meta = &rs.metadata;
    w.line(0, &format!("Name:\t{}", meta.name_or_empty()));
    w.line(0, &format!("Namespace:\t{}", namespace(meta)));
    w.line(
        0,
        &format!(
            "Selector:\t{}",
            format_label_selector(rs.spec.selector.as_ref())
        ),
    );
    labels_multiline(&mut w, 0, "Labels", meta.labels.as_ref());
    annotations_multiline(&mut w, 0, meta.annotations.as_ref());
    controlled_by(&mut w, meta);
    w.line(
        0,
        &format!(
            "Replicas:\t{} current / {} desired",
            rs.status.as_ref().map_or(0, |s| s.replicas),
            rs.spec.replicas.unwrap_or(1)
        ),
    );
    pods_status(&mut w, pods);
    pod_template(&mut w, &rs.spec.template);
    events_section(
        &mut w,
        events,
        &format!("replicaset/{}", meta.name_or_empty()),
        namespace(meta),
        now,
    );
    w.finish()
}

/// Sums a resource over containers' requests or limits, in milli-units.
fn sum_milli(pod: &Pod, resource: &str, limits: bool) -> i128 {
    pod.spec
        .containers
        .iter()
        .filter_map(|c| c.resources.as_ref())
        .filter_map(|r| {
            if limits {
                r.limits.as_ref()
            } else {
                r.requests.as_ref()
            }
        })
        .filter_map(|l| l.get(resource))
        .map(Quantity::milli_value)
        .sum()
}

/// `950m (23%)` or `128Mi (1%)`: an amount and its share of what the node can allocate,
/// truncated as kubectl truncates it.
fn with_percent(resource: &str, milli: i128, allocatable_milli: i128) -> String {
    let amount = if resource == "memory" {
        binary_bytes(milli / 1000)
    } else {
        Quantity::from_milli(milli).to_string()
    };
    let pct = if allocatable_milli > 0 {
        milli * 100 / allocatable_milli
    } else {
        0
    };
    format!("{amount} ({pct}%)")
}

/// `kubectl describe node NAME`. `pods` are the pods bound to the node.
pub fn describe_node(node: &Node, pods: &[&Pod], events: &[Event], now: Time) -> String {
    let mut w = Writer::new();
    let meta = &node.metadata;
    let status = node.status.clone().unwrap_or_default();
    w.line(0, &format!("Name:\t{}", meta.name_or_empty()));
    w.line(0, &format!("Roles:\t{}", node_roles(node)));
    labels_multiline(&mut w, 0, "Labels", meta.labels.as_ref());
    annotations_multiline(&mut w, 0, meta.annotations.as_ref());
    w.line(
        0,
        &format!(
            "CreationTimestamp:\t{}",
            timestamp(meta.creation_timestamp.as_deref())
        ),
    );
    let taints = node.spec.taints.clone().unwrap_or_default();
    if taints.is_empty() {
        w.line(0, "Taints:\t<none>");
    }
    for (i, t) in taints.iter().enumerate() {
        let title = if i == 0 { "Taints:" } else { "" };
        let value = t
            .value
            .as_deref()
            .filter(|v| !v.is_empty())
            .map(|v| format!("={v}"))
            .unwrap_or_default();
        w.line(0, &format!("{title}\t{}{value}:{}", t.key, t.effect));
    }
    w.line(
        0,
        &format!(
            "Unschedulable:\t{}",
            node.spec.unschedulable.unwrap_or(false)
        ),
    );
    let conditions = status.conditions.clone().unwrap_or_default();
    if !conditions.is_empty() {
        w.line(0, "Conditions:");
        w.line(
            1,
            "Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage",
        );
        w.line(
            1,
            "----\t------\t-----------------\t------------------\t------\t-------",
        );
        for c in &conditions {
            w.line(
                1,
                &format!(
                    "{} \t{} \t{} \t{} \t{} \t{}",
                    c.type_,
                    c.status,
                    timestamp(c.last_heartbeat_time.as_deref()),
                    timestamp(c.last_transition_time.as_deref()),
                    c.reason.as_deref().unwrap_or(""),
                    c.message.as_deref().unwrap_or("")
                ),
            );
        }
    }
    w.line(0, "Addresses:");
    for t in ["InternalIP", "ExternalIP", "Hostname"] {
        let a = node_address(node, t);
        if a != "<none>" {
            w.line(1, &format!("{t}:\t{a}"));
        }
    }
    for (title, list) in [
        ("Capacity", &status.capacity),
        ("Allocatable", &status.allocatable),
    ] {
        if let Some(l) = list.as_ref().filter(|l| !l.is_empty()) {
            w.line(0, &format!("{title}:"));
            for (k, q) in l {
                w.line(1, &format!("{k}:\t{q}"));
            }
        }
    }
    w.line(0, "System Info:");
    for (title, field) in [
        ("Operating System", "operatingSystem"),
        ("Architecture", "architecture"),
        ("Container Runtime Version", "containerRuntimeVersion"),
        ("Kubelet Version", "kubeletVersion"),
        ("OS Image", "osImage"),
        ("Kernel Version", "kernelVersion"),
    ] {
        w.line(
            1,
            &format!("{title}:\t{}", node_info(node, field).unwrap_or("")),
        );
    }
    if let Some(cidr) = node.spec.pod_cidr.as_deref() {
        w.line(0, &format!("PodCIDR:\t{cidr}"));
    }
    let allocatable = |r: &str| {
        status
            .allocatable
            .as_ref()
            .and_then(|a| a.get(r))
            .map_or(0, Quantity::milli_value)
    };
    let running: Vec<&&Pod> = pods
        .iter()
        .filter(|p| {
            let phase = p
                .status
                .as_ref()
                .and_then(|s| s.phase.as_deref())
                .unwrap_or("");
            phase != "Succeeded" && phase != "Failed"
        })
        .collect();
    w.line(
        0,
        &format!("Non-terminated Pods:\t({} in total)", running.len()),
    );
    w.line(
        1,
        "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge",
    );
    w.line(
        1,
        "---------\t----\t\t------------\t----------\t---------------\t-------------\t---",
    );
    let (mut cpu_req, mut cpu_lim, mut mem_req, mut mem_lim) = (0, 0, 0, 0);
    for p in &running {
        let cr = sum_milli(p, "cpu", false);
        let cl = sum_milli(p, "cpu", true);
        let mr = sum_milli(p, "memory", false);
        let ml = sum_milli(p, "memory", true);
        cpu_req += cr;
        cpu_lim += cl;
        mem_req += mr;
        mem_lim += ml;
        w.line(
            1,
            &format!(
                "{}\t{}\t\t{}\t{}\t{}\t{}\t{}",
                namespace(&p.metadata),
                p.metadata.name_or_empty(),
                with_percent("cpu", cr, allocatable("cpu")),
                with_percent("cpu", cl, allocatable("cpu")),
                with_percent("memory", mr, allocatable("memory")),
                with_percent("memory", ml, allocatable("memory")),
                super::format::age(now, p.metadata.creation_timestamp.as_deref()),
            ),
        );
    }
    w.line(0, "Allocated resources:");
    w.line(
        1,
        "(Total limits may be over 100 percent, i.e., overcommitted.)",
    );
    w.line(1, "Resource\tRequests\tLimits");
    w.line(1, "--------\t--------\t------");
    w.line(
        1,
        &format!(
            "cpu\t{}\t{}",
            with_percent("cpu", cpu_req, allocatable("cpu")),
            with_percent("cpu", cpu_lim, allocatable("cpu"))
        ),
    );
    w.line(
        1,
        &format!(
            "memory\t{}\t{}",
            with_percent("memory", mem_req, allocatable("memory")),
            with_percent("memory", mem_lim, allocatable("memory"))
        ),
    );
    // Events about a node are recorded against `node/<name>` in no namespace.
    events_section(
        &mut w,
        events,
        &format!("node/{}", meta.name_or_empty()),
        "",
        now,
    );
    w.finish()
}

#[path = "describe_daemonset.rs"]
mod daemonset;
pub use daemonset::describe_daemonset;

#[path = "describe_more.rs"]
mod more;
pub use more::{
    describe_configmap, describe_cronjob, describe_job, describe_namespace, describe_pvc,
    describe_service, describe_statefulset,
};
