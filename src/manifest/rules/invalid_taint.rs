//! ## `invalid-taint` (error)
//!
//! **What it does.** Checks a Node's `spec.taints` as `validateNodeTaints` in
//! pkg/apis/core/validation/validation.go does: the `key` is a qualified name, the `value`
//! a valid label value, the `effect` one of `NoSchedule`, `PreferNoSchedule` and
//! `NoExecute` (required, case-sensitive), and no two taints share a key and an effect.
//!
//! **Why is this bad?** The API server rejects the Node.
//!
//! **Example.**
//! ```yaml
//! spec:
//!   taints:
//!   - {key: dedicated, value: gpu, effect: noSchedule}
//! ```
//!
//! **Use instead.**
//! ```yaml
//! spec:
//!   taints:
//!   - {key: dedicated, value: gpu, effect: NoSchedule}
//! ```

use std::collections::BTreeSet;

use super::ctx::{quoted, Ctx, Out, Rule};
use super::taint_effect::check_effect;
use crate::api::Object;
use crate::manifest::diagnostic::{Severity, Text};
use crate::selector::validate::{label_key_errors, label_value_errors};

pub const RULE: Rule = Rule {
    code: "invalid-taint",
    severity: Severity::Error,
    source: include_str!("invalid_taint.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Object::Node(node) = ctx.object else {
        return;
    };
    let mut seen = BTreeSet::new();
    for (i, t) in node.spec.taints.iter().flatten().enumerate() {
        let path = format!("spec.taints[{i}]");
        for msg in label_key_errors(&t.key) {
            out.invalid(
                &format!("{path}.key"),
                &quoted(&t.key),
                Text::new(msg.clone(), msg),
            );
        }
        let value = t.value.as_deref().unwrap_or("");
        let value_errors = label_value_errors(value);
        if !value_errors.is_empty() {
            let msg = value_errors.join(";");
            out.invalid(
                &format!("{path}.value"),
                &quoted(value),
                Text::new(msg.clone(), msg),
            );
        }
        if t.effect.is_empty() {
            out.required(&format!("{path}.effect"), None);
        } else {
            check_effect(out, &format!("{path}.effect"), &t.effect);
        }
        if !seen.insert((t.effect.clone(), t.key.clone())) {
            let shown = serde_json::to_string(t).unwrap_or_default();
            out.report(
                &path,
                Text::new(
                    format!(
                        "Duplicate value: {shown}: taints must be unique by key and effect pair"
                    ),
                    format!("중복된 값: {shown}: taint는 key와 effect의 쌍마다 하나여야 합니다"),
                ),
            );
        }
    }
}
