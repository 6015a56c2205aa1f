//! `kubesim.Cluster`: the simulator from Python, plus `Trace`, `Step`, `Event`, `Action`
//! and `kubesim.reconcile`.

use std::collections::BTreeMap;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::deployment::{Deployments, PyRevision, PyRolloutTrace};
use super::errors::{new_error, parse_lang, to_py_err};
use super::load::load_source;
use super::objects::{wrap, KubeObject};
use super::time::{checked_end, to_datetime, to_duration, to_time, to_timedelta};
use crate::api::object::Object;
use crate::controllers::{self, Action, Propagation, View};
use crate::kubectl::ResourceType;
use crate::manifest::diagnostic::Lang;
use crate::selector::parse as parse_selector;
use crate::sim::behavior::{Draw, Rule};
use crate::sim::clock::{Duration, Time};
use crate::sim::engine::{Applied, Cluster, ClusterConfig, SimError};
use crate::sim::events::Event;
use crate::sim::kubelet::{KubeletConfig, Readiness};
use crate::sim::limits::MAX_NODES;
use crate::sim::rng::Rng;
use crate::sim::store::{Key, Store};
use crate::sim::topology::{parse_taint, NodeShape, Topology};
use crate::sim::trace::Step;

pub(super) fn sim_err(py: Python<'_>, e: SimError) -> PyErr {
    match e {
        SimError::Store(crate::sim::store::StoreError::NotFound(k)) => {
            new_error(py, "NotFound", (format!("{k} not found"),))
        }
        other => new_error(py, "SimulationError", (other.to_string(),)),
    }
}

/// Between two settled instants of a long run: false (stop there, the state whole) when
/// Python has a signal to deliver, such as Ctrl-C's KeyboardInterrupt, kept in `error`.
fn keep_going(py: Python<'_>, error: &mut Option<PyErr>) -> bool {
    match py.check_signals() {
        Ok(()) => true,
        Err(e) => {
            *error = Some(e);
            false
        }
    }
}

/// `kind/name` (kubectl's aliases allowed, e.g. `rs/web`, `deploy/nginx`) to a store key.
pub(super) fn parse_target(py: Python<'_>, target: &str, namespace: &str) -> PyResult<Key> {
    let (resource, name) = target.split_once('/').ok_or_else(|| {
        PyValueError::new_err(format!(
            "expected kind/name such as \"pod/web-0\", not {target:?}"
        ))
    })?;
    let resource = ResourceType::parse(resource)
        .map_err(|e| new_error(py, "KubesimError", (e.message.en.clone(),)))?;
    let ns = if resource.is_namespaced() {
        namespace
    } else {
        ""
    };
    Ok(Key::new(resource.kind(), ns, name))
}

/// A simulated cluster: nodes like a `kind` cluster, the controllers, the scheduler and a
/// kubelet model, on a virtual clock.
#[pyclass(module = "kubesim._core", name = "Cluster", subclass)]
pub struct PyCluster {
    pub(super) inner: Cluster,
    lang: Lang,
}

#[pymethods]
impl PyCluster {
    #[new]
    #[pyo3(signature = (*, workers = 3, control_planes = 1, seed = 0, cpu = "4", memory = "16Gi", pods = 110, start = None, lang = "en", image_pull = None, container_start = None, system = true))]
    #[allow(clippy::too_many_arguments)] // Keyword-only settings, each with a default.
    fn new(
        py: Python<'_>,
        workers: usize,
        control_planes: usize,
        seed: u64,
        cpu: &str,
        memory: &str,
        pods: u32,
        start: Option<&Bound<'_, PyAny>>,
        lang: &str,
        image_pull: Option<&Bound<'_, PyAny>>,
        container_start: Option<&Bound<'_, PyAny>>,
        system: bool,
    ) -> PyResult<PyCluster> {
        let lang = parse_lang(lang)?;
        if workers.saturating_add(control_planes) > MAX_NODES {
            return Err(new_error(
                py,
                "SimulationError",
                (format!(
                    "{workers} workers and {control_planes} control-plane nodes are more than \
                     the {MAX_NODES} nodes Kubernetes supports in one cluster (its documented \
                     limit); use fewer / 노드가 Kubernetes 클러스터 한도인 {MAX_NODES}개를 넘습니다"
                ),),
            ));
        }
        let defaults = KubeletConfig::default();
        let config = ClusterConfig {
            topology: Topology {
                control_planes,
                workers,
                shape: NodeShape {
                    cpu: cpu.to_string(),
                    memory: memory.to_string(),
                    pods: pods.to_string(),
                },
            },
            seed,
            start: match start {
                Some(s) => to_time(s)?,
                None => Time::DEFAULT_START,
            },
            kubelet: KubeletConfig {
                image_pull: image_pull
                    .map(to_duration)
                    .transpose()?
                    .unwrap_or(defaults.image_pull),
                container_start: container_start
                    .map(to_duration)
                    .transpose()?
                    .unwrap_or(defaults.container_start),
                ..defaults
            },
        };
        let inner = if system {
            Cluster::with_addons(config).map_err(|e| sim_err(py, e))?
        } else {
            Cluster::new(config).map_err(|e| to_py_err(py, e, lang))?
        };
        Ok(PyCluster { inner, lang })
    }

    /// The namespaces, as `kubectl get namespaces` lists them: default, kube-node-lease,
    /// kube-public, kube-system, and any other an object lives in.
    fn namespaces(&self) -> Vec<String> {
        self.inner.namespaces()
    }

