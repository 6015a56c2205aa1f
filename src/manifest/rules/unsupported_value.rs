//! ## `unsupported-value` (error)
//!
//! **What it does.** Checks fields that take one of a fixed set of values:
//! `imagePullPolicy` (`Always`, `IfNotPresent`, `Never`), a port's `protocol` (`TCP`,
//! `UDP`, `SCTP`), `dnsPolicy`, a StatefulSet's `podManagementPolicy` and PVC retention
//! policy, a CronJob's `concurrencyPolicy`, a Job's `completionMode` and
//! `podReplacementPolicy`, a Service's `type`, `sessionAffinity` and traffic policies
//! ("Unsupported value" in pkg/apis/core/validation, pkg/apis/apps/validation and
//! pkg/apis/batch/validation).
//!
//! **Why is this bad?** The API server rejects the object. The values are case-sensitive:
//! `ifNotPresent` or `nodeport` are rejected.
//!
//! **Example.**
//! ```yaml
//! imagePullPolicy: always
//! ```
//!
//! **Use instead.**
//! ```yaml
//! imagePullPolicy: Always
//! ```

use super::ctx::{Ctx, HintExt, Out, Rule};
use super::workload::{containers, pod_spec};
use crate::api::job::JobSpec;
use crate::api::Object;
use crate::manifest::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: "unsupported-value",
    severity: Severity::Error,
    source: include_str!("unsupported_value.rs"),
    check,
};

fn one_of(out: &mut Out<'_>, path: &str, value: Option<&str>, allowed: &[&str]) {
    let Some(v) = value else { return };
    if allowed.contains(&v) {
        return;
    }
    let d = out.unsupported(path, v, allowed);
    if let Some(good) = allowed.iter().find(|a| a.eq_ignore_ascii_case(v)) {
        d.hint(
            format!("the value is case-sensitive: write `{good}`"),
            format!("값은 대소문자를 구분합니다: `{good}`(으)로 쓰세요"),
        );
    }
}

fn job(out: &mut Out<'_>, spec: &JobSpec, base: &str) {
    one_of(
        out,
        &format!("{base}.completionMode"),
        spec.completion_mode.as_deref(),
        &["NonIndexed", "Indexed"],
    );
    one_of(
        out,
        &format!("{base}.podReplacementPolicy"),
        spec.pod_replacement_policy.as_deref(),
        &["TerminatingOrFailed", "Failed"],
    );
}

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some((spec, base)) = pod_spec(ctx.object) {
        one_of(
            out,
            &format!("{base}.dnsPolicy"),
            spec.dns_policy.as_deref(),
            &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        );
        for (c, path, _) in containers(spec, base) {
            one_of(
                out,
                &format!("{path}.imagePullPolicy"),
                c.image_pull_policy.as_deref(),
                &["Always", "IfNotPresent", "Never"],
            );
            for (i, p) in c.ports.iter().flatten().enumerate() {
                one_of(
                    out,
                    &format!("{path}.ports[{i}].protocol"),
                    p.protocol.as_deref(),
                    &["SCTP", "TCP", "UDP"],
                );
            }
        }
    }
    match ctx.object {
        Object::StatefulSet(s) => {
            one_of(
                out,
                "spec.podManagementPolicy",
                s.spec.pod_management_policy.as_deref(),
                &["OrderedReady", "Parallel"],
            );
            if let Some(p) = &s.spec.persistent_volume_claim_retention_policy {
                let allowed = ["Retain", "Delete"];
                one_of(
                    out,
                    "spec.persistentVolumeClaimRetentionPolicy.whenDeleted",
                    p.when_deleted.as_deref(),
                    &allowed,
                );
                one_of(
                    out,
                    "spec.persistentVolumeClaimRetentionPolicy.whenScaled",
                    p.when_scaled.as_deref(),
                    &allowed,
                );
            }
        }
        Object::Job(j) => job(out, &j.spec, "spec"),
        Object::CronJob(c) => {
            one_of(
                out,
                "spec.concurrencyPolicy",
                c.spec.concurrency_policy.as_deref(),
                &["Allow", "Forbid", "Replace"],
            );
            job(out, &c.spec.job_template.spec, "spec.jobTemplate.spec");
        }
        Object::Service(s) => {
            one_of(
                out,
                "spec.type",
                s.spec.type_.as_deref(),
                &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
            );
            one_of(
                out,
                "spec.sessionAffinity",
                s.spec.session_affinity.as_deref(),
                &["ClientIP", "None"],
            );
            one_of(
                out,
                "spec.externalTrafficPolicy",
                s.spec.external_traffic_policy.as_deref(),
                &["Cluster", "Local"],
            );
            one_of(
                out,
                "spec.internalTrafficPolicy",
                s.spec.internal_traffic_policy.as_deref(),
                &["Cluster", "Local"],
            );
            for (i, p) in s.spec.ports.iter().flatten().enumerate() {
                one_of(
                    out,
                    &format!("spec.ports[{i}].protocol"),
                    p.protocol.as_deref(),
                    &["SCTP", "TCP", "UDP"],
                );
            }
        }
        Object::PersistentVolumeClaim(p) => {
            for (i, m) in p.spec.access_modes.iter().flatten().enumerate() {
                one_of(
                    out,
                    &format!("spec.accessModes[{i}]"),
                    Some(m),
                    &[
                        "ReadOnlyMany",
                        "ReadWriteMany",
                        "ReadWriteOnce",
                        "ReadWriteOncePod",
                    ],
                );
            }
        }
        _ => {}
    }
}
