//! Deployments on the simulated cluster: what `kubectl create deployment`, `set image`,
//! `scale` and `rollout status|history|undo|pause|resume|restart` do, and the
//! [`RolloutTrace`] a lesson shows — one step per instant at which the Deployment
//! controller resized a ReplicaSet or the ReplicaSets' pods changed, with every
//! ReplicaSet's desired, current, ready and available pods and the reasons.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::api::deployment::Deployment;
use crate::api::object::Object;
use crate::api::replicaset::ReplicaSet;
use crate::controllers::deployment::rollback::{rollback, Rollback};
use crate::controllers::deployment::util::{self as dutil, RESTARTED_AT};
use crate::controllers::deployment::PlanStep;
use crate::controllers::podutil::controller_of;
use crate::kubectl::command::{Rollout, RolloutAction, SetImage};
use crate::kubectl::messages::{operation, rollback_skipped};
use crate::kubectl::rollout::{self as printer, deployment_revisions, RolloutStatus};
use crate::kubectl::{KubectlError, ResourceType};
use crate::manifest::diagnostic::{Lang, Text};
use crate::sim::clock::{Duration, Time};
use crate::sim::engine::{Cluster, SimError};
use crate::sim::html::escape;
use crate::sim::kubectl::{not_found, sim_error};
use crate::sim::store::Key;
use crate::sim::trace::Step;

/// How long `rollout status` follows a rollout before giving up (kubectl waits forever;
/// a simulation needs an end).
pub const STATUS_WATCH_LIMIT: Duration = Duration(3_600_000);

/// The actor of the Deployment controller's trace steps.
const CONTROLLER: &str = "deployment-controller";

fn err(en: impl Into<String>, ko: impl Into<String>) -> KubectlError {
    KubectlError::new(en, ko)
}

/// One ReplicaSet of a Deployment at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RsFrame {
    pub name: String,
    pub revision: i64,
    /// The images of its pod template, comma-separated: the "version" a lesson talks about.
    pub images: String,
    /// Its template is the Deployment's.
    pub new: bool,
    pub desired: i32,
    pub current: i32,
    pub ready: i32,
    pub available: i32,
    pub terminating: i32,
}

/// A ReplicaSet's size changed between two steps (`from` 0 for a new one, `to` 0 for a
/// deleted one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RsChange {
    pub replica_set: String,
    pub from: i32,
    pub to: i32,
    pub created: bool,
    pub deleted: bool,
}

/// One instant of a rollout.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RolloutStep {
    pub time: Time,
    /// The Deployment's `replicas` then.
    pub replicas: i32,
    /// Oldest first; the new ReplicaSet is flagged.
    pub replica_sets: Vec<RsFrame>,
    pub changes: Vec<RsChange>,
    /// What the Deployment controller did at this instant (ReplicaSets created, scaled,
    /// deleted), each with its reason.
    pub actions: Vec<Step>,
    /// The actions' reasons, or what was observed when the controller did nothing.
    pub reason: Text,
    /// The reason of the Progressing condition (NewReplicaSetAvailable,
    /// ProgressDeadlineExceeded, ...).
    pub progressing: Option<String>,
}

impl RolloutStep {
    fn sum(&self, new: bool, f: impl Fn(&RsFrame) -> i32) -> i32 {
        self.replica_sets
            .iter()
            .filter(|r| r.new == new)
            .map(f)
            .sum()
    }

    /// Desired pods of the old ReplicaSets.
    pub fn old_desired(&self) -> i32 {
        self.sum(false, |r| r.desired)
    }

    /// Desired pods of the new ReplicaSet.
    pub fn new_desired(&self) -> i32 {
        self.sum(true, |r| r.desired)
    }

    /// Pods of the old ReplicaSets (not terminating).
    pub fn old_pods(&self) -> i32 {
        self.sum(false, |r| r.current)
    }

    /// Pods of the new ReplicaSet (not terminating).
    pub fn new_pods(&self) -> i32 {
        self.sum(true, |r| r.current)
    }

    pub fn old_available(&self) -> i32 {
        self.sum(false, |r| r.available)
    }

    pub fn new_available(&self) -> i32 {
        self.sum(true, |r| r.available)
    }

