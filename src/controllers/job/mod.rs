//! The Job controller (pkg/controller/job/job_controller.go): runs pods until enough of
//! them succeed, retrying failures with an exponential back-off, and reports the result
//! in the Job's status and conditions.
//!
//! One reconcile is `syncJob`: claim the pods (ClaimPods with the tracking finalizer),
//! count what finished since the last count (`getNewFinishedPods`), decide whether the
//! Job failed (podFailurePolicy, backoffLimit, activeDeadlineSeconds, failed indexes) or
//! met its success criteria (successPolicy, completions), otherwise create or delete pods
//! to have the right number active (`manageJob`), then count finished pods and remove
//! their `batch.kubernetes.io/job-tracking` finalizers (`trackJobStatusAndRemoveFinalizers`)
//! and, once no pod is terminating, add the terminal condition.
//!
//! As in v1.36 (JobPodReplacementPolicy and JobManagedBy GA), a Job first gets the interim
//! `FailureTarget` or `SuccessCriteriaMet` condition and only becomes `Failed` or
//! `Complete` when its pods are gone. kubesim flushes the status in one step where the
//! controller uses `uncountedTerminatedPods` as a two-phase commit, so that list is always
//! empty between reconciles.
//!
//! Files follow upstream: `backoff_utils`, `indexed_job_utils`, `pod_failure_policy`,
//! `success_policy`; `strategy` is the API server's part and `ttl_after_finished` the
//! TTL controller's.

pub mod backoff_utils;
pub mod indexed_job_utils;
pub mod pod_failure_policy;
pub mod strategy;
pub mod success_policy;
pub mod ttl_after_finished;

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use self::backoff_utils::{backoff_record, remaining, remaining_per_index};
use self::indexed_job_utils::{
    completion_index, first_pending_indexes, generate_name_with_index, has_backoff_limit_per_index,
    index_absolute_failure_count, index_failure_count, indexes_of, is_indexed, valid_index,
    Intervals, COMPLETION_INDEX, COMPLETION_INDEX_ENV, INDEX_FAILURE_COUNT,
    INDEX_IGNORED_FAILURE_COUNT,
};
use self::pod_failure_policy::{match_pod_failure_policy, PolicyAction};
use self::success_policy::match_success_policy;
use super::podutil::{
    controller_of, created_at, is_active, is_ready, max_restarts, node_name, phase, ready_since,
    GO_ZERO_TIME,
};
use super::{Action, Change, Decision, Propagation, View};
use crate::api::container::EnvVar;
use crate::api::job::{Job, JobStatus};
use crate::api::meta::{Condition, ObjectMeta, OwnerReference};
use crate::api::object::Object;
use crate::api::pod::Pod;
use crate::manifest::diagnostic::Text;
use crate::selector::{from_label_selector, Selector};
use crate::state::clock::{Duration, Time};
use crate::state::events::EventType;
use crate::state::store::Key;

/// The finalizer that keeps a finished pod until the controller has counted it.
pub const JOB_TRACKING_FINALIZER: &str = "batch.kubernetes.io/job-tracking";
/// MaxPodCreateDeletePerSync.
pub const MAX_POD_CREATE_DELETE_PER_SYNC: usize = 500;
/// MaxUncountedPods: finished pods counted in one sync, at most.
pub const MAX_UNCOUNTED_PODS: usize = 500;
/// The backoffLimit default.
pub const DEFAULT_BACKOFF_LIMIT: i32 = 6;
/// The value of `spec.managedBy` that means this controller.
pub const JOB_CONTROLLER_NAME: &str = "kubernetes.io/job-controller";

/// Condition reasons (staging/src/k8s.io/api/batch/v1/types.go).
pub mod reason {
    pub const POD_FAILURE_POLICY: &str = "PodFailurePolicy";
    pub const BACKOFF_LIMIT_EXCEEDED: &str = "BackoffLimitExceeded";
    pub const DEADLINE_EXCEEDED: &str = "DeadlineExceeded";
    pub const MAX_FAILED_INDEXES_EXCEEDED: &str = "MaxFailedIndexesExceeded";
    pub const FAILED_INDEXES: &str = "FailedIndexes";
    pub const SUCCESS_POLICY: &str = "SuccessPolicy";
    pub const COMPLETIONS_REACHED: &str = "CompletionsReached";
}

/// The reasons as `&'static str`, for events (unknown ones become "JobFailed").
fn static_reason(r: &str) -> &'static str {
    match r {
        reason::POD_FAILURE_POLICY => reason::POD_FAILURE_POLICY,
        reason::BACKOFF_LIMIT_EXCEEDED => reason::BACKOFF_LIMIT_EXCEEDED,
        reason::DEADLINE_EXCEEDED => reason::DEADLINE_EXCEEDED,
        reason::MAX_FAILED_INDEXES_EXCEEDED => reason::MAX_FAILED_INDEXES_EXCEEDED,
        reason::FAILED_INDEXES => reason::FAILED_INDEXES,
        _ => "JobFailed",
    }
}

/// IsJobFinished: a Complete or Failed condition is True.
pub fn is_finished(job: &Job) -> bool {
    finished_type(job).is_some()
}

/// "Complete" or "Failed" if the Job finished.
pub fn finished_type(job: &Job) -> Option<&'static str> {
    job.status
        .as_ref()?
        .conditions
        .as_ref()?
        .iter()
        .find(|c| (c.type_ == "Complete" || c.type_ == "Failed") && c.status == "True")
        .map(|c| {
            if c.type_ == "Complete" {
                "Complete"
            } else {
                "Failed"
            }
        })
}

fn find_condition<'a>(status: &'a JobStatus, type_: &str) -> Option<&'a Condition> {
    status
        .conditions
        .as_ref()?
        .iter()
        .find(|c| c.type_ == type_)
}

fn condition_true(status: &JobStatus, type_: &str) -> bool {
    find_condition(status, type_).is_some_and(|c| c.status == "True")
}

fn new_condition(type_: &str, status: &str, reason: &str, message: &str, now: Time) -> Condition {
    Condition {
        type_: type_.into(),
        status: status.into(),
        reason: (!reason.is_empty()).then(|| reason.to_string()),
        message: (!message.is_empty()).then(|| message.to_string()),
        last_probe_time: Some(now.to_rfc3339()),
        last_transition_time: Some(now.to_rfc3339()),
        ..Condition::default()
    }
}

