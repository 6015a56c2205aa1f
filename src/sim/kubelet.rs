//! The kubelet model: a pod's life on its node, from ContainerCreating to Running and Ready,
//! through crashes and the crash-loop back-off, image pull failures, and completion.
//!
//! The containers of one pod share one behaviour (how long they run, how they exit,
//! whether they become ready); the simulator picks it per pod (see [`Behavior`]).

use crate::api::meta::Condition;
use crate::api::pod::{
    ContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting,
    ContainerStatus, Pod, PodStatus,
};
use crate::sim::clock::{Duration, Time};
use crate::sim::events::EventType;

/// Timings of the kubelet model.
#[derive(Debug, Clone, PartialEq)]
pub struct KubeletConfig {
    /// Pulling an image that is not on the node yet.
    pub image_pull: Duration,
    /// Creating and starting the containers once the image is there.
    pub container_start: Duration,
    /// From a delete to the pod being gone (containers stopping quickly, like nginx).
    pub termination: Duration,
    /// The kubelet's sync interval, which paces ErrImagePull → ImagePullBackOff.
    pub sync: Duration,
}

impl Default for KubeletConfig {
    fn default() -> KubeletConfig {
        KubeletConfig {
            image_pull: Duration::seconds(2),
            container_start: Duration::seconds(1),
            termination: Duration::seconds(1),
            sync: Duration::seconds(1),
        }
    }
}

/// The first crash-loop (and image pull) back-off: 10 s, doubled per failure.
pub const BACKOFF_INITIAL: Duration = Duration(10_000);
/// The back-off never exceeds 5 minutes (kubelet's MaxContainerBackOff).
pub const BACKOFF_MAX: Duration = Duration(300_000);
/// A container that ran this long has its back-off reset.
pub const BACKOFF_RESET: Duration = Duration(600_000);

/// When readiness comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    /// As soon as the containers run (no readiness probe).
    Immediate,
    /// After this long running (the probe's initialDelaySeconds).
    After(Duration),
    /// The readiness probe never passes.
    Never,
}

/// How a pod's containers behave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Behavior {
    /// How long the containers run before they exit; `None` runs forever.
    pub run_for: Option<Duration>,
    pub exit_code: i32,
    pub readiness: Readiness,
    /// The image cannot be pulled (a typo, a private registry, a missing tag).
    pub image_pull_fails: bool,
}

/// Where a pod is in its life on the node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Pulling the image and creating containers (ContainerCreating).
    Creating,
    /// The pull just failed (ErrImagePull).
    PullFailed,
    /// Waiting to retry the pull (ImagePullBackOff).
    PullBackOff,
    /// Containers running.
    Running,
    /// Waiting to restart crashed containers (CrashLoopBackOff).
    CrashBackOff,
    /// All containers finished and will not restart (Succeeded or Failed).
    Done,
}

/// The kubelet's memory of one pod.
#[derive(Debug, Clone, PartialEq)]
pub struct PodRun {
    pub stage: Stage,
    /// When the kubelet acts on this pod next.
    pub next: Option<Time>,
    pub restarts: i32,
    pub crash_backoff: Duration,
    pub pull_backoff: Duration,
    pub started_at: Time,
    pub ready_at: Option<Time>,
    pub exit_at: Option<Time>,
    /// The node pulls the images (not already present, or imagePullPolicy Always).
    pub pulls: bool,
}

/// Something the kubelet reports about a pod, for `kubectl get events`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub event_type: EventType,
    pub reason: &'static str,
    pub message: String,
}

fn report(event_type: EventType, reason: &'static str, message: String) -> Report {
    Report {
        event_type,
        reason,
        message,
    }
}

fn images(pod: &Pod) -> Vec<(String, String)> {
    pod.spec
        .containers
        .iter()
        .map(|c| (c.name.clone(), c.image.clone().unwrap_or_default()))
        .collect()
}

fn condition(
    type_: &str,
    ok: bool,
    now: Time,
    reason: Option<&str>,
    message: Option<String>,
) -> Condition {
    Condition {
        type_: type_.into(),
        status: if ok { "True" } else { "False" }.into(),
        reason: reason.map(str::to_string),
        message,
        last_transition_time: Some(now.to_rfc3339()),
        last_probe_time: None,
        ..Condition::default()
    }
}

/// Sets a condition, keeping its transition time when its status did not change.
fn set_condition(status: &mut PodStatus, c: Condition) {
    let list = status.conditions.get_or_insert_with(Vec::new);
    match list.iter_mut().find(|x| x.type_ == c.type_) {
        Some(old) if old.status == c.status => {
            old.reason = c.reason;
            old.message = c.message;
        }
        Some(old) => *old = c,
        None => list.push(c),
    }
}

