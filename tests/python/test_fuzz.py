"""Property-based fuzz targets over the Python surface (hypothesis). The test command runs
a short pass (``KUBESIM_FUZZ_EXAMPLES``, 40 examples a target by default);
``scripts/fuzz.sh`` runs a long one. A failure hypothesis finds becomes an explicit
``@example`` here (or a test of its own) so that it is replayed every time.

Targets: load/check on YAML-like text and on Python values; label selectors; the kubectl
command line; reconcile on arbitrary observed states; and the cluster under random
sequences of operations, with invariants (each call returns within a bound, no pod on a
missing node, no object lost or duplicated, owned counts converge, the same seed gives the
same trace)."""

from __future__ import annotations

import contextlib
import os
import time
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import kubesim as ks

EXAMPLES = int(os.environ.get("KUBESIM_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=os.environ.get("KUBESIM_FUZZ_RANDOM") is None,
)
#: Wall-clock bound on one call: a hang detector (generous: the test machine may be loaded,
#: and until the engine moves time by events a run after node_down costs seconds).
BOUND = 120.0
#: Work bound on one operation and the run after it: trace steps.
MAX_STEPS_PER_OP = 5_000
#: The cluster target simulates; it gets a quarter of the examples.
CLUSTER_FUZZ = settings(FUZZ, max_examples=max(5, EXAMPLES // 4))

# --- manifests -----------------------------------------------------------------------------

KEYS = [
    "apiVersion", "kind", "metadata", "name", "spec", "replicas", "selector", "matchLabels",
    "template", "containers", "image", "labels", "ports", "containerPort", "schedule",
    "jobTemplate", "restartPolicy", "resources", "requests", "cpu", "memory", "strategy",
    "rollingUpdate", "maxSurge", "tolerations", "x",
]  # fmt: skip
SPECIAL = ["apps/v1", "v1", "batch/v1", "Deployment", "Pod", "CronJob", "1Gi", "500m",
           "*/5 * * * *", "nginx", "25%", "", "\ud800", "\ufeff"]  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(SPECIAL),
    st.text(max_size=20),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner, max_size=5),
    ),
    max_leaves=30,
)


KINDS = ["Deployment", "ReplicaSet", "Pod", "Job", "CronJob", "StatefulSet", "DaemonSet",
         "Service"]  # fmt: skip


def _manifest_like() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "apiVersion": st.sampled_from(["apps/v1", "v1", "batch/v1"]),
            "kind": st.sampled_from(KINDS),
            "metadata": st.fixed_dictionaries({"name": st.sampled_from(["a", "web", "x-1"])}),
        },
        optional={"spec": VALUES},
    )


@FUZZ
@given(st.one_of(VALUES, _manifest_like(), st.lists(_manifest_like(), max_size=3)))
@example({"spec": {"replicas": float("nan")}})
@example({"kind": "Deployment", "spec": {"replicas": 2**64}})
def test_check_and_load_python_values(value: Any) -> None:
    start = time.monotonic()
    if isinstance(value, (dict, list)):
        report = ks.check(value)
        assert isinstance(report.ok, bool)
        try:
            objects = ks.load(value)
        except ks.ManifestError as error:
            diagnostics = error.diagnostics
            assert diagnostics
            assert not report.ok
        else:
            assert report.ok
            for o in objects:
                assert ks.load(o.to_yaml())[0].to_dict() == o.to_dict()
    assert time.monotonic() - start < BOUND


YAMLISH = st.text(
    alphabet=st.sampled_from([*"-:{}[],&*!|>'\"#% \n\tab01.~", "\ufeff", "\ud800", "가"]),
    max_size=300,
)


@FUZZ
@given(st.one_of(YAMLISH, st.binary(max_size=300)))
@example("\ud800")
@example("a: \ufeff\n")
def test_check_never_raises_and_load_agrees(text: str | bytes) -> None:
    report = ks.check(text)
    try:
        ks.load(text)
    except ks.ManifestError:
        assert not report.ok
    except ks.SourceError:
        pass  # a short text that names an existing path, such as "." or "-"


# --- selectors -----------------------------------------------------------------------------

