//! The resource verbs: get, list, watch, create, update, patch, delete and
//! deletecollection, the `status`, `scale`, `log` and `eviction` subresources.
//!
//! Writes go through the simulator's own store operations ([`Cluster::create`],
//! [`Cluster::delete`], `Store::update`) and through kubesim's manifest checker, so that
//! `c.kubectl(...)`, `c.apply(...)` and the served API accept and refuse the same objects.
//! Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/{get,create,update,patch,
//! delete}.go and pkg/registry/rest.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::discovery::{self, Resource};
use super::fields::FieldSelector;
use super::status::{self, ApiError, Cause};
use super::watch::Watch;
use super::{patch, table, Reply, Request, Response};
use crate::api::object::Object;
use crate::controllers::Propagation;
use crate::kubectl::printers::events::{event_name, event_to_json};
use crate::kubectl::printers::object_json;
use crate::manifest::diagnostic::Severity;
use crate::sim::engine::{Cluster, SimError};
use crate::sim::events::Event;
use crate::sim::store::{Key, StoreError};

/// The namespaces every cluster has (kind makes the same four).
const BUILTIN_NAMESPACES: &[&str] = &["default", "kube-node-lease", "kube-public", "kube-system"];

/// Where a request points.
struct Route {
    res: &'static Resource,
    namespace: Option<String>,
    name: Option<String>,
    sub: Option<String>,
}

fn route(group: &str, version: &str, rest: &[&str]) -> Result<Route, ApiError> {
    let not_served = || ApiError::not_served(&format!("/{}", rest.join("/")));
    let (namespace, rest) = match rest {
        ["namespaces", ns, plural, ..] if discovery::find(group, version, plural).is_some() => {
            (Some(ns.to_string()), &rest[2..])
        }
        _ => (None, rest),
    };
    let (plural, tail) = rest.split_first().ok_or_else(not_served)?;
    let res = discovery::find(group, version, plural).ok_or_else(not_served)?;
    if tail.len() > 2 || (namespace.is_some() && !res.namespaced) {
        return Err(not_served());
    }
    Ok(Route {
        res,
        namespace,
        name: tail.first().map(|s| s.to_string()),
        sub: tail.get(1).map(|s| s.to_string()),
    })
}

pub(super) fn handle(
    cluster: &mut Cluster,
    req: &Request,
    group: &str,
    version: &str,
    rest: &[&str],
) -> Reply {
    let r = match route(group, version, rest) {
        Ok(r) => r,
        Err(e) => return e.into(),
    };
    let result = match (r.name.as_deref(), r.sub.as_deref(), req.method.as_str()) {
        (None, None, "GET" | "HEAD") if is_watch(req) => {
            return match Watch::new(cluster, r.res, r.namespace.as_deref(), req) {
                Ok(w) => Reply::Watch(Box::new(w)),
                Err(e) => e.into(),
            }
        }
        (None, None, "GET" | "HEAD") => list(cluster, &r, req),
        (None, None, "POST") => create(cluster, &r, req),
        (None, None, "DELETE") => delete_collection(cluster, &r, req),
        (Some(name), None, "GET" | "HEAD") => get(cluster, &r, name, req),
        (Some(name), None, "PUT") => update(cluster, &r, name, req, Part::Main),
        (Some(name), None, "PATCH") => update(cluster, &r, name, req, Part::Main),
        (Some(name), None, "DELETE") => delete(cluster, &r, name, req),
        (Some(name), Some("status"), "GET" | "HEAD") => get(cluster, &r, name, req),
        (Some(name), Some("status"), "PUT" | "PATCH") => {
            update(cluster, &r, name, req, Part::Status)
        }
        (Some(name), Some("scale"), m) if r.res.subresources.contains(&"scale") => match m {
            "GET" | "HEAD" => get_scale(cluster, &r, name),
            "PUT" | "PATCH" => update_scale(cluster, &r, name, req),
            _ => Err(method_not_allowed(req)),
        },
        (Some(name), Some("log"), "GET") if r.res.kind == "Pod" => log(cluster, &r, name, req),
        (Some(name), Some("eviction"), "POST") if r.res.kind == "Pod" => evict(cluster, &r, name),
        (Some(_), Some(sub @ ("exec" | "attach" | "portforward" | "proxy")), _) => {
            Err(ApiError::method_not_supported(
                &format!("{}/{sub}", r.res.plural),
                "kubesim simulates the control plane and runs no containers \
                 (kubesim은 컨테이너를 실행하지 않습니다); use `kubectl logs` or kubesim's \
                 Cluster.nslookup/dns for what the simulator knows",
            ))
        }
        (_, Some(_), _) => Err(ApiError::not_served(&req.path)),
        _ => Err(method_not_allowed(req)),
    };
    match result {
        Ok(resp) => resp.into(),
        Err(e) => e.into(),
    }
}