fn set_ready(pod: &mut Pod, ready: bool, now: Time, reason: Option<&str>) {
    let names: Vec<String> = pod.spec.containers.iter().map(|c| c.name.clone()).collect();
    let message = (!ready && reason != Some("PodCompleted"))
        .then(|| format!("containers with unready status: [{}]", names.join(" ")));
    let reason = if ready {
        None
    } else {
        reason.or(Some("ContainersNotReady"))
    };
    let status = pod.status.get_or_insert_with(PodStatus::default);
    set_condition(
        status,
        condition("ContainersReady", ready, now, reason, message.clone()),
    );
    set_condition(status, condition("Ready", ready, now, reason, message));
    for cs in status.container_statuses.iter_mut().flatten() {
        cs.ready = ready;
    }
}

fn set_containers(pod: &mut Pod, state: impl Fn(&str) -> ContainerState, started: bool) {
    let restarts_of = |status: &Option<PodStatus>, name: &str| {
        status
            .as_ref()
            .and_then(|s| s.container_statuses.as_ref())
            .and_then(|cs| cs.iter().find(|c| c.name == name))
            .map(|c| (c.restart_count, c.last_state.clone()))
    };
    let statuses: Vec<ContainerStatus> = images(pod)
        .into_iter()
        .map(|(name, image)| {
            let (restart_count, last_state) = restarts_of(&pod.status, &name).unwrap_or((0, None));
            ContainerStatus {
                state: Some(state(&name)),
                last_state,
                restart_count,
                started: Some(started),
                image_id: started.then(|| format!("docker.io/library/{image}")),
                container_id: started.then(|| format!("containerd://{name}")),
                image,
                name,
                ready: false,
                allocated_resources: None,
            }
        })
        .collect();
    pod.status
        .get_or_insert_with(PodStatus::default)
        .container_statuses = Some(statuses);
}

fn waiting(reason: &str, message: Option<String>) -> ContainerState {
    ContainerState {
        waiting: Some(ContainerStateWaiting {
            reason: Some(reason.into()),
            message,
        }),
        ..ContainerState::default()
    }
}

/// The pod was bound to a node: it becomes ContainerCreating and its images are pulled
/// (`pull` says whether the node must pull them).
pub fn bind(
    pod: &mut Pod,
    host_ip: &str,
    now: Time,
    pull: bool,
    cfg: &KubeletConfig,
) -> (PodRun, Vec<Report>) {
    let status = pod.status.get_or_insert_with(PodStatus::default);
    status.phase = Some("Pending".into());
    status.host_ip = Some(host_ip.to_string());
    status.start_time = Some(now.to_rfc3339());
    status.qos_class.get_or_insert_with(|| "BestEffort".into());
    set_condition(
        status,
        condition("PodReadyToStartContainers", false, now, None, None),
    );
    set_condition(status, condition("Initialized", true, now, None, None));
    set_containers(pod, |_| waiting("ContainerCreating", None), false);
    set_ready(pod, false, now, None);
    let mut reports = Vec::new();
    for (_, image) in images(pod) {
        reports.push(if pull {
            report(
                EventType::Normal,
                "Pulling",
                format!("Pulling image \"{image}\""),
            )
        } else {
            report(
                EventType::Normal,
                "Pulled",
                format!("Container image \"{image}\" already present on machine"),
            )
        });
    }
    let delay = if pull { cfg.image_pull } else { Duration::ZERO };
    let run = PodRun {
        stage: Stage::Creating,
        next: Some(now.plus(Duration(delay.0 + cfg.container_start.0))),
        restarts: 0,
        crash_backoff: BACKOFF_INITIAL,
        pull_backoff: BACKOFF_INITIAL,
        started_at: now,
        ready_at: None,
        exit_at: None,
        pulls: pull,
    };
    (run, reports)
}

