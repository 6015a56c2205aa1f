"""Lesson: DaemonSets (the instructor's tests).

Students hand in two files:

- node-exporter.yaml: a DaemonSet ``node-exporter`` that runs on every node, the
  control-plane included (it needs a toleration for the control-plane's taint);
- gpu-monitor.yaml: a DaemonSet ``gpu-monitor`` that runs only on nodes labelled
  ``hardware: gpu``.

Grade one student (from examples/grading/):

    pytest test_daemonset.py --submission submissions/correct

Grade the class:

    kubesim grade test_daemonset.py --submissions submissions
"""

import pytest

from kubesim.grading import partial, points
from kubesim.testing import assert_runs_on_every_node, nodes_of

GPU_NODES = [
    {"name": "gpu-1", "labels": {"hardware": "gpu"}},
    {"name": "gpu-2", "labels": {"hardware": "gpu"}},
    {"name": "cpu-1", "labels": {"hardware": "cpu"}},
]


@points(1)
def test_valid(submission):
    """Both files are valid manifests"""
    submission.file("node-exporter.yaml")
    submission.file("gpu-monitor.yaml")
    submission.assert_valid()


@points(1)
def test_node_exporter_is_a_daemonset(submission):
    """node-exporter.yaml holds a DaemonSet named node-exporter"""
    submission.object("DaemonSet", "node-exporter", file="node-exporter.yaml")


@points(3)
def test_node_exporter_on_every_node(submission, cluster):
    """node-exporter runs on every node, the control-plane too"""
    cluster.apply(submission.file("node-exporter.yaml"))
    cluster.run()
    try:
        assert_runs_on_every_node(cluster, "daemonset/node-exporter")
    except AssertionError as everywhere:
        workers = [n for n in cluster.node_names() if "control-plane" not in n]
        assert_runs_on_every_node(cluster, "daemonset/node-exporter", nodes=workers)
        partial(2, everywhere)


@points(1, visibility="hidden")
def test_new_node_gets_a_pod(submission, cluster):
    """A node that joins later gets a node-exporter pod"""
    cluster.apply(submission.file("node-exporter.yaml"))
    cluster.run()
    cluster.add_node("kind-worker4")
    cluster.run()
    assert "kind-worker4" in nodes_of(cluster, "daemonset/node-exporter")


@points(3)
@pytest.mark.cluster(nodes=GPU_NODES)
def test_gpu_monitor_only_on_gpu_nodes(submission, cluster):
    """gpu-monitor runs on the hardware=gpu nodes and nowhere else"""
    cluster.apply(submission.file("gpu-monitor.yaml"))
    cluster.run()
    assert_runs_on_every_node(cluster, "daemonset/gpu-monitor", nodes=["gpu-1", "gpu-2"])


@points(1, visibility="after_due_date")
@pytest.mark.cluster(nodes=GPU_NODES)
def test_gpu_monitor_leaves_a_relabelled_node(submission, cluster):
    """gpu-monitor leaves a node that is no longer labelled hardware=gpu"""
    cluster.apply(submission.file("gpu-monitor.yaml"))
    cluster.run()
    cluster.label("node/gpu-2", {"hardware": None})
    cluster.run()
    assert nodes_of(cluster, "daemonset/gpu-monitor") == {"gpu-1"}
