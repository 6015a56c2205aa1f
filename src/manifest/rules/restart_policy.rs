//! ## `restart-policy` (error)
//!
//! **What it does.** Checks the pod template's `restartPolicy` for the kind: `Always` for
//! ReplicaSets, Deployments, StatefulSets and DaemonSets; `OnFailure` or `Never` for Jobs
//! and CronJobs; one of the three for a Pod (`ValidatePodTemplateSpecForReplicaSet`,
//! `ValidateDaemonSetSpec`, `ValidateStatefulSetSpec` in pkg/apis/apps/validation;
//! `validateJobSpec` in pkg/apis/batch/validation). An unset policy defaults to `Always`
//! first, so a Job without one is rejected, as the API server rejects it ("Required value:
//! valid values: "OnFailure", "Never"").
//!
//! **Why is this bad?** A Job's pods must be allowed to finish; a Deployment's must run
//! forever. The API server rejects the object.
//!
//! **Example.**
//! ```yaml
//! kind: Job
//! spec:
//!   template:
//!     spec:
//!       containers: [{name: pi, image: perl}]
//! ```
//!
//! **Use instead.**
//! ```yaml
//! kind: Job
//! spec:
//!   template:
//!     spec:
//!       restartPolicy: Never
//!       containers: [{name: pi, image: perl}]
//! ```

use super::ctx::{Ctx, HintExt, Out, Rule};
use super::workload::pod_spec;
use crate::api::Object;
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "restart-policy",
    severity: Severity::Error,
    source: include_str!("restart_policy.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some((spec, base)) = pod_spec(ctx.object) else {
        return;
    };
    let allowed: &[&str] = match ctx.object {
        Object::Job(_) | Object::CronJob(_) => &["OnFailure", "Never"],
        Object::Pod(_) => &["Always", "OnFailure", "Never"],
        _ => &["Always"],
    };
    let path = format!("{base}.restartPolicy");
    // The API server defaults an unset policy to Always before validating.
    let policy = spec.restart_policy.as_deref().unwrap_or("Always");
    if allowed.contains(&policy) {
        return;
    }
    let written = ctx.is_written(&path);
    let job = matches!(ctx.object, Object::Job(_) | Object::CronJob(_));
    // validateJobSpec: `Always` (set, or defaulted from nothing) is "Required value: valid
    // values: ..."; any other value is "Unsupported value".
    let d = if job && policy == "Always" {
        out.required(
            &path,
            Some(Text::new(
                "valid values: \"OnFailure\", \"Never\"",
                "쓸 수 있는 값: \"OnFailure\", \"Never\"",
            )),
        )
    } else {
        out.unsupported(&path, policy, allowed)
    };
    let kind = ctx.object.kind();
    match (ctx.object, written) {
        (Object::Job(_) | Object::CronJob(_), false) => d.hint(
            format!("`restartPolicy` is not set, so it defaults to `Always`, which a {kind} does not allow: add `restartPolicy: Never` (or `OnFailure`) under `{base}`"),
            format!("`restartPolicy`이(가) 없어 기본값 `Always`이(가) 되는데, {kind}에서는 쓸 수 없습니다. `{base}` 아래에 `restartPolicy: Never`(또는 `OnFailure`)을(를) 넣으세요"),
        ),
        (Object::Job(_) | Object::CronJob(_), true) => d.hint(
            format!("a {kind}'s pods must be able to finish: use `Never` (a failed pod is replaced by a new one) or `OnFailure` (the container restarts in place)"),
            format!("{kind}의 Pod는 끝날 수 있어야 합니다. `Never`(실패한 Pod를 새 Pod로 교체)나 `OnFailure`(컨테이너를 그 자리에서 재시작)을(를) 쓰세요"),
        ),
        (Object::Pod(_), _) => d.hint(
            "the values are case-sensitive: `Always`, `OnFailure` or `Never`",
            "값은 대소문자를 구분합니다: `Always`, `OnFailure`, `Never`",
        ),
        _ => d.hint(
            format!("a {kind} keeps its pods running, so only `Always` is allowed; remove `restartPolicy` (it defaults to `Always`), or use a Job for work that finishes"),
            format!("{kind}은(는) Pod를 계속 실행하므로 `Always`만 쓸 수 있습니다. `restartPolicy`을(를) 지우거나(기본값 `Always`), 끝나는 작업에는 Job을 쓰세요"),
        ),
    }
}
