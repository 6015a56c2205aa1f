//! ## `invalid-container-name` (error)
//!
//! **What it does.** Checks container names: each is set, a DNS-1123 label, and unique
//! across `initContainers` and `containers` (`validateContainers` and
//! `validateInitContainers` in pkg/apis/core/validation).
//!
//! **Why is this bad?** The kubelet, logs (`kubectl logs -c`) and status refer to
//! containers by name. The API server rejects the object.
//!
//! **Example.**
//! ```yaml
//! containers:
//! - name: web
//!   image: nginx
//! - name: web
//!   image: busybox
//! ```
//!
//! **Use instead.**
//! ```yaml
//! containers:
//! - name: web
//!   image: nginx
//! - name: sidecar
//!   image: busybox
//! ```

use std::collections::BTreeSet;

use super::ctx::{quoted, Ctx, HintExt, Out, Rule};
use super::names::{name_errors, rule_hint, NameRule};
use super::workload::{containers, pod_spec};
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "invalid-container-name",
    severity: Severity::Error,
    source: include_str!("invalid_container_name.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some((spec, base)) = pod_spec(ctx.object) else {
        return;
    };
    let mut seen = BTreeSet::new();
    for (c, path, _) in containers(spec, base) {
        let name_path = format!("{path}.name");
        if c.name.is_empty() {
            out.required(&name_path, None).hint(
                "every container needs a name, e.g. `- name: web`",
                "모든 컨테이너에는 이름이 필요합니다. 예: `- name: web`",
            );
            continue;
        }
        for msg in name_errors(&c.name, NameRule::Label) {
            let (en, ko) = rule_hint(NameRule::Label);
            out.invalid(&name_path, &quoted(&c.name), Text::new(msg.clone(), msg))
                .hint(en, ko);
        }
        if !seen.insert(c.name.as_str()) {
            out.duplicate(&name_path, &c.name).hint(
                "container names must be unique within a pod (init containers included)",
                "컨테이너 이름은 Pod 안에서 (초기화 컨테이너를 포함해) 서로 달라야 합니다",
            );
        }
    }
}
