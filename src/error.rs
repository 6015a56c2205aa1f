//! The core's error type. Every failure a user can cause is a variant here, never a panic.

use crate::manifest::diagnostic::Diagnostic;

/// Errors returned by the kubesim core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A manifest could not be read, parsed or decoded. Carries every problem found.
    #[error("{}", render_diagnostics(.0))]
    Manifest(Vec<Diagnostic>),
    /// A resource quantity such as "500m" or "1Gi" is malformed.
    #[error("quantity {input:?} is invalid: {reason}")]
    Quantity { input: String, reason: String },
    /// A label selector string such as "app=nginx,tier!=db" is malformed.
    #[error("label selector {input:?} is invalid at position {position}: {reason}")]
    Selector {
        input: String,
        position: usize,
        reason: String,
    },
    /// A structured label selector (matchLabels/matchExpressions) or one of its requirements
    /// is invalid. There is no text to point into, so no position; `reason` is worded as the
    /// API server words it.
    #[error("invalid label selector: {reason}")]
    LabelSelector { reason: String },
    /// A cron schedule or time zone is malformed.
    #[error(transparent)]
    Cron(#[from] crate::cron::CronError),
    /// A file could not be read.
    #[error("cannot read {path}: {reason}")]
    Io { path: String, reason: String },
}

/// Shorthand for results of the kubesim core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}
