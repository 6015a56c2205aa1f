//! `kubesim.selector_matches`: label selectors from Python.

use std::collections::BTreeMap;

use pyo3::prelude::*;
use pyo3::types::PyString;

use super::errors::{new_error, to_py_err};
use crate::api::meta::LabelSelector;
use crate::manifest::diagnostic::Lang;
use crate::selector::{from_label_selector, parse};

/// True if `labels` match `selector`: a `kubectl -l` string ("app=nginx,tier!=db"), a
/// LabelSelector dict (matchLabels / matchExpressions), or None, which matches nothing.
#[pyfunction]
fn selector_matches(
    selector: Option<&Bound<'_, PyAny>>,
    labels: BTreeMap<String, String>,
) -> PyResult<bool> {
    let Some(selector) = selector else {
        return Ok(false);
    };
    let py = selector.py();
    let parsed = if let Ok(s) = selector.cast::<PyString>() {
        parse(&s.to_cow()?)
    } else {
        let value = super::value::to_value(selector).map_err(|d| {
            new_error(
                py,
                "SelectorError",
                (format!("{}: {}", d.path, d.message.en), py.None()),
            )
        })?;
        let sel: LabelSelector = serde_json::from_value(crate::api::null::without_nulls(value))
            .map_err(|e| {
                new_error(
                    py,
                    "SelectorError",
                    (format!("not a LabelSelector: {e}"), py.None()),
                )
            })?;
        from_label_selector(Some(&sel))
    };
    parsed
        .map(|s| s.matches(&labels))
        .map_err(|e| to_py_err(py, e, Lang::En))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(selector_matches, m)?)
}
