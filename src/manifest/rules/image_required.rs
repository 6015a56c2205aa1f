//! ## `image-required` (error)
//!
//! **What it does.** Reports a container without `image` (`validateContainerCommon` in
//! pkg/apis/core/validation: "Required value").
//!
//! **Why is this bad?** The kubelet has nothing to pull and run. The API server rejects
//! the object.
//!
//! **Example.**
//! ```yaml
//! containers:
//! - name: web
//! ```
//!
//! **Use instead.**
//! ```yaml
//! containers:
//! - name: web
//!   image: nginx:1.27
//! ```

use super::ctx::{Ctx, HintExt, Out, Rule};
use super::workload::{containers, pod_spec};
use crate::manifest::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: "image-required",
    severity: Severity::Error,
    source: include_str!("image_required.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some((spec, base)) = pod_spec(ctx.object) else {
        return;
    };
    for (c, path, _) in containers(spec, base) {
        if c.image.as_deref().is_none_or(|i| i.trim().is_empty()) {
            out.required(&format!("{path}.image"), None).hint(
                "add `image:` with the image to run, e.g. `image: nginx:1.27`",
                "실행할 이미지를 `image:`(으)로 주세요. 예: `image: nginx:1.27`",
            );
        }
    }
}
