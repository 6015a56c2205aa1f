//! Text to objects: spanned YAML/JSON parsing, strict decoding against the API schema,
//! API-server defaults, validation rules, and the diagnostics that explain what is wrong.

pub mod check;
pub mod codes;
pub mod defaults;
pub mod diagnostic;
pub mod load;
pub mod node;
pub mod parse;
pub mod render;
pub mod rules;
pub mod scalar;
pub mod schema;
pub mod strict;
pub mod suggest;
pub mod update;
