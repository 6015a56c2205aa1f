//! One scheduling decision: filter the nodes, score the feasible ones, pick the best, or
//! say why no node fits in the words of a real FailedScheduling event.
//!
//! Facts from pkg/scheduler/schedule_one.go (`schedulePod`, `findNodesThatFitPod`,
//! `findNodesThatPassFilters`, `numFeasibleNodesToFind`, `selectHost`), framework/types.go
//! (`FitError.Error`), framework/runtime/framework.go (`RunPostFilterPlugins`: the reasons of
//! rejecting PostFilter plugins joined with ", "), framework/preemption/preemption.go
//! (`nodesWherePreemptionMightHelp`, `DryRunPreemption`), plugins/defaultpreemption
//! (`SelectVictimsOnNode`, the "preemption: " prefix) and plugins/dynamicresources
//! (`PostFilter`: "no new claims to deallocate" for pods without claims; the plugin is on by
//! default and runs before DefaultPreemption).
//!
//! Deterministic tie-break: upstream picks uniformly at random among the nodes with the top
//! score (reservoir sampling in `selectHost`). Scores are coarse integers, so ties are common
//! (ten 10m pods on a 4-CPU node score the same as none), and the randomness is what spreads
//! such pods. kubesim's default, [`TieBreak::FewestPods`], takes the tied node with the fewest
//! bound pods, then the first in the caller's order (give nodes sorted by name): the same
//! spreading as random picks, without randomness. [`TieBreak::FirstInOrder`] takes the first
//! tied node; [`TieBreak::Seeded`] draws one uniformly from a caller's seed, as upstream does.

use std::collections::BTreeMap;
use std::fmt;

use crate::api::pod::Pod;
use crate::manifest::diagnostic::Text;
use crate::state::rng::Rng;

use super::filters::{run_filters, AffinityState, Code, Plugin, PodToSchedule, Rejection};
use super::node_info::NodeInfo;
use super::score::{score_nodes, NodeScores};

/// Upstream `minFeasibleNodesToFind`.
const MIN_FEASIBLE_NODES_TO_FIND: usize = 100;
/// Upstream `minFeasibleNodesPercentageToFind`.
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND: usize = 5;

/// The reason of a node that a pre-filter (NodeAffinity's `metadata.name` pinning) left out.
pub const ERR_REASON_PRE_FILTER_NODE_AFFINITY: &str =
    "node(s) didn't satisfy plugin(s) [NodeAffinity]";
/// NodeAffinity's pre-filter reason when the pinned node names of the terms do not overlap.
pub const ERR_REASON_CONFLICT: &str = "pod affinity terms conflict";
const PREEMPTION_NOT_HELPFUL: &str = "Preemption is not helpful for scheduling";
const NO_PREEMPTION_VICTIMS: &str = "No preemption victims found for incoming pod";
const NO_CLAIMS_TO_DEALLOCATE: &str = "no new claims to deallocate";

/// How to choose among nodes with the same top score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TieBreak {
    /// The one with the fewest bound pods; among those, the first in the order given.
    #[default]
    FewestPods,
    /// The first of them in the order the nodes were given.
    FirstInOrder,
    /// One drawn uniformly with a generator seeded by this value.
    Seeded(u64),
}

/// Knobs of one scheduling decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScheduleOptions {
    /// `percentageOfNodesToScore`; `None` (or 0) is upstream's adaptive default:
    /// `50 - nodes/125` percent, at least 5%, and never fewer than 100 nodes.
    pub percentage_of_nodes_to_score: Option<u32>,
    /// Where the search starts (upstream `nextStartNodeIndex`); pass the previous
    /// [`Placement::next_start_index`] so that successive pods look at different nodes.
    pub start_index: usize,
    pub tie_break: TieBreak,
}