    /// The language of messages, reasons and plot labels ("en" or "ko").
    #[getter]
    fn lang(&self) -> &'static str {
        super::errors::lang_name(self.lang)
    }

    /// Like `kubectl apply -f`: creates or updates the objects in `source` (text, a path,
    /// a dict, a list or objects from `ks.load`); returns kubectl's lines.
    fn apply<'py>(&mut self, source: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = source.py();
        let objects: Vec<Object> = match source.cast::<KubeObject>() {
            Ok(o) => vec![(*o.get().object).clone()],
            Err(_) => {
                let list: Option<Vec<Bound<'_, KubeObject>>> = source
                    .cast::<PyList>()
                    .ok()
                    .and_then(|l| l.iter().map(|i| i.cast_into::<KubeObject>().ok()).collect());
                match list {
                    Some(items) if !items.is_empty() => {
                        items.iter().map(|o| (*o.get().object).clone()).collect()
                    }
                    _ => load_source(source)?
                        .map_err(|e| to_py_err(py, e, self.lang))?
                        .into_iter()
                        .map(|l| l.object)
                        .collect(),
                }
            }
        };
        let names: Vec<(Option<ResourceType>, String)> = objects
            .iter()
            .map(|o| (ResourceType::of(o), o.kind().to_lowercase()))
            .collect();
        let results = self.inner.apply(objects).map_err(|e| match e {
            // A refused update is a manifest problem: ManifestError with its diagnostics.
            SimError::Rejected { diagnostics, .. } => {
                to_py_err(py, crate::Error::Manifest(diagnostics), self.lang)
            }
            other => sim_err(py, other),
        })?;
        let lines: Vec<String> = names
            .into_iter()
            .zip(results)
            .map(|((resource, kind), r)| {
                let (key, op) = match r {
                    Applied::Created(k) => (k, "created"),
                    Applied::Configured(k) => (k, "configured"),
                    Applied::Unchanged(k) => (k, "unchanged"),
                };
                let what = resource.map_or(kind, |r| r.qualified());
                format!("{what}/{} {op}", key.name)
            })
            .collect();
        // A list that prints as kubectl prints (`kubesim.tables.ApplyResult`).
        py.import("kubesim.tables")?
            .getattr("ApplyResult")?
            .call1((lines,))
    }

    /// Deletes `kind/name`; `cascade` is "background" (default), "foreground" or "orphan".
    #[pyo3(signature = (target, *, namespace = "default", cascade = "background"))]
    fn delete(
        &mut self,
        py: Python<'_>,
        target: &str,
        namespace: &str,
        cascade: &str,
    ) -> PyResult<()> {
        let key = parse_target(py, target, namespace)?;
        let propagation = match cascade {
            "background" => Propagation::Background,
            "foreground" => Propagation::Foreground,
            "orphan" => Propagation::Orphan,
            other => {
                return Err(PyValueError::new_err(format!(
                    "cascade must be background, foreground or orphan, not {other:?}"
                )))
            }
        };
        self.inner
            .delete(&key, propagation, "kubectl")
            .map_err(|e| sim_err(py, e))
    }

    /// Runs the cluster until nothing more is scheduled to happen (or `limit` of virtual
    /// time passes, e.g. in a crash loop); returns the Trace of what happened.
    #[pyo3(signature = (limit = None))]
    fn run(&mut self, py: Python<'_>, limit: Option<&Bound<'_, PyAny>>) -> PyResult<PyTrace> {
        let limit = match limit {
            Some(l) => to_duration(l)?,
            None => Duration::seconds(600),
        };
        checked_end(self.inner.now, limit)?;
        self.interruptible(py, |c, observe| c.run_observed(limit, observe))
    }

    /// Moves the virtual clock forward by `duration` ("90s", "5m", seconds or a timedelta),
    /// running everything that happens on the way; returns the Trace.
    fn advance(&mut self, py: Python<'_>, duration: &Bound<'_, PyAny>) -> PyResult<PyTrace> {
        let d = to_duration(duration)?;
        checked_end(self.inner.now, d)?;
        self.interruptible(py, |c, observe| c.advance_observed(d, observe))
    }

    /// The virtual clock, an aware UTC datetime.
    #[getter]
    fn now<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_datetime(py, self.inner.now)
    }

    /// Everything recorded since the cluster was made.
    fn trace(&self) -> PyTrace {
        self.trace_from(0)
    }

    /// Pods, filtered by a label selector, an owner (`replicaset/web`), a node and a namespace.
    #[pyo3(signature = (selector = None, *, owner = None, node = None, namespace = Some("default".to_string())))]
    fn pods<'py>(
        &self,
        py: Python<'py>,
        selector: Option<&str>,
        owner: Option<&str>,
        node: Option<&str>,
        namespace: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let selector = selector
            .map(parse_selector)
            .transpose()
            .map_err(|e| to_py_err(py, e, self.lang))?;
        let owner = owner
            .map(|o| parse_target(py, o, namespace.as_deref().unwrap_or("default")))
            .transpose()?;
        let owner_uid = owner
            .as_ref()
            .and_then(|k| self.inner.store.get(k))
            .and_then(|o| o.metadata().uid.clone());
        if owner.is_some() && owner_uid.is_none() {
            return object_list(py, Vec::new(), self.inner.now);
        }
        self.inner
            .store
            .pods()
            .filter(|p| {
                namespace
                    .as_deref()
                    .is_none_or(|ns| p.metadata.namespace.as_deref() == Some(ns))
            })
            .filter(|p| node.is_none_or(|n| controllers::podutil::node_name(p) == n))
            .filter(|p| {
                selector
                    .as_ref()
                    .is_none_or(|s| s.matches(&p.metadata.labels.clone().unwrap_or_default()))
            })
            .filter(|p| {
                owner_uid.as_ref().is_none_or(|uid| {
                    p.metadata
                        .owner_references
                        .iter()
                        .flatten()
                        .any(|r| &r.uid == uid)
                })
            })
            .map(|p| wrap(py, Object::Pod(p.clone())))
            .collect::<PyResult<Vec<_>>>()
            .and_then(|items| object_list(py, items, self.inner.now))
    }

    /// One object, by `kind/name`.
    #[pyo3(signature = (target, *, namespace = "default"))]
    fn get<'py>(
        &self,
        py: Python<'py>,
        target: &str,
        namespace: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let key = parse_target(py, target, namespace)?;
        match self.inner.store.get(&key) {
            Some(o) => wrap(py, o.clone()),
            None => Err(new_error(py, "NotFound", (format!("{key} not found"),))),
        }
    }

    /// Every object of a kind ("Deployment", "pods", "rs", ...), or of every kind, in
    /// `namespace` (as `kubectl get`: "default" unless given; None for all namespaces),
    /// cluster-scoped objects (nodes) always.
    #[pyo3(signature = (kind = None, *, namespace = Some("default".to_string())))]
    fn objects<'py>(
        &self,
        py: Python<'py>,
        kind: Option<&str>,
        namespace: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let kind = kind.map(|k| {
            ResourceType::parse(k)
                .map(|r| r.kind().to_string())
                .unwrap_or_else(|_| k.to_string())
        });
        self.inner
            .store
            .all()
            .filter(|o| kind.as_deref().is_none_or(|k| o.kind() == k))
            .filter(|o| match (&namespace, &o.metadata().namespace) {
                (Some(want), Some(ns)) => want == ns,
                _ => true,
            })
            .map(|o| wrap(py, o.clone()))
            .collect::<PyResult<Vec<_>>>()
            .and_then(|items| object_list(py, items, self.inner.now))
    }

    /// Every Job and pod that ever existed as a dict with kind, name, owner, start, end
    /// (None while running) and outcome, deleted ones included: the data of a timeline.
    fn timeline<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.inner
            .timeline()
            .into_iter()
            .map(|s| {
                let d = PyDict::new(py);
                d.set_item("kind", s.kind)?;
                d.set_item("name", s.name)?;
                d.set_item("owner", s.owner)?;
                d.set_item("start", to_datetime(py, s.start)?)?;
                d.set_item("end", s.end.map(|t| to_datetime(py, t)).transpose()?)?;
                d.set_item("outcome", s.outcome)?;
                Ok(d)
            })
            .collect()
    }

    /// The events, oldest first, like `kubectl get events`.
    fn events(&self) -> Vec<PyEvent> {
        self.inner
            .events
            .all()
            .iter()
            .map(|e| PyEvent(e.clone()))
            .collect()
    }

    /// The names of the nodes, in order.
    fn node_names(&self) -> Vec<String> {
        self.inner.node_names()
    }

    /// Adds a node; `taints` are kubectl-style strings such as "dedicated=gpu:NoSchedule".
    #[pyo3(signature = (name, *, labels = None, taints = None, cpu = "4", memory = "16Gi", pods = 110, control_plane = false))]
    #[allow(clippy::too_many_arguments)] // Keyword-only settings, each with a default.
    fn add_node(
        &mut self,
        py: Python<'_>,
        name: &str,
        labels: Option<BTreeMap<String, String>>,
        taints: Option<Vec<String>>,
        cpu: &str,
        memory: &str,
        pods: u32,
        control_plane: bool,
    ) -> PyResult<()> {
        let taints = taints
            .unwrap_or_default()
            .iter()
            .map(|t| {
                parse_taint(t).ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "{t:?} is not a taint such as \"key=value:NoSchedule\""
                    ))
                })
            })
            .collect::<PyResult<Vec<_>>>()?;
        let shape = NodeShape {
            cpu: cpu.to_string(),
            memory: memory.to_string(),
            pods: pods.to_string(),
        };
        self.inner
            .add_node(
                name,
                &labels.unwrap_or_default(),
                taints,
                &shape,
                control_plane,
            )
            .map_err(|e| sim_err(py, e))
    }

    /// Removes a node; its pods go with it.
    fn remove_node(&mut self, py: Python<'_>, name: &str) -> PyResult<()> {
        self.inner
            .remove_node(name, "kubectl")
            .map_err(|e| sim_err(py, e))
    }

    fn cordon(&mut self, py: Python<'_>, name: &str) -> PyResult<()> {
        self.inner
            .set_unschedulable(name, true)
            .map_err(|e| sim_err(py, e))
    }

    fn uncordon(&mut self, py: Python<'_>, name: &str) -> PyResult<()> {
        self.inner
            .set_unschedulable(name, false)
            .map_err(|e| sim_err(py, e))
    }

    /// Sets (or with None removes) labels on `kind/name`, e.g. `c.label("node/kind-worker", {"disk": "ssd"})`.
    #[pyo3(signature = (target, labels, *, namespace = "default"))]
    fn label(
        &mut self,
        py: Python<'_>,
        target: &str,
        labels: BTreeMap<String, Option<String>>,
        namespace: &str,
    ) -> PyResult<()> {
        let key = parse_target(py, target, namespace)?;
        if key.kind == "Node" {
            for (k, v) in &labels {
                self.inner
                    .label_node(&key.name, k, v.as_deref())
                    .map_err(|e| sim_err(py, e))?;
            }
            return Ok(());
        }
        let changes: Vec<String> = labels
            .iter()
            .map(|(k, v)| match v {
                Some(v) => format!("{k}={v}"),
                None => format!("{k}-"),
            })
            .collect();
        let line = format!(
            "label {} {} --overwrite -n {namespace}",
            target,
            changes.join(" ")
        );
        self.inner
            .kubectl(&line)
            .map(|_| ())
            .map_err(|e| new_error(py, "KubectlError", (e.render(self.lang),)))
    }

    /// Adds a taint ("key=value:Effect") to a node.
    fn taint(&mut self, py: Python<'_>, node: &str, taint: &str) -> PyResult<()> {
        let t = parse_taint(taint).ok_or_else(|| {
            PyValueError::new_err(format!(
                "{taint:?} is not a taint such as \"key=value:NoSchedule\""
            ))
        })?;
        self.inner
            .taint_node(node, t, false)
            .map_err(|e| sim_err(py, e))
    }

    /// Removes a taint ("key:Effect" or "key=value:Effect") from a node.
    fn untaint(&mut self, py: Python<'_>, node: &str, taint: &str) -> PyResult<()> {
        let t = parse_taint(taint).ok_or_else(|| {
            PyValueError::new_err(format!(
                "{taint:?} is not a taint such as \"key:NoSchedule\""
            ))
        })?;
        self.inner
            .taint_node(node, t, true)
            .map_err(|e| sim_err(py, e))
    }

    /// The node stops answering (`unreachable=True`, a crash) or reports NotReady.
    #[pyo3(signature = (name, *, unreachable = true))]
    fn node_down(&mut self, py: Python<'_>, name: &str, unreachable: bool) -> PyResult<()> {
        self.inner
            .node_down(name, unreachable)
            .map_err(|e| sim_err(py, e))
    }

    /// The node is back and Ready.
    fn node_up(&mut self, py: Python<'_>, name: &str) -> PyResult<()> {
        self.inner.node_up(name).map_err(|e| sim_err(py, e))
    }

    /// Why a pod runs where it does, or why it is Pending, node by node; for a DaemonSet
    /// (`daemonset/NAME`), node by node whether its pod should run there and why not.
    #[pyo3(signature = (target, *, namespace = "default"))]
    fn explain(&self, py: Python<'_>, target: &str, namespace: &str) -> PyResult<String> {
        let key = parse_target(py, target, namespace)?;
        let text = self.inner.explain(&key).map_err(|e| sim_err(py, e))?;
        Ok(text.get(self.lang).to_string())
    }

    /// Requested CPU and memory per node and in total, the DaemonSets' share, and each
    /// DaemonSet's cost; `print()` it for the table.
    fn resource_usage(&self) -> super::usage::PyResourceUsage {
        super::usage::PyResourceUsage(self.inner.resource_usage())
    }

    /// Runs a kubectl command line and returns kubectl's output.
    fn kubectl<'py>(&mut self, py: Python<'py>, command: &str) -> PyResult<Bound<'py, PyAny>> {
        let command = command
            .trim()
            .strip_prefix("kubectl ")
            .unwrap_or(command.trim());
        let out = self
            .inner
            .kubectl(command)
            .map_err(|e| new_error(py, "KubectlError", (e.render(self.lang),)))?;
        // A str that shows as kubectl's text in a notebook (`kubesim.tables.KubectlOutput`).
        py.import("kubesim.tables")?
            .getattr("KubectlOutput")?
            .call1((out,))
    }

    /// How containers behave, for pods whose image or labels match: run for a while and
    /// exit with a code, never become ready, or fail to pull their image. `fail_rate`
    /// makes each run fail (with `fail_exit_code`) by a seeded random draw, and a
    /// `run_for=(low, high)` pair draws each run's length; `seed` varies the draws.
    #[pyo3(signature = (*, image = None, selector = None, run_for = None, exit_code = None, ready = None, image_pull = None, fail_rate = None, fail_exit_code = 1, seed = 0))]
    #[allow(clippy::too_many_arguments)] // Keyword-only settings, each optional.
    fn set_behavior(
        &mut self,
        py: Python<'_>,
        image: Option<String>,
        selector: Option<&str>,
        run_for: Option<&Bound<'_, PyAny>>,
        exit_code: Option<i32>,
        ready: Option<&Bound<'_, PyAny>>,
        image_pull: Option<&str>,
        fail_rate: Option<f64>,
        fail_exit_code: i32,
        seed: u64,
    ) -> PyResult<()> {
        let selector = selector
            .map(parse_selector)
            .transpose()
            .map_err(|e| to_py_err(py, e, self.lang))?;
        if fail_rate.is_some_and(|r| !(0.0..=1.0).contains(&r)) {
            return Err(PyValueError::new_err(
                "fail_rate must be a probability between 0 and 1",
            ));
        }
        let range = match run_for {
            Some(v) if v.cast::<pyo3::types::PyTuple>().is_ok() => {
                let (lo, hi): (Bound<'_, PyAny>, Bound<'_, PyAny>) = v.extract()?;
                Some((to_duration(&lo)?, to_duration(&hi)?))
            }
            _ => None,
        };
        let draw = (fail_rate.is_some() || range.is_some()).then(|| Draw {
            fail_rate: fail_rate.unwrap_or(0.0),
            fail_exit_code,
            run_for: range,
            seed,
        });
        let run_for = match run_for {
            None => None,
            Some(_) if range.is_some() => None,
            Some(v) if v.extract::<String>().is_ok_and(|s| s == "forever") => Some(None),
            Some(v) => Some(Some(to_duration(v)?)),
        };
        let readiness = match ready {
            None => None,
            Some(v) if v.extract::<String>().is_ok_and(|s| s == "never") => Some(Readiness::Never),
            Some(v) if v.extract::<bool>().is_ok_and(|b| !b) => Some(Readiness::Never),
            Some(v) if v.extract::<bool>().is_ok_and(|b| b) => Some(Readiness::Immediate),
            Some(v) => Some(Readiness::After(to_duration(v)?)),
        };
        let image_pull_fails = match image_pull {
            None => None,
            Some("fail") => Some(true),
            Some("ok") => Some(false),
            Some(other) => {
                return Err(PyValueError::new_err(format!(
                    "image_pull must be \"fail\" or \"ok\", not {other:?}"
                )))
            }
        };
        self.inner.add_rule(Rule {
            image,
            selector,
            run_for,
            exit_code,
            readiness,
            image_pull_fails,
            draw,
        });
        Ok(())
    }

    /// Sets container images like `kubectl set image` (`images` as a dict, or as keyword
    /// arguments `nginx="nginx:1.21"`); for a Deployment, runs the rollout and returns its
    /// RolloutTrace (None with `run=False`).
    #[pyo3(signature = (target, images = None, *, namespace = "default", run = true, limit = None, **containers))]
    #[allow(clippy::too_many_arguments)] // Keyword-only settings, each with a default.
    fn set_image(
        &mut self,
        py: Python<'_>,
        target: &str,
        images: Option<BTreeMap<String, String>>,
        namespace: &str,
        run: bool,
        limit: Option<&Bound<'_, PyAny>>,
        containers: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Option<PyRolloutTrace>> {
        let mut pairs: Vec<(String, String)> = images.unwrap_or_default().into_iter().collect();
        for (k, v) in containers.iter().flat_map(|d| d.iter()) {
            pairs.push((k.extract()?, v.extract()?));
        }
        self.deployments()
            .set_image(py, target, pairs, namespace, run, limit)
    }

    /// Runs the cluster (like `run`) and returns what happened to one Deployment.
    #[pyo3(signature = (target, *, namespace = "default", limit = None))]
    fn rollout(
        &mut self,
        py: Python<'_>,
        target: &str,
        namespace: &str,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyRolloutTrace> {
        self.deployments().rollout(py, target, namespace, limit)
    }

    /// `kubectl rollout undo [--to-revision=N]`, then the rollout (None with `run=False`).
    #[pyo3(signature = (target, *, to_revision = None, namespace = "default", run = true, limit = None))]
    fn rollout_undo(
        &mut self,
        py: Python<'_>,
        target: &str,
        to_revision: Option<i64>,
        namespace: &str,
        run: bool,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<PyRolloutTrace>> {
        self.deployments()
            .undo(py, target, to_revision, namespace, run, limit)
    }

    /// `kubectl rollout restart`, then the rollout (None with `run=False`).
    #[pyo3(signature = (target, *, namespace = "default", run = true, limit = None))]
    fn rollout_restart(
        &mut self,
        py: Python<'_>,
        target: &str,
        namespace: &str,
        run: bool,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<PyRolloutTrace>> {
        self.deployments()
            .restart(py, target, namespace, run, limit)
    }

    /// `kubectl rollout pause`.
    #[pyo3(signature = (target, *, namespace = "default"))]
    fn rollout_pause(&mut self, py: Python<'_>, target: &str, namespace: &str) -> PyResult<()> {
        self.deployments().pause(py, target, namespace, true)
    }

    /// `kubectl rollout resume`.
    #[pyo3(signature = (target, *, namespace = "default"))]
    fn rollout_resume(&mut self, py: Python<'_>, target: &str, namespace: &str) -> PyResult<()> {
        self.deployments().pause(py, target, namespace, false)
    }

    /// The revisions of a Deployment, oldest first, as `kubectl rollout history` lists them.
    #[pyo3(signature = (target, *, namespace = "default"))]
    fn rollout_history(
        &mut self,
        py: Python<'_>,
        target: &str,
        namespace: &str,
    ) -> PyResult<Vec<PyRevision>> {
        self.deployments().history(py, target, namespace)
    }

    /// The line `kubectl rollout status --watch=false` prints now.
    #[pyo3(signature = (target, *, namespace = "default"))]
    fn rollout_status(
        &mut self,
        py: Python<'_>,
        target: &str,
        namespace: &str,
    ) -> PyResult<String> {
        self.deployments().status(py, target, namespace)
    }

    /// Resolves a DNS name as a pod in `namespace` would (search list applied): a pod's
    /// own name (`web-0.nginx`) gives its IP, a headless Service's name the IPs of its
    /// ready pods, anything else `None` (NXDOMAIN). With `strict=True`, NXDOMAIN raises
    /// `NotFound` saying why.
    #[pyo3(signature = (name, *, namespace = "default", strict = false))]
    fn dns<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        namespace: &str,
        strict: bool,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        use crate::sim::dns::Answer;
        match self.inner.resolve(name, namespace) {
            Ok(Answer::Pod { ip, .. }) => Ok(Some(ip.into_pyobject(py)?.into_any())),
            Ok(Answer::Service { ips, .. }) => Ok(Some(ips.into_pyobject(py)?.into_any())),
            Err(nx) if strict => Err(new_error(
                py,
                "NotFound",
                (format!("{}: NXDOMAIN: {}", nx.fqdn, nx.why.get(self.lang)),),
            )),
            Err(_) => Ok(None),
        }
    }

    /// What `nslookup <name>` prints from a busybox pod in `namespace`.
    #[pyo3(signature = (name, *, namespace = "default"))]
    fn nslookup(&self, name: &str, namespace: &str) -> String {
        self.inner.nslookup(name, namespace)
    }

    /// Serves the Kubernetes API of this cluster for the real kubectl (see
    /// `bindings/serve.rs`); the clock follows the wall clock times `speed`.
    #[pyo3(signature = (port = 0, *, address = "127.0.0.1", speed = 1.0, kubeconfig = None, token = None, threads = 4))]
    #[allow(clippy::too_many_arguments)] // Keyword-only settings, each with a default.
    fn serve(
        slf: Py<Self>,
        py: Python<'_>,
        port: u16,
        address: &str,
        speed: f64,
        kubeconfig: Option<std::path::PathBuf>,
        token: Option<String>,
        threads: usize,
    ) -> PyResult<super::serve::PyEndpoint> {
        let path = kubeconfig.map(|p| p.to_string_lossy().into_owned());
        super::serve::serve(py, slf, port, address, speed, path, token, threads)
    }

    fn _repr_html_(&self) -> String {
        self.inner.to_html()
    }

    fn __str__(&self) -> String {
        self.inner.to_text()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Cluster {} nodes, {} pods at {}>",
            self.inner.store.nodes().count(),
            self.inner.store.pods().count(),
            self.inner.now
        )
    }
}

impl PyCluster {
    /// Runs `go` (a run or an advance) with Python's signals looked at every settled instant:
    /// Ctrl-C stops it there and raises KeyboardInterrupt, the cluster whole.
    fn interruptible(
        &mut self,
        py: Python<'_>,
        go: impl FnOnce(&mut Cluster, &mut dyn FnMut(&Cluster) -> bool) -> Result<usize, SimError>,
    ) -> PyResult<PyTrace> {
        let mut interrupted = None;
        let from = go(&mut self.inner, &mut |_| keep_going(py, &mut interrupted))
            .map_err(|e| sim_err(py, e))?;
        match interrupted {
            Some(e) => Err(e),
            None => Ok(self.trace_from(from)),
        }
    }

    fn deployments(&mut self) -> Deployments<'_> {
        Deployments {
            cluster: &mut self.inner,
            lang: self.lang,
        }
    }

    fn trace_from(&self, from: usize) -> PyTrace {
        PyTrace {
            steps: self.inner.trace().get(from..).unwrap_or_default().to_vec(),
            lang: self.lang,
        }
    }
}