    pub fn ready(&self) -> i32 {
        self.replica_sets.iter().map(|r| r.ready).sum()
    }

    pub fn available(&self) -> i32 {
        self.replica_sets.iter().map(|r| r.available).sum()
    }

    /// Pods that exist and are not terminating.
    pub fn total(&self) -> i32 {
        self.replica_sets.iter().map(|r| r.current).sum()
    }

    /// Pods still shutting down.
    pub fn terminating(&self) -> i32 {
        self.replica_sets.iter().map(|r| r.terminating).sum()
    }

    /// Sizes added up, as maxSurge bounds them.
    pub fn desired_total(&self) -> i32 {
        self.replica_sets.iter().map(|r| r.desired).sum()
    }

    /// How far availability is below `replicas`.
    pub fn unavailable(&self) -> i32 {
        (self.replicas - self.available()).max(0)
    }

    /// The changes in a few words: "scale up web-5d8f 1→2, scale down web-7c9b 3→2".
    pub fn action(&self) -> Text {
        if self.changes.is_empty() {
            return Text::new("no scaling", "스케일 변화 없음");
        }
        let (mut en, mut ko) = (Vec::new(), Vec::new());
        for c in &self.changes {
            let (e, k) = if c.created {
                (
                    format!("create {} ({})", c.replica_set, c.to),
                    format!("{} 생성 ({}개)", c.replica_set, c.to),
                )
            } else if c.deleted {
                (
                    format!("delete {}", c.replica_set),
                    format!("{} 삭제", c.replica_set),
                )
            } else if c.to > c.from {
                (
                    format!("scale up {} {}→{}", c.replica_set, c.from, c.to),
                    format!("{} {}→{} 늘림", c.replica_set, c.from, c.to),
                )
            } else {
                (
                    format!("scale down {} {}→{}", c.replica_set, c.from, c.to),
                    format!("{} {}→{} 줄임", c.replica_set, c.from, c.to),
                )
            };
            en.push(e);
            ko.push(k);
        }
        Text::new(en.join(", "), ko.join(", "))
    }
}

/// What happened to one Deployment during a run, instant by instant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RolloutTrace {
    /// `deployment/<name>`.
    pub deployment: String,
    /// The first step is the state before the run.
    pub steps: Vec<RolloutStep>,
}

impl RolloutTrace {
    /// The most pods the ReplicaSets asked for at once (bounded by replicas + maxSurge).
    pub fn max_desired(&self) -> i32 {
        self.steps
            .iter()
            .map(RolloutStep::desired_total)
            .max()
            .unwrap_or(0)
    }

    /// The fewest available pods at any step.
    pub fn min_available(&self) -> i32 {
        self.steps
            .iter()
            .map(RolloutStep::available)
            .min()
            .unwrap_or(0)
    }

    /// The versions that served, step by step, as the course draws it:
    /// `nginx:1.20 (3) → nginx:1.20 (2) + nginx:1.21 (1) → … → nginx:1.21 (3)`, counting
    /// available pods per ReplicaSet and leaving out repeats.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for step in &self.steps {
            let mut by_version: Vec<(String, i32)> = Vec::new();
            for r in step.replica_sets.iter().filter(|r| r.available > 0) {
                match by_version.iter_mut().find(|(v, _)| *v == r.images) {
                    Some((_, n)) => *n += r.available,
                    None => by_version.push((r.images.clone(), r.available)),
                }
            }
            let line = if by_version.is_empty() {
                "(none available)".to_string()
            } else {
                by_version
                    .iter()
                    .map(|(v, n)| format!("{v} ({n})"))
                    .collect::<Vec<_>>()
                    .join(" + ")
            };
            if parts.last() != Some(&line) {
                parts.push(line);
            }
        }
        parts.join(" → ")
    }
}

/// The state of a Deployment's ReplicaSets at one instant.
#[derive(Debug, Clone, PartialEq)]
struct Frame {
    replicas: i32,
    replica_sets: Vec<RsFrame>,
    progressing: Option<String>,
}