/// Where the pod goes, and how the decision was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub node: String,
    /// Index of the chosen node in the slice given to [`schedule`].
    pub node_index: usize,
    /// The scores of every feasible node that was found, best first.
    pub scores: Vec<NodeScores>,
    /// Nodes the filters ran on.
    pub evaluated_nodes: usize,
    /// Nodes that passed every filter.
    pub feasible_nodes: usize,
    /// The start index for the next decision.
    pub next_start_index: usize,
}

/// A node that failed, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeRejection {
    pub node: String,
    pub rejection: Rejection,
}

/// No node fits (upstream `FitError`). `Display` gives the FailedScheduling message.
#[derive(Debug, Clone, PartialEq)]
pub struct FitError {
    pub num_all_nodes: usize,
    /// A pre-filter rejected the pod before any node was looked at.
    pub pre_filter_message: Option<String>,
    /// The first failing filter of every node, in the order the nodes were given.
    pub rejections: Vec<NodeRejection>,
    /// What the PostFilter plugins said ("no new claims to deallocate, preemption: ...");
    /// `None` when preemption found a node where evicting lower-priority pods would help.
    pub post_filter_message: Option<String>,
    /// Nodes where evicting lower-priority pods would make room. kubesim does not preempt;
    /// a simulator may act on these.
    pub preemption_candidates: Vec<String>,
}

/// Upstream's reason histogram: "<count> <reason>" sorted as strings, joined with ", ".
fn histogram<'a>(reasons: impl Iterator<Item = &'a str>) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in reasons {
        *counts.entry(r).or_insert(0) += 1;
    }
    let mut parts: Vec<String> = counts.iter().map(|(r, n)| format!("{n} {r}")).collect();
    parts.sort();
    parts.join(", ")
}

impl FitError {
    /// "0/N nodes are available: <reasons>." — the message without the PostFilter part.
    pub fn filter_message(&self) -> String {
        if self.num_all_nodes == 0 {
            return "no nodes available to schedule pods".to_string();
        }
        let mut msg = format!("0/{} nodes are available:", self.num_all_nodes);
        if let Some(pre) = &self.pre_filter_message {
            msg.push_str(&format!(" {pre}."));
        } else {
            let h = histogram(
                self.rejections
                    .iter()
                    .flat_map(|r| r.rejection.reasons.iter().map(String::as_str)),
            );
            if !h.is_empty() {
                msg.push_str(&format!(" {h}."));
            }
        }
        msg
    }

    /// The whole FailedScheduling message as a v1.36 scheduler writes it, e.g.
    /// "0/4 nodes are available: 1 node(s) had untolerated taint
    /// {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. no new claims to
    /// deallocate, preemption: 0/4 nodes are available: 1 Preemption is not helpful for
    /// scheduling, 3 No preemption victims found for incoming pod."
    pub fn message(&self) -> String {
        let mut msg = self.filter_message();
        if let Some(post) = self
            .post_filter_message
            .as_ref()
            .filter(|_| self.num_all_nodes > 0)
        {
            msg.push(' ');
            msg.push_str(post);
        }
        msg
    }

    /// Node by node, why the pod does not fit there, in English and Korean.
    pub fn explain(&self) -> Vec<(String, Text)> {
        self.rejections
            .iter()
            .map(|r| (r.node.clone(), r.rejection.why.clone()))
            .collect()
    }
}

impl fmt::Display for FitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for FitError {}

/// Upstream `numFeasibleNodesToFind`.
pub fn num_feasible_nodes_to_find(percentage: Option<u32>, num_all_nodes: usize) -> usize {
    if num_all_nodes < MIN_FEASIBLE_NODES_TO_FIND {
        return num_all_nodes;
    }
    let pct = match percentage {
        Some(p) if p > 0 => (p as usize).min(100),
        _ => 50usize
            .saturating_sub(num_all_nodes / 125)
            .max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND),
    };
    (num_all_nodes * pct / 100).max(MIN_FEASIBLE_NODES_TO_FIND)
}

