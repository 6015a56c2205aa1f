//! `validateTaintEffect` (pkg/apis/core/validation/validation.go), shared by the taint and
//! toleration rules: the three effects, case-sensitive, with a hint for a wrong case.

use super::ctx::Out;

/// NoSchedule, PreferNoSchedule and NoExecute, in upstream's order.
pub const EFFECTS: &[&str] = &["NoSchedule", "PreferNoSchedule", "NoExecute"];

/// Reports `effect` at `path` unless it is one of [`EFFECTS`].
pub fn check_effect(out: &mut Out<'_>, path: &str, effect: &str) {
    out.one_of(path, Some(effect), EFFECTS);
}
