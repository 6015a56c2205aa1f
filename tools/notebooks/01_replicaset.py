"""Lesson 01 (Korean): the ReplicaSet and the controller pattern, following the seeds."""

CELLS = [
    (
        "md",
        """
# 01. ReplicaSet — 복제본 관리의 기본

ReplicaSet은 **지정된 수의 Pod 복제본을 항상 유지**하는 컨트롤러입니다.
아파트 관리 사무소처럼, 정해진 수만큼 입주자가 있는지 확인하고 비어 있으면 새 입주자를 찾습니다.

컨트롤러 패턴은 네 단계의 반복입니다.

1. 원하는 상태(Desired State) — 매니페스트의 `replicas: 3`
2. 현재 상태(Current State) — 지금 실행 중인 Pod 수
3. 차이를 인지하고 조정 — 부족하면 만들고, 넘치면 지웁니다
4. 지속적 반복 — 그래서 **자가 치유(self-healing)** 가 됩니다

kubesim은 kind 클러스터처럼 컨트롤 플레인 노드 1개와 워커 노드 3개로 시작합니다.
kind처럼 `kube-system` 네임스페이스에는 kube-proxy(노드마다 1개)와 coredns(2개)가 이미 떠 있습니다.
`kubectl get pods`와 `c.pods()`는 `default` 네임스페이스만 보므로 여기서 만드는 Pod만 셉니다.
""",
    ),
    (
        "code",
        """
import kubesim as ks

c = ks.Cluster(lang="ko")
print(c.kubectl("get pods -A"))
c
""",
    ),
    (
        "md",
        """
## ReplicaSet 만들기

강의 노트의 ReplicaSet입니다. `replicas: 3`, 셀렉터 `app: myapp`, 그리고 Pod 템플릿.
""",
    ),
    (
        "code",
        """
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
          image: nginx:1.25
'''
print(c.apply(rs_yaml))
trace = c.run()
c
""",
    ),
    (
        "md",
        """
컨트롤러가 한 일과 그 **이유**를 차례대로 볼 수 있습니다.
Pod 3개는 워커 노드 세 곳에 하나씩 퍼지고, taint가 있는 컨트롤 플레인 노드에는 가지 않습니다.
""",
    ),
    (
        "code",
        """
trace
""",
    ),
    (
        "code",
        """
print(c.kubectl("get pods -o wide"))
pods = c.pods(owner="replicaset/myapp-rs")
assert len(pods) == 3 and all(p.ready for p in pods)
assert sorted(p.node for p in pods) == ["kind-worker", "kind-worker2", "kind-worker3"]
""",
    ),
    (
        "md",
        """
## 자가 치유: Pod 하나를 지우면?

Pod 하나를 지우면 현재 상태(2개)가 원하는 상태(3개)와 달라지고, ReplicaSet이 곧바로 새 Pod를 만듭니다.
""",
    ),
    (
        "code",
        """
victim = pods[0].name
print(c.kubectl(f"delete pod {victim}"))
trace = c.run()
for step in trace:
    if step.actor == "replicaset-controller" and step.verb == "create":
        print(step.target, "-", step.reason)
now = c.pods(owner="replicaset/myapp-rs")
assert len(now) == 3 and victim not in {p.name for p in now}
""",
    ),
    (
        "md",
        """
## 스케일: 3 → 5 → 2

`kubectl scale`로 원하는 상태를 바꿉니다. 줄일 때 어떤 Pod가 먼저 지워지는지는 쿠버네티스의 규칙을 따릅니다.
아직 배치되지 않은 Pod → Pending → 준비되지 않은 Pod → **같은 노드에 여럿 몰린 Pod** → 더 최근에 준비된 Pod → 재시작이 많은 Pod → 더 새로운 Pod 순서입니다.
""",
    ),
    (
        "code",
        """
print(c.kubectl("scale rs myapp-rs --replicas=5"))
c.run()
print(c.kubectl("get pods -o wide"))
""",
    ),
    (
        "code",
        """
print(c.kubectl("scale rs myapp-rs --replicas=2"))
trace = c.run()
for step in trace:
    if step.actor == "replicaset-controller" and step.verb == "delete":
        print(step.target, "-", step.reason)
assert len([p for p in c.pods() if p.phase == "Running"]) == 2
c
""",
    ),
    (
        "md",
        """
## 노드가 사라지면

워커 노드 하나를 클러스터에서 빼면 그 노드의 Pod도 함께 사라지고, ReplicaSet이 남은 노드에 다시 만듭니다.
""",
    ),
    (
        "code",
        """
c.kubectl("scale rs myapp-rs --replicas=3")
c.run()
c.remove_node("kind-worker")
c.run()
print(c.kubectl("get pods -o wide"))
assert len(c.pods(owner="replicaset/myapp-rs")) == 3
assert all(p.node != "kind-worker" for p in c.pods())
c
""",
    ),
    (
        "md",
        """
## 레이블이 맞는 떠돌이 Pod는 입양됩니다

ReplicaSet은 **레이블 셀렉터**로 자기 Pod를 찾습니다. 주인이 없는 Pod에 `app: myapp` 레이블을 붙이면
ReplicaSet이 그 Pod를 입양하고, 이제 4개가 되었으니 하나를 지웁니다.
""",
    ),
    (
        "code",
        """
print(c.kubectl("run stray --image=nginx"))
c.run()
print(c.kubectl("label pod stray app=myapp"))
trace = c.run()
for step in trace:
    if step.actor == "replicaset-controller" and step.verb in ("update", "delete"):
        print(step.verb, step.target, "-", step.reason)
assert len(c.pods(owner="replicaset/myapp-rs")) == 3
""",
    ),
    (
        "md",
        """
## 컨트롤러 한 번의 판단만 보기

`ks.reconcile`은 시뮬레이터가 부르는 것과 같은 함수입니다. 관찰한 상태를 주면 컨트롤러가 할 일을 이유와 함께 돌려줍니다.
""",
    ),
    (
        "code",
        """
[rs] = ks.load(rs_yaml)
for action in ks.reconcile(rs, observed=[], lang="ko"):
    print(action.verb, action.target, "-", action.reason)
""",
    ),
    (
        "md",
        """
## 연습 문제

### 연습 1-1: 복제본 4개

`frontend` ReplicaSet이 `nginx:1.25` Pod를 **4개** 유지하도록 아래 YAML을 고치세요.
""",
    ),
    (
        "edit",
        "1-1",
        """
frontend_yaml = '''
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
spec:
  replicas: 1
  selector:
    matchLabels:
      app: frontend
  template:
    metadata:
      labels:
        app: frontend
    spec:
      containers:
        - name: web
          image: nginx:1.25
'''
""",
        """
frontend_yaml = '''
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
spec:
  replicas: 4
  selector:
    matchLabels:
      app: frontend
  template:
    metadata:
      labels:
        app: frontend
    spec:
      containers:
        - name: web
          image: nginx:1.25
'''
""",
    ),
    (
        "check",
        "1-1",
        """
from kubesim.exercises import check
from kubesim.testing import assert_pods

ex = ks.Cluster(lang="ko")


def four_ready_pods():
    ex.apply(frontend_yaml)
    ex.run()
    assert_pods(ex, "replicaset/frontend", count=4, ready=True)


check("연습 1-1", four_ready_pods)
""",
    ),
    (
        "md",
        """
### 연습 1-2: kubectl로 줄이기

`kubectl` 명령 **한 줄**로 `frontend`를 **2개**로 줄이세요. (`c.kubectl`에 넘길 문자열만 쓰면 됩니다.)
""",
    ),
    (
        "edit",
        "1-2",
        """
command = "get rs frontend"   # 여기를 고치세요
""",
        """
command = "scale rs frontend --replicas=2"
""",
    ),
    (
        "check",
        "1-2",
        """
from kubesim.exercises import check
from kubesim.testing import assert_pods

ex = ks.Cluster(lang="ko")
ex.apply(frontend_yaml.replace("replicas: 1", "replicas: 4"))
ex.run()


def scaled_to_two():
    print(ex.kubectl(command))
    ex.run()
    assert_pods(ex, "replicaset/frontend", count=2, ready=True)


check("연습 1-2", scaled_to_two)
""",
    ),
]
