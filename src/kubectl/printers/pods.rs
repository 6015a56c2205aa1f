//! `kubectl get pods`: mirrors `printPod` in pkg/printers/internalversion/printers.go.
//!
//! READY counts ready containers (and started restartable init containers, i.e. sidecars)
//! over containers plus sidecars. STATUS starts from the phase (or `status.reason`), is
//! replaced by an init container's trouble (`Init:0/1`, `Init:CrashLoopBackOff`,
//! `Init:Error`), then by the regular containers' waiting or terminated reason (checked
//! from the last container to the first, so the first container's reason wins):
//! `ContainerCreating`, `CrashLoopBackOff`, `ErrImagePull`, `ImagePullBackOff`,
//! `Completed`, `Error`, `OOMKilled`, `ExitCode:N`; `Terminating` once deletion began.
//! RESTARTS is the sum of restart counts, with `(45s ago)` when a container has
//! terminated before.

use crate::api::meta::find_condition;
use crate::api::pod::{ContainerStatus, Pod};
use crate::kubectl::format::{age, json_str};
use crate::kubectl::printers::PrintContext;
use crate::sim::clock::Time;

pub(crate) const COLUMNS: &[&str] = &["NAME", "READY", "STATUS", "RESTARTS", "AGE"];
pub(crate) const WIDE: &[&str] = &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"];

/// The READY, STATUS and RESTARTS cells of a pod, as `kubectl get pods` shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodSummary {
    pub ready: String,
    pub status: String,
    pub restarts: String,
}

/// The `Always` restart policy on an init container makes it a sidecar
/// (`podutil.IsRestartableInitContainer`).
fn is_sidecar(pod: &Pod, name: &str) -> bool {
    pod.spec
        .init_containers
        .iter()
        .flatten()
        .any(|c| c.name == name && c.restart_policy.as_deref() == Some("Always"))
}

fn finished_at(c: &ContainerStatus) -> Option<Time> {
    let t = c.last_state.as_ref()?.terminated.as_ref()?;
    Time::parse_rfc3339(t.finished_at.as_deref()?)
}

fn condition_true(pod: &Pod, type_: &str) -> bool {
    pod.status
        .as_ref()
        .and_then(|s| find_condition(&s.conditions, type_))
        .is_some_and(|c| c.is_true())
}