/// What happened during a run, step by step, each with its reason.
#[pyclass(module = "kubesim._core", name = "Trace", frozen)]
pub struct PyTrace {
    steps: Vec<Step>,
    lang: Lang,
}

#[pymethods]
impl PyTrace {
    #[getter]
    fn steps(&self) -> Vec<PyStep> {
        self.steps
            .iter()
            .map(|s| PyStep {
                step: s.clone(),
                lang: self.lang,
            })
            .collect()
    }

    fn __len__(&self) -> usize {
        self.steps.len()
    }

    fn __getitem__(&self, index: isize) -> PyResult<PyStep> {
        let len = self.steps.len() as isize;
        let i = if index < 0 { index + len } else { index };
        self.steps
            .get(
                usize::try_from(i)
                    .map_err(|_| pyo3::exceptions::PyIndexError::new_err("index out of range"))?,
            )
            .map(|s| PyStep {
                step: s.clone(),
                lang: self.lang,
            })
            .ok_or_else(|| pyo3::exceptions::PyIndexError::new_err("index out of range"))
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyList::new(py, self.steps())?.try_iter()?.into_any())
    }

    /// The steps as dicts (time, actor, verb, target, reason).
    fn to_records<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.steps
            .iter()
            .map(|s| {
                let d = PyDict::new(py);
                d.set_item("time", to_datetime(py, s.time)?)?;
                d.set_item("actor", &s.actor)?;
                d.set_item("verb", &s.verb)?;
                d.set_item("target", &s.target)?;
                d.set_item("reason", s.reason.get(self.lang))?;
                Ok(d)
            })
            .collect()
    }

    /// A pandas DataFrame of the steps (needs the `notebook` extra).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pandas = py.import("pandas")?;
        pandas.getattr("DataFrame")?.call1((self.to_records(py)?,))
    }

    fn __str__(&self) -> String {
        let rows: Vec<[String; 5]> = self
            .steps
            .iter()
            .map(|s| {
                [
                    s.time.to_rfc3339(),
                    s.actor.clone(),
                    s.verb.clone(),
                    s.target.clone(),
                    s.reason.get(self.lang).to_string(),
                ]
            })
            .collect();
        let mut widths = [4, 5, 4, 6, 6];
        for r in &rows {
            for (w, c) in widths.iter_mut().zip(r.iter()) {
                *w = (*w).max(c.chars().count());
            }
        }
        let mut out = String::new();
        for r in std::iter::once([
            "TIME".into(),
            "ACTOR".into(),
            "VERB".into(),
            "TARGET".into(),
            "REASON".into(),
        ])
        .chain(rows)
        {
            let line: Vec<String> = r
                .iter()
                .zip(widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            out.push_str(line.join("   ").trim_end());
            out.push('\n');
        }
        out
    }

    fn _repr_html_(&self) -> String {
        let esc = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        };
        let mut out = String::from("<table><thead><tr><th>time</th><th>actor</th><th>verb</th><th>target</th><th>reason</th></tr></thead><tbody>");
        for s in &self.steps {
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td style=\"text-align:left\">{}</td></tr>",
                s.time.to_rfc3339().get(11..19).unwrap_or(""),
                esc(&s.actor),
                esc(&s.verb),
                esc(&s.target),
                esc(s.reason.get(self.lang))
            ));
        }
        out.push_str("</tbody></table>");
        out
    }

    fn __repr__(&self) -> String {
        format!("<Trace {} steps>", self.steps.len())
    }
}

