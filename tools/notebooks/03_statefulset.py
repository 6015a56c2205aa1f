"""Lesson 03 (Korean): StatefulSet — the hotel with numbered rooms, keys and luggage."""

CELLS = [
    (
        "md",
        """
# 03. StatefulSet — 번호가 붙은 방이 있는 호텔

강의 노트의 그림을 그대로 따라가 봅시다.

| 건물 | 워크로드 | 특징 |
| --- | --- | --- |
| 🏢 아파트 | ReplicaSet (Deployment의 속) | 정해진 수만큼 입주자가 있으면 됩니다. **누가** 사는지는 중요하지 않습니다. |
| 🏨 호텔 | StatefulSet | 방마다 **번호**(web-0, web-1, ...)가 있고, 방을 찾아가는 **열쇠**(DNS 이름)가 있고, 투숙객의 **짐**(볼륨)이 방에 남아 있습니다. |

이 노트북에서는 실제 클러스터 없이 kubesim으로 두 건물을 나란히 세워 보고,
StatefulSet 컨트롤러(`pkg/controller/statefulset`)가 **무엇을, 어떤 순서로, 왜** 하는지 한 단계씩 봅니다.
""",
    ),
    (
        "code",
        """
import kubesim as ks

c = ks.Cluster(lang="ko")   # kind처럼 control-plane 1대 + worker 3대

apartment = '''
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: apartment
spec:
  replicas: 3
  selector:
    matchLabels:
      app: apartment
  template:
    metadata:
      labels:
        app: apartment
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
'''

hotel = '''
apiVersion: v1
kind: Service
metadata:
  name: mysql
spec:
  clusterIP: None  # Headless
  selector:
    app: mysql
  ports:
    - port: 3306
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: mysql
spec:
  serviceName: mysql  # Headless Service
  replicas: 3
  selector:
    matchLabels:
      app: mysql
  template:
    metadata:
      labels:
        app: mysql
    spec:
      containers:
        - name: mysql
          image: mysql:8.0
          volumeMounts:
            - name: data
              mountPath: /var/lib/mysql
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: [ "ReadWriteOnce" ]
        resources:
          requests:
            storage: 10Gi
'''
print(c.apply(apartment))
print(c.apply(hotel))
trace = c.run()
print(c.kubectl("get pods -o wide"))
""",
    ),
    (
        "md",
        """
## 1. 방 번호: 이름이 다릅니다

아파트(ReplicaSet)의 Pod 이름은 `apartment-` 뒤에 **무작위** 다섯 글자가 붙습니다.
호텔(StatefulSet)의 Pod 이름은 `<StatefulSet 이름>-<번호>`, 즉 `mysql-0`, `mysql-1`, `mysql-2`입니다.
번호(ordinal)는 0부터 시작하고(`spec.ordinals.start`로 바꿀 수 있습니다), Pod마다 레이블로도 붙습니다.
""",
    ),
    (
        "code",
        """
apartment_pods = sorted(p.name for p in c.pods(owner="replicaset/apartment"))
hotel_pods = sorted(p.name for p in c.pods(owner="statefulset/mysql"))
print("아파트:", apartment_pods)
print("호텔:  ", hotel_pods)
assert hotel_pods == ["mysql-0", "mysql-1", "mysql-2"]

p = c.get("pod/mysql-1")
print(p.labels["statefulset.kubernetes.io/pod-name"], p.labels["apps.kubernetes.io/pod-index"])
print("hostname:", p.spec.hostname, " subdomain:", p.spec.subdomain)
""",
    ),
    (
        "md",
        """
## 2. 체크인 순서: 한 번에 한 방씩

기본 정책 `podManagementPolicy: OrderedReady`에서는 `mysql-0`이 **Running이고 Ready**가 된 뒤에야
`mysql-1`을 만들고, 그다음에 `mysql-2`를 만듭니다. 아파트는 세 Pod를 한꺼번에 만듭니다.
StatefulSet 컨트롤러의 단계만 골라, 시각과 이유를 봅시다. 볼륨 클레임(PVC)이 **Pod보다 먼저** 만들어지는 것도 보입니다.
""",
    ),
    (
        "code",
        """
for s in trace.steps:
    if s.actor in ("statefulset-controller", "replicaset-controller") and s.verb == "create":
        print(s.time.strftime("%H:%M:%S"), f"{s.target:<40}", s.reason[:90])
""",
    ),
    (
        "code",
        """
created = {s.target: s.time for s in trace.steps if s.actor == "statefulset-controller" and s.verb == "create"}
ready = {}
for s in trace.steps:
    if s.actor == "kubelet" and s.target.startswith("pod/mysql") and "준비되었습니다" in s.reason:
        ready.setdefault(s.target, s.time)
for n in (1, 2):
    prev, this = f"pod/mysql-{n - 1}", f"pod/mysql-{n}"
    print(f"{prev} Ready: {ready[prev]:%H:%M:%S}  →  {this} 생성: {created[this]:%H:%M:%S}")
    assert ready[prev] <= created[this]
""",
    ),
    (
        "md",
        """
## 3. 짐: 방마다 자기 볼륨

`volumeClaimTemplates`의 `data` 템플릿으로 Pod마다 PVC가 하나씩 생깁니다. 이름은 `<템플릿>-<StatefulSet>-<번호>`,
즉 `data-mysql-0` ... 입니다. (강의 노트 12.3의 그림에서 `mysql-0 (PVC: mysql-0)`라고 줄여 쓴 것이 실제로는 이 이름입니다.)
kind 클러스터의 기본 StorageClass `standard`는 `WaitForFirstConsumer`라서, Pod가 노드에 배치되는 순간 볼륨이 만들어져 `Bound`가 됩니다.
""",
    ),
    (
        "code",
        """
print(c.kubectl("get pvc"))
print(c.kubectl("get sts"))
""",
    ),
    (
        "md",
        """
## 4. 열쇠: 방마다 DNS 이름

Headless Service(`clusterIP: None`) `mysql`과 Pod의 `hostname`/`subdomain` 덕분에 Pod마다 고정된 DNS 이름이 생깁니다.

`<pod>.<service>.<namespace>.svc.cluster.local` → `mysql-0.mysql.default.svc.cluster.local`

강의 노트의 실습 `kubectl run -it --rm debug --image=busybox --restart=Never -- nslookup mysql-0.mysql`을 흉내 내 봅시다.
""",
    ),
    (
        "code",
        """
print(c.nslookup("mysql-0.mysql"))
print("mysql-0.mysql →", c.dns("mysql-0.mysql"))
print("mysql (headless 서비스) →", c.dns("mysql"))
print("mysql-7.mysql →", c.dns("mysql-7.mysql"))
assert c.dns("mysql-0.mysql") == c.get("pod/mysql-0").status.pod_ip
""",
    ),
    (
        "md",
        """
## 5. 투숙객이 나가도 방과 짐은 그대로

아파트의 Pod 하나를 지우면 **새 이름**의 Pod가 들어옵니다. 호텔의 `mysql-1`을 지우면 **같은 이름**으로 돌아오고,
같은 PVC `data-mysql-1`(짐)을 다시 붙이고, 같은 DNS 이름(열쇠)을 씁니다. (IP는 바뀔 수 있습니다. 그래서 IP 대신 DNS 이름을 씁니다.)
""",
    ),
    (
        "code",
        """
victim = apartment_pods[0]
print(c.kubectl(f"delete pod {victim}"), end="")
print(c.kubectl("delete pod mysql-1"), end="")
before_uid = c.get("pod/mysql-1").metadata.uid
t = c.run()
print("아파트:", sorted(p.name for p in c.pods(owner="replicaset/apartment")))
print("호텔:  ", sorted(p.name for p in c.pods(owner="statefulset/mysql")))
back = c.get("pod/mysql-1")
print("mysql-1의 볼륨:", back.spec.volumes[0].to_dict())
print("mysql-1.mysql →", c.dns("mysql-1.mysql"))
assert back.metadata.uid != before_uid
for s in t.steps:
    if s.actor == "statefulset-controller" and s.target == "pod/mysql-1":
        print(s.reason)
""",
    ),
    (
        "md",
        """
## 6. 증축과 철거: 3 → 5 → 1

늘릴 때는 낮은 번호부터 하나씩(`mysql-3`, `mysql-4`), 줄일 때는 **가장 높은 번호부터** 하나씩(`mysql-4`, `mysql-3`, `mysql-2`, `mysql-1`) 지웁니다.
각 Pod가 완전히 사라진 뒤에 다음 Pod를 지웁니다. 기본 `persistentVolumeClaimRetentionPolicy`(whenScaled: Retain)에서는 **짐(PVC)은 남습니다**.
""",
    ),
    (
        "code",
        """
print(c.kubectl("scale sts mysql --replicas=5"), end="")
t = c.run()
print("생성 순서:", [s.target for s in t.steps if s.actor == "statefulset-controller" and s.verb == "create" and s.target.startswith("pod/")])
print(c.kubectl("scale sts mysql --replicas=1"), end="")
t = c.run()
deleted = [(s.time.strftime("%H:%M:%S"), s.target) for s in t.steps if s.actor == "statefulset-controller" and s.verb == "delete"]
print("삭제 순서:", deleted)
assert [d for _, d in deleted] == ["pod/mysql-4", "pod/mysql-3", "pod/mysql-2", "pod/mysql-1"]
print(c.kubectl("get pvc"))
""",
    ),
    (
        "md",
        """
## 7. 안내 데스크를 잊었을 때

StatefulSet의 `serviceName`에 적은 Headless Service를 만들지 않는 실수가 흔합니다. 실제 클러스터는 아무 말 없이 Pod를 실행하지만,
Pod는 DNS 이름을 얻지 못합니다. kubesim은 이때 경고(kubesim만의 안내, `NoGoverningService`)를 남기고, `dns(..., strict=True)`는 이유를 알려 줍니다.
""",
    ),
    (
        "code",
        """
lonely = ks.Cluster(lang="ko")
lonely.apply(hotel.split("---")[1])   # Service 없이 StatefulSet만
t = lonely.run()
for s in t.steps:
    if s.actor == "kubesim":
        print(s.reason)
try:
    lonely.dns("mysql-0.mysql", strict=True)
except ks.NotFound as e:
    print(e)
""",
    ),
    (
        "md",
        """
## 8. 리모델링: RollingUpdate와 partition

이미지를 바꾸면 StatefulSet은 **가장 높은 번호부터 하나씩** Pod를 지우고, 새 리비전(ControllerRevision)으로 다시 만듭니다.
`partition: 1`이면 번호가 1 이상인 방만 리모델링합니다(카나리). `mysql-0`은 옛 버전 그대로입니다.
""",
    ),
    (
        "code",
        """
print(c.kubectl("scale sts mysql --replicas=3"), end="")
c.run()
sts = c.get("sts/mysql").to_dict()
sts["spec"]["updateStrategy"] = {"type": "RollingUpdate", "rollingUpdate": {"partition": 1}}
sts["spec"]["template"]["spec"]["containers"][0]["image"] = "mysql:8.4"
print(c.apply(sts))
print(c.kubectl("rollout status sts/mysql"), end="")
for p in sorted(c.pods(owner="statefulset/mysql"), key=lambda p: p.name):
    print(p.name, p.spec.containers[0].image, p.labels["controller-revision-hash"])
status = c.get("sts/mysql").status
print("currentRevision:", status.current_revision, " updateRevision:", status.update_revision)
""",
    ),
    (
        "md",
        """
카나리가 괜찮으면 `partition`을 0으로 내려 `mysql-0`까지 바꿉니다. 마음에 들지 않으면 `rollout undo`로 되돌립니다.
되돌리기는 예전 ControllerRevision을 **새 번호로 다시 쓰는 것**이라 `rollout history`의 번호가 바뀌는 것도 보세요.
""",
    ),
    (
        "code",
        """
sts = c.get("sts/mysql").to_dict()
sts["spec"]["updateStrategy"]["rollingUpdate"]["partition"] = 0
c.apply(sts)
print(c.kubectl("rollout status sts/mysql"))
print(c.kubectl("rollout history sts/mysql"))
print(c.kubectl("rollout undo sts/mysql"), end="")
c.run()
print(c.kubectl("rollout history sts/mysql"))
print({p.name: p.spec.containers[0].image for p in c.pods(owner="statefulset/mysql")})
""",
    ),
    (
        "md",
        """
## 9. 컨트롤러 한 번: reconcile

컨트롤러는 "원하는 상태"와 "현재 상태"를 비교해 할 일을 정하는 순수 함수입니다. 상태를 직접 만들어 한 번만 돌려 봅시다.
`mysql-0`이 아직 Pending이면 StatefulSet은 **아무것도 하지 않고 기다립니다**. Ready가 되면 `mysql-1`을 만듭니다.
""",
    ),
    (
        "code",
        """
[svc, sts] = ks.load(hotel)
first = ks.reconcile(sts, observed=[], lang="ko")
for a in first:
    print(a.verb, a.target, "—", a.reason[:80])
""",
    ),
    (
        "code",
        """
step = ks.Cluster(lang="ko")
step.apply(hotel)
step.advance("1s")   # mysql-0은 아직 ContainerCreating(Pending)
print(step.get("pod/mysql-0").phase)
observed = step.objects("pod") + step.objects("pvc") + step.objects("ControllerRevision") + [svc]
pending = [a for a in ks.reconcile(step.get("sts/mysql"), observed=observed, lang="ko") if a.verb != "update-status"]
print("mysql-0이 Pending일 때 할 일:", pending or "없음 — 기다립니다")
assert not [a for a in pending if a.target.startswith("pod/")]

step.advance("2s")   # 이제 mysql-0이 Ready, 컨트롤러는 이미 mysql-1을 만들었습니다
without_1 = [o for o in step.objects() if o.name not in ("mysql-1", "data-mysql-1") and o.kind != "StatefulSet"]
for a in ks.reconcile(step.get("sts/mysql"), observed=without_1, lang="ko"):
    if a.verb != "update-status":
        print(a.verb, a.target, "—", a.reason[:100])
""",
    ),
    (
        "md",
        """
## 정리: 아파트와 호텔

| | ReplicaSet / Deployment (아파트) | StatefulSet (호텔) |
| --- | --- | --- |
| Pod 이름 | `apartment-x7k2p` (무작위) | `mysql-0`, `mysql-1`, ... (번호) |
| 만드는 순서 | 한꺼번에 | 0번부터 하나씩, 앞 번호가 Ready일 때만 (OrderedReady) |
| 줄이는 순서 | 삭제 순위 규칙으로 | 가장 높은 번호부터 하나씩 |
| 저장소 | 함께 쓰거나 임시 | Pod마다 PVC `<템플릿>-<이름>-<번호>`, Pod가 지워져도 남음 |
| 네트워크 | Service가 아무 Pod로 | Headless Service로 `mysql-0.mysql` 같은 고정 이름 |
| 업데이트 | 새 ReplicaSet으로 maxSurge/maxUnavailable | 높은 번호부터 하나씩, partition으로 카나리 |
""",
    ),
    (
        "md",
        """
## 연습 문제

### 연습 3-1: 호텔 방 세 개

`db` StatefulSet이 Headless Service `db`와 함께 **방 번호가 붙은 Pod 3개**(`db-0`, `db-1`, `db-2`)를 갖게 하세요.
""",
    ),
    (
        "edit",
        "3-1",
        """
db_yaml = '''
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector:
    app: db
  ports:
    - port: 5432
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 1
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: postgres
          image: postgres:16
'''
""",
        """
db_yaml = '''
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector:
    app: db
  ports:
    - port: 5432
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 3
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: postgres
          image: postgres:16
'''
""",
    ),
    (
        "check",
        "3-1",
        """
from kubesim.exercises import check, expect
from kubesim.testing import assert_pods

hotel3 = ks.Cluster(lang="ko")


def three_numbered_rooms():
    hotel3.apply(db_yaml)
    hotel3.run()
    pods = assert_pods(hotel3, "statefulset/db", count=3, ready=True)
    names = sorted(p.name for p in pods)
    expect(names == ["db-0", "db-1", "db-2"], f"Pod 이름이 {names}입니다")


check("연습 3-1", three_numbered_rooms)
""",
    ),
    (
        "md",
        """
### 연습 3-2: 방 번호로 찾아가기

다른 네임스페이스의 Pod가 `db-1`에 **직접** 접속하려 합니다. 어디서든 통하는 `db-1`의 **전체 DNS 이름(FQDN)** 을 쓰세요.
형식은 `<Pod 이름>.<서비스 이름>.<네임스페이스>.svc.cluster.local`입니다.
""",
    ),
    (
        "edit",
        "3-2",
        """
fqdn = "db-1.default.svc.cluster.local"   # 여기를 고치세요
""",
        """
fqdn = "db-1.db.default.svc.cluster.local"
""",
    ),
    (
        "check",
        "3-2",
        """
from kubesim.exercises import check, expect


rooms = ks.Cluster(lang="ko")
rooms.apply(db_yaml.replace("replicas: 1", "replicas: 3"))
rooms.run()


def resolves_to_db_1():
    expect(fqdn.endswith(".svc.cluster.local"), "전체 이름은 .svc.cluster.local로 끝납니다")
    expect(fqdn.startswith("db-1."), "Pod 이름(db-1)으로 시작해야 합니다")
    ip = rooms.dns(fqdn, strict=True)
    want = rooms.get("pod/db-1").status.pod_ip
    expect(ip == want, f"{fqdn}은 db-1({want})이 아닌 {ip}를 가리킵니다")


check("연습 3-2", resolves_to_db_1)
""",
    ),
]