SELECTOR_TEXT = st.text(alphabet=st.sampled_from(list("ab=!,() in notexists-_./ ")), max_size=40)
LABELS = st.dictionaries(st.sampled_from(["a", "b", "app", "x/y"]), st.sampled_from(["", "a", "b"]))


@FUZZ
@given(st.one_of(SELECTOR_TEXT, VALUES), LABELS)
def test_selectors(selector: Any, labels: dict[str, str]) -> None:
    try:
        result = ks.selector_matches(selector, labels)
    except (ks.SelectorError, TypeError):
        return
    assert isinstance(result, bool)


# --- the kubectl command line --------------------------------------------------------------

WORDS = [
    "get", "describe", "scale", "delete", "cordon", "uncordon", "drain", "rollout", "status",
    "undo", "history", "restart", "pods", "pod", "deploy", "deployment/web", "web", "nodes",
    "kind-worker", "kind-worker9", "-o", "wide", "yaml", "json", "name", "-l", "app=web",
    "--replicas=3", "--replicas=-1", "--replicas=99999999999", "--ignore-daemonsets", "-n",
    "kube-system", "--all-namespaces", "-A", "events", "rs", "'", '"', "--", "=", "",
]  # fmt: skip


@FUZZ
@given(st.lists(st.sampled_from(WORDS), min_size=0, max_size=7))
def test_kubectl_command_line(words: list[str]) -> None:
    c = _fresh()
    start = time.monotonic()
    with contextlib.suppress(ks.KubesimError):
        out = c.kubectl(" ".join(words))
        assert isinstance(out, str)
    assert time.monotonic() - start < BOUND
    _check_invariants(c)


# --- reconcile on arbitrary observed states ------------------------------------------------


def _pod(name: str, labels: dict[str, str], phase: str, node: str | None) -> dict[str, Any]:
    pod: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "labels": labels},
        "spec": {"containers": [{"name": "c", "image": "nginx"}]},
        "status": {"phase": phase},
    }
    if node:
        pod["spec"]["nodeName"] = node
    return pod


PODS = st.lists(
    st.builds(
        _pod,
        st.sampled_from(["p1", "p2", "p3", "web-0", "web-1"]),
        LABELS,
        st.sampled_from(["Pending", "Running", "Succeeded", "Failed", "Unknown"]),
        st.sampled_from([None, "kind-worker", "gone"]),
    ),
    max_size=6,
)
WORKLOADS = st.sampled_from(["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"])


def _workload(kind: str, replicas: int) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "selector": {"matchLabels": {"app": "a"}},
        "template": {
            "metadata": {"labels": {"app": "a"}},
            "spec": {
                "containers": [{"name": "c", "image": "nginx"}],
                **({"restartPolicy": "Never"} if kind == "Job" else {}),
            },
        },
    }
    if kind in ("Deployment", "ReplicaSet", "StatefulSet"):
        spec["replicas"] = replicas
    if kind == "Job":
        spec = {"template": spec["template"], "parallelism": replicas}
    api = "batch/v1" if kind == "Job" else "apps/v1"
    return {"apiVersion": api, "kind": kind, "metadata": {"name": "web"}, "spec": spec}


@FUZZ
@given(WORKLOADS, st.integers(min_value=0, max_value=20), PODS)
def test_reconcile_on_arbitrary_observed_states(kind: str, replicas: int, pods: list) -> None:
    try:
        actions = ks.reconcile(_workload(kind, replicas), pods)
    except ks.ManifestError:
        return  # an observed pod the API server would refuse
    for a in actions:
        assert a.verb in ("create", "update", "update-status", "delete")
        assert a.reason


# --- the cluster under random operations ---------------------------------------------------

