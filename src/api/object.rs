//! Any Kubernetes object: typed for the kinds kubesim simulates, unstructured otherwise.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use super::core::{PersistentVolumeClaim, Service};
use super::cronjob::CronJob;
use super::daemonset::DaemonSet;
use super::deployment::Deployment;
use super::job::Job;
use super::kinds::{resolve_kind, KindLookup, TypedKind};
use super::meta::ObjectMeta;
use super::node::Node;
use super::pod::Pod;
use super::replicaset::ReplicaSet;
use super::statefulset::StatefulSet;

/// An object of a kind kubesim does not simulate (ConfigMap, Secret, Ingress, a custom
/// resource, ...), kept as written. Its metadata is decoded so that names, namespaces and
/// labels work the same for every object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Unstructured {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    /// The whole object as given, apiVersion, kind and metadata included.
    pub raw: Value,
}

/// One Kubernetes object.
///
/// Variants are not boxed: every variant is a large struct (a Pod is ~1.3 KB, a CronJob
/// ~2 KB), so boxing would save little and cost an allocation and a `Box` in every match.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum Object {
    Pod(Pod),
    Node(Node),
    Service(Service),
    PersistentVolumeClaim(PersistentVolumeClaim),
    ReplicaSet(ReplicaSet),
    Deployment(Deployment),
    StatefulSet(StatefulSet),
    DaemonSet(DaemonSet),
    Job(Job),
    CronJob(CronJob),
    Other(Unstructured),
}

/// What kind of decoding problem happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeErrorKind {
    /// The document is not a mapping.
    NotAnObject,
    /// apiVersion or kind is missing or not a string.
    MissingTypeMeta,
    /// A field has the wrong type or a malformed value (quantity, int32, ...).
    InvalidField,
    /// The apiVersion/kind pair is no longer served.
    RemovedApiVersion {
        replacement: &'static str,
        removed_in: &'static str,
    },
    /// The kind lives in another group/version.
    WrongApiVersion { expected_api_version: &'static str },
}

/// Why an object could not be decoded, and where: `path` is a field path such as
/// `spec.template.spec.containers[0].resources.limits.cpu` ("" for the whole object).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub path: String,
    pub message: String,
    pub kind: DecodeErrorKind,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DecodeError {}

impl DecodeError {
    fn new(path: &str, message: impl Into<String>, kind: DecodeErrorKind) -> DecodeError {
        DecodeError {
            path: path.to_string(),
            message: message.into(),
            kind,
        }
    }
}

/// Decodes `value` into `T`, reporting the path of the first bad field under `prefix`.
/// JSON `null` means "unset" ([`without_nulls`](super::null::without_nulls)).
fn decode<T: DeserializeOwned>(value: Value, prefix: &str) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize(super::null::without_nulls(value)).map_err(|e| {
        let inner = e.path().to_string();
        let inner = if inner == "." { String::new() } else { inner };
        let path = match (prefix.is_empty(), inner.is_empty()) {
            (true, _) => inner,
            (false, true) => prefix.to_string(),
            (false, false) => format!("{prefix}.{inner}"),
        };
        DecodeError::new(
            &path,
            e.into_inner().to_string(),
            DecodeErrorKind::InvalidField,
        )
    })
}

fn type_meta_field<'a>(map: &'a Map<String, Value>, field: &str) -> Result<&'a str, DecodeError> {
    match map.get(field) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        Some(Value::String(_)) | None | Some(Value::Null) => Err(DecodeError::new(
            field,
            format!("{field} is required"),
            DecodeErrorKind::MissingTypeMeta,
        )),
        Some(other) => Err(DecodeError::new(
            field,
            format!("{field} must be a string, not {other}"),
            DecodeErrorKind::MissingTypeMeta,
        )),
    }
}

