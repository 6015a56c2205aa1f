"""Lesson 04 (Korean): DaemonSets, after the course notes (seeds 000-003): one pod on every
(or every matching) node, the control-plane taint, nodeSelector, nodes joining and leaving,
taints, rolling updates, and the cost that grows with the node count."""

CELLS = [
    (
        "md",
        """
# 04. DaemonSet: 모든 노드에 하나씩

Deployment는 **정해진 개수**의 Pod를 클러스터 어딘가에 띄웁니다. DaemonSet은 다릅니다.
**모든 노드(또는 조건에 맞는 노드)마다 Pod를 정확히 하나씩** 띄웁니다.
강의 노트의 비유로는 가로등입니다: 길마다 하나씩, 새 길이 생기면 자동으로 하나 더.

| 구분 | Deployment | DaemonSet |
| --- | --- | --- |
| 개수 | `replicas`로 지정 | 노드 수에 따라 자동 |
| 배치 | 스케줄러가 알맞은 노드를 고름 | 노드마다 1개씩 고정 |
| 용도 | 웹 서버, API | 로그 수집(Fluentd), 모니터링(Node Exporter), 네트워크(kube-proxy, Calico) |

kubesim으로 실제 클러스터 없이 확인해 봅시다. 기본 클러스터는 `kind`처럼
control-plane 노드 1개와 worker 노드 3개입니다.
""",
    ),
    (
        "code",
        """
import kubesim as ks

c = ks.Cluster(lang="ko")
c.node_names()
""",
    ),
    (
        "md",
        """
## 0. 클러스터에 이미 있는 DaemonSet: kube-proxy

강의 노트의 말처럼 **kube-proxy는 DaemonSet의 좋은 예**입니다. kind 클러스터를 만들면 아무것도 적용하지 않아도
`kube-system` 네임스페이스에 kube-proxy DaemonSet(노드마다 1개)과 coredns Deployment(2개)가 떠 있습니다. kubesim도 같습니다.
""",
    ),
    (
        "code",
        """
print(c.kubectl("get ds -n kube-system"))
print(c.kubectl("get pods -A -o wide"))
""",
    ),
    (
        "md",
        """
kube-proxy의 toleration은 `operator: Exists` 하나로 **모든 taint를 용인**하므로 control-plane 노드에서도 실행됩니다.
kube-proxy는 `hostNetwork: true`라서 Pod IP가 노드의 IP와 같습니다.
`kubectl get pods`(네임스페이스를 주지 않으면 `default`)에는 나오지 않으므로, 우리가 만드는 Pod만 셀 때는 신경 쓰지 않아도 됩니다.
""",
    ),
    (
        "code",
        """
kube_proxy = c.get("ds/kube-proxy", namespace="kube-system")
kube_proxy.spec.template.spec.tolerations
""",
    ),
    (
        "md",
        """
## 1. 강의 노트의 fluentd DaemonSet

강의 노트의 YAML을 그대로 적용합니다. 마스터 노드에서도 실행하려고
`node-role.kubernetes.io/master` toleration을 넣었습니다.
(비용 계산을 위해 `resources.requests`만 덧붙였습니다.)
""",
    ),
    (
        "code",
        """
fluentd = '''
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd-elasticsearch
  namespace: kube-system
spec:
  selector:
    matchLabels:
      name: fluentd-elasticsearch
  template:
    metadata:
      labels:
        name: fluentd-elasticsearch
    spec:
      tolerations:
      - key: node-role.kubernetes.io/master
        effect: NoSchedule
      containers:
      - name: fluentd-elasticsearch
        image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2
        resources:
          requests:
            cpu: 100m
            memory: 200Mi
'''
print(c.apply(fluentd))
print(c.run())
""",
    ),
    (
        "code",
        """
print(c.kubectl("get ds -n kube-system"))
print(c.kubectl("get pods -n kube-system -l name=fluentd-elasticsearch -o wide"))
""",
    ),
    (
        "md",
        """
Pod가 **3개**뿐입니다. control-plane 노드에는 왜 없을까요? 노드마다 이유를 물어봅시다.
`c.explain("daemonset/이름")`은 노드 하나하나에 대해 Pod가 실행되어야 하는지, 아니라면 왜 아닌지 알려 줍니다.
""",
    ),
    (
        "code",
        """
print(c.explain("daemonset/fluentd-elasticsearch", namespace="kube-system"))
""",
    ),
    (
        "md",
        """
쿠버네티스 1.24부터 control-plane 노드의 taint 키는 `node-role.kubernetes.io/master`가 아니라
**`node-role.kubernetes.io/control-plane`** 입니다. 오래된 toleration은 아무것도 허용하지 못합니다.
또 DaemonSet 컨트롤러가 모든 데몬 Pod에 스스로 붙이는 toleration 목록에도 control-plane taint는 없습니다.
""",
    ),
    (
        "code",
        """
for t in ks.daemon_pod_tolerations():
    print(t)
""",
    ),
    (
        "md",
        """
toleration 키를 고쳐서 다시 적용합니다. 템플릿이 바뀌었으므로 기존 Pod도 **RollingUpdate**(기본값 `maxUnavailable: 1`)로
하나씩 교체되고, control-plane 노드에 새 Pod가 생깁니다.
""",
    ),
    (
        "code",
        """
fixed = fluentd.replace("node-role.kubernetes.io/master", "node-role.kubernetes.io/control-plane")
print(c.apply(fixed))
trace = c.run()
for step in trace.steps:
    if step.actor == "daemonset-controller":
        print(step.verb, step.target, "-", step.reason)
""",
    ),
    (
        "md",
        """
이제 노드마다 정확히 하나씩입니다. 아래 그림은 노드(큰 상자)와 그 안의 Pod입니다.
""",
    ),
    (
        "code",
        """
c
""",
    ),
    (
        "code",
        """
print(c.kubectl("get ds -n kube-system"))
print(c.kubectl("rollout status ds/fluentd-elasticsearch -n kube-system"))
ds = c.get("ds/fluentd-elasticsearch", namespace="kube-system")
assert ds.status.desired_number_scheduled == ds.status.number_ready == 4
""",
    ),
    (
        "md",
        """
### 데몬 Pod는 어떻게 자기 노드로 가나요?

v1.12 이후로 DaemonSet 컨트롤러는 Pod를 직접 노드에 놓지 않습니다. 대신 각 Pod에
**`matchFields: metadata.name In [노드 이름]`** 형태의 필수 노드 어피니티(NodeAffinity)를 넣고,
실제 배치는 기본 스케줄러가 합니다. 강의 노트의 "v1.12부터는 NodeAffinity를 사용하여 배치한다"가 바로 이것입니다.
""",
    ),
    (
        "code",
        """
import json

pod = c.pods(owner="daemonset/fluentd-elasticsearch", namespace="kube-system", node="kind-worker")[0]
print(json.dumps(pod.spec.affinity.to_dict(), indent=2))
print(pod.labels)
""",
    ),
    (
        "md",
        """
## 2. 특정 노드에만: `nodeSelector`

GPU가 있는 노드에만 에이전트를 띄우고 싶다면 `nodeSelector`를 씁니다. GPU 노드 하나를 추가해 봅시다.
""",
    ),
    (
        "code",
        """
gpu_agent = '''
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: gpu-monitor
spec:
  selector:
    matchLabels:
      app: gpu-monitor
  template:
    metadata:
      labels:
        app: gpu-monitor
    spec:
      nodeSelector:
        hardware: gpu
      containers:
      - name: monitor
        image: nvidia/dcgm-exporter:3.3
        resources:
          requests:
            cpu: 200m
            memory: 512Mi
'''
c.add_node("gpu-1", labels={"hardware": "gpu"}, cpu="8", memory="32Gi")
c.apply(gpu_agent)
c.run()
print(c.kubectl("get pods -o wide"))
print(c.explain("ds/gpu-monitor"))
""",
    ),
    (
        "md",
        """
노드의 레이블이 바뀌면 DaemonSet이 바로 따라갑니다. `kind-worker2`에 레이블을 붙였다가 떼어 봅시다.
""",
    ),
    (
        "code",
        """
c.kubectl("label nodes kind-worker2 hardware=gpu")
c.run()
print(sorted(p.node for p in c.pods(owner="daemonset/gpu-monitor")))
c.kubectl("label nodes kind-worker2 hardware-")
c.run()
print(sorted(p.node for p in c.pods(owner="daemonset/gpu-monitor")))
""",
    ),
    (
        "md",
        """
## 3. 노드가 들어오고 나갈 때

새 노드가 들어오면 DaemonSet이 자동으로 Pod를 만들고, 노드가 삭제되면 그 Pod도 함께 사라집니다.
""",
    ),
    (
        "code",
        """
c.add_node("kind-worker4")
trace = c.run()
print(trace)
""",
    ),
    (
        "code",
        """
c.remove_node("kind-worker4")
c.run()
print(c.kubectl("get ds -A"))
""",
    ),
    (
        "md",
        """
## 4. taint와 cordon

- `NoSchedule` taint: **새** 데몬 Pod는 만들지 않지만, 이미 있는 Pod는 남습니다(잘못 배치 `numberMisscheduled`로 셉니다).
- `NoExecute` taint: 용인하지 않는 Pod는 **쫓겨납니다**.
- `cordon`: 데몬 Pod는 `node.kubernetes.io/unschedulable`을 자동으로 용인하므로 계속 실행되고, `drain`은 `--ignore-daemonsets` 없이는 거절됩니다.
""",
    ),
    (
        "code",
        """
c.kubectl("taint nodes kind-worker dedicated=db:NoSchedule")
c.kubectl("taint nodes kind-worker3 maintenance=true:NoExecute")
c.run()
print(c.kubectl("get ds -n kube-system"))
print(c.explain("ds/fluentd-elasticsearch", namespace="kube-system"))
""",
    ),
    (
        "code",
        """
c.kubectl("taint nodes kind-worker dedicated:NoSchedule-")
c.kubectl("taint nodes kind-worker3 maintenance:NoExecute-")
c.run()
try:
    c.kubectl("drain kind-worker2")
except ks.KubectlError as error:
    print(error)
print(c.kubectl("drain kind-worker2 --ignore-daemonsets"))
c.run()
print(c.kubectl("get pods -n kube-system -o wide"))   # kube-proxy도 DaemonSet이라 남습니다
c.kubectl("uncordon kind-worker2")
""",
    ),
    (
        "md",
        """
## 5. 자리가 없으면: Pending 데몬 Pod

데몬 Pod도 스케줄러를 거치므로 노드에 자원이 부족하면 Pending으로 남습니다.
설명은 실제 `FailedScheduling` 이벤트와 같은 문장입니다.
""",
    ),
    (
        "code",
        """
small = ks.Cluster(workers=1, lang="ko")
small.apply(fluentd.replace("cpu: 100m", 'cpu: "6"'))
small.run()
[pending] = small.pods(owner="daemonset/fluentd-elasticsearch", namespace="kube-system")
print(small.explain(f"pod/{pending.name}", namespace="kube-system"))
""",
    ),
    (
        "md",
        """
## 6. 업데이트 전략: RollingUpdate와 OnDelete

- `RollingUpdate`(기본값): `maxUnavailable`(기본 1)만큼 이전 Pod를 지우고 새 Pod로 바꿉니다.
  `maxSurge`를 쓰면 새 Pod를 먼저 옆에 띄우고, 준비되면 이전 Pod를 지웁니다. 백분율은 원하는 노드 수(`desiredNumberScheduled`)에 대해 **올림**합니다.
- `OnDelete`: 템플릿이 바뀌어도 누군가 Pod를 지울 때까지 그대로 둡니다.

컨트롤러의 한 번의 판단은 `ks.reconcile`로 따로 볼 수 있습니다. 노드 10개 중 `maxUnavailable: 30%`이면 3개를 한꺼번에 바꿉니다.
""",
    ),
    (
        "code",
        """
big = ks.Cluster(workers=10, lang="ko")
big.apply(fluentd)
big.run()
updated = fluentd.replace("v2.5.2", "v2.6.0").replace(
    "spec:\\n  selector:",
    "spec:\\n  updateStrategy:\\n    rollingUpdate:\\n      maxUnavailable: 30%\\n  selector:",
)
print(big.apply(updated))
ds = big.get("ds/fluentd-elasticsearch", namespace="kube-system")
observed = big.objects("nodes") + big.pods(namespace="kube-system")
for action in ks.reconcile(ds, observed=observed, now=big.now, lang="ko"):
    if action.verb == "delete":
        print(action.verb, action.target, "-", action.reason)
""",
    ),
    (
        "code",
        """
print(big.kubectl("rollout status ds/fluentd-elasticsearch -n kube-system"))
trace = big.run()
deletes = [s for s in trace.steps if s.actor == "daemonset-controller" and s.verb == "delete"]
print(len(deletes), "개 교체")
print(big.kubectl("rollout status ds/fluentd-elasticsearch -n kube-system"))
print(big.kubectl("get ds -n kube-system"))
""",
    ),
    (
        "md",
        """
## 7. 비용: 노드 수에 정비례

강의 노트의 주의사항: DaemonSet은 노드마다 Pod를 하나씩 띄우므로 **클러스터 전체 CPU/메모리 요청량이 노드 수에 비례해 늘어납니다.**
`c.resource_usage()`는 노드별 요청량, DaemonSet이 차지하는 몫, DaemonSet별 비용(Pod 하나의 요청량 곱하기 노드 수)을 보여 줍니다.
""",
    ),
    (
        "code",
        """
usage = c.resource_usage()
print(usage)
""",
    ),
    (
        "md",
        """
노드를 늘려 가며 같은 DaemonSet 두 개의 비용을 비교해 봅시다. fluentd(100m, 200Mi)와 고사양 에이전트(500m, 1Gi)입니다.
""",
    ),
    (
        "code",
        """
heavy = fluentd.replace("fluentd-elasticsearch", "heavy-agent").replace("cpu: 100m", "cpu: 500m").replace("memory: 200Mi", "memory: 1Gi")
heavy = heavy.replace("node-role.kubernetes.io/master", "node-role.kubernetes.io/control-plane")
print(f"{'노드':>6} {'fluentd CPU':>12} {'fluentd 메모리':>14} {'heavy CPU':>10} {'heavy 메모리':>12} {'DaemonSet 합계 CPU':>18}")
for workers in [3, 6, 12, 24, 48]:
    k = ks.Cluster(workers=workers)
    k.apply(fixed)
    k.apply(heavy)
    k.run()
    u = k.resource_usage()
    cost = {d["name"]: d for d in u.daemonsets}
    f, h = cost["fluentd-elasticsearch"], cost["heavy-agent"]
    print(f"{len(u.nodes):>6} {f['cpu_total_m']:>10}m {f['memory_total'] // 2**20:>12}Mi {h['cpu_total_m']:>8}m {h['memory_total'] // 2**20:>10}Mi {u.total['cpu_daemonsets_m']:>16}m")
""",
    ),
    (
        "md",
        """
노드가 두 배가 되면 DaemonSet 비용도 정확히 두 배가 됩니다. 고사양 에이전트를 DaemonSet으로 띄우기 전에
`요청량 x 노드 수`를 먼저 계산해 보세요. 로그를 CloudWatch 같은 외부 서비스로 보낸다면 전송량에 따른 비용도 노드 수만큼 늘어납니다.

## 정리

- DaemonSet은 조건에 맞는 노드마다 Pod를 **정확히 하나** 유지합니다. 노드가 생기면 만들고, 사라지면 지웁니다.
- control-plane 노드에서도 실행하려면 `node-role.kubernetes.io/control-plane` taint를 용인해야 합니다.
- 데몬 Pod는 `matchFields: metadata.name` 노드 어피니티로 자기 노드에 묶이고, 기본 스케줄러가 배치합니다.
- cordon된 노드에서도 실행되며, `NoExecute` taint는 데몬 Pod도 쫓아냅니다.
- 비용은 노드 수에 비례합니다.
""",
    ),
    (
        "md",
        """
## 연습 문제

### 연습 4-1: 버그 찾기 — 강의 노트의 DaemonSet

강의 노트(DaemonSets 장)에 실린 YAML을 **그대로** 옮겼습니다. ReplicaSet과 비교하는 주석까지 그대로입니다.
그런데 이 YAML은 적용되지 않습니다. 버그가 **두 개** 있습니다. 찾아서 고치고, `my-daemonset`이 worker 노드
세 곳 모두에서 실행되게 하세요(control-plane 노드는 taint 때문에 빠지는 것이 맞습니다). (`ks.check(seed_ds, lang="ko")`로 먼저 살펴보세요.)
""",
    ),
    (
        "edit",
        "4-1",
        """
seed_ds = '''
apiVersion: apps/v1     # apiVersion: apps/v1
kind: DaemonSet         # kind: ReplicaSet
metadata:               # metadata:
  name: my-daemonset    #   name: my-replicaset
spec:                   # spec:
  selector:             #   selector:
    matchLables:        #     matchLabels:
      app: my-app       #       app: my-app
    template:           #   template:
      metadata:         #     metadata:
        labels:         #       label:
          app: my-app   #         app: my-app
      spec:             #     spec:
        containers:     #       containers:
        - name: nginx   #       - name: nginx-controller
          image: nginx  #         image: nginx
                        #   replicas: 3 # 여기가 복제본의 갯수
'''
print(ks.check(seed_ds, lang="ko"))
""",
        """
seed_ds = '''
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: my-daemonset
spec:
  selector:
    matchLabels:
      app: my-app
  template:
    metadata:
      labels:
        app: my-app
    spec:
      containers:
      - name: nginx
        image: nginx
'''
print(ks.check(seed_ds, lang="ko"))
""",
    ),
    (
        "check",
        "4-1",
        """
from kubesim.exercises import check
from kubesim.testing import assert_runs_on_every_node

lamps = ks.Cluster(lang="ko")


def on_every_node():
    lamps.apply(seed_ds)
    lamps.run()
    workers = [n for n in lamps.node_names() if "control-plane" not in n]
    assert_runs_on_every_node(
        lamps, "daemonset/my-daemonset", nodes=workers, only=True, ready=True, lang="ko"
    )


check("연습 4-1", on_every_node, success="matchLables → matchLabels, template은 selector 아래가 아니라 spec 바로 아래입니다.")
""",
    ),
    (
        "md",
        """
### 연습 4-2: control-plane 노드까지 — node-exporter

강의 노트(seed 004)의 `node-exporter`는 control-plane 노드에서도 실행되어야 합니다(노드 모니터링은 모든 노드에 필요합니다).
지금은 worker 노드 3곳에서만 실행됩니다. **4개 노드 모두**에서 실행되게 고치세요.
""",
    ),
    (
        "edit",
        "4-2",
        """
exporter_yaml = '''
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-exporter
spec:
  selector:
    matchLabels:
      app: node-exporter
  template:
    metadata:
      labels:
        app: node-exporter
    spec:
      containers:
        - name: node-exporter
          image: prom/node-exporter:v1.8.2
          ports:
            - containerPort: 9100
'''
""",
        """
exporter_yaml = '''
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-exporter
spec:
  selector:
    matchLabels:
      app: node-exporter
  template:
    metadata:
      labels:
        app: node-exporter
    spec:
      tolerations:
        - key: node-role.kubernetes.io/control-plane
          effect: NoSchedule
      containers:
        - name: node-exporter
          image: prom/node-exporter:v1.8.2
          ports:
            - containerPort: 9100
'''
""",
    ),
    (
        "check",
        "4-2",
        """
from kubesim.exercises import check
from kubesim.testing import assert_runs_on_every_node

lamps2 = ks.Cluster(lang="ko")


def on_all_four_nodes():
    lamps2.apply(exporter_yaml)
    lamps2.run()
    assert_runs_on_every_node(
        lamps2, "daemonset/node-exporter", nodes=lamps2.node_names(), only=True, ready=True
    )


check("연습 4-2", on_all_four_nodes)
""",
    ),
]
