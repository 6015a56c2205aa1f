//! The scores of the default profile, normalised and weighted as upstream.
//!
//! Facts from pkg/scheduler/framework/plugins/noderesources/least_allocated.go
//! (`leastRequestedScore`: `(capacity - requested) * 100 / capacity`, integer arithmetic),
//! balanced_allocation.go (`balancedResourceScorer`: `(1 - std) * 100` with
//! `std = |f_cpu - f_mem| / 2`; best-effort pods are skipped), resource_allocation.go
//! (LeastAllocated counts non-zero requests, BalancedAllocation real requests, both with the
//! incoming pod added), tainttoleration (count of intolerable PreferNoSchedule taints,
//! normalised in reverse), nodeaffinity (sum of preferred weights, normalised),
//! interpodaffinity/scoring.go (topology scores, min-max normalised), plugins/helper
//! `DefaultNormalizeScore`, and the weights in pkg/scheduler/apis/config/v1/default_plugins.go
//! (TaintToleration 3, NodeAffinity 2, NodeResourcesFit 1, PodTopologySpread 2,
//! InterPodAffinity 2, NodeResourcesBalancedAllocation 1, ImageLocality 1).
//!
//! Not scored: PodTopologySpread (including its system-default constraints for pods of
//! Services and ReplicaSets) and ImageLocality (kubesim nodes report no images, for which
//! upstream gives every node the same score, so ranking is unchanged).

use serde::Serialize;

use super::filters::PodToSchedule;
use super::node_info::NodeInfo;
use super::pod_affinity::{node_score, process_term, TopologyScores};
use super::taints::count_intolerable_prefer_no_schedule;

/// The highest score a plugin gives (upstream `framework.MaxNodeScore`).
pub const MAX_NODE_SCORE: i64 = 100;

/// Plugin weights of the default profile (v1.36).
pub const WEIGHT_TAINT_TOLERATION: i64 = 3;
pub const WEIGHT_NODE_AFFINITY: i64 = 2;
pub const WEIGHT_NODE_RESOURCES_FIT: i64 = 1;
pub const WEIGHT_INTER_POD_AFFINITY: i64 = 2;
pub const WEIGHT_BALANCED_ALLOCATION: i64 = 1;

/// One node's normalised plugin scores (0..=100 each) and the weighted total.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NodeScores {
    pub node: String,
    pub taint_toleration: i64,
    pub node_affinity: i64,
    pub least_allocated: i64,
    pub balanced_allocation: i64,
    pub inter_pod_affinity: i64,
    pub total: i64,
}

/// Upstream `leastRequestedScore`.
fn least_requested_score(requested: i64, capacity: i64) -> i64 {
    if capacity == 0 || requested > capacity {
        return 0;
    }
    (capacity - requested) * MAX_NODE_SCORE / capacity
}

/// NodeResourcesFit with the LeastAllocated strategy on cpu and memory, weight 1 each.
pub fn least_allocated(pod: &PodToSchedule, ni: &NodeInfo) -> i64 {
    let alloc = ni.allocatable();
    let used = ni.non_zero_requested();
    let pairs = [
        (
            used.milli_cpu.saturating_add(pod.non_zero.milli_cpu),
            alloc.milli_cpu,
        ),
        (
            used.memory.saturating_add(pod.non_zero.memory),
            alloc.memory,
        ),
    ];
    let (mut sum, mut weights) = (0, 0);
    for (req, cap) in pairs {
        if cap == 0 {
            continue;
        }
        sum += least_requested_score(req, cap);
        weights += 1;
    }
    if weights == 0 {
        0
    } else {
        sum / weights
    }
}

/// NodeResourcesBalancedAllocation on cpu and memory; `None` for a best-effort pod, which
/// upstream skips.
pub fn balanced_allocation(pod: &PodToSchedule, ni: &NodeInfo) -> Option<i64> {
    if pod.requests.milli_cpu == 0 && pod.requests.memory == 0 {
        return None;
    }
    let alloc = ni.allocatable();
    let used = ni.requested();
    let pairs = [
        (
            used.milli_cpu.saturating_add(pod.requests.milli_cpu),
            alloc.milli_cpu,
        ),
        (
            used.memory.saturating_add(pod.requests.memory),
            alloc.memory,
        ),
    ];
    let mut fractions = [0.0f64; 2];
    let mut n = 0;
    for (req, cap) in pairs {
        if cap != 0 {
            fractions[n] = (req as f64 / cap as f64).min(1.0);
            n += 1;
        }
    }
    let std = if n == 2 {
        ((fractions[0] - fractions[1]) / 2.0).abs()
    } else {
        0.0
    };
    Some(((1.0 - std) * MAX_NODE_SCORE as f64) as i64)
}

/// Upstream `DefaultNormalizeScore`: scale so the highest becomes 100 (all stay 0 when the
/// highest is 0); `reverse` turns high raw scores into low ones.
pub fn default_normalize(scores: &mut [i64], reverse: bool) {
    let max = scores.iter().copied().max().unwrap_or(0).max(0);
    if max == 0 {
        if reverse {
            scores.iter_mut().for_each(|s| *s = MAX_NODE_SCORE);
        }
        return;
    }
    for s in scores.iter_mut() {
        let v = MAX_NODE_SCORE * *s / max;
        *s = if reverse { MAX_NODE_SCORE - v } else { v };
    }
}

