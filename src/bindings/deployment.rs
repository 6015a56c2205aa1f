//! Deployments from Python: `ks.resolve_fenceposts`, `ks.rolling_update_plan` (a
//! `RolloutPlan` of `PlanStep`s), and the `RolloutTrace` / `RolloutStep` / `Revision`
//! that `Cluster.set_image`, `rollout`, `rollout_undo`, `rollout_restart` and
//! `rollout_history` return. Thin wrappers: the logic is in `controllers::deployment`
//! and `sim::rollout`.

use pyo3::exceptions::{PyIndexError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::cluster::{parse_target, sim_err, PyStep};
use super::errors::{new_error, parse_lang};
use super::time::{to_datetime, to_duration};
use crate::api::intstr::IntOrString;
use crate::controllers::deployment::rolling::{plan_summary, rolling_update_plan as plan};
use crate::controllers::deployment::{resolve_fenceposts as fenceposts, PlanStep};
use crate::kubectl::rollout::Revision;
use crate::kubectl::KubectlError;
use crate::manifest::diagnostic::Lang;
use crate::sim::clock::Duration;
use crate::sim::engine::Cluster;
use crate::sim::rollout::{plan_html, plan_text, RolloutStep, RolloutTrace};
use crate::sim::store::Key;

/// maxSurge or maxUnavailable: an int or a percentage, never negative (the API server's
/// `ValidateNonnegativeIntOrPercent` in pkg/apis/apps/validation/validation.go).
fn int_or_string(v: &Bound<'_, PyAny>, what: &str) -> PyResult<IntOrString> {
    let value = if let Ok(i) = v.extract::<i32>() {
        IntOrString::Int(i)
    } else if let Ok(s) = v.extract::<String>() {
        IntOrString::String(s)
    } else {
        return Err(PyValueError::new_err(format!(
            "{what} must be an int or a percentage such as \"25%\""
        )));
    };
    let negative = match &value {
        IntOrString::Int(i) => *i < 0,
        IntOrString::String(s) => s.trim_start().starts_with('-'),
    };
    if negative {
        return Err(PyValueError::new_err(format!(
            "{what} must be greater than or equal to 0, not {value}"
        )));
    }
    Ok(value)
}

/// A replica count: 0 up to the pods a cluster may hold (a plan for 2**31-1 replicas would
/// never end).
fn replica_count(replicas: i32) -> PyResult<i32> {
    let max = crate::sim::limits::MAX_PODS;
    if replicas < 0 || replicas as usize > max {
        return Err(PyValueError::new_err(format!(
            "replicas must be between 0 and {max} (the pods Kubernetes supports in one \
             cluster), not {replicas}"
        )));
    }
    Ok(replicas)
}

pub(super) fn kubectl_err(py: Python<'_>, e: KubectlError, lang: Lang) -> PyErr {
    new_error(py, "KubectlError", (e.render(lang),))
}

fn index<T: Clone>(items: &[T], i: isize) -> PyResult<T> {
    let len = items.len() as isize;
    let i = if i < 0 { i + len } else { i };
    usize::try_from(i)
        .ok()
        .and_then(|i| items.get(i))
        .cloned()
        .ok_or_else(|| PyIndexError::new_err("index out of range"))
}

/// maxSurge (rounded up) and maxUnavailable (rounded down) of `replicas` pods, as the
/// Deployment controller resolves them; when both come out 0, maxUnavailable is 1.
#[pyfunction]
fn resolve_fenceposts(
    max_surge: &Bound<'_, PyAny>,
    max_unavailable: &Bound<'_, PyAny>,
    replicas: i32,
) -> PyResult<(i32, i32)> {
    let s = int_or_string(max_surge, "max_surge")?;
    let u = int_or_string(max_unavailable, "max_unavailable")?;
    fenceposts(&s, &u, replica_count(replicas)?).map_err(PyValueError::new_err)
}

/// The steps of a rolling update when every new pod becomes ready at once.
#[pyfunction]
#[pyo3(signature = (replicas, max_surge = None, max_unavailable = None, *, lang = "en"))]
fn rolling_update_plan(
    replicas: i32,
    max_surge: Option<&Bound<'_, PyAny>>,
    max_unavailable: Option<&Bound<'_, PyAny>>,
    lang: &str,
) -> PyResult<PyRolloutPlan> {
    let lang = parse_lang(lang)?;
    let quarter = || IntOrString::from("25%");
    let s = max_surge.map_or_else(|| Ok(quarter()), |v| int_or_string(v, "max_surge"))?;
    let u =
        max_unavailable.map_or_else(|| Ok(quarter()), |v| int_or_string(v, "max_unavailable"))?;
    let steps = plan(replica_count(replicas)?, &s, &u).map_err(PyValueError::new_err)?;
    Ok(PyRolloutPlan {
        steps,
        replicas,
        max_surge: s.to_string(),
        max_unavailable: u.to_string(),
        lang,
    })
}

/// A rolling update planned on counts alone.
#[pyclass(module = "kubesim._core", name = "RolloutPlan", frozen)]
pub struct PyRolloutPlan {
    steps: Vec<PlanStep>,
    replicas: i32,
    max_surge: String,
    max_unavailable: String,
    lang: Lang,
}

impl PyRolloutPlan {
    fn step(&self, s: &PlanStep) -> PyPlanStep {
        PyPlanStep {
            step: s.clone(),
            lang: self.lang,
        }
    }
}

#[pymethods]
impl PyRolloutPlan {
    #[getter]
    fn steps(&self) -> Vec<PyPlanStep> {
        self.steps.iter().map(|s| self.step(s)).collect()
    }

    #[getter]
    fn replicas(&self) -> i32 {
        self.replicas
    }

    /// How many times the new pods became ready before the rollout was done.
    #[getter]
    fn waves(&self) -> u32 {
        self.steps.last().map_or(0, |s| s.wave + 1)
    }

    /// The available pods of each version after every wave, as the course draws it.
    #[pyo3(signature = (old = "old", new = "new"))]
    fn summary(&self, old: &str, new: &str) -> String {
        plan_summary(&self.steps, old, new)
    }

    fn __len__(&self) -> usize {
        self.steps.len()
    }

    fn __getitem__(&self, i: isize) -> PyResult<PyPlanStep> {
        index(&self.steps, i).map(|s| self.step(&s))
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyList::new(py, self.steps())?.try_iter()?.into_any())
    }

    fn to_records<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.steps
            .iter()
            .map(|s| self.step(s).to_dict(py))
            .collect()
    }

    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("pandas")?
            .getattr("DataFrame")?
            .call1((self.to_records(py)?,))
    }

    fn __str__(&self) -> String {
        plan_text(
            &self.steps,
            self.replicas,
            &self.max_surge,
            &self.max_unavailable,
            self.lang,
        )
    }

    fn _repr_html_(&self) -> String {
        plan_html(&self.steps, self.lang)
    }

    fn __repr__(&self) -> String {
        format!(
            "<RolloutPlan {} replicas, maxSurge {}, maxUnavailable {}: {} steps in {} waves>",
            self.replicas,
            self.max_surge,
            self.max_unavailable,
            self.steps.len(),
            self.waves()
        )
    }
}

