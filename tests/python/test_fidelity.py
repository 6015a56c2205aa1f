"""Issue 16 through the Python surface: empty manifests, update validation, null as unset,
the reconcile decision (requeue and events)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

import kubesim as ks
from kubesim.grading import Submission

DEPLOY = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.27"}]
"""


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n---\n"])
def test_an_empty_manifest_is_no_objects_passed_to_apply(text: str) -> None:
    report = ks.check(text)
    assert report.codes == ["no-objects"]
    assert not report.ok
    assert "no objects passed to apply" in str(report)
    with pytest.raises(ks.ManifestError):
        ks.load(text)


def test_an_empty_submission_is_not_valid(tmp_path: Path) -> None:
    (tmp_path / "daemonset.yaml").write_text("# TODO\n")
    with pytest.raises(pytest.fail.Exception, match="no objects passed to apply"):
        Submission(tmp_path).assert_valid()


def test_check_against_the_previous_version_refuses_immutable_changes() -> None:
    changed = DEPLOY.replace("{app: web}", "{app: web2}")
    report = ks.check(changed, old=DEPLOY)
    [d] = report.errors
    assert d.code == "invalid-update"
    assert d.path == "spec.selector"
    assert d.message.endswith("field is immutable")
    assert d.line == 6
    # Without the old version it is a fine manifest, and an allowed change passes.
    assert ks.check(changed).ok
    assert ks.check(DEPLOY.replace("replicas: 2", "replicas: 5"), old=ks.load(DEPLOY)).ok
    ko = ks.check(changed, old=DEPLOY, lang="ko")
    assert "바꿀 수 없는 필드" in ko.errors[0].message


def test_cluster_apply_and_kubectl_apply_refuse_an_immutable_change(tmp_path: Path) -> None:
    c = ks.Cluster()
    c.apply(DEPLOY)
    changed = DEPLOY.replace("{app: web}", "{app: web2}")
    with pytest.raises(ks.ManifestError) as info:
        c.apply(changed)
    assert info.value.diagnostics[0].code == "invalid-update"
    path = tmp_path / "web.yaml"
    path.write_text(changed)
    with pytest.raises(ks.KubectlError, match=r'The Deployment "web" is invalid: spec\.selector: '):
        c.kubectl(f"apply -f {path}")
    assert c.apply(DEPLOY) == ["deployment.apps/web unchanged"]


def test_json_null_means_unset() -> None:
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p", "labels": None},
        "spec": {
            "containers": [{"name": "a", "image": "busybox:1.36", "env": None}],
            "affinity": {
                "nodeAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": None}
                }
            },
        },
    }
    [loaded] = ks.load(pod)
    assert loaded.labels == {}
    assert ks.tolerates({"key": "k", "operator": "Exists", "value": None}, "k=v:NoSchedule")


def test_reconcile_returns_the_requeue_delay_and_the_events() -> None:
    rs = ks.load(
        DEPLOY.replace("kind: Deployment", "kind: ReplicaSet").replace(
            "replicas: 2", "replicas: 2\n  minReadySeconds: 30"
        )
    )[0]
    decision = ks.reconcile(rs, observed=[])
    assert isinstance(decision, list)
    assert isinstance(decision, ks.Decision)
    creates = [a for a in decision if a.verb == "create"]
    assert len(creates) == 2
    event = creates[0].event
    assert event is not None
    assert (event.type, event.reason, event.object) == (
        "Normal",
        "SuccessfulCreate",
        "replicaset/web",
    )
    assert event.message.startswith("Created pod: web-")
    assert "SuccessfulCreate" in str(event)
    status = [a for a in decision if a.verb == "update-status"]
    assert all(a.event is None for a in status)
    assert decision.requeue_after is None or isinstance(decision.requeue_after, timedelta)


def test_a_job_with_a_deadline_asks_to_be_looked_at_again() -> None:
    job = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "pi", "uid": "u-1"},
        "spec": {
            "activeDeadlineSeconds": 600,
            "template": {
                "spec": {"restartPolicy": "Never", "containers": [{"name": "pi", "image": "perl"}]}
            },
        },
        "status": {"startTime": "2026-01-01T00:00:00Z"},
    }
    decision = ks.reconcile(job, now="2026-01-01T00:01:00Z")
    assert decision.requeue_after == timedelta(seconds=540)
    assert "requeue_after=datetime.timedelta(seconds=540)" in repr(decision)
