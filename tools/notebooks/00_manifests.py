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
]
