//! `kubesim.check`, the `Report` it returns, and the default message language
//! (`set_lang` / `get_lang`), shared with `load`.

use std::sync::atomic::{AtomicBool, Ordering};

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::errors::{parse_lang, to_py_err, PyDiagnostic};
use super::load::{classify, load_source, Source};
use super::objects::KubeObject;
use crate::api::Object;
use crate::manifest::check::{check_path_against, check_text_against, check_value_against, Report};
use crate::manifest::diagnostic::Lang;
use crate::manifest::load::INPUT;

/// The default language: false for English, true for Korean.
static KOREAN: AtomicBool = AtomicBool::new(false);

/// The language a call uses: its own `lang`, or the default set with `set_lang`.
pub fn resolve_lang(lang: Option<&str>) -> PyResult<Lang> {
    match lang {
        Some(l) => parse_lang(l),
        None if KOREAN.load(Ordering::Relaxed) => Ok(Lang::Ko),
        None => Ok(Lang::En),
    }
}

/// Sets the default language of messages and hints: "en" or "ko".
#[pyfunction]
fn set_lang(lang: &str) -> PyResult<()> {
    KOREAN.store(parse_lang(lang)? == Lang::Ko, Ordering::Relaxed);
    Ok(())
}

/// The default language of messages and hints.
#[pyfunction]
fn get_lang() -> &'static str {
    if KOREAN.load(Ordering::Relaxed) {
        "ko"
    } else {
        "en"
    }
}

/// Everything `check` found: errors and warnings, each a `Diagnostic`.
#[pyclass(name = "Report", module = "kubesim._core", frozen)]
pub struct PyReport {
    diagnostics: Vec<PyDiagnostic>,
    rendered: String,
}

impl PyReport {
    fn new(report: &Report, lang: Lang) -> PyReport {
        PyReport {
            diagnostics: report
                .diagnostics
                .iter()
                .map(|d| PyDiagnostic::new(d, lang))
                .collect(),
            rendered: report.render(lang),
        }
    }
}

#[pymethods]
impl PyReport {
    /// True when there is no error (warnings allowed).
    #[getter]
    fn ok(&self) -> bool {
        !self.diagnostics.iter().any(|d| d.severity == "error")
    }

    /// Every diagnostic, errors and warnings, by file and position.
    #[getter]
    fn diagnostics(&self) -> Vec<PyDiagnostic> {
        self.diagnostics.clone()
    }

    #[getter]
    fn errors(&self) -> Vec<PyDiagnostic> {
        self.by_severity("error")
    }

    #[getter]
    fn warnings(&self) -> Vec<PyDiagnostic> {
        self.by_severity("warning")
    }

    /// The codes of every diagnostic, in order (handy in assertions).
    #[getter]
    fn codes(&self) -> Vec<String> {
        self.diagnostics.iter().map(|d| d.code.clone()).collect()
    }

    fn __len__(&self) -> usize {
        self.diagnostics.len()
    }

    fn __bool__(&self) -> bool {
        self.ok()
    }

    fn __str__(&self) -> String {
        self.rendered.clone()
    }

    fn __repr__(&self) -> String {
        let errors = self.by_severity("error").len();
        let warnings = self.diagnostics.len() - errors;
        let ok = if self.ok() { "True" } else { "False" };
        format!("<Report ok={ok} errors={errors} warnings={warnings}>")
    }

    /// The report as a dict: `{"ok": ..., "errors": n, "warnings": n, "diagnostics": [...]}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        let errors = self.by_severity("error").len();
        d.set_item("ok", self.ok())?;
        d.set_item("errors", errors)?;
        d.set_item("warnings", self.diagnostics.len() - errors)?;
        let items = self
            .diagnostics
            .iter()
            .map(|x| x.to_dict(py))
            .collect::<PyResult<Vec<_>>>()?;
        d.set_item("diagnostics", items)?;
        Ok(d)
    }
}

impl PyReport {
    fn by_severity(&self, severity: &str) -> Vec<PyDiagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .cloned()
            .collect()
    }
}

/// Checks `source` (YAML/JSON text, a file or folder path, bytes, a dict or a list) and
/// returns every problem found. Never raises for bad input. With `old` (the previous
/// version: a source like `source`, or objects from `load`), an object that was there
/// before also gets the API server's update validation (immutable fields); `old` itself
/// must load, or `ManifestError` is raised.
#[pyfunction]
#[pyo3(signature = (source, *, lang = None, old = None))]
fn check(
    source: &Bound<'_, PyAny>,
    lang: Option<&str>,
    old: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyReport> {
    let py = source.py();
    let lang = resolve_lang(lang)?;
    let previous: Vec<Object> = match old {
        None => Vec::new(),
        Some(old) => previous_objects(old, lang)?,
    };
    let report = match classify(source)? {
        Err(crate::Error::Manifest(diagnostics)) => Report { diagnostics },
        Err(other) => Report {
            diagnostics: vec![crate::manifest::diagnostic::Diagnostic::error(
                "unreadable-file",
                Default::default(),
                crate::manifest::diagnostic::Text::new(other.to_string(), other.to_string()),
            )],
        },
        Ok(Source::Text(text)) => py.detach(|| check_text_against(&text, INPUT, &previous)),
        Ok(Source::Path(path)) => py.detach(|| check_path_against(&path, &previous)),
        Ok(Source::Value(value)) => check_value_against(&value, INPUT, &previous),
    };
    Ok(PyReport::new(&report, lang))
}

/// The objects of `old`: one object or a list of them from `load`, or any source.
fn previous_objects(old: &Bound<'_, PyAny>, lang: Lang) -> PyResult<Vec<Object>> {
    if let Ok(o) = old.cast::<KubeObject>() {
        return Ok(vec![(*o.get().object).clone()]);
    }
    if let Ok(list) = old.cast::<PyList>() {
        let objects: Option<Vec<Object>> = list
            .iter()
            .map(|i| {
                i.cast::<KubeObject>()
                    .ok()
                    .map(|o| (*o.get().object).clone())
            })
            .collect();
        if let Some(objects) = objects.filter(|o| !o.is_empty()) {
            return Ok(objects);
        }
    }
    let loaded = load_source(old)?.map_err(|e| to_py_err(old.py(), e, lang))?;
    Ok(loaded.into_iter().map(|l| l.object).collect())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(set_lang, m)?)?;
    m.add_function(wrap_pyfunction!(get_lang, m)?)?;
    m.add_class::<PyReport>()?;
    Ok(())
}
