//! OpenAPI v3 documents, generated from the same v1.36 schema table the manifest checker
//! uses (src/manifest/schema). kubectl reads them for `explain`, to compute `apply`'s
//! strategic merge patches (merge keys), and to learn that the server validates fields
//! itself (the `fieldValidation` parameter of each PATCH operation, see
//! staging/src/k8s.io/cli-runtime/pkg/resource/query_param_verifier_v3.go), so its default
//! `--validate=strict` sends `fieldValidation=Strict` instead of validating client-side.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::discovery::{self, Resource};
use crate::manifest::schema::{Struct, Ty};

/// The version tag clients cache the documents under.
fn hash() -> String {
    format!("kubesim-{}", env!("CARGO_PKG_VERSION"))
}

/// `api/v1` or `apis/apps/v1`.
fn gv_path(group: &str, version: &str) -> String {
    if group.is_empty() {
        format!("api/{version}")
    } else {
        format!("apis/{group}/{version}")
    }
}

/// `/openapi/v3`: where each group/version's document is.
pub fn root() -> Value {
    let mut paths = Map::new();
    for (g, v) in discovery::group_versions() {
        let p = gv_path(g, v);
        paths.insert(
            p.clone(),
            json!({"serverRelativeURL": format!("/openapi/v3/{p}?hash={}", hash())}),
        );
    }
    json!({ "paths": paths })
}

/// `/openapi/v3/apis/apps/v1`: the paths and schemas of one group/version.
pub fn group_version_doc(path: &str) -> Option<Value> {
    let (group, version) = discovery::group_versions()
        .into_iter()
        .find(|(g, v)| gv_path(g, v) == path)?;
    let mut paths = Map::new();
    let mut schemas: BTreeMap<String, Value> = BTreeMap::new();
    for r in discovery::RESOURCES
        .iter()
        .filter(|r| r.group == group && r.version == version)
    {
        add_paths(&mut paths, r);
        match crate::manifest::schema::root(&r.api_version(), r.kind) {
            Some(root) => add_schema(&mut schemas, root, Some(r)),
            None => {
                schemas.insert(
                    r.kind.to_string(),
                    json!({"type": "object", "x-kubernetes-preserve-unknown-fields": true,
                           "x-kubernetes-group-version-kind": [gvk(r)]}),
                );
            }
        }
    }
    Some(json!({
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": "v1.36.0"},
        "paths": paths,
        "components": {"schemas": schemas},
    }))
}

fn gvk(r: &Resource) -> Value {
    json!({"group": r.group, "version": r.version, "kind": r.kind})
}

fn param(name: &str) -> Value {
    json!({"name": name, "in": "query", "schema": {"type": "string", "uniqueItems": true}})
}

fn add_paths(paths: &mut Map<String, Value>, r: &Resource) {
    let base = format!("/{}", gv_path(r.group, r.version));
    let collection = if r.namespaced {
        format!("{base}/namespaces/{{namespace}}/{}", r.plural)
    } else {
        format!("{base}/{}", r.plural)
    };
    let body_ref = json!({"$ref": format!("#/components/schemas/{}", r.kind)});
    let ext = gvk(r);
    let op = |action: &str| {
        json!({
            "operationId": format!("{action}{}", r.kind),
            "x-kubernetes-action": action,
            "x-kubernetes-group-version-kind": ext,
            "parameters": [param("dryRun"), param("fieldManager"), param("fieldValidation")],
            "responses": {"200": {"description": "OK",
                "content": {"application/json": {"schema": body_ref}}}},
        })
    };
    let mut patch = op("patch");
    patch["requestBody"] = json!({"content": {
        "application/apply-patch+yaml": {"schema": {"type": "object"}},
        "application/json-patch+json": {"schema": {"type": "object"}},
        "application/merge-patch+json": {"schema": {"type": "object"}},
        "application/strategic-merge-patch+json": {"schema": {"type": "object"}},
    }});
    paths.insert(
        collection.clone(),
        json!({"get": op("list"), "post": op("post")}),
    );
    paths.insert(
        format!("{collection}/{{name}}"),
        json!({"get": op("get"), "put": op("put"), "patch": patch, "delete": op("delete")}),
    );
}