impl Frame {
    fn of(c: &Cluster, key: &Key) -> Option<Frame> {
        let Some(Object::Deployment(d)) = c.store.get(key) else {
            return None;
        };
        let replica_sets = c
            .deployment_replica_sets(d)
            .into_iter()
            .map(|rs| {
                let status = rs.status.clone().unwrap_or_default();
                RsFrame {
                    name: rs.metadata.name_or_empty().to_string(),
                    revision: dutil::revision(&rs.metadata).unwrap_or(0),
                    images: rs
                        .spec
                        .template
                        .spec
                        .containers
                        .iter()
                        .map(|c| c.image.clone().unwrap_or_default())
                        .collect::<Vec<_>>()
                        .join(","),
                    new: dutil::equal_ignore_hash(&rs.spec.template, &d.spec.template),
                    desired: dutil::rs_replicas(rs),
                    current: status.replicas,
                    ready: status.ready_replicas.unwrap_or(0),
                    available: status.available_replicas.unwrap_or(0),
                    terminating: status.terminating_replicas.unwrap_or(0),
                }
            })
            .collect();
        let progressing = d
            .status
            .as_ref()
            .and_then(|s| dutil::get_condition(s, "Progressing"))
            .and_then(|c| c.reason.clone());
        Some(Frame {
            replicas: dutil::replicas(d),
            replica_sets,
            progressing,
        })
    }

    /// What a lesson cares about; terminating pods alone do not make a step.
    fn signature(&self) -> Vec<(String, i32, i32, i32, i32, bool)> {
        self.replica_sets
            .iter()
            .map(|r| {
                (
                    r.name.clone(),
                    r.desired,
                    r.current,
                    r.ready,
                    r.available,
                    r.new,
                )
            })
            .collect()
    }
}

/// Collects the steps of one Deployment while the cluster runs.
struct Recorder {
    key: Key,
    mark: usize,
    last: Option<Frame>,
    steps: Vec<RolloutStep>,
}

impl Recorder {
    fn new(c: &Cluster, key: &Key) -> Recorder {
        let mut r = Recorder {
            key: key.clone(),
            mark: c.trace().len(),
            last: None,
            steps: Vec::new(),
        };
        if let Some(frame) = Frame::of(c, key) {
            r.steps.push(RolloutStep {
                time: c.now,
                replicas: frame.replicas,
                replica_sets: frame.replica_sets.clone(),
                changes: Vec::new(),
                actions: Vec::new(),
                reason: Text::new("before the run", "실행 전 상태"),
                progressing: frame.progressing.clone(),
            });
            r.last = Some(frame);
        }
        r
    }