/// One step of a trace.
#[pyclass(module = "kubesim._core", name = "Step", frozen, skip_from_py_object)]
#[derive(Clone)]
pub struct PyStep {
    step: Step,
    lang: Lang,
}

impl PyStep {
    pub(super) fn new(step: Step, lang: Lang) -> PyStep {
        PyStep { step, lang }
    }
}

#[pymethods]
impl PyStep {
    #[getter]
    fn time<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_datetime(py, self.step.time)
    }
    #[getter]
    fn actor(&self) -> &str {
        &self.step.actor
    }
    #[getter]
    fn verb(&self) -> &str {
        &self.step.verb
    }
    #[getter]
    fn target(&self) -> &str {
        &self.step.target
    }
    #[getter]
    fn reason(&self) -> &str {
        self.step.reason.get(self.lang)
    }
    fn __repr__(&self) -> String {
        format!(
            "<Step {} {} {} {}: {}>",
            self.step.time,
            self.step.actor,
            self.step.verb,
            self.step.target,
            self.step.reason.get(self.lang)
        )
    }
}

/// One event, as `kubectl get events` lists it.
#[pyclass(module = "kubesim._core", name = "Event", frozen)]
pub struct PyEvent(Event);

#[pymethods]
impl PyEvent {
    #[getter]
    fn r#type(&self) -> &'static str {
        self.0.event_type.as_str()
    }
    #[getter]
    fn reason(&self) -> &str {
        &self.0.reason
    }
    #[getter]
    fn object(&self) -> &str {
        &self.0.object
    }
    #[getter]
    fn namespace(&self) -> &str {
        &self.0.namespace
    }
    #[getter]
    fn message(&self) -> &str {
        &self.0.message
    }
    #[getter]
    fn source(&self) -> &str {
        &self.0.source
    }
    #[getter]
    fn count(&self) -> u32 {
        self.0.count
    }
    #[getter]
    fn first_time<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_datetime(py, self.0.first_time)
    }
    #[getter]
    fn time<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_datetime(py, self.0.last_time)
    }
    fn __repr__(&self) -> String {
        format!(
            "<Event {} {} {}: {}>",
            self.0.event_type.as_str(),
            self.0.reason,
            self.0.object,
            self.0.message
        )
    }
}

