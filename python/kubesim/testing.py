"""Assertion helpers for grading tests: each failure says what was expected, what the
simulation did, and why (the scheduler's, the controller's or the cron engine's reason), in
English or Korean (``lang=``, else ``ks.get_lang()``, which ``--kubesim-lang`` sets).

>>> from kubesim.testing import assert_runs_on_every_node, assert_pods, nodes_of
>>> assert_runs_on_every_node(cluster, "daemonset/node-exporter")      # doctest: +SKIP
>>> assert_pods(cluster, "replicaset/frontend", count=3, ready=True)    # doctest: +SKIP
>>> assert nodes_of(cluster, "daemonset/gpu") == {"gpu-1", "gpu-2"}     # doctest: +SKIP

The reasons come from the Rust core (``ks.should_run_daemon_pod``, ``Cluster.explain``,
events, the trace, ``CronSchedule``); these helpers only choose what to show.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import kubesim as ks

__all__ = [
    "KubesimAssertionError",
    "NodeSet",
    "PodCount",
    "assert_manifest_ok",
    "assert_pods",
    "assert_rollout_respects",
    "assert_runs_on_every_node",
    "assert_schedule_fires",
    "explain_comparison",
    "nodes_of",
    "pod_count",
    "pods_of",
]

#: Lines of ``Cluster.explain`` kept per pod in a failure message.
EXPLAIN_LINES = 6
#: Pods listed one by one in a failure message.
MAX_PODS_LISTED = 12

WORKLOAD_KINDS = ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob")


def _lang(lang: str | None) -> str:
    return lang or ks.get_lang()


def _t(lang: str, en: str, ko: str) -> str:
    return ks.ko_particles(ko) if lang == "ko" else en


class KubesimAssertionError(AssertionError):
    """A failed check: ``expected``, ``actual`` (what the simulation did) and ``why``."""

    def __init__(
        self, expected: str, actual: str, why: Sequence[str] = (), *, lang: str = "en"
    ) -> None:
        self.expected = expected
        self.actual = actual
        self.why = [w for w in why if w]
        self.lang = lang
        super().__init__(self.render())

    def render(self) -> str:
        return "\n".join(_report_lines(self.expected, self.actual, self.why, self.lang))


def _report_lines(expected: str, actual: str, why: Sequence[str], lang: str) -> list[str]:
    lines = [
        _t(lang, "expected: ", "기대한 결과: ") + expected,
        _t(lang, "the simulation: ", "시뮬레이션 결과: ") + actual,
    ]
    if why:
        lines.append(_t(lang, "why:", "이유:"))
        for w in why:
            first, *rest = w.splitlines() or [""]
            lines.append(f"  - {first}")
            lines.extend(f"    {r}" for r in rest)
    return lines


# --- looking things up --------------------------------------------------------------------


_KIND_NAMES = {
    "deployment": "Deployment", "deployments": "Deployment", "deploy": "Deployment",
    "replicaset": "ReplicaSet", "replicasets": "ReplicaSet", "rs": "ReplicaSet",
    "statefulset": "StatefulSet", "statefulsets": "StatefulSet", "sts": "StatefulSet",
    "daemonset": "DaemonSet", "daemonsets": "DaemonSet", "ds": "DaemonSet",
    "job": "Job", "jobs": "Job", "cronjob": "CronJob", "cronjobs": "CronJob", "cj": "CronJob",
    "pod": "Pod", "pods": "Pod", "po": "Pod",
}  # fmt: skip


def _kind_name(target: str) -> tuple[str, str]:
    kind, _, name = target.partition("/")
    return _KIND_NAMES.get(kind.lower(), kind), name


def _get(cluster: Any, target: str, namespace: str, lang: str) -> Any:
    """The object, or a failure that lists what the cluster holds instead."""
    __tracebackhide__ = True
    try:
        return cluster.get(target, namespace=namespace)
    except ks.NotFound:
        pass
    kind, name = _kind_name(target)
    held = [
        o
        for o in cluster.objects(namespace=namespace)
        if o.kind in WORKLOAD_KINDS and not _owned(o)
    ]
    same_name = [o for o in held if o.name == name]
    listing = ", ".join(f"{o.kind.lower()}/{o.name}" for o in held) or _t(
        lang, "no workloads", "워크로드 없음"
    )
    why = []
    if same_name:
        o = same_name[0]
        why.append(
            _t(
                lang,
                f"{name} was applied as a {o.kind}, not as the kind {kind} asks for",
                f"{name}은(는) {kind}이(가) 아니라 {o.kind}(으)로 만들어졌습니다",
            )
        )
    else:
        why.append(
            _t(
                lang,
                f"nothing named {name} of that kind was applied (check kind and metadata.name)",
                f"그 종류로 {name}이라는 이름의 객체가 적용되지 "
                "않았습니다 (kind와 metadata.name을 확인하세요)",
            )
        )
    raise KubesimAssertionError(
        _t(lang, f"{target} in the cluster", f"클러스터에 {target}이(가) 있어야 합니다"),
        _t(lang, f"the cluster has {listing}", f"클러스터에 있는 것: {listing}"),
        why,
        lang=lang,
    )


def _owned(obj: Any) -> bool:
    refs = obj.metadata.get("ownerReferences")
    return bool(refs)


def _uid(obj: Any) -> str | None:
    return obj.metadata.get("uid")


def _terminating(pod: Any) -> bool:
    return pod.metadata.get("deletionTimestamp") is not None


def _active(pod: Any) -> bool:
    return not _terminating(pod) and pod.phase not in ("Succeeded", "Failed")


def pods_of(cluster: Any, target: str, *, namespace: str = "default") -> list[Any]:
    """The pods of a workload: its own, and those of the ReplicaSets or Jobs it owns (a
    Deployment's, a CronJob's), in name order."""
    owner = cluster.get(target, namespace=namespace)
    pods = list(cluster.pods(owner=target, namespace=namespace))
    uid = _uid(owner)
    if owner.kind in ("Deployment", "CronJob"):
        middle = "ReplicaSet" if owner.kind == "Deployment" else "Job"
        for child in cluster.objects(middle, namespace=namespace):
            refs = child.metadata.get("ownerReferences") or []
            if any(r.get("uid") == uid for r in refs):
                pods.extend(
                    cluster.pods(owner=f"{middle.lower()}/{child.name}", namespace=namespace)
                )
    return sorted(pods, key=lambda p: p.name)


def _explain(cluster: Any, pod: Any, lang: str) -> str:
    try:
        text = cluster.explain(f"pod/{pod.name}", namespace=pod.namespace or "default")
    except ks.KubesimError:
        return ""
    lines = text.splitlines()
    # The verdict and the nodes that turned the pod away.
    keep = [lines[0]] + [line for line in lines[1:] if line.lstrip().startswith("-")]
    return "\n".join(keep[:EXPLAIN_LINES])


def _warnings(cluster: Any, target: str) -> list[str]:
    """The Warning events of an object, newest last (FailedCreate, FailedScheduling, ...)."""
    out = []
    for e in cluster.events():
        if e.type == "Warning" and e.object == target:
            out.append(f"{e.reason}: {e.message}")
    return out[-3:]


def _pod_line(pod: Any, lang: str) -> str:
    ready = _t(lang, "ready", "준비됨") if pod.ready else _t(lang, "not ready", "준비 안 됨")
    where = pod.node or _t(lang, "no node", "노드 없음")
    return f"{pod.name} ({where}: {pod.status_text}, {ready})"


# --- every node ----------------------------------------------------------------------------


@dataclass
class _NodeCheck:
    target: str
    expected: list[str]
    by_node: dict[str, list[Any]]
    pending: list[Any]
    missing: list[str]
    not_ready: list[str]
    extra: list[str]
    doubled: list[str]
    why: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.not_ready or self.extra or self.doubled)


def _node_check(
    cluster: Any,
    target: str,
    nodes: Iterable[str] | None,
    *,
    only: bool,
    ready: bool,
    namespace: str,
    lang: str,
) -> _NodeCheck:
    owner = _get(cluster, target, namespace, lang)
    expected = list(nodes) if nodes is not None else list(cluster.node_names())
    pods = [p for p in pods_of(cluster, target, namespace=namespace) if _active(p)]
    by_node: dict[str, list[Any]] = {}
    pending = []
    for p in pods:
        if p.node:
            by_node.setdefault(p.node, []).append(p)
        else:
            pending.append(p)
    missing = [n for n in expected if n not in by_node]
    not_ready = [
        n for n in expected if n in by_node and ready and not any(p.ready for p in by_node[n])
    ]
    extra = sorted(n for n in by_node if n not in expected) if only else []
    doubled = sorted(n for n, ps in by_node.items() if len(ps) > 1)
    check = _NodeCheck(target, expected, by_node, pending, missing, not_ready, extra, doubled)
    check.why = _node_reasons(cluster, owner, check, lang)
    return check


def _node_reasons(cluster: Any, owner: Any, check: _NodeCheck, lang: str) -> list[str]:
    why: list[str] = []
    is_daemonset = owner.kind == "DaemonSet"
    if check.missing and not is_daemonset:
        why.append(
            _t(
                lang,
                f"a {owner.kind} runs its replicas wherever the scheduler puts them; only a "
                "DaemonSet runs one pod on every (matching) node",
                f"{owner.kind}은(는) 복제본을 스케줄러가 고른 노드에 둡니다. "
                "모든 (조건에 맞는) 노드에 "
                "Pod를 하나씩 두는 것은 DaemonSet입니다",
            )
        )
    for n in check.missing:
        if is_daemonset:
            try:
                node = cluster.get(f"node/{n}")
            except ks.NotFound:
                why.append(_t(lang, f"{n}: there is no such node", f"{n}: 그런 노드가 없습니다"))
                continue
            placement = ks.should_run_daemon_pod(node, owner)
            reasons = placement.reasons_ko if lang == "ko" else placement.reasons
            if not placement.should_run:
                why.append(f"{n}: " + (reasons[0] if reasons else ""))
                continue
            events = _warnings(cluster, f"daemonset/{owner.name}")
            why.append(
                _t(
                    lang,
                    f"{n}: the pod may run there, but the DaemonSet controller made none",
                    f"{n}: Pod가 실행될 수 있는 노드인데 DaemonSet 컨트롤러가 만들지 않았습니다",
                )
                + ("" if not events else " (" + "; ".join(events) + ")")
            )
    for p in check.pending:
        why.append(_explain(cluster, p, lang))
    for n in check.not_ready:
        for p in check.by_node[n]:
            why.append(_t(lang, "not ready: ", "준비 안 됨: ") + _pod_line(p, lang))
    for n in check.extra:
        names = ", ".join(p.name for p in check.by_node[n])
        if is_daemonset:
            why.append(
                _t(
                    lang,
                    f"{n}: {names} runs there, but that node "
                    "should have no pod (check nodeSelector, "
                    "affinity and tolerations)",
                    f"{n}: {names}이(가) 실행 중이지만 이 노드에는 "
                    "Pod가 없어야 합니다 (nodeSelector, "
                    "affinity, toleration을 확인하세요)",
                )
            )
        else:
            why.append(
                _t(
                    lang,
                    f"{n}: {names} should not run there",
                    f"{n}: {names}은(는) 여기서 실행되면 안 됩니다",
                )
            )
    for n in check.doubled:
        names = ", ".join(p.name for p in check.by_node[n])
        why.append(
            _t(lang, f"{n}: more than one pod ({names})", f"{n}: Pod가 둘 이상입니다 ({names})")
        )
    return why


def _nodes_text(nodes: Sequence[str], lang: str) -> str:
    if not nodes:
        return _t(lang, "no node", "노드 없음")
    return ", ".join(nodes)


def _node_failure(check: _NodeCheck, ready: bool, lang: str) -> KubesimAssertionError:
    kind_word = _t(lang, "a ready pod", "준비된 Pod") if ready else _t(lang, "a pod", "Pod")
    expected = _t(
        lang,
        f"{kind_word} of {check.target} on each of {len(check.expected)} "
        f"node(s): {_nodes_text(check.expected, lang)}",
        f"{check.target}의 {kind_word}이(가) 노드 {len(check.expected)}개 "
        f"각각에: {_nodes_text(check.expected, lang)}",
    )
    placed = sorted(check.by_node)
    actual = _t(
        lang,
        f"pods on {len(placed)} node(s): {_nodes_text(placed, lang)}",
        f"Pod가 있는 노드 {len(placed)}개: {_nodes_text(placed, lang)}",
    )
    if check.pending:
        actual += _t(
            lang, f"; {len(check.pending)} pod(s) Pending", f"; Pending Pod {len(check.pending)}개"
        )
    return KubesimAssertionError(expected, actual, check.why, lang=lang)


def assert_runs_on_every_node(
    cluster: Any,
    target: str,
    *,
    nodes: Iterable[str] | None = None,
    only: bool | None = None,
    ready: bool = False,
    namespace: str = "default",
    lang: str | None = None,
) -> dict[str, Any]:
    """Checks that ``target`` ("daemonset/node-exporter") has exactly one pod on every node of
    the cluster, or on every node of ``nodes`` (and then, unless ``only=False``, on no other
    node); with ``ready=True`` those pods must be ready. Returns the pods by node. A failure
    names each node without its pod and why (the DaemonSet controller's placement verdict:
    an untolerated taint, a nodeSelector that does not match, ...)."""
    __tracebackhide__ = True
    __tracebackhide__ = True
    lang = _lang(lang)
    check = _node_check(
        cluster,
        target,
        nodes,
        only=(nodes is not None) if only is None else only,
        ready=ready,
        namespace=namespace,
        lang=lang,
    )
    if not check.ok:
        raise _node_failure(check, ready, lang)
    return {n: ps[0] for n, ps in check.by_node.items()}


class NodeSet(frozenset):  # type: ignore[type-arg]
    """The nodes a workload's pods run on (``nodes_of``); compares like a set, and a failed
    ``assert nodes_of(...) == {...}`` explains the difference."""

    _cluster: Any
    _target: str
    _namespace: str
    _lang: str | None

    def __repr__(self) -> str:
        return f"NodeSet({sorted(self)!r})"


def nodes_of(
    cluster: Any, target: str, *, namespace: str = "default", lang: str | None = None
) -> NodeSet:
    """The names of the nodes ``target``'s active pods run on, as a set that can explain itself."""
    pods = (
        pods_of(cluster, target, namespace=namespace) if _exists(cluster, target, namespace) else []
    )
    s = NodeSet(p.node for p in pods if p.node and _active(p))
    s._cluster, s._target, s._namespace, s._lang = cluster, target, namespace, lang
    return s


