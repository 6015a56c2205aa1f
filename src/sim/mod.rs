//! The cluster simulator: the store, the virtual clock, the kubelet model and the engine
//! that runs controllers to a fixed point.

pub mod behavior;
pub mod clock;
pub mod engine;
pub mod events;
pub mod explain;
pub mod explain_daemonset;
pub mod html;
pub mod kubectl;
pub mod kubectl_daemonset;
pub mod kubelet;
pub mod nodes;
pub mod rng;
pub mod rollout;
pub mod scheduler;
pub mod store;
pub mod topology;
pub mod trace;
pub mod usage;
