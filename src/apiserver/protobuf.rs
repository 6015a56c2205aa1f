//! Just enough of the Kubernetes protobuf encoding to read what kubectl's typed clients
//! send: `kubectl create deployment|job|namespace|configmap` post their objects as
//! `application/vnd.kubernetes.protobuf`, whatever the server prefers (kubectl sets the
//! content type of its built-in clients to protobuf, with no fallback). The envelope is
//! `k8s\0` + runtime.Unknown (staging/src/k8s.io/apimachinery/pkg/runtime/serializer/
//! protobuf/protobuf.go); the field numbers come from the `generated.proto` files of
//! staging/src/k8s.io/api/{core,apps,batch}/v1 and apimachinery's meta/v1.
//!
//! Decoding follows the Go JSON encoding of the same object: a non-pointer field at its
//! zero value is left out (omitempty), a pointer field ([`P::IntPtr`], [`P::BoolPtr`]) is
//! kept whatever its value. Fields outside the tables are skipped.

use serde_json::{json, Map, Value};

/// How a field is encoded.
#[derive(Clone, Copy)]
enum P {
    Str,
    Int,
    IntPtr,
    BoolPtr,
    Bool,
    Strs,
    /// map<string, string>
    StrMap,
    Msg(&'static [F]),
    List(&'static [F]),
}

/// One field: its number, JSON name and encoding.
type F = (u32, &'static str, P);

const OWNER_REF: &[F] = &[
    (1, "kind", P::Str),
    (3, "name", P::Str),
    (4, "uid", P::Str),
    (5, "apiVersion", P::Str),
    (6, "controller", P::BoolPtr),
    (7, "blockOwnerDeletion", P::BoolPtr),
];
const OBJECT_META: &[F] = &[
    (1, "name", P::Str),
    (2, "generateName", P::Str),
    (3, "namespace", P::Str),
    (11, "labels", P::StrMap),
    (12, "annotations", P::StrMap),
    (13, "ownerReferences", P::List(OWNER_REF)),
    (14, "finalizers", P::Strs),
];
const REQUIREMENT: &[F] = &[
    (1, "key", P::Str),
    (2, "operator", P::Str),
    (3, "values", P::Strs),
];
const LABEL_SELECTOR: &[F] = &[
    (1, "matchLabels", P::StrMap),
    (2, "matchExpressions", P::List(REQUIREMENT)),
];
const PORT: &[F] = &[
    (1, "name", P::Str),
    (2, "hostPort", P::Int),
    (3, "containerPort", P::Int),
    (4, "protocol", P::Str),
    (5, "hostIP", P::Str),
];
const ENV: &[F] = &[(1, "name", P::Str), (2, "value", P::Str)];
const CONTAINER: &[F] = &[
    (1, "name", P::Str),
    (2, "image", P::Str),
    (3, "command", P::Strs),
    (4, "args", P::Strs),
    (5, "workingDir", P::Str),
    (6, "ports", P::List(PORT)),
    (7, "env", P::List(ENV)),
    (13, "terminationMessagePath", P::Str),
    (14, "imagePullPolicy", P::Str),
    (20, "terminationMessagePolicy", P::Str),
];
const POD_SPEC: &[F] = &[
    (2, "containers", P::List(CONTAINER)),
    (3, "restartPolicy", P::Str),
    (4, "terminationGracePeriodSeconds", P::IntPtr),
    (6, "dnsPolicy", P::Str),
    (7, "nodeSelector", P::StrMap),
    (8, "serviceAccountName", P::Str),
    (10, "nodeName", P::Str),
    (16, "hostname", P::Str),
    (17, "subdomain", P::Str),
    (19, "schedulerName", P::Str),
    (20, "initContainers", P::List(CONTAINER)),
];
const POD_TEMPLATE: &[F] = &[
    (1, "metadata", P::Msg(OBJECT_META)),
    (2, "spec", P::Msg(POD_SPEC)),
];
const STRATEGY: &[F] = &[(1, "type", P::Str)];
const DEPLOYMENT_SPEC: &[F] = &[
    (1, "replicas", P::IntPtr),
    (2, "selector", P::Msg(LABEL_SELECTOR)),
    (3, "template", P::Msg(POD_TEMPLATE)),
    (4, "strategy", P::Msg(STRATEGY)),
    (5, "minReadySeconds", P::Int),
    (6, "revisionHistoryLimit", P::IntPtr),
    (7, "paused", P::Bool),
    (9, "progressDeadlineSeconds", P::IntPtr),
];
const JOB_SPEC: &[F] = &[
    (1, "parallelism", P::IntPtr),
    (2, "completions", P::IntPtr),
    (3, "activeDeadlineSeconds", P::IntPtr),
    (4, "selector", P::Msg(LABEL_SELECTOR)),
    (5, "manualSelector", P::BoolPtr),
    (6, "template", P::Msg(POD_TEMPLATE)),
    (7, "backoffLimit", P::IntPtr),
    (8, "ttlSecondsAfterFinished", P::IntPtr),
    (9, "completionMode", P::Str),
    (10, "suspend", P::BoolPtr),
];

/// The kinds kubectl's typed clients create, with the fields read.
fn kind_fields(kind: &str) -> Option<&'static [F]> {
    const DEPLOYMENT: &[F] = &[
        (1, "metadata", P::Msg(OBJECT_META)),
        (2, "spec", P::Msg(DEPLOYMENT_SPEC)),
    ];
    const JOB: &[F] = &[
        (1, "metadata", P::Msg(OBJECT_META)),
        (2, "spec", P::Msg(JOB_SPEC)),
    ];
    const NAMESPACE: &[F] = &[(1, "metadata", P::Msg(OBJECT_META))];
    const CONFIG_MAP: &[F] = &[(1, "metadata", P::Msg(OBJECT_META)), (2, "data", P::StrMap)];
    Some(match kind {
        "Deployment" => DEPLOYMENT,
        "Job" => JOB,
        "Namespace" => NAMESPACE,
        "ConfigMap" => CONFIG_MAP,
        _ => return None,
    })
}

/// Is this the protobuf content type?
pub fn is_protobuf(content_type: &str) -> bool {
    content_type.starts_with("application/vnd.kubernetes.protobuf")
}

/// The object in a protobuf body, as JSON.
pub fn decode(body: &[u8]) -> Result<Value, String> {
    let unknown = body
        .strip_prefix(b"k8s\0")
        .ok_or("not a Kubernetes protobuf message (no k8s\\0 prefix)")?;
    let mut api_version = String::new();
    let mut kind = String::new();
    let mut raw: &[u8] = &[];
    for (num, field) in Reader(unknown) {
        match (num?, field) {
            (1, Field::Bytes(tm)) => {
                for (n, f) in Reader(tm) {
                    match (n?, f) {
                        (1, Field::Bytes(b)) => api_version = utf8(b)?,
                        (2, Field::Bytes(b)) => kind = utf8(b)?,
                        _ => {}
                    }
                }
            }
            (2, Field::Bytes(b)) => raw = b,
            _ => {}
        }
    }
    let fields = kind_fields(&kind).ok_or_else(|| {
        format!("kubesim reads protobuf only for Deployment, Job, Namespace and ConfigMap, not {kind:?}; send JSON")
    })?;
    let mut obj = message(raw, fields, 0)?;
    let map = obj.as_object_mut().ok_or("not an object")?;
    map.insert("apiVersion".into(), json!(api_version));
    map.insert("kind".into(), json!(kind));
    Ok(obj)
}

fn utf8(b: &[u8]) -> Result<String, String> {
    String::from_utf8(b.to_vec()).map_err(|_| "a string field is not UTF-8".to_string())
}

fn message(bytes: &[u8], fields: &[F], depth: usize) -> Result<Value, String> {
    if depth > 32 {
        return Err("protobuf message nested too deeply".into());
    }
    let mut out = Map::new();
    for (num, field) in Reader(bytes) {
        let num = num?;
        let Some((_, name, p)) = fields.iter().find(|(n, _, _)| *n == num) else {
            continue;
        };
        let name = name.to_string();
        match (p, field) {
            (P::Str, Field::Bytes(b)) => {
                let s = utf8(b)?;
                if !s.is_empty() {
                    out.insert(name, json!(s));
                }
            }
            (P::Int, Field::Varint(v)) => {
                if v != 0 {
                    out.insert(name, json!(v as i64));
                }
            }
            (P::IntPtr, Field::Varint(v)) => {
                out.insert(name, json!(v as i64));
            }
            (P::Bool, Field::Varint(v)) => {
                if v != 0 {
                    out.insert(name, json!(true));
                }
            }
            (P::BoolPtr, Field::Varint(v)) => {
                out.insert(name, json!(v != 0));
            }
            (P::Strs, Field::Bytes(b)) => {
                let list = out.entry(name).or_insert_with(|| json!([]));
                if let Value::Array(items) = list {
                    items.push(json!(utf8(b)?));
                }
            }
            (P::StrMap, Field::Bytes(b)) => {
                let (mut k, mut v) = (String::new(), String::new());
                for (n, f) in Reader(b) {
                    match (n?, f) {
                        (1, Field::Bytes(x)) => k = utf8(x)?,
                        (2, Field::Bytes(x)) => v = utf8(x)?,
                        _ => {}
                    }
                }
                let map = out.entry(name).or_insert_with(|| json!({}));
                if let Value::Object(m) = map {
                    m.insert(k, json!(v));
                }
            }
            (P::Msg(inner), Field::Bytes(b)) => {
                let v = message(b, inner, depth + 1)?;
                if v.as_object().is_some_and(|m| !m.is_empty()) {
                    out.insert(name, v);
                }
            }
            (P::List(inner), Field::Bytes(b)) => {
                let v = message(b, inner, depth + 1)?;
                let list = out.entry(name).or_insert_with(|| json!([]));
                if let Value::Array(items) = list {
                    items.push(v);
                }
            }
            _ => {
                return Err(format!(
                    "protobuf field {num} ({name}) has the wrong wire type"
                ))
            }
        }
    }
    Ok(Value::Object(out))
}

/// One field's payload.
enum Field<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    Fixed,
}

/// The fields of a message, in order; an error ends the iteration.
struct Reader<'a>(&'a [u8]);