/// InterPodAffinity's `NormalizeScore`: min-max scaling to 0..=100.
fn min_max_normalize(scores: &mut [i64]) {
    let (Some(min), Some(max)) = (scores.iter().min().copied(), scores.iter().max().copied())
    else {
        return;
    };
    let diff = max - min;
    for s in scores.iter_mut() {
        *s = if diff > 0 {
            (MAX_NODE_SCORE as f64 * ((*s - min) as f64 / diff as f64)) as i64
        } else {
            0
        };
    }
}

/// InterPodAffinity's topology scores over the whole cluster (upstream `PreScore` with
/// `processExistingPod`); `None` when the plugin is skipped.
fn inter_pod_topology_scores(pod: &PodToSchedule, all: &[NodeInfo]) -> Option<TopologyScores> {
    let own = pod.affinity.as_ref().filter(|a| a.error.is_none());
    let has_preferred = own.is_some_and(|a| a.has_preferred());
    if !has_preferred && all.iter().all(|n| n.pods_with_affinity() == 0) {
        return None;
    }
    let mut scores = TopologyScores::new();
    for ni in all {
        let labels = ni.labels();
        if labels.is_empty() || (!has_preferred && ni.pods_with_affinity() == 0) {
            continue;
        }
        for p in ni.pods() {
            if let Some(own) = own {
                for (t, w) in &own.preferred_affinity {
                    process_term(&mut scores, t, *w, &p.namespace, &p.labels, labels);
                }
                for (t, w) in &own.preferred_anti_affinity {
                    process_term(&mut scores, t, -*w, &p.namespace, &p.labels, labels);
                }
            }
            let Some(theirs) = &p.affinity else { continue };
            // HardPodAffinityWeight defaults to 1 (InterPodAffinityArgs).
            for t in &theirs.required_affinity {
                process_term(&mut scores, t, 1, &pod.namespace, &pod.labels, labels);
            }
            for (t, w) in &theirs.preferred_affinity {
                process_term(&mut scores, t, *w, &pod.namespace, &pod.labels, labels);
            }
            for (t, w) in &theirs.preferred_anti_affinity {
                process_term(&mut scores, t, -*w, &pod.namespace, &pod.labels, labels);
            }
        }
    }
    Some(scores)
}

/// Scores the feasible nodes (indices into `all`), normalised over them as upstream does.
pub fn score_nodes(pod: &PodToSchedule, all: &[NodeInfo], feasible: &[usize]) -> Vec<NodeScores> {
    let nodes: Vec<&NodeInfo> = feasible.iter().filter_map(|&i| all.get(i)).collect();
    let mut taint: Vec<i64> = nodes
        .iter()
        .map(|n| count_intolerable_prefer_no_schedule(n.taints(), &pod.tolerations) as i64)
        .collect();
    default_normalize(&mut taint, true);
    let mut affinity: Vec<i64> = if pod.preferred.is_empty() {
        vec![0; nodes.len()]
    } else {
        nodes
            .iter()
            .map(|n| pod.preferred.score(n.node()))
            .collect()
    };
    default_normalize(&mut affinity, false);
    let mut inter: Vec<i64> = match inter_pod_topology_scores(pod, all) {
        Some(ts) => {
            let mut v: Vec<i64> = nodes.iter().map(|n| node_score(&ts, n.labels())).collect();
            min_max_normalize(&mut v);
            v
        }
        None => vec![0; nodes.len()],
    };
    if inter.len() != nodes.len() {
        inter = vec![0; nodes.len()];
    }
    nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let least = least_allocated(pod, n);
            let balanced = balanced_allocation(pod, n).unwrap_or(0);
            let total = WEIGHT_TAINT_TOLERATION * taint[i]
                + WEIGHT_NODE_AFFINITY * affinity[i]
                + WEIGHT_NODE_RESOURCES_FIT * least
                + WEIGHT_INTER_POD_AFFINITY * inter[i]
                + WEIGHT_BALANCED_ALLOCATION * balanced;
            NodeScores {
                node: n.name().to_string(),
                taint_toleration: taint[i],
                node_affinity: affinity[i],
                least_allocated: least,
                balanced_allocation: balanced,
                inter_pod_affinity: inter[i],
                total,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn least_requested_is_integer_arithmetic() {
        assert_eq!(least_requested_score(0, 4000), 100);
        assert_eq!(least_requested_score(1000, 4000), 75);
        assert_eq!(least_requested_score(1, 3), 66);
        assert_eq!(least_requested_score(5000, 4000), 0);
        assert_eq!(least_requested_score(1, 0), 0);
    }

    #[test]
    fn default_normalize_scales_and_reverses() {
        let mut v = vec![0, 1, 2];
        default_normalize(&mut v, false);
        assert_eq!(v, [0, 50, 100]);
        let mut v = vec![0, 1, 2];
        default_normalize(&mut v, true);
        assert_eq!(v, [100, 50, 0]);
        let mut v = vec![0, 0];
        default_normalize(&mut v, true);
        assert_eq!(v, [100, 100]);
        let mut v = vec![0, 0];
        default_normalize(&mut v, false);
        assert_eq!(v, [0, 0]);
    }

    #[test]
    fn min_max_handles_negative_scores() {
        let mut v = vec![-10, 0, 10];
        min_max_normalize(&mut v);
        assert_eq!(v, [0, 50, 100]);
        let mut same = vec![5, 5];
        min_max_normalize(&mut same);
        assert_eq!(same, [0, 0]);
    }
}
