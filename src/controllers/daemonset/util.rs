//! Helpers of the DaemonSet controller, after pkg/controller/daemon/util/daemonset_util.go
//! (`CreatePodTemplate`, `ReplaceDaemonSetPodNodeNameNodeAffinity`, `GetTargetNodeName`,
//! `IsPodUpdated`, `GetTemplateGeneration`, `SurgeCount`, `UnavailableCount`,
//! `AllowsSurge`), pkg/controller/controller_utils.go (`ComputeHash`) and the pod order of
//! daemon_controller.go (`podByCreationTimestampAndPhase`).

use std::cmp::Ordering;

use crate::api::affinity::{
    Affinity, NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm,
};
use crate::api::daemonset::DaemonSet;
use crate::api::pod::{Pod, PodTemplateSpec};
use crate::controllers::podutil::{created_at, node_name};
use crate::scheduling::add_daemon_pod_tolerations;
pub use crate::state::strategy::{
    set_template_generation, template_generation, TEMPLATE_GENERATION_ANNOTATION,
};

/// The label with the hash of the template a daemon pod was made from
/// (`apps.DefaultDaemonSetUniqueLabelKey`).
pub const CONTROLLER_REVISION_HASH: &str = "controller-revision-hash";
/// The label with the template generation a daemon pod was made from
/// (`extensions.DaemonSetTemplateGenerationKey`).
pub const POD_TEMPLATE_GENERATION: &str = "pod-template-generation";
/// The field a daemon pod's node affinity pins (`metav1.ObjectNameField`).
pub const OBJECT_NAME_FIELD: &str = "metadata.name";

/// `CreatePodTemplate`: the DaemonSet's template with the daemon tolerations added and the
/// template generation and revision hash as labels.
pub fn create_pod_template(ds: &DaemonSet, hash: &str) -> PodTemplateSpec {
    let mut template = ds.spec.template.clone();
    add_daemon_pod_tolerations(&mut template.spec);
    let labels = template
        .metadata
        .labels
        .get_or_insert_with(Default::default);
    if let Some(g) = template_generation(ds) {
        labels.insert(POD_TEMPLATE_GENERATION.to_string(), g.to_string());
    }
    if !hash.is_empty() {
        labels.insert(CONTROLLER_REVISION_HASH.to_string(), hash.to_string());
    }
    template
}

/// `ReplaceDaemonSetPodNodeNameNodeAffinity`: the pod's required node affinity becomes a
/// single term `matchFields: metadata.name In [node]`, so the default scheduler can only
/// bind it there. Any required terms of the template are replaced (the controller already
/// checked them); preferred terms and pod (anti-)affinity stay.
pub fn pin_to_node(affinity: Option<Affinity>, node: &str) -> Affinity {
    let selector = NodeSelector {
        node_selector_terms: vec![NodeSelectorTerm {
            match_expressions: None,
            match_fields: Some(vec![NodeSelectorRequirement {
                key: OBJECT_NAME_FIELD.to_string(),
                operator: "In".to_string(),
                values: Some(vec![node.to_string()]),
            }]),
        }],
    };
    let mut affinity = affinity.unwrap_or_default();
    let node_affinity = affinity
        .node_affinity
        .get_or_insert_with(NodeAffinity::default);
    node_affinity.required_during_scheduling_ignored_during_execution = Some(selector);
    affinity
}

/// `GetTargetNodeName`: the node a daemon pod is bound to, or the one its node affinity
/// pins it to while it is not yet scheduled.
pub fn target_node_name(pod: &Pod) -> Option<&str> {
    let bound = node_name(pod);
    if !bound.is_empty() {
        return Some(bound);
    }
    let terms = &pod
        .spec
        .affinity
        .as_ref()?
        .node_affinity
        .as_ref()?
        .required_during_scheduling_ignored_during_execution
        .as_ref()?
        .node_selector_terms;
    for term in terms {
        for req in term.match_fields.iter().flatten() {
            if req.key == OBJECT_NAME_FIELD && req.operator == "In" {
                return match req.values.as_deref() {
                    Some([only]) => Some(only.as_str()),
                    _ => None,
                };
            }
        }
    }
    None
}

/// `IsPodUpdated`: the pod carries the current revision hash, or the current template
/// generation.
pub fn is_pod_updated(pod: &Pod, hash: &str, generation: Option<i64>) -> bool {
    let label = |k: &str| pod.metadata.label(k);
    let generation_matches = generation
        .is_some_and(|g| label(POD_TEMPLATE_GENERATION).is_some_and(|v| v.parse::<i64>() == Ok(g)));
    let hash_matches = !hash.is_empty() && label(CONTROLLER_REVISION_HASH) == Some(hash);
    hash_matches || generation_matches
}

/// The strategy type, "RollingUpdate" when unset (the API server's default).
pub fn strategy_type(ds: &DaemonSet) -> &str {
    ds.spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.type_.as_deref())
        .unwrap_or("RollingUpdate")
}

