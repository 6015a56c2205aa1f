//! Which apiVersion/kind pairs the v1.36 API server serves, which it used to serve, and
//! which are simply in the wrong group.
//!
//! Removals follow the Kubernetes "Deprecated API Migration Guide"
//! (kubernetes.io/docs/reference/using-api/deprecation-guide/).

/// A kind kubesim decodes into a typed struct (and simulates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypedKind {
    Pod,
    Node,
    Service,
    PersistentVolumeClaim,
    ReplicaSet,
    Deployment,
    StatefulSet,
    DaemonSet,
    Job,
    CronJob,
}

/// A served apiVersion/kind pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KindId {
    pub api_version: &'static str,
    pub kind: &'static str,
    /// False for cluster-scoped kinds such as Node or Namespace.
    pub namespaced: bool,
    /// Set for the kinds kubesim models; others are kept as unstructured objects.
    pub typed: Option<TypedKind>,
}

impl KindId {
    /// True when kubesim simulates objects of this kind.
    pub fn is_simulated(&self) -> bool {
        self.typed.is_some()
    }
}

/// The answer of [`resolve_kind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindLookup {
    /// Served by the v1.36 API server.
    Served(KindId),
    /// Was served once; `replacement` is the apiVersion to use instead ("" when the kind
    /// itself is gone, as PodSecurityPolicy is).
    Removed {
        replacement: &'static str,
        removed_in: &'static str,
    },
    /// The kind exists, but in another group or version (`apiVersion: v1, kind: Deployment`).
    WrongGroup { expected_api_version: &'static str },
    /// Neither kubesim nor the built-in API knows this kind (it may be a custom resource).
    Unknown,
}

const fn served(
    api_version: &'static str,
    kind: &'static str,
    namespaced: bool,
    typed: Option<TypedKind>,
) -> KindId {
    KindId {
        api_version,
        kind,
        namespaced,
        typed,
    }
}

/// Built-in kinds served at v1.36. For a kind served in several versions the preferred
/// version comes first (it is what [`KindLookup::WrongGroup`] suggests).
pub const SERVED_KINDS: &[KindId] = &[
    served("v1", "Pod", true, Some(TypedKind::Pod)),
    served("v1", "Node", false, Some(TypedKind::Node)),
    served("v1", "Service", true, Some(TypedKind::Service)),
    served(
        "v1",
        "PersistentVolumeClaim",
        true,
        Some(TypedKind::PersistentVolumeClaim),
    ),
    served("apps/v1", "ReplicaSet", true, Some(TypedKind::ReplicaSet)),
    served("apps/v1", "Deployment", true, Some(TypedKind::Deployment)),
    served("apps/v1", "StatefulSet", true, Some(TypedKind::StatefulSet)),
    served("apps/v1", "DaemonSet", true, Some(TypedKind::DaemonSet)),
    served("batch/v1", "Job", true, Some(TypedKind::Job)),
    served("batch/v1", "CronJob", true, Some(TypedKind::CronJob)),
    served("v1", "ConfigMap", true, None),
    served("v1", "Secret", true, None),
    served("v1", "Namespace", false, None),
    served("v1", "ServiceAccount", true, None),
    served("v1", "PersistentVolume", false, None),
    served("v1", "Endpoints", true, None),
    served("v1", "LimitRange", true, None),
    served("v1", "ResourceQuota", true, None),
    served("v1", "ReplicationController", true, None),
    served("v1", "PodTemplate", true, None),
    served("v1", "Event", true, None),
    served("apps/v1", "ControllerRevision", true, None),
    served("policy/v1", "PodDisruptionBudget", true, None),
    served("autoscaling/v2", "HorizontalPodAutoscaler", true, None),
    served("autoscaling/v1", "HorizontalPodAutoscaler", true, None),
    served("networking.k8s.io/v1", "Ingress", true, None),
    served("networking.k8s.io/v1", "IngressClass", false, None),
    served("networking.k8s.io/v1", "NetworkPolicy", true, None),
    served("discovery.k8s.io/v1", "EndpointSlice", true, None),
    served("events.k8s.io/v1", "Event", true, None),
    served("storage.k8s.io/v1", "StorageClass", false, None),
    served("storage.k8s.io/v1", "CSIDriver", false, None),
    served("storage.k8s.io/v1", "CSINode", false, None),
    served("storage.k8s.io/v1", "VolumeAttachment", false, None),
    served("storage.k8s.io/v1", "CSIStorageCapacity", true, None),
    served("scheduling.k8s.io/v1", "PriorityClass", false, None),
    served("node.k8s.io/v1", "RuntimeClass", false, None),
    served("coordination.k8s.io/v1", "Lease", true, None),
    served("rbac.authorization.k8s.io/v1", "Role", true, None),
    served("rbac.authorization.k8s.io/v1", "RoleBinding", true, None),
    served("rbac.authorization.k8s.io/v1", "ClusterRole", false, None),
    served(
        "rbac.authorization.k8s.io/v1",
        "ClusterRoleBinding",
        false,
        None,
    ),
    served(
        "apiextensions.k8s.io/v1",
        "CustomResourceDefinition",
        false,
        None,
    ),
    served(
        "admissionregistration.k8s.io/v1",
        "ValidatingWebhookConfiguration",
        false,
        None,
    ),
    served(
        "admissionregistration.k8s.io/v1",
        "MutatingWebhookConfiguration",
        false,
        None,
    ),
    served(
        "admissionregistration.k8s.io/v1",
        "ValidatingAdmissionPolicy",
        false,
        None,
    ),
    served(
        "admissionregistration.k8s.io/v1",
        "ValidatingAdmissionPolicyBinding",
        false,
        None,
    ),
    served("apiregistration.k8s.io/v1", "APIService", false, None),
    served(
        "certificates.k8s.io/v1",
        "CertificateSigningRequest",
        false,
        None,
    ),
    served("flowcontrol.apiserver.k8s.io/v1", "FlowSchema", false, None),
    served(
        "flowcontrol.apiserver.k8s.io/v1",
        "PriorityLevelConfiguration",
        false,
        None,
    ),
];

