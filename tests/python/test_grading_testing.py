"""kubesim.testing: the assertion helpers pass on what is right and, on what is wrong, say
what was expected, what the simulation did, and why."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

import kubesim as ks
from kubesim.testing import (
    KubesimAssertionError,
    assert_pods,
    assert_rollout_respects,
    assert_runs_on_every_node,
    assert_schedule_fires,
    explain_comparison,
    nodes_of,
    pod_count,
    pods_of,
)

RS = """\
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        resources: {requests: {cpu: "1"}}
"""

DS = """\
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      nodeSelector: {hardware: gpu}
      containers: [{name: agent, image: busybox}]
"""

CRON = """\
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup}
spec:
  schedule: "0 2 * * *"
  timeZone: Asia/Seoul
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: backup, image: busybox}]
"""

DEPLOY = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 4
  strategy:
    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.26"}]
"""


@pytest.fixture
def web() -> ks.Cluster:
    c = ks.Cluster()
    c.apply(RS)
    c.run()
    return c


def test_assert_pods_passes(web: ks.Cluster) -> None:
    pods = assert_pods(web, "replicaset/web", count=3, ready=True, running=3)
    assert len(pods) == 3
    assert_pods(web, "rs/web", nodes=["kind-worker", "kind-worker2", "kind-worker3"])


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"count": 4}, "expected: replicaset/web: 4 pod(s)"),
        ({"ready": 2}, "expected: replicaset/web: 2 ready"),
        ({"count": 3, "running": 1}, "expected: replicaset/web: 3 pod(s), 1 Running"),
        ({"nodes": ["kind-worker"]}, "expected: replicaset/web: on kind-worker"),
    ],
)
def test_assert_pods_fails_with_what_and_why(web: ks.Cluster, kwargs: dict, expected: str) -> None:
    with pytest.raises(KubesimAssertionError) as info:
        assert_pods(web, "replicaset/web", lang="en", **kwargs)
    text = str(info.value)
    assert text.splitlines()[0] == expected
    assert (
        "the simulation: 3 pod(s), 3 ready, 3 Running, on kind-worker, kind-worker2, kind-worker3"
        in text
    )
    assert "why:" in text
    assert ("  - replicaset/web asks for 3 (spec.replicas)" in text) == (
        "count" in kwargs and kwargs["count"] != 3
    )


def test_pending_pods_are_explained_by_the_scheduler() -> None:
    c = ks.Cluster(workers=1)
    c.apply(RS.replace("replicas: 3", "replicas: 6").replace('cpu: "1"', 'cpu: "3"'))
    c.run()
    with pytest.raises(KubesimAssertionError) as info:
        assert_pods(c, "replicaset/web", ready=True, lang="en")
    text = str(info.value)
    assert "is Pending" in text
    assert (
        "kind-control-plane: the node has the taint node-role.kubernetes.io/control-plane:NoSchedule"
        in text
    )


def test_missing_workload_names_what_is_there(web: ks.Cluster) -> None:
    with pytest.raises(KubesimAssertionError) as info:
        assert_runs_on_every_node(web, "daemonset/web", lang="en")
    assert str(info.value).splitlines() == [
        "expected: daemonset/web in the cluster",
        "the simulation: the cluster has replicaset/web",
        "why:",
        "  - web was applied as a ReplicaSet, not as the kind DaemonSet asks for",
    ]


def test_replicas_are_not_a_pod_per_node(web: ks.Cluster) -> None:
    with pytest.raises(KubesimAssertionError) as info:
        assert_runs_on_every_node(web, "replicaset/web", lang="en")
    text = str(info.value)
    assert "the simulation: pods on 3 node(s): kind-worker, kind-worker2, kind-worker3" in text
    assert "only a DaemonSet runs one pod on every (matching) node" in text
    # Only the workers asked for: it passes.
    assert set(
        assert_runs_on_every_node(
            web, "replicaset/web", nodes=["kind-worker", "kind-worker2", "kind-worker3"]
        )
    ) == {
        "kind-worker",
        "kind-worker2",
        "kind-worker3",
    }


def test_daemonset_placement_reasons_in_both_languages() -> None:
    c = ks.Cluster(workers=1)
    c.add_node("gpu-1", labels={"hardware": "gpu"})
    c.apply(DS)
    c.run()
    for lang, reason in [
        ("en", "kind-worker: nodeSelector wants hardware=gpu, the node has no label hardware"),
        ("ko", "kind-worker: "),
    ]:
        with pytest.raises(KubesimAssertionError) as info:
            assert_runs_on_every_node(c, "daemonset/agent", lang=lang)
        text = str(info.value)
        assert reason in text
        assert ("기대한 결과" in text) == (lang == "ko")


def test_node_set_and_pod_count_compare_like_their_values(web: ks.Cluster) -> None:
    s = nodes_of(web, "replicaset/web")
    assert s == {"kind-worker", "kind-worker2", "kind-worker3"}
    assert "kind-worker" in s
    assert nodes_of(web, "daemonset/none") == set()
    n = pod_count(web, "replicaset/web")
    assert n == 3
    assert n + 1 == 4
    assert pod_count(web, "replicaset/web", ready=True) == 3
    assert repr(s) == "NodeSet(['kind-worker', 'kind-worker2', 'kind-worker3'])"


