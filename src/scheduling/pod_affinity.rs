//! Inter-pod affinity and anti-affinity: rules on the labels of pods already running in a
//! topology domain (a node, a zone: any node label).
//!
//! Facts from pkg/scheduler/framework/plugins/interpodaffinity/filtering.go
//! (`getExistingAntiAffinityCounts`, `getIncomingAffinityAntiAffinityCounts`,
//! `satisfyPodAffinity`, `satisfyPodAntiAffinity`, `satisfyExistingPodsAntiAffinity`) and
//! scoring.go (`processExistingPod`, `Score`, `NormalizeScore`), and from
//! pkg/scheduler/framework/types.go (`AffinityTerm.Matches`, `getNamespacesFromPodAffinityTerm`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::api::affinity::{PodAffinityTerm, WeightedPodAffinityTerm};
use crate::api::pod::PodSpec;
use crate::selector::{from_label_selector, Selector};

/// Upstream's reasons.
pub const ERR_REASON_AFFINITY: &str = "node(s) didn't match pod affinity rules";
pub const ERR_REASON_ANTI_AFFINITY: &str = "node(s) didn't match pod anti-affinity rules";
pub const ERR_REASON_EXISTING_ANTI_AFFINITY: &str =
    "node(s) didn't satisfy existing pods anti-affinity rules";

/// The label every namespace carries with its own name (set by the API server); kubesim
/// has no Namespace objects, so this is the only label a `namespaceSelector` can see.
pub const NAMESPACE_NAME_LABEL: &str = "kubernetes.io/metadata.name";

/// A compiled pod affinity term (upstream `AffinityTerm`).
#[derive(Debug, Clone)]
pub struct AffinityTerm {
    pub namespaces: BTreeSet<String>,
    pub namespace_selector: Selector,
    pub selector: Selector,
    pub topology_key: String,
}

impl AffinityTerm {
    /// Compiles a term of a pod in namespace `own_namespace`: with neither `namespaces`
    /// nor a `namespaceSelector`, the term is about the pod's own namespace.
    pub fn new(term: &PodAffinityTerm, own_namespace: &str) -> Result<AffinityTerm, String> {
        let selector =
            from_label_selector(term.label_selector.as_ref()).map_err(|e| e.to_string())?;
        let namespace_selector =
            from_label_selector(term.namespace_selector.as_ref()).map_err(|e| e.to_string())?;
        let listed = term.namespaces.as_deref().unwrap_or_default();
        let namespaces = if listed.is_empty() && term.namespace_selector.is_none() {
            BTreeSet::from([own_namespace.to_string()])
        } else {
            listed.iter().cloned().collect()
        };
        Ok(AffinityTerm {
            namespaces,
            namespace_selector,
            selector,
            topology_key: term.topology_key.clone(),
        })
    }

    /// Whether a pod in `namespace` with `labels` matches the term.
    pub fn matches(&self, namespace: &str, labels: &BTreeMap<String, String>) -> bool {
        let ns_ok = self.namespaces.contains(namespace)
            || (!self.namespace_selector.matches_nothing()
                && self
                    .namespace_selector
                    .matches(&namespace_labels(namespace)));
        ns_ok && self.selector.matches(labels)
    }
}

fn namespace_labels(namespace: &str) -> BTreeMap<String, String> {
    BTreeMap::from([(NAMESPACE_NAME_LABEL.to_string(), namespace.to_string())])
}

/// A pod's compiled affinity and anti-affinity terms.
#[derive(Debug, Clone, Default)]
pub struct PodAffinityTerms {
    pub required_affinity: Vec<AffinityTerm>,
    pub required_anti_affinity: Vec<AffinityTerm>,
    pub preferred_affinity: Vec<(AffinityTerm, i64)>,
    pub preferred_anti_affinity: Vec<(AffinityTerm, i64)>,
    /// A label selector that did not compile; upstream rejects such a pod.
    pub error: Option<String>,
}

