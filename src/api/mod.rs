//! The Kubernetes object model: serde types named as in manifests (camelCase).
//!
//! Fields follow staging/src/k8s.io/api (core/v1, apps/v1, batch/v1) at v1.36. Optional
//! fields are `Option`s so that "unset" and "set to the zero value" stay distinct, as the
//! API server's defaulting needs. Unknown fields are ignored on decode; fields kubesim does
//! not model either are dropped or, where noted, kept as `serde_json::Value`.

pub mod affinity;
pub mod container;
pub mod core;
pub mod cronjob;
pub mod daemonset;
pub mod deployment;
pub mod intstr;
pub mod job;
pub mod kinds;
pub mod meta;
pub mod node;
pub mod null;
pub mod object;
pub mod pod;
pub mod quantity;
pub mod replicaset;
pub mod statefulset;

pub use self::intstr::IntOrString;
pub use self::kinds::{resolve_kind, KindId, KindLookup, TypedKind};
pub use self::meta::{Condition, LabelSelector, ObjectMeta, OwnerReference};
pub use self::object::{DecodeError, DecodeErrorKind, Object, Unstructured};
pub use self::quantity::Quantity;