/// Moves the pod on at `now`, when its timer fires.
pub fn step(
    pod: &mut Pod,
    run: &mut PodRun,
    behavior: &Behavior,
    pod_ip: &str,
    now: Time,
    cfg: &KubeletConfig,
) -> Vec<Report> {
    match run.stage {
        Stage::Creating | Stage::PullBackOff if behavior.image_pull_fails => {
            pull_failed(pod, run, now, cfg)
        }
        Stage::PullFailed => {
            let imgs = images(pod);
            set_containers(
                pod,
                |name| {
                    let image = imgs
                        .iter()
                        .find(|(n, _)| n == name)
                        .map_or("", |(_, i)| i.as_str());
                    waiting(
                        "ImagePullBackOff",
                        Some(format!("Back-off pulling image \"{image}\"")),
                    )
                },
                false,
            );
            run.stage = Stage::PullBackOff;
            run.next = Some(now.plus(Duration(run.pull_backoff.0 - cfg.sync.0)));
            run.pull_backoff = Duration((run.pull_backoff.0 * 2).min(BACKOFF_MAX.0));
            images(pod)
                .into_iter()
                .map(|(_, image)| {
                    report(
                        EventType::Normal,
                        "BackOff",
                        format!("Back-off pulling image \"{image}\""),
                    )
                })
                .collect()
        }
        Stage::Creating | Stage::PullBackOff => {
            let mut reports: Vec<Report> = images(pod)
                .into_iter()
                .filter(|_| run.pulls)
                .map(|(_, image)| {
                    report(
                        EventType::Normal,
                        "Pulled",
                        format!(
                            "Successfully pulled image \"{image}\" in {}s",
                            cfg.image_pull.as_secs()
                        ),
                    )
                })
                .collect();
            reports.extend(start(pod, run, behavior, pod_ip, now));
            reports
        }
        Stage::Running => running(pod, run, behavior, now),
        Stage::CrashBackOff => {
            run.restarts += 1;
            let restarts = run.restarts;
            if let Some(cs) = pod
                .status
                .as_mut()
                .and_then(|s| s.container_statuses.as_mut())
            {
                for c in cs {
                    c.restart_count = restarts;
                }
            }
            let mut reports: Vec<Report> = images(pod)
                .into_iter()
                .map(|(_, image)| {
                    report(
                        EventType::Normal,
                        "Pulled",
                        format!("Container image \"{image}\" already present on machine"),
                    )
                })
                .collect();
            reports.extend(start(pod, run, behavior, pod_ip, now));
            reports
        }
        Stage::Done => {
            run.next = None;
            Vec::new()
        }
    }
}

fn pull_failed(pod: &mut Pod, run: &mut PodRun, now: Time, cfg: &KubeletConfig) -> Vec<Report> {
    let mut reports = Vec::new();
    for (_, image) in images(pod) {
        let message = format!(
            "Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": not found"
        );
        reports.push(report(EventType::Warning, "Failed", message));
        reports.push(report(
            EventType::Warning,
            "Failed",
            "Error: ErrImagePull".into(),
        ));
    }
    let message = images(pod)
        .first()
        .map(|(_, i)| format!("failed to pull and unpack image \"{i}\": not found"));
    set_containers(pod, |_| waiting("ErrImagePull", message.clone()), false);
    run.stage = Stage::PullFailed;
    run.next = Some(now.plus(cfg.sync));
    reports
}

/// Containers start (or restart): Running, and Ready now or later.
fn start(
    pod: &mut Pod,
    run: &mut PodRun,
    behavior: &Behavior,
    pod_ip: &str,
    now: Time,
) -> Vec<Report> {
    let stamp = now.to_rfc3339();
    set_containers(
        pod,
        |_| ContainerState {
            running: Some(ContainerStateRunning {
                started_at: Some(stamp.clone()),
            }),
            ..ContainerState::default()
        },
        true,
    );
    let status = pod.status.get_or_insert_with(PodStatus::default);
    status.phase = Some("Running".into());
    status.pod_ip = Some(pod_ip.to_string());
    status.pod_ips = Some(vec![serde_json::json!({ "ip": pod_ip })]);
    set_condition(
        status,
        condition("PodReadyToStartContainers", true, now, None, None),
    );
    run.stage = Stage::Running;
    run.started_at = now;
    run.ready_at = match behavior.readiness {
        Readiness::Immediate => Some(now),
        Readiness::After(d) => Some(now.plus(d)),
        Readiness::Never => None,
    };
    run.exit_at = behavior.run_for.map(|d| now.plus(d));
    let mut reports = Vec::new();
    for (name, _) in images(pod) {
        reports.push(report(
            EventType::Normal,
            "Created",
            format!("Created container: {name}"),
        ));
        reports.push(report(
            EventType::Normal,
            "Started",
            format!("Started container {name}"),
        ));
    }
    if behavior.readiness == Readiness::Never {
        reports.push(report(
            EventType::Warning,
            "Unhealthy",
            "Readiness probe failed: the probe never succeeds (kubesim behaviour)".into(),
        ));
    }
    reports.extend(running(pod, run, behavior, now));
    reports
}