fn pre_filter_rejection(pinned: &str) -> Rejection {
    Rejection {
        plugin: Plugin::NodeAffinity,
        code: Code::UnschedulableAndUnresolvable,
        reasons: vec![ERR_REASON_PRE_FILTER_NODE_AFFINITY.to_string()],
        why: Text::new(
            format!("the pod is pinned to {pinned} (matchFields metadata.name)"),
            format!("Pod가 matchFields metadata.name으로 {pinned}에 고정되어 있습니다"),
        ),
    }
}

/// The indices of the pinned nodes, in the order given. Nodes come sorted by name (see
/// [`schedule`]), so each name is found by binary search and a DaemonSet pod costs
/// O(log nodes) here instead of a pass over every node; a name the search misses (nodes
/// given in another order) falls back to a scan, so the answer never depends on the order.
fn pinned_indices(pinned: &std::collections::BTreeSet<String>, nodes: &[NodeInfo]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::with_capacity(pinned.len());
    let mut scan = false;
    for name in pinned {
        match nodes.binary_search_by(|n| n.name().cmp(name.as_str())) {
            Ok(i) => out.push(i),
            Err(_) => scan = true,
        }
    }
    if scan {
        out = (0..nodes.len())
            .filter(|&i| pinned.contains(nodes[i].name()))
            .collect();
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether the InterPodAffinity pre-filter state is needed at all.
fn needs_affinity_state(pod: &PodToSchedule, nodes: &[NodeInfo]) -> bool {
    pod.affinity.as_ref().is_some_and(|a| a.has_required())
        || nodes
            .iter()
            .any(|n| n.pods_with_required_anti_affinity() > 0)
}

/// Places `pod` on one of `nodes` as the default scheduler would, or explains why it cannot.
///
/// `nodes` should be in a stable order (by name); costs are linear in the nodes examined,
/// plus a scan of the bound pods only when pod (anti-)affinity is involved.
pub fn schedule(
    pod: &Pod,
    nodes: &[NodeInfo],
    opts: &ScheduleOptions,
) -> Result<Placement, FitError> {
    schedule_prepared(&PodToSchedule::new(pod), nodes, opts)
}

/// [`schedule`] for a pod already prepared with [`PodToSchedule::new`] (reuse it when the
/// same pod is tried again).
pub fn schedule_prepared(
    pod: &PodToSchedule,
    nodes: &[NodeInfo],
    opts: &ScheduleOptions,
) -> Result<Placement, FitError> {
    let num_all = nodes.len();
    let fail = |pre: Option<String>, rejections: Vec<NodeRejection>| {
        let mut err = FitError {
            num_all_nodes: num_all,
            pre_filter_message: pre,
            rejections,
            post_filter_message: None,
            preemption_candidates: Vec::new(),
        };
        post_filter(pod, nodes, &mut err);
        err
    };
    if num_all == 0 {
        return Err(fail(None, Vec::new()));
    }
    // PreFilter: NodeAffinity's pinning to node names.
    let mut candidates: Vec<usize> = Vec::new();
    if let Some(pinned) = &pod.pinned {
        if pinned.is_empty() {
            let rejections = nodes
                .iter()
                .map(|n| NodeRejection {
                    node: n.name().to_string(),
                    rejection: Rejection {
                        plugin: Plugin::NodeAffinity,
                        code: Code::UnschedulableAndUnresolvable,
                        reasons: vec![ERR_REASON_CONFLICT.to_string()],
                        why: Text::new(
                            "the pod's node affinity terms pin it to no node at all",
                            "Pod의 노드 어피니티 조건이 어떤 노드도 허용하지 않습니다",
                        ),
                    },
                })
                .collect();
            return Err(fail(Some(ERR_REASON_CONFLICT.to_string()), rejections));
        }
        candidates = pinned_indices(pinned, nodes);
    } else {
        candidates.extend(0..num_all);
    }
    let state = if needs_affinity_state(pod, nodes) {
        AffinityState::compute(pod, nodes)
    } else {
        AffinityState::default()
    };
    // Filter, starting at start_index and stopping once enough feasible nodes are found.
    let n = candidates.len();
    let to_find = num_feasible_nodes_to_find(opts.percentage_of_nodes_to_score, n);
    let start = if n == 0 { 0 } else { opts.start_index % n };
    let mut feasible = Vec::new();
    let mut rejections = Vec::new();
    let mut processed = 0;
    for k in 0..n {
        let idx = candidates[(start + k) % n];
        processed += 1;
        match run_filters(pod, &state, &nodes[idx], false)
            .into_iter()
            .next()
        {
            None => {
                feasible.push(idx);
                if feasible.len() >= to_find {
                    break;
                }
            }
            Some(r) => rejections.push((idx, r)),
        }
    }
    let next_start_index = if n == 0 { 0 } else { (start + processed) % n };
    if feasible.is_empty() {
        let mut all: Vec<(usize, NodeRejection)> = rejections
            .into_iter()
            .map(|(i, r)| {
                (
                    i,
                    NodeRejection {
                        node: nodes[i].name().to_string(),
                        rejection: r,
                    },
                )
            })
            .collect();
        // The nodes the pre-filter left out, listed only when the pod fits nowhere.
        if let Some(pinned) = &pod.pinned {
            let shown = pinned.iter().cloned().collect::<Vec<_>>().join(", ");
            all.extend(
                nodes
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| !pinned.contains(n.name()))
                    .map(|(i, n)| {
                        let rejection = pre_filter_rejection(&shown);
                        let node = n.name().to_string();
                        (i, NodeRejection { node, rejection })
                    }),
            );
        }
        all.sort_by_key(|(i, _)| *i);
        return Err(fail(None, all.into_iter().map(|(_, r)| r).collect()));
    }
    let mut scores = score_nodes(pod, nodes, &feasible);
    let best = scores.iter().map(|s| s.total).max().unwrap_or(0);
    let tied: Vec<usize> = (0..scores.len())
        .filter(|&i| scores[i].total == best)
        .collect();
    let pick = match opts.tie_break {
        TieBreak::FewestPods => tied
            .iter()
            .copied()
            .min_by_key(|&i| (nodes[feasible[i]].pods().len(), feasible[i])),
        TieBreak::FirstInOrder => tied.iter().copied().min_by_key(|&i| feasible[i]),
        TieBreak::Seeded(seed) => {
            let mut rng = Rng::new(seed);
            tied.get(rng.below(tied.len() as u64) as usize).copied()
        }
    }
    .unwrap_or(0);
    let node_index = feasible[pick];
    let node = scores[pick].node.clone();
    // Best first; equal totals keep the node order.
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(scores[i].total), feasible[i]));
    let mut sorted = Vec::with_capacity(scores.len());
    for i in order {
        sorted.push(std::mem::take(&mut scores[i]));
    }
    Ok(Placement {
        node,
        node_index,
        scores: sorted,
        evaluated_nodes: processed,
        feasible_nodes: feasible.len(),
        next_start_index,
    })
}