NODES = ["kind-worker", "kind-worker2", "kind-worker3", "extra-1", "extra-2"]
OPS = st.one_of(
    st.tuples(st.just("apply"), st.sampled_from(["a", "b"]), st.integers(0, 6)),
    st.tuples(st.just("delete"), st.sampled_from(["a", "b"]), st.just(0)),
    st.tuples(st.just("scale"), st.sampled_from(["a", "b"]), st.integers(0, 6)),
    st.tuples(st.just("add_node"), st.sampled_from(NODES), st.just(0)),
    st.tuples(st.just("remove_node"), st.sampled_from(NODES), st.just(0)),
    st.tuples(st.just("node_down"), st.sampled_from(NODES), st.just(0)),
    st.tuples(st.just("node_up"), st.sampled_from(NODES), st.just(0)),
    st.tuples(st.just("cordon"), st.sampled_from(NODES), st.just(0)),
    st.tuples(st.just("drain"), st.sampled_from(NODES), st.just(0)),
    st.tuples(st.just("advance"), st.just(""), st.integers(0, 3600)),
)


def _deployment(name: str, replicas: int) -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {
                    "containers": [
                        {
                            "name": "c",
                            "image": "nginx",
                            "resources": {"requests": {"cpu": "500m"}},
                        }
                    ]
                },
            },
        },
    }


def _fresh(seed: int = 0) -> ks.Cluster:
    c = ks.Cluster(workers=3, seed=seed)
    c.apply(_deployment("web", 2))
    c.run()
    return c


def _do(c: ks.Cluster, op: tuple[str, str, int]) -> None:
    verb, what, n = op
    calls = {
        "apply": lambda: c.apply(_deployment(what, n)),
        "delete": lambda: c.delete(f"deployment/{what}"),
        "scale": lambda: c.kubectl(f"scale deployment/{what} --replicas={n}"),
        "add_node": lambda: c.add_node(what),
        "remove_node": lambda: c.remove_node(what),
        "node_down": lambda: c.node_down(what),
        "node_up": lambda: c.node_up(what),
        "cordon": lambda: c.cordon(what),
        "drain": lambda: c.kubectl(f"drain {what} --ignore-daemonsets"),
        "advance": lambda: c.advance(n),
    }
    with contextlib.suppress(ks.NotFound, ks.KubectlError, ks.KubesimError):
        calls[verb]()


def _check_invariants(c: ks.Cluster) -> None:
    nodes = set(c.node_names())
    pods = c.pods(namespace=None)
    assert all(p.node in nodes for p in pods if p.node), "a pod on a missing node"
    keys = [(o.kind, o.namespace, o.name) for o in c.objects()]
    assert len(keys) == len(set(keys)), "an object twice"


def _trace(c: ks.Cluster) -> list[str]:
    return [f"{s.time} {s.actor} {s.verb} {s.target} {s.reason}" for s in c.trace()]


@CLUSTER_FUZZ
@given(st.lists(OPS, max_size=8), st.integers(0, 3))
def test_cluster_under_random_operations(ops: list[tuple[str, str, int]], seed: int) -> None:
    c = _fresh(seed)
    wanted: dict[str, int] = {"web": 2}
    for op in ops:
        start, steps = time.monotonic(), len(c.trace())
        _do(c, op)
        c.run()
        assert time.monotonic() - start < BOUND, f"{op} took too long"
        assert len(c.trace()) - steps < MAX_STEPS_PER_OP, f"{op}: a runaway"
        _check_invariants(c)
        verb, what, n = op
        if verb in ("apply", "scale") and (verb == "apply" or what in wanted):
            wanted[what] = n
        elif verb == "delete":
            wanted.pop(what, None)
    # Owned counts converge once every node is back and schedulable.
    for node in c.node_names():
        with contextlib.suppress(ks.KubesimError):
            c.node_up(node)
            c.uncordon(node)
    c.advance("1h")
    c.run()
    _check_invariants(c)
    for name, replicas in wanted.items():
        live = [p for p in c.pods(f"app={name}") if p.status_text != "Terminating"]
        assert len(live) == replicas, (name, [p.status_text for p in c.pods(f"app={name}")])
    # The same seed and operations give the same trace.
    again = _fresh(seed)
    for op in ops:
        _do(again, op)
        again.run()
    for node in again.node_names():
        with contextlib.suppress(ks.KubesimError):
            again.node_up(node)
            again.uncordon(node)
    again.advance("1h")
    again.run()
    assert _trace(again) == _trace(c)
