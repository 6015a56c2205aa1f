//! `nodeSelector` and node affinity, compiled once per pod and matched against many nodes.
//!
//! Facts from k8s.io/component-helpers scheduling/corev1/nodeaffinity/nodeaffinity.go
//! (`NewLazyErrorNodeSelector`, `nodeSelectorTerm.match`, `nodeSelectorRequirementsAsSelector`,
//! `nodeSelectorRequirementsAsFieldSelector`, `NewPreferredSchedulingTerms`, `Score`,
//! `GetRequiredNodeAffinity`) and pkg/scheduler/framework/plugins/nodeaffinity/
//! node_affinity.go (`PreFilter`: pods pinned to node names through `metadata.name`).

use std::collections::{BTreeMap, BTreeSet};

use crate::api::affinity::{NodeSelector, NodeSelectorRequirement, NodeSelectorTerm};
use crate::api::node::Node;
use crate::api::pod::PodSpec;
use crate::manifest::diagnostic::Text;
use crate::selector::{Operator, Requirement, Selector};

/// The only node field a `matchFields` requirement can refer to.
pub const NODE_NAME_FIELD: &str = "metadata.name";

/// One `matchFields` requirement: `In` and `NotIn` with exactly one value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FieldRequirement {
    Equals(String, String),
    NotEquals(String, String),
}

impl FieldRequirement {
    /// Upstream fields.Set semantics: a missing field reads as "".
    fn matches(&self, node_name: &str) -> bool {
        let get = |key: &str| {
            if key == NODE_NAME_FIELD {
                node_name
            } else {
                ""
            }
        };
        match self {
            FieldRequirement::Equals(k, v) => get(k) == v,
            FieldRequirement::NotEquals(k, v) => get(k) != v,
        }
    }
}

/// A compiled node selector term: expressions and fields, ANDed.
#[derive(Debug, Clone)]
pub struct CompiledTerm {
    labels: Option<Selector>,
    fields: Option<Vec<FieldRequirement>>,
    /// Why the term could not be compiled; such a term matches no node (upstream keeps
    /// the parse errors and reports them only when no term matched).
    error: Option<String>,
    source: NodeSelectorTerm,
}

impl CompiledTerm {
    /// Compiles a term. `None` for an empty term, which upstream drops (it selects nothing).
    pub fn new(term: &NodeSelectorTerm) -> Option<CompiledTerm> {
        let exprs = term.match_expressions.as_deref().unwrap_or_default();
        let fields = term.match_fields.as_deref().unwrap_or_default();
        if exprs.is_empty() && fields.is_empty() {
            return None;
        }
        let mut errors = Vec::new();
        let labels = (!exprs.is_empty()).then(|| {
            let mut reqs = Vec::with_capacity(exprs.len());
            for e in exprs {
                match label_requirement(e) {
                    Ok(r) => reqs.push(r),
                    Err(msg) => errors.push(msg),
                }
            }
            Selector::from_requirements(reqs)
        });
        let fields = (!fields.is_empty()).then(|| {
            let mut out = Vec::with_capacity(fields.len());
            for f in fields {
                let values = f.values.as_deref().unwrap_or_default();
                match (f.operator.as_str(), values) {
                    ("In", [v]) => out.push(FieldRequirement::Equals(f.key.clone(), v.clone())),
                    ("NotIn", [v]) => {
                        out.push(FieldRequirement::NotEquals(f.key.clone(), v.clone()))
                    }
                    ("In" | "NotIn", _) => errors.push(format!(
                        "matchFields {}: values: must have one element",
                        f.key
                    )),
                    (op, _) => errors.push(format!(
                        "matchFields {}: operator: Unsupported value: {op:?}: supported values: \"In\", \"NotIn\"",
                        f.key
                    )),
                }
            }
            out
        });
        Some(CompiledTerm {
            labels,
            fields,
            error: (!errors.is_empty()).then(|| errors.join("; ")),
            source: term.clone(),
        })
    }

    /// Whether the node matches (upstream `nodeSelectorTerm.match`). Field requirements
    /// are ignored for a node without a name, as upstream's empty fields.Set is skipped.
    pub fn matches(&self, node_name: &str, labels: &BTreeMap<String, String>) -> bool {
        if self.error.is_some() {
            return false;
        }
        if let Some(sel) = &self.labels {
            if !sel.matches(labels) {
                return false;
            }
        }
        if let Some(fields) = &self.fields {
            if !node_name.is_empty() && !fields.iter().all(|f| f.matches(node_name)) {
                return false;
            }
        }
        true
    }

