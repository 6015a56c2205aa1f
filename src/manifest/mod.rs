//! Text to objects: spanned YAML/JSON parsing, decoding into typed objects, API-server defaults.

pub mod defaults;
pub mod diagnostic;
