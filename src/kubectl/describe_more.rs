//! `kubectl describe` for Jobs, CronJobs, StatefulSets, Services, PVCs, Namespaces and
//! ConfigMaps, after `describeJob`, `describeCronJob`, `describeJobTemplate`,
//! `describeStatefulSet`, `describeService`, `describePersistentVolumeClaim`,
//! `describeNamespace` and `describeConfigMap` in
//! staging/src/k8s.io/kubectl/pkg/describe/describe.go. A child of the describe module, so
//! it shares its tabwriter and helpers. kubesim allocates no ClusterIPs or volumes'
//! real identities, so what it does not know is printed as kubectl prints unset fields.

use super::{
    controlled_by, events_section, format_label_selector, labels_and_annotations,
    name_and_namespace, namespace, pod_template, pods_status, Writer,
};
use crate::api::core::{PersistentVolumeClaim, Service};
use crate::api::cronjob::CronJob;
use crate::api::intstr::IntOrString;
use crate::api::job::Job;
use crate::api::object::Unstructured;
use crate::api::pod::Pod;
use crate::api::statefulset::StatefulSet;
use crate::kubectl::format::{access_modes, timestamp};
use crate::sim::clock::Time;
use crate::sim::events::Event;

fn or_unset<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "<unset>".to_string(), |x| x.to_string())
}

/// `kubectl describe job NAME`.
pub fn describe_job(job: &Job, events: &[Event], now: Time) -> String {
    let mut w = Writer::new();
    let meta = &job.metadata;
    let status = job.status.clone().unwrap_or_default();
    name_and_namespace(&mut w, meta);
    w.line(
        0,
        &format!(
            "Selector:\t{}",
            format_label_selector(job.spec.selector.as_ref())
        ),
    );
    labels_and_annotations(&mut w, 0, meta);
    controlled_by(&mut w, meta);
    if let Some(p) = job.spec.parallelism {
        w.line(0, &format!("Parallelism:\t{p}"));
    }
    w.line(
        0,
        &format!("Completions:\t{}", or_unset(job.spec.completions)),
    );
    if let Some(mode) = &job_completion_mode(job) {
        w.line(0, &format!("Completion Mode:\t{mode}"));
    }
    if let Some(start) = &status.start_time {
        w.line(0, &format!("Start Time:\t{}", timestamp(Some(start))));
    }
    if let Some(done) = &status.completion_time {
        w.line(0, &format!("Completed At:\t{}", timestamp(Some(done))));
    }
    let start = status.start_time.as_deref().and_then(Time::parse_rfc3339);
    let done = status
        .completion_time
        .as_deref()
        .and_then(Time::parse_rfc3339);
    if let (Some(s), Some(d)) = (start, done) {
        w.line(0, &format!("Duration:\t{}", d.since(s).human()));
    }
    if let Some(a) = job.spec.active_deadline_seconds {
        w.line(0, &format!("Active Deadline Seconds:\t{a}s"));
    }
    let (active, succeeded, failed) = (
        status.active.unwrap_or(0),
        status.succeeded.unwrap_or(0),
        status.failed.unwrap_or(0),
    );
    match status.ready {
        None => w.line(
            0,
            &format!("Pods Statuses:\t{active} Active / {succeeded} Succeeded / {failed} Failed"),
        ),
        Some(ready) => w.line(
            0,
            &format!("Pods Statuses:\t{active} Active ({ready} Ready) / {succeeded} Succeeded / {failed} Failed"),
        ),
    }
    if job_completion_mode(job).as_deref() == Some("Indexed") {
        let indexes = status
            .completed_indexes
            .clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "<none>".to_string());
        w.line(0, &format!("Completed Indexes:\t{indexes}"));
    }
    pod_template(&mut w, &job.spec.template);
    events_section(
        &mut w,
        events,
        &format!("job/{}", meta.name_or_empty()),
        namespace(meta),
        now,
    );
    w.finish()
}

/// The Job's `completionMode` (the API server defaults it to NonIndexed).
fn job_completion_mode(job: &Job) -> Option<String> {
    job.spec.completion_mode.clone()
}