    fn observe(&mut self, c: &Cluster) {
        let Some(frame) = Frame::of(c, &self.key) else {
            return;
        };
        let names: Vec<&str> = frame
            .replica_sets
            .iter()
            .chain(self.last.iter().flat_map(|l| l.replica_sets.iter()))
            .map(|r| r.name.as_str())
            .collect();
        let recent = c.trace().get(self.mark..).unwrap_or_default();
        let actions: Vec<Step> = recent
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                // The store notes a creation, then the controller's action says why: keep
                // only the second.
                let noted_again = recent.get(i + 1).is_some_and(|n| {
                    n.actor == s.actor && n.verb == s.verb && n.target == s.target
                });
                s.actor == CONTROLLER
                    && !noted_again
                    && s.target
                        .strip_prefix("replicaset/")
                        .is_some_and(|n| names.contains(&n))
            })
            .map(|(_, s)| s.clone())
            .collect();
        self.mark = c.trace().len();
        let changed = self.last.as_ref().is_none_or(|l| {
            l.signature() != frame.signature() || l.progressing != frame.progressing
        });
        if actions.is_empty() && !changed {
            return;
        }
        let changes = diff(self.last.as_ref(), &frame);
        let reason = if actions.is_empty() {
            observation(self.last.as_ref(), &frame)
        } else {
            Text::new(
                actions
                    .iter()
                    .map(|a| a.reason.en.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
                actions
                    .iter()
                    .map(|a| a.reason.ko.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        };
        self.steps.push(RolloutStep {
            time: c.now,
            replicas: frame.replicas,
            replica_sets: frame.replica_sets.clone(),
            changes,
            actions,
            reason,
            progressing: frame.progressing.clone(),
        });
        self.last = Some(frame);
    }
}

fn diff(before: Option<&Frame>, after: &Frame) -> Vec<RsChange> {
    let old: BTreeMap<&str, i32> = before
        .iter()
        .flat_map(|f| f.replica_sets.iter())
        .map(|r| (r.name.as_str(), r.desired))
        .collect();
    let mut out = Vec::new();
    for r in &after.replica_sets {
        match old.get(r.name.as_str()) {
            None => out.push(RsChange {
                replica_set: r.name.clone(),
                from: 0,
                to: r.desired,
                created: true,
                deleted: false,
            }),
            Some(&from) if from != r.desired => out.push(RsChange {
                replica_set: r.name.clone(),
                from,
                to: r.desired,
                created: false,
                deleted: false,
            }),
            _ => {}
        }
    }
    for (name, from) in old {
        if !after.replica_sets.iter().any(|r| r.name == name) {
            out.push(RsChange {
                replica_set: name.to_string(),
                from,
                to: 0,
                created: false,
                deleted: true,
            });
        }
    }
    out
}

/// Why a step exists when the controller did nothing: what the pods did.
fn observation(before: Option<&Frame>, after: &Frame) -> Text {
    let sum = |f: Option<&Frame>, new: bool, g: fn(&RsFrame) -> i32| -> i32 {
        f.iter()
            .flat_map(|f| f.replica_sets.iter())
            .filter(|r| r.new == new)
            .map(g)
            .sum()
    };
    if after.progressing != before.and_then(|b| b.progressing.clone())
        && after.progressing.as_deref() == Some(dutil::reason::TIMED_OUT)
    {
        return Text::new(
            "no progress within progressDeadlineSeconds: the Deployment reports Progressing=False (ProgressDeadlineExceeded); the controller keeps the rollout where it is",
            "progressDeadlineSeconds 안에 진전이 없어 Deployment가 Progressing=False(ProgressDeadlineExceeded)을(를) 보고합니다; 컨트롤러는 롤아웃을 그 자리에 둡니다",
        );
    }
    let new_avail = sum(Some(after), true, |r| r.available) - sum(before, true, |r| r.available);
    let old_avail = sum(Some(after), false, |r| r.available) - sum(before, false, |r| r.available);
    let done = sum(Some(after), false, |r| r.current) == 0
        && after
            .replica_sets
            .iter()
            .any(|r| r.new && r.desired == after.replicas && r.available == after.replicas);
    let mut en = Vec::new();
    let mut ko = Vec::new();
    if new_avail > 0 {
        en.push(format!("{new_avail} new pod(s) became available"));
        ko.push(format!("새 Pod {new_avail}개가 사용 가능해졌습니다"));
    }
    if new_avail < 0 || old_avail < 0 {
        let n = -(new_avail.min(0) + old_avail.min(0));
        en.push(format!("{n} pod(s) stopped being available"));
        ko.push(format!("Pod {n}개가 더 이상 사용 가능하지 않습니다"));
    }
    if done {
        en.push("every pod runs the new template and is available: the rollout is complete".into());
        ko.push("모든 Pod가 새 템플릿으로 실행되고 사용 가능합니다: 롤아웃이 끝났습니다".into());
    }
    if en.is_empty() {
        en.push("the ReplicaSets' pods changed (created, started, ready or gone)".into());
        ko.push("ReplicaSet의 Pod가 바뀌었습니다 (생성, 시작, 준비 또는 사라짐)".into());
    }
    Text::new(en.join("; "), ko.join("; "))
}

/// Where an object keeps its pod spec in JSON.
fn pod_spec_path(kind: &str) -> Option<&'static [&'static str]> {
    match kind {
        "Pod" => Some(&["spec"]),
        "CronJob" => Some(&["spec", "jobTemplate", "spec", "template", "spec"]),
        "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" | "Job" => {
            Some(&["spec", "template", "spec"])
        }
        _ => None,
    }
}

impl Cluster {
    /// The ReplicaSets a Deployment controls, oldest first.
    pub fn deployment_replica_sets(&self, d: &Deployment) -> Vec<&ReplicaSet> {
        let uid = d.metadata.uid.as_deref().unwrap_or("");
        let namespace = d.metadata.namespace.as_deref().unwrap_or("default");
        let mut out: Vec<&ReplicaSet> = self
            .store
            .list("ReplicaSet")
            .filter_map(|o| match o {
                Object::ReplicaSet(rs)
                    if rs.metadata.namespace.as_deref().unwrap_or("default") == namespace
                        && controller_of(&rs.metadata).is_some_and(|r| r.uid == uid) =>
                {
                    Some(rs)
                }
                _ => None,
            })
            .collect();
        out.sort_by(|a, b| dutil::by_creation(a, b));
        out
    }