/// One step of a plan: a ReplicaSet resized, and where both stand afterwards.
#[pyclass(
    module = "kubesim._core",
    name = "PlanStep",
    frozen,
    skip_from_py_object
)]
#[derive(Clone)]
pub struct PyPlanStep {
    step: PlanStep,
    lang: Lang,
}

#[pymethods]
impl PyPlanStep {
    #[getter]
    fn wave(&self) -> u32 {
        self.step.wave
    }
    #[getter]
    fn action(&self) -> &str {
        self.step.action
    }
    #[getter]
    fn replica_set(&self) -> &str {
        self.step.replica_set
    }
    /// The ReplicaSet's size before the step.
    #[getter]
    fn scaled_from(&self) -> i32 {
        self.step.from
    }
    /// The ReplicaSet's size after the step.
    #[getter]
    fn scaled_to(&self) -> i32 {
        self.step.to
    }
    #[getter(old)]
    fn old_size(&self) -> i32 {
        self.step.old
    }
    #[getter(new)]
    fn new_size(&self) -> i32 {
        self.step.new
    }
    #[getter]
    fn old_available(&self) -> i32 {
        self.step.old_available
    }
    #[getter]
    fn new_available(&self) -> i32 {
        self.step.new_available
    }
    #[getter]
    fn total(&self) -> i32 {
        self.step.old + self.step.new
    }
    #[getter]
    fn available(&self) -> i32 {
        self.step.old_available + self.step.new_available
    }
    #[getter]
    fn reason(&self) -> &str {
        self.step.reason.get(self.lang)
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("wave", self.wave())?;
        d.set_item("action", self.action())?;
        d.set_item("replica_set", self.replica_set())?;
        d.set_item("scaled_from", self.scaled_from())?;
        d.set_item("scaled_to", self.scaled_to())?;
        d.set_item("old", self.old_size())?;
        d.set_item("new", self.new_size())?;
        d.set_item("old_available", self.old_available())?;
        d.set_item("new_available", self.new_available())?;
        d.set_item("total", self.total())?;
        d.set_item("available", self.available())?;
        d.set_item("reason", self.reason())?;
        Ok(d)
    }
    fn __repr__(&self) -> String {
        format!(
            "<PlanStep wave {} {} {} {}→{}: old {} new {}>",
            self.step.wave,
            self.step.action,
            self.step.replica_set,
            self.step.from,
            self.step.to,
            self.step.old,
            self.step.new
        )
    }
}

