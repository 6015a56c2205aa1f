"""Every public function and method, walked with hostile arguments: each call returns, or
raises a KubesimError (or the ValueError, TypeError, OverflowError or IndexError that
Python's own protocols raise for a wrong type, an int too large for a parameter or an index
out of range) with a message; never a bare Exception, a RuntimeError, a panic, a crash or
a hang. The callables are found by introspection (``kubesim.__all__`` and the methods of
``Cluster``, a loaded object and its fields), so a new function is walked as soon as it is
exported."""

from __future__ import annotations

import inspect
import math
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

import pytest

import kubesim as ks


@pytest.fixture(autouse=True)
def _in_a_scratch_folder(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths the walk passes (a kubeconfig named "1e300", say) land in a scratch folder."""
    monkeypatch.chdir(tmp_path)


DEPLOYMENT = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "web"},
    "spec": {
        "replicas": 2,
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
            "metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]},
        },
    },
}


def _deep(levels: int) -> dict[str, Any]:
    d: dict[str, Any] = {"x": 1}
    for _ in range(levels):
        d = {"a": d}
    return d


def _self_referencing() -> list[Any]:
    loop: list[Any] = []
    loop.append(loop)
    return loop


#: What a hostile caller passes. Built fresh for every call (some are mutable).
HOSTILE: dict[str, Callable[[], Any]] = {
    "2**64": lambda: 2**64,
    "2**63-1": lambda: 2**63 - 1,
    "-1": lambda: -1,
    "-2**63": lambda: -(2**63),
    "10**100": lambda: 10**100,
    "nan": lambda: math.nan,
    "inf": lambda: math.inf,
    "-inf": lambda: -math.inf,
    "1e300": lambda: 1e300,
    "None": lambda: None,
    "True": lambda: True,
    "empty": lambda: "",
    "1MB": lambda: "x" * 1_000_000,
    "1MB-lines": lambda: "a: b\n" * 200_000,
    "surrogate": lambda: "\ud800",
    "nul": lambda: "a\x00b",
    "bytes": lambda: b"\xff\xfe",
    "object": object,
    "list": lambda: [1, "x", None],
    "dict": lambda: {"a": {"b": [1, 2]}},
    "deep-dict": lambda: _deep(10_000),
    "loop": _self_referencing,
    "year-1": lambda: datetime(1, 1, 1),
    "year-1-aware": lambda: datetime(1, 1, 1, tzinfo=timezone.utc),
    "year-9999": lambda: datetime(9999, 12, 31, 23, 59, 59),
    "year-9999-aware": lambda: datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc),
    "timedelta-max": lambda: timedelta.max,
    "timedelta-negative": lambda: timedelta(days=-1),
    "duration-1e300": lambda: "1e300",
    "dev-zero": lambda: "/dev/zero",
}

#: Exceptions a hostile argument may raise.
ALLOWED = (ks.KubesimError, ValueError, TypeError, OverflowError, IndexError)

#: Valid values for parameters, by name, so that each hostile value is tried alone.
VALID: dict[str, Any] = {
    "source": DEPLOYMENT,
    "obj": DEPLOYMENT,
    "observed": [],
    "selector": "app=web",
    "labels": {"app": "web"},
    "target": "deployment/web",
    "name": "kind-worker2",
    "node": "kind-worker2",
    "taint": "k=v:NoSchedule",
    "command": "get pods",
    "duration": "1s",
    "limit": "1m",
    "replicas": 3,
    "max_surge": 1,
    "max_unavailable": 0,
    "lang": "en",
    "expr": "*/5 * * * *",
    "after": datetime(2026, 1, 1, tzinfo=timezone.utc),
    "dt": datetime(2026, 1, 1, tzinfo=timezone.utc),
    "key": "replicas",
    "index": 0,
    "kind": "Deployment",
    "pod": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {}},
    "tolerations": [],
    "taints": [],
    "daemonset": DEPLOYMENT,
    "images": {"web": "nginx:1.26"},
}

#: Calls left to their owners: cron ranges and prev (helper "cron" bounds them, issue 19).
SKIP = {"CronSchedule.fire_times", "CronSchedule.next_n", "CronSchedule.iter", "CronSchedule.prev"}

#: Problems this walk found that belong to src/cron and bindings/cron.rs (the cron part of
#: issue 19: the "did you mean" search over a 1 MB time zone; timestamps beyond datetime's
#: range). Reported, not failed, until that part lands; anything else fails.
KNOWN = (
    "CronSchedule(time_zone=1MB",
    "CronSchedule.next(after=-2**63)",
    "CronSchedule.next(after=2**63-1)",
    "CronSchedule.matches(dt=-2**63)",
    "CronSchedule.matches(dt=2**63-1)",
)

#: A call that takes longer than this is a hang (generous: the machine may be loaded).
SECONDS = 20.0


def _parameters(fn: Any) -> list[inspect.Parameter]:
    try:
        return list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return []


def _walk(label: str, fn: Callable[..., Any]) -> list[str]:
    """Calls ``fn`` once per parameter and hostile value, the other parameters valid;
    returns what went wrong."""
    problems: list[str] = []
    params = [
        p
        for p in _parameters(fn)
        if p.name not in ("self", "cls") and p.kind is not p.VAR_POSITIONAL
    ]
    for slot, param in enumerate(params):
        for hostile_name, make in HOSTILE.items():
            args: list[Any] = []
            kwargs: dict[str, Any] = {}
            for i, p in enumerate(params):
                if i == slot:
                    value = make()
                elif p.default is not p.empty:
                    continue
                else:
                    value = VALID.get(p.name, "x")
                if p.kind is p.VAR_KEYWORD:
                    kwargs["web"] = value
                elif p.kind is p.KEYWORD_ONLY or (i == slot and p.default is not p.empty):
                    kwargs[p.name] = value
                else:
                    args.append(value)
            problem = _call(fn, args, kwargs)
            if problem:
                problems.append(f"{label}({param.name}={hostile_name}): {problem}")
    if not params:
        problem = _call(fn, [], {})
        if problem:
            problems.append(f"{label}(): {problem}")
    known = [p for p in problems if p.startswith(KNOWN)]
    for p in known:
        print(f"known, left to the cron helper: {p}")
    return [p for p in problems if p not in known]


def _call(fn: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]) -> str | None:
    start = time.monotonic()
    try:
        fn(*args, **kwargs)
    except ALLOWED as error:
        if not str(error):
            return f"{type(error).__name__} without a message"
    except BaseException as error:  # the point is to catch what escapes
        if isinstance(error, (KeyboardInterrupt, SystemExit)):
            raise
        return f"raised {type(error).__module__}.{type(error).__name__}: {str(error)[:200]}"
    spent = time.monotonic() - start
    if spent > SECONDS:
        return f"took {spent:.1f} s"
    return None


def _public_functions() -> list[tuple[str, Any]]:
    out = []
    for name in ks.__all__:
        obj = getattr(ks, name)
        if callable(obj) and not isinstance(obj, type) and not inspect.ismodule(obj):
            out.append((name, obj))
    return out


def _public_classes() -> list[tuple[str, type]]:
    return [
        (name, getattr(ks, name))
        for name in ks.__all__
        if isinstance(getattr(ks, name), type) and not issubclass(getattr(ks, name), BaseException)
    ]


def _methods(cls: type) -> list[str]:
    return sorted(
        name for name, attr in vars(cls).items() if not name.startswith("_") and callable(attr)
    )


def test_the_walk_covers_the_surface() -> None:
    names = {name for name, _ in _public_functions()}
    assert {"load", "check", "reconcile", "selector_matches", "resolve_fenceposts"} <= names
    assert {"apply", "run", "advance", "kubectl", "delete", "add_node"} <= set(_methods(ks.Cluster))


@pytest.mark.parametrize(("name", "fn"), _public_functions(), ids=lambda x: str(x))
def test_module_function(name: str, fn: Any) -> None:
    try:
        problems = _walk(name, fn)
    finally:
        ks.set_lang("en")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("name", "cls"), _public_classes(), ids=lambda x: str(x))
def test_constructor(name: str, cls: type) -> None:
    problems = _walk(name, cls)
    assert not problems, "\n".join(problems)


def _cluster() -> ks.Cluster:
    c = ks.Cluster(workers=2)
    c.apply(DEPLOYMENT)
    c.run()
    return c


@pytest.mark.parametrize("method", _methods(ks.Cluster))
def test_cluster_method(method: str) -> None:
    c = _cluster()
    problems = _walk(f"Cluster.{method}", getattr(c, method))
    assert not problems, "\n".join(problems)
    # Whatever was refused, the cluster is whole: it reads, runs and reports.
    assert isinstance(c.now, datetime)
    c.run()
    assert len(c.trace()) > 0
    assert all(p.node in c.node_names() for p in c.pods() if p.node)


@pytest.mark.parametrize(
    ("owner", "method"),
    [("object", m) for m in _methods(ks.KubeObject)]
    + [("fields", m) for m in _methods(ks.Fields)]
    + [("CronSchedule", m) for m in _methods(ks.CronSchedule)],
)
def test_value_method(owner: str, method: str) -> None:
    if f"{owner}.{method}" in SKIP:
        pytest.skip("bounded by the cron helper's part of issue 19")
    [deploy] = ks.load(DEPLOYMENT)
    target = {
        "object": deploy,
        "fields": deploy.spec,
        "CronSchedule": ks.CronSchedule("*/5 * * * *"),
    }[owner]
    problems = _walk(f"{owner}.{method}", getattr(target, method))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("text", ["\ud800", "a\ud800b", "kind: \udfff\n"])
def test_check_never_raises_on_bad_text(text: str) -> None:
    report = ks.check(text)
    assert not report.ok
    assert report.codes == ["not-utf8"]


@pytest.mark.parametrize(
    ("value", "path", "code"),
    [
        ({"spec": {"replicas": math.nan}}, "spec.replicas", "type-error"),
        ({"spec": {"replicas": math.inf}}, "spec.replicas", "type-error"),
        ({"spec": {"replicas": 2**64}}, "spec.replicas", "type-error"),
        ({"spec": {"template": {"x": [1, 2**70]}}}, "spec.template.x[1]", "type-error"),
        ({"metadata": {"labels": {1: "a"}}}, "metadata.labels", "type-error"),
        ({"metadata": {"name": "\ud800"}}, "metadata.name", "not-utf8"),
        # The manifest is level 0, spec level 1: the mapping at level 100 is refused.
        ({"spec": _deep(150)}, "spec." + ".".join(["a"] * 99), "input-limit"),
    ],
)
def test_python_values_are_refused_with_their_path(value: dict, path: str, code: str) -> None:
    manifest = {**DEPLOYMENT, **value}
    report = ks.check(manifest)
    assert report.codes == [code], str(report)
    assert report.diagnostics[0].path == path
    with pytest.raises(ks.ManifestError) as info:
        ks.load(manifest)
    assert info.value.diagnostics[0].path == path
    with pytest.raises(ks.ManifestError):
        ks.Cluster(workers=1).apply(manifest)
    with pytest.raises(ks.ManifestError):
        ks.reconcile(manifest)


def test_deep_dicts_are_refused_not_crashed() -> None:
    deep = _deep(10_000)
    for call in (ks.check, ks.load, ks.Cluster(workers=1).apply, ks.reconcile):
        with pytest.raises(ks.ManifestError) if call is not ks.check else _no_raise():
            call(deep)
    with pytest.raises(ks.SelectorError):
        ks.selector_matches(deep, {"a": "b"})


class _no_raise:  # reads like pytest.raises
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False


def test_cluster_limits() -> None:
    with pytest.raises(ks.SimulationError, match="5000 nodes"):
        ks.Cluster(workers=2**64 - 1)
    with pytest.raises(ks.SimulationError, match="5000 nodes"):
        ks.Cluster(workers=5_000)
    with pytest.raises(ValueError, match="9999"):
        ks.Cluster(start=2**62)
    with pytest.raises(ValueError, match="1970"):
        ks.Cluster(start=datetime(1, 1, 1, tzinfo=timezone.utc))
    c = ks.Cluster(workers=1)
    for span in ("1e300", 1e300, timedelta.max):
        with pytest.raises(ValueError, match="duration"):
            c.advance(span)
    with pytest.raises(ValueError, match="9999-12-31"):
        c.advance(timedelta(days=365 * 9000))
    assert c.now == datetime(2026, 1, 1, tzinfo=timezone.utc)


def test_ten_million_replicas_are_refused_at_once() -> None:
    c = ks.Cluster(workers=1)
    start = time.monotonic()
    with pytest.raises(ks.SimulationError, match="150000 pods"):
        c.apply({**DEPLOYMENT, "spec": {**DEPLOYMENT["spec"], "replicas": 10_000_000}})
    assert time.monotonic() - start < 1.0
    assert c.objects("Deployment") == []
    c.apply(DEPLOYMENT)
    with pytest.raises(ks.KubectlError, match="150000 pods"):
        c.kubectl("scale deployment/web --replicas=10000000")


@pytest.mark.parametrize(
    "args", [(-5, -5, -10), (1, 0, -1), (-1, 0, 3), ("-10%", 0, 3), (0, 0, 2**31 - 1)]
)
def test_resolve_fenceposts_refuses_negatives(args: tuple) -> None:
    with pytest.raises(ValueError, match="must be"):
        ks.resolve_fenceposts(*args)


def test_to_yaml_round_trips_a_byte_order_mark() -> None:
    manifest = {**DEPLOYMENT, "metadata": {"name": "web", "annotations": {"note": "\ufeffx\u2028"}}}
    [deploy] = ks.load(manifest)
    [again] = ks.load(deploy.to_yaml())
    assert again.annotations == {"note": "\ufeffx\u2028"}


def test_dev_zero_and_fifos_are_refused_at_once(tmp_path) -> None:
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        start = time.monotonic()
        with pytest.raises(ks.SourceError, match="not a regular file"):
            ks.load(path)
        report = ks.check(path)
        assert report.codes == ["unreadable-file"]
        assert time.monotonic() - start < 1.0