/// Adds `s` (and every struct it reaches) to `schemas`, named by its Go type name.
fn add_schema(schemas: &mut BTreeMap<String, Value>, s: &'static Struct, root: Option<&Resource>) {
    if schemas.contains_key(s.name) && root.is_none() {
        return;
    }
    // Reserve the name first: structs refer to themselves (JSONSchemaProps does).
    schemas.insert(s.name.to_string(), Value::Null);
    let mut properties = Map::new();
    for f in s.fields {
        properties.insert(f.name.to_string(), field_schema(schemas, &f.ty, f.name));
    }
    let mut schema = json!({
        "type": "object",
        "description": format!("{} (Kubernetes v1.36).", s.name),
        "properties": properties,
    });
    if let Some(r) = root {
        schema["x-kubernetes-group-version-kind"] = json!([gvk(r)]);
    }
    schemas.insert(s.name.to_string(), schema);
}

fn field_schema(schemas: &mut BTreeMap<String, Value>, ty: &Ty, field: &str) -> Value {
    match ty {
        Ty::Str => json!({"type": "string"}),
        Ty::Bool => json!({"type": "boolean"}),
        Ty::Int32 => json!({"type": "integer", "format": "int32"}),
        Ty::Int64 => json!({"type": "integer", "format": "int64"}),
        Ty::Float => json!({"type": "number", "format": "double"}),
        Ty::Quantity | Ty::IntOrString => json!({"x-kubernetes-int-or-string": true}),
        Ty::Time => json!({"type": "string", "format": "date-time"}),
        Ty::Bytes => json!({"type": "string", "format": "byte"}),
        Ty::Any => json!({"type": "object", "x-kubernetes-preserve-unknown-fields": true}),
        Ty::Struct(s) => {
            add_schema(schemas, s, None);
            json!({"allOf": [{"$ref": format!("#/components/schemas/{}", s.name)}]})
        }
        Ty::List(inner) => {
            let mut v = json!({"type": "array", "items": field_schema(schemas, inner, "")});
            let key = match inner {
                Ty::Struct(s) if s.name == "ServicePort" => Some("port"),
                _ => super::patch::merge_key_of(field),
            };
            if let Some(key) = key {
                v["x-kubernetes-patch-merge-key"] = json!(key);
                v["x-kubernetes-patch-strategy"] = json!("merge");
                v["x-kubernetes-list-type"] = json!("map");
                v["x-kubernetes-list-map-keys"] = json!([key]);
            }
            v
        }
        Ty::Map(inner) => {
            json!({"type": "object", "additionalProperties": field_schema(schemas, inner, "")})
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_group_version_has_a_document_with_patch_and_field_validation() {
        let root = root();
        for (path, entry) in root["paths"].as_object().unwrap() {
            assert!(entry["serverRelativeURL"]
                .as_str()
                .unwrap()
                .starts_with(&format!("/openapi/v3/{path}?hash=")));
            let doc = group_version_doc(path).unwrap();
            let patches: Vec<&Value> = doc["paths"]
                .as_object()
                .unwrap()
                .values()
                .filter_map(|p| p.get("patch"))
                .collect();
            assert!(!patches.is_empty(), "{path}");
            for p in patches {
                assert!(p["parameters"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|x| x["name"] == "fieldValidation"));
            }
        }
        assert!(group_version_doc("apis/nope/v1").is_none());
    }

    #[test]
    fn deployment_schema_has_merge_keys_and_its_gvk() {
        let doc = group_version_doc("apis/apps/v1").unwrap();
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["Deployment"]["x-kubernetes-group-version-kind"][0]["kind"],
            "Deployment"
        );
        let containers = &schemas["PodSpec"]["properties"]["containers"];
        assert_eq!(containers["x-kubernetes-patch-merge-key"], "name");
        // Every $ref resolves.
        let text = doc.to_string();
        for piece in text.split("#/components/schemas/").skip(1) {
            let name = piece.split('"').next().unwrap();
            assert!(schemas.get(name).is_some_and(|s| !s.is_null()), "{name}");
        }
    }
}
