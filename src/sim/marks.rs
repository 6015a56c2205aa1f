//! What a reconcile read, so that the engine can skip one whose inputs did not change.
//!
//! A controller is a pure function of what it reads and of the clock. When its last sync
//! wrote nothing but its own status, and nothing it reads has been written since (at the
//! same instant), a new sync would compute that same status and do nothing: the engine
//! leaves it out. Upstream, such a sync runs (the status write is an informer event) and
//! does nothing; leaving it out only saves a pass over every node and pod.
//!
//! Only DaemonSets are marked: their sync reads the DaemonSet, its own pods, the pods
//! without a controller (to adopt) and the nodes, all of which the store stamps.

use super::clock::Time;
use super::store::{Key, Store};
use crate::api::object::Object;
use crate::controllers::{Change, Decision};

/// The inputs of one reconcile, as the store stamps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputMark {
    resource_version: Option<String>,
    own_pods: u64,
    orphans: u64,
    nodes: u64,
    now: Time,
}

impl InputMark {
    /// The mark of `obj`'s inputs now, for the kinds whose inputs the store stamps.
    pub fn of(obj: &Object, store: &Store, now: Time) -> Option<InputMark> {
        let Object::DaemonSet(ds) = obj else {
            return None;
        };
        let meta = &ds.metadata;
        Some(InputMark {
            resource_version: meta.resource_version.clone(),
            own_pods: store.pods_stamp(meta.uid.as_deref().unwrap_or("")),
            orphans: store.pods_stamp(""),
            nodes: store.kind_stamp("Node"),
            now,
        })
    }
}

/// Whether a decision writes nothing but the status of the object at `key`, after which a
/// sync on unchanged inputs would decide nothing.
pub fn writes_only_own_status(decision: &Decision, key: &Key) -> bool {
    decision
        .actions
        .iter()
        .all(|a| matches!(&a.change, Change::UpdateStatus(o) if Key::of(o) == *key))
}