    fn deployment(&self, key: &Key) -> Result<&Deployment, KubectlError> {
        match self.store.get(key) {
            Some(Object::Deployment(d)) => Ok(d),
            _ => Err(not_found(ResourceType::Deployment, &key.name)),
        }
    }

    /// Writes a changed Deployment spec (as the API server does on a patch) and notes who.
    fn write_deployment(&mut self, d: Deployment, why: Text) -> Result<(), KubectlError> {
        let key = Key::of(&Object::Deployment(d.clone()));
        self.store
            .update(Object::Deployment(d))
            .map_err(|e| sim_error(e.into()))?;
        self.record("kubectl", "update", key.to_string(), why);
        Ok(())
    }

    /// Runs the cluster like [`Cluster::run`] and returns what happened to one Deployment.
    pub fn run_rollout(&mut self, key: &Key, limit: Duration) -> Result<RolloutTrace, SimError> {
        let mut recorder = Recorder::new(self, key);
        self.run_observed(limit, |c| {
            recorder.observe(c);
            true
        })?;
        Ok(RolloutTrace {
            deployment: key.to_string(),
            steps: recorder.steps,
        })
    }

    /// `kubectl set image TYPE/NAME CONTAINER=IMAGE...` (`*` for every container): true if
    /// the pod template changed.
    pub fn set_image(
        &mut self,
        key: &Key,
        images: &[(String, String)],
    ) -> Result<bool, KubectlError> {
        let resource = ResourceType::parse(&key.kind.to_lowercase()).unwrap_or(ResourceType::Pod);
        let Some(obj) = self.store.get(key) else {
            return Err(not_found(resource, &key.name));
        };
        let Some(path) = pod_spec_path(obj.kind()) else {
            return Err(err(
                format!("{} has no pod template", key),
                format!("{}에는 Pod 템플릿이 없습니다", key),
            ));
        };
        let mut value = obj.to_json();
        let mut spec = Some(&mut value);
        for p in path {
            spec = spec.and_then(|v| v.get_mut(*p));
        }
        let Some(spec) = spec else {
            return Err(err(
                format!("{key} has no pod template"),
                format!("{key}에는 Pod 템플릿이 없습니다"),
            ));
        };
        let mut changed = false;
        for (container, image) in images {
            let mut found = false;
            for list in ["initContainers", "containers"] {
                let Some(items) = spec.get_mut(list).and_then(Value::as_array_mut) else {
                    continue;
                };
                for c in items {
                    if container == "*" || c.get("name").and_then(Value::as_str) == Some(container)
                    {
                        found = true;
                        if c.get("image").and_then(Value::as_str) != Some(image) {
                            c["image"] = Value::String(image.clone());
                            changed = true;
                        }
                    }
                }
            }
            if !found {
                return Err(err(
                    format!("unable to find container named {container:?}"),
                    format!("이름이 {container:?}인 컨테이너를 찾을 수 없습니다"),
                ));
            }
        }
        if !changed {
            return Ok(false);
        }
        let updated = Object::from_json(value).map_err(|e| err(e.to_string(), e.to_string()))?;
        self.store
            .update(updated)
            .map_err(|e| sim_error(e.into()))?;
        let list: Vec<String> = images.iter().map(|(c, i)| format!("{c}={i}")).collect();
        self.record(
            "kubectl",
            "update",
            key.to_string(),
            Text::new(
                format!(
                    "kubectl set image {}: the pod template changed",
                    list.join(" ")
                ),
                format!(
                    "kubectl set image {}: Pod 템플릿이 바뀌었습니다",
                    list.join(" ")
                ),
            ),
        );
        Ok(true)
    }

