//! The three patch types the API server accepts:
//! JSON merge patch (RFC 7386), JSON patch (RFC 6902), and strategic merge patch with the
//! built-in types' merge keys and the `$patch`, `$setElementOrder`, `$retainKeys` and
//! `$deleteFromPrimitiveList` directives
//! (staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go: mergeMap,
//! mergeSlice, mergeSliceWithSpecialElements). `kubectl apply` and `kubectl set image`
//! send strategic merge patches; `kubectl rollout undo` a JSON patch.

use serde_json::{Map, Value};

/// How deep a patch may nest before it is refused (hostile input must not overflow the
/// stack).
const MAX_DEPTH: usize = 64;

/// Why a patch could not be applied (the API server answers 422 or 400 with this text).
pub type PatchError = String;

/// RFC 7386: objects merge, `null` deletes, anything else replaces.
pub fn merge_patch(target: &Value, patch: &Value) -> Result<Value, PatchError> {
    merge_patch_at(target, patch, 0)
}

fn merge_patch_at(target: &Value, patch: &Value, depth: usize) -> Result<Value, PatchError> {
    if depth > MAX_DEPTH {
        return Err("patch nested too deeply".into());
    }
    let Value::Object(p) = patch else {
        return Ok(patch.clone());
    };
    let mut out = match target {
        Value::Object(t) => t.clone(),
        _ => Map::new(),
    };
    for (k, v) in p {
        if v.is_null() {
            out.remove(k);
        } else {
            let merged = merge_patch_at(out.get(k).unwrap_or(&Value::Null), v, depth + 1)?;
            out.insert(k.clone(), merged);
        }
    }
    Ok(Value::Object(out))
}

/// RFC 6902 operations, applied in order; any failure leaves nothing applied.
pub fn json_patch(target: &Value, patch: &Value) -> Result<Value, PatchError> {
    let ops = patch
        .as_array()
        .ok_or("a JSON patch must be an array of operations")?;
    let mut doc = target.clone();
    for (i, op) in ops.iter().enumerate() {
        apply_op(&mut doc, op).map_err(|e| format!("operation {i}: {e}"))?;
    }
    Ok(doc)
}

fn apply_op(doc: &mut Value, op: &Value) -> Result<(), PatchError> {
    let name = op["op"].as_str().ok_or("missing \"op\"")?;
    let path = op["path"].as_str().ok_or("missing \"path\"")?;
    let value = || op.get("value").cloned().ok_or("missing \"value\"");
    match name {
        "add" => add(doc, path, value()?),
        "remove" => remove(doc, path).map(|_| ()),
        "replace" => {
            remove(doc, path)?;
            add(doc, path, value()?)
        }
        "move" => {
            let from = op["from"].as_str().ok_or("missing \"from\"")?;
            let v = remove(doc, from)?;
            add(doc, path, v)
        }
        "copy" => {
            let from = op["from"].as_str().ok_or("missing \"from\"")?;
            let v = doc.pointer(from).cloned().ok_or("\"from\" not found")?;
            add(doc, path, v)
        }
        "test" => {
            if doc.pointer(path) == Some(&value()?) {
                Ok(())
            } else {
                Err(format!("test failed at {path}"))
            }
        }
        other => Err(format!("unknown op {other:?}")),
    }
}

/// Splits a JSON pointer into its parent pointer and last token (unescaped).
fn split_pointer(path: &str) -> Result<(&str, String), PatchError> {
    if path.is_empty() {
        return Err("the whole document cannot be the target".into());
    }
    let at = path.rfind('/').ok_or("a path starts with /")?;
    let token = path[at + 1..].replace("~1", "/").replace("~0", "~");
    Ok((&path[..at], token))
}

fn add(doc: &mut Value, path: &str, v: Value) -> Result<(), PatchError> {
    let (parent, token) = split_pointer(path)?;
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.insert(token, v);
            Ok(())
        }
        Some(Value::Array(items)) => {
            let at = if token == "-" {
                items.len()
            } else {
                token
                    .parse::<usize>()
                    .ok()
                    .filter(|i| *i <= items.len())
                    .ok_or_else(|| format!("bad index {token:?}"))?
            };
            items.insert(at, v);
            Ok(())
        }
        _ => Err(format!("{parent:?} not found")),
    }
}

fn remove(doc: &mut Value, path: &str) -> Result<Value, PatchError> {
    let (parent, token) = split_pointer(path)?;
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => map
            .shift_remove(&token)
            .ok_or_else(|| format!("{path:?} not found")),
        Some(Value::Array(items)) => {
            let i = token
                .parse::<usize>()
                .ok()
                .filter(|i| *i < items.len())
                .ok_or_else(|| format!("bad index {token:?}"))?;
            Ok(items.remove(i))
        }
        _ => Err(format!("{path:?} not found")),
    }
}

