//! ## `requests-exceed-limits` (error)
//!
//! **What it does.** Reports a container whose request for a resource is above its limit
//! ("must be less than or equal to cpu limit of 500m", `ValidateResourceRequirements` in
//! pkg/apis/core/validation).
//!
//! **Why is this bad?** The scheduler reserves the request and the kubelet enforces the
//! limit; a request above the limit can never be honoured. The API server rejects the
//! object.
//!
//! **Example.**
//! ```yaml
//! resources:
//!   requests: {memory: 1Gi}
//!   limits: {memory: 512Mi}
//! ```
//!
//! **Use instead.**
//! ```yaml
//! resources:
//!   requests: {memory: 512Mi}
//!   limits: {memory: 1Gi}
//! ```

use super::ctx::{quoted, Ctx, HintExt, Out, Rule};
use super::workload::{containers, pod_spec};
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "requests-exceed-limits",
    severity: Severity::Error,
    source: include_str!("requests_exceed_limits.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some((spec, base)) = pod_spec(ctx.object) else {
        return;
    };
    for (c, cpath, _) in containers(spec, base) {
        let Some(r) = &c.resources else { continue };
        let (Some(requests), Some(limits)) = (&r.requests, &r.limits) else {
            continue;
        };
        for (name, request) in requests {
            let Some(limit) = limits.get(name) else {
                continue;
            };
            if request > limit {
                out.invalid(
                    &format!("{cpath}.resources.requests[{name}]"),
                    &quoted(&request.to_string()),
                    Text::new(
                        format!("must be less than or equal to {name} limit of {limit}"),
                        format!("{name} 제한값 {limit} 이하여야 합니다"),
                    ),
                )
                .hint(
                    format!("lower the request to at most {limit}, or raise the limit to at least {request}"),
                    format!("요청값을 {limit} 이하로 낮추거나 제한값을 {request} 이상으로 올리세요"),
                );
            }
        }
    }
}
