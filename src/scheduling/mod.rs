//! Node placement: taints and tolerations, node affinity, resource fit, inter-pod affinity,
//! the default scheduler's filters and scores, and the DaemonSet controller's placement
//! predicate, as pure functions the simulator calls.
//!
//! Faithful to kube-scheduler's default profile and k8s.io/component-helpers at v1.36; each
//! module names the upstream files and functions it follows. In short:
//!
//! - [`taints`]: `tolerates`, `find_untolerated`, how long a pod may stay on `NoExecute` taints.
//! - [`node_affinity`]: `nodeSelector` and required/preferred node affinity.
//! - [`resources`]: effective pod requests (init containers, sidecars), non-zero defaults.
//! - [`filters`]: NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts,
//!   NodeResourcesFit, InterPodAffinity, each with upstream's reason text.
//! - [`score`]: LeastAllocated, BalancedAllocation, NodeAffinity, TaintToleration and
//!   InterPodAffinity scores with the default weights.
//! - [`schedule`](schedule::schedule): one decision, with a deterministic tie-break, or a
//!   [`FitError`] whose `Display` is the real FailedScheduling message.
//! - [`daemon`]: `should_run_daemon_pod` and the tolerations every daemon pod gets.
//!
//! For speed the caller keeps one [`NodeInfo`] per node, with the totals of the pods bound
//! to it, and updates it as pods are bound and removed; a decision then costs work linear in
//! the nodes examined (upstream examines only a share of a large cluster, see
//! [`ScheduleOptions`]), and scans bound pods only when pod (anti-)affinity is involved.

pub mod daemon;
pub mod filters;
pub mod node_affinity;
pub mod node_info;
pub mod pod_affinity;
pub mod ports;
pub mod resources;
pub mod schedule;
pub mod score;
pub mod taints;

#[cfg(test)]
mod test_support;

pub use daemon::{
    add_daemon_pod_tolerations, daemon_pod_tolerations, should_run_daemon_pod, DaemonPlacement,
    DaemonPredicate,
};
pub use filters::{Code, Plugin, PodToSchedule, Rejection};
pub use node_info::{NodeInfo, PodInfo};
pub use resources::Resources;
pub use schedule::{
    explain, schedule, schedule_prepared, FitError, NodeExplanation, NodeRejection, Placement,
    ScheduleOptions, TieBreak,
};
pub use score::NodeScores;
pub use taints::{
    find_untolerated, no_execute_verdict, parse_taint, tolerates, Effects, NoExecuteVerdict,
};
