"""Lesson 07 (Korean): the controller pattern, after seed 003 ("컨트롤러 패턴", "선언적 관리의
힘") and seed 004 (10.2, the reconciliation loop): desired vs current state, one reconcile
step at a time with ks.reconcile, level-triggered self-healing, imperative vs declarative."""

CELLS = [
    (
        "md",
        """
# 07. 컨트롤러 패턴 — 원하는 상태와 현재 상태

강의 노트는 컨트롤러 패턴을 네 줄로 정리합니다.

1. **원하는 상태**(Desired State): 매니페스트에 적은 것 (`replicas: 3`)
2. **현재 상태**(Current State): 클러스터에 지금 있는 것 (실행 중인 Pod 2개)
3. **차이점 인지, 조정 작업**: 부족하면 만들고, 초과하면 지웁니다
4. **지속적 반복**: 이것을 계속 되풀이합니다 (Reconciliation Loop)

아파트 관리 사무소(ReplicaSet)는 "누가 이사 나갔다"는 소식을 기다리지 않습니다. 수시로 **빈 집이 몇 개인지 세어 보고** 그만큼 채웁니다.
이 장에서는 컨트롤러의 판단을 **한 번에 한 걸음씩** 보고, 이것이 왜 자가 치유가 되는지, 명령형과 선언형 관리는 어떻게 다른지 봅니다.
""",
    ),
    (
        "code",
        """
import kubesim as ks

ks.set_lang("ko")
rs_yaml = '''
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: myapp-rs
spec:
  replicas: 3
  selector:
    matchLabels:
      app: myapp
  template:
    metadata:
      labels:
        app: myapp
    spec:
      containers:
        - name: myapp
          image: myapp:v1
'''
[rs] = ks.load(rs_yaml)
rs.spec.replicas
""",
    ),
    (
        "md",
        """
## 1. 조정 한 번: `ks.reconcile`

`ks.reconcile(객체, observed=[...])`는 시뮬레이터 안의 ReplicaSet 컨트롤러와 **같은 함수**를 한 번 부릅니다.
현재 상태(`observed`, 지금 있는 Pod들)를 주면 컨트롤러가 할 일(action)과 그 **이유**를 돌려줍니다.
Pod가 하나도 없으면:
""",
    ),
    (
        "code",
        """
actions = ks.reconcile(rs, observed=[], lang="ko")
for a in actions:
    print(a.verb, a.target, "-", a.reason)
""",
    ),
    (
        "md",
        """
이번에는 현재 상태를 직접 만들어 봅니다. 레이블이 맞는 Pod 5개가 이미 있다면? 원하는 상태는 3개이므로 2개를 지웁니다.
(어느 Pod를 먼저 지우는지도 쿠버네티스의 규칙을 따릅니다: 준비되지 않은 Pod가 먼저입니다.)
""",
    ),
    (
        "code",
        """
def pod(name, ready=True):
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "namespace": "default", "labels": {"app": "myapp"}},
        "spec": {"containers": [{"name": "myapp", "image": "myapp:v1"}], "nodeName": "kind-worker"},
        "status": {
            "phase": "Running",
            "conditions": [{"type": "Ready", "status": "True" if ready else "False"}],
        },
    }


five = [pod(f"myapp-{i}", ready=(i != 3)) for i in range(5)]
for a in ks.reconcile(rs, observed=five, lang="ko"):
    print(a.verb, a.target, "-", a.reason)
""",
    ),
    (
        "md",
        """
## 2. 시뮬레이터에서 한 걸음씩

클러스터에서는 컨트롤러, 스케줄러, kubelet이 번갈아 움직입니다. `c.run()`이 돌려주는 trace에는 누가(actor) 무엇을(verb, target) **왜**(reason) 했는지가 순서대로 남습니다.
""",
    ),
    (
        "code",
        """
c = ks.Cluster(lang="ko")
print(c.apply(rs_yaml))
trace = c.run()
trace
""",
    ),
    (
        "md",
        """
## 3. 자가 치유는 "상태"를 보기 때문입니다 (level-triggered)

Pod 두 개를 **한꺼번에** 지워 봅시다. 컨트롤러는 "Pod가 지워졌다"는 사건(event) 하나하나에 반응하는 것이 아니라,
다음 조정 때 **현재 상태(1개)와 원하는 상태(3개)의 차이**를 보고 한 번에 2개를 만듭니다.
사건을 놓치더라도 상태를 다시 세면 되므로, 컨트롤러는 언제든 멈췄다 다시 시작해도 같은 결론에 도달합니다.
이것을 **level-triggered**(상태 기반) 방식이라고 합니다.
""",
    ),
    (
        "code",
        """
names = [p.name for p in c.pods(owner="replicaset/myapp-rs")]
print(c.kubectl(f"delete pod {names[0]} {names[1]}"))
trace = c.run()
for step in trace:
    if step.actor == "replicaset-controller" and step.verb == "create":
        print(step.time, step.target, "-", step.reason)
assert len(c.pods(owner="replicaset/myapp-rs")) == 3
""",
    ),
    (
        "md",
        """
노드가 통째로 사라져도 같은 원리입니다. 현재 상태가 줄었을 뿐이므로 컨트롤러는 남은 노드에 다시 채웁니다.
""",
    ),
    (
        "code",
        """
c.remove_node("kind-worker2")
c.run()
print(c.kubectl("get pods -o wide"))
""",
    ),
    (
        "md",
        """
## 4. 명령형 vs 선언형

| | 명령형 (imperative) | 선언형 (declarative) |
| --- | --- | --- |
| 방법 | `kubectl create`, `kubectl scale`, `kubectl set image` | `kubectl apply -f 파일` |
| 무엇을 말하나 | "이렇게 **해라**" (동작) | "이런 **상태여야 한다**" (결과) |
| 다시 실행하면 | `create`는 "이미 있습니다" 오류 | 바뀐 것이 없으면 `unchanged` |
| 기록 | 명령은 사라짐 | 파일이 곧 기록 (Git에 보관) |

명령형으로 만들어 봅시다. 같은 명령을 두 번 내리면 두 번째는 오류입니다.
""",
    ),
    (
        "code",
        """
c = ks.Cluster(lang="ko")
print(c.kubectl("create deployment nginx --image=nginx:1.20 --replicas=3"))
try:
    c.kubectl("create deployment nginx --image=nginx:1.20 --replicas=3")
except ks.KubectlError as error:
    print(error)
""",
    ),
    (
        "md",
        """
선언형은 **원하는 상태를 파일로** 줍니다. 같은 파일을 몇 번 적용해도 결과는 같습니다(멱등성).
파일을 고쳐서 다시 적용하면 바뀐 부분만 반영됩니다(`configured`).
""",
    ),
    (
        "code",
        """
web_yaml = '''
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
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
print(c.apply(web_yaml))
print(c.apply(web_yaml))
print(c.apply(web_yaml.replace("replicas: 3", "replicas: 4")))
c.run()
print(c.kubectl("get deploy"))
""",
    ),
    (
        "md",
        """
명령형 변경은 파일에 남지 않습니다. 누군가 `kubectl scale`로 1개로 줄여도, 다음에 파일을 적용하면 **파일이 원하는 상태**로 돌아갑니다.
그래서 실무에서는 파일(선언형)을 기준으로 삼고, 명령형 명령은 확인과 긴급 조치에만 씁니다.
""",
    ),
    (
        "code",
        """
print(c.kubectl("scale deployment web --replicas=1"))
c.run()
print(c.kubectl("get deploy web"))
print(c.apply(web_yaml.replace("replicas: 3", "replicas: 4")))
c.run()
print(c.kubectl("get deploy web"))
""",
    ),
    (
        "md",
        """
## 연습 문제

### 연습 7-1: 컨트롤러의 다음 한 걸음

`myapp-rs`(원하는 상태 3개)의 현재 상태로 Pod **4개**가 있고 그중 `myapp-2`가 준비되지 않았습니다.
컨트롤러가 **몇 개를 만들고 몇 개를 지울지**, 그리고 **어느 Pod를 지울지** 예측해서 적으세요.
확인 셀이 `ks.reconcile`로 실제 판단과 비교합니다.
""",
    ),
    (
        "edit",
        "7-1",
        """
observed = [pod(f"myapp-{i}", ready=(i != 2)) for i in range(4)]
creates = 0        # 여기를 고치세요
deletes = 0        # 여기를 고치세요
deleted_pod = ""   # 예: "myapp-0"
""",
        """
observed = [pod(f"myapp-{i}", ready=(i != 2)) for i in range(4)]
creates = 0
deletes = 1
deleted_pod = "myapp-2"
""",
    ),
    (
        "check",
        "7-1",
        """
from kubesim.exercises import check, expect

actions = ks.reconcile(rs, observed=observed, lang="ko")
real_creates = [a for a in actions if a.verb == "create"]
real_deletes = [a for a in actions if a.verb == "delete"]


def counts():
    expect(
        (creates, deletes) == (len(real_creates), len(real_deletes)),
        f"만들기 {creates}개, 지우기 {deletes}개는 컨트롤러의 판단과 다릅니다. "
        "원하는 상태(replicas: 3)와 현재 상태(Pod 4개)의 차이를 다시 세어 보세요",
    )


def which_pod():
    target = real_deletes[0].target if real_deletes else ""
    expect(
        target == f"pod/{deleted_pod}",
        f"컨트롤러는 {deleted_pod or '(빈 이름)'}를 지우지 않습니다. 여러 Pod 중 무엇을 먼저 "
        "지우는지는 1절의 규칙을 보세요: 준비되지 않은 Pod가 먼저입니다",
    )


check("연습 7-1", counts, which_pod)
""",
    ),
    (
        "md",
        """
### 연습 7-2: 선언형으로 되돌리기

누군가 명령형으로 `api` Deployment를 1개로 줄이고 이미지를 바꿨습니다. **파일(`api_yaml`)을 고쳐서** 적용했을 때
`api`가 `nginx:1.25` 이미지의 준비된 Pod **5개**를 갖게 하세요. (명령형 명령을 더 쓰지 말고 파일만 고치세요.)
""",
    ),
    (
        "code",
        """
api = ks.Cluster(lang="ko")
api.kubectl("create deployment api --image=nginx:1.25 --replicas=3")
api.run()
api.kubectl("scale deployment api --replicas=1")
api.kubectl("set image deployment/api nginx=nginx:1.26-rc")
api.run()
print(api.kubectl("get deploy api -o wide"))
""",
    ),
    (
        "edit",
        "7-2",
        """
api_yaml = '''
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 1
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: nginx
          image: nginx:1.26-rc
'''
""",
        """
api_yaml = '''
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 5
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: nginx
          image: nginx:1.25
'''
""",
    ),
    (
        "check",
        "7-2",
        """
from kubesim.exercises import check, expect
from kubesim.testing import assert_pods


def applied_declaratively():
    print(api.apply(api_yaml))
    api.run()
    pods = assert_pods(api, "deployment/api", count=5, ready=True)
    images = sorted({p.spec.containers[0].image for p in pods})
    expect(images == ["nginx:1.25"], f"Pod의 이미지가 {images}입니다. nginx:1.25여야 합니다")


check("연습 7-2", applied_declaratively)
""",
    ),
    (
        "md",
        """
## 정리

1. 컨트롤러는 **원하는 상태와 현재 상태의 차이**만 봅니다. `ks.reconcile`로 그 판단 한 번을 그대로 볼 수 있습니다.
2. 사건이 아니라 상태를 보기 때문에(level-triggered) Pod가 몇 개 사라지든, 노드가 없어지든 같은 방법으로 **자가 치유**합니다.
3. **명령형**(`create`, `scale`)은 동작을, **선언형**(`apply`)은 결과를 말합니다. 파일이 기준이면 몇 번을 적용해도 같은 상태가 됩니다.
""",
    ),
]
