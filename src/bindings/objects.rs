//! Kubernetes objects as Python classes: `KubeObject` and one subclass per simulated kind,
//! so that `isinstance(obj, ks.Deployment)` works. Fields are read through `Fields` views.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::Value;

use super::fields::{getattr, Fields};
use crate::api::object::Object;
use crate::manifest::render::to_yaml;

/// A Kubernetes object with API-server defaults applied. Read fields as attributes
/// (`obj.spec.replicas`, snake_case or camelCase), or copy it out with `to_dict()`.
#[pyclass(module = "kubesim._core", subclass, frozen)]
pub struct KubeObject {
    pub object: Arc<Object>,
    json: Arc<Value>,
}

impl KubeObject {
    pub fn new(object: Object) -> KubeObject {
        let json = Arc::new(object.to_json());
        KubeObject {
            object: Arc::new(object),
            json,
        }
    }

    fn meta_str(&self, key: &str) -> Option<String> {
        self.json
            .pointer(&format!("/metadata/{key}"))
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    fn meta_map<'py>(&self, py: Python<'py>, key: &str) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        if let Some(Value::Object(map)) = self.json.pointer(&format!("/metadata/{key}")) {
            for (k, v) in map {
                dict.set_item(k, v.as_str().unwrap_or_default())?;
            }
        }
        Ok(dict)
    }
}

#[pymethods]
impl KubeObject {
    /// The object's kind, e.g. "Deployment".
    #[getter]
    fn kind(&self) -> String {
        self.object.kind().to_string()
    }

    /// The object's apiVersion, e.g. "apps/v1".
    #[getter]
    fn api_version(&self) -> String {
        self.object.api_version().to_string()
    }

    #[getter]
    fn name(&self) -> Option<String> {
        self.meta_str("name")
    }

    #[getter]
    fn namespace(&self) -> Option<String> {
        self.meta_str("namespace")
    }

    #[getter]
    fn labels<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.meta_map(py, "labels")
    }

    #[getter]
    fn annotations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.meta_map(py, "annotations")
    }

    /// False for kinds kubesim keeps but does not simulate (ConfigMap, Ingress, CRDs, ...).
    #[getter]
    fn simulated(&self) -> bool {
        self.object.is_simulated()
    }

    fn __getattr__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        getattr(py, &self.json, "", name)
    }

    /// A top-level field's value, or `default` when it is not set.
    #[pyo3(signature = (name, default=None))]
    fn get<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        default: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        Bound::new(py, Fields::new(self.json.clone(), String::new()))?
            .call_method1("get", (name, default))
    }

    /// The object as a plain dict, as `kubectl get -o json` would show it.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, self.json.as_ref())?)
    }

    /// The object as YAML, as `kubectl get -o yaml` would show it.
    fn to_yaml(&self) -> String {
        to_yaml(&self.json)
    }

    /// The object as JSON text.
    #[pyo3(signature = (indent=None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        // Each line repeats the indent per level: 2**63 spaces used to abort the process.
        if indent.is_some_and(|n| n > 64) {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "indent must be between 0 and 64 spaces",
            ));
        }
        Ok(match indent {
            None => self.json.to_string(),
            Some(n) => {
                let mut out = Vec::new();
                let indent = " ".repeat(n);
                let formatter = serde_json::ser::PrettyFormatter::with_indent(indent.as_bytes());
                let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
                serde::Serialize::serialize(self.json.as_ref(), &mut ser).map_or_else(
                    |_| self.json.to_string(),
                    |_| String::from_utf8_lossy(&out).into_owned(),
                )
            }
        })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<KubeObject>()
            .is_ok_and(|o| o.get().json == self.json)
    }

    /// In a notebook: the object as YAML under its one-line summary.
    fn _repr_html_(&self) -> String {
        yaml_html(&self.__repr__(), &self.to_yaml())
    }

    /// Attribute completion: the methods, and the top-level fields in snake_case.
    fn __dir__(slf: &Bound<'_, Self>) -> PyResult<Vec<String>> {
        let mut names = type_dir(slf)?;
        names.extend(snake_keys(&slf.get().json));
        names.sort();
        names.dedup();
        Ok(names)
    }

    fn __repr__(&self) -> String {
        let name = self
            .meta_str("name")
            .unwrap_or_else(|| "<unnamed>".to_string());
        let full = match self.meta_str("namespace") {
            Some(ns) => format!("{ns}/{name}"),
            None => name,
        };
        let note = if self.object.is_simulated() {
            ""
        } else {
            ", not simulated"
        };
        format!(
            "<{} {} ({}{note})>",
            self.object.kind(),
            full,
            self.object.api_version()
        )
    }
}

