//! ## `negative-value` (error)
//!
//! **What it does.** Reports counts and durations that must not be negative:
//! `replicas`, `minReadySeconds`, `revisionHistoryLimit`, `progressDeadlineSeconds`, a
//! StatefulSet's `partition` and `ordinals.start`, a Job's `parallelism`, `completions`,
//! `backoffLimit`, `backoffLimitPerIndex`, `maxFailedIndexes`,
//! `ttlSecondsAfterFinished` and `activeDeadlineSeconds`, a CronJob's
//! `startingDeadlineSeconds` and history limits, and a pod's
//! `terminationGracePeriodSeconds` ("must be greater than or equal to 0",
//! `ValidateNonnegativeField` in pkg/apis/core/validation, used throughout
//! pkg/apis/apps/validation and pkg/apis/batch/validation). A pod's
//! `activeDeadlineSeconds` must be at least 1.
//!
//! **Why is this bad?** The API server rejects the object.
//!
//! **Example.**
//! ```yaml
//! spec:
//!   replicas: -1
//! ```
//!
//! **Use instead.**
//! ```yaml
//! spec:
//!   replicas: 0
//! ```

use super::ctx::{Ctx, HintExt, Out, Rule};
use super::workload::pod_spec;
use crate::api::job::JobSpec;
use crate::api::Object;
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "negative-value",
    severity: Severity::Error,
    source: include_str!("negative_value.rs"),
    check,
};

fn nonnegative(out: &mut Out<'_>, path: &str, value: Option<i64>) {
    if let Some(v) = value.filter(|v| *v < 0) {
        out.invalid(
            path,
            &v.to_string(),
            Text::new("must be greater than or equal to 0", "0 이상이어야 합니다"),
        )
        .hint("use 0 or a positive number", "0이나 양수를 쓰세요");
    }
}

fn job(out: &mut Out<'_>, spec: &JobSpec, base: &str) {
    let p = |f: &str| format!("{base}.{f}");
    nonnegative(out, &p("parallelism"), spec.parallelism.map(i64::from));
    nonnegative(out, &p("completions"), spec.completions.map(i64::from));
    nonnegative(
        out,
        &p("activeDeadlineSeconds"),
        spec.active_deadline_seconds,
    );
    nonnegative(out, &p("backoffLimit"), spec.backoff_limit.map(i64::from));
    nonnegative(
        out,
        &p("backoffLimitPerIndex"),
        spec.backoff_limit_per_index.map(i64::from),
    );
    nonnegative(
        out,
        &p("maxFailedIndexes"),
        spec.max_failed_indexes.map(i64::from),
    );
    nonnegative(
        out,
        &p("ttlSecondsAfterFinished"),
        spec.ttl_seconds_after_finished.map(i64::from),
    );
}

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let i = |v: Option<i32>| v.map(i64::from);
    match ctx.object {
        Object::Deployment(o) => {
            nonnegative(out, "spec.replicas", i(o.spec.replicas));
            nonnegative(out, "spec.minReadySeconds", i(o.spec.min_ready_seconds));
            nonnegative(
                out,
                "spec.revisionHistoryLimit",
                i(o.spec.revision_history_limit),
            );
            nonnegative(
                out,
                "spec.progressDeadlineSeconds",
                i(o.spec.progress_deadline_seconds),
            );
        }
        Object::ReplicaSet(o) => {
            nonnegative(out, "spec.replicas", i(o.spec.replicas));
            nonnegative(out, "spec.minReadySeconds", i(o.spec.min_ready_seconds));
        }
        Object::StatefulSet(o) => {
            nonnegative(out, "spec.replicas", i(o.spec.replicas));
            nonnegative(out, "spec.minReadySeconds", i(o.spec.min_ready_seconds));
            nonnegative(
                out,
                "spec.revisionHistoryLimit",
                i(o.spec.revision_history_limit),
            );
            let partition = o
                .spec
                .update_strategy
                .as_ref()
                .and_then(|s| s.rolling_update.as_ref())
                .and_then(|r| r.partition);
            nonnegative(
                out,
                "spec.updateStrategy.rollingUpdate.partition",
                i(partition),
            );
            nonnegative(
                out,
                "spec.ordinals.start",
                i(o.spec.ordinals.as_ref().map(|x| x.start)),
            );
        }
        Object::DaemonSet(o) => {
            nonnegative(out, "spec.minReadySeconds", i(o.spec.min_ready_seconds));
            nonnegative(
                out,
                "spec.revisionHistoryLimit",
                i(o.spec.revision_history_limit),
            );
        }
        Object::Job(o) => job(out, &o.spec, "spec"),
        Object::CronJob(o) => {
            nonnegative(
                out,
                "spec.startingDeadlineSeconds",
                o.spec.starting_deadline_seconds,
            );
            nonnegative(
                out,
                "spec.successfulJobsHistoryLimit",
                i(o.spec.successful_jobs_history_limit),
            );
            nonnegative(
                out,
                "spec.failedJobsHistoryLimit",
                i(o.spec.failed_jobs_history_limit),
            );
            job(out, &o.spec.job_template.spec, "spec.jobTemplate.spec");
        }
        _ => {}
    }
    if let Some((spec, base)) = pod_spec(ctx.object) {
        nonnegative(
            out,
            &format!("{base}.terminationGracePeriodSeconds"),
            spec.termination_grace_period_seconds,
        );
        if let Some(v) = spec.active_deadline_seconds.filter(|v| *v < 1) {
            out.invalid(
                &format!("{base}.activeDeadlineSeconds"),
                &v.to_string(),
                Text::new(
                    "must be between 1 and 2147483647, inclusive",
                    "1 이상 2147483647 이하여야 합니다",
                ),
            );
        }
    }
}