    /// The first requirement of the term the node fails, written as a person would read it.
    pub fn first_failure(&self, node_name: &str, labels: &BTreeMap<String, String>) -> Text {
        if let Some(e) = &self.error {
            return Text::new(
                format!("the term is invalid ({e}) and matches no node"),
                format!("이 조건은 잘못되어({e}) 어떤 노드와도 맞지 않습니다"),
            );
        }
        for e in self.source.match_expressions.iter().flatten() {
            if let Ok(r) = label_requirement(e) {
                if !r.matches(labels) {
                    return describe_label_failure(e, labels);
                }
            }
        }
        for f in self.source.match_fields.iter().flatten() {
            let values = f.values.as_deref().unwrap_or_default();
            let holds = match (f.operator.as_str(), values) {
                ("In", [v]) => {
                    FieldRequirement::Equals(f.key.clone(), v.clone()).matches(node_name)
                }
                ("NotIn", [v]) => {
                    FieldRequirement::NotEquals(f.key.clone(), v.clone()).matches(node_name)
                }
                _ => false,
            };
            if !holds {
                let v = values.join(",");
                return Text::new(
                    format!(
                        "{} {} [{v}] is false for node {node_name}",
                        f.key, f.operator
                    ),
                    format!(
                        "노드 {node_name}에서 {} {} [{v}] 조건이 거짓입니다",
                        f.key, f.operator
                    ),
                );
            }
        }
        Text::new("the term does not match", "조건이 맞지 않습니다")
    }
}

fn describe_label_failure(e: &NodeSelectorRequirement, labels: &BTreeMap<String, String>) -> Text {
    let values = e.values.as_deref().unwrap_or_default().join(", ");
    let have = match labels.get(&e.key) {
        Some(v) => (
            format!("the node has {}={v}", e.key),
            format!("노드의 값은 {}={v}", e.key),
        ),
        None => (
            format!("the node has no label {}", e.key),
            format!("노드에 {} 레이블이 없습니다", e.key),
        ),
    };
    Text::new(
        format!("{} {} [{values}] fails: {}", e.key, e.operator, have.0),
        format!(
            "{} {} [{values}] 조건 불충족: {}",
            e.key, e.operator, have.1
        ),
    )
}

/// A node selector requirement as a label requirement (upstream
/// `nodeSelectorRequirementsAsSelector`): In, NotIn, Exists, DoesNotExist, Gt, Lt, checked
/// as `labels.NewRequirement` checks them.
fn label_requirement(e: &NodeSelectorRequirement) -> Result<Requirement, String> {
    let op = match e.operator.as_str() {
        "In" => Operator::In,
        "NotIn" => Operator::NotIn,
        "Exists" => Operator::Exists,
        "DoesNotExist" => Operator::DoesNotExist,
        "Gt" => Operator::GreaterThan,
        "Lt" => Operator::LessThan,
        other => {
            return Err(format!(
                "matchExpressions {}: operator: Unsupported value: {other:?}",
                e.key
            ))
        }
    };
    Requirement::new(e.key.clone(), op, e.values.clone().unwrap_or_default())
        .map_err(|err| err.to_string())
}

/// A compiled `requiredDuringSchedulingIgnoredDuringExecution` node selector: its terms
/// are ORed; empty terms are dropped; no remaining term means no node matches.
#[derive(Debug, Clone)]
pub struct CompiledNodeSelector {
    terms: Vec<CompiledTerm>,
}

impl CompiledNodeSelector {
    pub fn new(sel: &NodeSelector) -> CompiledNodeSelector {
        CompiledNodeSelector {
            terms: sel
                .node_selector_terms
                .iter()
                .filter_map(CompiledTerm::new)
                .collect(),
        }
    }

    /// Whether any term matches the node.
    pub fn matches(&self, node: &Node) -> bool {
        let labels = node_labels(node);
        let name = node.metadata.name_or_empty();
        self.terms.iter().any(|t| t.matches(name, labels))
    }

    pub fn terms(&self) -> &[CompiledTerm] {
        &self.terms
    }
}

/// The pod's `nodeSelector` and required node affinity together (upstream
/// `RequiredNodeAffinity`): both must match.
#[derive(Debug, Clone, Default)]
pub struct RequiredNodeAffinity {
    node_selector: Option<Selector>,
    raw_node_selector: BTreeMap<String, String>,
    required: Option<CompiledNodeSelector>,
}

impl RequiredNodeAffinity {
    /// Compiles the pod spec's `nodeSelector` and required node affinity
    /// (`GetRequiredNodeAffinity`).
    pub fn from_spec(spec: &PodSpec) -> RequiredNodeAffinity {
        let raw = spec.node_selector.clone().unwrap_or_default();
        let required = spec
            .affinity
            .as_ref()
            .and_then(|a| a.node_affinity.as_ref())
            .and_then(|na| {
                na.required_during_scheduling_ignored_during_execution
                    .as_ref()
            })
            .map(CompiledNodeSelector::new);
        RequiredNodeAffinity {
            node_selector: (!raw.is_empty()).then(|| Selector::from_set(&raw)),
            raw_node_selector: raw,
            required,
        }
    }

    /// True when neither a nodeSelector nor a required node affinity is set.
    pub fn is_empty(&self) -> bool {
        self.node_selector.is_none() && self.required.is_none()
    }

