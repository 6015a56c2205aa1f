//! The kubeconfig `kubesim serve` writes: a cluster, a user with the bearer token and a
//! context, all named `kubesim`, made the current context. Merged into an existing file
//! the way `kubectl config set-cluster/set-credentials/set-context/use-context` would:
//! other entries are kept as they were.

use serde_json::{json, Value};

use crate::manifest::parse::{parse_stream, Limits};
use crate::manifest::render::to_yaml;

/// The name of the cluster, user and context.
pub const NAME: &str = "kubesim";

/// The kubeconfig text for `server` and `token`, merged into `existing` (the current text
/// of the file, if any). The server URL carries the token as its path (kubectl sends no
/// credentials over plain HTTP; see `apiserver::authorize`); the user entry holds it too,
/// for clients that send `Authorization: Bearer`. An existing file that is not a kubeconfig is an error, so that
/// nothing a user wrote is thrown away.
pub fn render(existing: Option<&str>, server: &str, token: &str) -> Result<String, String> {
    let mut config = match existing.map(str::trim).filter(|t| !t.is_empty()) {
        None => json!({"apiVersion": "v1", "kind": "Config", "preferences": {}}),
        Some(text) => {
            let docs = parse_stream(text, &Limits::default())
                .map_err(|d| format!("the kubeconfig is not YAML: {}", d.message.en))?;
            let v = docs
                .first()
                .map(|d| d.root.to_json())
                .unwrap_or(Value::Null);
            if !v.is_object() {
                return Err("the kubeconfig is not a YAML mapping".into());
            }
            v
        }
    };
    upsert(
        &mut config,
        "clusters",
        json!({"name": NAME, "cluster": {"server": format!("{server}/{token}")}}),
    )?;
    upsert(
        &mut config,
        "users",
        json!({"name": NAME, "user": {"token": token}}),
    )?;
    upsert(
        &mut config,
        "contexts",
        json!({"name": NAME, "context": {"cluster": NAME, "user": NAME, "namespace": "default"}}),
    )?;
    config["current-context"] = json!(NAME);
    Ok(to_yaml(&config))
}

/// Replaces the entry called `kubesim` in the list `field`, or appends it.
fn upsert(config: &mut Value, field: &str, entry: Value) -> Result<(), String> {
    if config[field].is_null() {
        config[field] = json!([]);
    }
    let list = config[field]
        .as_array_mut()
        .ok_or_else(|| format!("the kubeconfig's {field} is not a list"))?;
    match list.iter_mut().find(|e| e["name"] == NAME) {
        Some(e) => *e = entry,
        None => list.push(entry),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_merges() {
        let fresh = render(None, "http://127.0.0.1:1", "t1").unwrap();
        assert!(fresh.contains("current-context: kubesim"));
        assert!(fresh.contains("token: t1"));
        let other = "apiVersion: v1\nkind: Config\nclusters:\n- name: kind\n  cluster:\n    server: https://x\ncurrent-context: kind\n";
        let merged = render(Some(other), "http://127.0.0.1:2", "t2").unwrap();
        assert!(merged.contains("name: kind"));
        assert!(merged.contains("server: http://127.0.0.1:2/t2"));
        assert!(merged.contains("current-context: kubesim"));
        let again = render(Some(&merged), "http://127.0.0.1:3", "t3").unwrap();
        assert_eq!(again.matches("name: kubesim").count(), 3);
        assert!(!again.contains("t2"));
        assert!(render(Some("- a\n- b\n"), "s", "t").is_err());
        assert!(render(Some("clusters: 3\n"), "s", "t").is_err());
    }
}

/// The server and token of the `kubesim` context in a kubeconfig, if it has one.
pub fn endpoint(text: &str) -> Option<(String, String)> {
    let docs = parse_stream(text, &Limits::default()).ok()?;
    let config = docs.first()?.root.to_json();
    let named = |field: &str, name: &str| -> Option<Value> {
        config[field]
            .as_array()?
            .iter()
            .find(|e| e["name"] == name)
            .cloned()
    };
    let context = named("contexts", NAME)?;
    let cluster = named("clusters", context["context"]["cluster"].as_str()?)?;
    let user = named("users", context["context"]["user"].as_str()?)?;
    let token = user["user"]["token"].as_str()?.to_string();
    let server = cluster["cluster"]["server"].as_str()?;
    let base = server.strip_suffix(&format!("/{token}")).unwrap_or(server);
    Some((base.to_string(), token))
}

#[cfg(test)]
mod endpoint_tests {
    #[test]
    fn reads_back_what_render_wrote() {
        let text = super::render(None, "http://127.0.0.1:9", "tok").unwrap();
        assert_eq!(
            super::endpoint(&text),
            Some(("http://127.0.0.1:9".into(), "tok".into()))
        );
        assert_eq!(super::endpoint("a: b"), None);
    }
}