/// An apiVersion/kind pair the API server no longer serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemovedKind {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub replacement: &'static str,
    pub removed_in: &'static str,
}

const fn removed(
    api_version: &'static str,
    kind: &'static str,
    replacement: &'static str,
    removed_in: &'static str,
) -> RemovedKind {
    RemovedKind {
        api_version,
        kind,
        replacement,
        removed_in,
    }
}

/// Removed apiVersion/kind pairs, from the deprecation guide.
pub const REMOVED_KINDS: &[RemovedKind] = &[
    // v1.16
    removed("extensions/v1beta1", "Deployment", "apps/v1", "v1.16"),
    removed("extensions/v1beta1", "DaemonSet", "apps/v1", "v1.16"),
    removed("extensions/v1beta1", "ReplicaSet", "apps/v1", "v1.16"),
    removed(
        "extensions/v1beta1",
        "NetworkPolicy",
        "networking.k8s.io/v1",
        "v1.16",
    ),
    removed(
        "extensions/v1beta1",
        "PodSecurityPolicy",
        "policy/v1beta1",
        "v1.16",
    ),
    removed("apps/v1beta1", "Deployment", "apps/v1", "v1.16"),
    removed("apps/v1beta1", "StatefulSet", "apps/v1", "v1.16"),
    removed("apps/v1beta1", "ControllerRevision", "apps/v1", "v1.16"),
    removed("apps/v1beta2", "Deployment", "apps/v1", "v1.16"),
    removed("apps/v1beta2", "StatefulSet", "apps/v1", "v1.16"),
    removed("apps/v1beta2", "DaemonSet", "apps/v1", "v1.16"),
    removed("apps/v1beta2", "ReplicaSet", "apps/v1", "v1.16"),
    removed("apps/v1beta2", "ControllerRevision", "apps/v1", "v1.16"),
    // v1.22
    removed(
        "extensions/v1beta1",
        "Ingress",
        "networking.k8s.io/v1",
        "v1.22",
    ),
    removed(
        "networking.k8s.io/v1beta1",
        "Ingress",
        "networking.k8s.io/v1",
        "v1.22",
    ),
    removed(
        "networking.k8s.io/v1beta1",
        "IngressClass",
        "networking.k8s.io/v1",
        "v1.22",
    ),
    removed(
        "admissionregistration.k8s.io/v1beta1",
        "ValidatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1",
        "v1.22",
    ),
    removed(
        "admissionregistration.k8s.io/v1beta1",
        "MutatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1",
        "v1.22",
    ),
    removed(
        "apiextensions.k8s.io/v1beta1",
        "CustomResourceDefinition",
        "apiextensions.k8s.io/v1",
        "v1.22",
    ),
    removed(
        "apiregistration.k8s.io/v1beta1",
        "APIService",
        "apiregistration.k8s.io/v1",
        "v1.22",
    ),
    removed(
        "certificates.k8s.io/v1beta1",
        "CertificateSigningRequest",
        "certificates.k8s.io/v1",
        "v1.22",
    ),
    removed(
        "coordination.k8s.io/v1beta1",
        "Lease",
        "coordination.k8s.io/v1",
        "v1.22",
    ),
    removed(
        "rbac.authorization.k8s.io/v1beta1",
        "Role",
        "rbac.authorization.k8s.io/v1",
        "v1.22",
    ),
    removed(
        "rbac.authorization.k8s.io/v1beta1",
        "RoleBinding",
        "rbac.authorization.k8s.io/v1",
        "v1.22",
    ),
    removed(
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRole",
        "rbac.authorization.k8s.io/v1",
        "v1.22",
    ),
    removed(
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRoleBinding",
        "rbac.authorization.k8s.io/v1",
        "v1.22",
    ),
    removed(
        "scheduling.k8s.io/v1beta1",
        "PriorityClass",
        "scheduling.k8s.io/v1",
        "v1.22",
    ),
    removed(
        "storage.k8s.io/v1beta1",
        "CSIDriver",
        "storage.k8s.io/v1",
        "v1.22",
    ),
    removed(
        "storage.k8s.io/v1beta1",
        "CSINode",
        "storage.k8s.io/v1",
        "v1.22",
    ),
    removed(
        "storage.k8s.io/v1beta1",
        "StorageClass",
        "storage.k8s.io/v1",
        "v1.22",
    ),
    removed(
        "storage.k8s.io/v1beta1",
        "VolumeAttachment",
        "storage.k8s.io/v1",
        "v1.22",
    ),
    // v1.25
    removed("batch/v1beta1", "CronJob", "batch/v1", "v1.25"),
    removed(
        "discovery.k8s.io/v1beta1",
        "EndpointSlice",
        "discovery.k8s.io/v1",
        "v1.25",
    ),
    removed(
        "events.k8s.io/v1beta1",
        "Event",
        "events.k8s.io/v1",
        "v1.25",
    ),
    removed(
        "autoscaling/v2beta1",
        "HorizontalPodAutoscaler",
        "autoscaling/v2",
        "v1.25",
    ),
    removed(
        "policy/v1beta1",
        "PodDisruptionBudget",
        "policy/v1",
        "v1.25",
    ),
    // PodSecurityPolicy has no successor kind; Pod Security Admission replaces it.
    removed("policy/v1beta1", "PodSecurityPolicy", "", "v1.25"),
    removed(
        "node.k8s.io/v1beta1",
        "RuntimeClass",
        "node.k8s.io/v1",
        "v1.25",
    ),
    // v1.26
    removed(
        "autoscaling/v2beta2",
        "HorizontalPodAutoscaler",
        "autoscaling/v2",
        "v1.26",
    ),
    removed(
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "FlowSchema",
        "flowcontrol.apiserver.k8s.io/v1",
        "v1.26",
    ),
    removed(
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "PriorityLevelConfiguration",
        "flowcontrol.apiserver.k8s.io/v1",
        "v1.26",
    ),
    // v1.27
    removed(
        "storage.k8s.io/v1beta1",
        "CSIStorageCapacity",
        "storage.k8s.io/v1",
        "v1.27",
    ),
    // v1.29
    removed(
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "FlowSchema",
        "flowcontrol.apiserver.k8s.io/v1",
        "v1.29",
    ),
    removed(
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "PriorityLevelConfiguration",
        "flowcontrol.apiserver.k8s.io/v1",
        "v1.29",
    ),
    // v1.32
    removed(
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "FlowSchema",
        "flowcontrol.apiserver.k8s.io/v1",
        "v1.32",
    ),
    removed(
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "PriorityLevelConfiguration",
        "flowcontrol.apiserver.k8s.io/v1",
        "v1.32",
    ),
];

