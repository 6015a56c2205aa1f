//! Taints and tolerations: which taints a pod tolerates, which it does not, and how long a
//! pod may stay on a node with `NoExecute` taints.
//!
//! Facts from staging/src/k8s.io/api/core/v1/toleration.go (`Toleration.ToleratesTaint`),
//! taint.go (`Taint.ToString`), k8s.io/component-helpers scheduling/corev1/helpers.go
//! (`TolerationsTolerateTaint`, `FindMatchingUntoleratedTaint`), pkg/apis/core/v1/helper
//! (`GetMatchingTolerations`) and pkg/controller/tainteviction/taint_eviction.go
//! (`getMinTolerationTime`, `processPodOnNode`).

use std::fmt;

use crate::api::affinity::Toleration;
use crate::api::node::Taint;

/// `NoSchedule`: new pods that do not tolerate the taint are not scheduled onto the node.
pub const NO_SCHEDULE: &str = "NoSchedule";
/// `PreferNoSchedule`: the scheduler avoids the node, but may still use it.
pub const PREFER_NO_SCHEDULE: &str = "PreferNoSchedule";
/// `NoExecute`: pods that do not tolerate the taint are evicted, and not scheduled.
pub const NO_EXECUTE: &str = "NoExecute";

/// Whether the `TaintTolerationComparisonOperators` feature gate is on. It is alpha (off by
/// default) in v1.35 and v1.36 (pkg/features/kube_features.go), so `Gt`/`Lt` tolerations
/// tolerate nothing in a default v1.36 cluster.
pub const COMPARISON_OPERATORS_ENABLED: bool = false;

/// Which taint effects a caller cares about (the `inclusionFilter` of upstream
/// `FindMatchingUntoleratedTaint`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effects {
    /// Every taint.
    All,
    /// `NoSchedule` and `NoExecute`: what the scheduler's TaintToleration filter and the
    /// DaemonSet controller check (`DoNotScheduleTaintsFilterFunc`).
    NoScheduleOrNoExecute,
    /// Only `NoExecute`: what decides whether a running pod may stay.
    NoExecute,
    /// Only `PreferNoSchedule`: what the TaintToleration score counts.
    PreferNoSchedule,
}

impl Effects {
    /// Whether a taint with `effect` is included.
    pub fn includes(self, effect: &str) -> bool {
        match self {
            Effects::All => true,
            Effects::NoScheduleOrNoExecute => effect == NO_SCHEDULE || effect == NO_EXECUTE,
            Effects::NoExecute => effect == NO_EXECUTE,
            Effects::PreferNoSchedule => effect == PREFER_NO_SCHEDULE,
        }
    }
}

/// Whether `toleration` tolerates `taint`, with feature gates at their v1.36 defaults
/// (upstream `Toleration.ToleratesTaint`).
pub fn tolerates(toleration: &Toleration, taint: &Taint) -> bool {
    tolerates_with(toleration, taint, COMPARISON_OPERATORS_ENABLED)
}

/// [`tolerates`] with the `TaintTolerationComparisonOperators` gate given explicitly:
///
/// 1. a non-empty toleration effect must equal the taint's effect (empty matches all);
/// 2. a non-empty toleration key must equal the taint's key (empty matches all keys, which
///    validation only allows with `Exists`);
/// 3. operator `Equal` (or empty) compares values, `Exists` matches any value;
/// 4. `Gt`/`Lt` compare the values as decimal 64-bit integers (taint value greater/less
///    than the toleration's), only when the gate is on; any other operator matches nothing.
pub fn tolerates_with(toleration: &Toleration, taint: &Taint, comparison_operators: bool) -> bool {
    let effect = toleration.effect.as_deref().unwrap_or("");
    if !effect.is_empty() && effect != taint.effect {
        return false;
    }
    let key = toleration.key.as_deref().unwrap_or("");
    if !key.is_empty() && key != taint.key {
        return false;
    }
    let tol_value = toleration.value.as_deref().unwrap_or("");
    let taint_value = taint.value.as_deref().unwrap_or("");
    match toleration.operator.as_deref().unwrap_or("") {
        "" | "Equal" => tol_value == taint_value,
        "Exists" => true,
        op @ ("Gt" | "Lt") if comparison_operators => {
            match (decimal_integer(tol_value), decimal_integer(taint_value)) {
                (Some(t), Some(v)) if op == "Gt" => v > t,
                (Some(t), Some(v)) => v < t,
                _ => false,
            }
        }
        _ => false,
    }
}

/// A decimal integer as `content.IsDecimalInteger` and `strconv.ParseInt` accept it: an
/// optional sign, digits, no leading zeros (except "0" itself).
fn decimal_integer(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    let valid = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    if valid {
        s.parse().ok()
    } else {
        None
    }
}

/// Whether any of `tolerations` tolerates `taint` (upstream `TolerationsTolerateTaint`).
pub fn tolerations_tolerate(tolerations: &[Toleration], taint: &Taint) -> bool {
    tolerations.iter().any(|t| tolerates(t, taint))
}

/// The first taint with an effect in `effects` that no toleration tolerates, in the node's
/// order (upstream `FindMatchingUntoleratedTaint`).
pub fn find_untolerated<'a>(
    taints: &'a [Taint],
    tolerations: &[Toleration],
    effects: Effects,
) -> Option<&'a Taint> {
    taints
        .iter()
        .filter(|t| effects.includes(&t.effect))
        .find(|t| !tolerations_tolerate(tolerations, t))
}

