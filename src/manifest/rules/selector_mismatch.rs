//! ## `selector-mismatch` (error)
//!
//! **What it does.** Reports a workload whose selector does not match its own pod
//! template's labels ("`selector` does not match template `labels`",
//! `ValidatePodTemplateSpecForReplicaSet` and friends in pkg/apis/apps/validation; for a
//! Job with `manualSelector: true`, `ValidateJobSpec` in pkg/apis/batch/validation).
//!
//! **Why is this bad?** The controller would create pods it cannot see, and create more
//! forever. The API server rejects the object.
//!
//! **Example.**
//! ```yaml
//! selector:
//!   matchLabels: {app: web}
//! template:
//!   metadata:
//!     labels: {app: frontend}
//! ```
//!
//! **Use instead.**
//! ```yaml
//! selector:
//!   matchLabels: {app: web}
//! template:
//!   metadata:
//!     labels: {app: web}
//! ```

use super::ctx::{Ctx, HintExt, Out, Rule};
use super::workload::workload;
use crate::api::Object;
use crate::manifest::diagnostic::{Severity, Text};
use crate::selector::from_label_selector;

pub const RULE: Rule = Rule {
    code: "selector-mismatch",
    severity: Severity::Error,
    source: include_str!("selector_mismatch.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    // A Job's written selector counts with `manualSelector: true` (`ValidateJobSpec`);
    // without it, `job-selector` reports the selector itself.
    let (sel, template) = match (ctx.object, workload(ctx.object)) {
        (_, Some(w)) => (w.selector, w.template),
        (Object::Job(j), None) if j.spec.manual_selector == Some(true) => {
            (j.spec.selector.as_ref(), &j.spec.template)
        }
        _ => return,
    };
    let Some(sel) = sel else { return };
    // An invalid selector is `invalid-selector`'s to report.
    let Ok(selector) = from_label_selector(Some(sel)) else {
        return;
    };
    if selector.is_empty() {
        return;
    }
    let empty = Default::default();
    let labels = template.metadata.labels.as_ref().unwrap_or(&empty);
    if selector.matches(labels) {
        return;
    }
    let shown = if labels.is_empty() {
        "map[]".to_string()
    } else {
        let pairs: Vec<String> = labels.iter().map(|(k, v)| format!("{k}:{v}")).collect();
        format!("map[{}]", pairs.join(" "))
    };
    let wanted: Vec<String> = sel
        .match_labels
        .iter()
        .flatten()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    // Korean shows the labels as YAML, not as Go's map printing the API server uses.
    let pairs: Vec<String> = labels.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    let shown_ko = format!("{{{}}}", pairs.join(", "));
    let d = out.report(
        "spec.template.metadata.labels",
        Text::new(
            format!("Invalid value: {shown}: `selector` does not match template `labels`"),
            format!("잘못된 값: 템플릿의 레이블 {shown_ko}이(가) `selector`와(과) 맞지 않습니다"),
        ),
    );
    if wanted.is_empty() {
        d.hint(
            "give the pod template labels that satisfy every `matchExpressions` entry of the selector",
            "셀렉터의 모든 `matchExpressions` 조건을 만족하는 레이블을 Pod 템플릿에 주세요",
        );
    } else {
        let list = wanted.join(", ");
        d.hint(
            format!("the template's labels must include every `matchLabels` pair: add `{list}` under `spec.template.metadata.labels` (or change the selector)"),
            format!("템플릿의 레이블에 `matchLabels`의 모든 쌍이 있어야 합니다. `spec.template.metadata.labels` 아래에 `{list}`을(를) 넣으세요 (또는 셀렉터를 고치세요)"),
        );
    }
}
