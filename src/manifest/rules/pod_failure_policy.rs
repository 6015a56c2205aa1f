//! ## `invalid-pod-failure-policy` (error)
//!
//! **What it does.** Checks a Job's `podFailurePolicy` (also in a CronJob's `jobTemplate`)
//! as `validatePodFailurePolicy` and its helpers in pkg/apis/batch/validation/validation.go
//! do: at most 20 rules; each rule has an `action` (`Count`, `FailIndex`, `FailJob` or
//! `Ignore`; `FailIndex` only with `backoffLimitPerIndex`) and exactly one of `onExitCodes`
//! and `onPodConditions`; `onExitCodes` has an `operator` (`In` or `NotIn`), names a
//! container of the Pod template if it names one, and has 1 to 255 `values`, ordered, unique,
//! and without 0 for `In`; `onPodConditions` has at most 20 patterns, each with a qualified
//! `type` and a `status` of `True`, `False` or `Unknown`.
//!
//! **Why is this bad?** The API server rejects the Job.
//!
//! **Example.**
//! ```yaml
//! podFailurePolicy:
//!   rules:
//!   - action: FailJob
//!     onExitCodes: {operator: In, values: [0, 42, 42]}
//! ```
//!
//! **Use instead.**
//! ```yaml
//! podFailurePolicy:
//!   rules:
//!   - action: FailJob
//!     onExitCodes: {operator: In, values: [42]}
//! ```

use std::collections::BTreeSet;

use super::ctx::{quoted, Ctx, HintExt, Out, Rule};
use super::workload::job_spec;
use crate::api::job::{
    JobSpec, PodFailurePolicyOnExitCodesRequirement, PodFailurePolicyOnPodConditionsPattern,
    PodFailurePolicyRule,
};
use crate::manifest::diagnostic::{Severity, Text};
use crate::selector::validate::label_key_errors;

pub const RULE: Rule = Rule {
    code: "invalid-pod-failure-policy",
    severity: Severity::Error,
    source: include_str!("pod_failure_policy.rs"),
    check,
};

/// `maxPodFailurePolicyRules`, `maxPodFailurePolicyOnExitCodesValues` and
/// `maxPodFailurePolicyOnPodConditionsPatterns` upstream.
const MAX_RULES: usize = 20;
const MAX_EXIT_CODES: usize = 255;
const MAX_PATTERNS: usize = 20;

const ACTIONS: &[&str] = &["Count", "FailIndex", "FailJob", "Ignore"];
const OPERATORS: &[&str] = &["In", "NotIn"];
const STATUSES: &[&str] = &["False", "True", "Unknown"];

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some((spec, base)) = job_spec(ctx.object) {
        policy(out, spec, base);
    }
}

/// `field.TooMany`: "Too many: <n>: must have at most <max> items".
fn too_many(out: &mut Out<'_>, path: &str, n: usize, max: usize) {
    out.report(
        path,
        Text::new(
            format!("Too many: {n}: must have at most {max} items"),
            format!("너무 많음: {n}: 최대 {max}개까지 쓸 수 있습니다"),
        ),
    );
}

/// `fmt.Sprintf("valid values: %q", list)` of a Go string slice: `["A" "B"]`.
fn valid_values(list: &[&str]) -> Text {
    let shown = list.iter().map(|v| quoted(v)).collect::<Vec<_>>().join(" ");
    Text::new(
        format!("valid values: [{shown}]"),
        format!("쓸 수 있는 값: [{shown}]"),
    )
}

fn policy(out: &mut Out<'_>, spec: &JobSpec, base: &str) {
    let Some(policy) = &spec.pod_failure_policy else {
        return;
    };
    let rules_path = format!("{base}.podFailurePolicy.rules");
    if policy.rules.len() > MAX_RULES {
        too_many(out, &rules_path, policy.rules.len(), MAX_RULES);
    }
    let pod = &spec.template.spec;
    let names: BTreeSet<&str> = pod
        .containers
        .iter()
        .chain(pod.init_containers.iter().flatten())
        .map(|c| c.name.as_str())
        .collect();
    for (i, r) in policy.rules.iter().enumerate() {
        rule(out, spec, r, &format!("{rules_path}[{i}]"), &names);
    }
}

