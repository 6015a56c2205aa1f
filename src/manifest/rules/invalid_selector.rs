//! ## `invalid-selector` (error)
//!
//! **What it does.** Checks `matchExpressions` of a workload's selector: the operator is
//! one of `In`, `NotIn`, `Exists`, `DoesNotExist`; `In`/`NotIn` need values and
//! `Exists`/`DoesNotExist` take none; keys are valid label keys (`ValidateLabelSelector`
//! in apimachinery/pkg/apis/meta/v1/validation).
//!
//! **Why is this bad?** The API server rejects the object; operators are case-sensitive.
//!
//! **Example.**
//! ```yaml
//! matchExpressions:
//! - {key: tier, operator: in, values: [web]}
//! ```
//!
//! **Use instead.**
//! ```yaml
//! matchExpressions:
//! - {key: tier, operator: In, values: [web]}
//! ```

use super::ctx::{quoted, Ctx, HintExt, Out, Rule};
use super::workload::workload;
use crate::api::Object;
use crate::manifest::diagnostic::{Severity, Text};
use crate::selector::validate::label_key_errors;

pub const RULE: Rule = Rule {
    code: "invalid-selector",
    severity: Severity::Error,
    source: include_str!("invalid_selector.rs"),
    check,
};

const OPERATORS: &[&str] = &["In", "NotIn", "Exists", "DoesNotExist"];

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let selector = match (workload(ctx.object), ctx.object) {
        (Some(w), _) => w.selector,
        (None, Object::Job(j)) => j.spec.selector.as_ref(),
        _ => None,
    };
    let Some(sel) = selector else { return };
    for (i, expr) in sel.match_expressions.iter().flatten().enumerate() {
        let path = format!("spec.selector.matchExpressions[{i}]");
        let values = expr.values.as_ref().map_or(0, Vec::len);
        match expr.operator.as_str() {
            "In" | "NotIn" if values == 0 => {
                out.required(
                    &format!("{path}.values"),
                    Some(Text::new(
                        "must be specified when `operator` is 'In' or 'NotIn'",
                        "`operator`이(가) 'In'이나 'NotIn'이면 값이 있어야 합니다",
                    )),
                );
            }
            "Exists" | "DoesNotExist" if values > 0 => {
                out.forbidden(
                    &format!("{path}.values"),
                    Text::new(
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                        "`operator`이(가) 'Exists'나 'DoesNotExist'이면 값을 쓸 수 없습니다",
                    ),
                );
            }
            op if !OPERATORS.contains(&op) => {
                let close = OPERATORS.iter().find(|o| o.eq_ignore_ascii_case(op));
                let d = out.invalid(
                    &format!("{path}.operator"),
                    &quoted(op),
                    Text::new(
                        "not a valid selector operator",
                        "올바른 셀렉터 연산자가 아닙니다",
                    ),
                );
                if let Some(o) = close {
                    d.hint(
                        format!("operators are case-sensitive: write `{o}`"),
                        format!("연산자는 대소문자를 구분합니다: `{o}`(으)로 쓰세요"),
                    );
                }
            }
            _ => {}
        }
        for msg in label_key_errors(&expr.key) {
            out.invalid(
                &format!("{path}.key"),
                &quoted(&expr.key),
                Text::new(msg.clone(), msg),
            );
        }
    }
}
