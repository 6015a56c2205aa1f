//! Resource types as kubectl names them: plural, singular, short names and `name.group`
//! forms, resolved the way the discovery-backed RESTMapper does for the built-in types
//! kubesim simulates.

use std::fmt;

use super::error::{suggest, KubectlError};
use crate::api::Object;

/// A resource type kubesim can list, print and act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResourceType {
    Pod,
    Service,
    DaemonSet,
    Deployment,
    ReplicaSet,
    StatefulSet,
    CronJob,
    Job,
    Node,
    PersistentVolumeClaim,
    Event,
    Namespace,
    ConfigMap,
    /// The `all` category: what `kubectl get all` lists.
    All,
}

struct Names {
    plural: &'static str,
    singular: &'static str,
    short: &'static [&'static str],
    kind: &'static str,
    group: &'static str,
    namespaced: bool,
}

impl ResourceType {
    /// Every concrete type, in the order kubectl's discovery lists them.
    pub const CONCRETE: [ResourceType; 13] = [
        ResourceType::Pod,
        ResourceType::Service,
        ResourceType::DaemonSet,
        ResourceType::Deployment,
        ResourceType::ReplicaSet,
        ResourceType::StatefulSet,
        ResourceType::CronJob,
        ResourceType::Job,
        ResourceType::Node,
        ResourceType::PersistentVolumeClaim,
        ResourceType::Event,
        ResourceType::Namespace,
        ResourceType::ConfigMap,
    ];

    /// The members of the `all` category, in the order `kubectl get all` prints them
    /// (pods, services, daemonsets, deployments, replicasets, statefulsets, cronjobs, jobs;
    /// replicationcontrollers and horizontalpodautoscalers are not simulated).
    pub const ALL_MEMBERS: [ResourceType; 8] = [
        ResourceType::Pod,
        ResourceType::Service,
        ResourceType::DaemonSet,
        ResourceType::Deployment,
        ResourceType::ReplicaSet,
        ResourceType::StatefulSet,
        ResourceType::CronJob,
        ResourceType::Job,
    ];

    fn names(self) -> Names {
        let n = |plural, singular, short, kind, group, namespaced| Names {
            plural,
            singular,
            short,
            kind,
            group,
            namespaced,
        };
        match self {
            ResourceType::Pod => n("pods", "pod", &["po"], "Pod", "", true),
            ResourceType::Service => n("services", "service", &["svc"], "Service", "", true),
            ResourceType::DaemonSet => n(
                "daemonsets",
                "daemonset",
                &["ds"],
                "DaemonSet",
                "apps",
                true,
            ),
            ResourceType::Deployment => n(
                "deployments",
                "deployment",
                &["deploy"],
                "Deployment",
                "apps",
                true,
            ),
            ResourceType::ReplicaSet => n(
                "replicasets",
                "replicaset",
                &["rs"],
                "ReplicaSet",
                "apps",
                true,
            ),
            ResourceType::StatefulSet => n(
                "statefulsets",
                "statefulset",
                &["sts"],
                "StatefulSet",
                "apps",
                true,
            ),
            ResourceType::CronJob => n("cronjobs", "cronjob", &["cj"], "CronJob", "batch", true),
            ResourceType::Job => n("jobs", "job", &[], "Job", "batch", true),
            ResourceType::Node => n("nodes", "node", &["no"], "Node", "", false),
            ResourceType::PersistentVolumeClaim => n(
                "persistentvolumeclaims",
                "persistentvolumeclaim",
                &["pvc"],
                "PersistentVolumeClaim",
                "",
                true,
            ),
            ResourceType::Event => n("events", "event", &["ev"], "Event", "", true),
            ResourceType::Namespace => {
                n("namespaces", "namespace", &["ns"], "Namespace", "", false)
            }
            ResourceType::ConfigMap => n("configmaps", "configmap", &["cm"], "ConfigMap", "", true),
            ResourceType::All => n("all", "all", &[], "", "", true),
        }
    }

    /// Resolves `pods`, `pod`, `po`, `deployments.apps`, `deploy`, ... (case-insensitive).
    pub fn parse(word: &str) -> Result<ResourceType, KubectlError> {
        let lower = word.to_ascii_lowercase();
        let (base, group) = match lower.split_once('.') {
            Some((b, g)) => (b.to_string(), Some(g.to_string())),
            None => (lower.clone(), None),
        };
        let found = Self::CONCRETE
            .into_iter()
            .chain([ResourceType::All])
            .find(|t| {
                let n = t.names();
                let name_ok =
                    n.plural == base || n.singular == base || n.short.contains(&base.as_str());
                // `deployments.apps` and `deployments.v1.apps` both name the group.
                let group_ok = match &group {
                    None => true,
                    Some(g) => {
                        !n.group.is_empty()
                            && (g == n.group || g.ends_with(&format!(".{}", n.group)))
                    }
                };
                name_ok && group_ok
            });
        found.ok_or_else(|| {
            let mut err = KubectlError::new(
                format!("the server doesn't have a resource type {word:?}"),
                format!("서버에 {word:?}라는 리소스 종류가 없습니다"),
            );
            let candidates = Self::CONCRETE
                .into_iter()
                .flat_map(|t| {
                    let n = t.names();
                    [n.plural, n.singular].into_iter().chain(n.short.iter().copied())
                });
            if let Some(s) = suggest(&base, candidates) {
                err = err.with_hint(format!("did you mean {s:?}?"), format!("{s:?}을(를) 입력하려던 것인가요?"));
            } else {
                err = err.with_hint(
                    "kubesim knows pods, deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs, nodes, services, pvc, namespaces, configmaps and events (see 'kubectl api-resources')",
                    "kubesim이 아는 리소스: pods, deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs, nodes, services, pvc, namespaces, configmaps, events ('kubectl api-resources' 참고)",
                );
            }
            err
        })
    }