    /// `kubectl rollout undo [--to-revision=N]`: what kubectl prints.
    pub fn rollout_undo(&mut self, key: &Key, to_revision: i64) -> Result<String, KubectlError> {
        let d = self.deployment(key)?.clone();
        let rss = self.deployment_replica_sets(&d);
        match rollback(&d, &rss, to_revision).map_err(|t| KubectlError {
            message: t,
            hint: None,
        })? {
            Rollback::Skipped { revision } => Ok(rollback_skipped(
                ResourceType::Deployment,
                &key.name,
                revision,
            )),
            Rollback::RolledBack {
                deployment,
                revision,
            } => {
                self.write_deployment(
                    *deployment,
                    Text::new(
                        format!(
                            "kubectl rollout undo: the pod template of revision {revision} is back"
                        ),
                        format!(
                            "kubectl rollout undo: 리비전 {revision}의 Pod 템플릿으로 되돌렸습니다"
                        ),
                    ),
                )?;
                Ok(operation(
                    ResourceType::Deployment,
                    &key.name,
                    "rolled back",
                ))
            }
        }
    }

    /// `kubectl rollout restart`: a new restartedAt annotation in the pod template.
    pub fn rollout_restart(&mut self, key: &Key) -> Result<String, KubectlError> {
        let mut d = self.deployment(key)?.clone();
        if d.spec.paused == Some(true) {
            return Err(err(
                format!("deployments.apps {:?} can't restart paused deployment (run rollout resume first)", key.name),
                format!("deployments.apps {:?}은(는) 일시 중지되어 재시작할 수 없습니다 (먼저 rollout resume을 실행하세요)", key.name),
            ));
        }
        let stamp = self.now.to_rfc3339();
        d.spec
            .template
            .metadata
            .annotations
            .get_or_insert_with(BTreeMap::new)
            .insert(RESTARTED_AT.to_string(), stamp.clone());
        self.write_deployment(
            d,
            Text::new(
                format!("kubectl rollout restart: {RESTARTED_AT}={stamp} in the pod template"),
                format!("kubectl rollout restart: Pod 템플릿에 {RESTARTED_AT}={stamp}"),
            ),
        )?;
        Ok(operation(ResourceType::Deployment, &key.name, "restarted"))
    }

    /// `kubectl rollout pause` (`pause` true) or `resume`.
    pub fn rollout_pause(&mut self, key: &Key, pause: bool) -> Result<String, KubectlError> {
        let mut d = self.deployment(key)?.clone();
        let paused = d.spec.paused == Some(true);
        if paused == pause {
            let (en, ko) = if pause {
                ("is already paused", "은(는) 이미 일시 중지되어 있습니다")
            } else {
                ("is not paused", "은(는) 일시 중지되어 있지 않습니다")
            };
            return Err(err(
                format!("deployments.apps {:?} {en}", key.name),
                format!("deployments.apps {:?}{ko}", key.name),
            ));
        }
        d.spec.paused = pause.then_some(true);
        let (op, en, ko) = if pause {
            (
                "paused",
                "kubectl rollout pause: spec.paused=true",
                "kubectl rollout pause: spec.paused=true",
            )
        } else {
            (
                "resumed",
                "kubectl rollout resume: spec.paused removed",
                "kubectl rollout resume: spec.paused를 지웠습니다",
            )
        };
        self.write_deployment(d, Text::new(en, ko))?;
        Ok(operation(ResourceType::Deployment, &key.name, op))
    }

    /// The revisions of a Deployment, oldest first.
    pub fn rollout_history(&self, key: &Key) -> Result<Vec<printer::Revision>, KubectlError> {
        let d = self.deployment(key)?;
        Ok(deployment_revisions(&self.deployment_replica_sets(d)))
    }

    /// `kubectl rollout status --watch=false`: the status line now.
    pub fn rollout_status(
        &self,
        key: &Key,
        revision: Option<i64>,
    ) -> Result<RolloutStatus, KubectlError> {
        printer::deployment_status(self.deployment(key)?, revision)
    }