/// One change a controller decided on, with its reason.
#[pyclass(module = "kubesim._core", name = "Action", frozen)]
pub struct PyAction {
    action: Action,
    lang: Lang,
    /// `kind/name` of the reconciled object, which the action's event is about.
    owner: String,
}

/// The event a controller records with an action, as `kubectl get events` lists it:
/// TYPE, REASON, OBJECT (the controller's object) and MESSAGE.
#[pyclass(module = "kubesim._core", name = "ActionEvent", frozen, get_all)]
pub struct PyActionEvent {
    #[pyo3(name = "type")]
    type_: &'static str,
    reason: &'static str,
    object: String,
    message: String,
}

#[pymethods]
impl PyActionEvent {
    fn __str__(&self) -> String {
        format!(
            "{}  {}  {}  {}",
            self.type_, self.reason, self.object, self.message
        )
    }
    fn __repr__(&self) -> String {
        format!(
            "<ActionEvent {} {} {}: {}>",
            self.type_, self.reason, self.object, self.message
        )
    }
}

#[pymethods]
impl PyAction {
    /// The event recorded with this action (reason and message as `kubectl get events`
    /// shows them), or None.
    #[getter]
    fn event(&self) -> Option<PyActionEvent> {
        // A created object's name is known only once the API server has generated it;
        // until then the event names it by its generateName prefix, as written.
        let created = match &self.action.change {
            controllers::Change::Create(o) => {
                let meta = o.metadata();
                meta.name.clone().or_else(|| meta.generate_name.clone())
            }
            _ => None,
        };
        self.action.event.as_ref().map(|e| PyActionEvent {
            type_: e.event_type.as_str(),
            reason: e.reason,
            object: self.owner.clone(),
            message: e
                .message
                .replace("{name}", created.as_deref().unwrap_or("")),
        })
    }

