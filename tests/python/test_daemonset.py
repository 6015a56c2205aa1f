"""DaemonSets from Python: the scenarios of the course's DaemonSet notes (seeds 000-003),
explanations node by node, the cost table, kubectl, reconcile, and properties."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kubesim as ks

# Seed 001: fluentd in kube-system with the old `master` toleration.
FLUENTD = """
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd-elasticsearch
  namespace: kube-system
spec:
  selector:
    matchLabels:
      name: fluentd-elasticsearch
  template:
    metadata:
      labels:
        name: fluentd-elasticsearch
    spec:
      tolerations:
      - key: node-role.kubernetes.io/master
        effect: NoSchedule
      containers:
      - name: fluentd-elasticsearch
        image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2
        resources:
          requests:
            cpu: 100m
            memory: 200Mi
"""
FLUENTD_CP = FLUENTD.replace(
    "node-role.kubernetes.io/master", "node-role.kubernetes.io/control-plane"
)

# Seed 001, section 4: only nodes labelled hardware=gpu.
GPU = """
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: gpu-monitor
spec:
  selector:
    matchLabels:
      app: gpu-monitor
  template:
    metadata:
      labels:
        app: gpu-monitor
    spec:
      nodeSelector:
        hardware: gpu
      containers:
      - name: monitor
        image: nvidia/dcgm-exporter:3.3
