//! The object store: what the API server and etcd keep. It assigns uids, resource
//! versions and generations, and keeps objects in a deterministic order.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use crate::api::node::Node;
use crate::api::object::Object;
use crate::api::pod::Pod;

use super::clock::Time;
use super::rng::Rng;

/// Where an object lives: its kind, namespace ("" for cluster-scoped kinds) and name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

impl Key {
    pub fn new(kind: &str, namespace: &str, name: &str) -> Key {
        Key {
            kind: kind.to_string(),
            namespace: namespace.to_string(),
            name: name.to_string(),
        }
    }

    pub fn of(obj: &Object) -> Key {
        Key::new(obj.kind(), obj.namespace().unwrap_or(""), obj.name())
    }

    pub fn pod(namespace: &str, name: &str) -> Key {
        Key::new("Pod", namespace, name)
    }

    pub fn node(name: &str) -> Key {
        Key::new("Node", "", name)
    }
}

impl fmt::Display for Key {
    /// kubectl's `kind/name` form, e.g. `pod/web-abcde`, `replicaset/web`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind.to_lowercase(), self.name)
    }
}

/// Why the store refused a write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("{0} already exists")]
    AlreadyExists(Key),
    #[error("{0} not found")]
    NotFound(Key),
}

/// All objects of a simulation, ordered by kind, namespace and name.
#[derive(Debug, Clone, Default)]
pub struct Store {
    objects: BTreeMap<Key, Object>,
    resource_version: u64,
    /// Pods by the uid of their controller ("" for pods without one), kept up to date on
    /// every write, so that a controller reads its own pods (and the orphans it may adopt)
    /// without walking every pod of the cluster in every reconcile round.
    pods_by_controller: HashMap<String, BTreeSet<Key>>,
    /// Pods by the node they are bound to (`spec.nodeName`), for node removal and the
    /// scheduler's per-node cache.
    pods_by_node: HashMap<String, BTreeSet<Key>>,
    /// Every object by its uid, and the objects that name each uid as an owner: the
    /// garbage collector's graph (pkg/controller/garbagecollector/graph.go `uidToNode`),
    /// so that an owner's removal costs what it owns, not a walk over the store.
    by_uid: HashMap<String, Key>,
    dependents: HashMap<String, BTreeSet<Key>>,
    /// Objects removed so far; the uids removed and the keys written with owner
    /// references since the garbage collector last looked.
    removals: u64,
    removed_uids: Vec<String>,
    owned_writes: Vec<Key>,
    /// Writes (puts and removals) so far, and the last of them that touched each kind and
    /// each controller's pods: a cheap way to tell that what a reconcile reads is unchanged.
    writes: u64,
    kind_stamps: HashMap<String, u64>,
    pod_stamps: HashMap<String, u64>,
    /// Every write with its resourceVersion, for watches (off unless served).
    pub feed: super::feed::ChangeFeed,
}

/// The node a pod is bound to; `None` for unbound pods and other kinds.
fn bound_node(obj: &Object) -> Option<&str> {
    match obj {
        Object::Pod(p) => p.spec.node_name.as_deref(),
        _ => None,
    }
}

/// The controller uid a pod is indexed under ("" for none); `None` for other kinds.
fn controller_uid(obj: &Object) -> Option<&str> {
    match obj {
        Object::Pod(p) => Some(p.metadata.controller_ref().map_or("", |r| r.uid.as_str())),
        _ => None,
    }
}

impl Store {
    pub fn get(&self, key: &Key) -> Option<&Object> {
        self.objects.get(key)
    }

    pub fn contains(&self, key: &Key) -> bool {
        self.objects.contains_key(key)
    }

    pub fn len(&self) -> usize {
        self.objects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// Every object of one kind, in namespace and name order.
    pub fn list<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Object> + 'a {
        let start = Key::new(kind, "", "");
        self.objects
            .range(start..)
            .take_while(move |(k, _)| k.kind == kind)
            .map(|(_, o)| o)
    }

    pub fn all(&self) -> impl Iterator<Item = &Object> {
        self.objects.values()
    }

