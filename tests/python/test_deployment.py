"""Deployments from Python: fenceposts, the rollout plan, RolloutTrace, history and undo,
pause/resume/restart, a stuck rollout, ks.reconcile, and properties of the plan."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kubesim as ks

SEED_LINE = "v1.0 (3) → v1.0 (2) + v1.1 (1) → v1.0 (1) + v1.1 (2) → v1.1 (3)"

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: nginx
  strategy:
    rollingUpdate:
      maxSurge: {surge}
      maxUnavailable: {unavailable}
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.20
        imagePullPolicy: Always
"""


@pytest.fixture
def nginx() -> ks.Cluster:
    c = ks.Cluster()
    assert c.kubectl("create deployment nginx --image=nginx:1.20 --replicas=3") == (
        "deployment.apps/nginx created\n"
    )
    c.run()
    return c


@pytest.mark.parametrize(
    ("surge", "unavailable", "replicas", "expected"),
    [
        ("25%", "25%", 10, (3, 2)),
        ("25%", "25%", 3, (1, 0)),
        ("25%", "25%", 4, (1, 1)),
        (1, 1, 3, (1, 1)),
        (0, 0, 3, (0, 1)),
        ("0%", "0%", 0, (0, 1)),
        ("39%", "39%", 10, (4, 3)),
        ("100%", 0, 5, (5, 0)),
    ],
)
def test_resolve_fenceposts_rounds_like_kubernetes(
    surge: int | str, unavailable: int | str, replicas: int, expected: tuple[int, int]
) -> None:
    assert ks.resolve_fenceposts(surge, unavailable, replicas) == expected


@pytest.mark.parametrize("bad", ["oops", "5", "5.5%"])
def test_resolve_fenceposts_refuses_what_is_not_a_number_or_percentage(bad: str) -> None:
    with pytest.raises(ValueError, match="IntOrString"):
        ks.resolve_fenceposts(bad, "25%", 10)


def test_the_default_strategy_draws_the_seed_rollout() -> None:
    plan = ks.rolling_update_plan(3)
    assert plan.summary("v1.0", "v1.1") == SEED_LINE
    assert [(s.action, s.replica_set, s.scaled_from, s.scaled_to) for s in plan] == [
        ("create", "new", 0, 1),
        ("scale down", "old", 3, 2),
        ("scale up", "new", 1, 2),
        ("scale down", "old", 2, 1),
        ("scale up", "new", 2, 3),
        ("scale down", "old", 1, 0),
    ]
    assert plan.waves == 4
    assert "maxSurge=1 allows 4 pods in total" in plan[0].reason


def test_surge_and_unavailable_of_one_replace_two_at_once() -> None:
    plan = ks.rolling_update_plan(replicas=3, max_surge=1, max_unavailable=1)
    assert plan.summary("v1.0", "v1.1") == "v1.0 (3) → v1.0 (2) → v1.1 (2) → v1.1 (3)"
    assert max(s.total for s in plan) == 4
    assert min(s.available for s in plan) == 2


def test_plan_outputs_for_notebooks() -> None:
    plan = ks.rolling_update_plan(10, "25%", "25%", lang="ko")
    assert repr(plan).startswith("<RolloutPlan 10 replicas, maxSurge 25%, maxUnavailable 25%")
    assert "<table>" in plan._repr_html_()
    assert "maxSurge=3" in plan[0].reason
    assert "Pod" in plan[0].reason
    records = plan.to_records()
    assert records[0]["new"] == 3
    assert records[-1]["old"] == 0
    frame = plan.to_pandas()
    assert list(frame["wave"])[-1] == plan.waves - 1
    with pytest.raises(ValueError, match="replicas"):
        ks.rolling_update_plan(-1)


def test_set_image_returns_the_rollout_trace(nginx: ks.Cluster) -> None:
    trace = nginx.set_image("deployment/nginx", nginx="nginx:1.21")
    assert trace is not None
    assert trace.summary() == SEED_LINE.replace("v1.0", "nginx:1.20").replace("v1.1", "nginx:1.21")
    first, created = trace[0], trace[1]
    assert first.reason == "before the run"
    assert (first.old, first.new) == (3, 0)
    assert created.action.startswith("create nginx-")
    assert "maxSurge=1 allows 4 pods in total and 3 exist" in created.reason
    assert created.actions[0].actor == "deployment-controller"
    assert [rs["new"] for rs in created.replica_sets] == [False, True]
    assert created.changes[0]["created"] is True
    assert all(s.desired_total <= 4 and s.available >= 3 for s in trace)
    end = trace[-1]
    assert (end.old_pods, end.new_pods, end.new_available, end.unavailable) == (0, 3, 3, 0)
    assert trace.max_desired == 4
    assert trace.min_available == 3
    assert end.elapsed > 0
    assert "<table>" in trace._repr_html_()
    assert str(trace).startswith("deployment/nginx\n+0s")
    frame = trace.to_pandas()
    assert list(frame.columns[:4]) == ["time", "elapsed", "replicas", "old"]
    assert {p.image for p in nginx.pods()} == {"nginx:1.21"}