/// The merge key of a list field of the built-in types, by field name (the names are
/// unambiguous across the types kubesim serves), from the `patchMergeKey` tags of
/// staging/src/k8s.io/api/core/v1/types.go and apps/v1/types.go. Lists not named here
/// are replaced whole, as lists without `patchStrategy:"merge"` are.
fn merge_key(field: &str) -> Option<&'static str> {
    Some(match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "volumes"
        | "env"
        | "imagePullSecrets"
        | "resourceClaims"
        | "readinessGates" => match field {
            "readinessGates" => "conditionType",
            _ => "name",
        },
        "ports" => "containerPort",
        "volumeMounts" => "mountPath",
        "volumeDevices" => "devicePath",
        "ownerReferences" => "uid",
        "conditions" => "type",
        "hostAliases" => "ip",
        "topologySpreadConstraints" => "topologyKey",
        "addresses" => "type",
        _ => return None,
    })
}

/// The merge key of a list field, for the OpenAPI documents' `x-kubernetes-patch-merge-key`
/// (Service ports, keyed on `port`, are the one exception [`key_for`] knows).
pub fn merge_key_of(field: &str) -> Option<&'static str> {
    merge_key(field)
}

/// Primitive lists merged as sets (`patchStrategy:"merge"` on a list of strings).
fn is_merged_primitive_list(field: &str) -> bool {
    field == "finalizers"
}

/// Service ports merge on `port`, container ports on `containerPort`: the parent field
/// tells them apart.
fn key_for(parent: &str, field: &str) -> Option<&'static str> {
    if field == "ports" && parent == "spec" {
        return Some("port");
    }
    merge_key(field)
}

/// Applies a strategic merge patch to `target`.
pub fn strategic_merge_patch(target: &Value, patch: &Value) -> Result<Value, PatchError> {
    smp_map(target, patch, "", 0)
}

fn smp_map(target: &Value, patch: &Value, parent: &str, depth: usize) -> Result<Value, PatchError> {
    if depth > MAX_DEPTH {
        return Err("patch nested too deeply".into());
    }
    let Value::Object(p) = patch else {
        return Ok(patch.clone());
    };
    match p.get("$patch").and_then(Value::as_str) {
        Some("replace") => {
            let mut out = p.clone();
            out.remove("$patch");
            return Ok(strip_directives(Value::Object(out)));
        }
        Some("delete") => return Ok(Value::Null),
        _ => {}
    }
    let mut out = match target {
        Value::Object(t) => t.clone(),
        _ => Map::new(),
    };
    if let Some(Value::Array(keep)) = p.get("$retainKeys") {
        let keep: Vec<&str> = keep.iter().filter_map(Value::as_str).collect();
        out.retain(|k, _| keep.contains(&k.as_str()) || p.contains_key(k));
    }
    for (k, v) in p {
        if k.starts_with('$') {
            continue;
        }
        if let Some(field) = k.strip_prefix("$deleteFromPrimitiveList/") {
            if let (Some(Value::Array(items)), Value::Array(gone)) = (out.get_mut(field), v) {
                items.retain(|i| !gone.contains(i));
            }
            continue;
        }
        if v.is_null() {
            out.remove(k);
            continue;
        }
        let current = out.get(k).cloned().unwrap_or(Value::Null);
        let merged = match v {
            Value::Object(_) => smp_map(&current, v, k, depth + 1)?,
            Value::Array(items) => smp_list(&current, items, parent, k, depth + 1)?,
            other => other.clone(),
        };
        if merged.is_null() {
            out.remove(k);
        } else {
            out.insert(k.clone(), merged);
        }
    }
    // `$setElementOrder/<field>` orders a merged list as the patch's author had it.
    for (k, order) in p {
        if let (Some(field), Value::Array(order)) = (k.strip_prefix("$setElementOrder/"), order) {
            if let (Some(Value::Array(items)), Some(key)) =
                (out.get_mut(field), key_for(parent, field))
            {
                let pos = |i: &Value| order.iter().position(|o| o.get(key) == i.get(key));
                items.sort_by_key(|i| pos(i).unwrap_or(usize::MAX));
            }
        }
    }
    Ok(Value::Object(out))
}

fn smp_list(
    current: &Value,
    patch: &[Value],
    parent: &str,
    field: &str,
    depth: usize,
) -> Result<Value, PatchError> {
    let current: Vec<Value> = current.as_array().cloned().unwrap_or_default();
    if is_merged_primitive_list(field) {
        let mut out = current;
        for v in patch {
            if !out.contains(v) {
                out.push(v.clone());
            }
        }
        return Ok(Value::Array(out));
    }
    let Some(key) = key_for(parent, field) else {
        return Ok(strip_directives(Value::Array(patch.to_vec())));
    };
    if patch
        .iter()
        .any(|p| p.get("$patch").and_then(Value::as_str) == Some("replace"))
    {
        let kept: Vec<Value> = patch
            .iter()
            .filter(|p| p.get("$patch").is_none())
            .cloned()
            .collect();
        return Ok(strip_directives(Value::Array(kept)));
    }
    let mut out = current;
    for item in patch {
        let Some(id) = item.get(key) else {
            return Err(format!(
                "map: {item} does not contain declared merge key: {key}"
            ));
        };
        let at = out.iter().position(|o| o.get(key) == Some(id));
        if item.get("$patch").and_then(Value::as_str) == Some("delete") {
            if let Some(i) = at {
                out.remove(i);
            }
            continue;
        }
        match at {
            Some(i) => {
                let merged = smp_map(&out[i], item, field, depth + 1)?;
                out[i] = merged;
            }
            None => out.push(strip_directives(item.clone())),
        }
    }
    Ok(Value::Array(out))
}

