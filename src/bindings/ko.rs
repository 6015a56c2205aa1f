//! `kubesim.ko_particles`: Korean particle markers resolved for Python's own messages
//! (`kubesim.testing`, `kubesim.grading`), by the same rules as the core's.

use pyo3::prelude::*;

/// `text` with every particle marker (`을(를)`, `이(가)`, `은(는)`, `(으)로`, ...) replaced
/// by the form the word before it takes: `"web-0이(가)"` → `"web-0이"`.
#[pyfunction]
fn ko_particles(text: &str) -> String {
    crate::ko::resolve(text)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(ko_particles, m)?)
}
