//! `kubectl rollout status` and `kubectl rollout history` output.
//!
//! Status messages mirror the status viewers in
//! staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go; history mirrors
//! `DeploymentHistoryViewer.ViewHistory` and `printHistory` in history.go (a tabwriter with
//! padding 2), framed as `rollout history` prints it (`deployment.apps/nginx ` on the first
//! line, a blank line at the end).

use std::collections::BTreeMap;

use super::describe::describe_pod_template;
use super::error::KubectlError;
use super::resource::ResourceType;
use super::table::{Table, HISTORY_PADDING};
use crate::api::daemonset::DaemonSet;
use crate::api::deployment::Deployment;
use crate::api::meta::find_condition;
use crate::api::pod::PodTemplateSpec;
use crate::api::replicaset::ReplicaSet;
use crate::api::statefulset::StatefulSet;

/// The annotation `rollout history` shows as CHANGE-CAUSE.
pub const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";
/// The annotation holding a ReplicaSet's (or Deployment's) revision number.
pub const REVISION: &str = "deployment.kubernetes.io/revision";

/// One `rollout status` observation: the line kubectl prints, and whether it stops
/// waiting (the rollout is done).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolloutStatus {
    pub message: String,
    pub done: bool,
}

fn waiting(message: String) -> Result<RolloutStatus, KubectlError> {
    Ok(RolloutStatus {
        message,
        done: false,
    })
}

fn finished(message: String) -> Result<RolloutStatus, KubectlError> {
    Ok(RolloutStatus {
        message,
        done: true,
    })
}

/// `DeploymentStatusViewer.Status`. An error is what kubectl exits with (a deployment past
/// its progress deadline, or a revision mismatch with `--revision`).
pub fn deployment_status(
    d: &Deployment,
    revision: Option<i64>,
) -> Result<RolloutStatus, KubectlError> {
    let name = d.metadata.name_or_empty();
    if let Some(want) = revision.filter(|r| *r > 0) {
        let have = d
            .metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get(REVISION))
            .and_then(|r| r.parse::<i64>().ok())
            .unwrap_or(0);
        if have != want {
            return Err(KubectlError::new(
                format!(
                    "desired revision ({want}) is different from the running revision ({have})"
                ),
                format!("요청한 리비전({want})이(가) 실행 중인 리비전({have})와(과) 다릅니다"),
            ));
        }
    }
    let status = d.status.clone().unwrap_or_default();
    let generation = d.metadata.generation.unwrap_or(0);
    if generation > status.observed_generation.unwrap_or(0) {
        return waiting("Waiting for deployment spec update to be observed...\n".to_string());
    }
    let progressing = find_condition(&status.conditions, "Progressing");
    if progressing.and_then(|c| c.reason.as_deref()) == Some("ProgressDeadlineExceeded") {
        return Err(KubectlError::new(
            format!("deployment {name:?} exceeded its progress deadline"),
            format!("Deployment {name:?}이(가) 진행 기한(progressDeadlineSeconds)을(를) 넘겼습니다"),
        )
        .with_hint(
            "look at the new pods (kubectl get pods) and the events; 'kubectl rollout undo' goes back",
            "새 Pod(kubectl get pods)와(과) 이벤트를 확인하세요; 'kubectl rollout undo'로 되돌릴 수 있습니다",
        ));
    }
    let updated = status.updated_replicas.unwrap_or(0);
    let replicas = status.replicas.unwrap_or(0);
    let available = status.available_replicas.unwrap_or(0);
    if let Some(want) = d.spec.replicas {
        if updated < want {
            return waiting(format!(
                "Waiting for deployment {name:?} rollout to finish: {updated} out of {want} new replicas have been updated...\n"
            ));
        }
    }
    if replicas > updated {
        return waiting(format!(
            "Waiting for deployment {name:?} rollout to finish: {} old replicas are pending termination...\n",
            replicas - updated
        ));
    }
    if available < updated {
        return waiting(format!(
            "Waiting for deployment {name:?} rollout to finish: {available} of {updated} updated replicas are available...\n"
        ));
    }
    finished(format!("deployment {name:?} successfully rolled out\n"))
}

/// `DaemonSetStatusViewer.Status`.
pub fn daemonset_status(ds: &DaemonSet) -> Result<RolloutStatus, KubectlError> {
    let name = ds.metadata.name_or_empty();
    let strategy = ds
        .spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.type_.as_deref())
        .unwrap_or("RollingUpdate");
    if strategy != "RollingUpdate" {
        return Err(KubectlError::new(
            "rollout status is only available for RollingUpdate strategy type",
            "rollout status는 RollingUpdate 전략에서만 쓸 수 있습니다",
        ));
    }
    let status = ds.status.clone().unwrap_or_default();
    if ds.metadata.generation.unwrap_or(0) > status.observed_generation.unwrap_or(0) {
        return waiting("Waiting for daemon set spec update to be observed...\n".to_string());
    }
    let desired = status.desired_number_scheduled;
    let updated = status.updated_number_scheduled.unwrap_or(0);
    let available = status.number_available.unwrap_or(0);
    if updated < desired {
        return waiting(format!(
            "Waiting for daemon set {name:?} rollout to finish: {updated} out of {desired} new pods have been updated...\n"
        ));
    }
    if available < desired {
        return waiting(format!(
            "Waiting for daemon set {name:?} rollout to finish: {available} of {desired} updated pods are available...\n"
        ));
    }
    finished(format!("daemon set {name:?} successfully rolled out\n"))
}

