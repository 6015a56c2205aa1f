//! ## `statefulset-service-name` (warning)
//!
//! **What it does.** Warns about a StatefulSet without `serviceName`, or with one that
//! cannot name a Service (Service names are DNS-1035 labels).
//!
//! **Why is this bad?** The governing headless Service gives each pod its stable DNS name
//! (`web-0.<serviceName>`), which is why one uses a StatefulSet. Since v1.30 the API server
//! accepts a StatefulSet without one, but its pods get no such names.
//!
//! **Example.**
//! ```yaml
//! kind: StatefulSet
//! spec:
//!   replicas: 3
//! ```
//!
//! **Use instead.**
//! ```yaml
//! kind: StatefulSet
//! spec:
//!   serviceName: web
//!   replicas: 3
//! ```

use super::ctx::{Ctx, HintExt, Out, Rule};
use super::names::{name_errors, NameRule};
use crate::api::Object;
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "statefulset-service-name",
    severity: Severity::Warning,
    source: include_str!("statefulset_service_name.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Object::StatefulSet(s) = ctx.object else {
        return;
    };
    match s.spec.service_name.as_deref().filter(|n| !n.is_empty()) {
        None => {
            out.report(
                "spec.serviceName",
                Text::new(
                    "no serviceName: the pods get no stable DNS names",
                    "serviceName이 없습니다: Pod가 고정된 DNS 이름을 얻지 못합니다",
                ),
            )
            .hint(
                "create a headless Service (`clusterIP: None`) selecting these pods and name it in `spec.serviceName`",
                "이 Pod들을 고르는 헤드리스 Service(`clusterIP: None`)을(를) 만들고 그 이름을 `spec.serviceName`에 쓰세요",
            );
        }
        Some(name) if !name_errors(name, NameRule::Dns1035).is_empty() => {
            out.report(
                "spec.serviceName",
                Text::new(
                    format!("serviceName {name:?} cannot be the name of a Service"),
                    format!("serviceName {name:?}은(는) Service 이름이 될 수 없습니다"),
                ),
            )
            .hint(
                "Service names are lowercase letters, digits and '-', starting with a letter",
                "Service 이름은 소문자, 숫자, '-'로 되어 있고 문자로 시작합니다",
            );
        }
        Some(_) => {}
    }
}
