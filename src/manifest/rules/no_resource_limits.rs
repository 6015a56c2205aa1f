//! ## `no-memory-limit` (warning)
//!
//! **What it does.** Warns about a container without a memory limit.
//!
//! **Why is this bad?** A container without a memory limit can use all of its node's
//! memory; when the node runs short, the kernel kills processes of other pods too.
//!
//! **Example.**
//! ```yaml
//! resources:
//!   requests: {memory: 128Mi}
//! ```
//!
//! **Use instead.**
//! ```yaml
//! resources:
//!   requests: {memory: 128Mi}
//!   limits: {memory: 256Mi}
//! ```

use super::ctx::{Ctx, HintExt, Out, Rule};
use super::workload::{containers, pod_spec};
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "no-memory-limit",
    severity: Severity::Warning,
    source: include_str!("no_resource_limits.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some((spec, base)) = pod_spec(ctx.object) else {
        return;
    };
    for (c, path, init) in containers(spec, base) {
        if init {
            continue;
        }
        let has = c
            .resources
            .as_ref()
            .and_then(|r| r.limits.as_ref())
            .is_some_and(|l| l.contains_key("memory"));
        if !has {
            let name = &c.name;
            out.report(
                &format!("{path}.resources"),
                Text::new(
                    format!("container {name:?} has no memory limit"),
                    format!("컨테이너 {name:?}에 메모리 제한(limit)이(가) 없습니다"),
                ),
            )
            .hint(
                "add `limits: {memory: ...}` under `resources`, e.g. twice the memory request",
                "`resources` 아래에 `limits: {memory: ...}`을(를) 넣으세요. 예: 메모리 요청의 두 배",
            );
        }
    }
}
