"""Jobs and CronJobs from Python: the scenarios of the course's Job and CronJob section
(seed 004), kubectl, the timeline, one reconcile, and seeded failures."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kubesim as ks
from conftest import yaml_blocks

# The manifests of seed 004_2ce743013d2b7bb7.txt, section 14 (checked against the seed,
# tests/fixtures/course/, below).
DATA_PROCESSING = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: data-processing
spec:
  completions: 10        # 성공해야 하는 Pod 수
  parallelism: 3         # 동시 실행 Pod 수
  backoffLimit: 4        # 재시도 횟수
  activeDeadlineSeconds: 600  # 최대 실행 시간
  template:
    spec:
      containers:
        - name: processor
          image: processor:v1
          command: [ "python", "process.py" ]
      restartPolicy: OnFailure
"""

BACKUP = """\
apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: "0 2 * * *"  # 매일 오전 2시
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: backup
              image: backup-tool:v1
              command: [ "bash", "backup.sh" ]
          restartPolicy: OnFailure
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 1
"""

UTC = timezone.utc
START = datetime(2026, 1, 1, tzinfo=UTC)


def minutes(t: datetime) -> int:
    return int(t.timestamp()) // 60


def test_the_manifests_are_the_seeds(seeds) -> None:
    text = (seeds / "004_2ce743013d2b7bb7.txt").read_text(encoding="utf-8")
    blocks = [b for _, b in yaml_blocks(text)]
    assert DATA_PROCESSING in blocks
    assert BACKUP in blocks


def test_data_processing_runs_ten_pods_three_at_a_time() -> None:
    c = ks.Cluster()
    assert c.apply(DATA_PROCESSING) == ["job.batch/data-processing created"]
    most = 0
    for _ in range(120):
        c.advance("1s")
        running = [
            p
            for p in c.pods(selector="job-name=data-processing")
            if p.phase in ("Pending", "Running")
        ]
        most = max(most, len(running))
    assert most == 3
    job = c.get("job/data-processing")
    assert job.status.succeeded == 10
    assert [cond.type for cond in job.status.conditions] == ["SuccessCriteriaMet", "Complete"]
    assert job.status.conditions[1].reason == "CompletionsReached"
    out = c.kubectl("get jobs")
    assert out.splitlines()[0].split() == ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"]
    assert out.splitlines()[1].split()[:3] == ["data-processing", "Complete", "10/10"]
    assert len(c.pods(selector="job-name=data-processing")) == 10


def test_data_processing_fails_after_four_restarts_when_the_script_crashes() -> None:
    c = ks.Cluster()
    c.set_behavior(selector="job-name=data-processing", run_for="5s", exit_code=1)
    c.apply(DATA_PROCESSING)
    c.run("1h")
    job = c.get("job/data-processing")
    failed = [cond for cond in job.status.conditions if cond.type == "Failed"]
    assert failed[0].reason == "BackoffLimitExceeded"
    assert failed[0].message == "Job has reached the specified backoff limit"
    # restartPolicy OnFailure: the containers restart in place; the Job fails when the
    # restarts add up to backoffLimit=4, and the running pods are stopped.
    assert c.pods(selector="job-name=data-processing") == []
    assert any(e.reason == "BackoffLimitExceeded" for e in c.events())


def test_data_processing_hits_its_deadline_when_the_work_is_slow() -> None:
    c = ks.Cluster()
    c.set_behavior(selector="job-name=data-processing", run_for="4m")
    c.apply(DATA_PROCESSING)
    c.advance("20m")
    job = c.get("job/data-processing")
    target, failed = job.status.conditions
    assert (target.type, failed.type) == ("FailureTarget", "Failed")
    assert target.reason == failed.reason == "DeadlineExceeded"
    # Three waves of four minutes do not fit in ten: the deadline passes at 600 s, and
    # the Job is Failed once its stopped pods are gone, a second later.
    assert target.last_transition_time == "2026-01-01T00:10:00Z"
    assert failed.last_transition_time == "2026-01-01T00:10:01Z"
    assert 3 <= job.status.succeeded < 10


def test_a_week_of_backups_keeps_the_last_three() -> None:
    c = ks.Cluster()
    c.apply(BACKUP)
    c.advance("7d")
    jobs = c.objects("jobs")
    days = [START + timedelta(days=d, hours=2) for d in (4, 5, 6)]
    assert [j.name for j in jobs] == [f"backup-{minutes(t)}" for t in days]
    cj = c.get("cronjob/backup")
    assert cj.status.last_schedule_time == "2026-01-07T02:00:00Z"
    assert cj.status.last_successful_time.startswith("2026-01-07T02:00:")
    lines = c.kubectl("get cronjobs").splitlines()
    assert lines[0].split() == [
        "NAME",
        "SCHEDULE",
        "TIMEZONE",
        "SUSPEND",
        "ACTIVE",
        "LAST",
        "SCHEDULE",
        "AGE",
    ]
    assert lines[1].split() == [
        "backup",
        "0",
        "2",
        "*",
        "*",
        "*",
        "<none>",
        "False",
        "0",
        "22h",
        "7d",
    ]


def test_failed_backups_keep_only_the_last_one() -> None:
    c = ks.Cluster()
    c.set_behavior(image="backup-tool", run_for="10s", exit_code=2)
    c.apply(BACKUP)
    c.advance("3d")
    jobs = c.objects("jobs")
    assert len(jobs) == 1
    assert jobs[0].status.conditions[-1].reason == "BackoffLimitExceeded"
    assert c.get("cronjob/backup").status.get("last_successful_time") is None


