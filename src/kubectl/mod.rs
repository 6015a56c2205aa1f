//! The kubectl layer: command lines to typed commands, and objects to the text kubectl
//! prints, as pure functions over api objects.
//!
//! The simulator parses a line with [`parse`], carries out the [`Command`] on its store,
//! and prints what it found with the printers here ([`printers::print_get`],
//! [`describe`], [`rollout`], [`messages`]). Nothing here reads the clock or the store: the
//! caller passes `now` and the objects, so the same state always prints the same text.
//!
//! Column sets, cell formats and the table layout follow kubectl v1.36
//! (pkg/printers/internalversion/printers.go, staging/src/k8s.io/cli-runtime/pkg/printers/
//! tableprinter.go); facts carry over, the code is our own.

pub mod command;
pub mod describe;
pub mod discovery;
pub mod error;
pub mod explain;
mod flags;
pub mod format;
pub mod generate;
mod help_text;
pub mod jsonpath;
mod lexer;
pub mod messages;
pub mod printers;
pub mod resource;
pub mod rollout;
pub mod table;

pub use command::{parse, Command, DryRun, Invocation, OutputFormat, Target};
pub use error::KubectlError;
pub use lexer::split_words;
pub use printers::{print_get, print_table, PrintContext, Section};
pub use resource::ResourceType;
