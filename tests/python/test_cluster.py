"""The simulator from Python: the ReplicaSet lesson's scenarios, kubectl, explain, reconcile."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

import kubesim as ks

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
RS = EXAMPLES / "frontend-replicaset.yaml"


@pytest.fixture
def cluster() -> ks.Cluster:
    c = ks.Cluster()
    assert c.apply(RS) == ["replicaset.apps/frontend created"]
    c.run()
    return c


def names(pods: list[ks.Pod]) -> set[str]:
    return {p.name for p in pods if p.name}


def test_default_topology_is_like_kind() -> None:
    c = ks.Cluster()
    assert c.node_names() == ["kind-control-plane", "kind-worker", "kind-worker2", "kind-worker3"]
    cp = c.get("node/kind-control-plane")
    assert cp.labels["node-role.kubernetes.io/control-plane"] == ""
    assert cp.spec.taints[0].key == "node-role.kubernetes.io/control-plane"
    assert cp.status.allocatable["cpu"] == "4"
    assert c.now == datetime(2026, 1, 1, tzinfo=timezone.utc)


def test_replicaset_keeps_three_pods_on_the_workers(cluster: ks.Cluster) -> None:
    pods = cluster.pods(owner="replicaset/frontend")
    assert len(pods) == 3
    assert all(p.phase == "Running" and p.ready for p in pods)
    assert sorted(p.node or "" for p in pods) == ["kind-worker", "kind-worker2", "kind-worker3"]
    assert all(p.owner == "replicaset/frontend" for p in pods)
    rs = cluster.get("rs/frontend")
    assert rs.status.ready_replicas == 3


def test_a_deleted_pod_is_replaced(cluster: ks.Cluster) -> None:
    before = names(cluster.pods())
    victim = sorted(before)[0]
    cluster.delete(f"pod/{victim}")
    trace = cluster.run()
    after = names(cluster.pods())
    assert len(after) == 3
    assert victim not in after
    creates = [s for s in trace.steps if s.actor == "replicaset-controller" and s.verb == "create"]
    assert len(creates) == 1
    assert "wants 3 replicas and has 2" in creates[0].reason


def test_scale_up_then_down_says_which_pods_go_and_why(cluster: ks.Cluster) -> None:
    original = names(cluster.pods())
    cluster.kubectl("scale rs frontend --replicas=5")
    cluster.run()
    assert len(cluster.pods()) == 5
    cluster.kubectl("kubectl scale rs/frontend --replicas=2")
    trace = cluster.run()
    deletes = [s for s in trace.steps if s.verb == "delete" and s.actor == "replicaset-controller"]
    assert len(deletes) == 3
    assert all("first because" in s.reason for s in deletes)
    left = names(p for p in cluster.pods() if p.phase == "Running")
    assert len(left) == 2
    assert left <= original


def test_removing_a_worker_moves_its_pods(cluster: ks.Cluster) -> None:
    on_worker = names(cluster.pods(node="kind-worker"))
    assert len(on_worker) == 1
    cluster.remove_node("kind-worker")
    cluster.run()
    pods = cluster.pods()
    assert len(pods) == 3
    assert all(p.node in {"kind-worker2", "kind-worker3"} for p in pods)
    assert not on_worker & names(pods)


def test_a_stray_pod_with_the_label_is_adopted(cluster: ks.Cluster) -> None:
    cluster.kubectl("run stray --image=nginx")
    cluster.label("pod/stray", {"tier": "frontend"})
    trace = cluster.run()
    owned = cluster.pods(owner="replicaset/frontend")
    assert len(owned) == 3
    assert any(s.target == "pod/stray" and "adopt" in s.reason for s in trace.steps)


def test_kubectl_output_has_kubectls_columns(cluster: ks.Cluster) -> None:
    out = cluster.kubectl("get pods -o wide")
    header = out.splitlines()[0].split()
    assert header[:5] == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert "NODE" in header
    assert cluster.kubectl("get rs").splitlines()[0].split() == [
        "NAME",
        "DESIRED",
        "CURRENT",
        "READY",
        "AGE",
    ]
    with pytest.raises(ks.KubectlError, match="NotFound"):
        cluster.kubectl("get pod nope")


def test_unschedulable_pod_explained_node_by_node() -> None:
    c = ks.Cluster()
    c.apply(
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": "big"},
            "spec": {
                "containers": [
                    {"name": "c", "image": "nginx", "resources": {"requests": {"cpu": "8"}}}
                ]
            },
        }
    )
    c.run()
    [pod] = c.pods()
    assert pod.phase == "Pending"
    [event] = [e for e in c.events() if e.reason == "FailedScheduling"]
    assert event.type == "Warning"
    assert event.message.startswith(
        "0/4 nodes are available: 1 node(s) had untolerated taint "
        "{node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu."
    )
    text = c.explain("pod/big")
    assert "Pending" in text
    assert all(name in text for name in c.node_names())


def test_crash_loop_backoff_with_a_behavior_rule() -> None:
    c = ks.Cluster()
    c.set_behavior(image="busybox", run_for="5s", exit_code=1)
    c.kubectl("run crash --image=busybox")
    c.advance("2m")
    [pod] = c.pods()
    assert pod.restarts >= 3
    assert pod.status_text in {"CrashLoopBackOff", "Running", "Error"}
    assert any(e.reason == "BackOff" for e in c.events())


def test_node_down_evicts_after_the_default_toleration(cluster: ks.Cluster) -> None:
    cluster.node_down("kind-worker2")
    cluster.advance("299s")
    assert all(p.get("metadata").get("deletion_timestamp") is None for p in cluster.pods())
    cluster.advance("10s")
    cluster.run()
    ready = [p for p in cluster.pods() if p.ready]
    assert len(ready) == 3
    assert all(p.node != "kind-worker2" for p in ready)


def test_same_seed_same_names() -> None:
    def run(seed: int) -> list[str]:
        c = ks.Cluster(seed=seed)
        c.apply(RS)
        c.run()
        return sorted(names(c.pods()))

    assert run(3) == run(3)
    assert run(3) != run(4)


def test_reconcile_is_the_controller_alone() -> None:
    [rs] = ks.load(RS)
    actions = ks.reconcile(rs, observed=[])
    creates = [a for a in actions if a.verb == "create"]
    assert len(creates) == 3
    assert all(a.target == "pod/frontend-" for a in creates)
    assert creates[0].detail["metadata"]["labels"] == {"tier": "frontend"}
    ko = ks.reconcile(rs, lang="ko")
    assert "복제본" in ko[0].reason


def test_trace_and_html(cluster: ks.Cluster) -> None:
    trace = cluster.trace()
    assert len(trace) > 0
    assert "kind-worker" in cluster._repr_html_()
    assert "<table>" in trace._repr_html_()
    assert "TIME" in str(trace)
    records = trace.to_records()
    assert {"time", "actor", "verb", "target", "reason"} <= set(records[0])


def test_cli_simulate_prints_pods_and_events(capsys: pytest.CaptureFixture[str]) -> None:
    from kubesim.cli import main

    assert main(["simulate", str(RS)]) == 0
    out = capsys.readouterr().out
    running = [line for line in out.splitlines() if " Running " in line]
    assert len(running) == 3
    assert not any("kind-control-plane" in line for line in running)
    assert "SuccessfulCreate" in out


def test_rust_log_records_reach_python_logging(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    with caplog.at_level(logging.DEBUG, logger="kubesim"):
        c = ks.Cluster()
        c.apply(RS)
        c.run()
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("kubesim.")]
    assert any("run settled at" in m for m in messages), messages