/// What happened to one Deployment during a run, instant by instant.
#[pyclass(module = "kubesim._core", name = "RolloutTrace", frozen)]
pub struct PyRolloutTrace {
    trace: RolloutTrace,
    lang: Lang,
}

impl PyRolloutTrace {
    fn step(&self, s: &RolloutStep) -> PyRolloutStep {
        PyRolloutStep {
            step: s.clone(),
            start: self.trace.steps.first().map_or(s.time, |f| f.time),
            lang: self.lang,
        }
    }
}

#[pymethods]
impl PyRolloutTrace {
    #[getter]
    fn deployment(&self) -> &str {
        &self.trace.deployment
    }
    #[getter]
    fn steps(&self) -> Vec<PyRolloutStep> {
        self.trace.steps.iter().map(|s| self.step(s)).collect()
    }
    /// The most pods the ReplicaSets asked for at once.
    #[getter]
    fn max_desired(&self) -> i32 {
        self.trace.max_desired()
    }
    /// The fewest available pods at any step.
    #[getter]
    fn min_available(&self) -> i32 {
        self.trace.min_available()
    }
    /// The language of the reasons and of the plot's labels ("en" or "ko").
    #[getter]
    fn lang(&self) -> &'static str {
        super::errors::lang_name(self.lang)
    }
    /// `nginx:1.20 (3) → nginx:1.20 (2) + nginx:1.21 (1) → …`: available pods per version.
    fn summary(&self) -> String {
        self.trace.summary()
    }
    fn __len__(&self) -> usize {
        self.trace.steps.len()
    }
    fn __getitem__(&self, i: isize) -> PyResult<PyRolloutStep> {
        index(&self.trace.steps, i).map(|s| self.step(&s))
    }
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyList::new(py, self.steps())?.try_iter()?.into_any())
    }
    fn to_records<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.trace
            .steps
            .iter()
            .map(|s| self.step(s).to_dict(py))
            .collect()
    }
    /// A pandas DataFrame, one row per step (needs the `notebook` extra).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("pandas")?
            .getattr("DataFrame")?
            .call1((self.to_records(py)?,))
    }
    /// A timeline of old versus new pods (needs matplotlib); returns the Axes.
    #[pyo3(signature = (ax = None))]
    fn plot<'py>(
        slf: &Bound<'py, Self>,
        ax: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        py.import("kubesim.display")?
            .getattr("plot_rollout")?
            .call1((slf, ax))
    }
    fn _repr_html_(&self) -> String {
        self.trace.to_html(self.lang)
    }
    fn __str__(&self) -> String {
        self.trace.to_text(self.lang)
    }
    fn __repr__(&self) -> String {
        format!(
            "<RolloutTrace {} {} steps>",
            self.trace.deployment,
            self.trace.steps.len()
        )
    }
}

/// One instant of a rollout.
#[pyclass(
    module = "kubesim._core",
    name = "RolloutStep",
    frozen,
    skip_from_py_object
)]
#[derive(Clone)]
pub struct PyRolloutStep {
    step: RolloutStep,
    start: crate::sim::clock::Time,
    lang: Lang,
}