def test_advance_wakes_only_when_something_is_due() -> None:
    c = ks.Cluster()
    c.apply(BACKUP)
    trace = c.advance("3d")
    assert c.now == START + timedelta(days=3)
    creates = [s for s in trace if s.actor == "cronjob-controller" and s.verb == "create"]
    assert sorted({s.target for s in creates}) == sorted(
        f"job/backup-{minutes(START + timedelta(days=d, hours=2))}" for d in range(3)
    )
    assert len(trace) < 100


def test_create_job_from_the_cronjob_runs_a_backup_now() -> None:
    c = ks.Cluster()
    c.apply(BACKUP)
    assert (
        c.kubectl("kubectl create job backup-manual --from=cronjob/backup")
        == "job.batch/backup-manual created\n"
    )
    c.advance("1m")
    job = c.get("job/backup-manual")
    assert job.annotations["cronjob.kubernetes.io/instantiate"] == "manual"
    [owner] = job.metadata.owner_references
    assert (owner.kind, owner.name, owner.controller) == ("CronJob", "backup", True)
    assert job.status.succeeded == 1
    with pytest.raises(ks.KubectlError, match="either --image or --from"):
        c.kubectl("create job x")
    with pytest.raises(ks.KubectlError, match="NotFound"):
        c.kubectl("create job x --from=cronjob/nightly")


def test_timeline_covers_deleted_jobs() -> None:
    c = ks.Cluster()
    c.apply(BACKUP)
    c.advance("5d")
    spans = c.timeline()
    jobs = [s for s in spans if s["kind"] == "Job"]
    assert len(jobs) == 5
    assert {s["outcome"] for s in spans} == {"Complete", "Succeeded"}
    assert all(s["start"] < s["end"] for s in spans)
    assert jobs[0]["start"] == START + timedelta(hours=2, milliseconds=100)
    assert all(s["owner"] == "cronjob/backup" for s in jobs)


def test_timeline_plot_draws_a_bar_per_job_and_pod() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from kubesim.display import plot_timeline

    c = ks.Cluster()
    c.apply(BACKUP)
    c.advance("4d")
    ax = plot_timeline(c, title="backup")
    assert len(ax.patches) == 8
    assert ax.get_title() == "backup"
    assert next(t.get_text() for t in ax.get_yticklabels()).startswith("job/backup-")


def test_reconcile_a_job_by_hand() -> None:
    [job] = ks.load(DATA_PROCESSING)
    actions = ks.reconcile(job, now="2026-01-01T00:00:00Z", lang="ko")
    creates = [a for a in actions if a.verb == "create"]
    assert len(creates) == 3
    assert creates[0].target == "pod/data-processing-"
    assert "Pod를 만듭니다" in creates[0].reason
    pod = creates[0].detail
    assert pod["metadata"]["finalizers"] == ["batch.kubernetes.io/job-tracking"]
    assert pod["metadata"]["labels"]["batch.kubernetes.io/job-name"] == "data-processing"


def test_reconcile_a_cronjob_at_its_time() -> None:
    [cj] = ks.load(BACKUP)
    cj_dict = cj.to_dict()
    cj_dict["metadata"]["creationTimestamp"] = "2026-01-01T00:00:00Z"
    actions = ks.reconcile(cj_dict, now="2026-01-01T02:00:00.100Z")
    [create] = [a for a in actions if a.verb == "create"]
    assert create.target == f"job/backup-{minutes(START + timedelta(hours=2))}"
    assert "is due at 2026-01-01T02:00:00Z" in create.reason
    early = ks.reconcile(cj_dict, now="2026-01-01T01:00:00Z")
    assert [a for a in early if a.verb == "create"] == []


def test_seeded_failures_replay_exactly() -> None:
    def run(seed: int) -> list[tuple[str, str]]:
        c = ks.Cluster(seed=seed)
        c.set_behavior(
            selector="job-name=data-processing", fail_rate=0.3, run_for=("5s", "30s"), seed=seed
        )
        c.apply(DATA_PROCESSING.replace("OnFailure", "Never"))
        c.run("1h")
        return [(s["name"], s["outcome"]) for s in c.timeline()]

    assert run(7) == run(7)
    assert run(7) != run(8)
    outcomes = {o for _, o in run(7)}
    assert "Failed" in outcomes or "Succeeded" in outcomes


def test_set_behavior_rejects_a_rate_that_is_not_a_probability() -> None:
    c = ks.Cluster()
    with pytest.raises(ValueError, match="probability"):
        c.set_behavior(selector="a=b", fail_rate=1.5)


@settings(max_examples=15, deadline=None)
@given(
    completions=st.integers(1, 8),
    parallelism=st.integers(1, 4),
    fail_rate=st.floats(0.0, 0.6),
    seed=st.integers(0, 10_000),
)
def test_jobs_never_run_more_than_parallelism(
    completions: int, parallelism: int, fail_rate: float, seed: int
) -> None:
    c = ks.Cluster(seed=seed)
    c.set_behavior(selector="job-name=w", fail_rate=fail_rate, run_for=("2s", "20s"), seed=seed)
    c.apply(
        f"""
apiVersion: batch/v1
kind: Job
metadata: {{name: w}}
spec:
  completions: {completions}
  parallelism: {parallelism}
  backoffLimit: 3
  template:
    spec:
      restartPolicy: Never
      containers: [{{name: w, image: busybox}}]
"""
    )
    for _ in range(200):
        c.advance("5s")
        running = [p for p in c.pods(selector="job-name=w") if p.phase in ("Pending", "Running")]
        assert len(running) <= parallelism
        status = c.get("job/w").status
        assert (status.get("succeeded") or 0) <= completions
        if any(cond.type in ("Complete", "Failed") for cond in status.get("conditions") or []):
            break
    else:
        pytest.fail("the Job never finished")