macro_rules! typed_kinds {
    ($($kind:ident),* $(,)?) => {
        $(
            #[doc = concat!("A ", stringify!($kind), " (see `KubeObject` for field access).")]
            #[pyclass(module = "kubesim._core", extends = KubeObject, frozen)]
            pub struct $kind;
        )*

        /// Wraps an object in the Python class of its kind.
        pub fn wrap(py: Python<'_>, object: Object) -> PyResult<Bound<'_, PyAny>> {
            let kind = object.kind().to_string();
            let simulated = object.is_simulated();
            let base = PyClassInitializer::from(KubeObject::new(object));
            if simulated {
                match kind.as_str() {
                    $(stringify!($kind) => return Ok(Bound::new(py, base.add_subclass($kind))?.into_any()),)*
                    _ => {}
                }
            }
            Ok(Bound::new(py, base)?.into_any())
        }

        /// Adds the object classes to the module.
        pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
            m.add_class::<KubeObject>()?;
            m.add_class::<Fields>()?;
            $(m.add_class::<$kind>()?;)*
            Ok(())
        }
    };
}

typed_kinds!(
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
);

#[pymethods]
impl Pod {
    /// The node the pod is bound to, or None while it is unscheduled.
    #[getter]
    fn node(slf: PyRef<'_, Self>) -> Option<String> {
        match slf.as_super().object.as_ref() {
            Object::Pod(p) => p.spec.node_name.clone(),
            _ => None,
        }
    }

    /// The pod's phase: Pending, Running, Succeeded, Failed or Unknown.
    #[getter]
    fn phase(slf: PyRef<'_, Self>) -> String {
        match slf.as_super().object.as_ref() {
            Object::Pod(p) => crate::controllers::podutil::phase(p).to_string(),
            _ => String::new(),
        }
    }

    /// True when the pod's Ready condition is True.
    #[getter]
    fn ready(slf: PyRef<'_, Self>) -> bool {
        matches!(slf.as_super().object.as_ref(), Object::Pod(p) if crate::controllers::podutil::is_ready(p))
    }

    /// What `kubectl get pods` shows in STATUS (Running, ContainerCreating, CrashLoopBackOff, ...).
    #[getter]
    fn status_text(slf: PyRef<'_, Self>) -> String {
        match slf.as_super().object.as_ref() {
            Object::Pod(p) => {
                crate::kubectl::printers::pods::summarize(p, crate::sim::clock::Time::DEFAULT_START)
                    .status
            }
            _ => String::new(),
        }
    }

    /// The highest restart count among the pod's containers.
    #[getter]
    fn restarts(slf: PyRef<'_, Self>) -> i32 {
        match slf.as_super().object.as_ref() {
            Object::Pod(p) => crate::controllers::podutil::max_restarts(p),
            _ => 0,
        }
    }

    /// The image of the first container.
    #[getter]
    fn image(slf: PyRef<'_, Self>) -> Option<String> {
        match slf.as_super().object.as_ref() {
            Object::Pod(p) => p.spec.containers.first().and_then(|c| c.image.clone()),
            _ => None,
        }
    }

    /// The controller that owns the pod as `kind/name` (e.g. "replicaset/web-7d9f"), or None.
    #[getter]
    fn owner(slf: PyRef<'_, Self>) -> Option<String> {
        slf.as_super()
            .object
            .metadata()
            .controller_ref()
            .map(|r| format!("{}/{}", r.kind.to_lowercase(), r.name))
    }
}

/// The names a type defines, for `__dir__`.
pub(super) fn type_dir(obj: &Bound<'_, impl pyo3::PyClass>) -> PyResult<Vec<String>> {
    obj.as_any().get_type().dir()?.extract()
}

/// The keys of a JSON mapping as snake_case attribute names (`matchLabels` → `match_labels`,
/// `hostIP` → `host_ip`), which `Fields` attribute access accepts.
pub(super) fn snake_keys(value: &Value) -> Vec<String> {
    let Value::Object(map) = value else {
        return Vec::new();
    };
    map.keys()
        .map(|k| snake_case(k))
        .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .filter(|k| !k.starts_with(|c: char| c.is_ascii_digit()))
        .collect()
}

fn snake_case(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower = i > 0 && !chars[i - 1].is_ascii_uppercase();
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if i > 0 && (prev_lower || next_lower) && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// YAML in a `<pre>` block under a title, for `_repr_html_`.
pub(super) fn yaml_html(title: &str, yaml: &str) -> String {
    format!(
        "<div><code>{}</code><pre style=\"margin:4px 0\">{}</pre></div>",
        crate::sim::html::escape(title),
        crate::sim::html::escape(yaml)
    )
}