/// ensureJobConditionStatus: sets a condition, keeping it when nothing changed and never
/// adding a False one; true if the list changed.
fn ensure_condition(
    status: &mut JobStatus,
    type_: &str,
    cond_status: &str,
    reason: &str,
    message: &str,
    now: Time,
) -> bool {
    let list = status.conditions.get_or_insert_with(Vec::new);
    if let Some(c) = list.iter_mut().find(|c| c.type_ == type_) {
        let same = c.status == cond_status
            && c.reason.as_deref().unwrap_or("") == reason
            && c.message.as_deref().unwrap_or("") == message;
        if same {
            return false;
        }
        *c = new_condition(type_, cond_status, reason, message, now);
        return true;
    }
    if cond_status == "False" {
        if list.is_empty() {
            status.conditions = None;
        }
        return false;
    }
    list.push(new_condition(type_, cond_status, reason, message, now));
    true
}

fn has_finalizer(pod: &Pod) -> bool {
    pod.metadata
        .finalizers
        .as_ref()
        .is_some_and(|f| f.iter().any(|x| x == JOB_TRACKING_FINALIZER))
}

fn suspended(job: &Job) -> bool {
    job.spec.suspend == Some(true)
}

/// onlyReplaceFailedPods: podReplacementPolicy Failed, or any podFailurePolicy.
fn only_replace_failed(job: &Job) -> bool {
    job.spec.pod_replacement_policy.as_deref() == Some("Failed")
        || job.spec.pod_failure_policy.is_some()
}

/// isPodFailed: Failed, or (unless only failed pods are replaced) being deleted before it
/// succeeded.
pub fn is_pod_failed(pod: &Pod, job: &Job) -> bool {
    if phase(pod) == "Failed" {
        return true;
    }
    if only_replace_failed(job) {
        return false;
    }
    pod.metadata.deletion_timestamp.is_some() && phase(pod) != "Succeeded"
}

/// FilterTerminatingPods: being deleted and not finished.
fn is_terminating(pod: &Pod) -> bool {
    pod.metadata.deletion_timestamp.is_some() && !matches!(phase(pod), "Succeeded" | "Failed")
}

fn pod_name(pod: &Pod) -> &str {
    pod.metadata.name.as_deref().unwrap_or("")
}

fn pod_uid(pod: &Pod) -> &str {
    pod.metadata.uid.as_deref().unwrap_or("")
}

/// The job's selector as the API server leaves it: the generated one when none was given.
fn effective_job(job: &Job) -> Cow<'_, Job> {
    if job.spec.selector.is_none() && strategy::wants_generated_selector(job) {
        let mut j = job.clone();
        strategy::generate_selector(&mut j);
        Cow::Owned(j)
    } else {
        Cow::Borrowed(job)
    }
}