/// `kubectl describe cronjob NAME`.
pub fn describe_cronjob(cj: &CronJob, events: &[Event], now: Time) -> String {
    let mut w = Writer::new();
    let meta = &cj.metadata;
    let spec = &cj.spec;
    let status = cj.status.clone().unwrap_or_default();
    name_and_namespace(&mut w, meta);
    labels_and_annotations(&mut w, 0, meta);
    w.line(0, &format!("Schedule:\t{}", spec.schedule));
    w.line(
        0,
        &format!(
            "Concurrency Policy:\t{}",
            spec.concurrency_policy.as_deref().unwrap_or("Allow")
        ),
    );
    w.line(
        0,
        &format!(
            "Suspend:\t{}",
            // printBoolPtr: True / False / <unset>.
            match spec.suspend {
                None => "<unset>",
                Some(true) => "True",
                Some(false) => "False",
            }
        ),
    );
    w.line(
        0,
        &format!(
            "Successful Job History Limit:\t{}",
            or_unset(spec.successful_jobs_history_limit)
        ),
    );
    w.line(
        0,
        &format!(
            "Failed Job History Limit:\t{}",
            or_unset(spec.failed_jobs_history_limit)
        ),
    );
    w.line(
        0,
        &format!(
            "Starting Deadline Seconds:\t{}",
            spec.starting_deadline_seconds
                .map_or_else(|| "<unset>".to_string(), |s| format!("{s}s"))
        ),
    );
    let tspec = &spec.job_template.spec;
    w.line(
        0,
        &format!(
            "Selector:\t{}",
            tspec
                .selector
                .as_ref()
                .map_or_else(|| "<unset>".to_string(), |s| format_label_selector(Some(s)))
        ),
    );
    w.line(0, &format!("Parallelism:\t{}", or_unset(tspec.parallelism)));
    w.line(0, &format!("Completions:\t{}", or_unset(tspec.completions)));
    if let Some(a) = tspec.active_deadline_seconds {
        w.line(0, &format!("Active Deadline Seconds:\t{a}s"));
    }
    pod_template(&mut w, &tspec.template);
    w.line(
        0,
        &format!(
            "Last Schedule Time:\t{}",
            timestamp(status.last_schedule_time.as_deref())
        ),
    );
    let active: Vec<String> = status
        .active
        .iter()
        .flatten()
        .filter_map(|r| r.name.clone())
        .collect();
    w.line(
        0,
        &format!(
            "Active Jobs:\t{}",
            if active.is_empty() {
                "<none>".to_string()
            } else {
                active.join(", ")
            }
        ),
    );
    events_section(
        &mut w,
        events,
        &format!("cronjob/{}", meta.name_or_empty()),
        namespace(meta),
        now,
    );
    w.finish()
}

