//! ## `containers-required` (error)
//!
//! **What it does.** Reports a pod or pod template without containers
//! (`validateContainers` in pkg/apis/core/validation: "Required value").
//!
//! **Why is this bad?** A pod runs containers; without one there is nothing to run. A
//! common cause is `containers:` indented at the wrong level, which strict decoding
//! reports as a misplaced field.
//!
//! **Example.**
//! ```yaml
//! template:
//!   spec: {}
//! ```
//!
//! **Use instead.**
//! ```yaml
//! template:
//!   spec:
//!     containers:
//!     - name: web
//!       image: nginx:1.27
//! ```

use super::ctx::{Ctx, HintExt, Out, Rule};
use super::workload::pod_spec;
use crate::manifest::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: "containers-required",
    severity: Severity::Error,
    source: include_str!("containers_required.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some((spec, base)) = pod_spec(ctx.object) else {
        return;
    };
    if spec.containers.is_empty() {
        out.required(&format!("{base}.containers"), None).hint(
            format!("add `containers:` under `{base}`, with at least one `- name: ...` and `image: ...`"),
            format!("`{base}` 아래에 `containers:`을(를) 넣고 `- name: ...`와(과) `image: ...`을(를) 가진 항목을 하나 이상 쓰세요"),
        );
    }
}