/// Runs `$body` with `$o` bound to the typed object, whatever its kind.
macro_rules! with_typed {
    ($self:expr, $o:ident => $body:expr, $u:ident => $other:expr) => {
        match $self {
            Object::Pod($o) => $body,
            Object::Node($o) => $body,
            Object::Service($o) => $body,
            Object::PersistentVolumeClaim($o) => $body,
            Object::ReplicaSet($o) => $body,
            Object::Deployment($o) => $body,
            Object::StatefulSet($o) => $body,
            Object::DaemonSet($o) => $body,
            Object::Job($o) => $body,
            Object::CronJob($o) => $body,
            Object::Other($u) => $other,
        }
    };
}

impl Object {
    /// Decodes one object from JSON (a YAML document converted to JSON).
    ///
    /// Kinds kubesim simulates are decoded strictly by type (a string where an int32
    /// belongs is an error), but unknown fields are ignored: strict field checking is the
    /// validation rules' job. Other served kinds and unknown kinds (custom resources) are
    /// kept as [`Unstructured`]. apiVersions the server no longer serves, and kinds in the
    /// wrong group, are errors at `apiVersion`.
    pub fn from_json(value: Value) -> Result<Object, DecodeError> {
        let Value::Object(map) = &value else {
            return Err(DecodeError::new(
                "",
                "a Kubernetes object must be a mapping with apiVersion, kind and metadata",
                DecodeErrorKind::NotAnObject,
            ));
        };
        let api_version = type_meta_field(map, "apiVersion")?.to_string();
        let kind = type_meta_field(map, "kind")?.to_string();
        match resolve_kind(&api_version, &kind) {
            KindLookup::Served(id) => match id.typed {
                Some(typed) => Self::decode_typed(typed, value),
                None => Self::decode_unstructured(api_version, kind, value),
            },
            KindLookup::Unknown => Self::decode_unstructured(api_version, kind, value),
            KindLookup::Removed {
                replacement,
                removed_in,
            } => {
                let advice = if replacement.is_empty() {
                    "the kind itself was removed".to_string()
                } else {
                    format!("use apiVersion: {replacement}")
                };
                Err(DecodeError::new(
                    "apiVersion",
                    format!(
                        "{api_version} {kind} is no longer served since Kubernetes {removed_in}; {advice}"
                    ),
                    DecodeErrorKind::RemovedApiVersion {
                        replacement,
                        removed_in,
                    },
                ))
            }
            KindLookup::WrongGroup {
                expected_api_version,
            } => Err(DecodeError::new(
                "apiVersion",
                format!(
                    "kind {kind} is served as apiVersion {expected_api_version}, not {api_version}"
                ),
                DecodeErrorKind::WrongApiVersion {
                    expected_api_version,
                },
            )),
        }
    }

    fn decode_typed(kind: TypedKind, value: Value) -> Result<Object, DecodeError> {
        Ok(match kind {
            TypedKind::Pod => Object::Pod(decode(value, "")?),
            TypedKind::Node => Object::Node(decode(value, "")?),
            TypedKind::Service => Object::Service(decode(value, "")?),
            TypedKind::PersistentVolumeClaim => Object::PersistentVolumeClaim(decode(value, "")?),
            TypedKind::ReplicaSet => Object::ReplicaSet(decode(value, "")?),
            TypedKind::Deployment => Object::Deployment(decode(value, "")?),
            TypedKind::StatefulSet => Object::StatefulSet(decode(value, "")?),
            TypedKind::DaemonSet => Object::DaemonSet(decode(value, "")?),
            TypedKind::Job => Object::Job(decode(value, "")?),
            TypedKind::CronJob => Object::CronJob(decode(value, "")?),
        })
    }

    fn decode_unstructured(
        api_version: String,
        kind: String,
        raw: Value,
    ) -> Result<Object, DecodeError> {
        let metadata = match raw.get("metadata") {
            None | Some(Value::Null) => ObjectMeta::default(),
            Some(m) => decode(m.clone(), "metadata")?,
        };
        Ok(Object::Other(Unstructured {
            api_version,
            kind,
            metadata,
            raw,
        }))
    }

    /// The kind, as written ("Deployment").
    pub fn kind(&self) -> &str {
        with_typed!(self, o => &o.kind, u => &u.kind)
    }

