"""Lesson 05 (Korean): Job and CronJob, following section 14 of the course notes (seed 004)."""

CELLS = [
    (
        "md",
        """
# 05. Job과 CronJob

강의 노트 **14. Job과 CronJob**을 kubesim으로 따라가 봅니다.

- **Job**: 하나 이상의 Pod를 실행하고 **정상 종료를 보장**하는 리소스 (일회성 작업)
- **CronJob**: **스케줄에 따라 주기적으로 Job을 실행**하는 리소스

kubesim의 시계는 가상 시계라서, 일주일 동안 매일 새벽 2시에 도는 백업도 몇 초 만에 지켜볼 수 있습니다.
""",
    ),
    (
        "md",
        """
## 14.1 Job (일회성 작업)

노트의 `data-processing` Job입니다. 10개가 성공해야 하고(`completions`), 한 번에 3개씩(`parallelism`) 실행하며,
4번까지 재시도하고(`backoffLimit`), 600초 안에 끝나야 합니다(`activeDeadlineSeconds`).
""",
    ),
    (
        "code",
        """
import kubesim as ks

job_yaml = '''
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
'''
c = ks.Cluster()
c.apply(job_yaml)
""",
    ),
    (
        "md",
        """
`kubectl apply` 직후에는 아직 아무 일도 일어나지 않았습니다. 컨트롤러가 한 번 돌면(`c.run()` 없이 1초만 진행)
Job 컨트롤러가 `parallelism`만큼 Pod 3개를 만듭니다. API 서버가 붙여 준 레이블 `job-name`으로 Pod를 찾을 수 있습니다.
""",
    ),
    (
        "code",
        """
c.advance("1s")
print(c.kubectl("get pods -l job-name=data-processing"))
running = c.pods(selector="job-name=data-processing")
assert len(running) == 3
""",
    ),
    (
        "md",
        """
Pod마다 5초쯤 걸리는 작업이라고 하면(kubesim의 배치 Pod 기본값), 3개씩 네 번에 나눠 10개를 채웁니다.
`kubectl get jobs`의 COMPLETIONS가 `10/10`이 되면 Job은 **Complete**입니다.
""",
    ),
    (
        "code",
        """
c.run()
print(c.kubectl("get jobs"))
job = c.get("job/data-processing")
print("succeeded:", job.status.succeeded)
for cond in job.status.conditions:
    print(cond.type, cond.reason, "-", cond.message)
assert job.status.succeeded == 10
""",
    ),
    (
        "md",
        """
조건(condition)이 두 개입니다. 먼저 **SuccessCriteriaMet**(성공 기준 충족)이 붙고, 남은 Pod가 모두 정리되면
**Complete**가 붙습니다 (Kubernetes v1.31부터의 동작).

### 상태: Active, Succeeded, Failed

Job의 `status`는 실행 중(`active`), 성공(`succeeded`), 실패(`failed`) Pod 수를 셉니다. 이번에는 스크립트가 자꾸 실패한다고 해 봅시다.
`set_behavior`로 이 Job의 컨테이너가 3초 뒤 종료 코드 1로 끝나게 합니다.
""",
    ),
    (
        "code",
        """
c = ks.Cluster()
c.set_behavior(selector="job-name=data-processing", run_for="3s", exit_code=1)
c.apply(job_yaml)
c.run("30m")
print(c.kubectl("get jobs"))
job = c.get("job/data-processing")
for cond in job.status.conditions:
    print(cond.type, cond.reason, "-", cond.message)
print("failed:", job.status.failed)
""",
    ),
    (
        "md",
        """
`restartPolicy: OnFailure`라서 Pod는 새로 만들어지지 않고 **같은 Pod 안에서 컨테이너가 재시작**됩니다
(kubelet의 CrashLoopBackOff). Job 컨트롤러는 실행 중인 Pod들의 재시작 횟수를 더해 `backoffLimit`(4)에 닿으면
Job을 **Failed**(`BackoffLimitExceeded`)로 만들고 남은 Pod를 멈춥니다. 이벤트에서 과정을 볼 수 있습니다.
""",
    ),
    (
        "code",
        """
for e in c.events():
    if e.object.startswith("job/"):
        print(e.type, e.reason, e.message)
""",
    ),
    (
        "md",
        """
### restartPolicy: Never 와 지수 백오프

`restartPolicy: Never`이면 실패한 Pod는 그대로 남고, Job 컨트롤러가 **새 Pod**를 만듭니다. 이때 바로 만들지 않고
**10초, 20초, 40초, ...** 처럼 두 배씩 늘어나는 시간(최대 10분)을 기다립니다. 공식 문서에는 "최대 6분"이라고 적혀 있지만,
컨트롤러 코드(`DefaultJobPodFailureBackOff = 10s`, `MaxJobPodFailureBackOff = 10m`)는 10분입니다.
""",
    ),
    (
        "code",
        """
never_yaml = job_yaml.replace("OnFailure", "Never")
c = ks.Cluster()
c.set_behavior(selector="job-name=data-processing", run_for="3s", exit_code=1)
c.apply(never_yaml)
c.run("30m")
print(c.kubectl("get pods -l job-name=data-processing"))
creates = [s for s in c.trace() if s.actor == "job-controller" and s.verb == "create"]
for s in creates:
    print(s.time.strftime("%H:%M:%S"), s.target)
job = c.get("job/data-processing")
print("failed:", job.status.failed, "->", job.status.conditions[-1].reason)
""",
    ),
    (
        "md",
        """
처음 3개가 동시에 실패하면 백오프가 바로 길어집니다. 실패가 `backoffLimit`(4)을 넘는 순간 Job은 실패합니다.

### activeDeadlineSeconds

작업이 너무 오래 걸리면 어떻게 될까요? Pod 하나가 4분씩 걸린다고 하면, 3개씩 네 번은 600초 안에 끝나지 않습니다.
""",
    ),
    (
        "code",
        """
c = ks.Cluster()
c.set_behavior(selector="job-name=data-processing", run_for="4m")
c.apply(job_yaml)
c.advance("15m")
job = c.get("job/data-processing")
print(c.kubectl("get jobs"))
for cond in job.status.conditions:
    print(cond.type, cond.reason, cond.last_transition_time)
assert job.status.conditions[-1].reason == "DeadlineExceeded"
""",
    ),
    (
        "md",
        """
시작 후 정확히 600초(00:10:00)에 **FailureTarget**이 붙고, 멈춘 Pod가 사라진 1초 뒤 **Failed**가 됩니다.

### 컨트롤러는 왜 그렇게 했을까?

`ks.reconcile`은 컨트롤러 한 번의 판단을 보여 줍니다. 처음 본 Job에 대해 Job 컨트롤러가 무엇을 하는지, 이유와 함께 봅시다.
""",
    ),
    (
        "code",
        """
[job] = ks.load(job_yaml)
for action in ks.reconcile(job, lang="ko"):
    print(action.verb, action.target, "-", action.reason)
""",
    ),
    (
        "md",
        """
## 14.2 CronJob (주기적 작업)

노트의 `backup` CronJob입니다. 매일 오전 2시(`0 2 * * *`)에 Job을 만들고, 성공한 Job은 3개, 실패한 Job은 1개만 남깁니다.

### Cron 표현식

노트의 표를 kubesim의 `CronSchedule`로 확인해 봅시다. Kubernetes와 같은 규칙(robfig/cron v3)으로 해석합니다.
""",
    ),
    (
        "code",
        """
from datetime import datetime, timezone

start = datetime(2026, 1, 1, tzinfo=timezone.utc)
for expr in ["0 2 * * *", "0 */6 * * *", "30 18 * * 1", "0 0 1 * *"]:
    s = ks.CronSchedule(expr)
    nexts = [t.strftime("%m-%d %H:%M") for t in s.next_n(start, 3)]
    print(f"{expr:14} {s.describe('ko'):24} {nexts}")
""",
    ),
    (
        "code",
        """
cron_yaml = '''
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
'''
c = ks.Cluster()
c.apply(cron_yaml)
print(c.kubectl("get cronjobs"))
""",
    ),
    (
        "md",
        """
### 일주일을 몇 초 만에

`c.advance("7d")`는 가상 시계를 7일 앞으로 옮깁니다. 시뮬레이터는 할 일이 있는 시각(매일 02:00:00.1, Pod의 시작과 끝)에만 깨어나므로 금방 끝납니다.
""",
    ),
    (
        "code",
        """
import time

t0 = time.perf_counter()
trace = c.advance("7d")
print(f"7일을 {time.perf_counter() - t0:.3f}초에 시뮬레이션했습니다 (단계 {len(trace)}개)")
print(c.kubectl("get cronjobs"))
print(c.kubectl("get jobs"))
""",
    ),
    (
        "md",
        """
Job 이름은 `<CronJob 이름>-<예약 시각을 에포크부터 센 분>`입니다. 같은 시각에 Job이 두 번 만들어지지 않도록 하는 장치입니다.
`successfulJobsHistoryLimit: 3` 때문에 7개 중 가장 최근 3개만 남았습니다.
""",
    ),
    (
        "code",
        """
for j in c.objects("jobs"):
    minutes = int(j.name.rsplit("-", 1)[1])
    scheduled = datetime.fromtimestamp(minutes * 60, tz=timezone.utc)
    print(j.name, "->", scheduled.isoformat())
cj = c.get("cronjob/backup")
print("lastScheduleTime:", cj.status.last_schedule_time)
print("lastSuccessfulTime:", cj.status.last_successful_time)
""",
    ),
    (
        "md",
        """
### 타임라인

지워진 Job과 Pod까지, 일주일 동안 무엇이 언제 실행되었는지 그려 봅니다. 초록색은 성공, 빨간색은 실패입니다.
백업 한 번은 몇 초면 끝나므로 막대가 가늘게 보입니다. (그래프 글자는 한글 글꼴이 없어도 보이도록 영어로 씁니다.)
""",
    ),
    (
        "code",
        """
from kubesim.display import plot_timeline

plot_timeline(c, title="backup CronJob, 7 days");
""",
    ),
    (
        "md",
        """
### 지금 한 번 실행하기: kubectl create job --from

다음 새벽 2시까지 기다리지 않고 백업을 지금 돌릴 수 있습니다. CronJob의 `jobTemplate`으로 Job을 만듭니다.
""",
    ),
    (
        "code",
        """
print(c.kubectl("create job backup-manual --from=cronjob/backup"))
c.advance("1m")
print(c.kubectl("get jobs"))
manual = c.get("job/backup-manual")
print(manual.annotations["cronjob.kubernetes.io/instantiate"])
""",
    ),
    (
        "md",
        """
### 백업이 실패한다면: failedJobsHistoryLimit

백업 도구가 매번 실패하도록 바꾸면, 실패한 Job은 `failedJobsHistoryLimit: 1`에 따라 가장 최근 것 하나만 남습니다.
타임라인에서 실패(빨간색)와 재시작을 볼 수 있습니다.
""",
    ),
    (
        "code",
        """
c = ks.Cluster()
c.set_behavior(image="backup-tool", run_for="20s", exit_code=2)
c.apply(cron_yaml)
c.advance("3d")
print(c.kubectl("get jobs"))
plot_timeline(c, kinds=("Job",), title="failing backup, 3 days");
""",
    ),
    (
        "md",
        """
### concurrencyPolicy

이전 실행이 아직 끝나지 않았는데 다음 시각이 오면? `Allow`(기본값)는 동시에 실행하고,
`Forbid`는 이번 실행을 건너뛰며, `Replace`는 이전 Job을 지우고 새로 시작합니다.
매분 실행되는데 한 번에 90초 걸리는 작업으로 비교해 봅시다.
""",
    ),
    (
        "code",
        """
tick_yaml = '''
apiVersion: batch/v1
kind: CronJob
metadata:
  name: tick
spec:
  schedule: "* * * * *"
  concurrencyPolicy: {policy}
  successfulJobsHistoryLimit: 10
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: tick
              image: busybox
          restartPolicy: Never
'''
for policy in ["Allow", "Forbid", "Replace"]:
    c = ks.Cluster()
    c.set_behavior(selector="job-name", run_for="90s")
    c.apply(tick_yaml.format(policy=policy))
    c.advance("5m30s")
    names = [j.name for j in c.objects("jobs")]
    reasons = sorted({e.reason for e in c.events() if e.object == "cronjob/tick"})
    print(f"{policy:8} Job {len(names)}개, 이벤트: {reasons}")
""",
    ),
    (
        "md",
        """
## 연습 문제

### 연습 5-1: 서울 시각으로 새벽 2시

`backup` CronJob이 **서울 시각(Asia/Seoul) 매일 오전 2시**에 실행되게 하세요.
지금 YAML은 UTC 기준 오전 2시(서울 오전 11시)에 실행됩니다.
""",
    ),
    (
        "edit",
        "5-1",
        """
seoul_yaml = '''
apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: backup
              image: backup-tool:v1
          restartPolicy: OnFailure
'''
""",
        """
seoul_yaml = '''
apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: "0 2 * * *"
  timeZone: Asia/Seoul
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: backup
              image: backup-tool:v1
          restartPolicy: OnFailure
'''
""",
    ),
    (
        "check",
        "5-1",
        """
from kubesim.exercises import check
from kubesim.testing import assert_manifest_ok, assert_schedule_fires


def at_two_in_seoul():
    [cj] = assert_manifest_ok(seoul_yaml, kind="CronJob", lang="ko")
    assert_schedule_fires(
        cj,
        at=["2026-01-02T02:00:00+09:00"],
        not_at=["2026-01-02T02:00:00+00:00"],
        between=("2026-01-01T00:00:00+09:00", "2026-01-08T00:00:00+09:00"),
        count=7,
        lang="ko",
    )


check("연습 5-1", at_two_in_seoul)
""",
    ),
    (
        "md",
        """
### 연습 5-2: 5개씩 병렬로

`data-processing` Job이 **10개**를 완료하되 **동시에 5개씩** 실행되게 하세요(작업 하나에 30초).
확인 셀은 Job을 끝까지 돌리고, 어느 순간에도 실행 중인 Pod가 5개를 넘지 않았는지, 5개까지 올라갔는지 봅니다.
""",
    ),
    (
        "edit",
        "5-2",
        """
batch_yaml = '''
apiVersion: batch/v1
kind: Job
metadata:
  name: data-processing
spec:
  completions: 10
  parallelism: 1
  template:
    spec:
      containers:
        - name: processor
          image: processor:v1
      restartPolicy: OnFailure
'''
""",
        """
batch_yaml = '''
apiVersion: batch/v1
kind: Job
metadata:
  name: data-processing
spec:
  completions: 10
  parallelism: 5
  template:
    spec:
      containers:
        - name: processor
          image: processor:v1
      restartPolicy: OnFailure
'''
""",
    ),
    (
        "check",
        "5-2",
        """
from kubesim.exercises import check, expect

jobs = ks.Cluster(lang="ko")
jobs.set_behavior(image="processor", run_for="30s")


def most_running_at_once(cluster):
    spans = [s for s in cluster.timeline() if s["kind"] == "Pod"]
    moments = sorted({s["start"] for s in spans})
    return max(
        (sum(1 for s in spans if s["start"] <= t and (s["end"] is None or s["end"] > t)) for t in moments),
        default=0,
    )


def ten_done_five_at_a_time():
    jobs.apply(batch_yaml)
    jobs.run()
    job = jobs.get("job/data-processing")
    done = job.status.get("succeeded") or 0
    expect(done == 10, f"성공한 Pod가 {done}개입니다. completions는 10이어야 합니다")
    most = most_running_at_once(jobs)
    expect(most == 5, f"동시에 실행된 Pod가 최대 {most}개였습니다. 5개여야 합니다 (parallelism)")


check("연습 5-2", ten_done_five_at_a_time)
""",
    ),
]
