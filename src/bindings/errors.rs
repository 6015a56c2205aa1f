//! Mapping core errors to the Python exception classes defined in `kubesim/errors.py`.
//!
//! The classes live in Python so that they can inherit from both `KubesimError` and a
//! builtin (`ManifestError` and `CronError` are also `ValueError`s), as pydantic-core's
//! `ValidationError` is.

use pyo3::call::PyCallArgs;
use pyo3::prelude::*;

/// Builds an instance of `kubesim.errors.<class>` with the given constructor arguments.
pub fn new_error<'py>(py: Python<'py>, class: &str, args: impl PyCallArgs<'py>) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let cls = py.import("kubesim.errors")?.getattr(class)?;
        let instance = cls.call1(args)?;
        Ok(PyErr::from_value(instance))
    };
    build().unwrap_or_else(|e| e)
}
