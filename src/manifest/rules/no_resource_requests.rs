//! ## `no-resource-requests` (warning)
//!
//! **What it does.** Warns about a container without CPU or memory requests.
//!
//! **Why is this bad?** The scheduler places pods by their requests: without them a pod
//! is "BestEffort", can land on a full node, and is the first to be evicted.
//!
//! **Example.**
//! ```yaml
//! containers:
//! - name: web
//!   image: nginx:1.27
//! ```
//!
//! **Use instead.**
//! ```yaml
//! containers:
//! - name: web
//!   image: nginx:1.27
//!   resources:
//!     requests: {cpu: 100m, memory: 128Mi}
//! ```

use super::ctx::{Ctx, HintExt, Out, Rule};
use super::workload::{containers, pod_spec};
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "no-resource-requests",
    severity: Severity::Warning,
    source: include_str!("no_resource_requests.rs"),
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
        let requests = c.resources.as_ref().and_then(|r| r.requests.as_ref());
        // The API server copies limits into unset requests, so limits count as requests.
        let limits = c.resources.as_ref().and_then(|r| r.limits.as_ref());
        let has = |k: &str| {
            requests.is_some_and(|r| r.contains_key(k)) || limits.is_some_and(|l| l.contains_key(k))
        };
        let missing: Vec<&str> = ["cpu", "memory"].into_iter().filter(|k| !has(k)).collect();
        if missing.is_empty() {
            continue;
        }
        let list = missing.join(" and ");
        let list_ko = missing.join("와(과) ");
        let name = &c.name;
        out.report(
            &format!("{path}.resources"),
            Text::new(
                format!("container {name:?} has no {list} request"),
                format!("컨테이너 {name:?}에 {list_ko} 요청(request)이 없습니다"),
            ),
        )
        .hint(
            "add `resources: {requests: {cpu: 100m, memory: 128Mi}}` (sized for the app) so the scheduler can place the pod",
            "스케줄러가 Pod를 배치할 수 있게 `resources: {requests: {cpu: 100m, memory: 128Mi}}`(앱에 맞는 크기)을(를) 넣으세요",
        );
    }
}