fn varint(bytes: &mut &[u8]) -> Result<u64, String> {
    let mut v: u64 = 0;
    for i in 0..10 {
        let (&b, rest) = bytes.split_first().ok_or("truncated varint")?;
        *bytes = rest;
        v |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Ok(v);
        }
    }
    Err("varint too long".into())
}

impl<'a> Iterator for Reader<'a> {
    type Item = (Result<u32, String>, Field<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.0.is_empty() {
            return None;
        }
        let fail = |e: String, r: &mut Reader<'a>| {
            r.0 = &[];
            Some((Err(e), Field::Fixed))
        };
        let key = match varint(&mut self.0) {
            Ok(k) => k,
            Err(e) => return fail(e, self),
        };
        let num = (key >> 3) as u32;
        let field = match key & 7 {
            0 => match varint(&mut self.0) {
                Ok(v) => Field::Varint(v),
                Err(e) => return fail(e, self),
            },
            2 => {
                let len = match varint(&mut self.0) {
                    Ok(l) => l as usize,
                    Err(e) => return fail(e, self),
                };
                if len > self.0.len() {
                    return fail("truncated field".into(), self);
                }
                let (b, rest) = self.0.split_at(len);
                self.0 = rest;
                Field::Bytes(b)
            }
            1 | 5 => {
                let n = if key & 7 == 1 { 8 } else { 4 };
                if n > self.0.len() {
                    return fail("truncated field".into(), self);
                }
                self.0 = &self.0[n..];
                Field::Fixed
            }
            w => return fail(format!("unsupported wire type {w}"), self),
        };
        Some((Ok(num), field))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Encodes a field (test helper: the inverse of the reader).
    fn field(num: u32, payload: &[u8]) -> Vec<u8> {
        let mut out = vec![((num << 3) | 2) as u8, payload.len() as u8];
        out.extend_from_slice(payload);
        out
    }

