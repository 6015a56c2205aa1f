//! ## `empty-selector` (error)
//!
//! **What it does.** Reports a selector with neither `matchLabels` nor `matchExpressions`
//! on a ReplicaSet, Deployment, StatefulSet or DaemonSet ("empty selector is invalid for
//! deployment" in pkg/apis/apps/validation).
//!
//! **Why is this bad?** An empty selector would match every pod in the namespace, so the
//! controller would adopt pods that are not its own. The API server rejects it. A common
//! cause is a misspelt `matchLabels`, which strict decoding reports separately.
//!
//! **Example.**
//! ```yaml
//! selector: {}
//! ```
//!
//! **Use instead.**
//! ```yaml
//! selector:
//!   matchLabels: {app: web}
//! ```

use super::ctx::{Ctx, HintExt, Out, Rule};
use super::workload::workload;
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "empty-selector",
    severity: Severity::Error,
    source: include_str!("empty_selector.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(w) = workload(ctx.object) else {
        return;
    };
    let Some(sel) = w.selector else { return };
    let labels = sel.match_labels.as_ref().map_or(0, |m| m.len());
    let exprs = sel.match_expressions.as_ref().map_or(0, Vec::len);
    if labels + exprs == 0 {
        let kind = w.kind;
        out.invalid(
            "spec.selector",
            "{}",
            Text::new(
                format!("empty selector is invalid for {kind}"),
                format!("{kind}에는 빈 셀렉터를 쓸 수 없습니다"),
            ),
        )
        .hint(
            "put the template's labels under `selector.matchLabels`",
            "템플릿의 레이블을 `selector.matchLabels` 아래에 쓰세요",
        );
    }
}