/// Runs what the PostFilter plugins of the default profile would say: DynamicResources
/// ("no new claims to deallocate", kubesim models no claims) and DefaultPreemption.
fn post_filter(pod: &PodToSchedule, nodes: &[NodeInfo], err: &mut FitError) {
    if err.num_all_nodes == 0 {
        return;
    }
    let state = if needs_affinity_state(pod, nodes) {
        AffinityState::compute(pod, nodes)
    } else {
        AffinityState::default()
    };
    let mut statuses: Vec<String> = Vec::with_capacity(err.rejections.len());
    for r in &err.rejections {
        let resolvable =
            r.rejection.code == Code::Unschedulable && err.pre_filter_message.is_none();
        if !resolvable {
            statuses.push(PREEMPTION_NOT_HELPFUL.to_string());
            continue;
        }
        let Some(ni) = nodes.iter().find(|n| n.name() == r.node) else {
            statuses.push(PREEMPTION_NOT_HELPFUL.to_string());
            continue;
        };
        let victims: Vec<(String, String)> = ni
            .pods()
            .iter()
            .filter(|p| p.priority < pod.priority)
            .map(|p| (p.namespace.clone(), p.name.clone()))
            .collect();
        if victims.is_empty() {
            statuses.push(NO_PREEMPTION_VICTIMS.to_string());
            continue;
        }
        let mut without = ni.clone();
        for (ns, name) in &victims {
            without.remove_pod(ns, name);
        }
        match run_filters(pod, &state, &without, false).into_iter().next() {
            Some(still) => statuses.extend(still.reasons),
            None => err.preemption_candidates.push(r.node.clone()),
        }
    }
    if !err.preemption_candidates.is_empty() {
        return;
    }
    let nested = format!(
        "0/{} nodes are available: {}.",
        err.num_all_nodes,
        histogram(statuses.iter().map(String::as_str))
    );
    err.post_filter_message = Some(format!("{NO_CLAIMS_TO_DEALLOCATE}, preemption: {nested}"));
}

