//! ## `invalid-toleration` (error)
//!
//! **What it does.** Checks a Pod's (or Pod template's) `tolerations` as
//! `ValidateTolerations` in pkg/apis/core/validation/validation.go does: a `key` is a
//! qualified name; an empty `key` needs `operator: Exists`; `tolerationSeconds` needs
//! `effect: NoExecute`; the operator is `Equal` (the value then a valid label value) or
//! `Exists` (then without a value); the effect, when given, is `NoSchedule`,
//! `PreferNoSchedule` or `NoExecute`, case-sensitive. `Gt` and `Lt` are refused: their
//! gate, TaintTolerationComparisonOperators, is alpha and off at v1.36's defaults.
//!
//! **Why is this bad?** The API server rejects the object. A toleration with a wrong-case
//! effect would tolerate nothing if it were accepted.
//!
//! **Example.**
//! ```yaml
//! tolerations:
//! - {key: dedicated, operator: Exists, value: gpu, effect: noSchedule}
//! ```
//!
//! **Use instead.**
//! ```yaml
//! tolerations:
//! - {key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}
//! ```

use super::ctx::{quoted, Ctx, HintExt, Out, Rule};
use super::taint_effect::check_effect;
use super::workload::pod_spec;
use crate::api::affinity::Toleration;
use crate::manifest::diagnostic::{Severity, Text};
use crate::selector::validate::{label_key_errors, label_value_errors};

pub const RULE: Rule = Rule {
    code: "invalid-toleration",
    severity: Severity::Error,
    source: include_str!("invalid_toleration.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some((spec, base)) = pod_spec(ctx.object) else {
        return;
    };
    for (i, t) in spec.tolerations.iter().flatten().enumerate() {
        toleration(out, t, &format!("{base}.tolerations[{i}]"));
    }
}

/// The toleration as `field.Invalid` prints a struct: JSON of the fields that are set.
fn shown(t: &Toleration) -> String {
    serde_json::to_string(t).unwrap_or_default()
}

fn toleration(out: &mut Out<'_>, t: &Toleration, path: &str) {
    let key = t.key.as_deref().unwrap_or("");
    let operator = t.operator.as_deref().unwrap_or("");
    let value = t.value.as_deref().unwrap_or("");
    let effect = t.effect.as_deref().unwrap_or("");
    if !key.is_empty() {
        for msg in label_key_errors(key) {
            out.invalid(
                &format!("{path}.key"),
                &quoted(key),
                Text::new(msg.clone(), msg),
            );
        }
    }
    if key.is_empty() && operator != "Exists" {
        out.invalid(
            &format!("{path}.operator"),
            &quoted(operator),
            Text::new(
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
                "`key`가 비어 있으면 operator는 Exists여야 합니다 (\"모든 키와 값에 맞음\"이라는 뜻)",
            ),
        );
    }
    if t.toleration_seconds.is_some() && effect != "NoExecute" {
        out.invalid(
            &format!("{path}.effect"),
            &quoted(effect),
            Text::new(
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
                "`tolerationSeconds`를 쓰면 effect는 'NoExecute'여야 합니다",
            ),
        );
    }
    match operator {
        "" | "Equal" => {
            for msg in label_value_errors(value) {
                out.invalid(
                    &format!("{path}.value"),
                    &quoted(value),
                    Text::new(msg.clone(), msg),
                );
            }
        }
        "Exists" => {
            if !value.is_empty() {
                out.invalid(
                    &format!("{path}.operator"),
                    &shown(t),
                    Text::new(
                        "value must be empty when `operator` is 'Exists'",
                        "`operator`가 'Exists'이면 value는 비어 있어야 합니다",
                    ),
                )
                .hint(
                    "`Exists` matches any value of the key: remove `value`, or use `operator: Equal` to match this value only",
                    "`Exists`는 키의 어떤 값에도 맞습니다. `value`를 지우거나, 이 값에만 맞추려면 `operator: Equal`을 쓰세요",
                );
            }
        }
        "Gt" | "Lt" => {
            out.unsupported(&format!("{path}.operator"), operator, &["Equal", "Exists"])
                .hint(
                    "`Gt` and `Lt` need the alpha feature gate TaintTolerationComparisonOperators, off by default in Kubernetes v1.36: use `Equal` (or `Exists`)",
                    "`Gt`와 `Lt`는 알파 기능 게이트 TaintTolerationComparisonOperators가 필요한데, Kubernetes v1.36에서는 기본으로 꺼져 있습니다. `Equal`(또는 `Exists`)을 쓰세요",
                );
        }
        other => out.one_of(
            &format!("{path}.operator"),
            Some(other),
            &["Equal", "Exists"],
        ),
    }
    if !effect.is_empty() {
        check_effect(out, &format!("{path}.effect"), effect);
    }
}