fn rule(
    out: &mut Out<'_>,
    spec: &JobSpec,
    r: &PodFailurePolicyRule,
    path: &str,
    names: &BTreeSet<&str>,
) {
    let action_path = format!("{path}.action");
    if r.action.is_empty() {
        out.required(&action_path, Some(valid_values(ACTIONS)));
    } else if r.action == "FailIndex" {
        if spec.backoff_limit_per_index.is_none() {
            out.invalid(
                &action_path,
                &quoted(&r.action),
                Text::new(
                    "requires the backoffLimitPerIndex to be set",
                    "backoffLimitPerIndex가 있어야 합니다",
                ),
            )
            .hint(
                "FailIndex fails one index of an Indexed Job: set `backoffLimitPerIndex` (with `completionMode: Indexed`), or use `FailJob`",
                "FailIndex는 Indexed Job의 인덱스 하나를 실패시킵니다. `backoffLimitPerIndex`(와 `completionMode: Indexed`)를 쓰거나 `FailJob`을 쓰세요",
            );
        }
    } else {
        out.one_of(&action_path, Some(&r.action), ACTIONS);
    }
    if let Some(codes) = &r.on_exit_codes {
        exit_codes(out, codes, &format!("{path}.onExitCodes"), names);
    }
    let patterns = r.on_pod_conditions.as_deref().unwrap_or_default();
    if !patterns.is_empty() {
        conditions(out, patterns, &format!("{path}.onPodConditions"));
    }
    match (r.on_exit_codes.is_some(), !patterns.is_empty()) {
        (true, true) => {
            out.report(
                path,
                Text::new(
                    "Invalid value: specifying both OnExitCodes and OnPodConditions is not supported",
                    "잘못된 값: OnExitCodes와 OnPodConditions를 함께 쓸 수 없습니다",
                ),
            )
            .hint(
                "split it into two rules, one with `onExitCodes` and one with `onPodConditions`",
                "규칙을 둘로 나누세요: 하나는 `onExitCodes`, 하나는 `onPodConditions`",
            );
        }
        (false, false) => {
            out.report(
                path,
                Text::new(
                    "Invalid value: specifying one of OnExitCodes and OnPodConditions is required",
                    "잘못된 값: OnExitCodes와 OnPodConditions 중 하나가 필요합니다",
                ),
            );
        }
        _ => {}
    }
}

fn exit_codes(
    out: &mut Out<'_>,
    req: &PodFailurePolicyOnExitCodesRequirement,
    path: &str,
    names: &BTreeSet<&str>,
) {
    let operator_path = format!("{path}.operator");
    if req.operator.is_empty() {
        out.required(&operator_path, Some(valid_values(OPERATORS)));
    } else {
        out.one_of(&operator_path, Some(&req.operator), OPERATORS);
    }
    if let Some(name) = req.container_name.as_deref().filter(|n| !names.contains(n)) {
        out.invalid(
            &format!("{path}.containerName"),
            &quoted(name),
            Text::new(
                "must be one of the container or initContainer names in the pod template",
                "Pod 템플릿에 있는 컨테이너나 초기화 컨테이너의 이름이어야 합니다",
            ),
        );
    }
    let values_path = format!("{path}.values");
    let shown = format!(
        "[{}]",
        req.values
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(",")
    );
    if req.values.is_empty() {
        out.invalid(
            &values_path,
            "[]",
            Text::new(
                "at least one value is required",
                "값이 하나 이상 필요합니다",
            ),
        );
    } else if req.values.len() > MAX_EXIT_CODES {
        too_many(out, &values_path, req.values.len(), MAX_EXIT_CODES);
    }
    let mut seen = BTreeSet::new();
    for (j, v) in req.values.iter().enumerate() {
        let value_path = format!("{values_path}[{j}]");
        if req.operator == "In" && *v == 0 {
            out.invalid(
                &value_path,
                "0",
                Text::new(
                    "must not be 0 for the In operator",
                    "In 연산자에는 0을 쓸 수 없습니다",
                ),
            )
            .hint(
                "exit code 0 means success; a rule that matches it would treat a finished Pod as failed",
                "종료 코드 0은 성공을 뜻합니다. 0에 맞는 규칙은 끝난 Pod를 실패로 다루게 됩니다",
            );
        }
        if !seen.insert(*v) {
            out.report(
                &value_path,
                Text::new(format!("Duplicate value: {v}"), format!("중복된 값: {v}")),
            );
        }
    }
    if req.values.windows(2).any(|w| w[0] > w[1]) {
        out.invalid(
            &values_path,
            &shown,
            Text::new("must be ordered", "오름차순으로 정렬되어야 합니다"),
        )
        .hint(
            "sort the exit codes in ascending order",
            "종료 코드를 오름차순으로 정렬하세요",
        );
    }
}

fn conditions(out: &mut Out<'_>, patterns: &[PodFailurePolicyOnPodConditionsPattern], path: &str) {
    if patterns.len() > MAX_PATTERNS {
        too_many(out, path, patterns.len(), MAX_PATTERNS);
    }
    for (j, pattern) in patterns.iter().enumerate() {
        let type_path = format!("{path}[{j}].type");
        // ValidateQualifiedName: an empty type gets the qualified-name messages too.
        for msg in label_key_errors(&pattern.type_) {
            out.invalid(
                &type_path,
                &quoted(&pattern.type_),
                Text::new(msg.clone(), msg),
            );
        }
        let status_path = format!("{path}[{j}].status");
        match pattern.status.as_deref().unwrap_or("") {
            "" => {
                out.required(&status_path, Some(valid_values(STATUSES)));
            }
            s if !STATUSES.contains(&s) => {
                out.unsupported(&status_path, s, STATUSES);
            }
            _ => {}
        }
    }
}