/// A running pod: becomes ready, or its containers exit.
fn running(pod: &mut Pod, run: &mut PodRun, behavior: &Behavior, now: Time) -> Vec<Report> {
    let exits_now = run.exit_at.is_some_and(|t| t <= now);
    if let Some(ready_at) = run.ready_at {
        if ready_at <= now && !exits_now {
            let already = pod
                .status
                .as_ref()
                .and_then(|s| s.conditions.as_ref())
                .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready"))
                .is_some_and(|c| c.status == "True");
            if !already {
                set_ready(pod, true, now, None);
            }
            run.ready_at = None;
        }
    }
    if exits_now {
        return exit(pod, run, behavior, now);
    }
    run.next = [run.ready_at, run.exit_at].into_iter().flatten().min();
    Vec::new()
}

/// The containers exit with the behaviour's code; restartPolicy decides what follows.
fn exit(pod: &mut Pod, run: &mut PodRun, behavior: &Behavior, now: Time) -> Vec<Report> {
    let code = behavior.exit_code;
    let terminated = ContainerState {
        terminated: Some(ContainerStateTerminated {
            exit_code: code,
            reason: Some(if code == 0 { "Completed" } else { "Error" }.into()),
            started_at: Some(run.started_at.to_rfc3339()),
            finished_at: Some(now.to_rfc3339()),
            ..ContainerStateTerminated::default()
        }),
        ..ContainerState::default()
    };
    let policy = pod.spec.restart_policy.as_deref().unwrap_or("Always");
    let restart = policy == "Always" || (policy == "OnFailure" && code != 0);
    run.exit_at = None;
    run.ready_at = None;
    if !restart {
        set_containers(pod, |_| terminated.clone(), false);
        let status = pod.status.get_or_insert_with(PodStatus::default);
        status.phase = Some(if code == 0 { "Succeeded" } else { "Failed" }.into());
        set_ready(pod, false, now, Some("PodCompleted"));
        run.stage = Stage::Done;
        run.next = None;
        return Vec::new();
    }
    if now.since(run.started_at) >= BACKOFF_RESET {
        run.crash_backoff = BACKOFF_INITIAL;
    }
    let backoff = run.crash_backoff;
    let pod_ref = format!(
        "{}_{}({})",
        pod.metadata.name.as_deref().unwrap_or(""),
        pod.metadata.namespace.as_deref().unwrap_or("default"),
        pod.metadata.uid.as_deref().unwrap_or("")
    );
    let mut reports = Vec::new();
    let names: Vec<String> = pod.spec.containers.iter().map(|c| c.name.clone()).collect();
    set_containers(
        pod,
        |name| {
            waiting(
                "CrashLoopBackOff",
                Some(format!(
                    "back-off {}s restarting failed container={name} pod={pod_ref}",
                    backoff.as_secs()
                )),
            )
        },
        false,
    );
    if let Some(cs) = pod
        .status
        .as_mut()
        .and_then(|s| s.container_statuses.as_mut())
    {
        for c in cs {
            c.last_state = Some(terminated.clone());
        }
    }
    set_ready(pod, false, now, None);
    for name in names {
        reports.push(report(
            EventType::Warning,
            "BackOff",
            format!("Back-off restarting failed container {name} in pod {pod_ref}"),
        ));
    }
    run.stage = Stage::CrashBackOff;
    run.next = Some(now.plus(backoff));
    run.crash_backoff = Duration((backoff.0 * 2).min(BACKOFF_MAX.0));
    reports
}

/// The node stopped answering: the pod's readiness is unknown to the control plane.
pub fn node_lost(pod: &mut Pod, now: Time) {
    set_ready(pod, false, now, Some("NodeNotReady"));
}

