//! ControllerRevisions of a StatefulSet (pkg/controller/history/controller_history.go and
//! getPatch/newRevision/ApplyRevision/nextRevision in stateful_set_utils.go).
//!
//! kubesim keeps revisions as real objects in the store: `ControllerRevision` (apps/v1)
//! held as [`Object::Other`], so `c.objects("ControllerRevision")` lists them and
//! `kubectl rollout history` reads them, as on a cluster.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::utils::{set_name, set_namespace, set_owner_ref};
use crate::api::meta::ObjectMeta;
use crate::api::object::{Object, Unstructured};
use crate::api::pod::PodTemplateSpec;
use crate::api::statefulset::StatefulSet;
use crate::controllers::podutil::{controller_of, created_at};
use crate::selector::Selector;
use crate::state::store::Store;

/// The kind revisions are stored under.
pub const KIND: &str = "ControllerRevision";
/// `ControllerRevisionHashLabel`: the hash of a revision's data.
pub const HASH_LABEL: &str = "controller.kubernetes.io/hash";

/// One ControllerRevision as the controller reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub name: String,
    pub revision: i64,
    pub hash: Option<String>,
    /// The patch (`{"spec":{"template":{..., "$patch":"replace"}}}`).
    pub data: Value,
    pub meta: ObjectMeta,
}

impl Revision {
    /// Reads a stored ControllerRevision; `None` for anything else.
    pub fn from_object(obj: &Object) -> Option<Revision> {
        let Object::Other(u) = obj else {
            return None;
        };
        if u.kind != KIND {
            return None;
        }
        Some(Revision {
            name: u.metadata.name.clone().unwrap_or_default(),
            revision: u.raw.get("revision").and_then(Value::as_i64).unwrap_or(0),
            hash: u.metadata.label(HASH_LABEL).map(str::to_string),
            data: u.raw.get("data").cloned().unwrap_or(Value::Null),
            meta: u.metadata.clone(),
        })
    }

    /// The pod template this revision restores (`ApplyRevision`), if its data holds one.
    pub fn template(&self) -> Option<PodTemplateSpec> {
        let mut template = self.data.get("spec")?.get("template")?.clone();
        if let Some(map) = template.as_object_mut() {
            map.remove("$patch");
        }
        // Undo the two Go encoding quirks `patch` adds, so a template round-trips.
        if let Some(meta) = template.get_mut("metadata").and_then(Value::as_object_mut) {
            if meta.get("creationTimestamp") == Some(&Value::Null) {
                meta.remove("creationTimestamp");
            }
        }
        if let Some(spec) = template.get_mut("spec").and_then(Value::as_object_mut) {
            for list in ["containers", "initContainers"] {
                for c in spec
                    .get_mut(list)
                    .and_then(Value::as_array_mut)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_object_mut)
                {
                    if c.get("resources")
                        .is_some_and(|r| r.as_object().is_some_and(Map::is_empty))
                    {
                        c.remove("resources");
                    }
                }
            }
        }
        serde_json::from_value(template).ok()
    }

    /// The stored object with `revision` set to `number`.
    pub fn with_number(&self, number: i64) -> Object {
        to_object(&self.meta, &self.data, number)
    }
}

fn to_object(meta: &ObjectMeta, data: &Value, number: i64) -> Object {
    let mut raw = Map::new();
    raw.insert("apiVersion".into(), "apps/v1".into());
    raw.insert("kind".into(), KIND.into());
    raw.insert(
        "metadata".into(),
        serde_json::to_value(meta).unwrap_or(Value::Null),
    );
    raw.insert("data".into(), data.clone());
    raw.insert("revision".into(), number.into());
    Object::Other(Unstructured {
        api_version: "apps/v1".into(),
        kind: KIND.into(),
        metadata: meta.clone(),
        raw: Value::Object(raw),
    })
}

/// `ListControllerRevisions` + `SortControllerRevisions`: the revisions in the set's
/// namespace that match its selector and are owned by it or by no controller, by
/// revision number, then age, then name.
pub fn list(set: &StatefulSet, selector: &Selector, store: &Store) -> Vec<Revision> {
    let namespace = set_namespace(set);
    let uid = set.metadata.uid.as_deref().unwrap_or("");
    let mut revisions: Vec<Revision> = store
        .list(KIND)
        .filter(|o| o.namespace().unwrap_or("default") == namespace)
        .filter(|o| selector.matches(&o.metadata().labels.clone().unwrap_or_default()))
        .filter(|o| controller_of(o.metadata()).is_none_or(|r| r.uid == uid))
        .filter_map(Revision::from_object)
        .collect();
    revisions.sort_by(compare);
    revisions
}

fn compare(a: &Revision, b: &Revision) -> Ordering {
    a.revision
        .cmp(&b.revision)
        .then_with(|| created_at(&a.meta).cmp(&created_at(&b.meta)))
        .then_with(|| a.name.cmp(&b.name))
}

/// `nextRevision`: one more than the highest revision number (1 for the first).
pub fn next_revision(revisions: &[Revision]) -> i64 {
    revisions.last().map_or(1, |r| r.revision + 1)
}

