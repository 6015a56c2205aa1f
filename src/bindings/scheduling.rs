//! `kubesim.tolerates`, `kubesim.should_run_daemon_pod` and `kubesim.daemon_pod_tolerations`:
//! node placement from Python.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde::de::DeserializeOwned;

use super::objects::KubeObject;
use crate::api::affinity::Toleration;
use crate::api::daemonset::DaemonSet;
use crate::api::node::{Node, Taint};
use crate::api::object::Object;
use crate::scheduling::{daemon_pod_tolerations, parse_taint, should_run_daemon_pod, tolerates};

/// Where a DaemonSet's pod should run: `should_run`, `should_continue_running` and the
/// reasons why not (in English; `reasons_ko` in Korean).
#[pyclass(
    name = "Placement",
    module = "kubesim._core",
    frozen,
    get_all,
    skip_from_py_object
)]
#[derive(Clone)]
pub struct PyPlacement {
    pub should_run: bool,
    pub should_continue_running: bool,
    pub reasons: Vec<String>,
    pub reasons_ko: Vec<String>,
}

#[pymethods]
impl PyPlacement {
    fn __repr__(&self) -> String {
        format!(
            "Placement(should_run={}, should_continue_running={}, reasons={:?})",
            py_bool(self.should_run),
            py_bool(self.should_continue_running),
            self.reasons
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyPlacement>().is_ok_and(|o| {
            let o = o.get();
            (o.should_run, o.should_continue_running, &o.reasons)
                == (self.should_run, self.should_continue_running, &self.reasons)
        })
    }
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// Reads a dict with serde, naming the argument in the error; `None` values mean unset,
/// as JSON null does for the API server.
pub(super) fn from_dict<T: DeserializeOwned>(what: &str, value: &Bound<'_, PyAny>) -> PyResult<T> {
    let value = super::value::to_value(value).map_err(|d| {
        let at = if d.path.is_empty() {
            String::new()
        } else {
            format!(" at {}", d.path)
        };
        PyValueError::new_err(format!("invalid {what}{at}: {}", d.message.en))
    })?;
    serde_json::from_value(crate::api::null::without_nulls(value))
        .map_err(|e| PyValueError::new_err(format!("invalid {what}: {e}")))
}

fn taint_arg(taint: &Bound<'_, PyAny>) -> PyResult<Taint> {
    if let Ok(s) = taint.cast::<PyString>() {
        return parse_taint(&s.to_cow()?).map_err(|e| PyValueError::new_err(e.to_string()));
    }
    if taint.is_instance_of::<PyDict>() {
        return from_dict("taint", taint);
    }
    Err(PyTypeError::new_err(
        "taint must be a \"key=value:Effect\" string or a dict with key, value and effect",
    ))
}

fn tolerations_arg(tolerations: &Bound<'_, PyAny>) -> PyResult<Vec<Toleration>> {
    if tolerations.is_instance_of::<PyDict>() {
        return Ok(vec![from_dict("toleration", tolerations)?]);
    }
    if tolerations.is_instance_of::<PyList>()
        || tolerations.is_instance_of::<pyo3::types::PyTuple>()
    {
        return from_dict("tolerations", tolerations);
    }
    if tolerations.is_none() {
        return Ok(Vec::new());
    }
    Err(PyTypeError::new_err(
        "tolerations must be a list of dicts (or one dict)",
    ))
}

/// True if any of `tolerations` tolerates `taint` (a "key=value:Effect" string or a dict),
/// as Kubernetes v1.36 matches them.
#[pyfunction(name = "tolerates")]
fn py_tolerates(tolerations: &Bound<'_, PyAny>, taint: &Bound<'_, PyAny>) -> PyResult<bool> {
    let taint = taint_arg(taint)?;
    Ok(tolerations_arg(tolerations)?
        .iter()
        .any(|t| tolerates(t, &taint)))
}

/// A `kubesim` object of the wanted kind, or a dict decoded as one.
fn object_arg<T: DeserializeOwned>(
    what: &str,
    value: &Bound<'_, PyAny>,
    pick: fn(&Object) -> Option<T>,
) -> PyResult<T> {
    if let Ok(obj) = value.cast::<KubeObject>() {
        let object = &obj.get().object;
        return pick(object).ok_or_else(|| {
            PyTypeError::new_err(format!("expected a {what}, got a {}", object.kind()))
        });
    }
    if value.is_instance_of::<PyDict>() {
        return from_dict(what, value);
    }
    Err(PyTypeError::new_err(format!(
        "expected a {what} (from ks.load) or a dict"
    )))
}

/// Whether the DaemonSet controller would run a pod of `daemonset` on `node`, and whether
/// a pod already there may stay, as kube-controller-manager v1.36 decides it.
#[pyfunction(name = "should_run_daemon_pod")]
fn py_should_run_daemon_pod(
    node: &Bound<'_, PyAny>,
    daemonset: &Bound<'_, PyAny>,
) -> PyResult<PyPlacement> {
    let node: Node = object_arg("Node", node, |o| match o {
        Object::Node(n) => Some(n.clone()),
        _ => None,
    })?;
    let ds: DaemonSet = object_arg("DaemonSet", daemonset, |o| match o {
        Object::DaemonSet(d) => Some(d.clone()),
        _ => None,
    })?;
    let v = should_run_daemon_pod(&node, &ds);
    Ok(PyPlacement {
        should_run: v.should_run,
        should_continue_running: v.should_continue_running,
        reasons: v.reasons.iter().map(|t| t.en.clone()).collect(),
        reasons_ko: v.reasons.iter().map(|t| t.ko.clone()).collect(),
    })
}

/// The tolerations the DaemonSet controller adds to every daemon pod (plus
/// network-unavailable for `host_network` pods), as dicts.
#[pyfunction(name = "daemon_pod_tolerations")]
#[pyo3(signature = (host_network=false))]
fn py_daemon_pod_tolerations(py: Python<'_>, host_network: bool) -> PyResult<Bound<'_, PyAny>> {
    Ok(pythonize::pythonize(
        py,
        &daemon_pod_tolerations(host_network),
    )?)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPlacement>()?;
    m.add_function(wrap_pyfunction!(py_tolerates, m)?)?;
    m.add_function(wrap_pyfunction!(py_should_run_daemon_pod, m)?)?;
    m.add_function(wrap_pyfunction!(py_daemon_pod_tolerations, m)?)
}