def test_the_trace_plots_old_versus_new_pods(nginx: ks.Cluster) -> None:
    import matplotlib

    matplotlib.use("Agg")
    trace = nginx.set_image("deployment/nginx", {"nginx": "nginx:1.21"})
    assert trace is not None
    ax = trace.plot()
    assert ax.get_title() == "deployment/nginx"
    assert [t.get_text() for t in ax.get_legend().get_texts()][:2] == [
        "old available",
        "old starting",
    ]


def test_history_undo_and_to_revision(nginx: ks.Cluster) -> None:
    nginx.set_image("deployment/nginx", nginx="nginx:1.21")
    nginx.set_image("deployment/nginx", nginx="nginx:1.22")
    assert [(r.revision, r.images) for r in nginx.rollout_history("deployment/nginx")] == [
        (1, ["nginx:1.20"]),
        (2, ["nginx:1.21"]),
        (3, ["nginx:1.22"]),
    ]
    trace = nginx.rollout_undo("deployment/nginx")
    assert trace is not None
    assert trace[-1].new_available == 3
    assert {p.image for p in nginx.pods()} == {"nginx:1.21"}
    nginx.rollout_undo("deployment/nginx", to_revision=1)
    assert {p.image for p in nginx.pods()} == {"nginx:1.20"}
    # Each rollback moves the revision forward: 2 became 4, then 1 became 5.
    assert [r.revision for r in nginx.rollout_history("deployment/nginx")] == [3, 4, 5]
    assert nginx.rollout_status("deployment/nginx") == 'deployment "nginx" successfully rolled out'
    with pytest.raises(ks.KubectlError, match="unable to find specified revision 9"):
        nginx.rollout_undo("deployment/nginx", to_revision=9)


def test_pause_resume_and_restart(nginx: ks.Cluster) -> None:
    nginx.rollout_pause("deployment/nginx")
    assert nginx.set_image("deployment/nginx", nginx="nginx:1.21", run=False) is None
    paused = nginx.rollout("deployment/nginx")
    assert all(s.new == 0 for s in paused), "nothing rolls out while paused"
    with pytest.raises(ks.KubectlError, match="can't restart paused deployment"):
        nginx.rollout_restart("deployment/nginx")
    with pytest.raises(ks.KubectlError, match="is already paused"):
        nginx.rollout_pause("deployment/nginx")
    nginx.rollout_resume("deployment/nginx")
    resumed = nginx.rollout("deployment/nginx")
    assert resumed[-1].new_available == 3
    restarted = nginx.rollout_restart("deployment/nginx")
    assert restarted is not None
    assert restarted[-1].new_available == 3
    template = nginx.get("deployment/nginx").spec.template
    assert "kubectl.kubernetes.io/restartedAt" in template.metadata.annotations


def test_a_stuck_rollout_reports_the_deadline_and_undo_recovers(nginx: ks.Cluster) -> None:
    nginx.set_behavior(image="nginx:1.99", image_pull="fail")
    trace = nginx.set_image("deployment/nginx", nginx="nginx:1.99", limit="15m")
    assert trace is not None
    stuck = [s for s in trace if s.progressing == "ProgressDeadlineExceeded"]
    assert stuck, "progressDeadlineSeconds (600) passes"
    assert 600 < stuck[0].elapsed <= 602
    assert (stuck[0].old_available, stuck[0].new_available) == (3, 0)
    with pytest.raises(ks.KubectlError, match="exceeded its progress deadline"):
        nginx.kubectl("rollout status deployment/nginx")
    events = {e.reason for e in nginx.events()}
    assert {"ScalingReplicaSet", "Failed"} <= events
    recovered = nginx.rollout_undo("deployment/nginx")
    assert recovered is not None
    assert recovered[-1].progressing == "NewReplicaSetAvailable"
    assert {p.image for p in nginx.pods() if p.phase == "Running"} == {"nginx:1.20"}