/// `getPatch`: the data of a revision, which replaces the whole pod template when
/// applied. Go marshals it from a map, so keys come out sorted at every level; the
/// template carries `creationTimestamp: null` and `resources: {}` as Go encodes them.
pub fn patch(set: &StatefulSet) -> Value {
    let mut template = serde_json::to_value(&set.spec.template).unwrap_or(Value::Null);
    if let Some(meta) = template.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.entry("creationTimestamp").or_insert(Value::Null);
    }
    if let Some(spec) = template.get_mut("spec").and_then(Value::as_object_mut) {
        for list in ["containers", "initContainers"] {
            for c in spec
                .get_mut(list)
                .and_then(Value::as_array_mut)
                .into_iter()
                .flatten()
            {
                if let Some(c) = c.as_object_mut() {
                    c.entry("resources")
                        .or_insert_with(|| Value::Object(Map::new()));
                }
            }
        }
    }
    if let Some(t) = template.as_object_mut() {
        t.insert("$patch".into(), "replace".into());
    }
    sort_keys(serde_json::json!({ "spec": { "template": template } }))
}

fn sort_keys(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let sorted: BTreeMap<String, Value> =
                map.into_iter().map(|(k, v)| (k, sort_keys(v))).collect();
            Value::Object(sorted.into_iter().collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sort_keys).collect()),
        other => other,
    }
}

/// FNV-1 (32-bit), as Go's `hash/fnv.New32`.
fn fnv1_32(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h = h.wrapping_mul(0x0100_0193);
        h ^= u32::from(*b);
    }
    h
}

/// `rand.SafeEncodeString`: maps each character onto consonants and digits that cannot
/// spell words.
pub fn safe_encode(s: &str) -> String {
    const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    s.chars()
        .map(|c| char::from(ALPHANUMS[(c as usize) % ALPHANUMS.len()]))
        .collect()
}

/// `HashControllerRevision`: FNV-1 over the data bytes, then the collision count.
pub fn hash(data: &Value, collision_count: Option<i32>) -> String {
    let mut bytes = serde_json::to_vec(data).unwrap_or_default();
    if let Some(probe) = collision_count {
        bytes.extend_from_slice(probe.to_string().as_bytes());
    }
    safe_encode(&fnv1_32(&bytes).to_string())
}

/// `newRevision` / `history.NewControllerRevision`: a revision of the set's current
/// template, named `<set>-<hash>`, labelled with the template's labels and the hash,
/// annotated with the set's annotations, owned by the set.
pub fn new_revision(set: &StatefulSet, number: i64, collision_count: i32) -> (Revision, Object) {
    let data = patch(set);
    let hash = hash(&data, Some(collision_count));
    let mut labels = set
        .spec
        .template
        .metadata
        .labels
        .clone()
        .unwrap_or_default();
    labels.insert(HASH_LABEL.into(), hash.clone());
    let name = format!("{}-{hash}", truncate(set_name(set), 223));
    let meta = ObjectMeta {
        name: Some(name.clone()),
        namespace: Some(set_namespace(set).to_string()),
        labels: Some(labels),
        annotations: set.metadata.annotations.clone().filter(|a| !a.is_empty()),
        owner_references: Some(vec![set_owner_ref(&set.metadata)]),
        ..ObjectMeta::default()
    };
    let object = to_object(&meta, &data, number);
    (
        Revision {
            name,
            revision: number,
            hash: Some(hash),
            data,
            meta,
        },
        object,
    )
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// `EqualRevision`: same hash label (when both have one) and the same data.
pub fn equal(a: &Revision, b: &Revision) -> bool {
    if let (Some(x), Some(y)) = (&a.hash, &b.hash) {
        if x != y {
            return false;
        }
    }
    a.data == b.data
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1_matches_go() {
        // Go: fnv.New32(); Write([]byte("")) / ("a") / ("foobar")
        assert_eq!(fnv1_32(b""), 0x811c_9dc5);
        assert_eq!(fnv1_32(b"a"), 0x050c_5d7e);
        assert_eq!(fnv1_32(b"foobar"), 0x31f0_b262);
    }

    #[test]
    fn safe_encode_maps_digits_to_letters() {
        // '0' is 48, 48 % 27 = 21 → '4'; '9' is 57, 57 % 27 = 3 → 'f'.
        assert_eq!(safe_encode("0123456789"), "456789bcdf");
    }

    #[test]
    fn patch_keys_are_sorted_and_replace_the_template() {
        let set: StatefulSet = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "web"},
            "spec": {"template": {"metadata": {"labels": {"b": "1", "a": "2"}},
                                  "spec": {"containers": [{"name": "n", "image": "nginx"}]}}}
        }))
        .unwrap_or_default();
        let text = serde_json::to_string(&patch(&set)).unwrap_or_default();
        assert_eq!(
            text,
            r#"{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"a":"2","b":"1"}},"spec":{"containers":[{"image":"nginx","name":"n","resources":{}}]}}}}"#
        );
        let (rev, _) = new_revision(&set, 1, 0);
        assert!(rev.name.starts_with("web-"));
        assert_eq!(rev.template(), Some(set.spec.template.clone()));
        let (again, _) = new_revision(&set, 2, 0);
        assert!(equal(&rev, &again), "the number does not change the data");
        let (collided, _) = new_revision(&set, 1, 1);
        assert_ne!(rev.name, collided.name);
    }
}
