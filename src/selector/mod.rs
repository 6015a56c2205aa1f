//! Label selectors: which objects a Deployment, ReplicaSet, Service or `kubectl -l` picks.
//!
//! Follows Kubernetes v1.36 (apimachinery v0.36):
//! `staging/src/k8s.io/apimachinery/pkg/labels/selector.go` (`Requirement`, `internalSelector`,
//! `NewRequirement`, `Parse`) and `pkg/apis/meta/v1/helpers.go` (`LabelSelectorAsSelector`).
//!
//! Two ways in:
//! - [`from_label_selector`] for the structured `spec.selector` of workload objects, where a
//!   missing selector matches nothing and an empty one (`{}`) matches everything;
//! - [`parse`] for the string form of `kubectl get -l 'app=nginx,tier in (web,api)'`.
//!
//! Error messages keep the API server's wording so a student can search for them. Parse
//! errors also carry a position: a 0-based index in characters (Unicode scalar values, as
//! Python indexes strings) of the token where parsing failed.

mod parse;
pub(crate) mod validate;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::api::meta::LabelSelector;
use crate::error::{Error, Result};

pub use parse::parse;

/// How a requirement relates a label's value to its values (upstream `selection.Operator`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Operator {
    /// `key=value`.
    Equals,
    /// `key==value`; same meaning as `Equals`, kept apart so the string form round-trips.
    DoubleEquals,
    /// `key!=value`; also true when the key is missing.
    NotEquals,
    /// `key in (a,b)`.
    In,
    /// `key notin (a,b)`; also true when the key is missing.
    NotIn,
    /// `key`.
    Exists,
    /// `!key`.
    DoesNotExist,
    /// `key>5`: the label's value, read as a 64-bit integer, is greater.
    GreaterThan,
    /// `key<5`: the label's value, read as a 64-bit integer, is less.
    LessThan,
}

impl Operator {
    /// Upstream's `selection.Operator` string (`"="`, `"in"`, `"exists"`, `"gt"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Equals => "=",
            Operator::DoubleEquals => "==",
            Operator::NotEquals => "!=",
            Operator::In => "in",
            Operator::NotIn => "notin",
            Operator::Exists => "exists",
            Operator::DoesNotExist => "!",
            Operator::GreaterThan => "gt",
            Operator::LessThan => "lt",
        }
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One condition on one label: `key operator values`. Built only through
/// [`Requirement::new`], so every requirement is valid.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Requirement {
    key: String,
    operator: Operator,
    values: Vec<String>,
}

/// One problem found by [`requirement_problems`]: the message and, for value problems, the
/// index of the value it is about (the parser uses it to point at the right token).
pub(crate) struct Problem {
    pub(crate) message: String,
    pub(crate) value_index: Option<usize>,
}

/// The checks of upstream `labels.NewRequirement`, in its order and wording, with the field
/// paths it prints when called without a path (`key`, `values`, `values[0][app]`).
pub(crate) fn requirement_problems(
    key: &str,
    operator: Operator,
    values: &[String],
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut push = |message: String, value_index: Option<usize>| {
        problems.push(Problem {
            message,
            value_index,
        })
    };
    let key_errs = validate::label_key_errors(key);
    if !key_errs.is_empty() {
        push(
            format!(
                "key: Invalid value: {}: {}",
                validate::go_quote(key),
                key_errs.join("; ")
            ),
            None,
        );
    }
    let all_values = || validate::go_json_strings(values);
    match operator {
        Operator::In | Operator::NotIn => {
            if values.is_empty() {
                push(
                    format!(
                        "values: Invalid value: {}: for 'in', 'notin' operators, values set can't be empty",
                        all_values()
                    ),
                    None,
                );
            }
        }
        Operator::Equals | Operator::DoubleEquals | Operator::NotEquals => {
            if values.len() != 1 {
                push(
                    format!(
                        "values: Invalid value: {}: exact-match compatibility requires one single value",
                        all_values()
                    ),
                    None,
                );
            }
        }
        Operator::Exists | Operator::DoesNotExist => {
            if !values.is_empty() {
                push(
                    format!(
                        "values: Invalid value: {}: values set must be empty for exists and does not exist",
                        all_values()
                    ),
                    None,
                );
            }
        }
        Operator::GreaterThan | Operator::LessThan => {
            if values.len() != 1 {
                push(
                    format!(
                        "values: Invalid value: {}: for 'Gt', 'Lt' operators, exactly one value is required",
                        all_values()
                    ),
                    None,
                );
            }
            for (i, v) in values.iter().enumerate() {
                if v.parse::<i64>().is_err() {
                    push(
                        format!(
                            "values[{i}]: Invalid value: {}: for 'Gt', 'Lt' operators, the value must be an integer",
                            validate::go_quote(v)
                        ),
                        Some(i),
                    );
                }
            }
        }
    }
    for (i, v) in values.iter().enumerate() {
        let errs = validate::label_value_errors(v);
        if !errs.is_empty() {
            push(
                format!(
                    "values[{i}][{key}]: Invalid value: {}: {}",
                    validate::go_quote(v),
                    errs.join("; ")
                ),
                Some(i),
            );
        }
    }
    problems
}