/// `SurgeCount`: maxSurge of `number_to_schedule`, rounded up; 0 unless RollingUpdate.
pub fn surge_count(ds: &DaemonSet, number_to_schedule: i32) -> Result<i32, String> {
    if strategy_type(ds) != "RollingUpdate" {
        return Ok(0);
    }
    let Some(ru) = ds
        .spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.rolling_update.as_ref())
    else {
        return Ok(0);
    };
    match &ru.max_surge {
        None => Ok(0),
        Some(v) => v.scaled_value(number_to_schedule, true),
    }
}

/// `UnavailableCount`: maxUnavailable of `number_to_schedule`, rounded up; 0 unless
/// RollingUpdate.
pub fn unavailable_count(ds: &DaemonSet, number_to_schedule: i32) -> Result<i32, String> {
    if strategy_type(ds) != "RollingUpdate" {
        return Ok(0);
    }
    let Some(ru) = ds
        .spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.rolling_update.as_ref())
    else {
        return Ok(0);
    };
    match &ru.max_unavailable {
        None => Err("nil value for IntOrString".to_string()),
        Some(v) => v.scaled_value(number_to_schedule, true),
    }
}

/// `AllowsSurge`: a node may briefly run an old and a new pod.
pub fn allows_surge(ds: &DaemonSet) -> bool {
    surge_count(ds, 1).is_ok_and(|s| s > 0)
}

/// `podByCreationTimestampAndPhase`: scheduled pods first, then the oldest, then by name.
pub fn by_creation_and_phase(a: &Pod, b: &Pod) -> Ordering {
    let (sa, sb) = (!node_name(a).is_empty(), !node_name(b).is_empty());
    if sa != sb {
        return sb.cmp(&sa);
    }
    created_at(&a.metadata)
        .cmp(&created_at(&b.metadata))
        .then_with(|| a.metadata.name.cmp(&b.metadata.name))
}

/// The revision hash of a template (upstream `controller.ComputeHash`: FNV-32a of the
/// template and the collision count, written with `rand.SafeEncodeString`). Upstream hashes
/// Go's printed form of the struct, which kubesim cannot reproduce, so it hashes the
/// template's JSON: the value differs from a real cluster's, but it has the same shape and
/// changes exactly when the template does.
pub fn compute_hash(template: &PodTemplateSpec, collision_count: Option<i32>) -> String {
    const OFFSET: u32 = 0x811c_9dc5;
    const PRIME: u32 = 0x0100_0193;
    let text = serde_json::to_string(template).unwrap_or_default();
    let mut h = OFFSET;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            h ^= u32::from(*b);
            h = h.wrapping_mul(PRIME);
        }
    };
    feed(text.as_bytes());
    if let Some(c) = collision_count {
        feed(&c.to_le_bytes());
    }
    safe_encode(&h.to_string())
}

