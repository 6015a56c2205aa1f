//! Validation rules: the API server's checks for the workload kinds and their pod
//! templates, plus warnings for practices a course teaches. One rule per file, each with a
//! stable code and a doc header (What it does / Why is this bad? / Example / Use instead)
//! from which `docs/diagnostics.md` is generated.
//!
//! Rules run on the object after the API server's defaults, as upstream validation does
//! (pkg/registry/*/strategy.go: `PrepareForCreate`, defaulting, then `Validate`), and read
//! positions from the source tree.

mod ctx;
mod names;
mod taint_effect;
mod workload;

mod active_deadline;
mod containers_required;
mod cron_schedule;
mod cron_time_zone;
mod duplicate_env;
mod empty_selector;
mod image_latest;
mod image_required;
mod invalid_annotation;
mod invalid_container_name;
mod invalid_env;
mod invalid_label;
mod invalid_name;
mod invalid_port;
mod invalid_probe;
mod invalid_resources;
mod invalid_rolling_update;
mod invalid_selector;
mod invalid_strategy;
mod invalid_taint;
mod invalid_toleration;
mod invalid_volume;
mod job_selector;
mod job_spec;
mod negative_value;
mod no_readiness_probe;
mod no_resource_limits;
mod no_resource_requests;
mod pod_failure_policy;
mod progress_deadline;
mod pvc_spec;
mod requests_exceed_limits;
mod restart_policy;
mod selector_mismatch;
mod selector_required;
mod service_ports;
mod statefulset_service_name;
mod success_policy;
mod unsupported_value;

pub use self::ctx::{Ctx, Out, Rule};

use super::diagnostic::Diagnostic;
use super::node::Node;
use crate::api::Object;

/// Every rule, errors first.
pub static RULES: &[Rule] = &[
    invalid_name::RULE,
    invalid_label::RULE,
    invalid_annotation::RULE,
    selector_required::RULE,
    empty_selector::RULE,
    invalid_selector::RULE,
    selector_mismatch::RULE,
    negative_value::RULE,
    progress_deadline::RULE,
    invalid_strategy::RULE,
    invalid_rolling_update::RULE,
    restart_policy::RULE,
    active_deadline::RULE,
    containers_required::RULE,
    invalid_container_name::RULE,
    image_required::RULE,
    invalid_port::RULE,
    invalid_resources::RULE,
    requests_exceed_limits::RULE,
    invalid_probe::RULE,
    invalid_volume::RULE,
    invalid_env::RULE,
    unsupported_value::RULE,
    invalid_toleration::RULE,
    invalid_taint::RULE,
    job_spec::RULE,
    job_selector::RULE,
    pod_failure_policy::RULE,
    success_policy::RULE,
    cron_schedule::RULE,
    cron_time_zone::RULE,
    pvc_spec::RULE,
    service_ports::RULE,
    image_latest::RULE,
    no_resource_requests::RULE,
    no_resource_limits::RULE,
    no_readiness_probe::RULE,
    statefulset_service_name::RULE,
    duplicate_env::RULE,
];

/// Runs every rule on a decoded, defaulted object; `root` is its source, for positions.
pub fn run(object: &Object, root: &Node) -> Vec<Diagnostic> {
    let ctx = Ctx::new(object, root);
    let mut diagnostics = Vec::new();
    for rule in RULES {
        let mut out = Out::new(&ctx, rule);
        (rule.check)(&ctx, &mut out);
        diagnostics.extend(out.into_diagnostics());
    }
    diagnostics
}

/// True when `d` is most likely a consequence of a structural problem already reported
/// around one of the `tainted` paths (see [`strict::Outcome`](super::strict::Outcome)).
pub fn is_consequence(d: &Diagnostic, tainted: &[String]) -> bool {
    !d.path.is_empty()
        && tainted
            .iter()
            .filter(|t| !t.is_empty())
            .any(|t| within(&d.path, t) || within(t, &d.path))
}

/// True when `path` is `base` or below it (`spec.template` is within `spec`, and
/// `spec.templates` is not).
pub fn within(path: &str, base: &str) -> bool {
    match path.strip_prefix(base) {
        Some(rest) => base.is_empty() || rest.is_empty() || rest.starts_with(['.', '[']),
        None => false,
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
pub(crate) mod upstream_tests;
