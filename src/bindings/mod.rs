//! The only pyo3 code: thin wrappers that convert at the edge and hold no logic.
//! Each submodule has a `register` function that adds its items to `kubesim._core`.

use pyo3::prelude::*;

mod check;
mod cluster;
mod cron;
mod deployment;
mod errors;
mod fields;
mod ko;
mod load;
mod objects;
mod scheduling;
mod selector;
mod serve;
mod time;
mod usage;
mod value;

/// The native module `kubesim._core`; `kubesim/__init__.py` re-exports its public items.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // Rust `log` records reach Python's `logging` (logger names follow module paths, e.g.
    // `kubesim.sim.engine`). The core logs only at coarse points (a load, a run), so asking
    // Python for the level every time costs nothing and follows `logging` changes at once.
    if let Ok(logger) = pyo3_log::Logger::new(m.py(), pyo3_log::Caching::Nothing) {
        let _ = logger.install();
    }
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("KUBERNETES_VERSION", crate::KUBERNETES_VERSION)?;
    objects::register(m)?;
    load::register(m)?;
    check::register(m)?;
    selector::register(m)?;
    cluster::register(m)?;
    cron::register(m)?;
    scheduling::register(m)?;
    deployment::register(m)?;
    usage::register(m)?;
    serve::register(m)?;
    ko::register(m)?;
    Ok(())
}
