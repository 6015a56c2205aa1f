//! ## `duplicate-env` (warning)
//!
//! **What it does.** Warns about an environment variable defined twice in one container,
//! as the API server itself warns ("hides previous definition",
//! pkg/api/pod/warnings.go).
//!
//! **Why is this bad?** Only the last definition takes effect; the first is silently
//! ignored, usually not what was meant.
//!
//! **Example.**
//! ```yaml
//! env:
//! - {name: MODE, value: debug}
//! - {name: MODE, value: release}
//! ```
//!
//! **Use instead.** Keep one definition.

use std::collections::BTreeMap;

use super::ctx::{Ctx, HintExt, Out, Rule};
use super::workload::{containers, pod_spec};
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "duplicate-env",
    severity: Severity::Warning,
    source: include_str!("duplicate_env.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some((spec, base)) = pod_spec(ctx.object) else {
        return;
    };
    for (c, path, _) in containers(spec, base) {
        let mut first: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, e) in c.env.iter().flatten().enumerate() {
            if e.name.is_empty() {
                continue;
            }
            if let Some(j) = first.insert(e.name.as_str(), i) {
                let name = &e.name;
                out.report(
                    &format!("{path}.env[{i}]"),
                    Text::new(
                        format!(
                            "environment variable {name:?} hides previous definition at env[{j}]"
                        ),
                        format!("환경 변수 {name:?}이(가) env[{j}]의 앞선 정의를 가립니다"),
                    ),
                )
                .hint("keep only one definition", "정의를 하나만 남기세요");
            }
        }
    }
}
