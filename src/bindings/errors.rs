//! Mapping core errors to the Python exception classes defined in `kubesim/errors.py`.
//!
//! The classes live in Python so that they can inherit from both `KubesimError` and a
//! builtin (`ManifestError` and `CronError` are also `ValueError`s), as pydantic-core's
//! `ValidationError` is.

use pyo3::call::PyCallArgs;
use pyo3::prelude::*;

use crate::manifest::diagnostic::{Diagnostic, Lang};

/// Builds an instance of `kubesim.errors.<class>` with the given constructor arguments.
pub fn new_error<'py>(py: Python<'py>, class: &str, args: impl PyCallArgs<'py>) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let cls = py.import("kubesim.errors")?.getattr(class)?;
        let instance = cls.call1(args)?;
        Ok(PyErr::from_value(instance))
    };
    build().unwrap_or_else(|e| e)
}

/// Maps a core error to its Python exception class.
pub fn to_py_err(py: Python<'_>, error: crate::Error, lang: Lang) -> PyErr {
    use crate::Error;
    match error {
        Error::Manifest(diagnostics) => {
            let text = diagnostics
                .iter()
                .map(|d| d.render(lang))
                .collect::<Vec<_>>()
                .join("\n");
            let items: Vec<PyDiagnostic> = diagnostics
                .iter()
                .map(|d| PyDiagnostic::new(d, lang))
                .collect();
            new_error(py, "ManifestError", (text, items))
        }
        Error::Quantity { .. } => new_error(py, "QuantityError", (error.to_string(),)),
        Error::Selector { position, .. } => {
            new_error(py, "SelectorError", (error.to_string(), position))
        }
        Error::LabelSelector { .. } => {
            new_error(py, "SelectorError", (error.to_string(), py.None()))
        }
        Error::Cron(_) => new_error(py, "CronError", (error.to_string(),)),
        Error::Io { .. } => new_error(py, "SourceError", (error.to_string(),)),
        #[allow(unreachable_patterns)] // Variants added by other modules map to the root class.
        other => new_error(py, "KubesimError", (other.to_string(),)),
    }
}

/// One problem in a manifest, as Python sees it.
#[pyclass(
    name = "Diagnostic",
    module = "kubesim._core",
    frozen,
    get_all,
    skip_from_py_object
)]
#[derive(Clone)]
pub struct PyDiagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub path: String,
    pub code: String,
    pub severity: String,
    pub message: String,
    pub hint: Option<String>,
    rendered: String,
}

impl PyDiagnostic {
    pub fn new(d: &Diagnostic, lang: Lang) -> PyDiagnostic {
        PyDiagnostic {
            file: d.file.clone(),
            line: d.pos.line,
            column: d.pos.column,
            path: d.path.clone(),
            code: d.code.to_string(),
            severity: d.severity.as_str().to_string(),
            message: d.message.get(lang).to_string(),
            hint: d.hint.as_ref().map(|h| h.get(lang).to_string()),
            rendered: d.render(lang),
        }
    }
}

#[pymethods]
impl PyDiagnostic {
    fn __str__(&self) -> String {
        self.rendered.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Diagnostic {}:{}:{} {}[{}] {:?}>",
            self.file, self.line, self.column, self.severity, self.code, self.message
        )
    }

    /// The diagnostic as a plain dict (for JSON reports).
    pub fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
        let d = pyo3::types::PyDict::new(py);
        d.set_item("file", &self.file)?;
        d.set_item("line", self.line)?;
        d.set_item("column", self.column)?;
        d.set_item("path", &self.path)?;
        d.set_item("code", &self.code)?;
        d.set_item("severity", &self.severity)?;
        d.set_item("message", &self.message)?;
        d.set_item("hint", &self.hint)?;
        Ok(d)
    }
}

/// Reads a `lang` argument ("en" or "ko").
pub fn parse_lang(lang: &str) -> PyResult<Lang> {
    Lang::parse(lang).ok_or_else(|| {
        pyo3::exceptions::PyValueError::new_err(format!(
            "lang must be \"en\" or \"ko\", not {lang:?}"
        ))
    })
}

/// "en" or "ko": a language as Python code names it.
pub(super) fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Ko => "ko",
    }
}
