//! `Cluster.serve()`: the Kubernetes API of a Python-owned cluster, for the real kubectl.
//! The server's threads hold the `Cluster` object and take the GIL for each request (and
//! for each tick of the clock), so Python keeps inspecting the very cluster kubectl
//! changes. All API semantics live in `crate::apiserver`.

use std::sync::Arc;

use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;

use super::cluster::PyCluster;
use crate::apiserver::kubeconfig;
use crate::apiserver::transport::{self, Host, Options, Served};
use crate::sim::engine::Cluster;

/// The cluster as the server's threads reach it.
struct PyHost(Py<PyCluster>);

impl Host for PyHost {
    fn with_cluster<R>(&self, f: impl FnOnce(&mut Cluster) -> R) -> Option<R> {
        Python::attach(|py| {
            let bound = self.0.bind(py);
            let mut guard = bound.try_borrow_mut().ok()?;
            Some(f(&mut guard.inner))
        })
    }
}

/// A running `kubesim serve` endpoint; a context manager that stops the server on exit.
#[pyclass(module = "kubesim._core", name = "Endpoint")]
pub struct PyEndpoint {
    served: Option<Served>,
    #[pyo3(get)]
    url: String,
    #[pyo3(get)]
    token: String,
    #[pyo3(get)]
    kubeconfig: Option<String>,
}

#[pymethods]
impl PyEndpoint {
    /// Stops serving (idempotent); waits for the server's threads without the GIL.
    fn stop(&mut self, py: Python<'_>) {
        if let Some(served) = self.served.take() {
            py.detach(|| served.stop());
        }
    }

    #[getter]
    fn running(&self) -> bool {
        self.served.as_ref().is_some_and(|s| !s.is_stopped())
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&mut self, py: Python<'_>, _args: &Bound<'_, pyo3::types::PyTuple>) -> bool {
        self.stop(py);
        false
    }

    fn __repr__(&self) -> String {
        format!(
            "<kubesim Endpoint {} ({})>",
            self.url,
            if self.running() { "running" } else { "stopped" }
        )
    }
}

impl Drop for PyEndpoint {
    fn drop(&mut self) {
        if let Some(s) = &self.served {
            s.signal_stop();
        }
    }
}

/// A random token from the OS's entropy (no extra crate: /dev/urandom, else the clock and
/// the address space layout).
fn random_token() -> String {
    use std::io::Read;
    let mut bytes = [0u8; 24];
    let ok = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .is_ok();
    if !ok {
        use std::hash::{BuildHasher, Hasher};
        for chunk in bytes.chunks_mut(8) {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0),
            );
            let v = h.finish().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes (or merges into) the kubeconfig at `path`, readable by its owner only.
fn write_kubeconfig(path: &str, server: &str, token: &str) -> Result<(), String> {
    // Read as manifests are (regular files only, at most 3 MiB): a kubeconfig path such as
    // /dev/zero or a FIFO must not exhaust memory or block.
    let existing = if std::path::Path::new(path).exists() {
        let (text, _) = crate::manifest::load::read_file(std::path::Path::new(path))
            .map_err(|e| format!("cannot read {path}: {e}"))?;
        Some(text)
    } else {
        None
    };
    let text = kubeconfig::render(existing.as_deref(), server, token)
        .map_err(|e| format!("{path}: {e}"))?;
    if let Some(dir) = std::path::Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    use std::io::Write;
    options
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| format!("cannot write {path}: {e}"))
}

/// Serves `cluster`; see `Cluster.serve` in the stubs.
#[allow(clippy::too_many_arguments)] // Keyword-only settings, each with a default.
pub(super) fn serve(
    py: Python<'_>,
    cluster: Py<PyCluster>,
    port: u16,
    address: &str,
    speed: f64,
    kubeconfig_path: Option<String>,
    token: Option<String>,
    threads: usize,
) -> PyResult<PyEndpoint> {
    if !speed.is_finite() || !(0.0..=10_000.0).contains(&speed) {
        return Err(PyValueError::new_err(
            "speed must be between 0 (a frozen clock) and 10000",
        ));
    }
    if !(1..=64).contains(&threads) {
        return Err(PyValueError::new_err("threads must be between 1 and 64"));
    }
    // Bad names are the caller's mistake (ValueError), not an I/O failure (OSError).
    // As kube-apiserver's --bind-address: an IP address (or "localhost").
    if address != "localhost" && address.parse::<std::net::IpAddr>().is_err() {
        return Err(PyValueError::new_err(format!(
            "address must be an IP address such as 127.0.0.1 or 0.0.0.0, not {:?}",
            address.chars().take(64).collect::<String>()
        )));
    }
    if let Some(path) = &kubeconfig_path {
        let p = std::path::Path::new(path);
        let too_long = path.len() > 4096 || p.iter().any(|part| part.len() > 255);
        if path.is_empty() || too_long || path.contains('\0') || (p.exists() && !p.is_file()) {
            return Err(PyValueError::new_err(format!(
                "kubeconfig must be the path of a regular file (or of one to create), not {:?}",
                path.chars().take(64).collect::<String>()
            )));
        }
    }
    let token = token.unwrap_or_else(random_token);
    if token.is_empty() || token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(PyValueError::new_err(
            "the token must be non-empty, without spaces",
        ));
    }
    let options = Options {
        address: address.to_string(),
        port,
        token: token.clone(),
        speed,
        threads,
        ..Options::default()
    };
    let host = Arc::new(PyHost(cluster));
    let served = py
        .detach(|| transport::start(host, options))
        .map_err(PyOSError::new_err)?;
    if let Some(path) = &kubeconfig_path {
        if let Err(e) = write_kubeconfig(path, &served.url, &token) {
            py.detach(|| served.stop());
            return Err(PyOSError::new_err(e));
        }
    }
    Ok(PyEndpoint {
        url: served.url.clone(),
        served: Some(served),
        token,
        kubeconfig: kubeconfig_path,
    })
}

/// `(server, token)` of the `kubesim` context in a kubeconfig's text (for `kubesim
/// advance`), or None.
#[pyfunction]
fn kubeconfig_endpoint(text: &str) -> Option<(String, String)> {
    kubeconfig::endpoint(text)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyEndpoint>()?;
    m.add_function(wrap_pyfunction!(kubeconfig_endpoint, m)?)?;
    Ok(())
}