def test_recreate_has_downtime() -> None:
    c = ks.Cluster()
    c.apply(
        DEPLOYMENT.format(replicas=3, surge=1, unavailable=0).replace(
            "  strategy:\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0",
            "  strategy:\n    type: Recreate",
        )
    )
    c.run()
    trace = c.set_image("deployment/nginx", nginx="nginx:1.21")
    assert trace is not None
    assert min(s.available for s in trace) == 0
    assert trace.summary() == "nginx:1.20 (3) → (none available) → nginx:1.21 (3)"


def test_reconcile_shows_one_sync_with_reasons() -> None:
    c = ks.Cluster()
    c.apply(DEPLOYMENT.format(replicas=4, surge=1, unavailable=1))
    c.run()
    [old_rs] = c.objects("rs")
    deployment = c.get("deployment/nginx")
    changed = ks.load(
        deployment.to_yaml().replace("image: nginx:1.20", "image: nginx:1.21"),
    )[0]
    actions = ks.reconcile(changed, observed=[old_rs, *c.pods()], now=c.now)
    verbs = [(a.verb, a.target.split("-")[0]) for a in actions]
    assert verbs[:2] == [("create", "replicaset/nginx"), ("update", "replicaset/nginx")]
    assert actions[0].detail["spec"]["replicas"] == 1
    assert "maxUnavailable=1 keeps at least 3 pods available and 4 are" in actions[1].reason


@settings(max_examples=200, deadline=None)
@given(
    replicas=st.integers(min_value=0, max_value=60),
    surge=st.one_of(
        st.integers(0, 10), st.sampled_from(["0%", "10%", "25%", "33%", "50%", "100%"])
    ),
    unavailable=st.one_of(st.integers(0, 10), st.sampled_from(["0%", "10%", "25%", "50%", "100%"])),
)
def test_plans_keep_their_bounds_and_finish(
    replicas: int, surge: int | str, unavailable: int | str
) -> None:
    max_surge, max_unavailable = ks.resolve_fenceposts(surge, unavailable, replicas)
    max_unavailable = min(max_unavailable, replicas)
    plan = ks.rolling_update_plan(replicas, surge, unavailable)
    for step in plan:
        assert step.total <= replicas + max_surge
        assert step.available >= replicas - max_unavailable
    end = plan[-1]
    assert (end.old, end.new) == (0, replicas)


@settings(max_examples=100, deadline=None)
@given(
    replicas=st.integers(min_value=1, max_value=1000),
    percent=st.integers(min_value=0, max_value=100),
)
def test_surge_rounds_up_and_unavailable_rounds_down(replicas: int, percent: int) -> None:
    surge, unavailable = ks.resolve_fenceposts(f"{percent}%", f"{percent}%", replicas)
    exact = percent * replicas / 100
    assert surge == -(-percent * replicas // 100) >= exact
    if surge == 0:
        assert unavailable == 1
    else:
        assert unavailable == percent * replicas // 100 <= exact


def test_lesson_02_claims() -> None:
    """The numbers notebooks/02-deployment.ipynb states, checked here as well."""
    no_surge = ks.rolling_update_plan(5, 0, 1)
    no_unavailable = ks.rolling_update_plan(5, 1, 0)
    assert (max(s.total for s in no_surge), min(s.available for s in no_surge)) == (5, 4)
    assert (max(s.total for s in no_unavailable), min(s.available for s in no_unavailable)) == (
        6,
        5,
    )
    assert (no_surge.waves, no_unavailable.waves) == (5, 6)
    ten = ks.rolling_update_plan(10, "25%", "25%")
    assert ten.summary("v1", "v2") == "v1 (10) → v1 (8) → v1 (3) + v2 (5) → v2 (10)"
    assert max(s.total for s in ten) == 13
    assert min(s.available for s in ten) == 8

    c = ks.Cluster()
    c.apply(DEPLOYMENT.format(replicas=10, surge=3, unavailable=2).replace("nginx:1.20", "api:v1"))
    c.run()
    c.set_behavior(image="api:v2", ready="never")
    before = c.set_image("deployment/nginx", nginx="api:v2", limit="1m")
    assert before is not None
    assert (before[-1].old, before[-1].new) == (8, 5)
    c.kubectl("scale deployment nginx --replicas=15")
    after = c.rollout("deployment/nginx", limit="1m")
    assert (after[-1].old, after[-1].new) == (11, 7)