impl Requirement {
    /// Builds a requirement, checking it as upstream `labels.NewRequirement` does: a valid
    /// label key; `In`/`NotIn` need values; `Equals`/`DoubleEquals`/`NotEquals` exactly one;
    /// `Exists`/`DoesNotExist` none; `GreaterThan`/`LessThan` one integer; every value a
    /// valid label value. All problems are reported together, as upstream aggregates them.
    pub fn new(
        key: impl Into<String>,
        operator: Operator,
        values: Vec<String>,
    ) -> Result<Requirement> {
        let key = key.into();
        let problems = requirement_problems(&key, operator, &values);
        if problems.is_empty() {
            Ok(Requirement {
                key,
                operator,
                values,
            })
        } else {
            Err(Error::LabelSelector {
                reason: validate::aggregate(problems.into_iter().map(|p| p.message).collect()),
            })
        }
    }

    /// The label key this requirement is about.
    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn operator(&self) -> Operator {
        self.operator
    }

    /// The values in the order given (the string form sorts them; matching does not care).
    pub fn values(&self) -> &[String] {
        &self.values
    }

    /// Whether `labels` satisfy this requirement (upstream `Requirement.Matches`). A missing
    /// key satisfies only `NotIn`, `NotEquals` and `DoesNotExist`; `GreaterThan`/`LessThan`
    /// need a label value that reads as a 64-bit integer.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        let value = labels.get(&self.key);
        match self.operator {
            Operator::In | Operator::Equals | Operator::DoubleEquals => {
                value.is_some_and(|v| self.values.contains(v))
            }
            Operator::NotIn | Operator::NotEquals => value.is_none_or(|v| !self.values.contains(v)),
            Operator::Exists => value.is_some(),
            Operator::DoesNotExist => value.is_none(),
            Operator::GreaterThan | Operator::LessThan => {
                let (Some(label), [wanted]) = (value, self.values.as_slice()) else {
                    return false;
                };
                match (label.parse::<i64>(), wanted.parse::<i64>()) {
                    (Ok(have), Ok(want)) => {
                        if self.operator == Operator::GreaterThan {
                            have > want
                        } else {
                            have < want
                        }
                    }
                    _ => false,
                }
            }
        }
    }
}

