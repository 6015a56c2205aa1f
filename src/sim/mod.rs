//! The cluster simulator: the store, the virtual clock, the kubelet model and the engine
//! that runs controllers to a fixed point.

pub mod behavior;
pub mod clock;
pub mod dns;
pub mod engine;
pub mod events;
pub mod explain;
pub mod explain_daemonset;
mod finalizers;
pub mod html;
pub mod kubectl;
mod kubectl_batch;
pub mod kubectl_daemonset;
pub mod kubectl_statefulset;
pub mod kubelet;
mod marks;
pub mod nodes;
mod notes;
pub mod rng;
pub mod rollout;
pub mod scheduler;
pub mod store;
pub mod system;
pub mod timeline;
pub mod topology;
pub mod trace;
pub mod usage;
pub mod volumes;