/// The node answers again: running containers report ready again.
pub fn node_back(pod: &mut Pod, now: Time) {
    let running = pod
        .status
        .as_ref()
        .and_then(|s| s.container_statuses.as_ref())
        .is_some_and(|cs| {
            cs.iter()
                .all(|c| c.state.as_ref().is_some_and(|s| s.running.is_some()))
        });
    if running {
        set_ready(pod, true, now, None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::object::Object;

    fn pod(restart_policy: &str) -> Pod {
        let obj = Object::from_json(serde_json::json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "p", "namespace": "default", "uid": "u1"},
            "spec": {"restartPolicy": restart_policy, "containers": [{"name": "app", "image": "busybox:1.36"}]}
        }))
        .unwrap();
        match obj {
            Object::Pod(p) => p,
            _ => unreachable!("a Pod decodes as a Pod"),
        }
    }

    fn behavior(run_for: Option<i64>, exit_code: i32) -> Behavior {
        Behavior {
            run_for: run_for.map(Duration::seconds),
            exit_code,
            readiness: Readiness::Immediate,
            image_pull_fails: false,
        }
    }

    /// Runs the pod's timers until `until`, returning (time, waiting reason or phase) steps.
    fn simulate(p: &mut Pod, b: &Behavior, until: i64) -> (PodRun, Vec<(i64, String)>) {
        let cfg = KubeletConfig::default();
        let t0 = Time::DEFAULT_START;
        let (mut run, _) = bind(p, "172.18.0.3", t0, true, &cfg);
        let mut seen = Vec::new();
        while let Some(t) = run.next.filter(|t| t.since(t0).as_secs() <= until) {
            step(p, &mut run, b, "10.244.1.2", t, &cfg);
            let cs = &p
                .status
                .as_ref()
                .unwrap()
                .container_statuses
                .as_ref()
                .unwrap()[0];
            let label = cs
                .state
                .as_ref()
                .and_then(|s| s.waiting.as_ref())
                .and_then(|w| w.reason.clone())
                .unwrap_or_else(|| p.status.as_ref().unwrap().phase.clone().unwrap());
            seen.push((t.since(t0).as_secs(), label));
        }
        (run, seen)
    }

    #[test]
    fn a_long_running_pod_becomes_ready_after_pull_and_start() {
        let mut p = pod("Always");
        let (run, seen) = simulate(&mut p, &behavior(None, 0), 600);
        assert_eq!(seen, [(3, "Running".to_string())]);
        assert_eq!(run.next, None);
        assert!(crate::controllers::podutil::is_ready(&p));
    }

    #[test]
    fn crash_loop_backoff_doubles_up_to_five_minutes() {
        let mut p = pod("Always");
        let (run, seen) = simulate(&mut p, &behavior(Some(1), 1), 2000);
        let restarts: Vec<i64> = seen
            .iter()
            .filter(|(_, s)| s == "Running")
            .map(|(t, _)| *t)
            .collect();
        // Start at 3 s; each run lasts 1 s; back-offs 10, 20, 40, 80, 160, 300, 300 s.
        let mut expected = vec![3];
        let mut t = 3;
        for backoff in [10, 20, 40, 80, 160, 300, 300] {
            t += 1 + backoff;
            expected.push(t);
        }
        assert_eq!(&restarts[..expected.len()], &expected[..]);
        assert!(seen.iter().any(|(_, s)| s == "CrashLoopBackOff"));
        assert!(run.restarts >= 7);
    }

    #[test]
    fn restart_policy_decides_what_follows_an_exit() {
        let cases = [
            ("Never", 0, "Succeeded"),
            ("Never", 2, "Failed"),
            ("OnFailure", 0, "Succeeded"),
            ("OnFailure", 1, "CrashLoopBackOff"),
            ("Always", 0, "CrashLoopBackOff"),
        ];
        for (policy, code, expected) in cases {
            let mut p = pod(policy);
            let (_, seen) = simulate(&mut p, &behavior(Some(5), code), 9);
            assert_eq!(
                seen.last().map(|s| s.1.as_str()),
                Some(expected),
                "{policy} exit {code}"
            );
        }
    }

    #[test]
    fn image_pull_failure_alternates_with_backoff() {
        let mut p = pod("Always");
        let b = Behavior {
            image_pull_fails: true,
            ..behavior(None, 0)
        };
        let (_, seen) = simulate(&mut p, &b, 40);
        let labels: Vec<&str> = seen.iter().map(|s| s.1.as_str()).collect();
        assert_eq!(
            &labels[..4],
            [
                "ErrImagePull",
                "ImagePullBackOff",
                "ErrImagePull",
                "ImagePullBackOff"
            ]
        );
        assert_eq!(seen[0].0, 3);
        assert_eq!(seen[2].0, 3 + 10);
    }

    #[test]
    fn a_readiness_probe_that_never_passes_keeps_the_pod_unready() {
        let mut p = pod("Always");
        let b = Behavior {
            readiness: Readiness::Never,
            ..behavior(None, 0)
        };
        simulate(&mut p, &b, 600);
        assert_eq!(p.status.as_ref().unwrap().phase.as_deref(), Some("Running"));
        assert!(!crate::controllers::podutil::is_ready(&p));
    }
}