#[pymethods]
impl PyRolloutStep {
    #[getter]
    fn time<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_datetime(py, self.step.time)
    }
    /// Seconds since the first step.
    #[getter]
    fn elapsed(&self) -> f64 {
        self.step.time.since(self.start).0 as f64 / 1000.0
    }
    #[getter]
    fn replicas(&self) -> i32 {
        self.step.replicas
    }
    /// Desired pods of the old ReplicaSets.
    #[getter(old)]
    fn old_desired(&self) -> i32 {
        self.step.old_desired()
    }
    /// Desired pods of the new ReplicaSet.
    #[getter(new)]
    fn new_desired(&self) -> i32 {
        self.step.new_desired()
    }
    #[getter]
    fn old_pods(&self) -> i32 {
        self.step.old_pods()
    }
    #[getter]
    fn new_pods(&self) -> i32 {
        self.step.new_pods()
    }
    #[getter]
    fn old_available(&self) -> i32 {
        self.step.old_available()
    }
    #[getter]
    fn new_available(&self) -> i32 {
        self.step.new_available()
    }
    #[getter]
    fn ready(&self) -> i32 {
        self.step.ready()
    }
    #[getter]
    fn available(&self) -> i32 {
        self.step.available()
    }
    #[getter]
    fn unavailable(&self) -> i32 {
        self.step.unavailable()
    }
    /// Pods that exist and are not terminating.
    #[getter]
    fn total(&self) -> i32 {
        self.step.total()
    }
    #[getter]
    fn terminating(&self) -> i32 {
        self.step.terminating()
    }
    /// The ReplicaSets' sizes added up (what maxSurge bounds).
    #[getter]
    fn desired_total(&self) -> i32 {
        self.step.desired_total()
    }
    #[getter]
    fn progressing(&self) -> Option<&str> {
        self.step.progressing.as_deref()
    }
    /// "scale up web-5d8f 1→2, scale down web-7c9b 3→2", or "no scaling".
    #[getter]
    fn action(&self) -> String {
        self.step.action().get(self.lang).to_string()
    }
    #[getter]
    fn reason(&self) -> &str {
        self.step.reason.get(self.lang)
    }
    /// The Deployment controller's trace steps at this instant.
    #[getter]
    fn actions(&self) -> Vec<PyStep> {
        self.step
            .actions
            .iter()
            .map(|s| PyStep::new(s.clone(), self.lang))
            .collect()
    }
    /// Every ReplicaSet: name, revision, images, new, desired, current, ready, available,
    /// terminating.
    #[getter]
    fn replica_sets<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.step.replica_sets)?)
    }
    /// ReplicaSets resized since the previous step: replica_set, from, to, created, deleted.
    #[getter]
    fn changes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.step.changes)?)
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("time", self.time(py)?)?;
        d.set_item("elapsed", self.elapsed())?;
        d.set_item("replicas", self.replicas())?;
        d.set_item("old", self.old_desired())?;
        d.set_item("new", self.new_desired())?;
        d.set_item("old_pods", self.old_pods())?;
        d.set_item("new_pods", self.new_pods())?;
        d.set_item("old_available", self.old_available())?;
        d.set_item("new_available", self.new_available())?;
        d.set_item("ready", self.ready())?;
        d.set_item("available", self.available())?;
        d.set_item("unavailable", self.unavailable())?;
        d.set_item("total", self.total())?;
        d.set_item("terminating", self.terminating())?;
        d.set_item("action", self.step.action().get(self.lang))?;
        d.set_item("reason", self.reason())?;
        Ok(d)
    }
    fn __repr__(&self) -> String {
        format!(
            "<RolloutStep +{}s old {}/{} new {}/{} available {}/{}: {}>",
            self.elapsed(),
            self.step.old_available(),
            self.step.old_desired(),
            self.step.new_available(),
            self.step.new_desired(),
            self.step.available(),
            self.step.replicas,
            self.step.action().get(self.lang)
        )
    }
}

/// One revision of a Deployment's rollout history.
#[pyclass(module = "kubesim._core", name = "Revision", frozen)]
pub struct PyRevision {
    revision: Revision,
}

#[pymethods]
impl PyRevision {
    #[getter]
    fn revision(&self) -> i64 {
        self.revision.number
    }
    #[getter]
    fn change_cause(&self) -> Option<&str> {
        self.revision.change_cause.as_deref()
    }
    /// The images of the revision's pod template.
    #[getter]
    fn images(&self) -> Vec<String> {
        self.revision
            .template
            .spec
            .containers
            .iter()
            .map(|c| c.image.clone().unwrap_or_default())
            .collect()
    }
    fn __repr__(&self) -> String {
        format!(
            "<Revision {} {}>",
            self.revision.number,
            self.images().join(",")
        )
    }
}

/// The Cluster methods about Deployments; `cluster.rs` forwards to these.
pub(super) struct Deployments<'a> {
    pub cluster: &'a mut Cluster,
    pub lang: Lang,
}

