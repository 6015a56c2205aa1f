//! The store's change feed: what a watch of the API server streams. Off by default (a
//! simulation run from Python or a test pays one branch per write); `kubesim serve` turns
//! it on, and from then on every write is kept, with its resourceVersion, in a bounded
//! ring. A watch older than the ring gets 410 Gone and lists again, as with etcd's
//! compaction (staging/src/k8s.io/apiserver/pkg/storage/cacher/watch_cache.go keeps a
//! bounded window the same way).

use std::collections::VecDeque;

use crate::api::object::Object;

/// How many changes the ring keeps.
pub const DEFAULT_CAPACITY: usize = 20_000;

/// What happened to an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeType {
    Added,
    Modified,
    Deleted,
}

impl ChangeType {
    /// The watch event type: `ADDED`, `MODIFIED`, `DELETED`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeType::Added => "ADDED",
            ChangeType::Modified => "MODIFIED",
            ChangeType::Deleted => "DELETED",
        }
    }
}

/// One write: the resourceVersion it made, its type and the object after it (before it,
/// for a deletion).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub resource_version: u64,
    pub change_type: ChangeType,
    pub object: Object,
}

/// The bounded ring of changes.
#[derive(Debug, Clone, Default)]
pub struct ChangeFeed {
    enabled: bool,
    capacity: usize,
    changes: VecDeque<Change>,
    /// The resourceVersion of the oldest change dropped from the ring (0: none dropped).
    dropped_up_to: u64,
}

/// Why a watch cannot resume from a resourceVersion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooOld {
    /// The oldest resourceVersion a watch can still start from.
    pub oldest: u64,
}

impl ChangeFeed {
    /// Starts keeping changes (a no-op if already on).
    pub fn enable(&mut self, capacity: usize) {
        if !self.enabled {
            self.enabled = true;
            self.capacity = capacity.max(1);
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Records a change when the feed is on.
    pub(crate) fn record(&mut self, resource_version: u64, change_type: ChangeType, obj: &Object) {
        if !self.enabled {
            return;
        }
        if self.changes.len() >= self.capacity {
            if let Some(old) = self.changes.pop_front() {
                self.dropped_up_to = old.resource_version;
            }
        }
        self.changes.push_back(Change {
            resource_version,
            change_type,
            object: obj.clone(),
        });
    }

    /// The changes made after `resource_version`, oldest first, or [`TooOld`] when some of
    /// them were already dropped from the ring.
    pub fn since(&self, resource_version: u64) -> Result<impl Iterator<Item = &Change>, TooOld> {
        if resource_version < self.dropped_up_to {
            return Err(TooOld {
                oldest: self.dropped_up_to,
            });
        }
        let start = self
            .changes
            .partition_point(|c| c.resource_version <= resource_version);
        Ok(self.changes.range(start..))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod(name: &str) -> Object {
        Object::from_json(json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": "default"},
            "spec": {"containers": [{"name": "c", "image": "nginx"}]}
        }))
        .unwrap()
    }

    #[test]
    fn off_by_default_and_bounded_when_on() {
        let mut feed = ChangeFeed::default();
        feed.record(1, ChangeType::Added, &pod("a"));
        assert_eq!(feed.since(0).unwrap().count(), 0);
        feed.enable(3);
        for rv in 2..=6 {
            feed.record(rv, ChangeType::Modified, &pod("a"));
        }
        let rvs: Vec<u64> = feed.since(3).unwrap().map(|c| c.resource_version).collect();
        assert_eq!(rvs, [4, 5, 6]);
        assert_eq!(feed.since(6).unwrap().count(), 0);
        assert_eq!(feed.since(2).err(), Some(TooOld { oldest: 3 }));
    }
}
