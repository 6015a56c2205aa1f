//! ## `invalid-probe` (error)
//!
//! **What it does.** Checks liveness, readiness and startup probes: exactly one handler
//! (`exec`, `httpGet`, `tcpSocket` or `grpc`), non-negative timings, and a
//! `successThreshold` of 1 for liveness and startup probes (`validateProbe`,
//! `validateLivenessProbe`, `validateStartupProbe`, `validateHandler` in
//! pkg/apis/core/validation). Regular init containers may not have probes.
//!
//! **Why is this bad?** The API server rejects the object.
//!
//! **Example.**
//! ```yaml
//! livenessProbe:
//!   periodSeconds: 10
//! ```
//!
//! **Use instead.**
//! ```yaml
//! livenessProbe:
//!   httpGet: {path: /healthz, port: 8080}
//!   periodSeconds: 10
//! ```

use super::ctx::{Ctx, HintExt, Out, Rule};
use super::workload::{containers, pod_spec};
use crate::api::container::Probe;
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "invalid-probe",
    severity: Severity::Error,
    source: include_str!("invalid_probe.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some((spec, base)) = pod_spec(ctx.object) else {
        return;
    };
    for (c, cpath, init) in containers(spec, base) {
        let sidecar = c.restart_policy.as_deref() == Some("Always");
        for (field, probe, must_be_one) in [
            ("livenessProbe", &c.liveness_probe, true),
            ("readinessProbe", &c.readiness_probe, false),
            ("startupProbe", &c.startup_probe, true),
        ] {
            let Some(p) = probe else { continue };
            let path = format!("{cpath}.{field}");
            if init && !sidecar {
                out.forbidden(
                    &path,
                    Text::new(
                        "may not be set for init containers without restartPolicy=Always",
                        "restartPolicy=Always가 아닌 초기화 컨테이너에는 쓸 수 없습니다",
                    ),
                );
                continue;
            }
            probe_checks(out, &path, p, must_be_one);
        }
    }
}

fn probe_checks(out: &mut Out<'_>, path: &str, p: &Probe, success_must_be_one: bool) {
    let handlers = [
        p.exec.is_some(),
        p.http_get.is_some(),
        p.tcp_socket.is_some(),
        p.grpc.is_some(),
    ]
    .iter()
    .filter(|h| **h)
    .count();
    if handlers == 0 {
        out.required(
            path,
            Some(Text::new("must specify a handler type", "핸들러 종류를 지정해야 합니다")),
        )
        .hint(
            "add one of `httpGet:`, `tcpSocket:`, `exec:` or `grpc:`, e.g. `httpGet: {path: /healthz, port: 8080}`",
            "`httpGet:`, `tcpSocket:`, `exec:`, `grpc:` 중 하나를 넣으세요. 예: `httpGet: {path: /healthz, port: 8080}`",
        );
    } else if handlers > 1 {
        out.forbidden(
            path,
            Text::new(
                "may not specify more than 1 handler type",
                "핸들러 종류를 둘 이상 지정할 수 없습니다",
            ),
        )
        .hint(
            "keep only one of `httpGet`, `tcpSocket`, `exec` and `grpc`",
            "`httpGet`, `tcpSocket`, `exec`, `grpc` 중 하나만 남기세요",
        );
    }
    for (field, value) in [
        ("initialDelaySeconds", p.initial_delay_seconds),
        ("timeoutSeconds", p.timeout_seconds),
        ("periodSeconds", p.period_seconds),
        ("successThreshold", p.success_threshold),
        ("failureThreshold", p.failure_threshold),
    ] {
        if let Some(v) = value.filter(|v| *v < 0) {
            out.invalid(
                &format!("{path}.{field}"),
                &v.to_string(),
                Text::new("must be greater than or equal to 0", "0 이상이어야 합니다"),
            );
        }
    }
    if success_must_be_one {
        if let Some(v) = p.success_threshold.filter(|v| *v != 1 && *v >= 0) {
            out.invalid(
                &format!("{path}.successThreshold"),
                &v.to_string(),
                Text::new("must be 1", "1이어야 합니다"),
            )
            .hint(
                "liveness and startup probes count one success as enough; remove `successThreshold` or set it to 1",
                "활성(liveness)·시작(startup) 프로브는 한 번 성공하면 충분합니다. `successThreshold`을(를) 지우거나 1로 하세요",
            );
        }
    }
}