/// `StatefulSetStatusViewer.Status`.
pub fn statefulset_status(sts: &StatefulSet) -> Result<RolloutStatus, KubectlError> {
    let strategy = sts.spec.update_strategy.as_ref();
    if strategy
        .and_then(|s| s.type_.as_deref())
        .unwrap_or("RollingUpdate")
        != "RollingUpdate"
    {
        return Err(KubectlError::new(
            "rollout status is only available for RollingUpdate strategy type",
            "rollout status는 RollingUpdate 전략에서만 쓸 수 있습니다",
        ));
    }
    let status = sts.status.clone().unwrap_or_default();
    let observed = status.observed_generation.unwrap_or(0);
    if observed == 0 || sts.metadata.generation.unwrap_or(0) > observed {
        return waiting("Waiting for statefulset spec update to be observed...\n".to_string());
    }
    let ready = status.ready_replicas.unwrap_or(0);
    let updated = status.updated_replicas.unwrap_or(0);
    if let Some(want) = sts.spec.replicas {
        if ready < want {
            return waiting(format!(
                "Waiting for {} pods to be ready...\n",
                want - ready
            ));
        }
    }
    if let Some(rolling) = strategy.and_then(|s| s.rolling_update.as_ref()) {
        if let (Some(want), Some(partition)) = (sts.spec.replicas, rolling.partition) {
            if updated < want - partition {
                return waiting(format!(
                    "Waiting for partitioned roll out to finish: {updated} out of {} new pods have been updated...\n",
                    want - partition
                ));
            }
        }
        return finished(format!(
            "partitioned roll out complete: {updated} new pods have been updated...\n"
        ));
    }
    let current = status.current_revision.clone().unwrap_or_default();
    let update = status.update_revision.clone().unwrap_or_default();
    if update != current {
        return waiting(format!(
            "waiting for statefulset rolling update to complete {updated} pods at revision {update}...\n"
        ));
    }
    finished(format!(
        "statefulset rolling update complete {} pods at revision {current}...\n",
        status.current_replicas.unwrap_or(0)
    ))
}

/// One revision of a workload's history: its number, pod template and change cause.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub number: i64,
    pub template: PodTemplateSpec,
    pub change_cause: Option<String>,
}

/// The revisions of a Deployment, read from its ReplicaSets' revision and change-cause
/// annotations (ReplicaSets without a readable revision are skipped, as kubectl skips them).
pub fn deployment_revisions(replica_sets: &[&ReplicaSet]) -> Vec<Revision> {
    let mut by_number: BTreeMap<i64, Revision> = BTreeMap::new();
    for rs in replica_sets {
        let annotations = rs.metadata.annotations.clone().unwrap_or_default();
        let Some(number) = annotations
            .get(REVISION)
            .and_then(|r| r.parse::<i64>().ok())
        else {
            continue;
        };
        let change_cause = annotations
            .get(CHANGE_CAUSE)
            .filter(|c| !c.is_empty())
            .cloned();
        let mut template = rs.spec.template.clone();
        if let Some(cause) = &change_cause {
            template
                .metadata
                .annotations
                .get_or_insert_with(Default::default)
                .insert(CHANGE_CAUSE.to_string(), cause.clone());
        }
        by_number.insert(
            number,
            Revision {
                number,
                template,
                change_cause,
            },
        );
    }
    by_number.into_values().collect()
}

/// What `kubectl rollout history <resource>/<name> [--revision=N]` prints.
pub fn history(
    resource: ResourceType,
    name: &str,
    revisions: &[Revision],
    revision: Option<i64>,
) -> Result<String, KubectlError> {
    let mut sorted: Vec<&Revision> = revisions.iter().collect();
    sorted.sort_by_key(|r| r.number);
    let body = if sorted.is_empty() {
        "No rollout history found.".to_string()
    } else if let Some(n) = revision.filter(|n| *n > 0) {
        let Some(r) = sorted.iter().find(|r| r.number == n) else {
            return Err(KubectlError::new(
                "unable to find the specified revision",
                format!("리비전 {n}을(를) 찾을 수 없습니다"),
            ));
        };
        describe_pod_template(&r.template)
    } else {
        let mut t = Table::new(&["REVISION", "CHANGE-CAUSE"]);
        for r in sorted {
            t.push(vec![
                r.number.to_string(),
                r.change_cause
                    .clone()
                    .unwrap_or_else(|| "<none>".to_string()),
            ]);
        }
        t.render(HISTORY_PADDING)
    };
    let head = match revision.filter(|n| *n > 0) {
        Some(n) => format!("{}/{name} with revision #{n}", resource.qualified()),
        None => format!("{}/{name} ", resource.qualified()),
    };
    Ok(format!("{head}\n{body}\n"))
}

#[cfg(test)]
#[path = "rollout_tests.rs"]
mod tests;
