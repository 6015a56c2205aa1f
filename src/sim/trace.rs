//! The trace: what happened in a simulation, step by step, each with its reason.

use serde::Serialize;

use super::clock::Time;
use crate::manifest::diagnostic::Text;

/// One thing a component did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub time: Time,
    /// Who acted: "replicaset-controller", "default-scheduler", "kubelet",
    /// "garbage-collector", "node-lifecycle-controller", "kubectl".
    pub actor: String,
    /// create, update, update-status, delete, bind, start, ready, exit, evict, ...
    pub verb: String,
    /// kubectl's `kind/name`.
    pub target: String,
    pub reason: Text,
}