/// The owner reference on the Job's pods.
pub fn owner_ref(meta: &ObjectMeta) -> OwnerReference {
    OwnerReference {
        api_version: "batch/v1".into(),
        kind: "Job".into(),
        name: meta.name.clone().unwrap_or_default(),
        uid: meta.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// `status.uncountedTerminatedPods` as two sets of pod uids.
#[derive(Debug, Default)]
struct Uncounted {
    succeeded: BTreeSet<String>,
    failed: BTreeSet<String>,
}

impl Uncounted {
    fn of(status: &JobStatus) -> Uncounted {
        let list = |key: &str| -> BTreeSet<String> {
            status
                .uncounted_terminated_pods
                .as_ref()
                .and_then(|v| v.get(key))
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|u| u.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        Uncounted {
            succeeded: list("succeeded"),
            failed: list("failed"),
        }
    }

    fn to_value(&self) -> Value {
        let mut m = serde_json::Map::new();
        if !self.succeeded.is_empty() {
            m.insert("succeeded".into(), self.succeeded.iter().cloned().collect());
        }
        if !self.failed.is_empty() {
            m.insert("failed".into(), self.failed.iter().cloned().collect());
        }
        Value::Object(m)
    }
}

/// The state one sync works on (syncJobCtx).
struct Ctx<'a> {
    job: &'a Job,
    key: String,
    namespace: String,
    now: Time,
    pods: Vec<Cow<'a, Pod>>,
    completions: i32,
    prev_succeeded_indexes: Intervals,
    succeeded_indexes: Intervals,
    failed_indexes: Option<Intervals>,
    delayed_per_index: HashMap<i32, usize>,
    terminating: i32,
    ready: i32,
    succeeded: i32,
    backoff: backoff_utils::BackoffRecord,
}

impl<'a> Ctx<'a> {
    fn active(&self) -> Vec<&Pod> {
        self.pods
            .iter()
            .map(AsRef::as_ref)
            .filter(|p| is_active(p))
            .collect()
    }
}

/// One reconcile of a Job (syncJob).
pub fn reconcile(job: &Job, view: &View<'_>) -> Decision {
    let mut decision = Decision::default();
    if job
        .spec
        .managed_by
        .as_deref()
        .is_some_and(|m| m != JOB_CONTROLLER_NAME)
    {
        return decision;
    }
    if is_finished(job) {
        return ttl_after_finished::reconcile(job, view);
    }
    if !matches!(
        job.spec.completion_mode.as_deref(),
        None | Some("NonIndexed") | Some("Indexed")
    ) {
        return decision;
    }
    let job = effective_job(job);
    let job: &Job = &job;
    if is_indexed(job) && job.spec.completions.is_none() {
        return decision;
    }
    let Ok(selector) = from_label_selector(job.spec.selector.as_ref()) else {
        return decision;
    };
    let name = job.metadata.name.clone().unwrap_or_default();
    let namespace = job
        .metadata
        .namespace
        .clone()
        .unwrap_or_else(|| "default".into());
    let now = view.now;
    let key = format!("job/{name}");
    let pods = claim_pods(job, view, &selector, &namespace, &key, &mut decision);
    let completions = job.spec.completions.unwrap_or(0);
    let mut ctx = Ctx {
        job,
        key,
        namespace,
        now,
        pods,
        completions,
        prev_succeeded_indexes: Intervals::default(),
        succeeded_indexes: Intervals::default(),
        failed_indexes: None,
        delayed_per_index: HashMap::new(),
        terminating: 0,
        ready: 0,
        succeeded: 0,
        backoff: Default::default(),
    };
    let old_status = job.status.clone().unwrap_or_default();
    let mut status = old_status.clone();
    let uncounted = Uncounted::of(&status);

    let (mut active, ready) = {
        let active_pods = ctx.active();
        let ready = active_pods.iter().filter(|p| is_ready(p)).count() as i32;
        (active_pods.len() as i32, ready)
    };
    ctx.ready = ready;
    ctx.terminating = ctx.pods.iter().filter(|p| is_terminating(p)).count() as i32;

    // getNewFinishedPods.
    let valid = |p: &Pod| !is_indexed(job) || valid_index(p, completions).is_some();
    let new_succeeded = ctx
        .pods
        .iter()
        .filter(|p| {
            has_finalizer(p)
                && !uncounted.succeeded.contains(pod_uid(p))
                && valid(p)
                && phase(p) == "Succeeded"
        })
        .count() as i32;
    let new_failed: Vec<&Pod> = ctx
        .pods
        .iter()
        .map(AsRef::as_ref)
        .filter(|p| {
            has_finalizer(p)
                && !uncounted.failed.contains(pod_uid(p))
                && valid(p)
                && is_pod_failed(p, job)
        })
        .collect();
    let counted_new_failed = new_failed
        .iter()
        .filter(|p| match_pod_failure_policy(job.spec.pod_failure_policy.as_ref(), p).count_failed)
        .count() as i32;
    ctx.succeeded =
        status.succeeded.unwrap_or(0) + new_succeeded + uncounted.succeeded.len() as i32;
    let failed = status.failed.unwrap_or(0) + counted_new_failed + uncounted.failed.len() as i32;

    if status.start_time.is_none() && !suspended(job) {
        status.start_time = Some(now.to_rfc3339());
    }

    // The back-off record, recounted from the finished pods still around.
    {
        let succ: Vec<&Pod> = ctx
            .pods
            .iter()
            .map(AsRef::as_ref)
            .filter(|p| phase(p) == "Succeeded")
            .collect();
        let fail: Vec<&Pod> = ctx
            .pods
            .iter()
            .map(AsRef::as_ref)
            .filter(|p| is_pod_failed(p, job) && (phase(p) == "Failed" || has_finalizer(p)))
            .collect();
        ctx.backoff = backoff_record(&succ, &fail);
    }

    let backoff_limit = job.spec.backoff_limit.unwrap_or(DEFAULT_BACKOFF_LIMIT);
    let exceeds_backoff_limit = failed > backoff_limit;
    // The condition the Job is heading for, with why.
    let mut finished: Option<Condition> = find_condition(&status, "SuccessCriteriaMet")
        .filter(|c| c.status == "True")
        .cloned();
    if finished.is_none() {
        if let Some(target) =
            find_condition(&status, "FailureTarget").filter(|c| c.status == "True")
        {
            finished = Some(new_condition(
                "Failed",
                "True",
                target.reason.as_deref().unwrap_or(""),
                target.message.as_deref().unwrap_or(""),
                now,
            ));
        } else if let Some(message) = fail_job_message(job, &ctx.pods) {
            finished = Some(new_condition(
                "FailureTarget",
                "True",
                reason::POD_FAILURE_POLICY,
                &message,
                now,
            ));
        }
    }
    if finished.is_none() {
        if exceeds_backoff_limit || past_backoff_limit_on_failure(job, &ctx.pods, backoff_limit) {
            finished = Some(new_condition(
                "FailureTarget",
                "True",
                reason::BACKOFF_LIMIT_EXCEEDED,
                "Job has reached the specified backoff limit",
                now,
            ));
        } else if past_active_deadline(job, &status, now) {
            finished = Some(new_condition(
                "FailureTarget",
                "True",
                reason::DEADLINE_EXCEEDED,
                "Job was active longer than specified deadline",
                now,
            ));
        } else if let (Some(ads), false) = (job.spec.active_deadline_seconds, suspended(job)) {
            if let Some(start) = status.start_time.as_deref().and_then(Time::parse_rfc3339) {
                let deadline = start.plus(Duration::seconds(ads));
                decision.requeue(deadline.since(now));
            }
        }
    }

    if is_indexed(job) {
        ctx.prev_succeeded_indexes = Intervals::parse(
            status.completed_indexes.as_deref().unwrap_or(""),
            completions,
        );
        let newly: BTreeSet<i32> = ctx
            .pods
            .iter()
            .filter(|p| phase(p) == "Succeeded" && has_finalizer(p))
            .filter_map(|p| valid_index(p, completions))
            .collect();
        ctx.succeeded_indexes = ctx.prev_succeeded_indexes.with_indexes(newly);
        ctx.succeeded = ctx.succeeded_indexes.total();
        if has_backoff_limit_per_index(job) {
            let prev_failed =
                Intervals::parse(status.failed_indexes.as_deref().unwrap_or(""), completions);
            let newly_failed: BTreeSet<i32> = ctx
                .pods
                .iter()
                .filter(|p| has_finalizer(p) && is_index_failed(job, p))
                .filter_map(|p| valid_index(p, completions))
                .collect();
            let failed_indexes = prev_failed.with_indexes(newly_failed);
            if finished.is_none() {
                if job
                    .spec
                    .max_failed_indexes
                    .is_some_and(|m| failed_indexes.total() > m)
                {
                    finished = Some(new_condition(
                        "FailureTarget",
                        "True",
                        reason::MAX_FAILED_INDEXES_EXCEEDED,
                        "Job has exceeded the specified maximal number of failed indexes",
                        now,
                    ));
                } else if failed_indexes.total() > 0
                    && failed_indexes.total() + ctx.succeeded_indexes.total() >= completions
                {
                    finished = Some(new_condition(
                        "FailureTarget",
                        "True",
                        reason::FAILED_INDEXES,
                        "Job has failed indexes",
                        now,
                    ));
                }
            }
            ctx.failed_indexes = Some(failed_indexes);
            ctx.delayed_per_index = pods_with_delayed_deletion_per_index(&ctx);
        }
        if finished.is_none() {
            if let Some(message) = match_success_policy(
                job.spec.success_policy.as_ref(),
                completions,
                &ctx.succeeded_indexes,
            ) {
                finished = Some(new_condition(
                    "SuccessCriteriaMet",
                    "True",
                    reason::SUCCESS_POLICY,
                    &message,
                    now,
                ));
            }
        }
    }

    let mut status_event: Option<(EventType, &'static str, String)> = None;
    if let Some(cond) = finished.as_ref() {
        // Remove the active pods of a Job that failed or met its success criteria.
        let why = cond.reason.clone().unwrap_or_default();
        let to_stop: Vec<Pod> = ctx.active().into_iter().cloned().collect();
        for pod in &to_stop {
            if is_ready(pod) {
                ctx.ready -= 1;
            }
            decision.actions.push(delete_pod(
                &ctx,
                pod,
                Text::new(
                    format!(
                        "{} is finishing ({why}): its running pods are stopped",
                        ctx.key
                    ),
                    format!(
                        "{}이(가) 끝나는 중이므로({why}) 실행 중인 Pod를 멈춥니다",
                        ctx.key
                    ),
                ),
            ));
            active -= 1;
            ctx.terminating += 1;
        }
    } else {
        if job.metadata.deletion_timestamp.is_none() {
            active = manage_job(&mut ctx, &mut decision);
        }
        let complete = match job.spec.completions {
            None => ctx.succeeded > 0 && active == 0,
            Some(c) => ctx.succeeded >= c && active == 0,
        };
        if complete {
            finished = Some(new_condition(
                "SuccessCriteriaMet",
                "True",
                reason::COMPLETIONS_REACHED,
                "Reached expected number of succeeded pods",
                now,
            ));
        } else if job.metadata.deletion_timestamp.is_none() {
            if suspended(job) {
                if ensure_condition(
                    &mut status,
                    "Suspended",
                    "True",
                    "JobSuspended",
                    "Job suspended",
                    now,
                ) {
                    status_event = Some((EventType::Normal, "Suspended", "Job suspended".into()));
                }
            } else if ensure_condition(
                &mut status,
                "Suspended",
                "False",
                "JobResumed",
                "Job resumed",
                now,
            ) {
                status_event = Some((EventType::Normal, "Resumed", "Job resumed".into()));
                // A resumed Job's activeDeadlineSeconds counts from now.
                status.start_time = Some(now.to_rfc3339());
            }
        }
    }

    status.active = (active > 0).then_some(active);
    status.ready = Some(ctx.ready.max(0));
    status.terminating = Some(ctx.terminating);

    // trackJobStatusAndRemoveFinalizers.
    let finish_event = track_and_finish(&mut ctx, &mut status, &uncounted, finished, &mut decision);
    if finish_event.is_some() {
        status_event = finish_event;
    }
    if job.status.as_ref() != Some(&status) {
        let mut updated = job.clone();
        updated.status = Some(status.clone());
        let summary_en = format!(
            "{} reports {} active, {} succeeded, {} failed",
            ctx.key,
            status.active.unwrap_or(0),
            status.succeeded.unwrap_or(0),
            status.failed.unwrap_or(0)
        );
        let summary_ko = format!(
            "{}의 상태를 기록합니다: 실행 중 {}, 성공 {}, 실패 {}",
            ctx.key,
            status.active.unwrap_or(0),
            status.succeeded.unwrap_or(0),
            status.failed.unwrap_or(0)
        );
        let (en, ko) = match finished_type(&updated) {
            Some("Complete") => (
                format!("{summary_en}; it is Complete"),
                format!("{summary_ko}; 작업이 완료(Complete)되었습니다"),
            ),
            Some(_) => {
                let r = find_condition(&status, "Failed")
                    .and_then(|c| c.reason.clone())
                    .unwrap_or_default();
                (
                    format!("{summary_en}; it Failed ({r})"),
                    format!("{summary_ko}; 작업이 실패(Failed)했습니다 ({r})"),
                )
            }
            None => (summary_en, summary_ko),
        };
        let mut action = Action::new(
            Change::UpdateStatus(Object::Job(updated)),
            Text::new(en, ko),
        );
        if let Some((t, r, m)) = status_event {
            action = action.with_event(t, r, m);
        }
        decision.actions.push(action);
    }
    // A pod's finalizer comes off before it is deleted, so the delete is the last word.
    decision
        .actions
        .sort_by_key(|a| matches!(a.change, Change::Delete { .. }));
    decision
}

/// ClaimPods with the tracking finalizer: own the pods whose controller is this Job and
/// that match, adopt matching orphans, release owned pods that stopped matching. Returns
/// every pod the Job owns, finished ones included.
fn claim_pods<'a>(
    job: &Job,
    view: &View<'a>,
    selector: &Selector,
    namespace: &str,
    key: &str,
    decision: &mut Decision,
) -> Vec<Cow<'a, Pod>> {
    let uid = job.metadata.uid.as_deref().unwrap_or("");
    let mut owned = Vec::new();
    for pod in view
        .store
        .pods()
        .filter(|p| p.metadata.namespace.as_deref().unwrap_or("default") == namespace)
    {
        let labels = pod.metadata.labels.clone().unwrap_or_default();
        match controller_of(&pod.metadata) {
            Some(r) if r.uid == uid => {
                if selector.matches(&labels) {
                    owned.push(Cow::Borrowed(pod));
                } else {
                    let mut released = pod.clone();
                    if let Some(refs) = released.metadata.owner_references.as_mut() {
                        refs.retain(|r| r.uid != uid);
                    }
                    remove_finalizer(&mut released);
                    decision.actions.push(Action::new(
                        Change::Update(Object::Pod(released)),
                        Text::new(
                            format!("pod/{}'s labels no longer match the selector of {key}: release it", pod_name(pod)),
                            format!("pod/{}의 레이블이 더 이상 {key}의 셀렉터와 맞지 않으므로 놓아줍니다", pod_name(pod)),
                        ),
                    ));
                }
            }
            Some(_) => {}
            None if !selector.is_empty()
                && selector.matches(&labels)
                && pod.metadata.deletion_timestamp.is_none() =>
            {
                let mut adopted = pod.clone();
                adopted
                    .metadata
                    .owner_references
                    .get_or_insert_with(Vec::new)
                    .push(owner_ref(&job.metadata));
                add_finalizer(&mut adopted);
                decision.actions.push(Action::new(
                    Change::Update(Object::Pod(adopted.clone())),
                    Text::new(
                        format!("pod/{} has no controller and its labels match the selector of {key}: adopt it", pod_name(pod)),
                        format!("pod/{}은(는) 컨트롤러가 없고 레이블이 {key}의 셀렉터와 맞으므로 입양합니다", pod_name(pod)),
                    ),
                ));
                owned.push(Cow::Owned(adopted));
            }
            None => {}
        }
    }
    owned
}

fn add_finalizer(pod: &mut Pod) {
    let list = pod.metadata.finalizers.get_or_insert_with(Vec::new);
    if !list.iter().any(|f| f == JOB_TRACKING_FINALIZER) {
        list.push(JOB_TRACKING_FINALIZER.into());
    }
}

fn remove_finalizer(pod: &mut Pod) {
    if let Some(list) = pod.metadata.finalizers.as_mut() {
        list.retain(|f| f != JOB_TRACKING_FINALIZER);
        if list.is_empty() {
            pod.metadata.finalizers = None;
        }
    }
}

/// getFailJobMessage: the message of the first failed pod a FailJob rule matches.
fn fail_job_message(job: &Job, pods: &[Cow<'_, Pod>]) -> Option<String> {
    let policy = job.spec.pod_failure_policy.as_ref()?;
    pods.iter()
        .filter(|p| is_pod_failed(p, job))
        .find_map(|p| match_pod_failure_policy(Some(policy), p).fail_job_message)
}

/// pastBackoffLimitOnFailure: with restartPolicy OnFailure, the container restarts of the
/// running and pending pods add up to backoffLimit (any restart when it is 0).
fn past_backoff_limit_on_failure(job: &Job, pods: &[Cow<'_, Pod>], limit: i32) -> bool {
    if job.spec.template.spec.restart_policy.as_deref() != Some("OnFailure") {
        return false;
    }
    let restarts: i64 = pods
        .iter()
        .filter(|p| matches!(phase(p), "Running" | "Pending"))
        .flat_map(|p| {
            let s = p.status.as_ref();
            let a = s.and_then(|s| s.init_container_statuses.as_ref());
            let b = s.and_then(|s| s.container_statuses.as_ref());
            a.into_iter().flatten().chain(b.into_iter().flatten())
        })
        .map(|c| i64::from(c.restart_count))
        .sum();
    if limit == 0 {
        restarts > 0
    } else {
        restarts >= i64::from(limit)
    }
}

/// pastActiveDeadline: active (not suspended) for activeDeadlineSeconds or longer.
fn past_active_deadline(job: &Job, status: &JobStatus, now: Time) -> bool {
    let (Some(ads), Some(start)) = (
        job.spec.active_deadline_seconds,
        status.start_time.as_deref().and_then(Time::parse_rfc3339),
    ) else {
        return false;
    };
    !suspended(job) && now.since(start) >= Duration::seconds(ads)
}

/// isIndexFailed: the pod's failure used up its index's backoffLimitPerIndex, or a
/// FailIndex rule matched it.
fn is_index_failed(job: &Job, pod: &Pod) -> bool {
    if !is_pod_failed(pod, job) {
        return false;
    }
    let m = match_pod_failure_policy(job.spec.pod_failure_policy.as_ref(), pod);
    if m.action.is_some_and(|(a, _)| a == PolicyAction::FailIndex) {
        return true;
    }
    m.count_failed && index_failure_count(pod) >= job.spec.backoff_limit_per_index.unwrap_or(0)
}

/// getPodsWithDelayedDeletionPerIndex: per pending index, the last failed pod, kept (its
/// finalizer stays) until the replacement carries its failure count forward.
fn pods_with_delayed_deletion_per_index(ctx: &Ctx<'_>) -> HashMap<i32, usize> {
    let active: BTreeSet<i32> = indexes_of(ctx.active());
    let failed = ctx.failed_indexes.clone().unwrap_or_default();
    let mut out: HashMap<i32, usize> = HashMap::new();
    for (i, p) in ctx.pods.iter().enumerate() {
        if !has_finalizer(p) || !is_pod_failed(p, ctx.job) {
            continue;
        }
        let Some(ix) = valid_index(p, ctx.completions) else {
            continue;
        };
        if ctx.succeeded_indexes.has(ix) || failed.has(ix) || active.contains(&ix) {
            continue;
        }
        match out.get(&ix).and_then(|&j| ctx.pods.get(j)) {
            Some(last) => {
                if index_absolute_failure_count(last) <= index_absolute_failure_count(p)
                    && backoff_utils::finished_time(p) >= backoff_utils::finished_time(last)
                {
                    out.insert(ix, i);
                }
            }
            None => {
                out.insert(ix, i);
            }
        }
    }
    out
}

/// controller.ActivePods: which of two active pods to delete first: unscheduled, then
/// Pending < Unknown < Running, not ready, ready for less time, more restarts, newer.
fn active_pods_order(a: &Pod, b: &Pod) -> Ordering {
    let (na, nb) = (node_name(a).is_empty(), node_name(b).is_empty());
    if na != nb {
        return nb.cmp(&na);
    }
    let rank = |p: &Pod| match phase(p) {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 3,
    };
    if rank(a) != rank(b) {
        return rank(a).cmp(&rank(b));
    }
    if is_ready(a) != is_ready(b) {
        return is_ready(a).cmp(&is_ready(b));
    }
    if let (Some(ra), Some(rb)) = (ready_since(a), ready_since(b)) {
        if ra != rb {
            // afterOrZero: the later ready time first, a zero one before any other.
            return match (ra == GO_ZERO_TIME, rb == GO_ZERO_TIME) {
                (true, _) => Ordering::Less,
                (_, true) => Ordering::Greater,
                _ => rb.cmp(&ra),
            };
        }
    }
    let (xa, xb) = (max_restarts(a), max_restarts(b));
    if xa != xb {
        return xb.cmp(&xa);
    }
    created_at(&b.metadata).cmp(&created_at(&a.metadata))
}

/// activePodsForRemoval: for Indexed Jobs first the pods without a valid index and the
/// extra pods of repeated indexes, then the pods earliest in the ActivePods order.
fn active_pods_for_removal<'p>(
    job: &Job,
    pods: &[&'p Pod],
    at_least: usize,
    completions: i32,
) -> Vec<&'p Pod> {
    let mut rm: Vec<&Pod> = Vec::new();
    let mut left: Vec<&Pod> = Vec::new();
    if is_indexed(job) {
        let mut by_index: BTreeMap<i32, Vec<&Pod>> = BTreeMap::new();
        for p in pods {
            match completion_index(p) {
                Some(ix) if ix < completions => by_index.entry(ix).or_default().push(p),
                _ => rm.push(p),
            }
        }
        for (_, mut same) in by_index {
            same.sort_by(|a, b| active_pods_order(a, b));
            if let Some(keep) = same.pop() {
                rm.extend(same);
                left.push(keep);
            }
        }
    } else {
        left = pods.to_vec();
    }
    if rm.len() < at_least {
        left.sort_by(|a, b| active_pods_order(a, b));
        let need = at_least - rm.len();
        rm.extend(left.into_iter().take(need));
    }
    rm
}

/// A Delete action for one of the Job's pods (deleteActivePods keeps the finalizer, so the
/// pod is counted as failed).
fn delete_pod(ctx: &Ctx<'_>, pod: &Pod, reason: Text) -> Action {
    Action::new(
        Change::Delete {
            key: Key::pod(&ctx.namespace, pod_name(pod)),
            propagation: Propagation::Background,
        },
        reason,
    )
    .with_event(
        EventType::Normal,
        "SuccessfulDelete",
        format!("Deleted pod: {}", pod_name(pod)),
    )
}

/// deleteJobPods: remove the tracking finalizer, then delete; the pods are not counted.
fn delete_uncounted(ctx: &Ctx<'_>, pod: &Pod, reason: Text, decision: &mut Decision) {
    if has_finalizer(pod) {
        let mut p = pod.clone();
        remove_finalizer(&mut p);
        decision.actions.push(Action::new(
            Change::Update(Object::Pod(p)),
            Text::new(
                format!(
                    "pod/{} will not count as a failure: remove its tracking finalizer",
                    pod_name(pod)
                ),
                format!(
                    "pod/{}은(는) 실패로 세지 않으므로 추적 finalizer를 뗍니다",
                    pod_name(pod)
                ),
            ),
        ));
    }
    decision.actions.push(delete_pod(ctx, pod, reason));
}

/// manageJob: create or delete pods so the right number is active; returns how many are.
fn manage_job(ctx: &mut Ctx<'_>, decision: &mut Decision) -> i32 {
    let job = ctx.job;
    let active_pods: Vec<Pod> = ctx.active().into_iter().cloned().collect();
    let active_refs: Vec<&Pod> = active_pods.iter().collect();
    let mut active = active_refs.len() as i32;
    let parallelism = job.spec.parallelism.unwrap_or(1).max(0);

    if suspended(job) {
        let to_delete =
            active_pods_for_removal(job, &active_refs, active_refs.len(), ctx.completions);
        for pod in to_delete {
            if is_ready(pod) {
                ctx.ready -= 1;
            }
            delete_uncounted(
                &*ctx,
                pod,
                Text::new(
                    format!("{} is suspended: its active pods are deleted", ctx.key),
                    format!(
                        "{}이(가) 일시 중지(suspend)되어 실행 중인 Pod를 지웁니다",
                        ctx.key
                    ),
                ),
                decision,
            );
            active -= 1;
            ctx.terminating += 1;
        }
        return active;
    }

    let want_active = match job.spec.completions {
        None => {
            if ctx.succeeded > 0 {
                active
            } else {
                parallelism
            }
        }
        Some(c) => (c - ctx.succeeded).min(parallelism).max(0),
    };
    let rm_at_least = (active - want_active).max(0) as usize;
    let mut to_delete = active_pods_for_removal(job, &active_refs, rm_at_least, ctx.completions);
    to_delete.truncate(MAX_POD_CREATE_DELETE_PER_SYNC);
    if !to_delete.is_empty() {
        for pod in to_delete {
            if is_ready(pod) {
                ctx.ready -= 1;
            }
            let why = match completion_index(pod) {
                Some(ix) if is_indexed(job) && ix >= ctx.completions => Text::new(
                    format!("pod/{}'s index {ix} is not below completions={}", pod_name(pod), ctx.completions),
                    format!("pod/{}의 인덱스 {ix}이(가) completions={}보다 작지 않습니다", pod_name(pod), ctx.completions),
                ),
                _ => Text::new(
                    format!("{} wants {want_active} active pods and has {active}: delete one", ctx.key),
                    format!("{}은(는) 실행 중인 Pod {want_active}개를 원하는데 {active}개이므로 하나를 지웁니다", ctx.key),
                ),
            };
            delete_uncounted(&*ctx, pod, why, decision);
            active -= 1;
            ctx.terminating += 1;
        }
        return active;
    }

    let terminating = if only_replace_failed(job) {
        ctx.terminating
    } else {
        0
    };
    let mut diff = want_active - terminating - active;
    if diff <= 0 {
        return active;
    }
    if !has_backoff_limit_per_index(job) {
        let wait = remaining(ctx.backoff, ctx.now);
        if wait > Duration::ZERO {
            decision.requeue(wait);
            return active;
        }
    }
    diff = diff.min(MAX_POD_CREATE_DELETE_PER_SYNC as i32);
    let mut indexes: Vec<Option<i32>> = vec![None; diff as usize];
    if is_indexed(job) {
        let mut non_pending = ctx
            .succeeded_indexes
            .with_indexes(indexes_of(active_refs.iter().copied()));
        if only_replace_failed(job) {
            non_pending = non_pending.with_indexes(indexes_of(
                ctx.pods
                    .iter()
                    .map(AsRef::as_ref)
                    .filter(|p| is_terminating(p)),
            ));
        }
        if let Some(f) = &ctx.failed_indexes {
            non_pending = non_pending.merge(f);
        }
        let mut pending = first_pending_indexes(&non_pending, diff as usize, ctx.completions);
        if has_backoff_limit_per_index(job) {
            let mut now_ok = Vec::new();
            let mut min_wait: Option<Duration> = None;
            for ix in pending {
                let last = ctx
                    .delayed_per_index
                    .get(&ix)
                    .and_then(|&i| ctx.pods.get(i))
                    .map(AsRef::as_ref);
                let wait = remaining_per_index(last, ctx.now);
                if wait == Duration::ZERO {
                    now_ok.push(ix);
                } else {
                    min_wait = Some(min_wait.map_or(wait, |m| m.min(wait)));
                }
            }
            if now_ok.is_empty() {
                if let Some(w) = min_wait {
                    decision.requeue(w);
                }
                return active;
            }
            pending = now_ok;
        }
        indexes = pending.into_iter().map(Some).collect();
    }
    let succeeded = ctx.succeeded;
    for ix in indexes {
        let pod = pod_for(&*ctx, ix);
        let (en, ko) = match (ix, job.spec.completions) {
            (Some(ix), _) => (
                format!("{} runs index {ix}, which has not succeeded yet", ctx.key),
                format!("{}은(는) 아직 성공하지 않은 인덱스 {ix}을(를) 실행합니다", ctx.key),
            ),
            (None, Some(c)) => (
                format!("{} has {succeeded}/{c} completions and {active} of {want_active} wanted pods running: create a pod", ctx.key),
                format!("{}은(는) 완료 {succeeded}/{c}개, 실행 중 Pod {active}/{want_active}개이므로 Pod를 만듭니다", ctx.key),
            ),
            (None, None) => (
                format!("{} is a work queue with parallelism={parallelism} and {active} pods running: create a pod", ctx.key),
                format!("{}은(는) parallelism={parallelism}인 작업 큐이고 실행 중 Pod가 {active}개이므로 Pod를 만듭니다", ctx.key),
            ),
        };
        decision.actions.push(
            Action::new(Change::Create(Object::Pod(pod)), Text::new(en, ko)).with_event(
                EventType::Normal,
                "SuccessfulCreate",
                "Created pod: {name}".into(),
            ),
        );
        active += 1;
    }
    active
}

/// The pod for one more run (GetPodFromTemplate with the tracking finalizer, and for an
/// Indexed Job its index annotation and label, hostname and JOB_COMPLETION_INDEX).
fn pod_for(ctx: &Ctx<'_>, index: Option<i32>) -> Pod {
    let job = ctx.job;
    let name = job.metadata.name.clone().unwrap_or_default();
    let template = &job.spec.template;
    let mut meta = ObjectMeta {
        generate_name: Some(format!("{name}-")),
        namespace: Some(ctx.namespace.clone()),
        labels: template.metadata.labels.clone(),
        annotations: template.metadata.annotations.clone(),
        owner_references: Some(vec![owner_ref(&job.metadata)]),
        finalizers: template.metadata.finalizers.clone(),
        ..ObjectMeta::default()
    };
    let mut spec = template.spec.clone();
    if let Some(ix) = index {
        for c in spec.all_containers_mut() {
            let env = c.env.get_or_insert_with(Vec::new);
            if !env.iter().any(|e| e.name == COMPLETION_INDEX_ENV) {
                env.push(EnvVar {
                    name: COMPLETION_INDEX_ENV.into(),
                    value: None,
                    value_from: Some(serde_json::json!({
                        "fieldRef": {"fieldPath": format!("metadata.labels['{COMPLETION_INDEX}']")}
                    })),
                });
            }
        }
        meta.annotations
            .get_or_insert_with(BTreeMap::new)
            .insert(COMPLETION_INDEX.into(), ix.to_string());
        meta.labels
            .get_or_insert_with(BTreeMap::new)
            .insert(COMPLETION_INDEX.into(), ix.to_string());
        spec.hostname = Some(format!("{name}-{ix}"));
        meta.generate_name = Some(generate_name_with_index(&name, ix));
        if has_backoff_limit_per_index(job) {
            let replaced = ctx
                .delayed_per_index
                .get(&ix)
                .and_then(|&i| ctx.pods.get(i));
            let (count, ignored) = match replaced {
                Some(p) => {
                    let count = index_failure_count(p);
                    let ignored = index_absolute_failure_count(p) - count;
                    if match_pod_failure_policy(job.spec.pod_failure_policy.as_ref(), p)
                        .count_failed
                    {
                        (count + 1, ignored)
                    } else {
                        (count, ignored + 1)
                    }
                }
                None => (0, 0),
            };
            let annotations = meta.annotations.get_or_insert_with(BTreeMap::new);
            annotations.insert(INDEX_FAILURE_COUNT.into(), count.to_string());
            if ignored > 0 {
                annotations.insert(INDEX_IGNORED_FAILURE_COUNT.into(), ignored.to_string());
            }
        }
    }
    let mut pod = Pod {
        api_version: "v1".into(),
        kind: "Pod".into(),
        metadata: meta,
        spec,
        status: None,
    };
    add_finalizer(&mut pod);
    pod
}

/// trackJobStatusAndRemoveFinalizers and enactJobFinished: count the finished pods,
/// remove their finalizers, and add the terminal condition once no pod is left running.
/// Returns the event of a Job that just finished.
fn track_and_finish(
    ctx: &mut Ctx<'_>,
    status: &mut JobStatus,
    uncounted: &Uncounted,
    mut finished: Option<Condition>,
    decision: &mut Decision,
) -> Option<(EventType, &'static str, String)> {
    let job = ctx.job;
    let indexed = is_indexed(job);
    let mut order: Vec<usize> = (0..ctx.pods.len()).collect();
    if indexed {
        order.sort_by_key(|&i| {
            ctx.pods
                .get(i)
                .and_then(|p| completion_index(p))
                .map_or(-1, i64::from)
        });
    }
    let mut new_uncounted = Uncounted {
        succeeded: uncounted.succeeded.clone(),
        failed: uncounted.failed.clone(),
    };
    let mut new_succeeded_indexes: Vec<i32> = Vec::new();
    let mut with_finalizer: BTreeSet<String> = ctx
        .pods
        .iter()
        .filter(|p| has_finalizer(p))
        .map(|p| pod_uid(p).to_string())
        .collect();
    let mut reached_max = false;
    let terminal_failure = finished
        .as_ref()
        .is_some_and(|c| c.type_ != "SuccessCriteriaMet");
    for i in order {
        let Some(pod) = ctx.pods.get(i).map(AsRef::as_ref) else {
            continue;
        };
        if !has_finalizer(pod) {
            continue;
        }
        let failed = is_pod_failed(pod, job);
        let can_remove = job.metadata.deletion_timestamp.is_some()
            || finished.is_some()
            || phase(pod) == "Succeeded"
            || (failed
                && !(has_backoff_limit_per_index(job)
                    && completion_index(pod)
                        .and_then(|ix| ctx.delayed_per_index.get(&ix))
                        .is_some_and(|&j| j == i)));
        if !can_remove {
            continue;
        }
        let uid = pod_uid(pod).to_string();
        let ix = valid_index(pod, ctx.completions);
        let mut outcome: Option<(&str, &str)> = None;
        if phase(pod) == "Succeeded" && !uncounted.failed.contains(&uid) {
            if indexed {
                if let Some(ix) = ix.filter(|ix| !ctx.prev_succeeded_indexes.has(*ix)) {
                    new_succeeded_indexes.push(ix);
                }
            } else {
                new_uncounted.succeeded.insert(uid.clone());
            }
            outcome = Some(("it succeeded and is counted", "성공했으므로 셉니다"));
        } else if (failed || terminal_failure)
            && !uncounted.failed.contains(&uid)
            && (!indexed || ix.is_some())
        {
            let m = match_pod_failure_policy(job.spec.pod_failure_policy.as_ref(), pod);
            if m.count_failed {
                new_uncounted.failed.insert(uid.clone());
                outcome = Some(("it failed and is counted", "실패했으므로 셉니다"));
            } else {
                outcome = Some((
                    "it failed and a podFailurePolicy Ignore rule does not count it",
                    "실패했지만 podFailurePolicy의 Ignore 규칙 때문에 세지 않습니다",
                ));
            }
        }
        let mut p = pod.clone();
        remove_finalizer(&mut p);
        let (en, ko) = outcome.unwrap_or(("it is done with", "더 볼 일이 없습니다"));
        decision.actions.push(Action::new(
            Change::Update(Object::Pod(p)),
            Text::new(
                format!(
                    "pod/{} is finished: {en}; remove its tracking finalizer",
                    pod_name(pod)
                ),
                format!(
                    "pod/{}이(가) 끝났습니다: {ko}. 추적 finalizer를 뗍니다",
                    pod_name(pod)
                ),
            ),
        ));
        with_finalizer.remove(&uid);
        if new_succeeded_indexes.len() + new_uncounted.succeeded.len() + new_uncounted.failed.len()
            >= MAX_UNCOUNTED_PODS
        {
            reached_max = true;
            break;
        }
    }
    // cleanUncountedPodsWithoutFinalizers: pods whose finalizer is gone are counted.
    let (keep_s, done_s): (BTreeSet<String>, BTreeSet<String>) = new_uncounted
        .succeeded
        .iter()
        .cloned()
        .partition(|u| with_finalizer.contains(u));
    let (keep_f, done_f): (BTreeSet<String>, BTreeSet<String>) = new_uncounted
        .failed
        .iter()
        .cloned()
        .partition(|u| with_finalizer.contains(u));
    let succeeded = status.succeeded.unwrap_or(0) + done_s.len() as i32;
    let failed = status.failed.unwrap_or(0) + done_f.len() as i32;
    status.succeeded = (succeeded > 0).then_some(succeeded);
    status.failed = (failed > 0).then_some(failed);
    let remaining_uncounted = Uncounted {
        succeeded: keep_s,
        failed: keep_f,
    };
    status.uncounted_terminated_pods = Some(remaining_uncounted.to_value());
    if indexed {
        ctx.succeeded_indexes = ctx.succeeded_indexes.with_indexes(new_succeeded_indexes);
        let total = ctx.succeeded_indexes.total();
        status.succeeded = (total > 0).then_some(total);
        let text = ctx.succeeded_indexes.to_string();
        status.completed_indexes = (!text.is_empty()).then_some(text);
        status.failed_indexes = ctx.failed_indexes.as_ref().map(ToString::to_string);
    }
    // The interim conditions go in before the terminal one.
    if let Some(cond) = finished.take() {
        let next = match cond.type_.as_str() {
            "FailureTarget" => {
                status
                    .conditions
                    .get_or_insert_with(Vec::new)
                    .push(cond.clone());
                new_condition(
                    "Failed",
                    "True",
                    cond.reason.as_deref().unwrap_or(""),
                    cond.message.as_deref().unwrap_or(""),
                    ctx.now,
                )
            }
            "SuccessCriteriaMet" => {
                if !condition_true(status, "SuccessCriteriaMet") {
                    status
                        .conditions
                        .get_or_insert_with(Vec::new)
                        .push(cond.clone());
                }
                new_condition(
                    "Complete",
                    "True",
                    cond.reason.as_deref().unwrap_or(""),
                    cond.message.as_deref().unwrap_or(""),
                    ctx.now,
                )
            }
            _ => cond,
        };
        finished = Some(next);
    }
    let cond = finished?;
    let uncounted_left = remaining_uncounted.succeeded.len() + remaining_uncounted.failed.len();
    if reached_max || uncounted_left > 0 || ctx.terminating > 0 {
        return None;
    }
    let reason = cond.reason.clone().unwrap_or_default();
    let message = cond.message.clone().unwrap_or_default();
    ensure_condition(status, &cond.type_, "True", &reason, &message, ctx.now);
    if cond.type_ == "Complete" {
        status.completion_time = Some(ctx.now.to_rfc3339());
        return Some((EventType::Normal, "Completed", "Job completed".into()));
    }
    Some((EventType::Warning, static_reason(&reason), message))
}

#[cfg(test)]
mod tests;
