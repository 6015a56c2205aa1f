//! What kubectl learns from the API server's discovery and prints without touching
//! objects: `api-resources`, `api-versions`, `version`, and the `--help` text of every
//! command (staging/src/k8s.io/kubectl/pkg/cmd/apiresources, .../version). Pure
//! functions: the simulated API server serves the types of [`ResourceType::CONCRETE`].

use super::error::{suggest, KubectlError};
use super::help_text::HELP;
use super::resource::ResourceType;
use super::table::{Table, GET_PADDING};

/// The Kubernetes release kubesim simulates, as `kubectl version` reports it.
pub const KUBERNETES_VERSION: &str = "v1.36.0";

/// The group order of discovery: the core group first, then the named groups.
fn group_rank(group: &str) -> usize {
    match group {
        "" => 0,
        "apps" => 1,
        _ => 2,
    }
}

fn api_version(r: ResourceType) -> String {
    if r.group().is_empty() {
        "v1".to_string()
    } else {
        format!("{}/v1", r.group())
    }
}

/// `kubectl api-resources [--namespaced=true|false] [-o name|wide]`.
pub fn api_resources(namespaced: Option<bool>, output: Option<&str>) -> String {
    let mut types: Vec<ResourceType> = ResourceType::CONCRETE
        .into_iter()
        .filter(|r| namespaced.is_none_or(|n| r.is_namespaced() == n))
        .collect();
    types.sort_by_key(|r| (group_rank(r.group()), r.group(), r.plural()));
    if output == Some("name") {
        return types
            .iter()
            .map(|r| {
                if r.group().is_empty() {
                    format!("{}\n", r.plural())
                } else {
                    format!("{}.{}\n", r.plural(), r.group())
                }
            })
            .collect();
    }
    let mut headers = vec!["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"];
    if output == Some("wide") {
        headers.extend(["VERBS", "CATEGORIES"]);
    }
    let mut table = Table::new(&headers);
    for r in types {
        let mut row = vec![
            r.plural().to_string(),
            r.short_names().join(","),
            api_version(r),
            r.is_namespaced().to_string(),
            r.kind().to_string(),
        ];
        if output == Some("wide") {
            row.push("create,delete,deletecollection,get,list,patch,update,watch".to_string());
            row.push(if ResourceType::ALL_MEMBERS.contains(&r) {
                "all".to_string()
            } else {
                String::new()
            });
        }
        table.push(row);
    }
    table.render(GET_PADDING)
}

/// `kubectl api-versions`: the group versions kubesim serves, sorted.
pub fn api_versions() -> String {
    let mut versions: Vec<String> = ResourceType::CONCRETE
        .into_iter()
        .map(api_version)
        .collect();
    versions.sort();
    versions.dedup();
    versions.iter().map(|v| format!("{v}\n")).collect()
}

/// `kubectl version [--client]`.
pub fn version(client_only: bool) -> String {
    let mut out = format!("Client Version: {KUBERNETES_VERSION}\n");
    if !client_only {
        out.push_str(&format!("Server Version: {KUBERNETES_VERSION}\n"));
    }
    out
}

/// kubectl's `--help` text for a command path (`[]` for `kubectl --help`, `["create",
/// "deployment"]`); the longest known prefix of `path` is used, as cobra finds the
/// deepest subcommand.
pub fn help(path: &[String]) -> Result<String, KubectlError> {
    for n in (0..=path.len()).rev() {
        let key = path[..n].join(" ");
        if let Some((_, text)) = HELP.iter().find(|(p, _)| *p == key) {
            if n == 0 && !path.is_empty() {
                break;
            }
            return Ok(text.to_string());
        }
    }
    let shown = path.join(" ");
    let err = KubectlError::new(
        format!("unknown command \"{shown}\" for \"kubectl\""),
        format!("kubectl에 \"{shown}\"라는 명령은 없습니다"),
    );
    let verbs = HELP.iter().map(|(p, _)| *p).filter(|p| !p.is_empty());
    Err(match suggest(&shown, verbs) {
        Some(s) => err.with_hint(
            format!("did you mean \"{s}\"? Run 'kubectl help' for the commands"),
            format!("\"{s}\"를 입력하려던 것인가요? 명령 목록은 'kubectl help'로 보세요"),
        ),
        None => err.with_hint(
            "run 'kubectl help' for the commands",
            "명령 목록은 'kubectl help'로 보세요",
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_resources_lists_what_kubesim_serves_in_discovery_order() {
        let text = api_resources(None, None);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0].split_whitespace().collect::<Vec<_>>(),
            ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
        );
        let names: Vec<&str> = lines[1..]
            .iter()
            .map(|l| l.split_whitespace().next().unwrap_or(""))
            .collect();
        assert_eq!(
            names,
            [
                "configmaps",
                "events",
                "namespaces",
                "nodes",
                "persistentvolumeclaims",
                "pods",
                "services",
                "daemonsets",
                "deployments",
                "replicasets",
                "statefulsets",
                "cronjobs",
                "jobs"
            ]
        );
        assert!(
            text.contains(
                "deployments              deploy       apps/v1      true         Deployment\n"
            ),
            "{text}"
        );
        let cluster = api_resources(Some(false), Some("name"));
        assert_eq!(cluster, "namespaces\nnodes\n");
    }

    #[test]
    fn versions_and_help() {
        assert_eq!(api_versions(), "apps/v1\nbatch/v1\nv1\n");
        assert_eq!(version(true), "Client Version: v1.36.0\n");
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert!(help(&words("get"))
            .unwrap()
            .starts_with("Display one or many resources."));
        assert!(help(&words("create deployment web"))
            .unwrap()
            .starts_with("Create a deployment with the specified name."));
        assert!(help(&[]).unwrap().contains("Basic Commands"));
        assert!(help(&words("frobnicate")).is_err());
    }
}