/// Upstream `Requirement.String`: `!key`, `key`, `key=v`, `key==v`, `key!=v`, `key>v`,
/// `key<v`, `key in (a,b)`, `key notin (a,b)`, with several values sorted.
impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.operator == Operator::DoesNotExist {
            f.write_str("!")?;
        }
        f.write_str(&self.key)?;
        let op = match self.operator {
            Operator::Exists | Operator::DoesNotExist => return Ok(()),
            Operator::Equals => "=",
            Operator::DoubleEquals => "==",
            Operator::NotEquals => "!=",
            Operator::In => " in ",
            Operator::NotIn => " notin ",
            Operator::GreaterThan => ">",
            Operator::LessThan => "<",
        };
        f.write_str(op)?;
        let set = matches!(self.operator, Operator::In | Operator::NotIn);
        if set {
            f.write_str("(")?;
        }
        let mut values: Vec<&str> = self.values.iter().map(String::as_str).collect();
        values.sort_unstable();
        f.write_str(&values.join(","))?;
        if set {
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// A label selector: the AND of its requirements, or the selector that matches nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Selector {
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Kind {
    /// Upstream `labels.Nothing()`: what a missing (`nil`) `LabelSelector` converts to.
    Nothing,
    /// Upstream `internalSelector`, sorted by key; empty means everything.
    All(Vec<Requirement>),
}

impl Selector {
    /// Matches every label set (upstream `labels.Everything()`); what `{}` and `""` give.
    pub fn everything() -> Selector {
        Selector {
            kind: Kind::All(Vec::new()),
        }
    }

    /// Matches no label set (upstream `labels.Nothing()`); what a missing selector gives.
    pub fn nothing() -> Selector {
        Selector {
            kind: Kind::Nothing,
        }
    }

    /// The AND of `requirements`, sorted by key as upstream `Selector.Add` does. The sort is
    /// stable, so requirements on the same key keep their order (upstream's sort is not
    /// guaranteed stable, but is for the ≤ 12 requirements real selectors have).
    pub fn from_requirements(mut requirements: Vec<Requirement>) -> Selector {
        requirements.sort_by(|a, b| a.key.cmp(&b.key));
        Selector {
            kind: Kind::All(requirements),
        }
    }

    /// `key=value` for every pair, without validation (upstream `SelectorFromValidatedSet`):
    /// for label sets that are already known to be valid, such as a pod template's labels.
    pub fn from_set(labels: &BTreeMap<String, String>) -> Selector {
        Selector {
            kind: Kind::All(
                labels
                    .iter()
                    .map(|(k, v)| Requirement {
                        key: k.clone(),
                        operator: Operator::Equals,
                        values: vec![v.clone()],
                    })
                    .collect(),
            ),
        }
    }

    /// Whether `labels` satisfy every requirement (upstream `Selector.Matches`).
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        match &self.kind {
            Kind::Nothing => false,
            Kind::All(reqs) => reqs.iter().all(|r| r.matches(labels)),
        }
    }

    /// True when the selector does not restrict anything (upstream `Selector.Empty`); false
    /// for [`Selector::nothing`], which restricts everything away.
    pub fn is_empty(&self) -> bool {
        matches!(&self.kind, Kind::All(reqs) if reqs.is_empty())
    }

    /// True only for [`Selector::nothing`] (upstream `labels.MatchesNothing`); contradictory
    /// requirements such as `a=1,a=2` are not detected, as upstream does not detect them.
    pub fn matches_nothing(&self) -> bool {
        self.kind == Kind::Nothing
    }

    /// The requirements, sorted by key; empty for both everything and nothing.
    pub fn requirements(&self) -> &[Requirement] {
        match &self.kind {
            Kind::Nothing => &[],
            Kind::All(reqs) => reqs,
        }
    }

    /// The single value the first requirement on `key` pins it to, if it is `=`, `==` or an
    /// `in` with one value (upstream `Selector.RequiresExactMatch`).
    pub fn requires_exact_match(&self, key: &str) -> Option<&str> {
        let req = self.requirements().iter().find(|r| r.key == key)?;
        match (req.operator, req.values.as_slice()) {
            (Operator::Equals | Operator::DoubleEquals | Operator::In, [one]) => Some(one),
            _ => None,
        }
    }
}

/// Upstream `Selector.String`: requirements joined by `,` with no spaces. Both everything and
/// nothing print as the empty string, as upstream; `kubectl` shows `<none>` for it.
impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.requirements().iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{r}")?;
        }
        Ok(())
    }
}

impl FromStr for Selector {
    type Err = Error;

    fn from_str(s: &str) -> Result<Selector> {
        parse(s)
    }
}

/// Converts the API's `LabelSelector` as upstream `metav1.LabelSelectorAsSelector` does: a
/// missing selector matches nothing; one with no matchLabels and no matchExpressions matches
/// everything; otherwise every matchLabels pair (`key=value`) and every matchExpression is
/// required. Operators are `In`, `NotIn`, `Exists` and `DoesNotExist`, spelled exactly so.
///
/// The first invalid requirement is reported. Upstream walks matchLabels in Go's random map
/// order, so which of several bad matchLabels it names varies; here it is the first by key.
pub fn from_label_selector(sel: Option<&LabelSelector>) -> Result<Selector> {
    let Some(sel) = sel else {
        return Ok(Selector::nothing());
    };
    let match_labels = sel.match_labels.as_ref();
    let exprs = sel.match_expressions.as_deref().unwrap_or_default();
    let mut requirements = Vec::with_capacity(match_labels.map_or(0, BTreeMap::len) + exprs.len());
    for (k, v) in match_labels.into_iter().flatten() {
        requirements.push(Requirement::new(
            k.clone(),
            Operator::Equals,
            vec![v.clone()],
        )?);
    }
    for expr in exprs {
        let operator = match expr.operator.as_str() {
            "In" => Operator::In,
            "NotIn" => Operator::NotIn,
            "Exists" => Operator::Exists,
            "DoesNotExist" => Operator::DoesNotExist,
            other => {
                return Err(Error::LabelSelector {
                    reason: format!(
                        "{} is not a valid label selector operator",
                        validate::go_quote(other)
                    ),
                })
            }
        };
        let values = expr.values.clone().unwrap_or_default();
        requirements.push(Requirement::new(expr.key.clone(), operator, values)?);
    }
    Ok(Selector::from_requirements(requirements))
}

/// Whether `labels` are selected by `sel`, converting it with [`from_label_selector`].
/// For many label sets, convert once and call [`Selector::matches`] instead.
pub fn matches(sel: Option<&LabelSelector>, labels: &BTreeMap<String, String>) -> Result<bool> {
    Ok(from_label_selector(sel)?.matches(labels))
}

#[cfg(test)]
mod tests;