/// `rand.SafeEncodeString`: each byte mapped into an alphabet without vowels or
/// look-alike characters.
fn safe_encode(s: &str) -> String {
    const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    s.bytes()
        .map(|b| char::from(ALPHANUMS[usize::from(b) % ALPHANUMS.len()]))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn ds(strategy: serde_json::Value) -> DaemonSet {
        serde_json::from_value(json!({
            "metadata": {"name": "d", "annotations": {TEMPLATE_GENERATION_ANNOTATION: "3"}},
            "spec": {"selector": {"matchLabels": {"a": "b"}}, "updateStrategy": strategy,
                     "template": {"metadata": {"labels": {"a": "b"}},
                                  "spec": {"containers": [{"name": "c", "image": "i"}]}}}
        }))
        .unwrap()
    }

    #[test]
    fn surge_and_unavailable_round_up_as_upstream() {
        // (strategy, desired, surge, unavailable)
        let cases = [
            (
                json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}}),
                10,
                Ok(0),
                Ok(1),
            ),
            (
                json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "10%", "maxSurge": 0}}),
                15,
                Ok(0),
                Ok(2),
            ),
            (
                json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "10%", "maxSurge": 0}}),
                10,
                Ok(0),
                Ok(1),
            ),
            (
                json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": "25%"}}),
                5,
                Ok(2),
                Ok(0),
            ),
            (
                json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": "1%"}}),
                1,
                Ok(1),
                Ok(0),
            ),
            (
                json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "0%", "maxSurge": "0%"}}),
                0,
                Ok(0),
                Ok(0),
            ),
            (json!({"type": "OnDelete"}), 10, Ok(0), Ok(0)),
            (json!({"type": "RollingUpdate"}), 10, Ok(0), Ok(0)),
            (
                json!({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}),
                10,
                Ok(1),
                Err(()),
            ),
            (
                json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "x%", "maxSurge": 1}}),
                10,
                Ok(1),
                Err(()),
            ),
            (
                json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "5", "maxSurge": 1}}),
                10,
                Ok(1),
                Err(()),
            ),
        ];
        for (strategy, desired, surge, unavailable) in cases {
            let d = ds(strategy.clone());
            assert_eq!(
                surge_count(&d, desired).map_err(|_| ()),
                surge,
                "{strategy}"
            );
            assert_eq!(
                unavailable_count(&d, desired).map_err(|_| ()),
                unavailable,
                "{strategy}"
            );
        }
        assert!(allows_surge(&ds(
            json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": "1%"}})
        )));
        assert!(!allows_surge(&ds(
            json!({"type": "OnDelete", "rollingUpdate": {"maxSurge": 1}})
        )));
    }

    #[test]
    fn pod_template_gets_tolerations_generation_and_hash() {
        let d = ds(json!({"type": "RollingUpdate"}));
        let t = create_pod_template(&d, "5d8f6c7b9");
        let labels = t.metadata.labels.unwrap();
        assert_eq!(labels[POD_TEMPLATE_GENERATION], "3");
        assert_eq!(labels[CONTROLLER_REVISION_HASH], "5d8f6c7b9");
        assert_eq!(labels["a"], "b");
        let keys: Vec<_> = t
            .spec
            .tolerations
            .unwrap()
            .into_iter()
            .map(|t| t.key.unwrap_or_default())
            .collect();
        assert!(keys.contains(&"node.kubernetes.io/unschedulable".to_string()));
        assert!(keys.contains(&"node.kubernetes.io/not-ready".to_string()));
    }

    #[test]
    fn pinning_replaces_required_terms_and_keeps_the_rest() {
        let affinity: Affinity = serde_json::from_value(json!({
            "nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                    {"matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd"]}]}]},
                "preferredDuringSchedulingIgnoredDuringExecution": [
                    {"weight": 1, "preference": {"matchExpressions": [{"key": "z", "operator": "Exists"}]}}]
            }
        }))
        .unwrap();
        let cases = [
            (None, "w1"),
            (Some(Affinity::default()), "w2"),
            (Some(affinity), "w3"),
        ];
        for (before, node) in cases {
            let had_preferred = before
                .as_ref()
                .and_then(|a| a.node_affinity.as_ref())
                .is_some_and(|n| {
                    n.preferred_during_scheduling_ignored_during_execution
                        .is_some()
                });
            let a = pin_to_node(before, node);
            let na = a.node_affinity.unwrap();
            let terms = na
                .required_during_scheduling_ignored_during_execution
                .unwrap()
                .node_selector_terms;
            assert_eq!(terms.len(), 1);
            assert!(terms[0].match_expressions.is_none());
            let fields = terms[0].match_fields.clone().unwrap();
            assert_eq!(fields[0].key, "metadata.name");
            assert_eq!(fields[0].values.as_deref(), Some(&[node.to_string()][..]));
            assert_eq!(
                na.preferred_during_scheduling_ignored_during_execution
                    .is_some(),
                had_preferred
            );
        }
    }

    #[test]
    fn target_node_from_binding_or_affinity() {
        let pod = |spec: serde_json::Value| -> Pod {
            serde_json::from_value(json!({"metadata": {"name": "p"}, "spec": spec})).unwrap()
        };
        let pinned = |values: serde_json::Value| {
            json!({"containers": [], "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": values}]}]}}}})
        };
        let cases = [
            (pod(json!({"containers": [], "nodeName": "n1"})), Some("n1")),
            (pod(pinned(json!(["n2"]))), Some("n2")),
            (pod(pinned(json!(["n2", "n3"]))), None),
            (pod(json!({"containers": []})), None),
        ];
        for (p, want) in &cases {
            assert_eq!(target_node_name(p), *want);
        }
    }

    #[test]
    fn hash_changes_with_the_template_and_looks_like_upstream() {
        let a = ds(json!({"type": "RollingUpdate"}));
        let mut b = a.clone();
        b.spec.template.spec.containers[0].image = Some("i:2".into());
        let (ha, hb) = (
            compute_hash(&a.spec.template, None),
            compute_hash(&b.spec.template, None),
        );
        assert_ne!(ha, hb);
        assert_eq!(ha, compute_hash(&a.spec.template, None));
        assert_ne!(ha, compute_hash(&a.spec.template, Some(1)));
        assert!(ha.len() <= 10 && !ha.is_empty());
        assert!(ha
            .bytes()
            .all(|c| b"bcdfghjklmnpqrstvwxz2456789".contains(&c)));
    }

    #[test]
    fn updated_by_hash_or_generation() {
        let pod = |labels: serde_json::Value| -> Pod {
            serde_json::from_value(
                json!({"metadata": {"name": "p", "labels": labels}, "spec": {"containers": []}}),
            )
            .unwrap()
        };
        let cases = [
            (json!({CONTROLLER_REVISION_HASH: "h1"}), "h1", None, true),
            (json!({CONTROLLER_REVISION_HASH: "h0"}), "h1", None, false),
            (json!({POD_TEMPLATE_GENERATION: "2"}), "h1", Some(2), true),
            (json!({POD_TEMPLATE_GENERATION: "1"}), "h1", Some(2), false),
            (json!({}), "", None, false),
        ];
        for (labels, hash, generation, want) in cases {
            assert_eq!(
                is_pod_updated(&pod(labels.clone()), hash, generation),
                want,
                "{labels}"
            );
        }
    }
}