/// Looks up an apiVersion/kind pair. Matching is exact and case-sensitive, as the API
/// server's is.
pub fn resolve_kind(api_version: &str, kind: &str) -> KindLookup {
    if let Some(id) = SERVED_KINDS
        .iter()
        .find(|k| k.api_version == api_version && k.kind == kind)
    {
        return KindLookup::Served(*id);
    }
    if let Some(r) = REMOVED_KINDS
        .iter()
        .find(|r| r.api_version == api_version && r.kind == kind)
    {
        return KindLookup::Removed {
            replacement: r.replacement,
            removed_in: r.removed_in,
        };
    }
    if let Some(id) = SERVED_KINDS.iter().find(|k| k.kind == kind) {
        return KindLookup::WrongGroup {
            expected_api_version: id.api_version,
        };
    }
    KindLookup::Unknown
}

/// The served entry of a kind kubesim models.
pub fn typed_kind_id(kind: TypedKind) -> KindId {
    SERVED_KINDS
        .iter()
        .find(|k| k.typed == Some(kind))
        .copied()
        .unwrap_or(KindId {
            api_version: "",
            kind: "",
            namespaced: true,
            typed: Some(kind),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_classify_every_case() {
        let rows: &[(&str, &str, KindLookup)] = &[
            (
                "apps/v1",
                "Deployment",
                KindLookup::Served(typed_kind_id(TypedKind::Deployment)),
            ),
            (
                "v1",
                "Pod",
                KindLookup::Served(typed_kind_id(TypedKind::Pod)),
            ),
            (
                "batch/v1",
                "CronJob",
                KindLookup::Served(typed_kind_id(TypedKind::CronJob)),
            ),
            (
                "extensions/v1beta1",
                "Deployment",
                KindLookup::Removed {
                    replacement: "apps/v1",
                    removed_in: "v1.16",
                },
            ),
            (
                "apps/v1beta2",
                "DaemonSet",
                KindLookup::Removed {
                    replacement: "apps/v1",
                    removed_in: "v1.16",
                },
            ),
            (
                "apps/v1beta1",
                "StatefulSet",
                KindLookup::Removed {
                    replacement: "apps/v1",
                    removed_in: "v1.16",
                },
            ),
            (
                "batch/v1beta1",
                "CronJob",
                KindLookup::Removed {
                    replacement: "batch/v1",
                    removed_in: "v1.25",
                },
            ),
            (
                "policy/v1beta1",
                "PodDisruptionBudget",
                KindLookup::Removed {
                    replacement: "policy/v1",
                    removed_in: "v1.25",
                },
            ),
            (
                "policy/v1beta1",
                "PodSecurityPolicy",
                KindLookup::Removed {
                    replacement: "",
                    removed_in: "v1.25",
                },
            ),
            (
                "autoscaling/v2beta1",
                "HorizontalPodAutoscaler",
                KindLookup::Removed {
                    replacement: "autoscaling/v2",
                    removed_in: "v1.25",
                },
            ),
            (
                "autoscaling/v2beta2",
                "HorizontalPodAutoscaler",
                KindLookup::Removed {
                    replacement: "autoscaling/v2",
                    removed_in: "v1.26",
                },
            ),
            (
                "networking.k8s.io/v1beta1",
                "Ingress",
                KindLookup::Removed {
                    replacement: "networking.k8s.io/v1",
                    removed_in: "v1.22",
                },
            ),
            (
                "extensions/v1beta1",
                "Ingress",
                KindLookup::Removed {
                    replacement: "networking.k8s.io/v1",
                    removed_in: "v1.22",
                },
            ),
            (
                "v1",
                "Deployment",
                KindLookup::WrongGroup {
                    expected_api_version: "apps/v1",
                },
            ),
            (
                "apps/v1",
                "Service",
                KindLookup::WrongGroup {
                    expected_api_version: "v1",
                },
            ),
            (
                "batch/v1beta2",
                "Job",
                KindLookup::WrongGroup {
                    expected_api_version: "batch/v1",
                },
            ),
            (
                "autoscaling/v3",
                "HorizontalPodAutoscaler",
                KindLookup::WrongGroup {
                    expected_api_version: "autoscaling/v2",
                },
            ),
            ("v1", "Deploymnet", KindLookup::Unknown),
            ("v1", "deployment", KindLookup::Unknown),
            ("example.com/v1", "Widget", KindLookup::Unknown),
        ];
        for (api_version, kind, expected) in rows {
            assert_eq!(
                resolve_kind(api_version, kind),
                *expected,
                "{api_version} {kind}"
            );
        }
    }

    #[test]
    fn served_and_removed_tables_do_not_overlap() {
        for r in REMOVED_KINDS {
            assert!(
                !SERVED_KINDS
                    .iter()
                    .any(|s| s.api_version == r.api_version && s.kind == r.kind),
                "{} {} is both served and removed",
                r.api_version,
                r.kind
            );
        }
    }

    #[test]
    fn scopes_and_simulation_flags() {
        let node = typed_kind_id(TypedKind::Node);
        assert!(!node.namespaced);
        assert!(node.is_simulated());
        match resolve_kind("v1", "ConfigMap") {
            KindLookup::Served(id) => {
                assert!(id.namespaced);
                assert!(!id.is_simulated());
            }
            other => panic!("ConfigMap: {other:?}"),
        }
    }
}