/// One node as [`explain`] sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeExplanation {
    pub node: String,
    /// Every filter that rejects the node (empty when the pod fits).
    pub rejections: Vec<Rejection>,
    /// Scores, when the node is feasible.
    pub scores: Option<NodeScores>,
    /// A sentence in English and Korean.
    pub text: Text,
}

impl NodeExplanation {
    pub fn fits(&self) -> bool {
        self.rejections.is_empty()
    }
}

/// Node by node: every filter that fails and, for feasible nodes, the scores. Unlike
/// [`schedule`], every node is examined and every failing filter is reported.
pub fn explain(pod: &Pod, nodes: &[NodeInfo]) -> Vec<NodeExplanation> {
    let prepared = PodToSchedule::new(pod);
    let state = AffinityState::compute(&prepared, nodes);
    let mut out: Vec<NodeExplanation> = Vec::with_capacity(nodes.len());
    let mut feasible = Vec::new();
    for (i, ni) in nodes.iter().enumerate() {
        let mut rejections = run_filters(&prepared, &state, ni, true);
        if let Some(pinned) = &prepared.pinned {
            if !pinned.contains(ni.name()) {
                let shown = pinned.iter().cloned().collect::<Vec<_>>().join(", ");
                rejections.insert(0, pre_filter_rejection(&shown));
            }
        }
        if rejections.is_empty() {
            feasible.push(i);
        }
        out.push(NodeExplanation {
            node: ni.name().to_string(),
            text: rejection_text(&rejections),
            rejections,
            scores: None,
        });
    }
    for s in score_nodes(&prepared, nodes, &feasible) {
        if let Some(e) = out.iter_mut().find(|e| e.node == s.node && e.fits()) {
            e.text = Text::new(
                format!(
                    "fits; score {} (least allocated {}, balanced {}, node affinity {}, taints {}, pod affinity {})",
                    s.total, s.least_allocated, s.balanced_allocation, s.node_affinity, s.taint_toleration, s.inter_pod_affinity
                ),
                format!(
                    "배치 가능; 점수 {} (LeastAllocated {}, Balanced {}, 노드 어피니티 {}, taint {}, Pod 어피니티 {})",
                    s.total, s.least_allocated, s.balanced_allocation, s.node_affinity, s.taint_toleration, s.inter_pod_affinity
                ),
            );
            e.scores = Some(s);
        }
    }
    out
}

fn rejection_text(rejections: &[Rejection]) -> Text {
    if rejections.is_empty() {
        return Text::new("fits", "배치 가능");
    }
    Text::new(
        rejections
            .iter()
            .map(|r| r.why.en.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        rejections
            .iter()
            .map(|r| r.why.ko.as_str())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
