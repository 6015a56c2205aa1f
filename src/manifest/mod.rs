//! Text to objects: spanned YAML/JSON parsing, decoding into typed objects, API-server defaults.

pub mod defaults;
pub mod diagnostic;
pub mod load;
pub mod node;
pub mod parse;
pub mod render;
pub mod scalar;
