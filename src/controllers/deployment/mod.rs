//! The Deployment controller (pkg/controller/deployment/deployment_controller.go
//! `syncDeployment`): a Deployment rolls its pod template out through ReplicaSets named
//! `<deployment>-<pod-template-hash>`, one per template revision.
//!
//! One reconcile is one `syncDeployment`: claim the ReplicaSets the selector matches, then
//! either only report status (deleting), scale (paused, or the replica count changed), or
//! roll out by the strategy ([`rolling`] or [`recreate`]). Every write is an [`Action`]
//! with a reason; the Deployment's own status (and revision annotation) is written once at
//! the end. The files follow upstream's split: [`sync`] (scaling, new ReplicaSet,
//! cleanup, status), [`rolling`], [`recreate`], [`progress`] (the Progressing condition),
//! [`rollback`] (what `kubectl rollout undo` does) and [`util`].

pub mod progress;
pub mod recreate;
pub mod rollback;
pub mod rolling;
pub mod sync;
pub mod util;

use std::collections::BTreeMap;

use serde_json::Value;

use super::podutil::controller_of;
use super::{Action, Change, Decision, View};
use crate::api::deployment::Deployment;
use crate::api::meta::{LabelSelector, OwnerReference};
use crate::api::object::Object;
use crate::api::replicaset::ReplicaSet;
use crate::manifest::diagnostic::Text;
use crate::selector::{from_label_selector, Selector};
use crate::state::clock::Time;
use crate::state::events::EventType;
use crate::state::store::Store;

pub use rolling::{rolling_update_plan, Fenceposts, PlanStep};
pub use util::resolve_fenceposts;

/// One reconcile of a Deployment.
pub fn reconcile(d: &Deployment, view: &View<'_>) -> Decision {
    let Ok(selector) = from_label_selector(d.spec.selector.as_ref()) else {
        return Decision::default();
    };
    let mut s = Sync::new(d, view, selector);
    s.sync_deployment();
    s.finish()
}

/// Why a sync stopped early (upstream returns an error and the Deployment is requeued;
/// here the next round of the simulator looks again).
pub(crate) struct Stop;

/// The state of one sync: the Deployment and its ReplicaSets as the controller has
/// changed them so far, and the actions taken.
pub(crate) struct Sync<'a> {
    store: &'a Store,
    now: Time,
    original: &'a Deployment,
    /// The Deployment as this sync has changed it (status, revision annotation).
    d: Deployment,
    selector: Selector,
    /// The pod template, compared with each ReplicaSet's (EqualIgnoreHash).
    template: Value,
    /// The ReplicaSets this Deployment owns, oldest first, as this sync has changed them.
    rss: Vec<ReplicaSet>,
    /// Each ReplicaSet's spec.replicas when the sync started: upstream's calculateStatus
    /// reads the ReplicaSet objects the sync began with (scaling returns new copies that
    /// rolloutRolling, rolloutRecreate and scale do not put back), so a sync that scaled
    /// reports unavailableReplicas from the old sizes.
    start_replicas: BTreeMap<String, i32>,
    decision: Decision,
    key: String,
}