/// `kubectl describe statefulset NAME`. `pods` are the pods the StatefulSet controls.
pub fn describe_statefulset(
    sts: &StatefulSet,
    pods: &[&Pod],
    events: &[Event],
    now: Time,
) -> String {
    let mut w = Writer::new();
    let meta = &sts.metadata;
    let status = sts.status.clone().unwrap_or_default();
    name_and_namespace(&mut w, meta);
    w.line(
        0,
        &format!(
            "CreationTimestamp:\t{}",
            timestamp(meta.creation_timestamp.as_deref())
        ),
    );
    w.line(
        0,
        &format!(
            "Selector:\t{}",
            format_label_selector(sts.spec.selector.as_ref())
        ),
    );
    labels_and_annotations(&mut w, 0, meta);
    w.line(
        0,
        &format!(
            "Replicas:\t{} desired | {} total",
            sts.spec.replicas.unwrap_or(1),
            status.replicas
        ),
    );
    let strategy = sts.spec.update_strategy.clone().unwrap_or_default();
    let type_ = strategy
        .type_
        .clone()
        .unwrap_or_else(|| "RollingUpdate".to_string());
    w.line(0, &format!("Update Strategy:\t{type_}"));
    if type_ == "RollingUpdate" {
        if let Some(p) = strategy.rolling_update.and_then(|r| r.partition) {
            w.line(1, &format!("Partition:\t{p}"));
        }
    }
    pods_status(&mut w, pods);
    pod_template(&mut w, &sts.spec.template);
    match sts.spec.volume_claim_templates.as_deref() {
        None | Some([]) => w.line(0, "Volume Claims:\t<none>"),
        Some(claims) => {
            w.line(0, "Volume Claims:");
            for pvc in claims {
                w.line(1, &format!("Name:\t{}", pvc.metadata.name_or_empty()));
                w.line(
                    1,
                    &format!(
                        "StorageClass:\t{}",
                        pvc.spec.storage_class_name.as_deref().unwrap_or("")
                    ),
                );
                labels_and_annotations(&mut w, 1, &pvc.metadata);
                let capacity = pvc
                    .spec
                    .resources
                    .as_ref()
                    .and_then(|r| r.requests.as_ref())
                    .and_then(|r| r.get("storage"))
                    .map_or_else(|| "<default>".to_string(), |q| q.to_string());
                w.line(1, &format!("Capacity:\t{capacity}"));
                let modes = pvc.spec.access_modes.clone().unwrap_or_default();
                w.line(1, &format!("Access Modes:\t[{}]", modes.join(" ")));
            }
        }
    }
    events_section(
        &mut w,
        events,
        &format!("statefulset/{}", meta.name_or_empty()),
        namespace(meta),
        now,
    );
    w.finish()
}

/// `kubectl describe service NAME`. `endpoints` are the ready pod IPs the Service
/// selects (kubesim keeps no EndpointSlices; the controller would list these).
pub fn describe_service(
    svc: &Service,
    endpoints: &[String],
    events: &[Event],
    now: Time,
) -> String {
    let mut w = Writer::new();
    let meta = &svc.metadata;
    let spec = &svc.spec;
    name_and_namespace(&mut w, meta);
    labels_and_annotations(&mut w, 0, meta);
    let selector = spec
        .selector
        .as_ref()
        .filter(|s| !s.is_empty())
        .map_or_else(
            || "<none>".to_string(),
            |s| {
                s.iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(",")
            },
        );
    w.line(0, &format!("Selector:\t{selector}"));
    let type_ = spec.type_.as_deref().unwrap_or("ClusterIP");
    w.line(0, &format!("Type:\t{type_}"));
    if type_ != "ExternalName" {
        w.line(0, "IP Family Policy:\tSingleStack");
        w.line(0, "IP Families:\tIPv4");
        let ip = spec
            .cluster_ip
            .clone()
            .filter(|ip| !ip.is_empty())
            .unwrap_or_else(|| "<none>".to_string());
        w.line(0, &format!("IP:\t{ip}"));
        w.line(0, &format!("IPs:\t{ip}"));
    } else if let Some(ext) = &spec.external_name {
        w.line(0, &format!("External Name:\t{ext}"));
    }
    for p in spec.ports.iter().flatten() {
        let name = p
            .name
            .as_deref()
            .filter(|n| !n.is_empty())
            .unwrap_or("<unset>");
        let proto = p.protocol.as_deref().unwrap_or("TCP");
        w.line(0, &format!("Port:\t{name}  {}/{proto}", p.port));
        let target = match &p.target_port {
            Some(IntOrString::Int(n)) => n.to_string(),
            Some(IntOrString::String(s)) => s.clone(),
            None => p.port.to_string(),
        };
        w.line(0, &format!("TargetPort:\t{target}/{proto}"));
        if let Some(np) = p.node_port.filter(|n| *n != 0) {
            w.line(0, &format!("NodePort:\t{name}  {np}/{proto}"));
        }
        let eps: Vec<String> = endpoints
            .iter()
            .map(|ip| match &p.target_port {
                Some(IntOrString::Int(n)) => format!("{ip}:{n}"),
                _ => format!("{ip}:{}", p.port),
            })
            .collect();
        w.line(0, &format!("Endpoints:\t{}", eps.join(",")));
    }
    w.line(0, "Session Affinity:\tNone");
    if type_ == "NodePort" || type_ == "LoadBalancer" {
        w.line(0, "External Traffic Policy:\tCluster");
    }
    if type_ != "ExternalName" {
        w.line(0, "Internal Traffic Policy:\tCluster");
    }
    events_section(
        &mut w,
        events,
        &format!("service/{}", meta.name_or_empty()),
        namespace(meta),
        now,
    );
    w.finish()
}

