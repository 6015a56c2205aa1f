//! The cluster simulator: the store, the virtual clock, the kubelet model and the engine
//! that runs controllers to a fixed point.

pub mod behavior;
pub mod clock;
pub mod events;
pub mod kubelet;
pub mod rng;
pub mod store;
pub mod topology;
pub mod trace;
