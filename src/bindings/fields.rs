//! Attribute access to the fields of a Kubernetes object: `d.spec.strategy.rolling_update`.
//!
//! A `Fields` is a read-only view of one JSON value inside an object. Attribute names match
//! manifest keys exactly or after dropping underscores and case (`max_surge` → `maxSurge`,
//! `host_ip` → `hostIP`); item access takes the raw key (`labels["app.kubernetes.io/name"]`).

use std::sync::Arc;

use pyo3::exceptions::{PyAttributeError, PyIndexError, PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::PyList;
use serde_json::Value;

/// A read-only view of a mapping or list inside a Kubernetes object.
#[pyclass(module = "kubesim._core", frozen)]
pub struct Fields {
    root: Arc<Value>,
    pointer: String,
}

impl Fields {
    pub fn new(root: Arc<Value>, pointer: String) -> Fields {
        Fields { root, pointer }
    }

    fn value(&self) -> &Value {
        self.root.pointer(&self.pointer).unwrap_or(&Value::Null)
    }

    fn child(&self, step: &str) -> String {
        let escaped = step.replace('~', "~0").replace('/', "~1");
        format!("{}/{escaped}", self.pointer)
    }
}

/// Finds the manifest key that an attribute name stands for.
pub fn match_key<'a>(map: &'a serde_json::Map<String, Value>, name: &str) -> Option<&'a str> {
    if map.contains_key(name) {
        return map.get_key_value(name).map(|(k, _)| k.as_str());
    }
    let wanted = normalize(name);
    map.keys()
        .find(|k| normalize(k) == wanted)
        .map(String::as_str)
}

fn normalize(name: &str) -> String {
    name.chars()
        .filter(|&c| c != '_')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Converts a JSON value to Python: scalars become Python values, mappings `Fields` views,
/// lists Python lists of the same.
pub fn to_python<'py>(
    py: Python<'py>,
    root: &Arc<Value>,
    pointer: String,
) -> PyResult<Bound<'py, PyAny>> {
    let value = root.pointer(&pointer).unwrap_or(&Value::Null);
    match value {
        Value::Object(_) => Ok(Bound::new(py, Fields::new(root.clone(), pointer))?.into_any()),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for i in 0..items.len() {
                list.append(to_python(py, root, format!("{pointer}/{i}"))?)?;
            }
            Ok(list.into_any())
        }
        scalar => Ok(pythonize::pythonize(py, scalar)?),
    }
}

/// Looks up an attribute on a JSON mapping, with the error Python users expect.
pub fn getattr<'py>(
    py: Python<'py>,
    root: &Arc<Value>,
    pointer: &str,
    name: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let value = root.pointer(pointer).unwrap_or(&Value::Null);
    let Value::Object(map) = value else {
        return Err(PyAttributeError::new_err(name.to_string()));
    };
    match match_key(map, name) {
        Some(key) => {
            let escaped = key.replace('~', "~0").replace('/', "~1");
            to_python(py, root, format!("{pointer}/{escaped}"))
        }
        None => {
            let keys: Vec<&str> = map.keys().map(String::as_str).collect();
            Err(PyAttributeError::new_err(format!(
                "no field {name:?} here (fields set: {}); use .get({name:?}) for an optional field",
                if keys.is_empty() {
                    "none".to_string()
                } else {
                    keys.join(", ")
                }
            )))
        }
    }
}

#[pymethods]
impl Fields {
    fn __getattr__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        getattr(py, &self.root, &self.pointer, name)
    }

    /// The field's value, or `default` when it is not set.
    #[pyo3(signature = (name, default=None))]
    fn get<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        default: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        match self.value() {
            Value::Object(map) if match_key(map, name).is_some() => {
                getattr(py, &self.root, &self.pointer, name)
            }
            _ => Ok(default.unwrap_or_else(|| py.None().into_bound(py))),
        }
    }

    fn __getitem__<'py>(
        &self,
        py: Python<'py>,
        key: Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        match self.value() {
            Value::Object(map) => {
                let k: String = key.extract()?;
                if map.contains_key(&k) {
                    to_python(py, &self.root, self.child(&k))
                } else {
                    Err(PyKeyError::new_err(k))
                }
            }
            Value::Array(items) => {
                let i: isize = key.extract()?;
                let len = items.len() as isize;
                let idx = if i < 0 { i + len } else { i };
                if (0..len).contains(&idx) {
                    to_python(py, &self.root, format!("{}/{idx}", self.pointer))
                } else {
                    Err(PyIndexError::new_err("index out of range"))
                }
            }
            _ => Err(PyTypeError::new_err("not subscriptable")),
        }
    }

    fn __contains__(&self, key: &str) -> bool {
        matches!(self.value(), Value::Object(map) if map.contains_key(key))
    }

    fn __len__(&self) -> usize {
        match self.value() {
            Value::Object(map) => map.len(),
            Value::Array(items) => items.len(),
            _ => 0,
        }
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let keys = self.keys();
        Ok(PyList::new(py, keys)?.try_iter()?.into_any())
    }

    /// The keys of this mapping, in manifest order.
    fn keys(&self) -> Vec<String> {
        match self.value() {
            Value::Object(map) => map.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// `(key, value)` pairs of this mapping.
    fn items<'py>(&self, py: Python<'py>) -> PyResult<Vec<(String, Bound<'py, PyAny>)>> {
        self.keys()
            .into_iter()
            .map(|k| {
                let v = to_python(py, &self.root, self.child(&k))?;
                Ok((k, v))
            })
            .collect()
    }

    /// The values of this mapping.
    fn values<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        Ok(self.items(py)?.into_iter().map(|(_, v)| v).collect())
    }

    /// A plain Python dict (or list) copy.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, self.value())?)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        if let Ok(o) = other.cast::<Fields>() {
            return o.get().value() == self.value();
        }
        super::value::to_value(other).is_ok_and(|v| &v == self.value())
    }

    fn __repr__(&self) -> String {
        format!("Fields({})", self.value())
    }

    /// The view as YAML (IPython's plain-text display).
    fn _repr_pretty_(&self, p: &Bound<'_, PyAny>, _cycle: bool) -> PyResult<()> {
        p.call_method1(
            "text",
            (crate::manifest::render::to_yaml(self.value()).trim_end(),),
        )?;
        Ok(())
    }

    /// In a notebook: the view as YAML.
    fn _repr_html_(&self) -> String {
        let yaml = crate::manifest::render::to_yaml(self.value());
        super::objects::yaml_html(&self.pointer.replace('/', "."), &yaml)
    }

    /// Attribute completion: the methods, and the fields in snake_case.
    fn __dir__(slf: &Bound<'_, Self>) -> PyResult<Vec<String>> {
        let mut names = super::objects::type_dir(slf)?;
        names.extend(super::objects::snake_keys(slf.get().value()));
        names.sort();
        names.dedup();
        Ok(names)
    }
}
