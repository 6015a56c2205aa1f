"""Lesson 20 (Korean): the real kubectl against a served kubesim cluster (`Cluster.serve`)."""

CELLS = [
    (
        "md",
        """
# 20. 진짜 kubectl로 kubesim 클러스터 다루기

`Cluster.serve()`는 kubesim 클러스터 앞에 **Kubernetes API 서버**를 띄웁니다.
그러면 Docker도 kind도 없이, 터미널에서 쓰던 **진짜 `kubectl`**(그리고 공식 Python 클라이언트)이
이 노트북의 클러스터를 그대로 조작합니다. 시계는 벽시계를 따라 흐르고(`speed=10`이면 10배 빠르게),
컨트롤러와 스케줄러가 그동안 일을 합니다.

kubeconfig와 kubectl 캐시는 임시 폴더에 두어서 `~/.kube`는 건드리지 않습니다.
""",
    ),
    (
        "code",
        """
import os
import tempfile
from pathlib import Path

import kubesim as ks

work = Path(tempfile.mkdtemp(prefix="kubesim-"))
c = ks.Cluster()
endpoint = c.serve(speed=10, kubeconfig=work / "kubeconfig")
os.environ["KUBECONFIG"] = endpoint.kubeconfig
os.environ["KUBECACHEDIR"] = str(work / "cache")
endpoint
""",
    ),
    (
        "md",
        """
## 노드 확인

kind 클러스터처럼 control-plane 노드 1개와 worker 노드 3개가 보입니다.
""",
    ),
    ("code", "!kubectl get nodes"),
    (
        "md",
        """
## 실습 과제 1: Deployment 생성 및 업데이트

강의 노트의 명령을 그대로 입력합니다.
""",
    ),
    (
        "code",
        """
!kubectl create deployment nginx --image=nginx:1.20 --replicas=3
!kubectl rollout status deployment/nginx
!kubectl get deployments,rs,pods
""",
    ),
    (
        "md",
        """
같은 클러스터를 Python에서도 봅니다. `c.kubectl(...)`은 진짜 kubectl과 같은 표를 출력합니다.
""",
    ),
    (
        "code",
        """
print(c.kubectl("get deployments"))
[p.metadata.name for p in c.pods(selector="app=nginx")]
""",
    ),
    (
        "code",
        """
!kubectl set image deployment/nginx nginx=nginx:1.21
!kubectl rollout status deployment/nginx
!kubectl rollout history deployment/nginx
""",
    ),
    (
        "md",
        """
## 시간 건너뛰기

CronJob 실습처럼 오래 기다려야 할 때는 `kubesim advance 1h`(터미널)로 시계를 앞으로 돌립니다.
노트북에서는 같은 일을 `c.advance("1h")`로 할 수 있습니다.
""",
    ),
    (
        "code",
        """
c.advance("1h")
!kubectl get pods
""",
    ),
    (
        "md",
        """
## 정리

서버를 멈춥니다. 터미널에서는 `kubesim serve`를 실행하고 Ctrl+C로 멈추면 됩니다.
""",
    ),
    ("code", "endpoint.stop()\nendpoint"),
]
