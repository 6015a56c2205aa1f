//! ## `selector-required` (error)
//!
//! **What it does.** Reports a ReplicaSet, Deployment, StatefulSet or DaemonSet without
//! `spec.selector`, and a Job with `manualSelector: true` but no selector
//! (`ValidateDeploymentSpec`, `ValidateReplicaSetSpec`, `ValidateStatefulSetSpec`,
//! `ValidateDaemonSetSpec` in pkg/apis/apps/validation; `validateJob` in
//! pkg/apis/batch/validation).
//!
//! **Why is this bad?** In `apps/v1` the selector is not defaulted from the template: the
//! controller must be told which pods are its own. The API server rejects the object.
//!
//! **Example.**
//! ```yaml
//! spec:
//!   template:
//!     metadata:
//!       labels: {app: web}
//! ```
//!
//! **Use instead.**
//! ```yaml
//! spec:
//!   selector:
//!     matchLabels: {app: web}
//!   template:
//!     metadata:
//!       labels: {app: web}
//! ```

use super::ctx::{Ctx, HintExt, Out, Rule};
use super::workload::workload;
use crate::api::Object;
use crate::manifest::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: "selector-required",
    severity: Severity::Error,
    source: include_str!("selector_required.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(w) = workload(ctx.object) {
        if w.selector.is_none() {
            let labels = w
                .template
                .metadata
                .labels
                .as_ref()
                .and_then(|l| l.iter().next())
                .map_or_else(|| "app: my-app".to_string(), |(k, v)| format!("{k}: {v}"));
            out.required("spec.selector", None).hint(
                format!("add `selector:` with `matchLabels:` under `spec:`, repeating the template's labels, e.g. `selector: {{matchLabels: {{{labels}}}}}`"),
                format!("`spec:` 아래에 템플릿의 레이블과 같은 `matchLabels:`을(를) 가진 `selector:`을(를) 넣으세요. 예: `selector: {{matchLabels: {{{labels}}}}}`"),
            );
        }
    }
    if let Object::Job(job) = ctx.object {
        if job.spec.manual_selector == Some(true) && job.spec.selector.is_none() {
            out.required("spec.selector", None).hint(
                "with `manualSelector: true` you must give the selector yourself; or drop `manualSelector` and let the API server generate one",
                "`manualSelector: true`이면 셀렉터를 직접 줘야 합니다. 아니면 `manualSelector`을(를) 빼고 API 서버가 만들게 하세요",
            );
        }
    }
}