"""

NS = "kube-system"
WORKERS = {"kind-worker", "kind-worker2", "kind-worker3"}


def nodes_of(c: ks.Cluster, name: str, namespace: str = NS) -> list[str]:
    return sorted(
        p.node or "" for p in c.pods(owner=f"daemonset/{name}", namespace=namespace) if p.ready
    )


def test_fluentd_skips_the_control_plane_with_the_old_master_toleration() -> None:
    c = ks.Cluster()
    c.apply(FLUENTD)
    c.run()
    assert set(nodes_of(c, "fluentd-elasticsearch")) == WORKERS
    why = c.explain("daemonset/fluentd-elasticsearch", namespace=NS)
    assert (
        "- kind-control-plane: no daemon pod: the node has the taint node-role.kubernetes.io/control-plane:NoSchedule"
        in why
    )


def test_fluentd_on_every_node_once_it_tolerates_the_control_plane_taint() -> None:
    c = ks.Cluster()
    c.apply(FLUENTD_CP)
    c.run()
    assert set(nodes_of(c, "fluentd-elasticsearch")) == WORKERS | {"kind-control-plane"}
    ds = c.get("ds/fluentd-elasticsearch", namespace=NS)
    s = ds.status
    assert (s.desired_number_scheduled, s.current_number_scheduled, s.number_ready) == (4, 4, 4)
    assert (s.updated_number_scheduled, s.number_available, s.number_misscheduled) == (4, 4, 0)
    assert s.observed_generation == ds.metadata.generation


def test_gpu_node_selector() -> None:
    c = ks.Cluster(workers=2)
    c.add_node("gpu-1", labels={"hardware": "gpu"}, cpu="8", memory="32Gi")
    c.apply(GPU)
    c.run()
    assert nodes_of(c, "gpu-monitor", "default") == ["gpu-1"]
    why = c.explain("ds/gpu-monitor")
    assert (
        "- kind-worker: no daemon pod: nodeSelector wants hardware=gpu, the node has no label hardware"
        in why
    )
    c.label("node/kind-worker2", {"hardware": "gpu"})
    c.run()
    assert nodes_of(c, "gpu-monitor", "default") == ["gpu-1", "kind-worker2"]
    c.label("node/kind-worker2", {"hardware": None})
    c.run()
    assert nodes_of(c, "gpu-monitor", "default") == ["gpu-1"]


def test_a_new_node_gets_its_pod_and_a_removed_node_loses_it() -> None:
    c = ks.Cluster(system=False)  # counts every DaemonSet pod: no kube-proxy
    c.apply(FLUENTD)
    c.run()
    c.add_node("kind-worker4")
    trace = c.run()
    creates = [s for s in trace.steps if s.actor == "daemonset-controller" and s.verb == "create"]
    assert len(creates) == 1
    assert "node kind-worker4 should run a pod" in creates[0].reason
    assert set(nodes_of(c, "fluentd-elasticsearch")) == WORKERS | {"kind-worker4"}
    c.remove_node("kind-worker")
    c.run()
    assert set(nodes_of(c, "fluentd-elasticsearch")) == WORKERS - {"kind-worker"} | {"kind-worker4"}
    assert len(c.pods(owner="daemonset/fluentd-elasticsearch", namespace=NS)) == 3


def test_a_no_execute_taint_evicts_the_daemon_pod() -> None:
    c = ks.Cluster()
    c.apply(FLUENTD)
    c.run()
    c.taint("kind-worker2", "maintenance=true:NoExecute")
    c.run()
    assert set(nodes_of(c, "fluentd-elasticsearch")) == WORKERS - {"kind-worker2"}
    assert any(e.reason == "TaintManagerEviction" for e in c.events())
    assert "maintenance=true:NoExecute" in c.explain("ds/fluentd-elasticsearch", namespace=NS)
    c.untaint("kind-worker2", "maintenance:NoExecute")
    c.run()
    assert set(nodes_of(c, "fluentd-elasticsearch")) == WORKERS


def test_a_no_schedule_taint_leaves_the_pod_but_counts_it_misscheduled() -> None:
    c = ks.Cluster()
    c.apply(FLUENTD)
    c.run()
    c.kubectl("taint nodes kind-worker3 dedicated=db:NoSchedule")
    c.run()
    assert set(nodes_of(c, "fluentd-elasticsearch")) == WORKERS
    s = c.get("ds/fluentd-elasticsearch", namespace=NS).status
    assert (s.desired_number_scheduled, s.number_misscheduled) == (2, 1)
    assert "counted as misscheduled" in c.explain("ds/fluentd-elasticsearch", namespace=NS)


def test_cordoned_nodes_still_run_daemon_pods() -> None:
    c = ks.Cluster()
    c.cordon("kind-worker")
    c.apply(FLUENTD)
    c.run()
    assert set(nodes_of(c, "fluentd-elasticsearch")) == WORKERS
    with pytest.raises(ks.KubectlError, match="--ignore-daemonsets") as refused:
        c.kubectl("drain kind-worker2")
    assert str(refused.value).startswith('error: unable to drain node "kind-worker2"')
    # kubectl cordons before it looks at the pods, so the refused drain leaves it cordoned.
    assert "SchedulingDisabled" in c.kubectl("get node kind-worker2")
    out = c.kubectl("drain kind-worker2 --ignore-daemonsets")
    assert "node/kind-worker2 already cordoned" in out
    assert "node/kind-worker2 drained" in out


def test_daemon_pods_are_pinned_with_match_fields_and_get_the_tolerations() -> None:
    c = ks.Cluster()
    c.apply(FLUENTD)
    c.run()
    pod = c.pods(owner="daemonset/fluentd-elasticsearch", namespace=NS, node="kind-worker")[0]
    terms = pod.spec.affinity.node_affinity.required_during_scheduling_ignored_during_execution.node_selector_terms
    assert terms[0].match_fields[0].to_dict() == {
        "key": "metadata.name",
        "operator": "In",
        "values": ["kind-worker"],
    }
    keys = {(t.key, t.effect) for t in pod.spec.tolerations}
    assert {(t["key"], t["effect"]) for t in ks.daemon_pod_tolerations()} <= keys
    assert pod.labels["pod-template-generation"] == "1"
    assert pod.labels["controller-revision-hash"]


def test_pending_daemon_pod_uses_the_failed_scheduling_wording() -> None:
    c = ks.Cluster(workers=1)
    c.apply(FLUENTD.replace("cpu: 100m", 'cpu: "6"'))
    c.run()
    [pod] = c.pods(owner="daemonset/fluentd-elasticsearch", namespace=NS)
    assert pod.phase == "Pending"
    why = c.explain(f"pod/{pod.name}", namespace=NS)
    assert (
        "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't satisfy plugin(s) [NodeAffinity]."
        in why
    )
    events = [e for e in c.events() if e.reason == "FailedScheduling"]
    assert events
    assert events[0].message.startswith("0/2 nodes are available")


def test_rolling_update_and_rollout_status() -> None:
    c = ks.Cluster()
    c.apply(FLUENTD)
    c.run()
    out = c.kubectl(
        "set image ds/fluentd-elasticsearch fluentd-elasticsearch=fluentd:v2.6.0 -n kube-system"
    )
    assert out == "daemonset.apps/fluentd-elasticsearch image updated\n"
    trace = c.run()
    steps = [(s.verb, s.target) for s in trace.steps if s.actor == "daemonset-controller"]
    assert [v for v, _ in steps] == ["delete", "create"] * 3
    assert all(
        p.image == "fluentd:v2.6.0"
        for p in c.pods(owner="daemonset/fluentd-elasticsearch", namespace=NS)
    )
    status = c.kubectl("rollout status ds/fluentd-elasticsearch -n kube-system")
    assert status == 'daemon set "fluentd-elasticsearch" successfully rolled out\n'
    table = c.kubectl("get ds -n kube-system")
    assert table.splitlines()[1].split()[:6] == ["fluentd-elasticsearch", "3", "3", "3", "3", "3"]


def test_cost_grows_with_the_node_count() -> None:
    totals = []
    for workers in (3, 6, 12):
        c = ks.Cluster(workers=workers, system=False)  # one DaemonSet: no kube-proxy
        c.apply(FLUENTD_CP)
        c.run()
        usage = c.resource_usage()
        [cost] = usage.daemonsets
        assert cost["nodes"] == workers + 1
        assert (cost["cpu_per_pod_m"], cost["memory_per_pod"]) == (100, 200 * 1024 * 1024)
        assert cost["cpu_total_m"] == 100 * (workers + 1)
        assert usage.total["cpu_daemonsets_m"] == cost["cpu_total_m"]
        assert len(usage.nodes) == workers + 1
        totals.append(cost["memory_total"])
        text = str(usage)
        assert text.splitlines()[0].split()[:3] == ["NODE", "CPU(requests)", "CPU%"]
        assert "kube-system/fluentd-elasticsearch" in text
        assert "<table>" in usage._repr_html_()
    assert totals == [4 * 200 * 1024 * 1024, 7 * 200 * 1024 * 1024, 13 * 200 * 1024 * 1024]


def test_reconcile_with_nodes_in_observed() -> None:
    [ds] = ks.load(FLUENTD_CP)
    nodes = [ks.Cluster().get(f"node/{n}") for n in ["kind-control-plane", "kind-worker"]]
    actions = ks.reconcile(ds, observed=nodes)
    creates = [a for a in actions if a.verb == "create"]
    assert [a.target for a in creates] == ["pod/fluentd-elasticsearch-"] * 2
    pinned = [
        a.detail["spec"]["affinity"]["nodeAffinity"][
            "requiredDuringSchedulingIgnoredDuringExecution"
        ]["nodeSelectorTerms"][0]["matchFields"][0]["values"]
        for a in creates
    ]
    assert pinned == [["kind-control-plane"], ["kind-worker"]]
    assert all(a.reason for a in actions)
    ko = ks.reconcile(ds, observed=nodes, lang="ko")
    assert "노드 kind-control-plane" in ko[0].reason


def test_explain_in_korean() -> None:
    c = ks.Cluster(lang="ko")
    c.apply(FLUENTD)
    c.run()
    why = c.explain("ds/fluentd-elasticsearch", namespace=NS)
    assert "데몬 Pod 없음" in why
    assert "control-plane taint는 포함되지 않습니다" in why


OPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.booleans()),
        st.tuples(st.just("remove"), st.integers(0, 7)),
        st.tuples(st.just("label"), st.integers(0, 7)),
        st.tuples(st.just("unlabel"), st.integers(0, 7)),
        st.tuples(st.just("taint"), st.integers(0, 7)),
        st.tuples(st.just("untaint"), st.integers(0, 7)),
        st.tuples(st.just("cordon"), st.integers(0, 7)),
        st.tuples(st.just("update"), st.integers(1, 9)),
    ),
    max_size=8,
)


@settings(max_examples=25, deadline=None)
@given(ops=OPS)
def test_never_two_and_every_eligible_node_has_one(ops: list[tuple[str, object]]) -> None:
    c = ks.Cluster(workers=2)
    c.apply(GPU)
    c.run()
    added = 0
    for op, arg in ops:
        names = c.node_names()
        if op not in ("add", "update") and not names:
            continue
        name = names[int(arg) % len(names)] if op not in ("add", "update") else ""
        if op == "add":
            added += 1
            c.add_node(f"extra-{added}", labels={"hardware": "gpu"} if arg else {})
        elif op == "remove":
            c.remove_node(name)
        elif op == "label":
            c.label(f"node/{name}", {"hardware": "gpu"})
        elif op == "unlabel":
            c.label(f"node/{name}", {"hardware": None})
        elif op == "taint":
            c.taint(name, "maintenance=true:NoExecute")
        elif op == "untaint":
            c.untaint(name, "maintenance:NoExecute")
        elif op == "cordon":
            c.cordon(name)
        elif op == "update":
            c.apply(GPU.replace("dcgm-exporter:3.3", f"dcgm-exporter:3.{arg}"))
        c.advance("1s")
        per_node = Counter(p.node for p in c.pods(owner="daemonset/gpu-monitor") if p.node)
        assert all(n <= 1 for n in per_node.values()), per_node
    c.run()
    ready = Counter(p.node for p in c.pods(owner="daemonset/gpu-monitor") if p.ready)
    ds = c.get("ds/gpu-monitor")
    eligible = {
        n for n in c.node_names() if ks.should_run_daemon_pod(c.get(f"node/{n}"), ds).should_run
    }
    assert set(ready) == eligible
    assert all(v == 1 for v in ready.values())
    assert ds.status.desired_number_scheduled == len(eligible)
