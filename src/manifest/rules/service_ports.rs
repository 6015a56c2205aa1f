//! ## `invalid-service-port` (error)
//!
//! **What it does.** Checks a Service's ports: at least one (except for `ExternalName`
//! and headless Services), `port` between 1 and 65535, a numeric `targetPort` in range or
//! a named one a valid port name, a `name` on every port when there are several, names
//! unique, and `nodePort` only for `NodePort` and `LoadBalancer` Services and within the
//! default range 30000-32767 (`ValidateService`, `validateServicePort` in
//! pkg/apis/core/validation; the range is the API server's
//! `--service-node-port-range` default).
//!
//! **Why is this bad?** The API server rejects the Service.
//!
//! **Example.**
//! ```yaml
//! ports:
//! - port: 80
//! - port: 443
//! ```
//!
//! **Use instead.**
//! ```yaml
//! ports:
//! - name: http
//!   port: 80
//! - name: https
//!   port: 443
//! ```

use std::collections::BTreeSet;

use super::ctx::{quoted, Ctx, HintExt, Out, Rule};
use super::names::port_name_errors;
use crate::api::intstr::IntOrString;
use crate::api::Object;
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "invalid-service-port",
    severity: Severity::Error,
    source: include_str!("service_ports.rs"),
    check,
};

const RANGE_EN: &str = "must be between 1 and 65535, inclusive";
const RANGE_KO: &str = "1 이상 65535 이하여야 합니다";

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Object::Service(s) = ctx.object else {
        return;
    };
    let ty = s.spec.type_.as_deref().unwrap_or("ClusterIP");
    let ports = s.spec.ports.as_deref().unwrap_or_default();
    if ports.is_empty() && ty != "ExternalName" && !s.spec.is_headless() {
        out.required("spec.ports", None).hint(
            "add the port the Service listens on, e.g. `ports: [{port: 80, targetPort: 8080}]`",
            "Service가 받을 포트를 넣으세요. 예: `ports: [{port: 80, targetPort: 8080}]`",
        );
    }
    let mut names = BTreeSet::new();
    for (i, p) in ports.iter().enumerate() {
        let path = format!("spec.ports[{i}]");
        if !(1..=65535).contains(&p.port) {
            out.invalid(
                &format!("{path}.port"),
                &p.port.to_string(),
                Text::new(RANGE_EN, RANGE_KO),
            );
        }
        match p.name.as_deref().filter(|n| !n.is_empty()) {
            None if ports.len() > 1 => {
                out.required(&format!("{path}.name"), None).hint(
                    "a Service with several ports must name each one, e.g. `name: http`",
                    "포트가 여러 개인 Service는 포트마다 이름이 있어야 합니다. 예: `name: http`",
                );
            }
            Some(name) => {
                // A port name is an RFC 1123 label (`ValidateDNS1123Label` in
                // validateServicePort), so `80-8080`, which `kubectl create service` makes,
                // is valid.
                for msg in crate::manifest::rules::names::name_errors(
                    name,
                    crate::manifest::rules::names::NameRule::Label,
                ) {
                    out.invalid(
                        &format!("{path}.name"),
                        &quoted(name),
                        Text::new(msg.clone(), msg),
                    );
                }
                if !names.insert(name) {
                    out.duplicate(&format!("{path}.name"), name);
                }
            }
            None => {}
        }
        match &p.target_port {
            Some(IntOrString::Int(n)) if !(1..=65535).contains(n) => {
                out.invalid(
                    &format!("{path}.targetPort"),
                    &n.to_string(),
                    Text::new(RANGE_EN, RANGE_KO),
                );
            }
            Some(IntOrString::String(name)) => {
                for msg in port_name_errors(name) {
                    out.invalid(
                        &format!("{path}.targetPort"),
                        &quoted(name),
                        Text::new(msg.clone(), msg),
                    );
                }
            }
            _ => {}
        }
        if let Some(np) = p.node_port.filter(|n| *n != 0) {
            let np_path = format!("{path}.nodePort");
            if ty != "NodePort" && ty != "LoadBalancer" {
                out.forbidden(
                    &np_path,
                    Text::new(
                        format!("may not be used when `type` is '{ty}'"),
                        format!("`type`이(가) '{ty}'이면 쓸 수 없습니다"),
                    ),
                )
                .hint(
                    "set `type: NodePort`, or remove `nodePort`",
                    "`type: NodePort`(으)로 하거나 `nodePort`을(를) 지우세요",
                );
            } else if !(30000..=32767).contains(&np) {
                out.invalid(
                    &np_path,
                    &np.to_string(),
                    Text::new(
                        "provided port is not in the valid range. The range of valid ports is 30000-32767",
                        "포트가 올바른 범위에 있지 않습니다. 올바른 범위는 30000-32767입니다",
                    ),
                )
                .hint(
                    "pick a nodePort between 30000 and 32767, or leave it out and let the cluster choose",
                    "30000에서 32767 사이의 nodePort를 고르거나, 빼서 클러스터가 고르게 하세요",
                );
            }
        }
    }
}