fn method_not_allowed(req: &Request) -> ApiError {
    ApiError::method_not_supported(
        &format!("{} {}", req.method, req.path),
        "the API server does not serve this verb here",
    )
}

fn is_watch(req: &Request) -> bool {
    matches!(req.param("watch"), Some("true" | "1"))
}

fn wants_table(req: &Request) -> bool {
    req.header("Accept").is_some_and(|a| {
        a.split(',')
            .next()
            .is_some_and(|first| first.contains("as=Table"))
    })
}

fn dry_run(req: &Request) -> bool {
    req.param("dryRun").is_some_and(|v| v == "All")
}

/// One listed item: the JSON served, and the typed object or event the printers read.
pub(super) struct Item {
    pub json: Value,
    pub object: Option<Object>,
    pub event: Option<Event>,
}

impl Item {
    fn name(&self) -> &str {
        self.json["metadata"]["name"].as_str().unwrap_or_default()
    }

    fn namespace(&self) -> &str {
        self.json["metadata"]["namespace"]
            .as_str()
            .unwrap_or_default()
    }

    pub(super) fn labels(&self) -> BTreeMap<String, String> {
        match &self.object {
            Some(o) => o.metadata().labels_or_empty().clone(),
            None => self.json["metadata"]["labels"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

/// The JSON an object is served as: apiVersion and kind set, and a namespaced object's
/// namespace spelled out.
pub(super) fn served_json(obj: &Object) -> Value {
    let mut v = object_json(obj);
    if v["apiVersion"].as_str().is_none_or(str::is_empty) {
        if let Some(r) = discovery::for_kind(obj.kind()) {
            v["apiVersion"] = json!(r.api_version());
        }
    }
    match obj.kind() {
        "Node" => fill_node_info(&mut v),
        "Pod" => fill_container_statuses(&mut v),
        _ => {}
    }
    v
}

/// A container status always has an imageID ("" until the image is pulled).
fn fill_container_statuses(v: &mut Value) {
    for field in ["containerStatuses", "initContainerStatuses"] {
        if let Some(list) = v["status"][field].as_array_mut() {
            for s in list.iter_mut().filter_map(Value::as_object_mut) {
                s.entry("imageID").or_insert(json!(""));
            }
        }
    }
}

/// The node identity fields a kubelet reports and the simulator does not model; clients
/// that check required fields (the official Python client does) need them.
fn fill_node_info(v: &mut Value) {
    let uid = v["metadata"]["uid"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let Some(info) = v["status"]["nodeInfo"].as_object_mut() else {
        return;
    };
    let ids = [
        ("machineID", uid.replace('-', "")),
        ("systemUUID", uid.clone()),
        ("bootID", uid.clone()),
        ("kubeProxyVersion", String::new()),
    ];
    for (field, value) in ids {
        info.entry(field).or_insert(json!(value));
    }
}

fn namespace_json(name: &str, created: &str) -> Value {
    json!({
        "apiVersion": "v1", "kind": "Namespace",
        "metadata": {"name": name, "creationTimestamp": created,
                     "labels": {"kubernetes.io/metadata.name": name}},
        "spec": {"finalizers": ["kubernetes"]},
        "status": {"phase": "Active"},
    })
}

/// Every item of a resource in a namespace (`None`: all namespaces), in store order.
pub(super) fn items(cluster: &Cluster, res: &Resource, namespace: Option<&str>) -> Vec<Item> {
    let in_ns = |ns: &str| namespace.is_none_or(|want| want == ns);
    match res.kind {
        "Event" => cluster
            .events
            .all()
            .iter()
            .filter(|e| in_ns(&e.namespace))
            .map(|e| Item {
                json: event_to_json(e),
                object: None,
                event: Some(e.clone()),
            })
            .collect(),
        "Namespace" => {
            let mut names: BTreeMap<String, Item> = BTreeMap::new();
            let start = cluster
                .store
                .nodes()
                .next()
                .and_then(|n| n.metadata.creation_timestamp.clone())
                .unwrap_or_else(|| cluster.now.to_rfc3339());
            for ns in BUILTIN_NAMESPACES {
                names.insert(
                    ns.to_string(),
                    Item {
                        json: namespace_json(ns, &start),
                        object: None,
                        event: None,
                    },
                );
            }
            for o in cluster.store.all() {
                if let Some(ns) = o.namespace().filter(|n| !n.is_empty()) {
                    names.entry(ns.to_string()).or_insert_with(|| Item {
                        json: namespace_json(ns, &start),
                        object: None,
                        event: None,
                    });
                }
            }
            for o in cluster.store.list("Namespace") {
                let mut v = served_json(o);
                if v.get("status").is_none() {
                    v["status"] = json!({"phase": "Active"});
                }
                names.insert(
                    o.name().to_string(),
                    Item {
                        json: v,
                        object: Some(o.clone()),
                        event: None,
                    },
                );
            }
            names.into_values().collect()
        }
        kind => cluster
            .store
            .list(kind)
            .filter(|o| !res.namespaced || in_ns(o.namespace().unwrap_or("default")))
            .map(|o| Item {
                json: served_json(o),
                object: Some(o.clone()),
                event: None,
            })
            .collect(),
    }
}

/// The selectors of a list or watch.
pub(super) struct Filter {
    labels: Option<crate::selector::Selector>,
    fields: FieldSelector,
}

impl Filter {
    pub(super) fn from_request(req: &Request, kind: &str) -> Result<Filter, ApiError> {
        let labels =
            match req.param("labelSelector").filter(|s| !s.trim().is_empty()) {
                Some(s) => Some(crate::selector::parse(s).map_err(|e| {
                    ApiError::bad_request(format!("unable to parse requirement: {e}"))
                })?),
                None => None,
            };
        let fields = FieldSelector::parse(req.param("fieldSelector").unwrap_or(""), kind)
            .map_err(ApiError::bad_request)?;
        Ok(Filter { labels, fields })
    }

    pub(super) fn matches(&self, json: &Value, labels: &BTreeMap<String, String>) -> bool {
        self.labels.as_ref().is_none_or(|s| s.matches(labels)) && self.fields.matches(json)
    }

    pub(super) fn matches_object(&self, obj: &Object) -> bool {
        let labels = obj.metadata().labels_or_empty();
        if self.labels.as_ref().is_some_and(|s| !s.matches(labels)) {
            return false;
        }
        self.fields.0.is_empty() || self.fields.matches(&served_json(obj))
    }
}

fn list(cluster: &mut Cluster, r: &Route, req: &Request) -> Result<Response, ApiError> {
    let filter = Filter::from_request(req, r.res.kind)?;
    let mut found: Vec<Item> = items(cluster, r.res, r.namespace.as_deref())
        .into_iter()
        .filter(|i| filter.matches(&i.json, &i.labels()))
        .collect();
    if let Some(token) = req.param("continue").filter(|t| !t.is_empty()) {
        let (ns, name) = token
            .split_once('/')
            .ok_or_else(|| ApiError::bad_request("invalid continue token"))?;
        found.retain(|i| (i.namespace(), i.name()) > (ns, name));
    }
    let mut meta = json!({"resourceVersion": cluster.store.resource_version().to_string()});
    if let Some(limit) = req.param("limit").and_then(|l| l.parse::<usize>().ok()) {
        if limit > 0 && found.len() > limit {
            let remaining = found.len() - limit;
            found.truncate(limit);
            let last = &found[limit - 1];
            meta["continue"] = json!(format!("{}/{}", last.namespace(), last.name()));
            meta["remainingItemCount"] = json!(remaining);
        }
    }
    if wants_table(req) {
        return Ok(Response::json(
            200,
            &table::table(cluster, r.res, &found, meta, req),
        ));
    }
    let list = json!({
        "kind": format!("{}List", r.res.kind),
        "apiVersion": r.res.api_version(),
        "metadata": meta,
        "items": found.into_iter().map(|i| i.json).collect::<Vec<_>>(),
    });
    Ok(Response::json(200, &list))
}

fn find(cluster: &Cluster, r: &Route, name: &str) -> Result<Item, ApiError> {
    if r.res.namespaced && r.namespace.is_none() {
        return Err(ApiError::not_served(&format!("{}/{name}", r.res.plural)));
    }
    let not_found = || ApiError::not_found(&r.res.qualified(), name);
    match r.res.kind {
        "Event" | "Namespace" => items(cluster, r.res, r.namespace.as_deref())
            .into_iter()
            .find(|i| i.name() == name || i.event.as_ref().is_some_and(|e| event_name(e) == name))
            .ok_or_else(not_found),
        kind => {
            let key = Key::new(kind, r.namespace.as_deref().unwrap_or(""), name);
            let obj = cluster.store.get(&key).ok_or_else(not_found)?;
            Ok(Item {
                json: served_json(obj),
                object: Some(obj.clone()),
                event: None,
            })
        }
    }
}

fn get(cluster: &mut Cluster, r: &Route, name: &str, req: &Request) -> Result<Response, ApiError> {
    let item = find(cluster, r, name)?;
    if wants_table(req) {
        let meta = json!({"resourceVersion": cluster.store.resource_version().to_string()});
        return Ok(Response::json(
            200,
            &table::table(cluster, r.res, &[item], meta, req),
        ));
    }
    Ok(Response::json(200, &item.json))
}

/// The body as a JSON object.
fn body_json(req: &Request) -> Result<Value, ApiError> {
    let ct = req.header("Content-Type").unwrap_or("application/json");
    if super::protobuf::is_protobuf(ct) {
        return super::protobuf::decode(&req.body).map_err(ApiError::bad_request);
    }
    let text = std::str::from_utf8(&req.body)
        .map_err(|_| ApiError::bad_request("the request body is not UTF-8"))?;
    if ct.contains("yaml") {
        let docs = crate::manifest::parse::parse_stream(text, &Default::default())
            .map_err(|d| ApiError::bad_request(d.message.en))?;
        return match docs.as_slice() {
            [one] => Ok(one.root.to_json()),
            _ => Err(ApiError::bad_request("expected exactly one YAML document")),
        };
    }
    if !ct.contains("json") {
        return Err(ApiError::unsupported_media_type(ct));
    }
    serde_json::from_str(text)
        .map_err(|e| ApiError::bad_request(format!("the body of the request is not JSON: {e}")))
}

/// How unknown fields are treated (`?fieldValidation=`); kubectl sends Strict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldValidation {
    Strict,
    Warn,
    Ignore,
}

fn field_validation(req: &Request) -> Result<FieldValidation, ApiError> {
    match req.param("fieldValidation") {
        None | Some("" | "Warn") => Ok(FieldValidation::Warn),
        Some("Strict") => Ok(FieldValidation::Strict),
        Some("Ignore") => Ok(FieldValidation::Ignore),
        Some(other) => Err(ApiError::bad_request(format!(
            "fieldValidation must be one of Ignore, Warn or Strict, not {other:?}"
        ))),
    }
}

/// An object checked and decoded as the API server would: unknown fields by the
/// fieldValidation directive, then kubesim's checker (its errors are the 422), then the
/// defaults. Returns the object and the warnings to send.
fn admit(
    value: Value,
    res: &Resource,
    validation: FieldValidation,
) -> Result<(Object, Vec<String>), ApiError> {
    let name = value["metadata"]["name"].as_str().unwrap_or("").to_string();
    let report = crate::manifest::check::check_value(&value, "<request>");
    let mut value = value;
    let mut warnings = Vec::new();
    let mut unknown = Vec::new();
    let mut causes = Vec::new();
    let mut type_errors = Vec::new();
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        match d.code {
            "unknown-field" | "misplaced-field" => unknown.push(d.path.clone()),
            "type-error" => type_errors.push(format!("{}: {}", d.path, d.message.en)),
            _ => causes.push(Cause {
                reason: "FieldValueInvalid",
                message: d.message.en.clone(),
                field: d.path.clone(),
            }),
        }
    }
    let cannot_handle = format!(
        "{} in version \"{}\" cannot be handled as a {}",
        res.kind, res.version, res.kind
    );
    if !type_errors.is_empty() {
        return Err(ApiError::bad_request(format!(
            "{cannot_handle}: {}",
            type_errors.join("; ")
        )));
    }
    if !unknown.is_empty() {
        match validation {
            FieldValidation::Strict => {
                let list: Vec<String> = unknown
                    .iter()
                    .map(|p| format!("unknown field \"{p}\""))
                    .collect();
                return Err(ApiError::bad_request(format!(
                    "{cannot_handle}: strict decoding error: {}",
                    list.join(", ")
                )));
            }
            FieldValidation::Warn | FieldValidation::Ignore => {
                for p in &unknown {
                    remove_path(&mut value, p);
                    if validation == FieldValidation::Warn {
                        warnings.push(format!("unknown field \"{p}\""));
                    }
                }
            }
        }
    }
    if !causes.is_empty() {
        return Err(ApiError::invalid(res.kind, res.group, &name, causes));
    }
    let loaded = crate::manifest::load::load_value(&value, "<request>").map_err(|e| {
        ApiError::invalid(
            res.kind,
            res.group,
            &name,
            vec![Cause {
                reason: "FieldValueInvalid",
                message: e.to_string(),
                field: String::new(),
            }],
        )
    })?;
    let mut objects = loaded.into_iter().map(|l| l.object);
    match (objects.next(), objects.next()) {
        (Some(o), None) => Ok((o, warnings)),
        _ => Err(ApiError::bad_request("expected exactly one object")),
    }
}

/// Removes the field at a checker path such as `spec.template.spec.containers[0].imagee`.
fn remove_path(value: &mut Value, path: &str) {
    let mut parts: Vec<(String, Option<usize>)> = Vec::new();
    for seg in path.split('.') {
        let (name, rest) = seg.split_once('[').unwrap_or((seg, ""));
        parts.push((name.to_string(), None));
        for idx in rest.split('[') {
            if let Ok(i) = idx.trim_end_matches(']').parse::<usize>() {
                parts.push((String::new(), Some(i)));
            }
        }
    }
    let Some((last, _)) = parts.pop() else { return };
    let mut v = value;
    for (name, idx) in parts {
        let next = match idx {
            Some(i) => v.get_mut(i),
            None => v.get_mut(name.as_str()),
        };
        match next {
            Some(n) => v = n,
            None => return,
        }
    }
    if let Value::Object(m) = v {
        m.shift_remove(&last);
    }
}

fn check_type(value: &Value, r: &Route) -> Result<(), ApiError> {
    let kind = value["kind"].as_str().unwrap_or("");
    let api_version = value["apiVersion"].as_str().unwrap_or("");
    if kind != r.res.kind || api_version != r.res.api_version() {
        return Err(ApiError::bad_request(format!(
            "the API version in the data ({api_version}) does not match the expected API \
             version ({}), or the kind ({kind}) is not {}",
            r.res.api_version(),
            r.res.kind
        )));
    }
    Ok(())
}

/// Sets the namespace from the URL, refusing a different one in the body.
fn place(value: &mut Value, r: &Route) -> Result<(), ApiError> {
    if !value.is_object() {
        return Err(ApiError::bad_request("the body must be a JSON object"));
    }
    if !value["metadata"].is_object() {
        value["metadata"] = json!({});
    }
    if let Some(ns) = &r.namespace {
        match value["metadata"]["namespace"].as_str() {
            Some(given) if !given.is_empty() && given != ns => {
                return Err(ApiError::bad_request(
                    "the namespace of the provided object does not match the namespace sent on the request",
                ))
            }
            _ => value["metadata"]["namespace"] = json!(ns),
        }
    }
    Ok(())
}

fn with_warnings(mut resp: Response, warnings: &[String]) -> Response {
    for w in warnings {
        resp = resp.with_warning(w);
    }
    resp
}

fn sim_error(e: SimError, r: &Route, name: &str) -> ApiError {
    match e {
        SimError::Store(StoreError::AlreadyExists(_)) => {
            ApiError::already_exists(&r.res.qualified(), name)
        }
        SimError::Store(StoreError::NotFound(_)) => ApiError::not_found(&r.res.qualified(), name),
        other => ApiError::internal(other.to_string()),
    }
}

/// Runs what the write set off at this instant; an unsettled cluster is reported, not
/// fatal (the write itself happened).
fn settle(cluster: &mut Cluster) {
    if let Err(e) = cluster.settle() {
        log::warn!("the cluster did not settle after a write: {e}");
    }
}

fn after_node_write(cluster: &mut Cluster, kind: &str) {
    if kind == "Node" {
        cluster.node_infos_stale = true;
        cluster.sched_epoch += 1;
    }
}

fn create(cluster: &mut Cluster, r: &Route, req: &Request) -> Result<Response, ApiError> {
    if !r.res.writable {
        return Err(method_not_allowed(req));
    }
    if r.res.namespaced && r.namespace.is_none() {
        return Err(ApiError::not_served(&req.path));
    }
    let mut value = body_json(req)?;
    place(&mut value, r)?;
    check_type(&value, r)?;
    let validation = field_validation(req)?;
    let generate = value["metadata"]["generateName"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let name = value["metadata"]["name"].as_str().unwrap_or("").to_string();
    if name.is_empty() && generate.is_empty() {
        return Err(ApiError::invalid(
            r.res.kind,
            r.res.group,
            "",
            vec![Cause {
                reason: "FieldValueRequired",
                message: "Required value: name or generateName is required".into(),
                field: "metadata.name".into(),
            }],
        ));
    }
    let (obj, warnings) = admit(value, r.res, validation)?;
    let key = Key::of(&obj);
    if !name.is_empty() && cluster.store.contains(&key) {
        return Err(ApiError::already_exists(&r.res.qualified(), &name));
    }
    if dry_run(req) {
        let mut v = served_json(&obj);
        v["metadata"]["creationTimestamp"] = json!(cluster.now.to_rfc3339());
        return Ok(with_warnings(Response::json(201, &v), &warnings));
    }
    let key = cluster
        .create(obj, "kubectl")
        .map_err(|e| sim_error(e, r, &name))?;
    after_node_write(cluster, r.res.kind);
    settle(cluster);
    let stored = cluster
        .store
        .get(&key)
        .map(served_json)
        .unwrap_or(Value::Null);
    Ok(with_warnings(Response::json(201, &stored), &warnings))
}

/// Which part of an object a write replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Everything but status (the main resource of a kind with a status subresource).
    Main,
    /// Only status.
    Status,
}

/// The body applied to `current`: a PUT's object, or a PATCH of the given type.
fn patched(current: &Value, req: &Request) -> Result<Value, ApiError> {
    if req.method == "PUT" {
        return body_json(req);
    }
    let ct = req.header("Content-Type").unwrap_or("");
    let text = std::str::from_utf8(&req.body)
        .map_err(|_| ApiError::bad_request("the request body is not UTF-8"))?;
    let p: Value = if ct.contains("apply-patch+yaml") {
        let docs = crate::manifest::parse::parse_stream(text, &Default::default())
            .map_err(|d| ApiError::bad_request(d.message.en))?;
        docs.first()
            .map(|d| d.root.to_json())
            .ok_or_else(|| ApiError::bad_request("empty apply patch"))?
    } else {
        serde_json::from_str(text)
            .map_err(|e| ApiError::bad_request(format!("the patch is not JSON: {e}")))?
    };
    let out = if ct.starts_with("application/json-patch+json") {
        patch::json_patch(current, &p)
    } else if ct.starts_with("application/merge-patch+json") {
        patch::merge_patch(current, &p)
    } else if ct.starts_with("application/strategic-merge-patch+json")
        || ct.starts_with("application/apply-patch+yaml")
    {
        patch::strategic_merge_patch(current, &p)
    } else {
        return Err(ApiError::unsupported_media_type(ct));
    };
    out.map_err(|e| {
        ApiError::invalid(
            "",
            "",
            "",
            vec![Cause {
                reason: "FieldValueInvalid",
                message: e,
                field: String::new(),
            }],
        )
    })
}

/// Server-owned metadata is kept from the stored object, whatever the client sent.
const SERVER_META: &[&str] = &[
    "uid",
    "creationTimestamp",
    "generation",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
];

fn update(
    cluster: &mut Cluster,
    r: &Route,
    name: &str,
    req: &Request,
    part: Part,
) -> Result<Response, ApiError> {
    if !r.res.writable {
        return Err(method_not_allowed(req));
    }
    let current = find(cluster, r, name)?;
    let Some(old) = current.object.clone() else {
        return Err(method_not_allowed(req));
    };
    let mut new = patched(&current.json, req)?;
    place(&mut new, r)?;
    if req.method == "PUT" {
        check_type(&new, r)?;
        if new["metadata"]["name"].as_str() != Some(name) {
            return Err(ApiError::bad_request(
                "the name of the object does not match the name on the URL",
            ));
        }
    }
    let stored_rv = current.json["metadata"]["resourceVersion"].clone();
    match new["metadata"]["resourceVersion"].as_str() {
        Some(rv) if !rv.is_empty() && Some(rv) != stored_rv.as_str() => {
            return Err(ApiError::conflict(&r.res.qualified(), name));
        }
        _ => {}
    }
    let merged = match part {
        Part::Status => {
            let mut v = current.json.clone();
            v["status"] = new.get("status").cloned().unwrap_or(Value::Null);
            v
        }
        Part::Main => {
            for field in SERVER_META {
                match current.json["metadata"].get(*field) {
                    Some(v) => new["metadata"][*field] = v.clone(),
                    None => {
                        if let Some(m) = new["metadata"].as_object_mut() {
                            m.remove(*field);
                        }
                    }
                }
            }
            if r.res.subresources.contains(&"status") {
                match current.json.get("status") {
                    Some(s) => new["status"] = s.clone(),
                    None => {
                        if let Some(m) = new.as_object_mut() {
                            m.remove("status");
                        }
                    }
                }
            }
            if let Some(node) = current.json["spec"]
                .get("nodeName")
                .filter(|_| r.res.kind == "Pod")
            {
                new["spec"]["nodeName"] = node.clone();
            }
            new
        }
    };
    let (obj, warnings) = admit(merged, r.res, field_validation(req)?)?;
    let unchanged = served_json(&obj) == current.json;
    if dry_run(req) || unchanged {
        return Ok(with_warnings(Response::json(200, &current.json), &warnings));
    }
    let result = match part {
        Part::Status => cluster.store.update_status(obj),
        Part::Main => cluster.store.update(obj),
    };
    result.map_err(|e| sim_error(SimError::Store(e), r, name))?;
    after_node_write(cluster, old.kind());
    settle(cluster);
    let key = Key::of(&old);
    let stored = cluster
        .store
        .get(&key)
        .map(served_json)
        .unwrap_or(Value::Null);
    Ok(with_warnings(Response::json(200, &stored), &warnings))
}

/// DeleteOptions from the body or the query.
fn delete_options(req: &Request) -> Result<(Propagation, Option<i64>), ApiError> {
    let protobuf = req
        .header("Content-Type")
        .is_some_and(super::protobuf::is_protobuf);
    // kubectl's typed clients send DeleteOptions as protobuf; the query carries the same.
    let body: Value = if req.body.is_empty() || protobuf {
        Value::Null
    } else {
        serde_json::from_slice(&req.body)
            .map_err(|e| ApiError::bad_request(format!("DeleteOptions is not JSON: {e}")))?
    };
    let policy = body["propagationPolicy"]
        .as_str()
        .or_else(|| req.param("propagationPolicy"))
        .unwrap_or("Background");
    let propagation = match policy {
        "Background" => Propagation::Background,
        "Foreground" => Propagation::Foreground,
        "Orphan" => Propagation::Orphan,
        other => {
            return Err(ApiError::bad_request(format!(
                "propagationPolicy must be Background, Foreground or Orphan, not {other:?}"
            )))
        }
    };
    let orphan = body["orphanDependents"].as_bool() == Some(true);
    let grace = body["gracePeriodSeconds"]
        .as_i64()
        .or_else(|| req.param("gracePeriodSeconds").and_then(|g| g.parse().ok()));
    Ok((
        if orphan {
            Propagation::Orphan
        } else {
            propagation
        },
        grace,
    ))
}

fn delete_one(
    cluster: &mut Cluster,
    r: &Route,
    name: &str,
    propagation: Propagation,
    grace: Option<i64>,
) -> Result<(), ApiError> {
    let key = Key::new(r.res.kind, r.namespace.as_deref().unwrap_or(""), name);
    if r.res.kind == "Pod" && grace == Some(0) {
        if !cluster.store.contains(&key) {
            return Err(ApiError::not_found(&r.res.qualified(), name));
        }
        cluster.remove_pod(&key);
        return Ok(());
    }
    cluster
        .delete(&key, propagation, "kubectl")
        .map_err(|e| sim_error(e, r, name))
}

fn delete(
    cluster: &mut Cluster,
    r: &Route,
    name: &str,
    req: &Request,
) -> Result<Response, ApiError> {
    if !r.res.writable || r.res.kind == "Namespace" && BUILTIN_NAMESPACES.contains(&name) {
        return Err(ApiError::method_not_supported(
            &format!("deleting {} {name:?}", r.res.plural),
            "kubesim keeps the built-in namespaces and the event log",
        ));
    }
    let item = find(cluster, r, name)?;
    let (propagation, grace) = delete_options(req)?;
    if dry_run(req) {
        return Ok(Response::json(200, &item.json));
    }
    delete_one(cluster, r, name, propagation, grace)?;
    after_node_write(cluster, r.res.kind);
    settle(cluster);
    if let Ok(still) = find(cluster, r, name) {
        // A pod terminating on its node stays until the kubelet stops it.
        return Ok(Response::json(200, &still.json));
    }
    let uid = item.json["metadata"]["uid"].as_str().unwrap_or("");
    Ok(Response::json(
        200,
        &status::success(&r.res.qualified(), name, uid),
    ))
}

fn delete_collection(
    cluster: &mut Cluster,
    r: &Route,
    req: &Request,
) -> Result<Response, ApiError> {
    if !r.res.writable || r.res.kind == "Namespace" {
        return Err(method_not_allowed(req));
    }
    let filter = Filter::from_request(req, r.res.kind)?;
    let (propagation, grace) = delete_options(req)?;
    let doomed: Vec<Item> = items(cluster, r.res, r.namespace.as_deref())
        .into_iter()
        .filter(|i| filter.matches(&i.json, &i.labels()))
        .collect();
    if !dry_run(req) {
        for i in &doomed {
            let route = Route {
                res: r.res,
                namespace: (!i.namespace().is_empty()).then(|| i.namespace().to_string()),
                name: None,
                sub: None,
            };
            // Already gone (a dependent of an earlier one) is fine.
            let _ = delete_one(cluster, &route, i.name(), propagation, grace);
        }
        settle(cluster);
    }
    let list = json!({
        "kind": format!("{}List", r.res.kind),
        "apiVersion": r.res.api_version(),
        "metadata": {"resourceVersion": cluster.store.resource_version().to_string()},
        "items": doomed.into_iter().map(|i| i.json).collect::<Vec<_>>(),
    });
    Ok(Response::json(200, &list))
}

/// The autoscaling/v1 Scale of a Deployment, ReplicaSet or StatefulSet.
fn scale_json(obj: &Value) -> Value {
    let selector = obj["spec"]["selector"]["matchLabels"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default();
    let meta = &obj["metadata"];
    let mut m = Map::new();
    for f in [
        "name",
        "namespace",
        "uid",
        "resourceVersion",
        "creationTimestamp",
    ] {
        if let Some(v) = meta.get(f) {
            m.insert(f.to_string(), v.clone());
        }
    }
    json!({
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": m,
        "spec": {"replicas": obj["spec"]["replicas"].as_i64().unwrap_or(1)},
        "status": {
            "replicas": obj["status"]["replicas"].as_i64().unwrap_or(0),
            "selector": selector,
        },
    })
}

fn get_scale(cluster: &mut Cluster, r: &Route, name: &str) -> Result<Response, ApiError> {
    let item = find(cluster, r, name)?;
    Ok(Response::json(200, &scale_json(&item.json)))
}

fn update_scale(
    cluster: &mut Cluster,
    r: &Route,
    name: &str,
    req: &Request,
) -> Result<Response, ApiError> {
    let item = find(cluster, r, name)?;
    let current = scale_json(&item.json);
    let new = patched(&current, req)?;
    let replicas = new["spec"]["replicas"]
        .as_i64()
        .filter(|n| (0..=i32::MAX as i64).contains(n))
        .ok_or_else(|| {
            ApiError::invalid(
                "Scale",
                "autoscaling",
                name,
                vec![Cause {
                    reason: "FieldValueInvalid",
                    message: format!(
                        "Invalid value: {}: must be greater than or equal to 0",
                        new["spec"]["replicas"]
                    ),
                    field: "spec.replicas".into(),
                }],
            )
        })?;
    match new["metadata"]["resourceVersion"].as_str() {
        Some(rv)
            if !rv.is_empty() && Some(rv) != current["metadata"]["resourceVersion"].as_str() =>
        {
            return Err(ApiError::conflict(&r.res.qualified(), name));
        }
        _ => {}
    }
    let mut obj_json = item.json.clone();
    obj_json["spec"]["replicas"] = json!(replicas);
    let obj = Object::from_json(obj_json).map_err(|e| ApiError::internal(e.to_string()))?;
    if !dry_run(req) && replicas != current["spec"]["replicas"].as_i64().unwrap_or(1) {
        cluster
            .store
            .update(obj)
            .map_err(|e| sim_error(SimError::Store(e), r, name))?;
        settle(cluster);
    }
    let after = find(cluster, r, name)?;
    let mut out = scale_json(&after.json);
    out["spec"]["replicas"] = json!(replicas);
    Ok(Response::json(200, &out))
}

/// `kubectl logs`: kubesim runs no containers, so a pod's log is what the simulator knows:
/// the answer of a DNS lookup command, or nothing.
fn log(cluster: &mut Cluster, r: &Route, name: &str, req: &Request) -> Result<Response, ApiError> {
    let item = find(cluster, r, name)?;
    let Some(Object::Pod(pod)) = item.object else {
        return Err(ApiError::not_found(&r.res.qualified(), name));
    };
    let container = match req.param("container") {
        Some(c) => pod
            .spec
            .containers
            .iter()
            .find(|k| k.name == c)
            .ok_or_else(|| {
                ApiError::bad_request(format!("container {c} is not valid for pod {name}"))
            })?,
        None => match pod.spec.containers.as_slice() {
            [one] => one,
            [first, ..] => first,
            [] => return Ok(Response::text(200, "")),
        },
    };
    let phase = pod
        .status
        .as_ref()
        .and_then(|s| s.phase.clone())
        .unwrap_or_default();
    if phase == "Pending" || phase.is_empty() {
        return Err(ApiError::bad_request(format!(
            "container \"{}\" in pod \"{name}\" is waiting to start: ContainerCreating",
            container.name
        )));
    }
    let words: Vec<String> = container
        .command
        .iter()
        .flatten()
        .chain(container.args.iter().flatten())
        .flat_map(|w| w.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect();
    let ns = r.namespace.as_deref().unwrap_or("default");
    let text = match words.iter().position(|w| w == "nslookup") {
        Some(i) => match words.get(i + 1) {
            Some(host) => cluster.nslookup(host, ns),
            None => String::new(),
        },
        None => String::new(),
    };
    Ok(Response::text(200, text))
}

/// `POST pods/<name>/eviction` (kubectl drain): the pod is deleted as a delete would.
fn evict(cluster: &mut Cluster, r: &Route, name: &str) -> Result<Response, ApiError> {
    find(cluster, r, name)?;
    delete_one(cluster, r, name, Propagation::Background, None)?;
    settle(cluster);
    Ok(Response::json(
        201,
        &json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201}),
    ))
}