/// How many `PreferNoSchedule` taints the pod does not tolerate; only tolerations with an
/// empty or `PreferNoSchedule` effect count (upstream tainttoleration
/// `countIntolerableTaintsPreferNoSchedule` with `getAllTolerationPreferNoSchedule`).
pub fn count_intolerable_prefer_no_schedule(taints: &[Taint], tolerations: &[Toleration]) -> usize {
    let relevant = |t: &&Toleration| {
        matches!(
            t.effect.as_deref(),
            None | Some("") | Some(PREFER_NO_SCHEDULE)
        )
    };
    taints
        .iter()
        .filter(|t| t.effect == PREFER_NO_SCHEDULE)
        .filter(|t| {
            !tolerations
                .iter()
                .filter(relevant)
                .any(|tol| tolerates(tol, t))
        })
        .count()
}

/// What the taint eviction controller does with a pod on a node, given the node's taints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoExecuteVerdict {
    /// No `NoExecute` taint, or every one tolerated without `tolerationSeconds`: the pod stays.
    Stay,
    /// A `NoExecute` taint is not tolerated (or a toleration allows 0 seconds or less):
    /// the pod is evicted at once. Carries the first taint nothing tolerates, if any.
    EvictNow { untolerated: Option<Taint> },
    /// Every `NoExecute` taint is tolerated, the shortest `tolerationSeconds` among the
    /// tolerations used is this many seconds; the pod is evicted after it.
    EvictAfter { seconds: i64 },
}

/// How long a pod with `tolerations` may stay on a node with `taints`, as the taint
/// eviction controller computes it (`processPodOnNode`, `GetMatchingTolerations`,
/// `getMinTolerationTime`): only `NoExecute` taints count; for each, the first toleration
/// that tolerates it is "used"; the minimum `tolerationSeconds` of the used tolerations
/// wins, a value ≤ 0 means "now", and none set means "forever".
///
/// The controller starts the countdown when it sees the taint (not at the taint's
/// `timeAdded`), so a simulator should count from the moment the taint appeared.
pub fn no_execute_verdict(taints: &[Taint], tolerations: &[Toleration]) -> NoExecuteVerdict {
    let mut min_seconds: Option<i64> = None;
    for taint in taints.iter().filter(|t| t.effect == NO_EXECUTE) {
        let Some(used) = tolerations.iter().find(|t| tolerates(t, taint)) else {
            return NoExecuteVerdict::EvictNow {
                untolerated: Some(taint.clone()),
            };
        };
        if let Some(s) = used.toleration_seconds {
            if s <= 0 {
                return NoExecuteVerdict::EvictNow { untolerated: None };
            }
            min_seconds = Some(min_seconds.map_or(s, |m| m.min(s)));
        }
    }
    match min_seconds {
        Some(seconds) => NoExecuteVerdict::EvictAfter { seconds },
        None => NoExecuteVerdict::Stay,
    }
}

/// A taint as `kubectl` and upstream `Taint.ToString` write it: `key=value:Effect`,
/// `key:Effect`, `key=value:` or `key`.
pub struct TaintDisplay<'a>(pub &'a Taint);

impl fmt::Display for TaintDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        let value = t.value.as_deref().unwrap_or("");
        match (value.is_empty(), t.effect.is_empty()) {
            (true, true) => write!(f, "{}", t.key),
            (false, true) => write!(f, "{}={}:", t.key, value),
            (true, false) => write!(f, "{}:{}", t.key, t.effect),
            (false, false) => write!(f, "{}={}:{}", t.key, value, t.effect),
        }
    }
}

/// Why a taint string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid taint spec {spec:?}: {reason}")]
pub struct TaintParseError {
    pub spec: String,
    pub reason: String,
}

/// Reads `key=value:Effect` or `key:Effect` as `kubectl taint` does (`parseTaint` in
/// staging/src/k8s.io/kubectl/pkg/cmd/taint/utils.go): the effect is required and must be
/// NoSchedule, PreferNoSchedule or NoExecute; the key must not be empty.
pub fn parse_taint(spec: &str) -> Result<Taint, TaintParseError> {
    let fail = |reason: &str| TaintParseError {
        spec: spec.to_string(),
        reason: reason.to_string(),
    };
    let (key_value, effect) = spec
        .rsplit_once(':')
        .ok_or_else(|| fail("expected key=value:Effect or key:Effect"))?;
    if ![NO_SCHEDULE, PREFER_NO_SCHEDULE, NO_EXECUTE].contains(&effect) {
        return Err(fail(&format!(
            "unsupported taint effect {effect:?}; use NoSchedule, PreferNoSchedule or NoExecute"
        )));
    }
    let (key, value) = match key_value.split_once('=') {
        Some((k, v)) => (k, Some(v.to_string())),
        None => (key_value, None),
    };
    if key.is_empty() {
        return Err(fail("the taint key must not be empty"));
    }
    Ok(Taint {
        key: key.to_string(),
        value: value.filter(|v| !v.is_empty()),
        effect: effect.to_string(),
        time_added: None,
    })
}

#[cfg(test)]
#[path = "taints_tests.rs"]
mod tests;