def _exists(cluster: Any, target: str, namespace: str) -> bool:
    try:
        cluster.get(target, namespace=namespace)
    except ks.NotFound:
        return False
    return True


class PodCount(int):
    """How many pods a workload has (``pod_count``); a failed comparison lists them and why
    the missing or unready ones are not there."""

    _cluster: Any
    _target: str
    _namespace: str
    _ready: bool
    _lang: str | None


def pod_count(
    cluster: Any,
    target: str,
    *,
    ready: bool = False,
    namespace: str = "default",
    lang: str | None = None,
) -> PodCount:
    """The number of ``target``'s active pods (only the ready ones with ``ready=True``)."""
    pods = (
        pods_of(cluster, target, namespace=namespace) if _exists(cluster, target, namespace) else []
    )
    n = sum(1 for p in pods if _active(p) and (p.ready or not ready))
    c = PodCount(n)
    c._cluster, c._target, c._namespace, c._ready, c._lang = cluster, target, namespace, ready, lang
    return c


def explain_comparison(op: str, left: object, right: object) -> list[str] | None:
    """The ``pytest_assertrepr_compare`` explanation for kubesim's values."""
    ours, other = (left, right) if type(left).__module__ == __name__ else (right, left)
    if isinstance(ours, NodeSet) and op == "==" and isinstance(other, (set, frozenset)):
        lang = _lang(ours._lang)
        try:
            check = _node_check(
                ours._cluster,
                ours._target,
                sorted(str(n) for n in other),
                only=True,
                ready=False,
                namespace=ours._namespace,
                lang=lang,
            )
        except KubesimAssertionError as missing:
            return [f"{left!r} {op} {right!r}", *missing.render().splitlines()]
        failure = _node_failure(check, False, lang)
        return [f"{left!r} {op} {right!r}", *failure.render().splitlines()]
    if isinstance(ours, NodeSet) and op in ("in", "not in") and isinstance(left, str):
        lang = _lang(ours._lang)
        if op == "not in":
            return [
                f"{left!r} {op} {right!r}",
                *_report_lines(
                    _t(
                        lang,
                        f"no pod of {ours._target} on {left}",
                        f"{left}에 {ours._target}의 Pod가 없어야 합니다",
                    ),
                    _t(lang, f"a pod runs on {left}", f"{left}에서 Pod가 실행 중입니다"),
                    [],
                    lang,
                ),
            ]
        try:
            check = _node_check(
                ours._cluster,
                ours._target,
                [left],
                only=False,
                ready=False,
                namespace=ours._namespace,
                lang=lang,
            )
        except KubesimAssertionError as missing:
            return [f"{left!r} {op} {right!r}", *missing.render().splitlines()]
        failure = _node_failure(check, False, lang)
        return [f"{left!r} {op} {right!r}", *failure.render().splitlines()]
    if isinstance(ours, PodCount) and isinstance(other, int):
        lang = _lang(ours._lang)
        if not _exists(ours._cluster, ours._target, ours._namespace):
            try:
                _get(ours._cluster, ours._target, ours._namespace, lang)
            except KubesimAssertionError as missing:
                return [f"{int(ours)} {op} {other}", *missing.render().splitlines()]
        pods = pods_of(ours._cluster, ours._target, namespace=ours._namespace)
        what = _t(lang, "ready pods", "준비된 Pod") if ours._ready else _t(lang, "pods", "Pod")
        expected = (
            f"{ours._target}: {what} {op} {other}" if ours is left else f"{other} {op} {what}"
        )
        actual = _t(lang, f"{int(ours)} {what}", f"{what} {int(ours)}개")
        why = _pod_reasons(ours._cluster, ours._target, pods, lang)
        return [f"{int(left)} {op} {int(right)}", *_report_lines(expected, actual, why, lang)]  # type: ignore[call-overload]
    return None


