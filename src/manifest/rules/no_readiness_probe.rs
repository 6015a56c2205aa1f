//! ## `no-readiness-probe` (warning)
//!
//! **What it does.** Warns about a Deployment whose containers have no readiness probe.
//!
//! **Why is this bad?** Without one, a pod counts as ready as soon as its container
//! starts: a rolling update moves on, and Services send traffic, before the app can
//! answer.
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
//!   readinessProbe:
//!     httpGet: {path: /, port: 80}
//! ```

use super::ctx::{Ctx, HintExt, Out, Rule};
use crate::api::Object;
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "no-readiness-probe",
    severity: Severity::Warning,
    source: include_str!("no_readiness_probe.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Object::Deployment(d) = ctx.object else {
        return;
    };
    for (i, c) in d.spec.template.spec.containers.iter().enumerate() {
        if c.readiness_probe.is_none() {
            let name = &c.name;
            out.report(
                &format!("spec.template.spec.containers[{i}]"),
                Text::new(
                    format!("container {name:?} has no readinessProbe"),
                    format!("컨테이너 {name:?}에 readinessProbe가 없습니다"),
                ),
            )
            .hint(
                "add a `readinessProbe` (e.g. `httpGet: {path: /, port: 80}`) so a rollout waits until new pods can serve",
                "새 Pod가 요청을 받을 수 있을 때까지 롤아웃이 기다리도록 `readinessProbe`(예: `httpGet: {path: /, port: 80}`)을(를) 넣으세요",
            );
        }
    }
}
