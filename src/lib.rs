//! kubesim: the decision algorithms of the Kubernetes workload controllers, re-implemented
//! in Rust and run in a small deterministic cluster simulator.
//!
//! Data flows one way: text → [`manifest`] (spanned YAML/JSON, API-server defaults) →
//! [`api`] objects → controllers and the simulator → traces, tables and grades.
//! The Python bindings live in `bindings` (behind the `python` feature) and hold no logic.
//!
//! Kubernetes semantics follow release v1.36 (the newest stable release), with feature
//! gates at that release's defaults.

pub mod api;
pub mod apiserver;
pub mod controllers;
pub mod cron;
pub mod error;
pub mod ko;
pub mod kubectl;
pub mod manifest;
pub mod scheduling;
pub mod selector;
pub mod sim;
pub mod state;

#[cfg(feature = "python")]
mod bindings;

pub use error::{Error, Result};

/// The Kubernetes release whose behaviour kubesim follows.
pub const KUBERNETES_VERSION: &str = "v1.36";
