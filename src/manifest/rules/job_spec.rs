//! ## `invalid-job-spec` (error)
//!
//! **What it does.** Checks what goes together in a Job's spec (also a CronJob's
//! `jobTemplate`), as `validateJobSpec` and `validatePodReplacementPolicy` in
//! pkg/apis/batch/validation/validation.go do: an `Indexed` Job needs `completions` and at
//! most 100000 `parallelism`; `backoffLimitPerIndex` and `maxFailedIndexes` need `Indexed`;
//! `maxFailedIndexes` needs `backoffLimitPerIndex` and is at most `completions` and 100000;
//! above 100000 completions with `backoffLimitPerIndex`, `maxFailedIndexes` is required and
//! it and `parallelism` are at most 10000; a `podFailurePolicy` needs the pod template's
//! `restartPolicy: Never` and `podReplacementPolicy: Failed`.
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
use super::workload::job_spec;
use crate::api::job::JobSpec;
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "invalid-job-spec",
    severity: Severity::Error,
    source: include_str!("job_spec.rs"),
    check,
};

/// `maxParallelismForIndexedJob` and `maxFailedIndexesForIndexedJob` upstream.
const INDEXED_MAX: i32 = 100_000;
/// `completionsSoftLimit`: above it, `backoffLimitPerIndex` brings tighter limits.
const COMPLETIONS_SOFT_LIMIT: i32 = 100_000;
/// `parallelismLimitForHighCompletions` and `maxFailedIndexesLimitForHighCompletions`.
const HIGH_COMPLETIONS_MAX: i32 = 10_000;

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some((spec, base)) = job_spec(ctx.object) {
        job(out, spec, base);
    }
}

fn at_most(out: &mut Out<'_>, path: &str, value: i32, max: i32, when: Option<(&str, &str)>) {
    let (en, ko) = match when {
        Some((en, ko)) => (
            format!("must be less than or equal to {max} {en}"),
            format!("{ko} {max} 이하여야 합니다"),
        ),
        None => (
            format!("must be less than or equal to {max}"),
            format!("{max} 이하여야 합니다"),
        ),
    };
    out.invalid(path, &value.to_string(), Text::new(en, ko));
}

fn job(out: &mut Out<'_>, spec: &JobSpec, base: &str) {
    let p = |f: &str| format!("{base}.{f}");
    let indexed = spec.completion_mode.as_deref() == Some("Indexed");
    let when_indexed = Some(("when completion mode is Indexed", "완료 모드가 Indexed이면"));
    if indexed {
        if spec.completions.is_none() {
            out.required(
                &p("completions"),
                Some(Text::new("when completion mode is Indexed", "완료 모드가 Indexed이면 필요합니다")),
            )
            .hint(
                "an Indexed Job runs one Pod per index 0..completions-1: set `completions`",
                "Indexed Job은 0부터 completions-1까지 인덱스마다 Pod를 하나씩 실행합니다. `completions`를 주세요",
            );
        }
        if let Some(n) = spec.parallelism.filter(|n| *n > INDEXED_MAX) {
            at_most(out, &p("parallelism"), n, INDEXED_MAX, when_indexed);
        }
        if let (Some(c), Some(m)) = (spec.completions, spec.max_failed_indexes) {
            if m > c {
                out.invalid(
                    &p("maxFailedIndexes"),
                    &m.to_string(),
                    Text::new(
                        "must be less than or equal to completions",
                        format!("completions({c}) 이하여야 합니다"),
                    ),
                );
            }
        }
        if let Some(m) = spec.max_failed_indexes.filter(|m| *m > INDEXED_MAX) {
            at_most(out, &p("maxFailedIndexes"), m, INDEXED_MAX, None);
        }
        let high = spec.completions.is_some_and(|c| c > COMPLETIONS_SOFT_LIMIT);
        if high && spec.backoff_limit_per_index.is_some() {
            let when = Some((
                "when completions are above 100000 and used with backoff limit per index",
                "completions가 100000을 넘고 backoffLimitPerIndex를 쓰면",
            ));
            if spec.max_failed_indexes.is_none() {
                out.required(
                    &p("maxFailedIndexes"),
                    Some(Text::new(
                        format!(
                            "must be specified when completions is above {COMPLETIONS_SOFT_LIMIT}"
                        ),
                        format!("completions가 {COMPLETIONS_SOFT_LIMIT}을 넘으면 필요합니다"),
                    )),
                );
            }
            if let Some(n) = spec.parallelism.filter(|n| *n > HIGH_COMPLETIONS_MAX) {
                at_most(out, &p("parallelism"), n, HIGH_COMPLETIONS_MAX, when);
            }
            if let Some(m) = spec
                .max_failed_indexes
                .filter(|m| *m > HIGH_COMPLETIONS_MAX)
            {
                at_most(out, &p("maxFailedIndexes"), m, HIGH_COMPLETIONS_MAX, when);
            }
        }
    } else {
        let needs_indexed = Text::new(
            "requires indexed completion mode",
            "Indexed 완료 모드가 필요합니다",
        );
        if let Some(b) = spec.backoff_limit_per_index {
            out.invalid(
                &p("backoffLimitPerIndex"),
                &b.to_string(),
                needs_indexed.clone(),
            )
            .hint(
                "add `completionMode: Indexed` (and `completions`)",
                "`completionMode: Indexed`(와 `completions`)를 넣으세요",
            );
        }
        if let Some(m) = spec.max_failed_indexes {
            out.invalid(&p("maxFailedIndexes"), &m.to_string(), needs_indexed);
        }
    }
    if spec.max_failed_indexes.is_some() && spec.backoff_limit_per_index.is_none() {
        out.required(
            &p("backoffLimitPerIndex"),
            Some(Text::new(
                "when maxFailedIndexes is specified",
                "maxFailedIndexes를 쓰면 필요합니다",
            )),
        );
    }
    if spec.pod_failure_policy.is_some() {
        if let Some(policy) = spec
            .pod_replacement_policy
            .as_deref()
            .filter(|p| *p != "Failed")
        {
            out.unsupported(&p("podReplacementPolicy"), policy, &["Failed"])
                .hint(
                    "with a podFailurePolicy, a replacement Pod is created only once the old one has failed: use `podReplacementPolicy: Failed` (or leave it out)",
                    "podFailurePolicy가 있으면 이전 Pod가 실패한 뒤에만 새 Pod를 만듭니다. `podReplacementPolicy: Failed`를 쓰거나 빼세요",
                );
        }
        let policy = spec
            .template
            .spec
            .restart_policy
            .as_deref()
            .unwrap_or("Always");
        if policy == "OnFailure" {
            out.invalid(
                &p("template.spec.restartPolicy"),
                &format!("{policy:?}"),
                Text::new(
                    "only \"Never\" is supported when podFailurePolicy is specified",
                    "podFailurePolicy를 쓰면 \"Never\"만 쓸 수 있습니다",
                ),
            )
            .hint(
                "set `restartPolicy: Never` in the Pod template",
                "Pod 템플릿에 `restartPolicy: Never`를 쓰세요",
            );
        }
    }
}
