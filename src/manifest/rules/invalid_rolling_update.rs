//! ## `invalid-rolling-update` (error)
//!
//! **What it does.** Checks `maxSurge`, `maxUnavailable` and their combination:
//! each is a non-negative integer or a percentage such as `25%`; a Deployment's
//! `maxUnavailable` is at most 100% and may not be 0 when `maxSurge` is 0; a DaemonSet's
//! are both at most 100% and exactly one of them is non-zero; a StatefulSet's
//! `maxUnavailable` is at least 1 and at most 100% (`ValidateRollingUpdateDeployment`,
//! `ValidateRollingUpdateDaemonSet`, `ValidatePositiveIntOrPercent`,
//! `IsNotMoreThan100Percent` in pkg/apis/apps/validation).
//!
//! **Why is this bad?** With both at 0 a rolling update could never make progress:
//! it may neither add a pod nor take one away. The API server rejects the object.
//!
//! **Example.**
//! ```yaml
//! rollingUpdate:
//!   maxSurge: 0
//!   maxUnavailable: 0
//! ```
//!
//! **Use instead.**
//! ```yaml
//! rollingUpdate:
//!   maxSurge: 1
//!   maxUnavailable: 0
//! ```

use super::ctx::{Ctx, HintExt, Out, Rule};
use crate::api::intstr::IntOrString;
use crate::api::Object;
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "invalid-rolling-update",
    severity: Severity::Error,
    source: include_str!("invalid_rolling_update.rs"),
    check,
};

fn shown(v: &IntOrString) -> String {
    match v {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::String(s) => format!("{s:?}"),
    }
}

/// `getIntOrPercentValue`: the number, or the percentage's number (0 when malformed).
fn number(v: &IntOrString) -> i64 {
    match v {
        IntOrString::Int(i) => i64::from(*i),
        IntOrString::String(s) => s
            .strip_suffix('%')
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
    }
}

/// `ValidatePositiveIntOrPercent`; false when reported.
fn positive_int_or_percent(out: &mut Out<'_>, path: &str, v: &IntOrString) -> bool {
    match v {
        IntOrString::String(s) => {
            let digits = s.strip_suffix('%').unwrap_or("");
            if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
                out.invalid(
                    path,
                    &shown(v),
                    Text::new(
                        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
                        "올바른 백분율은 숫자 뒤에 '%'가 붙은 문자열입니다 (예: '1%', '93%')",
                    ),
                )
                .hint(
                    "write a whole number of pods (`1`) or a percentage (`25%`)",
                    "Pod 수(`1`)나 백분율(`25%`)(으)로 쓰세요",
                );
                return false;
            }
        }
        IntOrString::Int(i) if *i < 0 => {
            out.invalid(
                path,
                &i.to_string(),
                Text::new("must be greater than or equal to 0", "0 이상이어야 합니다"),
            );
            return false;
        }
        IntOrString::Int(_) => {}
    }
    true
}

/// `IsNotMoreThan100Percent`.
fn at_most_100_percent(out: &mut Out<'_>, path: &str, v: &IntOrString) {
    if v.is_percent() && number(v) > 100 {
        out.invalid(
            path,
            &shown(v),
            Text::new("must not be greater than 100%", "100%를 넘을 수 없습니다"),
        );
    }
}

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    match ctx.object {
        Object::Deployment(d) => {
            let Some(s) = &d.spec.strategy else { return };
            if s.type_.as_deref() != Some("RollingUpdate") {
                return;
            }
            let Some(r) = &s.rolling_update else { return };
            // Unset values take the API server's defaults (25% each).
            let default = IntOrString::String("25%".into());
            let surge = r.max_surge.as_ref().unwrap_or(&default);
            let unavailable = r.max_unavailable.as_ref().unwrap_or(&default);
            let base = "spec.strategy.rollingUpdate";
            let ok_u = positive_int_or_percent(out, &format!("{base}.maxUnavailable"), unavailable);
            let ok_s = positive_int_or_percent(out, &format!("{base}.maxSurge"), surge);
            if ok_u && ok_s && number(unavailable) == 0 && number(surge) == 0 {
                out.invalid(
                    &format!("{base}.maxUnavailable"),
                    &shown(unavailable),
                    Text::new("may not be 0 when `maxSurge` is 0", "`maxSurge`이(가) 0이면 0일 수 없습니다"),
                )
                .hint(
                    "a rolling update needs room to move: allow at least one extra pod (`maxSurge: 1`) or one unavailable pod (`maxUnavailable: 1`)",
                    "롤링 업데이트에는 여유가 필요합니다. Pod 하나를 더 만들 수 있게(`maxSurge: 1`) 하거나 하나가 빠질 수 있게(`maxUnavailable: 1`) 하세요",
                );
            }
            at_most_100_percent(out, &format!("{base}.maxUnavailable"), unavailable);
        }
        Object::DaemonSet(ds) => {
            let Some(s) = &ds.spec.update_strategy else {
                return;
            };
            if s.type_.as_deref() != Some("RollingUpdate") {
                return;
            }
            let Some(r) = &s.rolling_update else { return };
            // Unset values take the API server's defaults (maxUnavailable 1, maxSurge 0).
            let (one, zero) = (IntOrString::Int(1), IntOrString::Int(0));
            let surge = r.max_surge.as_ref().unwrap_or(&zero);
            let unavailable = r.max_unavailable.as_ref().unwrap_or(&one);
            let base = "spec.updateStrategy.rollingUpdate";
            let ok_u = positive_int_or_percent(out, &format!("{base}.maxUnavailable"), unavailable);
            let ok_s = positive_int_or_percent(out, &format!("{base}.maxSurge"), surge);
            at_most_100_percent(out, &format!("{base}.maxUnavailable"), unavailable);
            at_most_100_percent(out, &format!("{base}.maxSurge"), surge);
            if !(ok_u && ok_s) {
                return;
            }
            match (number(unavailable) != 0, number(surge) != 0) {
                (true, true) => {
                    out.invalid(
                        &format!("{base}.maxSurge"),
                        &shown(surge),
                        Text::new("may not be set when maxUnavailable is non-zero", "maxUnavailable가 0이 아니면 쓸 수 없습니다"),
                    )
                    .hint(
                        "a DaemonSet runs one pod per node: either surge (`maxSurge`, with `maxUnavailable: 0`) or replace in place (`maxUnavailable`, with `maxSurge: 0`)",
                        "DaemonSet은 노드마다 Pod 하나입니다. `maxSurge`(그리고 `maxUnavailable: 0`)나 `maxUnavailable`(그리고 `maxSurge: 0`) 중 하나만 쓰세요",
                    );
                }
                (false, false) => {
                    out.required(
                        &format!("{base}.maxUnavailable"),
                        Some(Text::new(
                            "cannot be 0 when maxSurge is 0",
                            "maxSurge가 0이면 0일 수 없습니다",
                        )),
                    );
                }
                _ => {}
            }
        }
        Object::StatefulSet(ss) => {
            let Some(r) = ss
                .spec
                .update_strategy
                .as_ref()
                .and_then(|s| s.rolling_update.as_ref())
            else {
                return;
            };
            let Some(v) = &r.max_unavailable else { return };
            let path = "spec.updateStrategy.rollingUpdate.maxUnavailable";
            if positive_int_or_percent(out, path, v) && number(v) < 1 {
                out.invalid(
                    path,
                    &shown(v),
                    Text::new("must be greater than 0", "0보다 커야 합니다"),
                );
            }
            at_most_100_percent(out, path, v);
        }
        _ => {}
    }
}
