//! ## `invalid-strategy` (error)
//!
//! **What it does.** Checks the update strategy's `type` and what may go with it: a
//! Deployment's `strategy.type` is `RollingUpdate` or `Recreate` and `Recreate` takes no
//! `rollingUpdate`; a DaemonSet's and a StatefulSet's `updateStrategy.type` is
//! `RollingUpdate` or `OnDelete`, and `OnDelete` takes no `rollingUpdate`
//! (`ValidateDeploymentStrategy`, `ValidateDaemonSetUpdateStrategy`,
//! `ValidateStatefulSetSpec` in pkg/apis/apps/validation).
//!
//! **Why is this bad?** The API server rejects the object; the values are case-sensitive.
//!
//! **Example.**
//! ```yaml
//! strategy:
//!   type: Recreate
//!   rollingUpdate: {maxSurge: 1}
//! ```
//!
//! **Use instead.**
//! ```yaml
//! strategy:
//!   type: Recreate
//! ```

use super::ctx::{Ctx, HintExt, Out, Rule};
use crate::api::Object;
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "invalid-strategy",
    severity: Severity::Error,
    source: include_str!("invalid_strategy.rs"),
    check,
};

fn case_hint(d: &mut crate::manifest::diagnostic::Diagnostic, value: &str, allowed: &[&str]) {
    if let Some(good) = allowed.iter().find(|a| a.eq_ignore_ascii_case(value)) {
        d.hint(
            format!("the value is case-sensitive: write `{good}`"),
            format!("값은 대소문자를 구분합니다: `{good}`(으)로 쓰세요"),
        );
    }
}

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    match ctx.object {
        Object::Deployment(d) => {
            let Some(s) = &d.spec.strategy else { return };
            let allowed = ["Recreate", "RollingUpdate"];
            match s.type_.as_deref() {
                Some("Recreate")
                    if s.rolling_update.is_some()
                        && ctx.is_written("spec.strategy.rollingUpdate") =>
                {
                    out.forbidden(
                        "spec.strategy.rollingUpdate",
                        Text::new(
                            "may not be specified when strategy `type` is 'Recreate'",
                            "전략 `type`이(가) 'Recreate'이면 쓸 수 없습니다",
                        ),
                    )
                    .hint(
                        "remove `rollingUpdate:`, or set `type: RollingUpdate`",
                        "`rollingUpdate:`을(를) 지우거나 `type: RollingUpdate`(으)로 바꾸세요",
                    );
                }
                Some(t) if !allowed.contains(&t) => {
                    let d = out.unsupported("spec.strategy.type", t, &allowed);
                    case_hint(d, t, &allowed);
                }
                _ => {}
            }
        }
        Object::DaemonSet(ds) => {
            let Some(s) = &ds.spec.update_strategy else {
                return;
            };
            on_delete_or_rolling(ctx, out, s.type_.as_deref(), s.rolling_update.is_some());
        }
        Object::StatefulSet(ss) => {
            let Some(s) = &ss.spec.update_strategy else {
                return;
            };
            on_delete_or_rolling(ctx, out, s.type_.as_deref(), s.rolling_update.is_some());
        }
        _ => {}
    }
}

fn on_delete_or_rolling(ctx: &Ctx<'_>, out: &mut Out<'_>, ty: Option<&str>, rolling: bool) {
    let allowed = ["OnDelete", "RollingUpdate"];
    match ty {
        Some("OnDelete") if rolling && ctx.is_written("spec.updateStrategy.rollingUpdate") => {
            out.invalid(
                "spec.updateStrategy.rollingUpdate",
                "{...}",
                Text::new(
                    "only allowed for updateStrategy 'RollingUpdate'",
                    "updateStrategy가 'RollingUpdate'일 때만 쓸 수 있습니다",
                ),
            )
            .hint(
                "remove `rollingUpdate:`, or set `type: RollingUpdate`",
                "`rollingUpdate:`을(를) 지우거나 `type: RollingUpdate`(으)로 바꾸세요",
            );
        }
        Some(t) if !allowed.contains(&t) => {
            let d = out.unsupported("spec.updateStrategy.type", t, &allowed);
            case_hint(d, t, &allowed);
        }
        _ => {}
    }
}
