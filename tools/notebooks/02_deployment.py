"""Lesson 02 (Korean): Deployments — rolling updates, maxSurge/maxUnavailable, Recreate,
a stuck rollout and rollback, history and --to-revision (course notes Part 4, section 11)."""

CELLS = [
    (
        "md",
        """
# 02. Deployment: 롤링 업데이트와 롤백

강의 노트(Part 4, 11장)는 Deployment를 이렇게 정의합니다.

> Deployment는 **ReplicaSet을 관리하면서 선언적 업데이트를 제공**한다.

이 노트북에서는 kubesim 클러스터에서 Deployment를 직접 만들고, 이미지를 바꾸고, 되돌리면서
`kube-controller-manager`의 Deployment 컨트롤러가 **어떤 순서로, 왜** ReplicaSet을 늘리고 줄이는지
한 단계씩 봅니다. 모든 숫자는 실제 컨트롤러(pkg/controller/deployment)의 계산을 그대로 따릅니다.
""",
    ),
    (
        "code",
        """
import kubesim as ks

c = ks.Cluster(lang="ko")
print(c.kubectl("create deployment nginx --image=nginx:1.20 --replicas=3"))
c.run()
print(c.kubectl("get deployments"))
print(c.kubectl("get rs"))
print(c.kubectl("get pods"))
""",
    ),
    (
        "md",
        """
## ReplicaSet의 이름: `<deployment>-<pod-template-hash>`

Deployment는 Pod 템플릿마다 ReplicaSet을 하나씩 만듭니다. 이름 뒤의 문자열은 **Pod 템플릿의 해시**
(`pod-template-hash`)이고, 같은 값이 ReplicaSet의 셀렉터와 Pod의 레이블에도 붙어서 버전끼리 Pod가 섞이지 않게 합니다.

> 해시를 만드는 방법(fnv32a와 SafeEncodeString)은 쿠버네티스와 같지만, kubesim은 Go의 구조체 대신
> 템플릿의 JSON을 해시하므로 **값 자체는 실제 클러스터와 다릅니다.**
""",
    ),
    (
        "code",
        """
[rs] = c.objects("rs")
hash_ = rs.labels["pod-template-hash"]
print("ReplicaSet:", rs.name, "| hash:", hash_)
print("리비전:", rs.annotations["deployment.kubernetes.io/revision"])
assert rs.name == f"nginx-{hash_}"
assert all(p.labels["pod-template-hash"] == hash_ for p in c.pods())
""",
    ),
    (
        "md",
        """
## 롤링 업데이트를 한 단계씩: v1.0 (3개) → v1.1 (3개)

강의 노트의 그림입니다.

```
v1.0 (3개)
       ↓ (1개 교체)
v1.0 (2개) + v1.1 (1개)
       ↓ (1개 교체)
v1.0 (1개) + v1.1 (2개)
       ↓ (1개 교체)
v1.1 (3개) ✓
```

이미지를 바꾸면(`kubectl set image deployment/nginx nginx=nginx:1.21`) Deployment 컨트롤러가 움직입니다.
`c.set_image(...)`는 이미지를 바꾸고 클러스터를 돌린 뒤 **RolloutTrace**를 돌려줍니다. 각 행은 무언가 일어난 순간이고,
네모 하나가 Pod 하나입니다(색이 찬 네모 = 사용 가능, 빈 네모 = 시작 중). 맨 오른쪽 열은 컨트롤러가 그렇게 한 **이유**입니다.
""",
    ),
    (
        "code",
        """
trace = c.set_image("deployment/nginx", nginx="nginx:1.21")
trace
""",
    ),
    (
        "md",
        """
버전별로 **사용 가능(available)한 Pod 수**만 뽑으면 강의 노트의 그림과 정확히 같습니다.
""",
    ),
    (
        "code",
        """
print(trace.summary())
assert trace.summary() == (
    "nginx:1.20 (3) → nginx:1.20 (2) + nginx:1.21 (1) → nginx:1.20 (1) + nginx:1.21 (2) → nginx:1.21 (3)"
)
""",
    ),
    (
        "md",
        """
### 왜 한 개씩일까? maxSurge와 maxUnavailable의 반올림

`strategy`를 적지 않으면 API 서버가 `maxSurge: 25%`, `maxUnavailable: 25%`를 채웁니다. 컨트롤러는 이 비율을
replicas에 곱한 뒤 **maxSurge는 올림, maxUnavailable는 내림**합니다(`ResolveFenceposts`). 3개의 25%는 0.75이므로
maxSurge = 1, maxUnavailable = 0입니다. 즉 Pod는 모두 4개까지 둘 수 있고, 사용 가능한 Pod는 3개 아래로 내려가면 안 됩니다.
그래서 새 Pod 1개가 준비되어야 옛 Pod 1개를 지울 수 있습니다: 한 번에 한 개씩 교체.
""",
    ),
    (
        "code",
        """
print("replicas 3, 25%/25% →", ks.resolve_fenceposts("25%", "25%", 3))
print("replicas 10, 25%/25% →", ks.resolve_fenceposts("25%", "25%", 10))
print("maxSurge 0%, maxUnavailable 10%: 둘 다 0이 되면 →", ks.resolve_fenceposts("0%", "10%", 3), "(maxUnavailable를 1로 올려 롤아웃이 멈추지 않게 합니다)")
assert ks.resolve_fenceposts("25%", "25%", 3) == (1, 0)
assert ks.resolve_fenceposts("25%", "25%", 10) == (3, 2)
assert ks.resolve_fenceposts("0%", "10%", 3) == (0, 1)
for step in trace:
    assert step.desired_total <= 3 + 1  # maxSurge
    assert step.available >= 3 - 0  # maxUnavailable
""",
    ),
    (
        "md",
        """
시간에 따라 옛 Pod(회색)가 줄고 새 Pod(초록)가 느는 모습을 그림으로 볼 수도 있습니다.
""",
    ),
    (
        "code",
        """
ax = trace.plot()
""",
    ),
    (
        "md",
        """
### 강의 노트의 YAML: maxSurge 1, maxUnavailable 1

노트 11.3의 예시처럼 `maxUnavailable: 1`을 주면 컨트롤러는 새 Pod가 준비되기 **전에도** 옛 Pod 하나를 지울 수 있습니다.
그러면 교체가 한 개씩이 아니라 두 개씩 일어납니다. `ks.rolling_update_plan`은 "새 Pod가 만들어지자마자 준비된다"고
가정하고 컨트롤러의 결정을 그대로 재생한 계획을 보여 줍니다(시뮬레이터와 같은 함수를 씁니다).
""",
    ),
    (
        "code",
        """
plan = ks.rolling_update_plan(replicas=3, max_surge=1, max_unavailable=1, lang="ko")
print(plan.summary("v1.0", "v1.1"))
plan
""",
    ),
    (
        "code",
        """
assert plan.summary("v1.0", "v1.1") == "v1.0 (3) → v1.0 (2) → v1.1 (2) → v1.1 (3)"
assert ks.rolling_update_plan(3).summary("v1.0", "v1.1") == (
    "v1.0 (3) → v1.0 (2) + v1.1 (1) → v1.0 (1) + v1.1 (2) → v1.1 (3)"
)
print("기본값(25%/25%)의 계획:", ks.rolling_update_plan(3).summary("v1.0", "v1.1"))
""",
    ),
    (
        "md",
        """
첫 순간(wave 0)에 컨트롤러는 새 ReplicaSet을 1개로 만들고(maxSurge), 옛 ReplicaSet을 3→2로 줄이고(maxUnavailable),
다시 새 ReplicaSet을 1→2로 늘립니다. 한 번의 동기화(sync)에서는 **늘리기와 줄이기 중 하나만** 하기 때문에 여러 번에 나뉘어 일어납니다.

## 10개, 25%/25%

replicas가 10이면 maxSurge = 3(2.5 올림), maxUnavailable = 2(2.5 내림)입니다. 실제 클러스터와 같은 시뮬레이터로 돌려 보고,
계획과 단계가 같은지 확인합니다. (`imagePullPolicy: Always`로 모든 Pod가 같은 시간에 준비되게 합니다.)
""",
    ),
    (
        "code",
        """
ten = ks.Cluster(lang="ko")
ten.apply('''
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 10
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.20
        imagePullPolicy: Always
''')
ten.run()
t10 = ten.set_image("deployment/web", web="nginx:1.21")
t10
""",
    ),
    (
        "code",
        """
plan10 = ks.rolling_update_plan(10, "25%", "25%")
print(plan10.summary("v1", "v2"))
sim_steps = [(s.old, s.new) for s in t10 if s.changes]
plan_steps = [(s.old, s.new) for i, s in enumerate(plan10) if i + 1 == len(plan10) or plan10[i + 1].wave != s.wave]
print("시뮬레이터:", sim_steps)
print("계획      :", plan_steps)
assert sim_steps == plan_steps
assert max(s.desired_total for s in t10) == 13 and min(s.available for s in t10) == 8
""",
    ),
    (
        "md",
        """
## maxSurge 0 vs maxUnavailable 0

- `maxSurge: 0, maxUnavailable: 1` — Pod 수는 절대 replicas를 넘지 않지만(자원이 빠듯할 때), 교체하는 동안 사용 가능한 Pod가 하나 줄어듭니다.
- `maxSurge: 1, maxUnavailable: 0` — 사용 가능한 Pod는 절대 줄지 않지만(무중단), 잠깐 Pod가 하나 더 필요합니다.
""",
    ),
    (
        "code",
        """
for surge, unavailable in [(0, 1), (1, 0)]:
    p = ks.rolling_update_plan(5, surge, unavailable)
    print(f"maxSurge={surge}, maxUnavailable={unavailable}: 최대 Pod {max(s.total for s in p)}개, "
          f"최소 사용 가능 {min(s.available for s in p)}개, 준비 {p.waves}번")
    print("   ", p.summary("v1", "v2"))
no_surge = ks.rolling_update_plan(5, 0, 1)
no_unavailable = ks.rolling_update_plan(5, 1, 0)
assert max(s.total for s in no_surge) == 5 and min(s.available for s in no_surge) == 4
assert max(s.total for s in no_unavailable) == 6 and min(s.available for s in no_unavailable) == 5
""",
    ),
    (
        "md",
        """
## Recreate: 모두 지운 뒤 다시 만들기 (다운타임 있음)

`strategy.type: Recreate`이면 컨트롤러는 옛 ReplicaSet을 모두 0으로 줄이고, **옛 Pod가 하나도 남지 않을 때까지**(종료 중인 Pod 포함)
기다린 다음 새 ReplicaSet을 만듭니다. 두 버전이 동시에 돌지는 않지만 그 사이에는 사용 가능한 Pod가 0개입니다.
""",
    ),
    (
        "code",
        """
rc = ks.Cluster(lang="ko")
rc.apply('''
apiVersion: apps/v1
kind: Deployment
metadata:
  name: db
spec:
  replicas: 3
  strategy:
    type: Recreate
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: db
        image: postgres:16
''')
rc.run()
recreate = rc.set_image("deployment/db", db="postgres:17")
print(recreate.summary())
recreate
""",
    ),
    (
        "code",
        """
down = next(s for s in recreate if s.available == 0)
back = next(s for s in recreate if s.elapsed > down.elapsed and s.available > 0)
print(f"사용 가능한 Pod 0개: +{down.elapsed:.0f}s부터 +{back.elapsed:.0f}s까지 (다운타임 {back.elapsed - down.elapsed:.0f}초)")
assert back.elapsed > down.elapsed
for s in recreate:
    old_running = sum(r["current"] + r["terminating"] for r in s.replica_sets if not r["new"])
    assert old_running == 0 or s.new_pods == 0  # 두 버전이 함께 돌지 않습니다
""",
    ),
    (
        "md",
        """
## 멈춘 롤아웃: 잘못된 이미지와 `rollout undo`

존재하지 않는 이미지 태그로 바꾸면 새 Pod는 `ErrImagePull` / `ImagePullBackOff`에 빠지고 절대 준비되지 않습니다.
기본값(3개, maxUnavailable 0)에서는 옛 Pod가 하나도 지워지지 않으므로 **서비스는 계속됩니다.**
`progressDeadlineSeconds`(기본 600초) 동안 진전이 없으면 Deployment는 `Progressing=False`, 이유 `ProgressDeadlineExceeded`를 보고합니다.
""",
    ),
    (
        "code",
        """
c.set_behavior(image="nginx:1.99", image_pull="fail")   # 이 이미지는 받을 수 없다고 정합니다
stuck = c.set_image("deployment/nginx", nginx="nginx:1.99", limit="15m")
deadline = next(s for s in stuck if s.progressing == "ProgressDeadlineExceeded")
print(f"+{deadline.elapsed:.0f}s: {deadline.reason}")
print("옛 Pod 사용 가능:", deadline.old_available, "/ 새 Pod 사용 가능:", deadline.new_available)
assert deadline.old_available == 3 and deadline.new_available == 0
assert 600 < deadline.elapsed <= 602
print(c.kubectl("get pods"))
""",
    ),
    (
        "code",
        """
try:
    c.kubectl("rollout status deployment/nginx")
except ks.KubectlError as e:
    print(e)
""",
    ),
    (
        "md",
        """
`kubectl rollout undo`는 바로 전 리비전의 Pod 템플릿을 Deployment에 다시 써 넣습니다. 그 템플릿의 ReplicaSet이 아직 있으므로
컨트롤러는 그것을 다시 "새" ReplicaSet으로 삼고 **다음 리비전 번호**를 줍니다. 실패하던 새 Pod는 사용할 수 없으므로 먼저 정리됩니다.
""",
    ),
    (
        "code",
        """
print(c.kubectl("rollout undo deployment/nginx"))
print(c.kubectl("rollout status deployment/nginx"))
print(c.kubectl("get rs"))
assert {p.image for p in c.pods() if p.phase == "Running"} == {"nginx:1.21"}
""",
    ),
    (
        "md",
        """
## 히스토리와 `--to-revision`

`kubectl rollout history`는 ReplicaSet들의 `deployment.kubernetes.io/revision` 어노테이션을 읽습니다.
롤백하면 되돌아간 템플릿이 새 번호를 받기 때문에, 옛 번호는 히스토리에서 사라집니다.
""",
    ),
    (
        "code",
        """
print(c.kubectl("rollout history deployment/nginx"))
print(c.kubectl("rollout history deployment/nginx --revision=1"))
""",
    ),
    (
        "code",
        """
print(c.kubectl("rollout undo deployment/nginx --to-revision=1"))
c.run()
print(c.kubectl("rollout history deployment/nginx"))
print([(r.revision, r.images) for r in c.rollout_history("deployment/nginx")])
assert [r.revision for r in c.rollout_history("deployment/nginx")] == [3, 4, 5]
assert {p.image for p in c.pods() if p.phase == "Running"} == {"nginx:1.20"}
""",
    ),
    (
        "md",
        """
`revisionHistoryLimit`(기본 10)보다 오래된 옛 ReplicaSet은 Pod가 0개가 되면 지워집니다. 지워진 리비전으로는 롤백할 수 없습니다.

## 덤: 일시 중지, 재시작, 롤아웃 중 스케일

- `kubectl rollout pause` 동안에는 템플릿을 바꿔도 롤아웃이 시작되지 않고, `resume`하면 모아 둔 변경이 한 번에 나갑니다.
- `kubectl rollout restart`는 템플릿에 `kubectl.kubernetes.io/restartedAt` 어노테이션을 넣어 같은 이미지로 모든 Pod를 교체합니다.
- 롤아웃 도중에 `kubectl scale`하면 늘어난(줄어든) 개수를 ReplicaSet들의 **크기에 비례해** 나눕니다.
""",
    ),
    (
        "code",
        """
print(c.kubectl("rollout pause deployment/nginx"))
print(c.kubectl("set image deployment/nginx nginx=nginx:1.22"))
c.run()
print(c.kubectl("get rs"))
print(c.kubectl("rollout resume deployment/nginx"))
print(c.kubectl("rollout status deployment/nginx"))
c.run()  # rollout status가 끝날 때 옛 Pod는 아직 종료 중일 수 있습니다
assert {p.image for p in c.pods()} == {"nginx:1.22"}
""",
    ),
    (
        "code",
        """
big = ks.Cluster(lang="ko")
big.apply('''
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 10
  strategy:
    rollingUpdate:
      maxSurge: 3
      maxUnavailable: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
      - name: api
        image: api:v1
''')
big.run()
big.set_behavior(image="api:v2", ready="never")       # 새 버전은 준비되지 않습니다
before = big.set_image("deployment/api", api="api:v2", limit="1m")
print("스케일 전: 옛", before[-1].old, "새", before[-1].new)
print(big.kubectl("scale deployment api --replicas=15"))
after = big.rollout("deployment/api", limit="1m")
print("스케일 후: 옛", after[-1].old, "새", after[-1].new)
print(after[1].reason)
assert (before[-1].old, before[-1].new) == (8, 5)
assert (after[-1].old, after[-1].new) == (11, 7)
""",
    ),
    (
        "md",
        """
## 학습 정리

1. Deployment는 템플릿마다 ReplicaSet(`<이름>-<pod-template-hash>`)을 만들고, 리비전 번호를 어노테이션으로 붙입니다.
2. 롤링 업데이트는 **maxSurge(올림)** 만큼 Pod를 더 두고, **maxUnavailable(내림)** 만큼만 가용성을 낮춥니다. 3개에 기본값이면 한 개씩 교체됩니다.
3. Recreate는 옛 Pod가 모두 사라진 뒤에야 새 Pod를 만들기 때문에 다운타임이 있습니다.
4. 새 Pod가 준비되지 않으면 롤아웃은 멈추고, `progressDeadlineSeconds` 뒤에 `ProgressDeadlineExceeded`가 보고됩니다. `rollout undo`로 되돌립니다.
5. 롤백은 옛 템플릿을 다시 쓰는 것이고, 되돌아간 템플릿은 **새 리비전 번호**를 받습니다.
""",
    ),
    (
        "md",
        """
## 연습 문제

### 연습 2-1: Pod 수가 절대 늘지 않는 롤링 업데이트

자원이 빠듯한 클러스터입니다. `web` Deployment(복제본 4개)를 업데이트하는 동안 **Pod가 4개를 넘지 않고**,
한 번에 **하나씩만** 사용할 수 없게 되도록 `strategy`를 쓰세요. 확인 셀은 이미지를 바꾸고 롤아웃 내내 Pod 수를 셉니다.
""",
    ),
    (
        "edit",
        "2-1",
        """
web_yaml = '''
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 4
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.20
'''
""",
        """
web_yaml = '''
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 4
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 0
      maxUnavailable: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.20
'''
""",
    ),
    (
        "check",
        "2-1",
        """
from kubesim.exercises import check
from kubesim.testing import assert_rollout_respects

ex = ks.Cluster(lang="ko")


def never_more_than_four():
    ex.apply(web_yaml)
    ex.run()
    ex.set_image("deployment/web", web="nginx:1.21", run=False)
    assert_rollout_respects(ex, "deployment/web", max_surge=0, max_unavailable=1)


check("연습 2-1", never_more_than_four)
""",
    ),
    (
        "md",
        """
### 연습 2-2: 무중단 롤링 업데이트

이번에는 반대입니다. 업데이트하는 동안 **사용 가능한 Pod가 절대 4개 아래로 내려가지 않게**, 대신 Pod를 **하나만** 더 둘 수 있게 하세요.
""",
    ),
    (
        "edit",
        "2-2",
        """
api_yaml = web_yaml.replace("name: web", "name: api").replace("app: web", "app: api")
""",
        """
api_yaml = '''
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 4
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: web
          image: nginx:1.20
'''
""",
    ),
    (
        "check",
        "2-2",
        """
from kubesim.exercises import check
from kubesim.testing import assert_rollout_respects

ex = ks.Cluster(lang="ko")


def never_below_four():
    ex.apply(api_yaml)
    ex.run()
    ex.set_image("deployment/api", web="nginx:1.21", run=False)
    assert_rollout_respects(ex, "deployment/api", max_surge=1, max_unavailable=0)


check("연습 2-2", never_below_four)
""",
    ),
]
