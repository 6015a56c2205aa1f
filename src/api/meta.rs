//! Object metadata and label selectors (k8s.io/apimachinery/pkg/apis/meta/v1/types.go).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A label selector (meta/v1 LabelSelector). The requirements of matchLabels and
/// matchExpressions are ANDed. An empty selector matches everything; a missing
/// (`None`) selector matches nothing — see `crate::selector`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelector {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_labels: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_expressions: Option<Vec<LabelSelectorRequirement>>,
}

/// One requirement of a label selector: `key` `operator` `values`.
/// Operators are In, NotIn, Exists and DoesNotExist.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelectorRequirement {
    pub key: String,
    pub operator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
}
