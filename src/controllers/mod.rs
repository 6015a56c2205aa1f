//! The workload controllers, each a pure function: `reconcile(object, view) -> Decision`.
//!
//! A controller compares what an object asks for with what the view shows and returns the
//! changes that close the gap, each with a reason a student can read. It owns no state;
//! the simulator applies the changes, records events and moves the clock. Files are named
//! after their upstream twins in pkg/controller/.

pub mod cronjob;
pub mod daemonset;
pub mod deployment;
pub mod job;
pub mod podutil;
pub mod replicaset;
pub mod statefulset;

use serde_json::Value;

use crate::api::object::Object;
use crate::manifest::diagnostic::Text;
use crate::state::clock::{Duration, Time};
use crate::state::events::EventType;
use crate::state::store::{Key, Store};

/// What a controller sees: the cluster's objects at one instant.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    pub store: &'a Store,
    pub now: Time,
}

/// How dependents are treated when their owner is deleted (metav1.DeletionPropagation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Propagation {
    /// Delete the owner now and its dependents in the background (kubectl's default).
    #[default]
    Background,
    /// Delete the dependents first, then the owner.
    Foreground,
    /// Keep the dependents and remove their owner references.
    Orphan,
}

/// One change to the cluster.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Create an object; a `generateName` gets its suffix from the simulator.
    Create(Object),
    /// Replace an object's spec or metadata (scale, adopt, release, ...).
    Update(Object),
    /// Replace an object's status.
    UpdateStatus(Object),
    /// Delete an object.
    Delete { key: Key, propagation: Propagation },
}

/// An event a change should leave in `kubectl get events`, about the reconciled object.
/// `{name}` in the message is replaced by the name of the object a Create made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventNote {
    pub event_type: EventType,
    pub reason: &'static str,
    pub message: String,
}

/// A change and why the controller wants it.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub change: Change,
    pub reason: Text,
    pub event: Option<EventNote>,
}

impl Action {
    pub fn new(change: Change, reason: Text) -> Action {
        Action {
            change,
            reason,
            event: None,
        }
    }

    pub fn with_event(
        mut self,
        event_type: EventType,
        reason: &'static str,
        message: String,
    ) -> Action {
        self.event = Some(EventNote {
            event_type,
            reason,
            message,
        });
        self
    }

    /// The verb as `ks.reconcile` shows it: create, update, update-status or delete.
    pub fn verb(&self) -> &'static str {
        match self.change {
            Change::Create(_) => "create",
            Change::Update(_) => "update",
            Change::UpdateStatus(_) => "update-status",
            Change::Delete { .. } => "delete",
        }
    }

    /// The object acted on in kubectl's `kind/name` form (`pod/web-` for a generated name).
    pub fn target(&self) -> String {
        match &self.change {
            Change::Create(o) | Change::Update(o) | Change::UpdateStatus(o) => {
                let meta = o.metadata();
                let name = meta
                    .name
                    .clone()
                    .filter(|n| !n.is_empty())
                    .or_else(|| meta.generate_name.clone())
                    .unwrap_or_default();
                format!("{}/{}", o.kind().to_lowercase(), name)
            }
            Change::Delete { key, .. } => key.to_string(),
        }
    }

    /// The change's content: the object for create and update, its status for
    /// update-status, the propagation policy for delete.
    pub fn detail(&self) -> Value {
        match &self.change {
            Change::Create(o) | Change::Update(o) => o.to_json(),
            Change::UpdateStatus(o) => o.to_json().get("status").cloned().unwrap_or_default(),
            Change::Delete { propagation, .. } => {
                serde_json::json!({ "propagationPolicy": format!("{propagation:?}") })
            }
        }
    }
}

/// What one reconcile decided.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decision {
    pub actions: Vec<Action>,
    /// Reconcile again after this long even if nothing changes (e.g. minReadySeconds).
    pub requeue_after: Option<Duration>,
}

impl Decision {
    /// Keeps the earliest of two requeue requests.
    pub fn requeue(&mut self, after: Duration) {
        self.requeue_after = Some(self.requeue_after.map_or(after, |d| d.min(after)));
    }
}

/// Runs the controller of `obj`'s kind, if kubesim has one.
pub fn reconcile(obj: &Object, view: &View<'_>) -> Option<Decision> {
    match obj {
        Object::ReplicaSet(rs) => Some(replicaset::reconcile(rs, view)),
        Object::Deployment(d) => Some(deployment::reconcile(d, view)),
        Object::DaemonSet(ds) => Some(daemonset::reconcile(ds, view)),
        Object::Job(j) => Some(job::reconcile(j, view)),
        Object::CronJob(cj) => Some(cronjob::reconcile(cj, view)),
        Object::StatefulSet(set) => Some(statefulset::reconcile(set, view)),
        _ => None,
    }
}

/// [`reconcile`] as the simulator runs it: a controller that would sync again at once to
/// continue a burst its previous sync left unfinished does it in one go, because the
/// simulator observes its writes immediately (see [`daemonset::reconcile_observed`]).
pub fn reconcile_observed(obj: &Object, view: &View<'_>) -> Option<Decision> {
    match obj {
        Object::DaemonSet(ds) => Some(daemonset::reconcile_observed(ds, view)),
        _ => reconcile(obj, view),
    }
}

/// The kinds that have a controller, in the order the simulator runs them.
pub const CONTROLLED_KINDS: &[&str] = &[
    "CronJob",
    "Job",
    "Deployment",
    "ReplicaSet",
    "DaemonSet",
    "StatefulSet",
];