    fn int(num: u32, v: u8) -> Vec<u8> {
        vec![(num << 3) as u8, v]
    }

    #[test]
    fn decodes_what_kubectl_create_deployment_sends() {
        let labels = field(11, &[field(1, b"app"), field(2, b"web")].concat());
        let meta = [field(1, b"web"), field(2, b""), labels.clone()].concat();
        let container = [field(1, b"nginx"), field(2, b"nginx:1.14"), field(5, b"")].concat();
        let pod_spec = field(2, &container);
        let template = [field(1, &labels), field(2, &pod_spec)].concat();
        let spec = [
            int(1, 0),
            field(2, &field(1, &[field(1, b"app"), field(2, b"web")].concat())),
            field(3, &template),
            field(4, b""),
            int(5, 0),
        ]
        .concat();
        let object = [field(1, &meta), field(2, &spec)].concat();
        let type_meta = [field(1, b"apps/v1"), field(2, b"Deployment")].concat();
        let body = [b"k8s\0".to_vec(), field(1, &type_meta), field(2, &object)].concat();
        let v = decode(&body).unwrap();
        assert_eq!(
            v,
            json!({"metadata": {"name": "web", "labels": {"app": "web"}},
                   "spec": {"replicas": 0, "selector": {"matchLabels": {"app": "web"}},
                            "template": {"metadata": {"labels": {"app": "web"}},
                                         "spec": {"containers": [{"name": "nginx", "image": "nginx:1.14"}]}}},
                   "apiVersion": "apps/v1", "kind": "Deployment"})
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for body in [
            &b""[..],
            b"k8s\0",
            b"k8s\0\x0a\xff",
            b"k8s\0\x12\x05ab",
            b"k8s\0\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
        ] {
            assert!(decode(body).is_err());
        }
        let type_meta = [field(1, b"v1"), field(2, b"Pod")].concat();
        let body = [b"k8s\0".to_vec(), field(1, &type_meta)].concat();
        assert!(decode(&body).unwrap_err().contains("send JSON"));
    }
}
