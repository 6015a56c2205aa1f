"""Lesson 00 (Korean): manifests, API-server defaults, label selectors."""

CELLS = [
    (
        "md",
        """
# 00. 매니페스트와 기본값

쿠버네티스에 YAML을 제출하면, API 서버는 우리가 적지 않은 필드에 **기본값**을 채워 넣습니다.
kubesim은 실제 클러스터 없이 같은 일을 합니다. 강의 노트의 Deployment 예제로 시작해 봅시다.
""",
    ),
    (
        "code",
        """
import kubesim as ks

manifest = '''
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
        - name: nginx
          image: nginx:1.20
          ports:
            - containerPort: 80
'''
[deploy] = ks.load(manifest)
deploy
""",
    ),
    (
        "md",
        """
## 적지 않았는데 채워진 값들

`strategy`를 적지 않았지만, API 서버는 **RollingUpdate**와 `maxSurge: 25%`, `maxUnavailable: 25%`를 채웁니다.
""",
    ),
    (
        "code",
        """
strategy = deploy.spec.strategy
print(strategy.type, strategy.rolling_update.max_surge, strategy.rolling_update.max_unavailable)
assert strategy.type == "RollingUpdate"
assert strategy.rolling_update.max_surge == "25%"
print("revisionHistoryLimit:", deploy.spec.revision_history_limit)
print("imagePullPolicy:", deploy.spec.template.spec.containers[0].image_pull_policy)
""",
    ),
    (
        "md",
        """
전체 객체를 `kubectl get -o yaml`처럼 볼 수 있습니다.
""",
    ),
    (
        "code",
        """
print(deploy.to_yaml())
""",
    ),
    (
        "md",
        """
## 레이블 셀렉터

ReplicaSet과 Deployment는 **레이블 셀렉터**로 자기 Pod를 찾습니다. `kubectl -l`과 같은 문법을 씁니다.
""",
    ),
    (
        "code",
        """
labels = {"app": "nginx", "tier": "web"}
for selector in ["app=nginx", "app=nginx,tier!=db", "tier in (web, api)", "!legacy", "app=mysql"]:
    print(f"{selector:25} ->", ks.selector_matches(selector, labels))
""",
    ),
    (
        "md",
        """
## 잘못된 매니페스트

오래된 `apiVersion`이나 탭 문자가 있으면, kubesim은 줄 번호와 함께 고치는 방법을 알려 줍니다.
""",
    ),
    (
        "code",
        """
broken = '''
apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: old
'''
try:
    ks.load(broken, lang="ko")
except ks.ManifestError as error:
    print(error)
""",
    ),
    (
        "md",
        """
## 연습 문제

### 연습 0-1: 오류 두 개 고치기

아래 Deployment는 적용되지 않습니다. 오류가 **두 개** 있습니다. `ks.check`가 알려 주는 줄 번호와 도움말을 보고 고쳐서,
`hello` Deployment가 복제본 **2개**를 원하도록 하세요.
""",
    ),
    (
        "edit",
        "0-1",
        """
hello_yaml = '''
apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: hello
spec:
  replica: 2
  selector:
    matchLabels:
      app: hello
  template:
    metadata:
      labels:
        app: hello
    spec:
      containers:
        - name: hello
          image: nginx:1.25
'''
print(ks.check(hello_yaml, lang="ko"))
""",
        """
hello_yaml = '''
apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
spec:
  replicas: 2
  selector:
    matchLabels:
      app: hello
  template:
    metadata:
      labels:
        app: hello
    spec:
      containers:
        - name: hello
          image: nginx:1.25
'''
print(ks.check(hello_yaml, lang="ko"))
""",
    ),
    (
        "check",
        "0-1",
        """
from kubesim.exercises import check, expect
from kubesim.testing import assert_manifest_ok


def two_replicas():
    [d] = ks.load(hello_yaml)
    expect(d.spec.replicas == 2, f"spec.replicas가 {d.spec.replicas}입니다. 2여야 합니다")


check("연습 0-1", lambda: assert_manifest_ok(hello_yaml, kind="Deployment", lang="ko"), two_replicas)
""",
    ),
    (
        "md",
        """
### 연습 0-2: 경고까지 없애기

오류가 없어도 `ks.check`는 좋은 습관을 권하는 **경고**를 냅니다. 아래 Pod 매니페스트를 고쳐서
오류도 경고도 없게 하세요. (힌트: 스케줄러가 Pod를 배치하려면 무엇이 필요할까요? 메모리를 얼마까지 쓸 수 있나요? 이미지 태그는?
Pod가 요청을 받을 준비가 되었는지는 어떻게 알까요?)
""",
    ),
    (
        "edit",
        "0-2",
        """
web_pod = '''
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx
'''
print(ks.check(web_pod, lang="ko"))
""",
        """
web_pod = '''
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.25
      resources:
        requests:
          cpu: 100m
          memory: 128Mi
        limits:
          memory: 256Mi
      readinessProbe:
        httpGet:
          path: /
          port: 80
'''
print(ks.check(web_pod, lang="ko"))
""",
    ),
    (
        "check",
        "0-2",
        """
from kubesim.exercises import check
from kubesim.testing import assert_manifest_ok

check("연습 0-2", lambda: assert_manifest_ok(web_pod, warnings=False, kind="Pod", lang="ko"))
""",
    ),
]