# --- counting pods -------------------------------------------------------------------------


def _pod_reasons(cluster: Any, target: str, pods: Sequence[Any], lang: str) -> list[str]:
    why = []
    for p in pods[:MAX_PODS_LISTED]:
        if _terminating(p):
            why.append(_pod_line(p, lang) + _t(lang, " terminating", " 종료 중"))
        elif not p.node:
            why.append(_explain(cluster, p, lang))
        elif not p.ready:
            why.append(_pod_line(p, lang))
        else:
            why.append(_pod_line(p, lang))
    if len(pods) > MAX_PODS_LISTED:
        why.append(
            _t(
                lang,
                f"... and {len(pods) - MAX_PODS_LISTED} more",
                f"... 외 {len(pods) - MAX_PODS_LISTED}개",
            )
        )
    for w in _warnings(cluster, target):
        why.append(w)
    return why


def assert_pods(
    cluster: Any,
    target: str,
    *,
    count: int | None = None,
    ready: bool | int | None = None,
    running: bool | int | None = None,
    nodes: Iterable[str] | None = None,
    namespace: str = "default",
    lang: str | None = None,
) -> list[Any]:
    """Checks ``target``'s active pods (a Deployment's through its ReplicaSets): ``count`` of
    them; ``ready=True`` all ready, or ``ready=n`` exactly n ready; ``running`` likewise for
    the Running phase; ``nodes`` the set of nodes they run on. Returns the pods."""
    __tracebackhide__ = True
    lang = _lang(lang)
    owner = _get(cluster, target, namespace, lang)
    every = pods_of(cluster, target, namespace=namespace)
    pods = [p for p in every if _active(p)]
    wants = []
    problems = []
    n_ready = sum(1 for p in pods if p.ready)
    n_running = sum(1 for p in pods if p.phase == "Running")
    if count is not None:
        wants.append(_t(lang, f"{count} pod(s)", f"Pod {count}개"))
        if len(pods) != count:
            problems.append("count")
    for label_en, label_ko, want, have in (
        ("ready", "준비됨", ready, n_ready),
        ("Running", "Running", running, n_running),
    ):
        if want is None or want is False:
            continue
        goal = len(pods) if want is True else int(want)
        if want is True:
            wants.append(_t(lang, f"all {label_en}", f"모두 {label_ko}"))
        else:
            wants.append(_t(lang, f"{goal} {label_en}", f"{label_ko} {goal}개"))
        if have != goal or (want is True and not pods):
            problems.append(label_en)
    placed = sorted({p.node for p in pods if p.node})
    if nodes is not None:
        expected_nodes = sorted(set(nodes))
        wants.append(
            _t(lang, f"on {', '.join(expected_nodes)}", f"노드: {', '.join(expected_nodes)}")
        )
        if placed != expected_nodes:
            problems.append("nodes")
    if not problems:
        return pods
    expected = f"{target}: " + ", ".join(wants)
    actual = _t(
        lang,
        f"{len(pods)} pod(s), {n_ready} ready, {n_running} Running, on {_nodes_text(placed, lang)}",
        f"Pod {len(pods)}개, 준비됨 {n_ready}개, Running "
        f"{n_running}개, 노드: {_nodes_text(placed, lang)}",
    )
    why = _pod_reasons(cluster, target, every, lang)
    scaled = owner.kind in ("Deployment", "ReplicaSet", "StatefulSet")
    replicas = owner.spec.get("replicas") if scaled else None
    if "count" in problems and replicas is not None:
        why.insert(
            0,
            _t(
                lang,
                f"{target} asks for {replicas} (spec.replicas)",
                f"{target}의 spec.replicas는 {replicas}입니다",
            ),
        )
    raise KubesimAssertionError(expected, actual, why, lang=lang)


