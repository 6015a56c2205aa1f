//! Defaults of the workload kinds. Mirrors pkg/apis/apps/v1/defaults.go and
//! pkg/apis/batch/v1/defaults.go (feature gates at their v1.36 defaults).

use crate::api::cronjob::CronJob;
use crate::api::daemonset::{DaemonSet, DaemonSetUpdateStrategy, RollingUpdateDaemonSet};
use crate::api::deployment::{Deployment, DeploymentStrategy, RollingUpdateDeployment};
use crate::api::intstr::IntOrString;
use crate::api::job::{Job, JobSpec};
use crate::api::replicaset::ReplicaSet;
use crate::api::statefulset::{
    RollingUpdateStatefulSetStrategy, StatefulSet, StatefulSetPersistentVolumeClaimRetentionPolicy,
    StatefulSetUpdateStrategy,
};

use super::core::set_defaults_persistent_volume_claim;
use super::pod::set_defaults_pod_spec;
use super::{set_if_empty, set_if_none};

/// Mirrors `SetDefaults_Deployment`: replicas 1, strategy RollingUpdate with maxUnavailable
/// and maxSurge 25%, revisionHistoryLimit 10, progressDeadlineSeconds 600.
pub fn set_defaults_deployment(d: &mut Deployment) {
    let spec = &mut d.spec;
    set_if_none(&mut spec.replicas, 1);
    let strategy = spec
        .strategy
        .get_or_insert_with(DeploymentStrategy::default);
    set_if_empty(&mut strategy.type_, "RollingUpdate");
    if strategy.type_.as_deref() == Some("RollingUpdate") {
        let ru = strategy
            .rolling_update
            .get_or_insert_with(RollingUpdateDeployment::default);
        set_if_none(&mut ru.max_unavailable, IntOrString::from("25%"));
        set_if_none(&mut ru.max_surge, IntOrString::from("25%"));
    }
    set_if_none(&mut spec.revision_history_limit, 10);
    set_if_none(&mut spec.progress_deadline_seconds, 600);
    set_defaults_pod_spec(&mut spec.template.spec);
}

/// Mirrors `SetDefaults_ReplicaSet`: replicas 1.
pub fn set_defaults_replica_set(rs: &mut ReplicaSet) {
    set_if_none(&mut rs.spec.replicas, 1);
    set_defaults_pod_spec(&mut rs.spec.template.spec);
}

/// Mirrors `SetDefaults_DaemonSet`: updateStrategy RollingUpdate with maxUnavailable 1 and
/// maxSurge 0, revisionHistoryLimit 10.
pub fn set_defaults_daemon_set(ds: &mut DaemonSet) {
    let spec = &mut ds.spec;
    let strategy = spec
        .update_strategy
        .get_or_insert_with(DaemonSetUpdateStrategy::default);
    set_if_empty(&mut strategy.type_, "RollingUpdate");
    if strategy.type_.as_deref() == Some("RollingUpdate") {
        let ru = strategy
            .rolling_update
            .get_or_insert_with(RollingUpdateDaemonSet::default);
        set_if_none(&mut ru.max_unavailable, IntOrString::Int(1));
        set_if_none(&mut ru.max_surge, IntOrString::Int(0));
    }
    set_if_none(&mut spec.revision_history_limit, 10);
    set_defaults_pod_spec(&mut spec.template.spec);
}