    /// Whether the node satisfies both.
    pub fn matches(&self, node: &Node) -> bool {
        if let Some(sel) = &self.node_selector {
            if !sel.matches(node_labels(node)) {
                return false;
            }
        }
        self.required.as_ref().is_none_or(|r| r.matches(node))
    }

    /// Why the node does not match, or `None` when it does.
    pub fn why_not(&self, node: &Node) -> Option<Text> {
        let labels = node_labels(node);
        for (k, v) in &self.raw_node_selector {
            match labels.get(k) {
                Some(have) if have == v => {}
                Some(have) => {
                    return Some(Text::new(
                        format!("nodeSelector wants {k}={v}, the node has {k}={have}"),
                        format!(
                            "nodeSelector는 {k}={v}을(를) 요구하지만 노드의 값은 {k}={have}입니다"
                        ),
                    ))
                }
                None => {
                    return Some(Text::new(
                        format!("nodeSelector wants {k}={v}, the node has no label {k}"),
                        format!(
                            "nodeSelector는 {k}={v}을(를) 요구하지만 노드에 {k} 레이블이 없습니다"
                        ),
                    ))
                }
            }
        }
        let required = self.required.as_ref()?;
        if required.matches(node) {
            return None;
        }
        let name = node.metadata.name_or_empty();
        let parts: Vec<Text> = required
            .terms
            .iter()
            .map(|t| t.first_failure(name, labels))
            .collect();
        if parts.is_empty() {
            return Some(Text::new(
                "the required node affinity has no usable term, so no node matches",
                "필수 노드 어피니티에 쓸 수 있는 조건이 없어 어떤 노드와도 맞지 않습니다",
            ));
        }
        let join =
            |f: fn(&Text) -> &str, sep: &str| parts.iter().map(f).collect::<Vec<_>>().join(sep);
        Some(Text::new(
            format!(
                "no nodeSelectorTerm matches: {}",
                join(|t| t.en.as_str(), "; or ")
            ),
            format!(
                "맞는 nodeSelectorTerm이 없습니다: {}",
                join(|t| t.ko.as_str(), "; 또는 ")
            ),
        ))
    }

    /// The node names the pod is pinned to through `matchFields` `metadata.name In [...]`
    /// in every term (upstream NodeAffinity `PreFilter`): `None` when any term leaves every
    /// node eligible; `Some(empty)` when the terms conflict.
    pub fn pinned_node_names(spec: &PodSpec) -> Option<BTreeSet<String>> {
        let terms = &spec
            .affinity
            .as_ref()?
            .node_affinity
            .as_ref()?
            .required_during_scheduling_ignored_during_execution
            .as_ref()?
            .node_selector_terms;
        let mut names: Option<BTreeSet<String>> = None;
        for t in terms {
            let mut term_names: Option<BTreeSet<String>> = None;
            for r in t.match_fields.iter().flatten() {
                if r.key == NODE_NAME_FIELD && r.operator == "In" {
                    let s: BTreeSet<String> = r.values.iter().flatten().cloned().collect();
                    term_names = Some(match term_names {
                        None => s,
                        Some(prev) => prev.intersection(&s).cloned().collect(),
                    });
                }
            }
            let term_names = term_names?;
            names.get_or_insert_with(BTreeSet::new).extend(term_names);
        }
        names
    }
}

/// Preferred node affinity terms with their weights (upstream `PreferredSchedulingTerms`).
/// Terms with weight 0, empty terms and terms that fail to compile are dropped.
#[derive(Debug, Clone, Default)]
pub struct PreferredTerms {
    terms: Vec<(CompiledTerm, i64)>,
}

impl PreferredTerms {
    pub fn from_spec(spec: &PodSpec) -> PreferredTerms {
        let terms = spec
            .affinity
            .as_ref()
            .and_then(|a| a.node_affinity.as_ref())
            .and_then(|na| {
                na.preferred_during_scheduling_ignored_during_execution
                    .as_ref()
            })
            .map(|terms| {
                terms
                    .iter()
                    .filter(|t| t.weight != 0)
                    .filter_map(|t| {
                        let c = CompiledTerm::new(&t.preference)?;
                        c.error.is_none().then_some((c, i64::from(t.weight)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        PreferredTerms { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The sum of the weights of the terms the node matches (upstream `Score`).
    pub fn score(&self, node: &Node) -> i64 {
        let labels = node_labels(node);
        let name = node.metadata.name_or_empty();
        self.terms
            .iter()
            .filter(|(t, _)| t.matches(name, labels))
            .map(|(_, w)| w)
            .sum()
    }
}

static EMPTY_LABELS: BTreeMap<String, String> = BTreeMap::new();

/// The node's labels, or an empty map.
pub fn node_labels(node: &Node) -> &BTreeMap<String, String> {
    node.metadata.labels.as_ref().unwrap_or(&EMPTY_LABELS)
}

#[cfg(test)]
#[path = "node_affinity_tests.rs"]
mod tests;