impl PodAffinityTerms {
    /// Compiles the terms of a pod spec; `None` when it has no pod (anti-)affinity.
    pub fn from_spec(spec: &PodSpec, namespace: &str) -> Option<PodAffinityTerms> {
        let a = spec.affinity.as_ref()?;
        if a.pod_affinity.is_none() && a.pod_anti_affinity.is_none() {
            return None;
        }
        let mut out = PodAffinityTerms::default();
        let mut errors = Vec::new();
        let mut req = |terms: Option<&Vec<PodAffinityTerm>>, into: &mut Vec<AffinityTerm>| {
            for t in terms.into_iter().flatten() {
                match AffinityTerm::new(t, namespace) {
                    Ok(c) => into.push(c),
                    Err(e) => errors.push(e),
                }
            }
        };
        let pa = a.pod_affinity.as_ref();
        let paa = a.pod_anti_affinity.as_ref();
        req(
            pa.and_then(|p| {
                p.required_during_scheduling_ignored_during_execution
                    .as_ref()
            }),
            &mut out.required_affinity,
        );
        req(
            paa.and_then(|p| {
                p.required_during_scheduling_ignored_during_execution
                    .as_ref()
            }),
            &mut out.required_anti_affinity,
        );
        let mut pref = |terms: Option<&Vec<WeightedPodAffinityTerm>>,
                        into: &mut Vec<(AffinityTerm, i64)>| {
            for t in terms.into_iter().flatten() {
                match AffinityTerm::new(&t.pod_affinity_term, namespace) {
                    Ok(c) => into.push((c, i64::from(t.weight))),
                    Err(e) => errors.push(e),
                }
            }
        };
        pref(
            pa.and_then(|p| {
                p.preferred_during_scheduling_ignored_during_execution
                    .as_ref()
            }),
            &mut out.preferred_affinity,
        );
        pref(
            paa.and_then(|p| {
                p.preferred_during_scheduling_ignored_during_execution
                    .as_ref()
            }),
            &mut out.preferred_anti_affinity,
        );
        out.error = (!errors.is_empty()).then(|| errors.join("; "));
        Some(out)
    }

    pub fn has_required(&self) -> bool {
        !self.required_affinity.is_empty() || !self.required_anti_affinity.is_empty()
    }

    pub fn has_preferred(&self) -> bool {
        !self.preferred_affinity.is_empty() || !self.preferred_anti_affinity.is_empty()
    }

    /// Whether a pod matches every required affinity term (false when there are none;
    /// upstream `podMatchesAllAffinityTerms`).
    pub fn all_required_affinity_match(
        &self,
        namespace: &str,
        labels: &BTreeMap<String, String>,
    ) -> bool {
        !self.required_affinity.is_empty()
            && self
                .required_affinity
                .iter()
                .all(|t| t.matches(namespace, labels))
    }
}

/// Counts of matching pods per topology pair `(key, value)` (upstream
/// `topologyToMatchedTermCount`).
pub type TopologyCounts = HashMap<(String, String), i64>;

/// Adds `by` to the count of the node's value of `key`, if the node has that label.
pub fn bump(
    counts: &mut TopologyCounts,
    node_labels: &BTreeMap<String, String>,
    key: &str,
    by: i64,
) {
    if let Some(v) = node_labels.get(key) {
        *counts.entry((key.to_string(), v.clone())).or_insert(0) += by;
    }
}

/// Score contributions per topology key and value (upstream `scoreMap`).
pub type TopologyScores = HashMap<String, HashMap<String, i64>>;

/// Adds `weight` to the node's domain of `term`'s topology key when a pod in `namespace`
/// with `labels` matches the term (upstream `scoreMap.processTerm`).
pub fn process_term(
    scores: &mut TopologyScores,
    term: &AffinityTerm,
    weight: i64,
    namespace: &str,
    labels: &BTreeMap<String, String>,
    node_labels: &BTreeMap<String, String>,
) {
    if term.matches(namespace, labels) {
        if let Some(v) = node_labels.get(&term.topology_key) {
            *scores
                .entry(term.topology_key.clone())
                .or_default()
                .entry(v.clone())
                .or_insert(0) += weight;
        }
    }
}

/// A node's InterPodAffinity raw score: the sum over topology keys of its domain's score.
pub fn node_score(scores: &TopologyScores, node_labels: &BTreeMap<String, String>) -> i64 {
    scores
        .iter()
        .filter_map(|(k, values)| values.get(node_labels.get(k)?))
        .sum()
}
