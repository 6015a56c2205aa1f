//! ## `invalid-resources` (error)
//!
//! **What it does.** Checks a container's `resources`: every quantity is at least 0, and
//! every resource name is a standard one (`cpu`, `memory`, `ephemeral-storage`,
//! `hugepages-<size>`) or a name with a domain prefix such as `nvidia.com/gpu`
//! (`ValidateResourceRequirements`, `validateContainerResourceName` in
//! pkg/apis/core/validation).
//!
//! **Why is this bad?** The API server rejects the object. `cpus`, `mem` or `Memory` are
//! common slips.
//!
//! **Example.**
//! ```yaml
//! resources:
//!   requests:
//!     mem: 128Mi
//! ```
//!
//! **Use instead.**
//! ```yaml
//! resources:
//!   requests:
//!     memory: 128Mi
//! ```

use super::ctx::{quoted, Ctx, HintExt, Out, Rule};
use super::workload::{containers, pod_spec};
use crate::manifest::diagnostic::{Severity, Text};
use crate::manifest::suggest::closest;

pub const RULE: Rule = Rule {
    code: "invalid-resources",
    severity: Severity::Error,
    source: include_str!("invalid_resources.rs"),
    check,
};

const STANDARD: &[&str] = &["cpu", "memory", "ephemeral-storage"];

fn valid_name(name: &str) -> bool {
    STANDARD.contains(&name)
        || name.starts_with("hugepages-")
        || (name.contains('/') && crate::selector::validate::label_key_errors(name).is_empty())
}

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some((spec, base)) = pod_spec(ctx.object) else {
        return;
    };
    for (c, cpath, _) in containers(spec, base) {
        let Some(r) = &c.resources else { continue };
        for (which, list) in [("requests", &r.requests), ("limits", &r.limits)] {
            for (name, q) in list.iter().flatten() {
                let path = format!("{cpath}.resources.{which}[{name}]");
                if !valid_name(name) {
                    let d = out.invalid(
                        &path,
                        &quoted(name),
                        Text::new(
                            "must be a standard resource type or fully qualified",
                            "표준 리소스 종류이거나 도메인이 붙은 이름이어야 합니다",
                        ),
                    );
                    match closest(name, STANDARD.iter().copied()) {
                        Some(good) => d.hint(
                            format!("did you mean `{good}`?"),
                            format!("`{good}`을(를) 의도하셨나요?"),
                        ),
                        None => d.hint(
                            "use `cpu`, `memory` or `ephemeral-storage`, or a name with a domain such as `nvidia.com/gpu`",
                            "`cpu`, `memory`, `ephemeral-storage`나 `nvidia.com/gpu`처럼 도메인이 붙은 이름을 쓰세요",
                        ),
                    }
                }
                if q.nano_value() < 0 {
                    out.invalid(
                        &path,
                        &quoted(&q.to_string()),
                        Text::new("must be greater than or equal to 0", "0 이상이어야 합니다"),
                    );
                }
            }
        }
    }
}