    #[getter]
    fn verb(&self) -> &'static str {
        self.action.verb()
    }
    #[getter]
    fn target(&self) -> String {
        self.action.target()
    }
    #[getter]
    fn detail<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.action.detail())?)
    }
    #[getter]
    fn reason(&self) -> &str {
        self.action.reason.get(self.lang)
    }
    fn __repr__(&self) -> String {
        format!(
            "<Action {} {}: {}>",
            self.action.verb(),
            self.action.target(),
            self.action.reason.get(self.lang)
        )
    }
}

/// A `kubesim.tables.ObjectList`: a list that shows as a kubectl table in notebooks.
fn object_list<'py>(
    py: Python<'py>,
    items: Vec<Bound<'py, PyAny>>,
    now: Time,
) -> PyResult<Bound<'py, PyAny>> {
    let cls = py.import("kubesim.tables")?.getattr("ObjectList")?;
    cls.call1((items, to_datetime(py, now)?))
}

/// The objects as `kubectl get` prints them (one table per kind, `-o wide` by default),
/// with AGE at `now` (default: the simulation's start).
#[pyfunction]
#[pyo3(signature = (objects, *, now = None, wide = true))]
fn table_text(
    objects: Vec<Bound<'_, KubeObject>>,
    now: Option<&Bound<'_, PyAny>>,
    wide: bool,
) -> PyResult<String> {
    let now = match now {
        Some(t) if !t.is_none() => to_time(t)?,
        _ => Time::DEFAULT_START,
    };
    let objects: Vec<Object> = objects.iter().map(|o| (*o.get().object).clone()).collect();
    let mut groups: Vec<(ResourceType, Vec<Object>)> = Vec::new();
    for o in objects {
        let Some(r) = ResourceType::of(&o) else {
            continue;
        };
        match groups.iter_mut().find(|(g, _)| *g == r) {
            Some((_, list)) => list.push(o),
            None => groups.push((r, vec![o])),
        }
    }
    let mut ctx = crate::kubectl::PrintContext::new(now, "default");
    ctx.wide = wide;
    ctx.all_namespaces = false;
    Ok(groups
        .iter()
        .map(|(r, objs)| crate::kubectl::print_table(*r, objs, &ctx))
        .collect::<Vec<_>>()
        .join("\n"))
}

