"""StatefulSets from Python: the seed scenarios (mysql with 3 replicas, scaling, a deleted
pod that comes back, a partitioned update), DNS, kubectl and one reconcile by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kubesim as ks

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MYSQL = EXAMPLES / "mysql-statefulset.yaml"
WEB = EXAMPLES / "web-statefulset.yaml"


def ordinal(name: str) -> int:
    return int(name.rsplit("-", 1)[1])


def pod_names(c: ks.Cluster, owner: str = "statefulset/mysql") -> list[str]:
    return sorted((p.name or "" for p in c.pods(owner=owner)), key=ordinal)


def claim_names(c: ks.Cluster) -> list[str]:
    return sorted((o.name or "" for o in c.objects("pvc")), key=ordinal)


def controller_steps(trace: ks.Trace, verb: str) -> list[str]:
    return [
        s.target.removeprefix("pod/")
        for s in trace.steps
        if s.actor == "statefulset-controller" and s.verb == verb and s.target.startswith("pod/")
    ]


@pytest.fixture
def mysql() -> ks.Cluster:
    c = ks.Cluster()
    assert c.apply(MYSQL) == ["service/mysql created", "statefulset.apps/mysql created"]
    c.run()
    return c


def test_mysql_names_order_claims_and_dns(mysql: ks.Cluster) -> None:
    assert pod_names(mysql) == ["mysql-0", "mysql-1", "mysql-2"]
    trace = mysql.trace()
    assert controller_steps(trace, "create") == ["mysql-0", "mysql-1", "mysql-2"]
    ready_at = {
        s.target.removeprefix("pod/"): s.time
        for s in trace.steps
        if s.actor == "kubelet" and s.reason == "containers running and ready"
    }
    created_at = {
        s.target.removeprefix("pod/"): s.time
        for s in trace.steps
        if s.actor == "statefulset-controller" and s.verb == "create"
    }
    assert ready_at["mysql-0"] <= created_at["mysql-1"]
    assert ready_at["mysql-1"] <= created_at["mysql-2"]
    assert claim_names(mysql) == ["data-mysql-0", "data-mysql-1", "data-mysql-2"]
    for pvc in mysql.objects("pvc"):
        assert pvc.status.phase == "Bound"
        assert pvc.spec.volume_name.startswith("pvc-")
        assert pvc.spec.storage_class_name == "standard"
    for p in mysql.pods(owner="statefulset/mysql"):
        assert p.labels["statefulset.kubernetes.io/pod-name"] == p.name
        assert p.labels["apps.kubernetes.io/pod-index"] == str(ordinal(p.name or ""))
        assert p.spec.hostname == p.name
        assert p.spec.subdomain == "mysql"
        assert mysql.dns(f"{p.name}.mysql") == p.status.pod_ip
        assert mysql.dns(f"{p.name}.mysql.default.svc.cluster.local") == p.status.pod_ip
    assert sorted(mysql.dns("mysql") or []) == sorted(
        p.status.pod_ip for p in mysql.pods(owner="statefulset/mysql")
    )
    assert mysql.dns("mysql-3.mysql") is None
    with pytest.raises(ks.NotFound, match="NXDOMAIN"):
        mysql.dns("mysql-3.mysql", strict=True)
    lookup = mysql.nslookup("mysql-0.mysql")
    assert "Name:\tmysql-0.mysql.default.svc.cluster.local" in lookup
    assert "NXDOMAIN" in mysql.nslookup("mysql-9.mysql")


def test_a_pod_is_not_in_dns_until_it_is_ready() -> None:
    c = ks.Cluster()
    c.apply(MYSQL)
    c.advance("1s")
    assert pod_names(c) == ["mysql-0"]
    assert c.dns("mysql-0.mysql") is None
    with pytest.raises(ks.NotFound, match="not ready"):
        c.dns("mysql-0.mysql", strict=True)
    c.run()
    assert c.dns("mysql-0.mysql") is not None


def test_scale_three_to_five_to_one(mysql: ks.Cluster) -> None:
    assert mysql.kubectl("scale sts mysql --replicas=5") == "statefulset.apps/mysql scaled\n"
    trace = mysql.run()
    assert controller_steps(trace, "create") == ["mysql-3", "mysql-4"]
    assert pod_names(mysql) == [f"mysql-{i}" for i in range(5)]
    mysql.kubectl("scale statefulset mysql --replicas=1")
    trace = mysql.run()
    assert controller_steps(trace, "delete") == ["mysql-4", "mysql-3", "mysql-2", "mysql-1"]
    assert pod_names(mysql) == ["mysql-0"]
    # Retain: every room keeps its luggage.
    assert claim_names(mysql) == [f"data-mysql-{i}" for i in range(5)]


def test_deleted_pod_returns_with_its_volume(mysql: ks.Cluster) -> None:
    before = mysql.get("pod/mysql-1")
    assert mysql.kubectl("delete pod mysql-1") == 'pod "mysql-1" deleted from default namespace\n'
    mysql.run()
    after = mysql.get("pod/mysql-1")
    assert after.metadata.uid != before.metadata.uid
    assert after.spec.volumes[0].to_dict() == before.spec.volumes[0].to_dict()
    assert after.spec.volumes[0].to_dict()["persistentVolumeClaim"]["claimName"] == "data-mysql-1"
    assert mysql.dns("mysql-1.mysql") == after.status.pod_ip
    assert claim_names(mysql) == ["data-mysql-0", "data-mysql-1", "data-mysql-2"]


def test_update_with_partition_one(mysql: ks.Cluster) -> None:
    sts = mysql.get("sts/mysql").to_dict()
    sts["spec"]["updateStrategy"] = {"type": "RollingUpdate", "rollingUpdate": {"partition": 1}}
    sts["spec"]["template"]["spec"]["containers"][0]["image"] = "mysql:8.4"
    assert mysql.apply(sts) == ["statefulset.apps/mysql configured"]
    trace = mysql.run()
    assert controller_steps(trace, "delete") == ["mysql-2", "mysql-1"]
    images = {p.name: p.spec.containers[0].image for p in mysql.pods(owner="statefulset/mysql")}
    assert images == {"mysql-0": "mysql:8.0", "mysql-1": "mysql:8.4", "mysql-2": "mysql:8.4"}
    status = mysql.get("sts/mysql").status
    assert status.current_revision != status.update_revision
    assert (status.current_replicas, status.updated_replicas) == (1, 2)
    out = mysql.kubectl("rollout status sts/mysql")
    assert out == "partitioned roll out complete: 2 new pods have been updated...\n"
    history = mysql.kubectl("rollout history statefulset/mysql")
    assert history.splitlines()[1:4] == [
        "REVISION  CHANGE-CAUSE",
        "1         <none>",
        "2         <none>",
    ]


def test_rollout_undo_goes_back(mysql: ks.Cluster) -> None:
    sts = mysql.get("sts/mysql").to_dict()
    sts["spec"]["template"]["spec"]["containers"][0]["image"] = "mysql:8.4"
    mysql.apply(sts)
    mysql.run()
    assert mysql.kubectl("rollout undo sts/mysql") == "statefulset.apps/mysql rolled back\n"
    mysql.run()
    assert {p.spec.containers[0].image for p in mysql.pods(owner="statefulset/mysql")} == {
        "mysql:8.0"
    }
    with pytest.raises(ks.KubectlError, match="unable to find specified revision 9"):
        mysql.kubectl("rollout undo sts/mysql --to-revision=9")


def test_get_sts_and_pvc_columns(mysql: ks.Cluster) -> None:
    assert mysql.kubectl("get sts").splitlines()[0].split() == ["NAME", "READY", "AGE"]
    header = mysql.kubectl("get pvc").splitlines()[0].split()
    assert header == [
        "NAME",
        "STATUS",
        "VOLUME",
        "CAPACITY",
        "ACCESS",
        "MODES",
        "STORAGECLASS",
        "VOLUMEATTRIBUTESCLASS",
        "AGE",
    ]


def test_forgotten_service_is_noted() -> None:
    c = ks.Cluster()
    text = MYSQL.read_text(encoding="utf-8").split("---")[1]
    c.apply(text)
    trace = c.run()
    notes = [s for s in trace.steps if s.actor == "kubesim" and s.verb == "warn"]
    assert len(notes) == 1
    assert "does not exist" in notes[0].reason
    assert [e.reason for e in c.events() if e.type == "Warning"] == ["NoGoverningService"]
    assert len(c.pods(owner="statefulset/mysql")) == 3
    assert c.dns("mysql-0.mysql") is None


def test_reconcile_by_hand_creates_the_claim_before_web_0() -> None:
    [_, sts] = ks.load(WEB)
    actions = ks.reconcile(sts, observed=[])
    verbs = [(a.verb, a.target.split("-")[0]) for a in actions]
    assert verbs == [
        ("create", "controllerrevision/web"),
        ("create", "persistentvolumeclaim/www"),
        ("create", "pod/web"),
        ("update-status", "statefulset/web"),
    ]
    assert actions[2].target == "pod/web-0"
    assert "lowest ordinal" in actions[2].reason
    ko = ks.reconcile(sts, observed=[], lang="ko")
    assert "가장 낮은 번호" in ko[2].reason


def test_the_website_web_example_runs(real_world: Path) -> None:
    c = ks.Cluster()
    c.apply(real_world / "website-application-web-web.yaml")
    c.run()
    assert pod_names(c, "statefulset/web") == ["web-0", "web-1"]
    assert claim_names(c) == ["www-web-0", "www-web-1"]


@settings(max_examples=15, deadline=None)
@given(first=st.integers(1, 5), second=st.integers(0, 5))
def test_scale_down_always_removes_the_highest_ordinal_first(first: int, second: int) -> None:
    c = ks.Cluster()
    c.apply(MYSQL.read_text(encoding="utf-8").replace("replicas: 3", f"replicas: {first}"))
    c.run()
    c.kubectl(f"scale sts mysql --replicas={second}")
    trace = c.run()
    deleted = controller_steps(trace, "delete")
    assert deleted == [f"mysql-{i}" for i in range(first - 1, second - 1, -1)]
    assert pod_names(c) == [f"mysql-{i}" for i in range(second)]
