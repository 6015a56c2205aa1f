//! ## `active-deadline` (error)
//!
//! **What it does.** Reports `activeDeadlineSeconds` in the pod template of a ReplicaSet,
//! Deployment, DaemonSet or StatefulSet ("activeDeadlineSeconds in ReplicaSet is not
//! Supported", "must not be specified" in pkg/apis/apps/validation).
//!
//! **Why is this bad?** The kubelet kills a pod when its deadline passes; a controller that
//! keeps pods running would replace them forever. The API server rejects the object.
//!
//! **Example.**
//! ```yaml
//! kind: Deployment
//! spec:
//!   template:
//!     spec:
//!       activeDeadlineSeconds: 60
//! ```
//!
//! **Use instead.** Put the deadline on a Job (`spec.activeDeadlineSeconds`) or remove it.

use super::ctx::{Ctx, HintExt, Out, Rule};
use super::workload::{pod_spec, workload};
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "active-deadline",
    severity: Severity::Error,
    source: include_str!("active_deadline.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if workload(ctx.object).is_none() {
        return;
    }
    let Some((spec, base)) = pod_spec(ctx.object) else {
        return;
    };
    if let Some(v) = spec.active_deadline_seconds {
        let kind = ctx.object.kind();
        out.invalid(
            &format!("{base}.activeDeadlineSeconds"),
            &v.to_string(),
            Text::new(
                format!("activeDeadlineSeconds in {kind} is not Supported"),
                format!("{kind}에서는 activeDeadlineSeconds를 쓸 수 없습니다"),
            ),
        )
        .hint(
            "remove it; for work with a time limit use a Job with `spec.activeDeadlineSeconds`",
            "지우세요. 제한 시간이 있는 작업에는 `spec.activeDeadlineSeconds`을(를) 가진 Job을 쓰세요",
        );
    }
}