fn objects_of(py: Python<'_>, source: &Bound<'_, PyAny>, lang: Lang) -> PyResult<Vec<Object>> {
    if let Ok(o) = source.cast::<KubeObject>() {
        return Ok(vec![(*o.get().object).clone()]);
    }
    if let Ok(list) = source.cast::<PyList>() {
        // One level only: a list inside the list is loaded as data, within the depth
        // limit (recursing here overflowed the stack on a list that contains itself).
        let mut out = Vec::new();
        for item in list.iter() {
            match item.cast::<KubeObject>() {
                Ok(o) => out.push((*o.get().object).clone()),
                Err(_) => out.extend(loaded_objects(py, &item, lang)?),
            }
        }
        return Ok(out);
    }
    loaded_objects(py, source, lang)
}

fn loaded_objects(py: Python<'_>, source: &Bound<'_, PyAny>, lang: Lang) -> PyResult<Vec<Object>> {
    Ok(load_source(source)?
        .map_err(|e| to_py_err(py, e, lang))?
        .into_iter()
        .map(|l| l.object)
        .collect())
}

/// One reconcile of `obj`'s controller on the state you give (`observed`: pods, nodes,
/// other objects), at `now`: the actions it would take, each with its reason and event,
/// as a `kubesim.decisions.Decision` (a list) whose `requeue_after` says when the
/// controller asked to look again (a `timedelta`, or None).
#[pyfunction]
#[pyo3(signature = (obj, observed = None, *, now = None, lang = "en"))]
fn reconcile<'py>(
    py: Python<'py>,
    obj: &Bound<'py, PyAny>,
    observed: Option<&Bound<'py, PyAny>>,
    now: Option<&Bound<'py, PyAny>>,
    lang: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = parse_lang(lang)?;
    let mut rng = Rng::new(0);
    let mut store = Store::default();
    let targets = objects_of(py, obj, lang)?;
    let [target] = <[Object; 1]>::try_from(targets)
        .map_err(|_| PyValueError::new_err("reconcile takes exactly one object"))?;
    let key = store.insert(target, &mut rng);
    if let Some(observed) = observed {
        for o in objects_of(py, observed, lang)? {
            store.insert(o, &mut rng);
        }
    }
    let now = match now {
        Some(t) => to_time(t)?,
        None => Time::DEFAULT_START,
    };
    let decision_class = py.import("kubesim.decisions")?.getattr("Decision")?;
    let Some(target) = store.get(&key) else {
        return decision_class.call1((Vec::<PyAction>::new(), py.None()));
    };
    let owner = format!("{}/{}", target.kind().to_lowercase(), target.name());
    let view = View { store: &store, now };
    let decision = controllers::reconcile(target, &view).ok_or_else(|| {
        new_error(
            py,
            "KubesimError",
            (format!(
                "kubesim has no controller for {} yet",
                target.kind()
            ),),
        )
    })?;
    let requeue = decision
        .requeue_after
        .map(|d| to_timedelta(py, d))
        .transpose()?;
    let actions: Vec<PyAction> = decision
        .actions
        .into_iter()
        .map(|action| PyAction {
            action,
            lang,
            owner: owner.clone(),
        })
        .collect();
    decision_class.call1((actions, requeue))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCluster>()?;
    m.add_class::<PyTrace>()?;
    m.add_class::<PyStep>()?;
    m.add_class::<PyEvent>()?;
    m.add_class::<PyAction>()?;
    m.add_class::<PyActionEvent>()?;
    m.add_function(wrap_pyfunction!(reconcile, m)?)?;
    m.add_function(wrap_pyfunction!(table_text, m)?)?;
    Ok(())
}