    pub fn pods(&self) -> impl Iterator<Item = &Pod> {
        self.list("Pod").filter_map(|o| match o {
            Object::Pod(p) => Some(p),
            _ => None,
        })
    }

    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.list("Node").filter_map(|o| match o {
            Object::Node(n) => Some(n),
            _ => None,
        })
    }

    /// The pods whose controller has this uid, in namespace and name order; `""` gives the
    /// pods without a controller (the orphans a controller may adopt).
    pub fn pods_controlled_by<'a>(&'a self, uid: &str) -> impl Iterator<Item = &'a Pod> + 'a {
        self.pods_by_controller
            .get(uid)
            .into_iter()
            .flatten()
            .filter_map(|k| match self.objects.get(k) {
                Some(Object::Pod(p)) => Some(p),
                _ => None,
            })
    }

    /// How many writes (puts and removals) the store has taken so far.
    pub fn writes(&self) -> u64 {
        self.writes
    }

    /// The last write to an object of `kind` (0 if none so far).
    pub fn kind_stamp(&self, kind: &str) -> u64 {
        self.kind_stamps.get(kind).copied().unwrap_or(0)
    }

    /// The last write to a pod controlled by `uid` (`""`: a pod without a controller),
    /// counting a pod that joins or leaves the controller (0 if none so far).
    pub fn pods_stamp(&self, uid: &str) -> u64 {
        self.pod_stamps.get(uid).copied().unwrap_or(0)
    }

    /// Records a write to `obj`, which was indexed under `old_uid` before it.
    fn stamp(&mut self, obj: &Object, old_uid: Option<&str>) {
        self.writes += 1;
        let at = self.writes;
        set_stamp(&mut self.kind_stamps, obj.kind(), at);
        for uid in [controller_uid(obj), old_uid].into_iter().flatten() {
            set_stamp(&mut self.pod_stamps, uid, at);
        }
    }

    /// The object with this uid, if it exists.
    pub fn get_by_uid(&self, uid: &str) -> Option<&Object> {
        self.by_uid.get(uid).and_then(|k| self.objects.get(k))
    }

    /// Whether an object with this uid exists.
    pub fn has_uid(&self, uid: &str) -> bool {
        self.by_uid.contains_key(uid)
    }

    /// The keys of the pods bound to the node `name`, in key order.
    pub fn pods_on_node<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Key> + 'a {
        self.pods_by_node.get(name).into_iter().flatten()
    }

    /// The keys of the objects with an owner reference to `uid`, in key order.
    pub fn dependents_of<'a>(&'a self, uid: &str) -> impl Iterator<Item = &'a Key> + 'a {
        self.dependents.get(uid).into_iter().flatten()
    }

    /// The uids removed since the last call.
    pub fn take_removed_uids(&mut self) -> Vec<String> {
        std::mem::take(&mut self.removed_uids)
    }

    /// How many objects were removed so far.
    pub fn removals(&self) -> u64 {
        self.removals
    }

    /// The keys written with owner references since the last call.
    pub(crate) fn take_owned_writes(&mut self) -> Vec<Key> {
        std::mem::take(&mut self.owned_writes)
    }

    /// Puts `obj` at `key`, keeping the controller index in step with it.
    fn put(&mut self, key: Key, obj: Object) {
        if obj
            .metadata()
            .owner_references
            .as_ref()
            .is_some_and(|r| !r.is_empty())
        {
            self.owned_writes.push(key.clone());
        }
        let old = self.objects.get(&key);
        let old_uid = old.and_then(controller_uid).map(str::to_string);
        let old_owners = old.map(owner_uids).unwrap_or_default();
        let new_owners = owner_uids(&obj);
        if old_owners != new_owners {
            for uid in &old_owners {
                remove_from(&mut self.dependents, uid, &key);
            }
            for uid in new_owners {
                self.dependents
                    .entry(uid.to_string())
                    .or_default()
                    .insert(key.clone());
            }
        }
        let old_node = old.and_then(bound_node);
        let new_node = bound_node(&obj);
        if old_node != new_node {
            if let Some(n) = old_node {
                remove_from(&mut self.pods_by_node, n, &key);
            }
            if let Some(n) = new_node {
                self.pods_by_node
                    .entry(n.to_string())
                    .or_default()
                    .insert(key.clone());
            }
        }
        let old_identity = old.and_then(|o| o.metadata().uid.clone());
        let new_identity = obj.metadata().uid.as_deref();
        if old_identity.as_deref() != new_identity {
            if let Some(uid) = old_identity.as_deref() {
                if self.by_uid.get(uid) == Some(&key) {
                    self.by_uid.remove(uid);
                }
            }
        }
        if let Some(uid) = new_identity {
            if !self.by_uid.contains_key(uid) {
                self.by_uid.insert(uid.to_string(), key.clone());
            }
        }
        self.stamp(&obj, old_uid.as_deref());
        self.feed_put(&key, &obj);
        let new_uid = controller_uid(&obj);
        if new_uid != old_uid.as_deref() {
            if let Some(old) = &old_uid {
                self.unindex(old, &key);
            }
            if let Some(new) = new_uid {
                self.pods_by_controller
                    .entry(new.to_string())
                    .or_default()
                    .insert(key.clone());
            }
        }
        self.objects.insert(key, obj);
    }

    fn unindex(&mut self, uid: &str, key: &Key) {
        remove_from(&mut self.pods_by_controller, uid, key);
    }

    /// The resourceVersion of the last write (what a list reports).
    pub fn resource_version(&self) -> u64 {
        self.resource_version
    }

    fn feed_put(&mut self, key: &Key, obj: &Object) {
        if self.feed.is_enabled() {
            let change = if self.objects.contains_key(key) {
                super::feed::ChangeType::Modified
            } else {
                super::feed::ChangeType::Added
            };
            self.feed.record(self.resource_version, change, obj);
        }
    }

    /// A served store gives a removal a resourceVersion of its own, as etcd does, so that a
    /// watch tells it apart from the write before it.
    fn feed_removal(&mut self, obj: &Object) {
        if self.feed.is_enabled() {
            self.resource_version += 1;
            let mut gone = obj.clone();
            gone.metadata_mut().resource_version = Some(self.resource_version.to_string());
            let rv = self.resource_version;
            self.feed
                .record(rv, super::feed::ChangeType::Deleted, &gone);
        }
    }

    fn next_version(&mut self) -> String {
        self.resource_version += 1;
        self.resource_version.to_string()
    }

    /// Creates an object as the API server does: uid, creationTimestamp, resourceVersion and
    /// generation 1 are set; `generateName` is turned into a name with a seeded suffix.
    pub fn create(&mut self, mut obj: Object, now: Time, rng: &mut Rng) -> Result<Key, StoreError> {
        let version = self.next_version();
        if let Object::DaemonSet(ds) = &mut obj {
            super::strategy::set_template_generation(ds, None);
        }
        if obj.metadata().name.as_deref().unwrap_or("").is_empty() {
            // The API server retries a generated name that is taken (RetryGenerateName,
            // GA in v1.32), up to 8 attempts.
            let base = obj.metadata().generate_name.clone().unwrap_or_default();
            for _ in 0..8 {
                let name = rng.generate_name(&base);
                obj.metadata_mut().name = Some(name);
                if !self.objects.contains_key(&Key::of(&obj)) {
                    break;
                }
            }
        }
        let meta = obj.metadata_mut();
        meta.uid = Some(new_uid(rng));
        meta.creation_timestamp = Some(now.to_rfc3339());
        meta.resource_version = Some(version);
        meta.generation = Some(1);
        let key = Key::of(&obj);
        if self.objects.contains_key(&key) {
            return Err(StoreError::AlreadyExists(key));
        }
        self.put(key.clone(), obj);
        Ok(key)
    }

    /// Puts an object in as given (for a view built from objects a caller supplies), only
    /// filling in a missing uid; replaces any object with the same key.
    pub fn insert(&mut self, mut obj: Object, rng: &mut Rng) -> Key {
        if obj.metadata().uid.is_none() {
            obj.metadata_mut().uid = Some(new_uid(rng));
        }
        let key = Key::of(&obj);
        self.put(key.clone(), obj);
        key
    }

    /// Replaces an object. The generation moves on when anything but status and
    /// metadata changed, as the registry strategies' PrepareForUpdate do.
    pub fn update(&mut self, mut obj: Object) -> Result<(), StoreError> {
        let key = Key::of(&obj);
        let Some(old) = self.objects.get(&key) else {
            return Err(StoreError::NotFound(key));
        };
        let generation = old.metadata().generation.unwrap_or(1);
        let spec_changed = spec_of(old) != spec_of(&obj);
        if let (Object::DaemonSet(before), Object::DaemonSet(ds)) = (old, &mut obj) {
            super::strategy::set_template_generation(ds, Some(before));
        }
        let version = self.next_version();
        let meta = obj.metadata_mut();
        meta.resource_version = Some(version);
        meta.generation = Some(if spec_changed {
            generation + 1
        } else {
            generation
        });
        self.put(key, obj);
        Ok(())
    }

    /// Replaces an object whose spec did not change (a status or metadata write), without
    /// the cost of comparing specs.
    pub fn update_status(&mut self, mut obj: Object) -> Result<(), StoreError> {
        let key = Key::of(&obj);
        if !self.objects.contains_key(&key) {
            return Err(StoreError::NotFound(key));
        }
        let version = self.next_version();
        obj.metadata_mut().resource_version = Some(version);
        self.put(key, obj);
        Ok(())
    }

    pub fn remove(&mut self, key: &Key) -> Option<Object> {
        let obj = self.objects.remove(key)?;
        self.feed_removal(&obj);
        self.removals += 1;
        self.stamp(&obj, None);
        for uid in owner_uids(&obj) {
            remove_from(&mut self.dependents, uid, key);
        }
        if let Some(n) = bound_node(&obj) {
            remove_from(&mut self.pods_by_node, n, key);
        }
        if let Some(uid) = obj.metadata().uid.as_deref() {
            if self.by_uid.get(uid) == Some(key) {
                self.by_uid.remove(uid);
            }
            self.removed_uids.push(uid.to_string());
        }
        if let Some(uid) = controller_uid(&obj).map(str::to_string) {
            self.unindex(&uid, key);
        }
        Some(obj)
    }

    /// Applies `f` to the object at `key` and stores the result (a no-op if it is gone).
    pub fn modify(&mut self, key: &Key, f: impl FnOnce(&mut Object)) -> Result<(), StoreError> {
        let Some(mut obj) = self.objects.get(key).cloned() else {
            return Err(StoreError::NotFound(key.clone()));
        };
        f(&mut obj);
        self.update(obj)
    }
}