impl<'a> Sync<'a> {
    fn new(d: &'a Deployment, view: &View<'a>, selector: Selector) -> Sync<'a> {
        Sync {
            store: view.store,
            now: view.now,
            original: d,
            d: d.clone(),
            selector,
            template: util::semantic_template(&d.spec.template),
            rss: Vec::new(),
            start_replicas: BTreeMap::new(),
            decision: Decision::default(),
            key: format!("deployment/{}", d.metadata.name_or_empty()),
        }
    }

    fn namespace(&self) -> &str {
        self.d.metadata.namespace.as_deref().unwrap_or("default")
    }

    fn name(&self) -> &str {
        self.d.metadata.name_or_empty()
    }

    /// `syncDeployment` after the Deployment was read.
    fn sync_deployment(&mut self) {
        if is_everything(self.d.spec.selector.as_ref()) {
            self.selecting_all();
            return;
        }
        self.claim_replica_sets();
        if self.d.metadata.deletion_timestamp.is_some() {
            let _ = self.sync_status_only();
            return;
        }
        self.check_paused_conditions();
        if self.d.spec.paused == Some(true) {
            let _ = self.sync();
            return;
        }
        match self.is_scaling_event() {
            Err(Stop) => return,
            Ok(true) => {
                let _ = self.sync();
                return;
            }
            Ok(false) => {}
        }
        let _ = match util::strategy_type(&self.d) {
            "Recreate" => self.rollout_recreate(),
            "RollingUpdate" => self.rollout_rolling(),
            _ => Ok(()),
        };
    }

    /// An empty selector would take every pod of the namespace: refuse, say why, and only
    /// mark the generation as seen.
    fn selecting_all(&mut self) {
        let generation = self.d.metadata.generation.unwrap_or(0);
        let status = self.d.status.get_or_insert_with(Default::default);
        if status.observed_generation.unwrap_or(0) >= generation {
            return;
        }
        status.observed_generation = Some(generation);
        let key = self.key.clone();
        self.decision.actions.push(
            Action::new(
                Change::UpdateStatus(Object::Deployment(self.d.clone())),
                Text::new(
                    format!("{key} selects every pod (its selector is empty); it does nothing until it gets a selector"),
                    format!("{key}의 셀렉터가 비어 있어 모든 Pod를 고르게 되므로 셀렉터가 생길 때까지 아무것도 하지 않습니다"),
                ),
            )
            .with_event(
                EventType::Warning,
                "SelectingAll",
                "This deployment is selecting all pods. A non-empty selector is required.".into(),
            ),
        );
    }

    /// getReplicaSetsForDeployment: ClaimReplicaSets adopts orphans whose labels match the
    /// selector and releases owned ReplicaSets whose labels stopped matching.
    fn claim_replica_sets(&mut self) {
        let uid = self.d.metadata.uid.clone().unwrap_or_default();
        let deleting = self.d.metadata.deletion_timestamp.is_some();
        let namespace = self.namespace().to_string();
        let mut owned = Vec::new();
        for obj in self.store.list("ReplicaSet") {
            let Object::ReplicaSet(rs) = obj else {
                continue;
            };
            if rs.metadata.namespace.as_deref().unwrap_or("default") != namespace {
                continue;
            }
            let labels = rs.metadata.labels.clone().unwrap_or_default();
            let matches = self.selector.matches(&labels);
            let rs_key = format!("replicaset/{}", rs.metadata.name_or_empty());
            match controller_of(&rs.metadata) {
                Some(r) if r.uid == uid => {
                    if matches || deleting {
                        owned.push(rs.clone());
                    } else {
                        let mut released = rs.clone();
                        if let Some(refs) = released.metadata.owner_references.as_mut() {
                            refs.retain(|r| r.uid != uid);
                        }
                        self.decision.actions.push(Action::new(
                            Change::Update(Object::ReplicaSet(released)),
                            Text::new(
                                format!("{rs_key}'s labels no longer match the selector of {}: release it", self.key),
                                format!("{rs_key}의 레이블이 더 이상 {}의 셀렉터와 맞지 않으므로 놓아줍니다", self.key),
                            ),
                        ));
                    }
                }
                None if matches && !deleting => {
                    let mut adopted = rs.clone();
                    adopted
                        .metadata
                        .owner_references
                        .get_or_insert_with(Vec::new)
                        .push(self.owner_ref());
                    self.decision.actions.push(Action::new(
                        Change::Update(Object::ReplicaSet(adopted.clone())),
                        Text::new(
                            format!("{rs_key} has no controller and its labels match the selector of {}: adopt it", self.key),
                            format!("{rs_key}은(는) 컨트롤러가 없고 레이블이 {}의 셀렉터와 맞으므로 입양합니다", self.key),
                        ),
                    ));
                    owned.push(adopted);
                }
                _ => {}
            }
        }
        owned.sort_by(util::by_creation);
        self.start_replicas = owned
            .iter()
            .map(|rs| {
                (
                    rs.metadata.name_or_empty().to_string(),
                    util::rs_replicas(rs),
                )
            })
            .collect();
        self.rss = owned;
    }

    /// The controller reference a Deployment puts on its ReplicaSets.
    fn owner_ref(&self) -> OwnerReference {
        OwnerReference {
            api_version: "apps/v1".into(),
            kind: "Deployment".into(),
            name: self.name().to_string(),
            uid: self.d.metadata.uid.clone().unwrap_or_default(),
            controller: Some(true),
            block_owner_deletion: Some(true),
        }
    }

    fn rs_key(&self, i: usize) -> String {
        format!("replicaset/{}", self.rss[i].metadata.name_or_empty())
    }

    /// Writes what changed in the Deployment's status or annotations, once, last.
    fn finish(mut self) -> Decision {
        let changed = self.d.status != self.original.status
            || self.d.metadata.annotations != self.original.metadata.annotations;
        let already = self
            .decision
            .actions
            .iter()
            .any(|a| matches!(a.change, Change::UpdateStatus(_)));
        if changed && !already {
            let key = self.key.clone();
            self.decision.actions.push(Action::new(
                Change::UpdateStatus(Object::Deployment(self.d.clone())),
                Text::new(
                    format!("{key} reports what it observed"),
                    format!("{key}이(가) 관찰한 상태를 기록합니다"),
                ),
            ));
        }
        self.decision
    }
}

/// A selector that selects everything: present and empty.
fn is_everything(selector: Option<&LabelSelector>) -> bool {
    selector.is_some_and(|s| {
        s.match_labels.as_ref().is_none_or(|m| m.is_empty())
            && s.match_expressions.as_ref().is_none_or(|e| e.is_empty())
    })
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
