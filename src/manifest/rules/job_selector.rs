//! ## `job-selector` (error)
//!
//! **What it does.** Checks a hand-written Job selector. Unless `manualSelector: true`,
//! the API server generates the selector (`batch.kubernetes.io/controller-uid: <uid>`) and
//! adds it to any selector written, which then must still match the generated pod labels
//! (`validateGeneratedSelector`: "`selector` not auto-generated"). A CronJob's
//! `jobTemplate` may set neither `selector` ("`selector` will be auto-generated") nor
//! `manualSelector: true` (`ValidateJobTemplateSpec` in pkg/apis/batch/validation).
//!
//! **Why is this bad?** The API server rejects the object. A Job's pods are found by
//! their Job's unique uid, so that two Jobs never adopt each other's pods.
//!
//! **Example.**
//! ```yaml
//! kind: Job
//! spec:
//!   selector:
//!     matchLabels: {app: pi}
//! ```
//!
//! **Use instead.**
//! ```yaml
//! kind: Job
//! spec:
//!   template:
//!     metadata:
//!       labels: {app: pi}
//! ```

use std::collections::BTreeMap;

use super::ctx::{Ctx, HintExt, Out, Rule};
use crate::api::job::{
    Job, CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL,
};
use crate::api::Object;
use crate::manifest::diagnostic::{Severity, Text};
use crate::selector::from_label_selector;

pub const RULE: Rule = Rule {
    code: "job-selector",
    severity: Severity::Error,
    source: include_str!("job_selector.rs"),
    check,
};

/// Stands for the uid the API server gives the Job, unknown before it is created.
const UNKNOWN_UID: &str = "00000000-0000-0000-0000-000000000000";

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    match ctx.object {
        Object::Job(j) => job(out, j),
        Object::CronJob(c) => {
            let spec = &c.spec.job_template.spec;
            if let Some(sel) = &spec.selector {
                out.invalid(
                    "spec.jobTemplate.spec.selector",
                    &serde_json::to_string(sel).unwrap_or_default(),
                    Text::new("`selector` will be auto-generated", "`selector`는 자동으로 만들어집니다"),
                )
                .hint(
                    "remove `selector` from the job template: each Job gets its own generated selector",
                    "job 템플릿에서 `selector`를 지우세요. Job마다 셀렉터가 자동으로 만들어집니다",
                );
            }
            if spec.manual_selector == Some(true) {
                out.unsupported(
                    "spec.jobTemplate.spec.manualSelector",
                    "true",
                    &["nil", "false"],
                );
            }
        }
        _ => {}
    }
}

/// `validateGeneratedSelector` after `generateSelector` (pkg/registry/batch/job/strategy.go).
fn job(out: &mut Out<'_>, j: &Job) {
    if j.spec.manual_selector == Some(true) {
        return;
    }
    let Some(written) = &j.spec.selector else {
        return;
    };
    let name = j.metadata.name.clone().unwrap_or_default();
    let uid = j
        .metadata
        .uid
        .clone()
        .unwrap_or_else(|| UNKNOWN_UID.to_string());
    let mut generated = written.clone();
    generated
        .match_labels
        .get_or_insert_with(BTreeMap::new)
        .entry(CONTROLLER_UID_LABEL.to_string())
        .or_insert_with(|| uid.clone());
    // A selector that does not parse is `invalid-selector`'s to report.
    let Ok(selector) = from_label_selector(Some(&generated)) else {
        return;
    };
    let expected: BTreeMap<String, String> = [
        (LEGACY_CONTROLLER_UID_LABEL, &uid),
        (CONTROLLER_UID_LABEL, &uid),
        (LEGACY_JOB_NAME_LABEL, &name),
        (JOB_NAME_LABEL, &name),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.clone()))
    .collect();
    if selector.matches(&expected) {
        return;
    }
    out.invalid(
        "spec.selector",
        &serde_json::to_string(&generated).unwrap_or_default(),
        Text::new("`selector` not auto-generated", "`selector`가 자동 생성된 것이 아닙니다"),
    )
    .hint(
        "remove `spec.selector`: the API server generates a Job's selector from its uid. Only with `manualSelector: true` may you write your own (and then you must keep it unique)",
        "`spec.selector`를 지우세요. Job의 셀렉터는 API 서버가 uid로 만듭니다. 직접 쓰려면 `manualSelector: true`가 필요하고, 그때는 셀렉터가 겹치지 않게 직접 관리해야 합니다",
    );
}
