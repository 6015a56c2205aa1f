//! Python values to JSON values, within the limits that YAML text has.
//!
//! `pythonize` recurses without a bound (a dict nested 10,000 levels deep overflowed the
//! stack and killed the process), turns `nan` and `inf` into `null` (so `replicas: nan`
//! silently became the default 1) and fails with a bare "JSON number out of range" for
//! integers beyond 64 bits. Here every refusal is a [`Diagnostic`] with the field path:
//! `check` reports it, `load`, `apply` and `reconcile` raise a `ManifestError`.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

use crate::manifest::diagnostic::{Diagnostic, Pos, Text};
use crate::manifest::parse::Limits;

/// A Python value as JSON, or the first reason it cannot be a manifest's value.
pub fn to_value(obj: &Bound<'_, PyAny>) -> Result<Value, Diagnostic> {
    let max_depth = Limits::default().max_depth;
    let mut path = String::new();
    convert(obj, &mut path, 0, max_depth)
}

fn convert(
    obj: &Bound<'_, PyAny>,
    path: &mut String,
    depth: usize,
    max_depth: usize,
) -> Result<Value, Diagnostic> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        let bits = obj
            .call_method0("bit_length")
            .and_then(|b| b.extract::<u64>())
            .unwrap_or(0);
        return Err(error(
            "type-error",
            path,
            Text::new(
                format!("an integer of {bits} bits does not fit in 64 bits, the most a Kubernetes number holds"),
                format!("{bits}비트 정수는 Kubernetes 숫자가 담을 수 있는 64비트를 넘습니다"),
            ),
        ));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let x = f.value();
        return Number::from_f64(x).map(Value::Number).ok_or_else(|| {
            error(
                "type-error",
                path,
                Text::new(
                    format!("{x} is not a number a manifest can hold (JSON and YAML for Kubernetes have no NaN or infinity)"),
                    format!("{x}은(는) 매니페스트에 쓸 수 있는 숫자가 아닙니다 (Kubernetes의 JSON과 YAML에는 NaN이나 무한대가 없습니다)"),
                ),
            )
        });
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return text(s, path).map(Value::String);
    }
    if depth >= max_depth {
        return Err(error(
            "input-limit",
            path,
            Text::new(
                format!("nesting deeper than {max_depth} levels"),
                format!("중첩이 {max_depth}단계보다 깊습니다"),
            ),
        ));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let Ok(ks) = k.cast::<PyString>() else {
                return Err(error(
                    "type-error",
                    path,
                    Text::new(
                        format!(
                            "a key of type {} where keys are strings (quote it)",
                            type_name(&k)
                        ),
                        format!(
                            "키가 {} 타입입니다. 키는 문자열이어야 합니다 (따옴표로 감싸세요)",
                            type_name(&k)
                        ),
                    ),
                ));
            };
            let key = text(ks, path)?;
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&key);
            let value = convert(&v, path, depth + 1, max_depth)?;
            path.truncate(len);
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    let items = if let Ok(l) = obj.cast::<PyList>() {
        l.iter().collect::<Vec<_>>()
    } else if let Ok(t) = obj.cast::<PyTuple>() {
        t.iter().collect::<Vec<_>>()
    } else {
        return Err(error(
            "type-error",
            path,
            Text::new(
                format!(
                    "a {} cannot be part of a manifest: use dicts, lists, strings, numbers, booleans and None",
                    type_name(obj)
                ),
                format!(
                    "{}은(는) 매니페스트에 넣을 수 없습니다: dict, list, 문자열, 숫자, 불리언, None을 쓰세요",
                    type_name(obj)
                ),
            ),
        ));
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let len = path.len();
        path.push_str(&format!("[{i}]"));
        out.push(convert(item, path, depth + 1, max_depth)?);
        path.truncate(len);
    }
    Ok(Value::Array(out))
}

/// A Python string as UTF-8; a lone surrogate (`"\ud800"`) cannot be encoded.
fn text(s: &Bound<'_, PyString>, path: &str) -> Result<String, Diagnostic> {
    s.to_cow().map(|c| c.into_owned()).map_err(|_| {
        error(
            "not-utf8",
            path,
            Text::new(
                "a string with a lone surrogate (such as \"\\ud800\") is not UTF-8 text",
                "짝이 없는 서로게이트(\"\\ud800\" 같은)가 든 문자열은 UTF-8 텍스트가 아닙니다",
            ),
        )
    })
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".into())
}

fn error(code: &'static str, path: &str, message: Text) -> Diagnostic {
    Diagnostic::error(code, Pos::default(), message).with_path(path)
}
