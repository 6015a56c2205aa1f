//! `kubesim.load`: text, paths, dicts and lists to typed objects.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use serde_json::Value;

use super::check::resolve_lang;
use super::errors::to_py_err;
use super::objects::wrap;
use super::value::to_value;
use crate::manifest::diagnostic::{Diagnostic, Pos, Text};
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
        return Ok(to_value(source)
            .map(Source::Value)
            .map_err(|d| crate::Error::Manifest(vec![d])));
    }
    if let Ok(bytes) = source.cast::<PyBytes>() {
        return Ok(decode_utf8(bytes.as_bytes(), INPUT).map(Source::Text));
    }
    if let Ok(s) = source.cast::<PyString>() {
        let text = match s.to_cow() {
            Ok(text) => text,
            Err(_) => {
                // A lone surrogate ("\ud800") cannot be UTF-8: a manifest error, never a
                // UnicodeEncodeError (`check` promises not to raise for bad input).
                return Ok(Err(crate::Error::Manifest(vec![Diagnostic::error(
                    "not-utf8",
                    Pos { line: 1, column: 1 },
                    Text::new(
                        "the text holds a lone surrogate (such as \"\\ud800\"), which is not UTF-8",
                        "텍스트에 짝이 없는 서로게이트(\"\\ud800\" 같은)가 있어 UTF-8이 아닙니다",
                    ),
                )])));
            }
        };
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
