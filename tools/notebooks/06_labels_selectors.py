"""Lesson 06 (Korean): labels and selectors, after seed 003 (the label selector as the owner
of Pods) and 004 (10.3 Label Selector): matchLabels, matchExpressions with In, NotIn, Exists
and DoesNotExist, `-l` strings, what a ReplicaSet adopts and releases, and the
selector/template mismatch."""

CELLS = [
    (
        "md",
        """
# 06. 레이블과 셀렉터 — Pod의 주인은 누구인가

강의 노트는 ReplicaSet을 **아파트 관리 사무소**에 비유합니다. 관리 사무소는 입주자를 이름으로 기억하지 않습니다.
문패(레이블)를 보고 "우리 아파트 입주자"인지 알아봅니다. 쿠버네티스에서 그 문패가 **레이블(label)** 이고,
"어떤 문패를 단 Pod가 우리 것인가"를 적은 규칙이 **셀렉터(selector)** 입니다.

- **소유권 식별**: 레이블을 통해 자신이 관리하는 Pod를 구분합니다.
- **동적 관리**: 레이블이 맞는 Pod들을 자동으로 감지하고 관리합니다.
- **유연한 매칭**: 복합 조건으로 더 정교하게 Pod를 고를 수 있습니다.

이 장에서는 셀렉터의 문법, ReplicaSet이 Pod를 **입양**하고 **놓아주는** 순간, 그리고 셀렉터와 템플릿이 어긋났을 때의 오류를 봅니다.
""",
    ),
    (
        "code",
        """
import kubesim as ks

ks.set_lang("ko")
""",
    ),
    (
        "md",
        """
## 1. matchLabels: 모든 쌍이 맞아야 합니다

`matchLabels`의 쌍은 **모두** 맞아야 합니다(AND). Pod에 레이블이 더 있어도 괜찮습니다.
`ks.selector_matches(셀렉터, 레이블)`은 API 서버와 컨트롤러가 쓰는 것과 같은 규칙으로 답합니다.
""",
    ),
    (
        "code",
        """
selector = {"matchLabels": {"app": "myapp", "version": "v1"}}
for labels in [
    {"app": "myapp", "version": "v1"},
    {"app": "myapp", "version": "v1", "tier": "web"},
    {"app": "myapp", "version": "v2"},
    {"app": "myapp"},
]:
    print(f"{str(labels):50} → {ks.selector_matches(selector, labels)}")
""",
    ),
    (
        "md",
        """
## 2. matchExpressions: In, NotIn, Exists, DoesNotExist

강의 노트(seed 004)의 셀렉터는 `matchLabels`와 `matchExpressions`를 함께 씁니다.
`environment`가 `production`이나 `staging`이어야 한다는 조건입니다.

| 연산자 | 뜻 | `-l` 문자열 |
| --- | --- | --- |
| `In` | 값이 목록 중 하나 | `environment in (production,staging)` |
| `NotIn` | 값이 목록에 없음 (키가 없어도 맞음) | `environment notin (dev)` |
| `Exists` | 키가 있음 (값은 상관없음) | `environment` |
| `DoesNotExist` | 키가 없음 | `!environment` |
""",
    ),
    (
        "code",
        """
seed_selector = {
    "matchLabels": {"app": "myapp", "version": "v1"},
    "matchExpressions": [
        {"key": "environment", "operator": "In", "values": ["production", "staging"]},
    ],
}
pods = {
    "prod": {"app": "myapp", "version": "v1", "environment": "production"},
    "stage": {"app": "myapp", "version": "v1", "environment": "staging"},
    "dev": {"app": "myapp", "version": "v1", "environment": "dev"},
    "no-env": {"app": "myapp", "version": "v1"},
}
for name, labels in pods.items():
    print(f"{name:8} → {ks.selector_matches(seed_selector, labels)}")
""",
    ),
    (
        "code",
        """
for selector in [
    "environment in (production,staging)",
    "environment notin (dev)",
    "environment",
    "!environment",
    "app=myapp,environment!=dev",
]:
    chosen = [name for name, labels in pods.items() if ks.selector_matches(selector, labels)]
    print(f"{selector:38} → {chosen}")
""",
    ),
    (
        "md",
        """
`NotIn`과 `!=`는 **키가 없는 Pod도** 고릅니다(`no-env`). "dev가 아닌 것"에는 "environment가 아예 없는 것"도 들어가기 때문입니다.

## 3. 클러스터에서 `-l`로 고르기

`kubectl get pods -l`도 같은 문법입니다. 레이블이 다른 Pod 네 개를 띄워 봅시다.
""",
    ),
    (
        "code",
        """
c = ks.Cluster(lang="ko")
for name, labels in pods.items():
    c.apply({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "labels": labels},
        "spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]},
    })
c.run()
print(c.kubectl("get pods --show-labels"))
""",
    ),
    (
        "code",
        """
print(c.kubectl("get pods -l 'environment in (production,staging)'"))
print(c.kubectl("get pods -l '!environment'"))
""",
    ),
    (
        "md",
        """
## 4. ReplicaSet의 입양과 놓아주기

ReplicaSet은 셀렉터에 맞는 Pod 중 **주인이 없는 Pod를 입양**합니다(ownerReference를 붙입니다).
강의 노트의 ReplicaSet(`replicas: 3`, 셀렉터 `app: myapp` + `environment In (production, staging)`)을 적용하면,
이미 있는 `prod`와 `stage` 두 Pod를 입양하고 **하나만** 새로 만듭니다.
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
      version: v1
    matchExpressions:
      - key: environment
        operator: In
        values:
          - production
          - staging
  template:
    metadata:
      labels:
        app: myapp
        version: v1
        environment: production
    spec:
      containers:
        - name: myapp
          image: nginx:1.25
'''
print(c.apply(rs_yaml))
trace = c.run()
for step in trace:
    if step.actor == "replicaset-controller" and step.verb in ("update", "create"):
        print(step.verb, step.target, "-", step.reason)
print(c.kubectl("get pods --show-labels"))
""",
    ),
    (
        "md",
        """
이제 반대로, 입양된 Pod의 레이블을 바꿔 셀렉터에서 **벗어나게** 해 봅시다.
ReplicaSet은 그 Pod를 **놓아주고**(ownerReference를 뗍니다), 복제본이 2개가 되었으니 새 Pod를 하나 만듭니다.
놓아준 Pod는 지워지지 않고 주인 없이 남습니다. 디버깅할 때 문제 Pod를 "격리"하는 실무 기법입니다.
""",
    ),
    (
        "code",
        """
print(c.kubectl("label pod stage environment=dev --overwrite"))
trace = c.run()
for step in trace:
    if step.actor == "replicaset-controller":
        print(step.verb, step.target, "-", step.reason)
owned = c.pods(owner="replicaset/myapp-rs")
print("ReplicaSet의 Pod:", sorted(p.name for p in owned))
assert len(owned) == 3 and "stage" not in {p.name for p in owned}
""",
    ),
    (
        "md",
        """
## 5. 셀렉터와 템플릿이 어긋나면

ReplicaSet은 템플릿으로 Pod를 만들고, 셀렉터로 그 Pod를 찾습니다. 템플릿의 레이블이 셀렉터에 맞지 않으면
컨트롤러는 자기가 만든 Pod를 영원히 보지 못하고 끝없이 만들게 됩니다. 그래서 **API 서버가 적용 자체를 거부**합니다.
""",
    ),
    (
        "code",
        """
mismatch = '''
apiVersion: apps/v1
kind: ReplicaSet
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
        app: frontend
    spec:
      containers:
        - name: web
          image: nginx
'''
print(ks.check(mismatch, lang="ko"))
""",
    ),
    (
        "md",
        """
## 연습 문제

### 연습 6-1: 셀렉터 쓰기

아래 `selector`를 고쳐서 **`tier`가 `web`이나 `api`이고, `legacy` 레이블이 없는** Pod만 고르게 하세요.
`matchExpressions`(In, DoesNotExist)를 쓰세요. 확인 셀이 여러 레이블 조합으로 검사합니다.
""",
    ),
    (
        "edit",
        "6-1",
        """
selector = {
    "matchLabels": {"tier": "web"},
}
""",
        """
selector = {
    "matchExpressions": [
        {"key": "tier", "operator": "In", "values": ["web", "api"]},
        {"key": "legacy", "operator": "DoesNotExist"},
    ],
}
""",
    ),
    (
        "check",
        "6-1",
        """
from kubesim.exercises import check, expect

cases = [
    ({"tier": "web"}, True),
    ({"tier": "api", "app": "shop"}, True),
    ({"tier": "db"}, False),
    ({"tier": "web", "legacy": "true"}, False),
    ({"app": "shop"}, False),
]


def selects_the_right_pods():
    for labels, want in cases:
        got = ks.selector_matches(selector, labels)
        expect(
            got == want,
            f"레이블 {labels}: {'골라야' if want else '고르지 않아야'} 하는데 "
            f"{'골랐습니다' if got else '고르지 않았습니다'}",
        )


check("연습 6-1", selects_the_right_pods)
""",
    ),
    (
        "md",
        """
### 연습 6-2: 어긋난 셀렉터 고치기

아래 ReplicaSet은 적용되지 않습니다(5절의 오류). **셀렉터는 그대로 두고** 템플릿만 고쳐서
`shop` ReplicaSet이 준비된 Pod 3개를 갖게 하세요.
""",
    ),
    (
        "edit",
        "6-2",
        """
shop_yaml = '''
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: shop
      tier: web
  template:
    metadata:
      labels:
        app: shop
    spec:
      containers:
        - name: shop
          image: nginx:1.25
'''
""",
        """
shop_yaml = '''
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: shop
      tier: web
  template:
    metadata:
      labels:
        app: shop
        tier: web
    spec:
      containers:
        - name: shop
          image: nginx:1.25
'''
""",
    ),
    (
        "check",
        "6-2",
        """
from kubesim.exercises import check, expect
from kubesim.testing import assert_manifest_ok, assert_pods

shop = ks.Cluster(lang="ko")


def selector_unchanged():
    [rs] = ks.load(shop_yaml)
    expect(
        rs.spec.selector.match_labels == {"app": "shop", "tier": "web"},
        "셀렉터는 그대로 두어야 합니다 (matchLabels: app=shop, tier=web)",
    )


def three_ready_pods():
    shop.apply(shop_yaml)
    shop.run()
    assert_pods(shop, "replicaset/shop", count=3, ready=True)


check(
    "연습 6-2",
    lambda: assert_manifest_ok(shop_yaml, kind="ReplicaSet"),
    selector_unchanged,
    three_ready_pods,
)
""",
    ),
    (
        "md",
        """
## 정리

1. **레이블**은 Pod의 문패이고, **셀렉터**는 "어떤 문패가 우리 것인가"의 규칙입니다.
2. `matchLabels`는 모든 쌍이 맞아야 하고(AND), `matchExpressions`는 `In`, `NotIn`, `Exists`, `DoesNotExist`로 더 정교하게 고릅니다.
3. ReplicaSet은 셀렉터에 맞는 주인 없는 Pod를 **입양**하고, 셀렉터에서 벗어난 Pod는 **놓아준 뒤** 새로 만듭니다.
4. 템플릿의 레이블은 반드시 셀렉터에 맞아야 합니다. 맞지 않으면 API 서버가 거부합니다.
""",
    ),
]
