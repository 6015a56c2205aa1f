//! ## `progress-deadline` (error)
//!
//! **What it does.** Reports a Deployment whose `progressDeadlineSeconds` is not greater
//! than its `minReadySeconds` ("must be greater than minReadySeconds",
//! `ValidateDeploymentSpec` in pkg/apis/apps/validation).
//!
//! **Why is this bad?** A new pod only counts as available after `minReadySeconds`, so a
//! deadline that short would declare every rollout failed. The API server rejects it.
//!
//! **Example.**
//! ```yaml
//! spec:
//!   minReadySeconds: 600
//!   progressDeadlineSeconds: 300
//! ```
//!
//! **Use instead.**
//! ```yaml
//! spec:
//!   minReadySeconds: 60
//!   progressDeadlineSeconds: 600
//! ```

use super::ctx::{Ctx, HintExt, Out, Rule};
use crate::api::Object;
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "progress-deadline",
    severity: Severity::Error,
    source: include_str!("progress_deadline.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Object::Deployment(d) = ctx.object else {
        return;
    };
    let (Some(deadline), min_ready) = (
        d.spec.progress_deadline_seconds,
        d.spec.min_ready_seconds.unwrap_or(0),
    ) else {
        return;
    };
    if deadline <= min_ready {
        out.invalid(
            "spec.progressDeadlineSeconds",
            &deadline.to_string(),
            Text::new(
                "must be greater than minReadySeconds",
                "minReadySeconds보다 커야 합니다",
            ),
        )
        .hint(
            format!("raise `progressDeadlineSeconds` above {min_ready} (the default is 600)"),
            format!("`progressDeadlineSeconds`을(를) {min_ready}보다 크게 하세요 (기본값은 600)"),
        );
    }
}