# --- rollouts ------------------------------------------------------------------------------


def _scaled(value: Any, total: int, *, round_up: bool) -> int:
    """An int-or-percent against ``total``: upstream
    k8s.io/apimachinery/pkg/util/intstr.GetScaledValueFromIntOrPercent (maxSurge rounds up,
    maxUnavailable down, as pkg/controller/deployment/util.ResolveFenceposts asks)."""
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if text.endswith("%"):
        percent = int(text[:-1])
        scaled = percent * total
        return -(-scaled // 100) if round_up else scaled // 100
    return int(text)


def _rollout_done(obj: Any) -> bool:
    status = obj.status
    spec = obj.spec
    generation = obj.metadata.get("generation") or 0
    if (status.get("observedGeneration") or 0) < generation:
        return False
    if obj.kind == "Deployment":
        want = spec.get("replicas", 1)
        return (
            (status.get("updatedReplicas") or 0) == want
            and (status.get("replicas") or 0) == want
            and (status.get("availableReplicas") or 0) == want
        )
    if obj.kind == "DaemonSet":
        want = status.get("desiredNumberScheduled") or 0
        return (status.get("updatedNumberScheduled") or 0) == want and (
            status.get("numberAvailable") or 0
        ) == want
    if obj.kind == "StatefulSet":
        want = spec.get("replicas", 1)
        return (
            status.get("currentRevision") == status.get("updateRevision")
            and (status.get("readyReplicas") or 0) == want
        )
    return False


def _strategy_limits(obj: Any) -> tuple[Any, Any]:
    spec = obj.spec
    if obj.kind == "Deployment":
        ru = (spec.get("strategy") or {}).get("rollingUpdate") or {}
        return ru.get("maxSurge", "25%"), ru.get("maxUnavailable", "25%")
    if obj.kind == "DaemonSet":
        ru = (spec.get("updateStrategy") or {}).get("rollingUpdate") or {}
        return ru.get("maxSurge", 0), ru.get("maxUnavailable", 1)
    return 0, 1


def _to_plain(value: Any) -> Any:
    return value.to_dict() if hasattr(value, "to_dict") else value


@dataclass
class Sample:
    """The pods of a rollout at one instant."""

    time: datetime
    total: int
    available: int


def assert_rollout_respects(
    cluster: Any,
    target: str,
    *,
    max_surge: int | str | None = None,
    max_unavailable: int | str | None = None,
    timeout: str | float = "10m",
    step: str | float = "1s",
    namespace: str = "default",
    lang: str | None = None,
) -> list[Sample]:
    """Runs a rollout that has been started (apply a new template first) to its end, looking
    at the pods every ``step`` of virtual time, and checks that there are never more than
    replicas + maxSurge pods and never fewer than replicas - maxUnavailable available ones.
    The limits default to the workload's own strategy. A failure shows the moment the limit
    was broken and the controller's reasons for what it did then. Returns the samples."""
    __tracebackhide__ = True
    lang = _lang(lang)
    obj = _get(cluster, target, namespace, lang)
    own_surge, own_unavailable = _strategy_limits(obj)
    if obj.kind == "DaemonSet":
        replicas = len([n for n in cluster.node_names()])
        status = obj.status
        replicas = status.get("desiredNumberScheduled") or replicas
    else:
        replicas = obj.spec.get("replicas", 1)
    surge = _scaled(
        _to_plain(max_surge if max_surge is not None else own_surge), replicas, round_up=True
    )
    unavailable = _scaled(
        _to_plain(max_unavailable if max_unavailable is not None else own_unavailable),
        replicas,
        round_up=False,
    )
    if surge == 0 and unavailable == 0 and max_unavailable is None:
        unavailable = 1  # ResolveFenceposts: both zero would stall, so one may be unavailable
    most, least = replicas + surge, replicas - unavailable
    span = _seconds(timeout)
    tick = _seconds(step)
    samples: list[Sample] = []
    elapsed = 0.0
    while True:
        trace = cluster.advance(timedelta(seconds=tick)) if samples else cluster.run(timedelta(0))
        pods = [p for p in pods_of(cluster, target, namespace=namespace) if _active(p)]
        sample = Sample(cluster.now, len(pods), sum(1 for p in pods if p.ready))
        samples.append(sample)
        broken = []
        if sample.total > most:
            broken.append(
                _t(
                    lang,
                    f"{sample.total} pods, more than {most} = "
                    f"{replicas} replicas + maxSurge {surge}",
                    f"Pod {sample.total}개: {replicas}(replicas) "
                    f"+ {surge}(maxSurge) = {most}개보다 많습니다",
                )
            )
        if sample.available < least:
            broken.append(
                _t(
                    lang,
                    f"{sample.available} available, fewer than {least} = "
                    f"{replicas} replicas - maxUnavailable {unavailable}",
                    f"사용 가능한 Pod {sample.available}개: {replicas}(replicas) "
                    f"- {unavailable}(maxUnavailable) = "
                    f"{least}개보다 적습니다",
                )
            )
        if broken:
            at = sample.time.isoformat()
            why = [f"{s.actor} {s.verb} {s.target}: {s.reason}" for s in list(trace)[-6:]]
            raise KubesimAssertionError(
                _t(
                    lang,
                    f"at most {most} pods and at least {least} "
                    f"available throughout the rollout of {target}",
                    f"{target} 롤아웃 내내 Pod는 최대 {most}개, 사용 가능한 Pod는 최소 {least}개",
                ),
                _t(lang, f"at {at}: ", f"{at}에: ") + "; ".join(broken),
                why,
                lang=lang,
            )
        if _rollout_done(cluster.get(target, namespace=namespace)):
            return samples
        if elapsed >= span:
            last = samples[-1]
            raise KubesimAssertionError(
                _t(
                    lang,
                    f"the rollout of {target} to finish within {timeout}",
                    f"{target} 롤아웃이 {timeout} 안에 끝나야 합니다",
                ),
                _t(
                    lang,
                    f"still going at {last.time.isoformat()}: "
                    f"{last.total} pods, {last.available} available",
                    f"{last.time.isoformat()}에도 진행 중: Pod "
                    f"{last.total}개, 사용 가능 {last.available}개",
                ),
                _pod_reasons(cluster, target, pods_of(cluster, target, namespace=namespace), lang),
                lang=lang,
            )
        elapsed += tick


def _seconds(span: str | float | timedelta) -> float:
    if isinstance(span, timedelta):
        return span.total_seconds()
    if isinstance(span, (int, float)):
        return float(span)
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
    text = span.strip()
    for unit in ("ms", "s", "m", "h", "d"):
        if text.endswith(unit) and text[: -len(unit)].replace(".", "", 1).isdigit():
            return float(text[: -len(unit)]) * units[unit]
    return float(text)


# --- schedules -----------------------------------------------------------------------------


def _instant(value: datetime | str) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value


def assert_schedule_fires(
    cronjob: Any,
    target: str | None = None,
    *,
    at: Iterable[datetime | str] = (),
    not_at: Iterable[datetime | str] = (),
    between: tuple[datetime | str, datetime | str] | None = None,
    times: Iterable[datetime | str] | None = None,
    count: int | None = None,
    namespace: str = "default",
    lang: str | None = None,
) -> Any:
    """Checks a CronJob's schedule (with its ``timeZone``, read as the CronJob controller
    reads it): it fires at every instant of ``at``, at none of ``not_at``, and within
    ``between=(start, end)`` exactly at ``times`` or ``count`` times. ``cronjob`` is a
    CronJob (``submission.object("CronJob")``), or a Cluster with ``target`` "cronjob/NAME".
    Returns the ``CronSchedule``."""
    __tracebackhide__ = True
    lang = _lang(lang)
    if target is not None:
        cronjob = _get(cronjob, target, namespace, lang)
    spec = cronjob.spec
    expr = spec.get("schedule")
    zone = spec.get("timeZone")
    name = f"cronjob/{cronjob.name}"
    try:
        schedule = ks.CronSchedule(str(expr), time_zone=zone)
    except ks.CronError as error:
        raise KubesimAssertionError(
            _t(lang, f"{name} to have a valid schedule", f"{name}의 schedule이 올바라야 합니다"),
            _t(
                lang, "the CronJob controller cannot read it", "CronJob 컨트롤러가 읽을 수 없습니다"
            ),
            [str(error), *([error.hint] if error.hint else [])],
            lang=lang,
        ) from None
    described = f"{expr!r}" + (f" ({zone})" if zone else "") + ": " + schedule.describe(lang)
    if spec.get("suspend"):
        raise KubesimAssertionError(
            _t(lang, f"{name} to fire", f"{name}이(가) 실행되어야 합니다"),
            _t(lang, "it never fires", "전혀 실행되지 않습니다"),
            [_t(lang, "spec.suspend is true", "spec.suspend가 true입니다")],
            lang=lang,
        )
    why: list[str] = []
    for t in at:
        when = _instant(t)
        if not schedule.matches(when):
            before, after = schedule.prev(when), schedule.next(when)
            why.append(
                _t(
                    lang,
                    f"{when.isoformat()}: no run; the runs around "
                    f"it are {_iso(before)} and {_iso(after)}",
                    f"{when.isoformat()}: 실행되지 않습니다. 앞뒤 실행 "
                    f"시각은 {_iso(before)}, {_iso(after)}입니다",
                )
            )
    for t in not_at:
        when = _instant(t)
        if schedule.matches(when):
            why.append(
                _t(
                    lang,
                    f"{when.isoformat()}: it runs, but should not",
                    f"{when.isoformat()}: 실행되면 안 되는데 실행됩니다",
                )
            )
    if between is not None:
        start, end = _instant(between[0]), _instant(between[1])
        fired = schedule.fire_times(start, end, 10_000)
        if times is not None:
            wanted = sorted(_instant(t) for t in times)
            missing = [w for w in wanted if w not in fired]
            extra = [f for f in fired if f not in wanted]
            for w in missing:
                why.append(
                    _t(
                        lang,
                        f"{w.isoformat()}: expected a run, none",
                        f"{w.isoformat()}: 실행되어야 하는데 실행되지 않습니다",
                    )
                )
            for f in extra[:10]:
                why.append(
                    _t(
                        lang,
                        f"{f.isoformat()}: an extra run",
                        f"{f.isoformat()}: 예상하지 않은 실행",
                    )
                )
        if count is not None and len(fired) != count:
            why.append(
                _t(
                    lang,
                    f"{len(fired)} runs between {start.isoformat()} "
                    f"and {end.isoformat()}, not {count}",
                    f"{start.isoformat()}부터 {end.isoformat()}까지 "
                    f"{count}번이 아니라 {len(fired)}번 실행됩니다",
                )
            )
    if why:
        raise KubesimAssertionError(
            _t(
                lang,
                f"{name} to run at the times asked for",
                f"{name}이(가) 요구한 시각에 실행되어야 합니다",
            ),
            described,
            why,
            lang=lang,
        )
    return schedule


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value is not None else "-"


# --- manifests -----------------------------------------------------------------------------


def assert_manifest_ok(
    source: Any, *, warnings: bool = True, kind: str | None = None, lang: str | None = None
) -> list[Any]:
    """Checks that ``source`` (text, a path or objects) loads without an error — and, with
    ``warnings=False``, without a warning either — and, with ``kind``, that it holds that
    kind. Returns the objects. The failure lists ``ks.check``'s diagnostics."""
    __tracebackhide__ = True
    lang = _lang(lang)
    report = ks.check(source, lang=lang)
    bad = [d for d in report.diagnostics if d.severity == "error" or not warnings]
    if bad:
        raise KubesimAssertionError(
            _t(
                lang,
                "a manifest without errors" + ("" if warnings else " or warnings"),
                "오류" + ("" if warnings else "나 경고") + "가 없는 매니페스트",
            ),
            _t(
                lang,
                f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)",
                f"오류 {len(report.errors)}개, 경고 {len(report.warnings)}개",
            ),
            [str(d) for d in bad],
            lang=lang,
        )
    objects = list(ks.load(source))
    if kind is not None and not any(o.kind == kind for o in objects):
        held = ", ".join(o.kind for o in objects) or "-"
        raise KubesimAssertionError(
            _t(lang, f"a {kind}", f"{kind} 하나"),
            _t(lang, f"the manifest holds {held}", f"매니페스트에 있는 것: {held}"),
            [],
            lang=lang,
        )
    return objects
