//! The one-line results of mutating commands, worded as kubectl v1.36 words them
//! (the name printer's `<kind>/<name> <operation>`, and `delete`'s own format).

use super::resource::ResourceType;

/// `deployment.apps/nginx created`, `node/kind-worker cordoned`, `pod/web-0 labeled`, ...
/// Operations kubectl uses: created, configured, unchanged, scaled, image updated,
/// rolled back, paused, resumed, restarted, labeled, unlabeled, not labeled, tainted,
/// untainted, modified, cordoned, uncordoned, already cordoned, already uncordoned,
/// drained, evicted.
pub fn operation(resource: ResourceType, name: &str, op: &str) -> String {
    format!("{}/{name} {op}\n", resource.qualified())
}

/// What `kubectl delete` prints for one object: `deployment.apps "nginx" deleted from
/// default namespace` (v1.33 and later name the namespace; cluster-scoped objects have
/// none), or `force deleted` with `--force --grace-period=0`.
pub fn deleted(resource: ResourceType, name: &str, namespace: Option<&str>, force: bool) -> String {
    let op = if force { "force deleted" } else { "deleted" };
    match namespace.filter(|_| resource.is_namespaced()) {
        Some(ns) => format!(
            "{} {name:?} {op} from {ns} namespace\n",
            resource.qualified()
        ),
        None => format!("{} {name:?} {op}\n", resource.qualified()),
    }
}

/// `rollout undo` when the target revision is already running:
/// `deployment.apps/nginx skipped rollback (current template already matches revision 2)`.
pub fn rollback_skipped(resource: ResourceType, name: &str, revision: i64) -> String {
    operation(
        resource,
        name,
        &format!("skipped rollback (current template already matches revision {revision})"),
    )
}

/// The lines `kubectl drain` prints before evicting: the cordon, the warning about
/// DaemonSet pods it leaves alone, and one `evicting pod ns/name` per pod.
pub fn drain_preamble(
    node: &str,
    already_cordoned: bool,
    ignored_daemon_pods: &[String],
    evicting: &[String],
) -> String {
    let mut out = if already_cordoned {
        operation(ResourceType::Node, node, "already cordoned")
    } else {
        operation(ResourceType::Node, node, "cordoned")
    };
    if !ignored_daemon_pods.is_empty() {
        out.push_str(&format!(
            "Warning: ignoring DaemonSet-managed Pods: {}\n",
            ignored_daemon_pods.join(", ")
        ));
    }
    for p in evicting {
        out.push_str(&format!("evicting pod {p}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_match_kubectl() {
        let rows = [
            (operation(ResourceType::Deployment, "nginx", "created"), "deployment.apps/nginx created\n"),
            (operation(ResourceType::Deployment, "nginx", "image updated"), "deployment.apps/nginx image updated\n"),
            (operation(ResourceType::Node, "kind-worker", "cordoned"), "node/kind-worker cordoned\n"),
            (operation(ResourceType::Pod, "web-0", "labeled"), "pod/web-0 labeled\n"),
            (deleted(ResourceType::Pod, "web-1", Some("default"), false), "pod \"web-1\" deleted from default namespace\n"),
            (deleted(ResourceType::Node, "kind-worker3", Some("default"), false), "node \"kind-worker3\" deleted\n"),
            (deleted(ResourceType::Pod, "x", Some("dev"), true), "pod \"x\" force deleted from dev namespace\n"),
            (
                rollback_skipped(ResourceType::Deployment, "nginx", 2),
                "deployment.apps/nginx skipped rollback (current template already matches revision 2)\n",
            ),
        ];
        for (got, want) in rows {
            assert_eq!(got, want);
        }
    }

    #[test]
    fn drain_lists_cordon_warning_and_evictions() {
        let text = drain_preamble(
            "kind-worker",
            false,
            &["kube-system/kindnet-abcde".to_string()],
            &["default/web-7d9f-x1".to_string()],
        );
        assert_eq!(
            text,
            "node/kind-worker cordoned\nWarning: ignoring DaemonSet-managed Pods: kube-system/kindnet-abcde\nevicting pod default/web-7d9f-x1\n"
        );
    }
}
