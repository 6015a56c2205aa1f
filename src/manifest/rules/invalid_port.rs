//! ## `invalid-port` (error)
//!
//! **What it does.** Checks container ports: `containerPort` between 1 and 65535,
//! `hostPort` 0 or between 1 and 65535, `name` an IANA service name (at most 15
//! lowercase letters, digits and '-', with a letter) and unique in the pod, and a probe's
//! port a valid number or name (`validateContainerPorts`, `ValidatePortNumOrName` in
//! pkg/apis/core/validation).
//!
//! **Why is this bad?** The API server rejects the object. Port names longer than 15
//! characters are a frequent surprise.
//!
//! **Example.**
//! ```yaml
//! ports:
//! - name: http-web-frontend
//!   containerPort: 80800
//! ```
//!
//! **Use instead.**
//! ```yaml
//! ports:
//! - name: http
//!   containerPort: 8080
//! ```

use std::collections::BTreeSet;

use super::ctx::{quoted, Ctx, HintExt, Out, Rule};
use super::names::port_name_errors;
use super::workload::{containers, pod_spec};
use crate::api::container::Probe;
use crate::api::intstr::IntOrString;
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "invalid-port",
    severity: Severity::Error,
    source: include_str!("invalid_port.rs"),
    check,
};

const RANGE_EN: &str = "must be between 1 and 65535, inclusive";
const RANGE_KO: &str = "1 이상 65535 이하여야 합니다";

fn in_range(p: i64) -> bool {
    (1..=65535).contains(&p)
}

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some((spec, base)) = pod_spec(ctx.object) else {
        return;
    };
    let mut names = BTreeSet::new();
    for (c, cpath, _) in containers(spec, base) {
        for (i, port) in c.ports.iter().flatten().enumerate() {
            let path = format!("{cpath}.ports[{i}]");
            if !in_range(i64::from(port.container_port)) {
                let p = format!("{path}.containerPort");
                if port.container_port == 0 {
                    out.required(&p, None)
                } else {
                    out.invalid(
                        &p,
                        &port.container_port.to_string(),
                        Text::new(RANGE_EN, RANGE_KO),
                    )
                }
                .hint(
                    "a port number is between 1 and 65535, e.g. `containerPort: 8080`",
                    "포트 번호는 1부터 65535까지입니다. 예: `containerPort: 8080`",
                );
            }
            if let Some(h) = port
                .host_port
                .filter(|h| *h != 0 && !in_range(i64::from(*h)))
            {
                out.invalid(
                    &format!("{path}.hostPort"),
                    &h.to_string(),
                    Text::new(RANGE_EN, RANGE_KO),
                );
            }
            if let Some(name) = port.name.as_deref().filter(|n| !n.is_empty()) {
                for msg in port_name_errors(name) {
                    out.invalid(&format!("{path}.name"), &quoted(name), Text::new(msg.clone(), msg)).hint(
                        "a port name is at most 15 lowercase letters, digits and '-', with at least one letter, e.g. `http` or `metrics`",
                        "포트 이름은 소문자, 숫자, '-'로 된 15자 이내이고 문자가 하나 이상 있어야 합니다. 예: `http`, `metrics`",
                    );
                }
                if !names.insert(name.to_string()) {
                    out.duplicate(&format!("{path}.name"), name);
                }
            }
        }
        for (field, probe) in [
            ("livenessProbe", &c.liveness_probe),
            ("readinessProbe", &c.readiness_probe),
            ("startupProbe", &c.startup_probe),
        ] {
            if let Some(p) = probe {
                probe_ports(out, &format!("{cpath}.{field}"), p);
            }
        }
    }
}

/// `ValidatePortNumOrName` for a probe's handler.
fn probe_ports(out: &mut Out<'_>, path: &str, probe: &Probe) {
    let mut check_port = |sub: &str, port: &IntOrString| {
        let p = format!("{path}.{sub}.port");
        match port {
            IntOrString::Int(n) if !in_range(i64::from(*n)) => {
                out.invalid(&p, &n.to_string(), Text::new(RANGE_EN, RANGE_KO));
            }
            IntOrString::String(s) => {
                for msg in port_name_errors(s) {
                    out.invalid(&p, &quoted(s), Text::new(msg.clone(), msg));
                }
            }
            IntOrString::Int(_) => {}
        }
    };
    if let Some(h) = &probe.http_get {
        check_port("httpGet", &h.port);
    }
    if let Some(t) = &probe.tcp_socket {
        check_port("tcpSocket", &t.port);
    }
    if let Some(g) = &probe.grpc {
        check_port("grpc", &IntOrString::Int(g.port));
    }
}