/// Drops `$` directives from a value stored as given.
fn strip_directives(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| !k.starts_with('$'))
                .map(|(k, v)| (k, strip_directives(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(strip_directives).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn deployment() -> Value {
        json!({"metadata": {"name": "web", "labels": {"app": "web"}},
               "spec": {"replicas": 1, "template": {"spec": {"containers": [
                   {"name": "nginx", "image": "nginx:1.14", "ports": [{"containerPort": 80}]},
                   {"name": "side", "image": "busybox"}]}}}})
    }

    #[test]
    fn merge_patch_merges_objects_and_deletes_nulls() {
        let out = merge_patch(
            &deployment(),
            &json!({"metadata": {"labels": {"app": null, "tier": "x"}}, "spec": {"replicas": 3}}),
        )
        .unwrap();
        assert_eq!(out["metadata"]["labels"], json!({"tier": "x"}));
        assert_eq!(out["spec"]["replicas"], 3);
        assert_eq!(
            out["spec"]["template"]["spec"]["containers"][1]["name"],
            "side"
        );
    }

    #[test]
    fn json_patch_ops_and_failures() {
        let out = json_patch(
            &deployment(),
            &json!([{"op": "replace", "path": "/spec/replicas", "value": 5},
                    {"op": "add", "path": "/metadata/annotations", "value": {"a": "b"}},
                    {"op": "remove", "path": "/spec/template/spec/containers/1"},
                    {"op": "test", "path": "/spec/replicas", "value": 5}]),
        )
        .unwrap();
        assert_eq!(out["spec"]["replicas"], 5);
        assert_eq!(out["metadata"]["annotations"]["a"], "b");
        assert_eq!(
            out["spec"]["template"]["spec"]["containers"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        for bad in [
            json!({"op": "add"}),
            json!([{"op": "remove", "path": "/nope"}]),
            json!([{"op": "frob", "path": "/a"}]),
            json!([{"op": "add", "path": "", "value": 1}]),
            json!([{"op": "add", "path": "/spec/template/spec/containers/9", "value": 1}]),
            json!([{"op": "test", "path": "/spec/replicas", "value": 2}]),
        ] {
            assert!(json_patch(&deployment(), &bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn strategic_merge_by_name_keeps_other_containers() {
        // kubectl set image web nginx=nginx:1.16
        let out = strategic_merge_patch(
            &deployment(),
            &json!({"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.16"}]}}}}),
        )
        .unwrap();
        let cs = &out["spec"]["template"]["spec"]["containers"];
        assert_eq!(cs[0]["image"], "nginx:1.16");
        assert_eq!(cs[0]["ports"][0]["containerPort"], 80);
        assert_eq!(cs[1]["image"], "busybox");
    }

    #[test]
    fn strategic_merge_directives() {
        let out = strategic_merge_patch(
            &deployment(),
            &json!({"spec": {"template": {"spec": {
                "$setElementOrder/containers": [{"name": "side"}, {"name": "nginx"}, {"name": "new"}],
                "containers": [{"name": "new", "image": "redis"}, {"name": "side", "$patch": "delete"}]}}},
                "metadata": {"finalizers": ["a"], "labels": {"app": null}}}),
        )
        .unwrap();
        let names: Vec<&str> = out["spec"]["template"]["spec"]["containers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["nginx", "new"]);
        assert_eq!(out["metadata"]["labels"], json!({}));
        assert_eq!(out["metadata"]["finalizers"], json!(["a"]));
        let replaced = strategic_merge_patch(
            &deployment(),
            &json!({"spec": {"template": {"$patch": "replace", "spec": {"containers": []}}}}),
        )
        .unwrap();
        assert_eq!(
            replaced["spec"]["template"],
            json!({"spec": {"containers": []}})
        );
        assert!(strategic_merge_patch(
            &deployment(),
            &json!({"spec": {"template": {"spec": {"containers": [{"image": "x"}]}}}})
        )
        .is_err());
    }

    #[test]
    fn deep_patches_are_refused_not_overflowed() {
        let mut p = json!(1);
        for _ in 0..200 {
            p = json!({"a": p});
        }
        assert!(merge_patch(&json!({}), &p).is_err());
        assert!(strategic_merge_patch(&json!({}), &p).is_err());
    }
}
