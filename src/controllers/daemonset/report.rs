//! Node by node, what a DaemonSet wants and has: whether a daemon pod should run on the
//! node (and why not: the taint it does not tolerate, the selector term it fails), and the
//! daemon pods there with their state. `Cluster::explain("daemonset/NAME")` prints these.

use serde::Serialize;

use super::util::{by_creation_and_phase, is_pod_updated};
use super::{pods_by_node, sync_state};
use crate::api::daemonset::DaemonSet;
use crate::api::pod::Pod;
use crate::controllers::podutil::{is_available, is_ready, is_terminating, node_name, phase};
use crate::manifest::diagnostic::Text;
use crate::state::clock::Time;
use crate::state::store::Store;

/// One daemon pod as a report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DaemonPodState {
    pub name: String,
    pub phase: String,
    /// Bound to its node (false while the scheduler has not placed it).
    pub scheduled: bool,
    pub ready: bool,
    pub available: bool,
    /// Made from the current template.
    pub updated: bool,
    pub terminating: bool,
    /// The scheduler's message while it is Pending (the FailedScheduling wording).
    pub pending_reason: Option<String>,
}

/// One node of a DaemonSet's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeReport {
    pub node: String,
    pub should_run: bool,
    pub should_continue_running: bool,
    /// Why a daemon pod should not run here (empty when it should).
    pub reasons: Vec<Text>,
    pub pods: Vec<DaemonPodState>,
    /// The node's line, in English and Korean.
    pub text: Text,
}

fn pod_state(
    pod: &Pod,
    hash: &str,
    generation: Option<i64>,
    min_ready: i32,
    now: Time,
) -> DaemonPodState {
    let pending_reason = pod
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .and_then(|cs| {
            cs.iter()
                .find(|c| c.type_ == "PodScheduled" && c.status == "False")
        })
        .and_then(|c| c.message.clone());
    DaemonPodState {
        name: pod.metadata.name_or_empty().to_string(),
        phase: phase(pod).to_string(),
        scheduled: !node_name(pod).is_empty(),
        ready: is_ready(pod),
        available: is_available(pod, min_ready, now),
        updated: is_pod_updated(pod, hash, generation),
        terminating: is_terminating(pod),
        pending_reason,
    }
}

fn describe_pod(p: &DaemonPodState) -> Text {
    if p.terminating {
        return Text::new(
            format!("pod/{} is terminating", p.name),
            format!("pod/{}이(가) 종료 중입니다", p.name),
        );
    }
    if !p.scheduled {
        let why = p
            .pending_reason
            .clone()
            .unwrap_or_else(|| "waiting for the scheduler".into());
        let why_ko = p
            .pending_reason
            .clone()
            .unwrap_or_else(|| "스케줄러를 기다리는 중".into());
        return Text::new(
            format!("pod/{} is Pending: {why}", p.name),
            format!("pod/{}은(는) Pending 상태입니다: {why_ko}", p.name),
        );
    }
    let (ready_en, ready_ko) = if p.ready {
        ("ready", "준비됨")
    } else {
        ("not ready", "준비 안 됨")
    };
    let (rev_en, rev_ko) = if p.updated {
        ("current template", "현재 템플릿")
    } else {
        ("old template", "이전 템플릿")
    };
    Text::new(
        format!("pod/{} ({}, {ready_en}, {rev_en})", p.name, p.phase),
        format!("pod/{} ({}, {ready_ko}, {rev_ko})", p.name, p.phase),
    )
}

/// The report of every node, in name order.
pub fn node_reports(ds: &DaemonSet, store: &Store, now: Time) -> Vec<NodeReport> {
    let uid = ds.metadata.uid.as_deref().unwrap_or("");
    let by_node = pods_by_node(ds, store.pods_controlled_by(uid));
    let owned: Vec<&Pod> = by_node.values().flatten().copied().collect();
    let key = format!("daemonset/{}", ds.metadata.name_or_empty());
    let state = sync_state(ds, store.nodes(), &owned, key);
    let min_ready = ds.spec.min_ready_seconds.unwrap_or(0);
    let mut out = Vec::with_capacity(state.nodes.len());
    for v in &state.nodes {
        let mut pods: Vec<&Pod> = by_node.get(v.name).cloned().unwrap_or_default();
        pods.sort_by(|a, b| by_creation_and_phase(a, b));
        let pods: Vec<DaemonPodState> = pods
            .into_iter()
            .map(|p| pod_state(p, &state.hash, state.generation, min_ready, now))
            .collect();
        let placement = state.predicate.evaluate(v.node);
        let reasons = if v.should_run {
            Vec::new()
        } else {
            placement.reasons.clone()
        };
        let listed = |sep_en: &str, sep_ko: &str| {
            let t: Vec<Text> = pods.iter().map(describe_pod).collect();
            Text::new(
                t.iter()
                    .map(|t| t.en.as_str())
                    .collect::<Vec<_>>()
                    .join(sep_en),
                t.iter()
                    .map(|t| t.ko.as_str())
                    .collect::<Vec<_>>()
                    .join(sep_ko),
            )
        };
        let live = pods.iter().filter(|p| !p.terminating).count();
        let text = match (v.should_run, pods.is_empty()) {
            (true, false) => {
                let l = listed("; ", "; ");
                let (extra_en, extra_ko) = if live > 1 {
                    (
                        " (more than one: the extra pods go)",
                        " (둘 이상: 남는 Pod는 지워집니다)",
                    )
                } else {
                    ("", "")
                };
                Text::new(
                    format!("should run a daemon pod, and has {}{extra_en}", l.en),
                    format!("데몬 Pod가 실행되어야 하며, 있는 Pod: {}{extra_ko}", l.ko),
                )
            }
            (true, true) => Text::new(
                "should run a daemon pod and has none yet: the controller creates one",
                "데몬 Pod가 실행되어야 하는데 아직 없습니다: 컨트롤러가 만듭니다",
            ),
            (false, true) => {
                let why = reasons
                    .first()
                    .cloned()
                    .unwrap_or_else(|| Text::new("", ""));
                Text::new(
                    format!("no daemon pod: {}", why.en),
                    format!("데몬 Pod 없음: {}", why.ko),
                )
            }
            (false, false) => {
                let why = reasons
                    .first()
                    .cloned()
                    .unwrap_or_else(|| Text::new("", ""));
                let l = listed("; ", "; ");
                if v.should_continue_running {
                    Text::new(
                        format!("should not get a new daemon pod ({}), but {} may stay because it tolerates every NoExecute taint (counted as misscheduled)", why.en, l.en),
                        format!("새 데몬 Pod는 만들지 않지만({}) {}은(는) 모든 NoExecute taint를 용인하므로 남습니다 (잘못 배치로 셈)", why.ko, l.ko),
                    )
                } else {
                    Text::new(
                        format!(
                            "should not run a daemon pod ({}): {} is deleted",
                            why.en, l.en
                        ),
                        format!(
                            "데몬 Pod가 실행되면 안 됩니다({}): {}은(는) 지워집니다",
                            why.ko, l.ko
                        ),
                    )
                }
            }
        };
        out.push(NodeReport {
            node: v.name.to_string(),
            should_run: v.should_run,
            should_continue_running: v.should_continue_running,
            reasons,
            pods,
            text,
        });
    }
    out
}