    /// `kubectl rollout status`: follows the rollout (moving the clock) until it is done,
    /// printing each new status line.
    fn watch_rollout_status(
        &mut self,
        key: &Key,
        revision: Option<i64>,
    ) -> Result<String, KubectlError> {
        let first = self.rollout_status(key, revision)?;
        let mut out = first.message.clone();
        if first.done {
            return Ok(out);
        }
        let mut last = first.message;
        let mut outcome: Option<Result<(), KubectlError>> = None;
        self.run_observed(STATUS_WATCH_LIMIT, |c| {
            match c.rollout_status(key, revision) {
                Ok(s) => {
                    if s.message != last {
                        out.push_str(&s.message);
                        last = s.message;
                    }
                    if s.done {
                        outcome = Some(Ok(()));
                    }
                    !s.done
                }
                Err(e) => {
                    outcome = Some(Err(e));
                    false
                }
            }
        })
        .map_err(sim_error)?;
        match outcome {
            Some(Ok(())) => Ok(out),
            Some(Err(e)) => Err(e),
            None => Err(err(
                "timed out waiting for the condition",
                "조건을 기다리다 시간이 다 되었습니다 (시뮬레이션 시간 1시간)",
            )),
        }
    }

    /// `kubectl set image` as a command: kubectl's line, nothing when nothing changed.
    pub(crate) fn kubectl_set_image(
        &mut self,
        s: &SetImage,
        namespace: &str,
    ) -> Result<String, KubectlError> {
        let ns = if s.resource.is_namespaced() {
            namespace
        } else {
            ""
        };
        let key = Key::new(s.resource.kind(), ns, &s.name);
        if !self.store.contains(&key) {
            return Err(not_found(s.resource, &s.name));
        }
        Ok(if self.set_image(&key, &s.images)? {
            operation(s.resource, &s.name, "image updated")
        } else {
            String::new()
        })
    }

    /// `kubectl rollout ...`.
    pub(crate) fn kubectl_rollout(
        &mut self,
        r: &Rollout,
        namespace: &str,
    ) -> Result<String, KubectlError> {
        let key = Key::new(r.resource.kind(), namespace, &r.name);
        if r.resource != ResourceType::Deployment {
            return match (r.action, self.store.get(&key)) {
                (_, None) => Err(not_found(r.resource, &r.name)),
                (RolloutAction::Status, Some(Object::DaemonSet(ds))) => {
                    printer::daemonset_status(ds).map(|s| s.message)
                }
                (RolloutAction::Status, Some(Object::StatefulSet(sts))) => {
                    printer::statefulset_status(sts).map(|s| s.message)
                }
                _ => Err(err(
                    format!(
                        "kubesim does not simulate rollout {} for {} yet",
                        action_word(r.action),
                        r.resource.plural()
                    ),
                    format!(
                        "kubesim은 아직 {}의 rollout {}을(를) 시뮬레이션하지 않습니다",
                        r.resource.plural(),
                        action_word(r.action)
                    ),
                )),
            };
        }
        self.deployment(&key)?;
        match r.action {
            RolloutAction::Status if r.watch => self.watch_rollout_status(&key, r.revision),
            RolloutAction::Status => self.rollout_status(&key, r.revision).map(|s| s.message),
            RolloutAction::History => {
                let revisions = self.rollout_history(&key)?;
                printer::history(ResourceType::Deployment, &r.name, &revisions, r.revision)
            }
            RolloutAction::Undo => self.rollout_undo(&key, r.to_revision.unwrap_or(0)),
            RolloutAction::Pause => self.rollout_pause(&key, true),
            RolloutAction::Resume => self.rollout_pause(&key, false),
            RolloutAction::Restart => self.rollout_restart(&key),
        }
    }
}

fn action_word(a: RolloutAction) -> &'static str {
    match a {
        RolloutAction::Status => "status",
        RolloutAction::History => "history",
        RolloutAction::Undo => "undo",
        RolloutAction::Pause => "pause",
        RolloutAction::Resume => "resume",
        RolloutAction::Restart => "restart",
    }
}

#[cfg(test)]
#[path = "rollout_tests.rs"]
mod tests;

/// Boxes for one ReplicaSet's pods: filled when available, outlined while starting, grey
/// while terminating.
fn pod_boxes(r: &RsFrame) -> String {
    const CAP: i32 = 40;
    let colour = if r.new { "#43a047" } else { "#78909c" };
    let cell = |fill: &str, border: &str| {
        format!("<span style=\"display:inline-block;width:9px;height:9px;margin:1px;background:{fill};border:1px solid {border}\"></span>")
    };
    let mut out = String::new();
    let starting = (r.current - r.available).max(0);
    let kinds = [
        (r.available, cell(colour, colour)),
        (starting, cell("#ffffff", colour)),
        (r.terminating, cell("#e0e0e0", "#bdbdbd")),
    ];
    let mut shown = 0;
    for (n, html) in kinds {
        for _ in 0..n {
            if shown < CAP {
                out.push_str(&html);
            }
            shown += 1;
        }
    }
    if shown > CAP {
        out.push_str(&format!("<small>+{}</small>", shown - CAP));
    }
    out
}