/// Mirrors `SetDefaults_StatefulSet`: podManagementPolicy OrderedReady; an unset
/// updateStrategy becomes RollingUpdate with partition 0 (an explicit RollingUpdate
/// without a rollingUpdate block stays without one, as upstream); PVC retention
/// Retain/Retain (StatefulSetAutoDeletePVC is GA); replicas 1; revisionHistoryLimit 10.
/// The volumeClaimTemplates get the PVC defaults, status phase Pending included.
pub fn set_defaults_stateful_set(ss: &mut StatefulSet) {
    let spec = &mut ss.spec;
    set_if_empty(&mut spec.pod_management_policy, "OrderedReady");
    let strategy = spec
        .update_strategy
        .get_or_insert_with(StatefulSetUpdateStrategy::default);
    if strategy.type_.as_deref().unwrap_or("").is_empty() {
        strategy.type_ = Some("RollingUpdate".into());
        strategy
            .rolling_update
            .get_or_insert_with(RollingUpdateStatefulSetStrategy::default);
    }
    if strategy.type_.as_deref() == Some("RollingUpdate") {
        if let Some(ru) = strategy.rolling_update.as_mut() {
            set_if_none(&mut ru.partition, 0);
        }
    }
    let retention = spec
        .persistent_volume_claim_retention_policy
        .get_or_insert_with(StatefulSetPersistentVolumeClaimRetentionPolicy::default);
    set_if_empty(&mut retention.when_deleted, "Retain");
    set_if_empty(&mut retention.when_scaled, "Retain");
    set_if_none(&mut spec.replicas, 1);
    set_if_none(&mut spec.revision_history_limit, 10);
    for claim in spec.volume_claim_templates.iter_mut().flatten() {
        set_defaults_persistent_volume_claim(claim);
    }
    set_defaults_pod_spec(&mut spec.template.spec);
}

/// Mirrors `SetDefaults_Job`: completions and parallelism 1 when both are unset,
/// otherwise parallelism 1; backoffLimit 6, or MaxInt32 when backoffLimitPerIndex is set;
/// the Job's labels from the template when it has none; completionMode NonIndexed;
/// suspend false; podReplacementPolicy Failed with a podFailurePolicy, else
/// TerminatingOrFailed (JobPodReplacementPolicy is GA); manualSelector false.
pub fn set_defaults_job(job: &mut Job) {
    let spec = &mut job.spec;
    if spec.completions.is_none() && spec.parallelism.is_none() {
        spec.completions = Some(1);
        spec.parallelism = Some(1);
    }
    set_if_none(&mut spec.parallelism, 1);
    if spec.backoff_limit.is_none() {
        spec.backoff_limit = Some(if spec.backoff_limit_per_index.is_some() {
            i32::MAX
        } else {
            6
        });
    }
    let metadata = &mut job.metadata;
    if let Some(labels) = &spec.template.metadata.labels {
        if metadata.labels.as_ref().is_none_or(|l| l.is_empty()) {
            metadata.labels = Some(labels.clone());
        }
    }
    set_if_none(&mut spec.completion_mode, "NonIndexed".to_string());
    set_if_none(&mut spec.suspend, false);
    if spec.pod_replacement_policy.is_none() {
        let policy = if spec.pod_failure_policy.is_some() {
            "Failed"
        } else {
            "TerminatingOrFailed"
        };
        spec.pod_replacement_policy = Some(policy.to_string());
    }
    set_if_none(&mut spec.manual_selector, false);
    set_defaults_job_spec_fields(spec);
}

/// Defaults that hang off types inside a JobSpec and so also apply to a CronJob's job
/// template: `SetDefaults_PodFailurePolicyOnPodConditionsPattern` (status "True") and the
/// pod template.
fn set_defaults_job_spec_fields(spec: &mut JobSpec) {
    if let Some(policy) = spec.pod_failure_policy.as_mut() {
        for rule in &mut policy.rules {
            for pattern in rule.on_pod_conditions.iter_mut().flatten() {
                set_if_empty(&mut pattern.status, "True");
            }
        }
    }
    set_defaults_pod_spec(&mut spec.template.spec);
}

/// Mirrors `SetDefaults_CronJob`: concurrencyPolicy Allow, suspend false,
/// successfulJobsHistoryLimit 3, failedJobsHistoryLimit 1. The job template's spec does
/// not get the Job defaults (those belong to the Job type); its pod template does.
pub fn set_defaults_cron_job(cj: &mut CronJob) {
    let spec = &mut cj.spec;
    set_if_empty(&mut spec.concurrency_policy, "Allow");
    set_if_none(&mut spec.suspend, false);
    set_if_none(&mut spec.successful_jobs_history_limit, 3);
    set_if_none(&mut spec.failed_jobs_history_limit, 1);
    set_defaults_job_spec_fields(&mut spec.job_template.spec);
}
