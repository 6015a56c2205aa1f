//! Rollback. For apps/v1 Deployments `kubectl rollout undo` does the work itself
//! (staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollback.go, `DeploymentRollbacker`):
//! it finds the ReplicaSet of the wanted revision and writes its pod template (without the
//! pod-template-hash label) and its annotations back into the Deployment. The controller
//! then sees a template it already has a ReplicaSet for: that ReplicaSet becomes the new
//! one and gets the next revision number (see `getNewReplicaSet`), so the revision moves
//! forward and the old number disappears from the history.
//!
//! The controller's own rollback path (pkg/controller/deployment/rollback.go) only serves
//! the extensions/v1beta1 `rollbackTo` field, which no apps/v1 client sets; it is not
//! simulated.

use std::collections::BTreeMap;

use super::util::{self, ANNOTATIONS_TO_SKIP, POD_TEMPLATE_HASH};
use crate::api::deployment::Deployment;
use crate::api::replicaset::ReplicaSet;
use crate::manifest::diagnostic::Text;

/// What `rollout undo` decided.
#[derive(Debug, Clone, PartialEq)]
pub enum Rollback {
    /// The Deployment already runs that template ("skipped rollback").
    Skipped { revision: i64 },
    /// The Deployment with the old template and annotations, to be written back.
    RolledBack {
        deployment: Box<Deployment>,
        revision: i64,
    },
}

/// deploymentRevision: the ReplicaSet of `to_revision`, or with 0 the one of the revision
/// before the newest.
pub fn revision_replica_set<'a>(
    d: &Deployment,
    replica_sets: &[&'a ReplicaSet],
    to_revision: i64,
) -> Result<&'a ReplicaSet, Text> {
    let mut latest: Option<(i64, &ReplicaSet)> = None;
    let mut previous: Option<(i64, &ReplicaSet)> = None;
    for rs in replica_sets {
        let Ok(v) = util::revision(&rs.metadata) else {
            continue;
        };
        if to_revision == 0 {
            if latest.is_none_or(|(l, _)| l < v) {
                previous = latest;
                latest = Some((v, rs));
            } else if previous.is_none_or(|(p, _)| p < v) {
                previous = Some((v, rs));
            }
        } else if v == to_revision {
            return Ok(rs);
        }
    }
    if to_revision > 0 {
        return Err(not_found(to_revision));
    }
    previous.map(|(_, rs)| rs).ok_or_else(|| {
        let name = d.metadata.name_or_empty();
        Text::new(
            format!("no rollout history found for deployment {name:?}"),
            format!("deployment {name:?}의 롤아웃 기록이 없습니다"),
        )
    })
}

fn not_found(revision: i64) -> Text {
    Text::new(
        format!("unable to find specified revision {revision} in history"),
        format!("기록에서 리비전 {revision}을(를) 찾을 수 없습니다"),
    )
}

/// DeploymentRollbacker.Rollback: `to_revision` 0 means the previous revision.
pub fn rollback(
    d: &Deployment,
    replica_sets: &[&ReplicaSet],
    to_revision: i64,
) -> Result<Rollback, Text> {
    if to_revision < 0 {
        return Err(not_found(to_revision));
    }
    let rs = revision_replica_set(d, replica_sets, to_revision)?;
    if d.spec.paused == Some(true) {
        return Err(Text::new(
            "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
            "일시 중지된 Deployment는 롤백할 수 없습니다; 먼저 'kubectl rollout resume'으로 재개한 뒤 다시 하세요",
        ));
    }
    if util::equal_ignore_hash(&rs.spec.template, &d.spec.template) {
        return Ok(Rollback::Skipped {
            revision: to_revision,
        });
    }
    let mut template = rs.spec.template.clone();
    if let Some(labels) = template.metadata.labels.as_mut() {
        labels.remove(POD_TEMPLATE_HASH);
    }
    let mut annotations: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in d.metadata.annotations.iter().flatten() {
        if ANNOTATIONS_TO_SKIP.contains(&k.as_str()) {
            annotations.insert(k.clone(), v.clone());
        }
    }
    for (k, v) in rs.metadata.annotations.iter().flatten() {
        if !ANNOTATIONS_TO_SKIP.contains(&k.as_str()) {
            annotations.insert(k.clone(), v.clone());
        }
    }
    let mut out = d.clone();
    out.spec.template = template;
    out.metadata.annotations = Some(annotations);
    Ok(Rollback::RolledBack {
        deployment: Box::new(out),
        revision: util::revision(&rs.metadata).unwrap_or(0),
    })
}