    /// The apiVersion, as written ("apps/v1").
    pub fn api_version(&self) -> &str {
        with_typed!(self, o => &o.api_version, u => &u.api_version)
    }

    pub fn metadata(&self) -> &ObjectMeta {
        with_typed!(self, o => &o.metadata, u => &u.metadata)
    }

    pub fn metadata_mut(&mut self) -> &mut ObjectMeta {
        with_typed!(self, o => &mut o.metadata, u => &mut u.metadata)
    }

    /// The name, or "" when the object has only a generateName (or nothing).
    pub fn name(&self) -> &str {
        self.metadata().name_or_empty()
    }

    pub fn namespace(&self) -> Option<&str> {
        self.metadata().namespace.as_deref()
    }

    /// The modelled kind, `None` for [`Object::Other`].
    pub fn typed_kind(&self) -> Option<TypedKind> {
        Some(match self {
            Object::Pod(_) => TypedKind::Pod,
            Object::Node(_) => TypedKind::Node,
            Object::Service(_) => TypedKind::Service,
            Object::PersistentVolumeClaim(_) => TypedKind::PersistentVolumeClaim,
            Object::ReplicaSet(_) => TypedKind::ReplicaSet,
            Object::Deployment(_) => TypedKind::Deployment,
            Object::StatefulSet(_) => TypedKind::StatefulSet,
            Object::DaemonSet(_) => TypedKind::DaemonSet,
            Object::Job(_) => TypedKind::Job,
            Object::CronJob(_) => TypedKind::CronJob,
            Object::Other(_) => return None,
        })
    }

    /// True for kinds the simulator runs; ConfigMaps, Ingresses etc. are only stored.
    pub fn is_simulated(&self) -> bool {
        self.typed_kind().is_some()
    }

    /// Whether the kind is namespaced; `None` when kubesim does not know the kind.
    pub fn is_namespaced(&self) -> Option<bool> {
        match resolve_kind(self.api_version(), self.kind()) {
            KindLookup::Served(id) => Some(id.namespaced),
            _ => None,
        }
    }

    /// The object as JSON, in manifest field names.
    pub fn to_json(&self) -> Value {
        with_typed!(self, o => to_value(o), u => u.to_json())
    }
}

fn to_value<T: Serialize>(value: &T) -> Value {
    // Serializing these types cannot fail: every map key is a string and no custom
    // serializer returns an error. Null is a safe fallback all the same.
    serde_json::to_value(value).unwrap_or(Value::Null)
}

impl Unstructured {
    /// The raw object with its metadata replaced by `self.metadata` (so that defaulting and
    /// renaming show), keeping metadata fields kubesim does not model.
    pub fn to_json(&self) -> Value {
        let mut out = match &self.raw {
            Value::Object(m) => m.clone(),
            _ => Map::new(),
        };
        out.insert("apiVersion".into(), Value::String(self.api_version.clone()));
        out.insert("kind".into(), Value::String(self.kind.clone()));
        let mut metadata = match to_value(&self.metadata) {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        if let Some(Value::Object(old)) = self.raw.get("metadata") {
            for (k, v) in old {
                if !is_modelled_meta_field(k) && !metadata.contains_key(k) {
                    metadata.insert(k.clone(), v.clone());
                }
            }
        }
        if !metadata.is_empty() || out.contains_key("metadata") {
            out.insert("metadata".into(), Value::Object(metadata));
        }
        Value::Object(out)
    }
}

/// Metadata fields [`ObjectMeta`] models; any other field is carried over untouched.
fn is_modelled_meta_field(key: &str) -> bool {
    matches!(
        key,
        "name"
            | "generateName"
            | "namespace"
            | "labels"
            | "annotations"
            | "ownerReferences"
            | "uid"
            | "creationTimestamp"
            | "deletionTimestamp"
            | "deletionGracePeriodSeconds"
            | "generation"
            | "resourceVersion"
            | "finalizers"
    )
}

#[cfg(test)]
#[path = "object_tests.rs"]
mod tests;