impl Deployments<'_> {
    fn key(&self, py: Python<'_>, target: &str, namespace: &str) -> PyResult<Key> {
        let key = parse_target(py, target, namespace)?;
        if key.kind != "Deployment" {
            return Err(PyValueError::new_err(format!(
                "expected a deployment such as \"deployment/nginx\", not {target:?}"
            )));
        }
        Ok(key)
    }

    fn limit(limit: Option<&Bound<'_, PyAny>>) -> PyResult<Duration> {
        limit.map_or(Ok(Duration::seconds(600)), to_duration)
    }

    /// Runs the cluster and traces the Deployment.
    pub fn rollout(
        &mut self,
        py: Python<'_>,
        target: &str,
        namespace: &str,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyRolloutTrace> {
        let key = self.key(py, target, namespace)?;
        let limit = Self::limit(limit)?;
        let trace = self
            .cluster
            .run_rollout(&key, limit)
            .map_err(|e| sim_err(py, e))?;
        Ok(PyRolloutTrace {
            trace,
            lang: self.lang,
        })
    }

    fn then_run(
        &mut self,
        py: Python<'_>,
        target: &str,
        namespace: &str,
        run: bool,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<PyRolloutTrace>> {
        if run {
            self.rollout(py, target, namespace, limit).map(Some)
        } else {
            Ok(None)
        }
    }

    pub fn set_image(
        &mut self,
        py: Python<'_>,
        target: &str,
        images: Vec<(String, String)>,
        namespace: &str,
        run: bool,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<PyRolloutTrace>> {
        let key = parse_target(py, target, namespace)?;
        if images.is_empty() {
            return Err(PyValueError::new_err(
                "name at least one container and its image, e.g. set_image(\"deployment/nginx\", nginx=\"nginx:1.21\")",
            ));
        }
        self.cluster
            .set_image(&key, &images)
            .map_err(|e| kubectl_err(py, e, self.lang))?;
        if key.kind != "Deployment" {
            return Ok(None);
        }
        self.then_run(py, target, namespace, run, limit)
    }

    pub fn undo(
        &mut self,
        py: Python<'_>,
        target: &str,
        to_revision: Option<i64>,
        namespace: &str,
        run: bool,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<PyRolloutTrace>> {
        let key = self.key(py, target, namespace)?;
        self.cluster
            .rollout_undo(&key, to_revision.unwrap_or(0))
            .map_err(|e| kubectl_err(py, e, self.lang))?;
        self.then_run(py, target, namespace, run, limit)
    }

    pub fn restart(
        &mut self,
        py: Python<'_>,
        target: &str,
        namespace: &str,
        run: bool,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<PyRolloutTrace>> {
        let key = self.key(py, target, namespace)?;
        self.cluster
            .rollout_restart(&key)
            .map_err(|e| kubectl_err(py, e, self.lang))?;
        self.then_run(py, target, namespace, run, limit)
    }

    pub fn pause(
        &mut self,
        py: Python<'_>,
        target: &str,
        namespace: &str,
        pause: bool,
    ) -> PyResult<()> {
        let key = self.key(py, target, namespace)?;
        self.cluster
            .rollout_pause(&key, pause)
            .map(|_| ())
            .map_err(|e| kubectl_err(py, e, self.lang))
    }

    pub fn history(
        &self,
        py: Python<'_>,
        target: &str,
        namespace: &str,
    ) -> PyResult<Vec<PyRevision>> {
        let key = self.key(py, target, namespace)?;
        Ok(self
            .cluster
            .rollout_history(&key)
            .map_err(|e| kubectl_err(py, e, self.lang))?
            .into_iter()
            .map(|revision| PyRevision { revision })
            .collect())
    }

    pub fn status(&self, py: Python<'_>, target: &str, namespace: &str) -> PyResult<String> {
        let key = self.key(py, target, namespace)?;
        self.cluster
            .rollout_status(&key, None)
            .map(|s| s.message.trim_end().to_string())
            .map_err(|e| kubectl_err(py, e, self.lang))
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRolloutPlan>()?;
    m.add_class::<PyPlanStep>()?;
    m.add_class::<PyRolloutTrace>()?;
    m.add_class::<PyRolloutStep>()?;
    m.add_class::<PyRevision>()?;
    m.add_function(wrap_pyfunction!(resolve_fenceposts, m)?)?;
    m.add_function(wrap_pyfunction!(rolling_update_plan, m)?)?;
    Ok(())
}
