//! `kubesim.load`: text, paths, dicts and lists to typed objects.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use serde_json::Value;

use super::check::resolve_lang;
use super::errors::to_py_err;
use super::objects::wrap;
use crate::manifest::load::{decode_utf8, load_path, load_text, load_value, Loaded, INPUT};

/// What a `source` argument holds.
pub enum Source {
    Text(String),
    Path(PathBuf),
    Value(Value),
}

/// Tells text, paths, bytes and JSON-like values apart; bytes that are not UTF-8 are a
/// manifest error, not an exception.
pub fn classify(source: &Bound<'_, PyAny>) -> PyResult<Result<Source, crate::Error>> {
    if source.is_instance_of::<PyDict>() || source.is_instance_of::<PyList>() {
        return Ok(Ok(Source::Value(pythonize::depythonize(source)?)));
    }
    if let Ok(bytes) = source.cast::<PyBytes>() {
        return Ok(decode_utf8(bytes.as_bytes(), INPUT).map(Source::Text));
    }
    if let Ok(s) = source.cast::<PyString>() {
        let text = s.to_cow()?;
        let text = text.as_ref();
        // A one-line string naming an existing file or folder, or ending like a manifest
        // file name, is a path; anything else is text.
        let as_path = PathBuf::from(text);
        let one_line = !text.contains('\n') && !text.is_empty() && text.len() < 4096;
        let file_like =
            [".yaml", ".yml", ".json"].iter().any(|e| text.ends_with(e)) && !text.contains(": ");
        if one_line && (file_like || as_path.exists()) {
            return Ok(Ok(Source::Path(as_path)));
        }
        return Ok(Ok(Source::Text(text.to_string())));
    }
    let fspath = source.py().import("os")?.getattr("fspath")?;
    let path: PathBuf = fspath.call1((source,))?.extract()?;
    Ok(Ok(Source::Path(path)))
}

/// Loads objects from YAML/JSON text, a path (file or folder), bytes, a dict or a list.
pub fn load_source(source: &Bound<'_, PyAny>) -> PyResult<Result<Vec<Loaded>, crate::Error>> {
    let py = source.py();
    Ok(match classify(source)? {
        Err(e) => Err(e),
        Ok(Source::Text(text)) => py.detach(|| load_text(&text, INPUT)),
        Ok(Source::Path(path)) => py.detach(|| load_path(&path)),
        Ok(Source::Value(value)) => load_value(&value, INPUT),
    })
}

/// Loads every object in `source`, with the API server's defaults applied.
#[pyfunction]
#[pyo3(signature = (source, *, lang = None))]
fn load<'py>(source: &Bound<'py, PyAny>, lang: Option<&str>) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let py = source.py();
    let lang = resolve_lang(lang)?;
    let loaded = load_source(source)?.map_err(|e| to_py_err(py, e, lang))?;
    loaded.into_iter().map(|l| wrap(py, l.object)).collect()
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(load, m)?)?;
    m.add_class::<super::errors::PyDiagnostic>()?;
    Ok(())
}
