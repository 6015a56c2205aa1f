"""Node placement from Python: tolerations and the DaemonSet controller's per-node verdict."""

from __future__ import annotations

import pytest

import kubesim as ks

CONTROL_PLANE = {
    "apiVersion": "v1",
    "kind": "Node",
    "metadata": {
        "name": "kind-control-plane",
        "labels": {"node-role.kubernetes.io/control-plane": ""},
    },
    "spec": {"taints": [{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]},
}
GPU_NODE = {
    "apiVersion": "v1",
    "kind": "Node",
    "metadata": {"name": "gpu-1", "labels": {"hardware": "gpu"}},
}
WORKER = {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "kind-worker"}}

FLUENTD = """
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd
  namespace: kube-system
spec:
  selector:
    matchLabels: {app: fluentd}
  template:
    metadata:
      labels: {app: fluentd}
    spec:
      containers:
      - name: fluentd
        image: fluentd:v1.16
"""

TOLERATION = """
      tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
"""


@pytest.mark.parametrize(
    ("tolerations", "taint", "expected"),
    [
        (
            [{"key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}],
            "dedicated=gpu:NoSchedule",
            True,
        ),
        ([{"key": "dedicated", "value": "gpu"}], "dedicated=gpu:NoExecute", True),
        ([{"key": "dedicated", "value": "cpu"}], "dedicated=gpu:NoSchedule", False),
        ([{"key": "dedicated", "operator": "Exists"}], "dedicated=anything:NoSchedule", True),
        ([{"operator": "Exists"}], "whatever:NoExecute", True),
        ([{"operator": "Exists", "effect": "NoSchedule"}], "whatever:NoExecute", False),
        ([], "k:NoSchedule", False),
        ({"key": "k", "operator": "Exists"}, {"key": "k", "effect": "PreferNoSchedule"}, True),
        ([{"key": "gen", "operator": "Gt", "value": "3"}], "gen=5:NoSchedule", False),
        (None, "k:NoSchedule", False),
    ],
)
def test_tolerates(tolerations, taint, expected):
    assert ks.tolerates(tolerations, taint) is expected


@pytest.mark.parametrize("bad", ["k", "k=v", "k=v:Sometimes", ":NoSchedule"])
def test_malformed_taints_raise(bad):
    with pytest.raises(ValueError, match="invalid taint spec"):
        ks.tolerates([], bad)


def test_wrong_argument_types_raise():
    with pytest.raises(TypeError):
        ks.tolerates("not a list", "k:NoSchedule")
    with pytest.raises(TypeError):
        ks.tolerates([], 42)


def test_fluentd_skips_the_control_plane_until_it_tolerates_the_taint():
    [ds] = ks.load(FLUENTD)
    [cp] = ks.load(CONTROL_PLANE)
    p = ks.should_run_daemon_pod(cp, ds)
    assert isinstance(p, ks.Placement)
    assert (p.should_run, p.should_continue_running) == (False, True)
    assert "node-role.kubernetes.io/control-plane:NoSchedule" in p.reasons[0]
    assert len(p.reasons_ko) == len(p.reasons)
    [tolerating] = ks.load(FLUENTD + TOLERATION)
    ok = ks.should_run_daemon_pod(cp, tolerating)
    assert (ok.should_run, ok.should_continue_running, ok.reasons) == (True, True, [])
    assert ks.should_run_daemon_pod(WORKER, ds).should_run


def test_node_selector_and_dicts():
    ds = {
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {"name": "gpu-agent"},
        "spec": {
            "selector": {"matchLabels": {"app": "gpu-agent"}},
            "template": {
                "metadata": {"labels": {"app": "gpu-agent"}},
                "spec": {
                    "nodeSelector": {"hardware": "gpu"},
                    "containers": [{"name": "a", "image": "a"}],
                },
            },
        },
    }
    assert ks.should_run_daemon_pod(GPU_NODE, ds).should_run
    no = ks.should_run_daemon_pod(WORKER, ds)
    assert not no.should_run
    assert not no.should_continue_running
    assert "hardware=gpu" in no.reasons[0]
    assert "should_run=False" in repr(no)


def test_no_execute_taint_evicts_and_cordon_does_not():
    [ds] = ks.load(FLUENTD)
    tainted = dict(WORKER, spec={"taints": [{"key": "maintenance", "effect": "NoExecute"}]})
    p = ks.should_run_daemon_pod(tainted, ds)
    assert (p.should_run, p.should_continue_running) == (False, False)
    cordoned = dict(WORKER, spec={"unschedulable": True})
    assert ks.should_run_daemon_pod(cordoned, ds).should_run


def test_wrong_kinds_raise():
    [ds] = ks.load(FLUENTD)
    with pytest.raises(TypeError, match="expected a Node"):
        ks.should_run_daemon_pod(ds, ds)
    with pytest.raises(TypeError):
        ks.should_run_daemon_pod("node", ds)


def test_daemon_pod_tolerations():
    keys = [t["key"] for t in ks.daemon_pod_tolerations()]
    assert keys == [
        "node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable",
        "node.kubernetes.io/disk-pressure",
        "node.kubernetes.io/memory-pressure",
        "node.kubernetes.io/pid-pressure",
        "node.kubernetes.io/unschedulable",
    ]
    assert "node-role.kubernetes.io/control-plane" not in keys
    with_net = ks.daemon_pod_tolerations(host_network=True)
    assert with_net[-1]["key"] == "node.kubernetes.io/network-unavailable"
    assert all(t["operator"] == "Exists" for t in with_net)