/// Computes READY, STATUS and RESTARTS as `printPod` does.
pub fn summarize(pod: &Pod, now: Time) -> PodSummary {
    let empty = Default::default();
    let status = pod.status.as_ref().unwrap_or(&empty);
    // The API server sets phase Pending when it stores a pod (`PrepareForCreate` in
    // pkg/registry/core/pod/strategy.go), so a pod without one reads as Pending.
    let phase = status
        .phase
        .clone()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "Pending".to_string());
    let mut reason = match status.reason.as_deref() {
        Some(r) if !r.is_empty() => r.to_string(),
        _ => phase.clone(),
    };
    if status
        .conditions
        .iter()
        .flatten()
        .any(|c| c.type_ == "PodScheduled" && c.reason.as_deref() == Some("SchedulingGated"))
    {
        reason = "SchedulingGated".to_string();
    }

    let init_total = pod.spec.init_containers.as_ref().map_or(0, Vec::len);
    let sidecars = pod
        .spec
        .init_containers
        .iter()
        .flatten()
        .filter(|c| c.restart_policy.as_deref() == Some("Always"))
        .count();
    let total = pod.spec.containers.len() + sidecars;
    let mut ready = 0usize;
    let mut restarts: i64 = 0;
    let mut sidecar_restarts: i64 = 0;
    let mut last_restart: Option<Time> = None;
    let mut last_sidecar_restart: Option<Time> = None;

    let mut initializing = false;
    for (i, c) in status.init_container_statuses.iter().flatten().enumerate() {
        restarts += i64::from(c.restart_count);
        let finished = finished_at(c);
        last_restart = last_restart.max(finished);
        let sidecar = is_sidecar(pod, &c.name);
        if sidecar {
            sidecar_restarts += i64::from(c.restart_count);
            last_sidecar_restart = last_sidecar_restart.max(finished);
        }
        let state = c.state.clone().unwrap_or_default();
        if state.terminated.as_ref().is_some_and(|t| t.exit_code == 0) {
            continue;
        }
        if sidecar && c.started == Some(true) {
            if c.ready {
                ready += 1;
            }
            continue;
        }
        if let Some(t) = &state.terminated {
            reason = match t.reason.as_deref() {
                Some(r) if !r.is_empty() => format!("Init:{r}"),
                _ => match t.signal {
                    Some(s) if s != 0 => format!("Init:Signal:{s}"),
                    _ => format!("Init:ExitCode:{}", t.exit_code),
                },
            };
        } else if let Some(r) = state
            .waiting
            .as_ref()
            .and_then(|w| w.reason.as_deref())
            .filter(|r| !r.is_empty() && *r != "PodInitializing")
        {
            reason = format!("Init:{r}");
        } else {
            reason = format!("Init:{i}/{init_total}");
        }
        initializing = true;
        break;
    }

    if !initializing || condition_true(pod, "Initialized") {
        restarts = sidecar_restarts;
        last_restart = last_sidecar_restart;
        let mut has_running = false;
        for c in status.container_statuses.iter().flatten().rev() {
            restarts += i64::from(c.restart_count);
            last_restart = last_restart.max(finished_at(c));
            let state = c.state.clone().unwrap_or_default();
            let waiting = state
                .waiting
                .as_ref()
                .and_then(|w| w.reason.as_deref())
                .filter(|r| !r.is_empty());
            if let Some(r) = waiting {
                reason = r.to_string();
            } else if let Some(t) = &state.terminated {
                reason = match t.reason.as_deref() {
                    Some(r) if !r.is_empty() => r.to_string(),
                    _ => match t.signal {
                        Some(s) if s != 0 => format!("Signal:{s}"),
                        _ => format!("ExitCode:{}", t.exit_code),
                    },
                };
            } else if c.ready && state.running.is_some() {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            reason = if condition_true(pod, "Ready") {
                "Running".to_string()
            } else {
                "NotReady".to_string()
            };
        }
    }

    let deleting = pod.metadata.deletion_timestamp.is_some();
    if deleting && status.reason.as_deref() == Some("NodeLost") {
        reason = "Unknown".to_string();
    } else if deleting && phase != "Succeeded" && phase != "Failed" {
        reason = "Terminating".to_string();
    }

    let restarts = match last_restart {
        Some(t) if restarts != 0 => format!("{restarts} ({} ago)", now.since(t).human()),
        _ => restarts.to_string(),
    };
    PodSummary {
        ready: format!("{ready}/{total}"),
        status: reason,
        restarts,
    }
}

/// One row of `kubectl get pods` (with the wide cells when `ctx.wide`).
pub(crate) fn row(pod: &Pod, ctx: &PrintContext) -> Vec<String> {
    let s = summarize(pod, ctx.now);
    let mut cells = vec![
        pod.metadata.name_or_empty().to_string(),
        s.ready,
        s.status,
        s.restarts,
        age(ctx.now, pod.metadata.creation_timestamp.as_deref()),
    ];
    if ctx.wide {
        let status = pod.status.as_ref();
        let ip = status
            .and_then(|s| s.pod_ips.as_ref())
            .and_then(|ips| json_str(ips.first(), "ip"))
            .map(str::to_string)
            .or_else(|| status.and_then(|s| s.pod_ip.clone()))
            .filter(|ip| !ip.is_empty())
            .unwrap_or_else(|| "<none>".to_string());
        let node = pod
            .spec
            .node_name
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "<none>".to_string());
        cells.extend([ip, node, "<none>".to_string(), "<none>".to_string()]);
    }
    cells
}