/// The uids an object names in its owner references, sorted and without repeats.
fn owner_uids(obj: &Object) -> Vec<&str> {
    let mut uids: Vec<&str> = obj
        .metadata()
        .owner_references
        .iter()
        .flatten()
        .map(|r| r.uid.as_str())
        .collect();
    uids.sort_unstable();
    uids.dedup();
    uids
}

/// Takes `key` out of the set at `index[uid]`, dropping the set when it empties.
fn remove_from(index: &mut HashMap<String, BTreeSet<Key>>, uid: &str, key: &Key) {
    if let Some(set) = index.get_mut(uid) {
        set.remove(key);
        if set.is_empty() {
            index.remove(uid);
        }
    }
}

/// Sets `stamps[key]` to `at`, allocating the key only the first time.
fn set_stamp(stamps: &mut HashMap<String, u64>, key: &str, at: u64) {
    match stamps.get_mut(key) {
        Some(v) => *v = at,
        None => {
            stamps.insert(key.to_string(), at);
        }
    }
}

/// The spec part of an object, which drives metadata.generation.
fn spec_of(obj: &Object) -> serde_json::Value {
    obj.to_json().get("spec").cloned().unwrap_or_default()
}

/// A random version-4 UUID from the simulation's seeded generator.
fn new_uid(rng: &mut Rng) -> String {
    let a = rng.next_u64();
    let b = rng.next_u64();
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        ((b >> 48) & 0x3fff) | 0x8000,
        b & 0xffff_ffff_ffff
    )
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
    fn create_sets_identity_and_refuses_duplicates() {
        let mut store = Store::default();
        let mut rng = Rng::new(1);
        let key = store
            .create(pod("a"), Time::DEFAULT_START, &mut rng)
            .unwrap();
        let meta = store.get(&key).unwrap().metadata().clone();
        assert_eq!(meta.generation, Some(1));
        assert_eq!(meta.resource_version.as_deref(), Some("1"));
        assert_eq!(
            meta.creation_timestamp.as_deref(),
            Some("2026-01-01T00:00:00Z")
        );
        assert_eq!(meta.uid.as_deref().map(str::len), Some(36));
        assert_eq!(
            store.create(pod("a"), Time::DEFAULT_START, &mut rng),
            Err(StoreError::AlreadyExists(key))
        );
    }

    #[test]
    fn generate_name_gets_a_seeded_suffix() {
        let names = |seed| {
            let mut store = Store::default();
            let mut rng = Rng::new(seed);
            let mut p = pod("");
            p.metadata_mut().generate_name = Some("web-".into());
            store.create(p, Time::DEFAULT_START, &mut rng).unwrap().name
        };
        assert_eq!(names(5), names(5));
        assert!(names(5).starts_with("web-"));
    }

    #[test]
    fn generation_moves_only_with_the_spec() {
        let mut store = Store::default();
        let mut rng = Rng::new(1);
        let key = store
            .create(pod("a"), Time::DEFAULT_START, &mut rng)
            .unwrap();
        store
            .modify(&key, |o| {
                o.metadata_mut().labels = Some([("x".into(), "y".into())].into());
            })
            .unwrap();
        assert_eq!(store.get(&key).unwrap().metadata().generation, Some(1));
        store
            .modify(&key, |o| {
                if let Object::Pod(p) = o {
                    p.spec.containers[0].image = Some("nginx:2".into());
                }
            })
            .unwrap();
        assert_eq!(store.get(&key).unwrap().metadata().generation, Some(2));
        assert_eq!(
            store
                .get(&key)
                .unwrap()
                .metadata()
                .resource_version
                .as_deref(),
            Some("3")
        );
    }

    #[test]
    fn pods_are_indexed_by_controller() {
        let mut store = Store::default();
        let mut rng = Rng::new(1);
        let owned = |name: &str, uid: &str| {
            let mut p = pod(name);
            p.metadata_mut().owner_references = Some(vec![crate::api::meta::OwnerReference {
                uid: uid.into(),
                controller: Some(true),
                ..Default::default()
            }]);
            p
        };
        let names = |store: &Store, uid: &str| -> Vec<String> {
            store
                .pods_controlled_by(uid)
                .map(|p| p.metadata.name.clone().unwrap())
                .collect()
        };
        store
            .create(owned("b", "u1"), Time::DEFAULT_START, &mut rng)
            .unwrap();
        store
            .create(owned("a", "u1"), Time::DEFAULT_START, &mut rng)
            .unwrap();
        store
            .create(pod("c"), Time::DEFAULT_START, &mut rng)
            .unwrap();
        store.insert(owned("d", "u2"), &mut rng);
        assert_eq!(names(&store, "u1"), ["a", "b"]);
        assert_eq!(names(&store, ""), ["c"]);
        assert_eq!(names(&store, "u2"), ["d"]);
        // Adoption, release and a change of controller move the pod in the index.
        store.update(owned("c", "u2")).unwrap();
        store.update_status(pod("a")).unwrap();
        store
            .modify(&Key::pod("default", "b"), |o| {
                o.metadata_mut().owner_references = None;
            })
            .unwrap();
        assert_eq!(names(&store, "u1"), Vec::<String>::new());
        assert_eq!(names(&store, ""), ["a", "b"]);
        assert_eq!(names(&store, "u2"), ["c", "d"]);
        store.remove(&Key::pod("default", "d"));
        assert_eq!(names(&store, "u2"), ["c"]);
        assert!(!store.pods_by_controller.contains_key("u1"));

        // Stamps: a write moves the stamps of the pod's controller before and after it,
        // and of its kind; nothing else.
        let before = |s: &Store| (s.pods_stamp("u1"), s.pods_stamp("u2"), s.pods_stamp(""));
        let (u1, u2, orphans) = before(&store);
        let nodes = store.kind_stamp("Node");
        store.update_status(owned("c", "u2")).unwrap();
        assert_eq!(store.pods_stamp("u1"), u1);
        assert!(store.pods_stamp("u2") > u2);
        assert_eq!(store.pods_stamp(""), orphans);
        assert_eq!(store.kind_stamp("Node"), nodes);
        let (u1, u2, orphans) = before(&store);
        store.update(owned("a", "u1")).unwrap();
        assert!(store.pods_stamp("u1") > u1 && store.pods_stamp("") > orphans);
        assert_eq!(store.pods_stamp("u2"), u2);
        let (u1, _, _) = before(&store);
        store.remove(&Key::pod("default", "a"));
        assert!(store.pods_stamp("u1") > u1);
        assert_eq!(store.kind_stamp("Pod"), store.pods_stamp("u1"));
    }

    #[test]
    fn dependents_and_uids_are_indexed() {
        let mut store = Store::default();
        let mut rng = Rng::new(1);
        let owned = |name: &str, uids: &[&str]| {
            let mut p = pod(name);
            p.metadata_mut().owner_references = Some(
                uids.iter()
                    .map(|u| crate::api::meta::OwnerReference {
                        uid: (*u).into(),
                        ..Default::default()
                    })
                    .collect(),
            );
            p
        };
        let deps = |store: &Store, uid: &str| -> Vec<String> {
            store.dependents_of(uid).map(|k| k.name.clone()).collect()
        };
        let a = store
            .create(
                owned("b", &["u1", "u2", "u1"]),
                Time::DEFAULT_START,
                &mut rng,
            )
            .unwrap();
        store
            .create(owned("a", &["u1"]), Time::DEFAULT_START, &mut rng)
            .unwrap();
        assert_eq!(deps(&store, "u1"), ["a", "b"]);
        assert_eq!(deps(&store, "u2"), ["b"]);
        let uid = store.get(&a).unwrap().metadata().uid.clone().unwrap();
        assert!(store.has_uid(&uid));
        assert_eq!(Key::of(store.get_by_uid(&uid).unwrap()), a);
        // A write that changes the owners moves the object in the index.
        store
            .modify(&a, |o| {
                o.metadata_mut().owner_references = None;
            })
            .unwrap();
        assert_eq!(deps(&store, "u1"), ["a"]);
        assert!(!store.dependents.contains_key("u2"));
        store.remove(&Key::pod("default", "a"));
        store.remove(&a);
        assert!(store.dependents.is_empty() && store.by_uid.is_empty());
        // Pods by node follow binding and removal.
        let mut bound = pod("x");
        if let Object::Pod(p) = &mut bound {
            p.spec.node_name = Some("n1".into());
        }
        let x = store.insert(bound, &mut rng);
        assert_eq!(store.pods_on_node("n1").collect::<Vec<_>>(), [&x]);
        store.remove(&x);
        assert!(store.pods_by_node.is_empty());
        assert!(!store.has_uid(&uid));
        assert_eq!(store.take_removed_uids().len(), 3);
        assert!(store.take_removed_uids().is_empty());
    }

    #[test]
    fn lists_by_kind_in_order() {
        let mut store = Store::default();
        let mut rng = Rng::new(1);
        for n in ["b", "a", "c"] {
            store.create(pod(n), Time::DEFAULT_START, &mut rng).unwrap();
        }
        let names: Vec<_> = store
            .pods()
            .map(|p| p.metadata.name.clone().unwrap())
            .collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(store.list("Node").count(), 0);
    }
}
