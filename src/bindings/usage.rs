//! `kubesim.ResourceUsage`: the cost table (`Cluster.resource_usage()`), requests per node
//! and in total with the DaemonSets' share, and each DaemonSet's cost.

use pyo3::prelude::*;

use crate::sim::usage::ResourceUsage;

/// Requested CPU (millicores) and memory (bytes) per node and in total, the share of
/// DaemonSets, and what each DaemonSet costs (one pod's requests times its nodes).
#[pyclass(module = "kubesim._core", name = "ResourceUsage", frozen)]
pub struct PyResourceUsage(pub ResourceUsage);

#[pymethods]
impl PyResourceUsage {
    /// One dict per node: node, cpu_allocatable_m, memory_allocatable, cpu_requested_m,
    /// memory_requested, cpu_daemonsets_m, memory_daemonsets, pods, daemon_pods.
    #[getter]
    fn nodes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.0.nodes)?)
    }

    /// The same keys summed over every node (node is "TOTAL").
    #[getter]
    fn total<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.0.total)?)
    }

    /// One dict per DaemonSet: namespace, name, nodes, cpu_per_pod_m, memory_per_pod,
    /// cpu_total_m, memory_total.
    #[getter]
    fn daemonsets<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.0.daemonsets)?)
    }

    fn __str__(&self) -> String {
        self.0.to_text()
    }

    fn _repr_html_(&self) -> String {
        self.0.to_html()
    }

    fn __repr__(&self) -> String {
        format!(
            "<ResourceUsage {} nodes, {}m CPU and {}Mi memory requested, {}m and {}Mi by DaemonSets>",
            self.0.nodes.len(),
            self.0.total.cpu_requested_m,
            self.0.total.memory_requested / (1024 * 1024),
            self.0.total.cpu_daemonsets_m,
            self.0.total.memory_daemonsets / (1024 * 1024)
        )
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyResourceUsage>()
}
