//! The cluster simulator: the store, the virtual clock, the kubelet model and the engine
//! that runs controllers to a fixed point.

// The state layer moved below the controllers (crate::state); these paths stay for callers
// that name them through the simulator.
pub use crate::state::{clock, events, feed, rng, store};

pub mod behavior;
pub mod dns;
pub mod engine;
pub mod explain;
pub mod explain_daemonset;
mod finalizers;
pub mod html;
pub mod kubectl;
mod kubectl_batch;
mod kubectl_create;
pub mod kubectl_daemonset;
mod kubectl_describe;
pub mod kubectl_run;
pub mod kubectl_statefulset;
pub mod kubelet;
pub mod limits;
mod marks;
pub mod nodes;
mod notes;
pub mod rollout;
pub mod scheduler;
pub mod system;
pub mod timeline;
pub mod topology;
pub mod trace;
mod update;
pub mod usage;
pub mod volumes;