impl RolloutTrace {
    /// A table for notebooks: each step's time, the pods of each version as boxes, the
    /// counts, and what the controller did and why.
    pub fn to_html(&self, lang: Lang) -> String {
        let start = self.steps.first().map_or(Time(0), |s| s.time);
        let mut out = String::from("<div style=\"font-family:monospace;font-size:12px\"><table><thead><tr><th>t</th><th style=\"text-align:left\">pods (old · new)</th><th>old</th><th>new</th><th>available</th><th style=\"text-align:left\">action</th><th style=\"text-align:left\">reason</th></tr></thead><tbody>");
        for s in &self.steps {
            let mut pods = String::new();
            for r in s
                .replica_sets
                .iter()
                .filter(|r| r.current + r.terminating > 0)
            {
                pods.push_str(&format!(
                    "<span title=\"{} {}\" style=\"margin-right:6px\"><small>{}</small> {}</span>",
                    escape(&r.name),
                    escape(&r.images),
                    escape(&r.images),
                    pod_boxes(r)
                ));
            }
            out.push_str(&format!(
                "<tr><td>+{}s</td><td style=\"text-align:left\">{pods}</td><td>{}</td><td>{}</td><td>{}/{}</td><td style=\"text-align:left\">{}</td><td style=\"text-align:left\">{}</td></tr>",
                s.time.since(start).as_secs(),
                s.old_desired(),
                s.new_desired(),
                s.available(),
                s.replicas,
                escape(s.action().get(lang)),
                escape(s.reason.get(lang)),
            ));
        }
        out.push_str("</tbody></table></div>");
        out
    }

    /// The same as plain text, one line per step.
    pub fn to_text(&self, lang: Lang) -> String {
        let start = self.steps.first().map_or(Time(0), |s| s.time);
        let mut out = format!("{}\n", self.deployment);
        for s in &self.steps {
            out.push_str(&format!(
                "+{}s  old {}/{}  new {}/{}  available {}/{}  {}: {}\n",
                s.time.since(start).as_secs(),
                s.old_available(),
                s.old_desired(),
                s.new_available(),
                s.new_desired(),
                s.available(),
                s.replicas,
                s.action().get(lang),
                s.reason.get(lang),
            ));
        }
        out
    }
}

/// A rolling-update plan as text, one line per step.
pub fn plan_text(
    steps: &[PlanStep],
    replicas: i32,
    max_surge: &str,
    max_unavailable: &str,
    lang: Lang,
) -> String {
    let mut out = format!(
        "rolling update of {replicas} replicas, maxSurge {max_surge}, maxUnavailable {max_unavailable}\n"
    );
    for s in steps {
        out.push_str(&format!(
            "wave {}: {} {} {}→{}  (old {}/{} available, new {}/{})  {}\n",
            s.wave,
            s.action,
            s.replica_set,
            s.from,
            s.to,
            s.old_available,
            s.old,
            s.new_available,
            s.new,
            s.reason.get(lang)
        ));
    }
    out
}

/// A rolling-update plan as an HTML table for notebooks.
pub fn plan_html(steps: &[PlanStep], lang: Lang) -> String {
    let mut out = String::from("<table><thead><tr><th>wave</th><th>action</th><th>old (available)</th><th>new (available)</th><th style=\"text-align:left\">reason</th></tr></thead><tbody>");
    for s in steps {
        out.push_str(&format!(
            "<tr><td>{}</td><td>{} {} {}→{}</td><td>{} ({})</td><td>{} ({})</td><td style=\"text-align:left\">{}</td></tr>",
            s.wave,
            s.action,
            s.replica_set,
            s.from,
            s.to,
            s.old,
            s.old_available,
            s.new,
            s.new_available,
            escape(s.reason.get(lang))
        ));
    }
    out.push_str("</tbody></table>");
    out
}
