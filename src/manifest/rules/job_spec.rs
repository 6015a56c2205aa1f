//! ## `invalid-job-spec` (error)
//!
//! **What it does.** Checks what goes together in a Job's spec (also a CronJob's
//! `jobTemplate`): an `Indexed` Job needs `completions`, and at most 100000 of them and of
//! `parallelism`; `backoffLimitPerIndex` needs `Indexed`; `maxFailedIndexes` needs
//! `backoffLimitPerIndex` and is at most `completions`; a `podFailurePolicy` needs the pod
//! template's `restartPolicy: Never` (`validateJobSpec`, `validatePodFailurePolicy` in
//! pkg/apis/batch/validation).
//!
//! **Why is this bad?** The API server rejects the object.
//!
//! **Example.**
//! ```yaml
//! spec:
//!   completionMode: Indexed
//!   parallelism: 3
//! ```
//!
//! **Use instead.**
//! ```yaml
//! spec:
//!   completionMode: Indexed
//!   completions: 5
//!   parallelism: 3
//! ```

use super::ctx::{Ctx, HintExt, Out, Rule};
use crate::api::job::JobSpec;
use crate::api::Object;
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "invalid-job-spec",
    severity: Severity::Error,
    source: include_str!("job_spec.rs"),
    check,
};

/// `maxParallelismForIndexedJob` and `maxCompletionsForIndexedJob` upstream.
const INDEXED_MAX: i32 = 100_000;

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    match ctx.object {
        Object::Job(j) => job(out, &j.spec, "spec"),
        Object::CronJob(c) => job(out, &c.spec.job_template.spec, "spec.jobTemplate.spec"),
        _ => {}
    }
}

fn job(out: &mut Out<'_>, spec: &JobSpec, base: &str) {
    let p = |f: &str| format!("{base}.{f}");
    let indexed = spec.completion_mode.as_deref() == Some("Indexed");
    if indexed {
        match spec.completions {
            None => {
                out.required(
                    &p("completions"),
                    Some(Text::new("when completion mode is Indexed", "완료 모드가 Indexed이면 필요합니다")),
                )
                .hint(
                    "an Indexed Job runs one pod per index 0..completions-1: set `completions`",
                    "Indexed Job은 0부터 completions-1까지 인덱스마다 Pod를 하나씩 실행합니다. `completions`을(를) 주세요",
                );
            }
            Some(n) if n > INDEXED_MAX => {
                out.invalid(
                    &p("completions"),
                    &n.to_string(),
                    Text::new(
                        format!("must be less than or equal to {INDEXED_MAX} when completion mode is Indexed"),
                        format!("완료 모드가 Indexed이면 {INDEXED_MAX} 이하여야 합니다"),
                    ),
                );
            }
            Some(_) => {}
        }
        if let Some(n) = spec.parallelism.filter(|n| *n > INDEXED_MAX) {
            out.invalid(
                &p("parallelism"),
                &n.to_string(),
                Text::new(
                    format!("must be less than or equal to {INDEXED_MAX} when completion mode is Indexed"),
                    format!("완료 모드가 Indexed이면 {INDEXED_MAX} 이하여야 합니다"),
                ),
            );
        }
    }
    if spec.backoff_limit_per_index.is_some() && !indexed {
        out.invalid(
            &p("backoffLimitPerIndex"),
            &spec.backoff_limit_per_index.unwrap_or_default().to_string(),
            Text::new(
                "requires indexed completion mode",
                "Indexed 완료 모드가 필요합니다",
            ),
        )
        .hint(
            "add `completionMode: Indexed` (and `completions`)",
            "`completionMode: Indexed`(와 `completions`)을(를) 넣으세요",
        );
    }
    if let Some(m) = spec.max_failed_indexes {
        if spec.backoff_limit_per_index.is_none() {
            out.required(
                &p("backoffLimitPerIndex"),
                Some(Text::new(
                    "when maxFailedIndexes is specified",
                    "maxFailedIndexes를 쓰면 필요합니다",
                )),
            );
        }
        if let Some(c) = spec.completions.filter(|c| m > *c) {
            out.invalid(
                &p("maxFailedIndexes"),
                &m.to_string(),
                Text::new(
                    format!("must be less than or equal to completions ({c})"),
                    format!("completions({c}) 이하여야 합니다"),
                ),
            );
        }
    }
    if spec.pod_failure_policy.is_some() {
        let policy = spec
            .template
            .spec
            .restart_policy
            .as_deref()
            .unwrap_or("Always");
        if policy != "Never" {
            out.invalid(
                &p("template.spec.restartPolicy"),
                &format!("{policy:?}"),
                Text::new(
                    "only \"Never\" is supported when podFailurePolicy is specified",
                    "podFailurePolicy를 쓰면 \"Never\"만 쓸 수 있습니다",
                ),
            )
            .hint(
                "set `restartPolicy: Never` in the pod template",
                "Pod 템플릿에 `restartPolicy: Never`을(를) 쓰세요",
            );
        }
    }
}
