//! The state layer: what the API server and etcd keep — the object store with its
//! indexes, the virtual clock, the event log and the seeded random numbers behind uids
//! and generated names — and what the API server's registry strategies do on a write.
//!
//! It sits below the controllers, the scheduler and the simulator: they read and write
//! state; state imports none of them (the layering of ARCHITECTURE.md: text → manifest →
//! api → state → controllers/scheduler → sim).

pub mod clock;
pub mod events;
pub mod rng;
pub mod store;
pub mod strategy;