    /// The type of an object, `None` for kinds kubesim does not print.
    pub fn of(object: &Object) -> Option<ResourceType> {
        Some(match object {
            Object::Pod(_) => ResourceType::Pod,
            Object::Node(_) => ResourceType::Node,
            Object::Service(_) => ResourceType::Service,
            Object::PersistentVolumeClaim(_) => ResourceType::PersistentVolumeClaim,
            Object::ReplicaSet(_) => ResourceType::ReplicaSet,
            Object::Deployment(_) => ResourceType::Deployment,
            Object::StatefulSet(_) => ResourceType::StatefulSet,
            Object::DaemonSet(_) => ResourceType::DaemonSet,
            Object::Job(_) => ResourceType::Job,
            Object::CronJob(_) => ResourceType::CronJob,
            Object::Other(u) => return ResourceType::from_kind(&u.kind),
        })
    }

    /// The type whose kind is `kind` ("Deployment").
    pub fn from_kind(kind: &str) -> Option<ResourceType> {
        Self::CONCRETE.into_iter().find(|t| t.kind() == kind)
    }

    pub fn plural(self) -> &'static str {
        self.names().plural
    }

    /// kubectl's short names (`po`, `deploy`), as discovery lists them.
    pub fn short_names(self) -> &'static [&'static str] {
        self.names().short
    }

    pub fn kind(self) -> &'static str {
        self.names().kind
    }

    /// The API group, "" for the core group.
    pub fn group(self) -> &'static str {
        self.names().group
    }

    pub fn is_namespaced(self) -> bool {
        self.names().namespaced
    }

    /// `deployment.apps` or `pod`: how kubectl names the kind in `-o name` and in
    /// messages such as `deployment.apps/nginx scaled` (lower-cased GroupKind).
    pub fn qualified(self) -> String {
        let n = self.names();
        if n.group.is_empty() {
            n.kind.to_ascii_lowercase()
        } else {
            format!("{}.{}", n.kind.to_ascii_lowercase(), n.group)
        }
    }
}

impl ResourceType {
    /// The plural with its group, as API errors name resources: `deployments.apps`, `pods`.
    pub fn qualified_plural(self) -> String {
        let n = self.names();
        if n.group.is_empty() {
            n.plural.to_string()
        } else {
            format!("{}.{}", n.plural, n.group)
        }
    }
}

impl fmt::Display for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.plural())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_every_alias() {
        use ResourceType::*;
        let rows = [
            ("po", Pod),
            ("pod", Pod),
            ("pods", Pod),
            ("Pods", Pod),
            ("rs", ReplicaSet),
            ("replicasets.apps", ReplicaSet),
            ("deploy", Deployment),
            ("deployment", Deployment),
            ("deployments", Deployment),
            ("deployments.v1.apps", Deployment),
            ("sts", StatefulSet),
            ("ds", DaemonSet),
            ("job", Job),
            ("jobs.batch", Job),
            ("cj", CronJob),
            ("cronjobs", CronJob),
            ("no", Node),
            ("nodes", Node),
            ("svc", Service),
            ("pvc", PersistentVolumeClaim),
            ("ev", Event),
            ("events", Event),
            ("all", All),
        ];
        for (word, expected) in rows {
            assert_eq!(ResourceType::parse(word), Ok(expected), "{word}");
        }
    }

    #[test]
    fn unknown_types_get_kubectl_wording_and_a_suggestion() {
        let err = ResourceType::parse("deploymnets").expect_err("not a type");
        assert_eq!(
            err.message.en,
            "the server doesn't have a resource type \"deploymnets\""
        );
        assert!(err
            .hint
            .map(|h| h.en)
            .unwrap_or_default()
            .contains("\"deployments\""));
        assert!(ResourceType::parse("pods.apps").is_err());
        assert!(ResourceType::parse("ingresses").is_err());
        // `ns` is a real short name now, never "did you mean ds?".
        assert_eq!(ResourceType::parse("ns"), Ok(ResourceType::Namespace));
        assert_eq!(ResourceType::parse("cm"), Ok(ResourceType::ConfigMap));
    }

    #[test]
    fn qualified_names_match_kubectl() {
        assert_eq!(ResourceType::Deployment.qualified(), "deployment.apps");
        assert_eq!(ResourceType::Pod.qualified(), "pod");
        assert_eq!(ResourceType::CronJob.qualified(), "cronjob.batch");
        assert_eq!(
            ResourceType::PersistentVolumeClaim.qualified(),
            "persistentvolumeclaim"
        );
    }
}
