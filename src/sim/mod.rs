//! The cluster simulator: the store, the virtual clock, the kubelet model and the engine
//! that runs controllers to a fixed point.

pub mod behavior;
pub mod clock;
pub mod dns;
pub mod engine;
pub mod events;
pub mod explain;
pub mod html;
pub mod kubectl;
pub mod kubectl_statefulset;
pub mod kubelet;
pub mod nodes;
pub mod rng;
pub mod scheduler;
pub mod store;
pub mod topology;
pub mod trace;
pub mod volumes;