/// `kubectl describe pvc NAME`. `used_by` names the pods that mount the claim.
pub fn describe_pvc(
    pvc: &PersistentVolumeClaim,
    used_by: &[String],
    events: &[Event],
    now: Time,
) -> String {
    let mut w = Writer::new();
    let meta = &pvc.metadata;
    let status = pvc.status.clone().unwrap_or_default();
    name_and_namespace(&mut w, meta);
    w.line(
        0,
        &format!(
            "StorageClass:\t{}",
            pvc.spec.storage_class_name.as_deref().unwrap_or("")
        ),
    );
    let phase = if meta.deletion_timestamp.is_some() {
        "Terminating".to_string()
    } else {
        status
            .phase
            .clone()
            .unwrap_or_else(|| "Pending".to_string())
    };
    w.line(0, &format!("Status:\t{phase}"));
    w.line(
        0,
        &format!("Volume:\t{}", pvc.spec.volume_name.as_deref().unwrap_or("")),
    );
    labels_and_annotations(&mut w, 0, meta);
    let finalizers = meta.finalizers.clone().unwrap_or_default();
    w.line(0, &format!("Finalizers:\t[{}]", finalizers.join(" ")));
    let capacity = status
        .capacity
        .as_ref()
        .and_then(|c| c.get("storage"))
        .map(|q| q.to_string())
        .unwrap_or_default();
    w.line(0, &format!("Capacity:\t{capacity}"));
    let modes = if capacity.is_empty() {
        String::new()
    } else {
        access_modes(status.access_modes.as_ref())
    };
    w.line(0, &format!("Access Modes:\t{modes}"));
    w.line(
        0,
        &format!(
            "VolumeMode:\t{}",
            pvc.spec.volume_mode.as_deref().unwrap_or("Filesystem")
        ),
    );
    let used = if used_by.is_empty() {
        "<none>".to_string()
    } else {
        used_by.join(", ")
    };
    w.line(0, &format!("Used By:\t{used}"));
    events_section(
        &mut w,
        events,
        &format!("persistentvolumeclaim/{}", meta.name_or_empty()),
        namespace(meta),
        now,
    );
    w.finish()
}

/// `kubectl describe namespace NAME` (kubesim has no ResourceQuota or LimitRange).
pub fn describe_namespace(ns: &Unstructured) -> String {
    let mut w = Writer::new();
    let meta = &ns.metadata;
    w.line(0, &format!("Name:\t{}", meta.name_or_empty()));
    labels_and_annotations(&mut w, 0, meta);
    let phase = ns.raw["status"]["phase"].as_str().unwrap_or("Active");
    w.line(0, &format!("Status:\t{phase}"));
    let mut out = w.finish();
    out.push_str("\nNo resource quota.\n\nNo LimitRange resource.\n");
    out
}

/// `kubectl describe configmap NAME`: each key, a `----` rule, and its value.
pub fn describe_configmap(cm: &Unstructured, events: &[Event], now: Time) -> String {
    let mut w = Writer::new();
    let meta = &cm.metadata;
    name_and_namespace(&mut w, meta);
    labels_and_annotations(&mut w, 0, meta);
    let mut out = w.finish();
    out.push_str("\nData\n====\n");
    if let Some(data) = cm.raw["data"].as_object() {
        for (k, v) in data {
            out.push_str(&format!("{k}:\n----\n{}\n\n", v.as_str().unwrap_or("")));
        }
    }
    out.push_str("\nBinaryData\n====\n");
    let mut tail = Writer::new();
    events_section(
        &mut tail,
        events,
        &format!("configmap/{}", meta.name_or_empty()),
        namespace(meta),
        now,
    );
    out.push('\n');
    out.push_str(&tail.finish());
    out
}