def test_explain_comparison(web: ks.Cluster) -> None:
    lines = explain_comparison("==", nodes_of(web, "replicaset/web"), {"kind-worker"})
    assert lines is not None
    assert any("kind-worker2: web-" in line and "should not run there" in line for line in lines)
    lines = explain_comparison("==", pod_count(web, "replicaset/web"), 5)
    assert lines is not None
    assert lines[0] == "3 == 5"
    assert "expected: replicaset/web: pods == 5" in lines
    lines = explain_comparison("in", "kind-control-plane", nodes_of(web, "replicaset/web"))
    assert lines is not None
    assert "expected: a pod of replicaset/web on each of 1 node(s): kind-control-plane" in lines
    assert explain_comparison("==", 1, 2) is None


def test_pods_of_follows_owners(web: ks.Cluster) -> None:
    assert [p.owner for p in pods_of(web, "replicaset/web")] == ["replicaset/web"] * 3


def test_schedule_fires_in_its_time_zone() -> None:
    [cj] = ks.load(CRON)
    schedule = assert_schedule_fires(
        cj,
        at=["2026-01-01T02:00:00+09:00", "2025-12-31T17:00:00Z"],
        not_at=["2026-01-01T02:00:00Z"],
        between=("2026-01-01T00:00:00+09:00", "2026-01-04T00:00:00+09:00"),
        count=3,
    )
    assert schedule.time_zone == "Asia/Seoul"
    c = ks.Cluster()
    c.apply(CRON)
    assert_schedule_fires(c, "cronjob/backup", at=[datetime(2026, 1, 1, 17, tzinfo=timezone.utc)])


def test_schedule_failures_say_when_it_runs() -> None:
    [cj] = ks.load(CRON)
    with pytest.raises(KubesimAssertionError) as info:
        assert_schedule_fires(cj, at=["2026-01-01T02:00:00Z"], lang="en")
    text = str(info.value)
    assert "the simulation: '0 2 * * *' (Asia/Seoul): " in text
    assert (
        "2026-01-01T02:00:00+00:00: no run; the runs around it are "
        "2026-01-01T02:00:00+09:00 and 2026-01-02T02:00:00+09:00"
    ) in text
    [suspended] = ks.load(
        CRON.replace("timeZone: Asia/Seoul", "timeZone: Asia/Seoul\n  suspend: true")
    )
    with pytest.raises(KubesimAssertionError, match=r"spec\.suspend is true"):
        assert_schedule_fires(suspended, at=["2026-01-01T02:00:00+09:00"])
    with pytest.raises(KubesimAssertionError) as info:
        assert_schedule_fires(
            cj,
            between=("2026-01-01T00:00:00+09:00", "2026-01-02T00:00:00+09:00"),
            times=["2026-01-01T03:00:00+09:00"],
            lang="ko",
        )
    text = str(info.value)
    assert "2026-01-01T03:00:00+09:00: 실행되어야 하는데 실행되지 않습니다" in text
    assert "2026-01-01T02:00:00+09:00: 예상하지 않은 실행" in text


def test_rollout_limits_are_checked_on_every_step() -> None:
    c = ks.Cluster()
    c.apply(RS)
    # A ReplicaSet starting from nothing has no pod available at first.
    with pytest.raises(KubesimAssertionError) as info:
        assert_rollout_respects(
            c, "replicaset/web", max_surge=0, max_unavailable=1, timeout="30s", lang="en"
        )
    text = str(info.value)
    assert "0 available, fewer than 2 = 3 replicas - maxUnavailable 1" in text
    assert "replicaset-controller create pod/web-" in text


def test_rollout_that_never_finishes_times_out() -> None:
    c = ks.Cluster()
    c.apply(RS)
    with pytest.raises(KubesimAssertionError, match="to finish within 5s"):
        assert_rollout_respects(
            c, "replicaset/web", max_surge=0, max_unavailable=3, timeout="5s", lang="en"
        )


def test_rollout_of_a_deployment_respects_its_strategy() -> None:
    c = ks.Cluster()
    c.apply(DEPLOY)
    c.run()
    c.apply(DEPLOY.replace("nginx:1.26", "nginx:1.27"))
    samples = assert_rollout_respects(c, "deployment/web")
    assert max(s.total for s in samples) == 5
    assert min(s.available for s in samples) == 4


ROLLING_DS = """\
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 1}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      tolerations: [{operator: Exists}]
      containers: [{name: agent, image: "busybox:1.36"}]
"""


def test_rollout_of_a_daemonset_respects_max_unavailable() -> None:
    c = ks.Cluster()
    c.apply(ROLLING_DS)
    c.run()
    c.apply(ROLLING_DS.replace("1.36", "1.37"))
    samples = assert_rollout_respects(c, "daemonset/agent")
    assert min(s.available for s in samples) == 3
    assert samples[-1].available == 4
    c.apply(ROLLING_DS.replace("1.36", "1.38"))
    with pytest.raises(KubesimAssertionError) as info:
        assert_rollout_respects(c, "daemonset/agent", max_unavailable=0, lang="en")
    text = str(info.value)
    assert "3 available, fewer than 4 = 4 replicas - maxUnavailable 0" in text
    assert "daemonset-controller delete pod/agent-" in text
