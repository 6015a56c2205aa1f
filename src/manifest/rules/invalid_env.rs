//! ## `invalid-env` (error)
//!
//! **What it does.** Checks environment variables: a name is set and contains no `=`,
//! and `value` and `valueFrom` are not both given (`ValidateEnv`, `validateEnvVarValueFrom`
//! in pkg/apis/core/validation; names follow the relaxed rule that is the default since
//! Kubernetes v1.34: printable ASCII except `=`).
//!
//! **Why is this bad?** The API server rejects the object.
//!
//! **Example.**
//! ```yaml
//! env:
//! - name: MODE=debug
//! ```
//!
//! **Use instead.**
//! ```yaml
//! env:
//! - name: MODE
//!   value: debug
//! ```

use super::ctx::{quoted, Ctx, HintExt, Out, Rule};
use super::workload::{containers, pod_spec};
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "invalid-env",
    severity: Severity::Error,
    source: include_str!("invalid_env.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some((spec, base)) = pod_spec(ctx.object) else {
        return;
    };
    for (c, cpath, _) in containers(spec, base) {
        for (i, e) in c.env.iter().flatten().enumerate() {
            let path = format!("{cpath}.env[{i}]");
            if e.name.is_empty() {
                out.required(&format!("{path}.name"), None);
            } else if e.name.contains('=') || !e.name.bytes().all(|b| (32..=126).contains(&b)) {
                let d = out.invalid(
                    &format!("{path}.name"),
                    &quoted(&e.name),
                    Text::new(
                        "a valid environment variable name must consist only of printable ASCII characters other than '='",
                        "환경 변수 이름은 '='를 뺀 출력 가능한 ASCII 문자로만 이뤄져야 합니다",
                    ),
                );
                if let Some((name, value)) = e.name.split_once('=') {
                    d.hint(
                        format!(
                            "write the value separately: `- name: {name}` and `value: \"{value}\"`"
                        ),
                        format!("값은 따로 쓰세요: `- name: {name}`, `value: \"{value}\"`"),
                    );
                }
            }
            if e.value.as_deref().is_some_and(|v| !v.is_empty()) && e.value_from.is_some() {
                out.invalid(
                    &format!("{path}.valueFrom"),
                    "",
                    Text::new(
                        "may not be specified when `value` is not empty",
                        "`value`이(가) 비어 있지 않으면 쓸 수 없습니다",
                    ),
                );
            }
        }
    }
}
