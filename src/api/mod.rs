//! The Kubernetes object model: serde types named as in manifests (camelCase).

pub mod meta;
