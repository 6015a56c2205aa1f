"""`kubesim serve` driven by the real kubectl and the official Python client.

The exercises are those of the course's lecture 004 ("실습 과제"): kubectl commands typed at
a terminal. Each table kubectl prints from the served API is compared with what
``Cluster.kubectl`` prints for the same state (one implementation of the printers).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import kubesim as ks

KUBECTL = shutil.which("kubectl")
pytestmark = pytest.mark.skipif(
    KUBECTL is None, reason="no kubectl (tools/install-test-deps.sh installs one)"
)

# The manifests of lecture 004 (shared/seeds/004_2ce743013d2b7bb7.txt, sections 12-15), as
# the exercises create them with `kubectl create -f`.
MYSQL_HEADLESS_SVC = """\
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
"""
MYSQL_STATEFULSET = """\
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
"""
NODE_EXPORTER = """\
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
      tolerations: # Control Plane도 포함
        - key: node-role.kubernetes.io/control-plane
          effect: NoSchedule
      containers:
        - name: node-exporter
          image: prom/node-exporter:latest
          ports:
            - containerPort: 9100
"""
BACKUP_CRONJOB = """\
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
"""


class Kubectl:
    """Runs the real kubectl against a served cluster, with its own HOME (cache) and
    kubeconfig: nothing of the user's ~/.kube is read or written."""

    def __init__(self, home: Path, kubeconfig: Path) -> None:
        self.home = home
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "KUBECONFIG": str(kubeconfig),
        }

    def run(
        self, *args: str, check: bool = True, timeout: float = 60
    ) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [KUBECTL, *args],
            env=self.env,
            cwd=self.home,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"kubectl {' '.join(args)} failed: {done.stderr}")
        return done

    def __call__(self, *args: str, timeout: float = 60) -> str:
        return self.run(*args, timeout=timeout).stdout

    def write(self, name: str, text: str) -> str:
        (self.home / name).write_text(text, encoding="utf-8")
        return name


def advance(kubeconfig: Path, duration: str) -> None:
    """`kubesim advance` against the running server."""
    done = subprocess.run(
        [sys.executable, "-m", "kubesim.cli", "advance", duration, "--kubeconfig", str(kubeconfig)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("Z")


@pytest.fixture
def frozen(tmp_path: Path):
    """A served cluster whose clock moves only with `kubesim advance`, so that kubectl's
    tables and Cluster.kubectl's can be compared to the character."""
    cluster = ks.Cluster()
    kubeconfig = tmp_path / "kubeconfig"
    with cluster.serve(speed=0, kubeconfig=kubeconfig) as endpoint:
        yield cluster, Kubectl(tmp_path, kubeconfig), kubeconfig, endpoint


@pytest.fixture
def live(tmp_path: Path):
    """A served cluster whose clock runs 30 times faster than the wall clock."""
    cluster = ks.Cluster()
    kubeconfig = tmp_path / "kubeconfig"
    with cluster.serve(speed=30, kubeconfig=kubeconfig) as endpoint:
        yield cluster, Kubectl(tmp_path, kubeconfig), endpoint


def same_table(cluster: ks.Cluster, kubectl: Kubectl, command: str) -> str:
    printed = kubectl(*command.split())
    assert printed == cluster.kubectl(command), command
    return printed


def test_seed_004_exercises_print_what_cluster_kubectl_prints(frozen) -> None:
    cluster, kubectl, kubeconfig, _ = frozen
    assert "kind-control-plane" in same_table(cluster, kubectl, "get nodes")
    # 1. Deployment 생성 및 업데이트
    out = kubectl("create", "deployment", "nginx", "--image=nginx:1.20", "--replicas=3")
    assert out == "deployment.apps/nginx created\n"
    advance(kubeconfig, "1m")
    for command in ["get deployments", "get rs", "get pods", "get pods -o wide"]:
        same_table(cluster, kubectl, command)
    assert "3/3" in kubectl("get", "deployments")
    out = kubectl("set", "image", "deployment/nginx", "nginx=nginx:1.21")
    assert out == "deployment.apps/nginx image updated\n"
    advance(kubeconfig, "5m")
    assert kubectl("rollout", "status", "deployment/nginx") == (
        'deployment "nginx" successfully rolled out\n'
    )
    history = kubectl("rollout", "history", "deployment/nginx")
    assert history.splitlines()[2:4] == ["1         <none>", "2         <none>"]
    assert kubectl("rollout", "undo", "deployment/nginx") == "deployment.apps/nginx rolled back\n"
    advance(kubeconfig, "5m")
    assert "nginx:1.20" in kubectl("get", "deploy", "nginx", "-o", "wide")
    out = kubectl("rollout", "undo", "deployment/nginx", "--to-revision=2")
    assert out == "deployment.apps/nginx rolled back\n"
    advance(kubeconfig, "5m")
    same_table(cluster, kubectl, "get rs -o wide")
    # 2. StatefulSet 실습
    svc = kubectl.write("mysql-headless-svc.yaml", MYSQL_HEADLESS_SVC)
    sts = kubectl.write("mysql-statefulset.yaml", MYSQL_STATEFULSET)
    assert kubectl("create", "-f", svc) == "service/mysql created\n"
    assert kubectl("create", "-f", sts) == "statefulset.apps/mysql created\n"
    advance(kubeconfig, "5m")
    pods = same_table(cluster, kubectl, "get pods -l app=mysql")
    assert [line.split()[0] for line in pods.splitlines()[1:]] == ["mysql-0", "mysql-1", "mysql-2"]
    same_table(cluster, kubectl, "get svc,pvc")
    # 3. DaemonSet 실습
    ds = kubectl.write("node-exporter-daemonset.yaml", NODE_EXPORTER)
    assert kubectl("create", "-f", ds) == "daemonset.apps/node-exporter created\n"
    advance(kubeconfig, "2m")
    wide = same_table(cluster, kubectl, "get pods -o wide")
    assert wide.count("node-exporter-") == 4
    # 4. CronJob 실습
    cj = kubectl.write("backup-cronjob.yaml", BACKUP_CRONJOB)
    assert kubectl("create", "-f", cj) == "cronjob.batch/backup created\n"
    same_table(cluster, kubectl, "get cronjobs")
    advance(kubeconfig, "1d")
    jobs = same_table(cluster, kubectl, "get jobs")
    assert "backup-" in jobs
    same_table(cluster, kubectl, "get all")
    same_table(cluster, kubectl, "get pods -A --show-labels")
    # A second create is refused as the API server refuses it.
    again = kubectl.run("create", "-f", cj, check=False)
    assert again.returncode == 1
    assert 'cronjobs.batch "backup" already exists' in again.stderr


def test_everyday_commands(live) -> None:
    cluster, kubectl, endpoint = live
    manifest = kubectl.write(
        "web.yaml",
        """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.14
""",
    )
    assert kubectl("apply", "-f", manifest) == "deployment.apps/web created\n"
    assert kubectl("apply", "-f", manifest) == "deployment.apps/web unchanged\n"
    (kubectl.home / manifest).write_text(
        (kubectl.home / manifest).read_text().replace("nginx:1.14", "nginx:1.16")
    )
    assert kubectl("apply", "-f", manifest) == "deployment.apps/web configured\n"
    # The clock follows the wall clock: rollout status watches real progress.
    out = kubectl("rollout", "status", "deployment/web", "--timeout=60s")
    assert out.endswith('deployment "web" successfully rolled out\n')
    assert cluster.get("deployment/web").spec.template.spec.containers[0].image == "nginx:1.16"
    assert kubectl("scale", "deployment", "web", "--replicas=2") == "deployment.apps/web scaled\n"
    assert kubectl("label", "deployment", "web", "tier=front") == "deployment.apps/web labeled\n"
    assert kubectl("get", "deploy", "web", "-o", "jsonpath={.spec.replicas}") == "2"
    assert kubectl("get", "deploy", "web", "-o", "jsonpath={.metadata.labels.tier}") == "front"
    assert "kind: Deployment" in kubectl("get", "deploy", "web", "-o", "yaml")
    assert '"replicas": 2' in kubectl("get", "deploy", "web", "-o", "json")
    assert "Replicas:" in kubectl("describe", "deployment", "web")
    assert "ScalingReplicaSet" in kubectl("get", "events")
    # Nodes: taint, cordon, drain.
    out = kubectl("taint", "nodes", "kind-worker2", "k=v:NoSchedule")
    assert out == "node/kind-worker2 tainted\n"
    assert kubectl("cordon", "kind-worker") == "node/kind-worker cordoned\n"
    assert "SchedulingDisabled" in kubectl("get", "nodes")
    out = kubectl("drain", "kind-worker", "--ignore-daemonsets", "--timeout=60s", timeout=90)
    assert out.endswith("node/kind-worker drained\n")
    assert not [p for p in cluster.pods() if p.spec.node_name == "kind-worker"]
    # get -w streams changes until the request times out.
    watch = kubectl.run("get", "deploy", "-w", "--request-timeout=3s", check=False, timeout=30)
    assert watch.stdout.splitlines()[0].split()[:2] == ["NAME", "READY"]
    assert "web" in watch.stdout
    # Logs: what the simulator knows (a DNS lookup's answer).
    kubectl.write("mysql-headless-svc.yaml", MYSQL_HEADLESS_SVC)
    kubectl.write("mysql-statefulset.yaml", MYSQL_STATEFULSET)
    kubectl("create", "-f", "mysql-headless-svc.yaml")
    kubectl("create", "-f", "mysql-statefulset.yaml")
    kubectl("rollout", "status", "statefulset/mysql", "--timeout=60s")
    kubectl("run", "debug", "--image=busybox", "--restart=Never", "--", "nslookup", "mysql-0.mysql")
    for _ in range(100):
        if cluster.get("pod/debug").status.phase != "Pending":
            break
        time.sleep(0.1)
    log = kubectl("logs", "debug")
    assert log == cluster.nslookup("mysql-0.mysql")
    assert "Address" in log
    # What kubesim does not simulate says so.
    exec_ = kubectl.run("exec", "mysql-0", "--", "ls", check=False, timeout=30)
    assert exec_.returncode != 0
    assert "runs no containers" in exec_.stderr, exec_.stderr
    # Deletion waits until the object is gone.
    assert kubectl("delete", "deployment", "web") == 'deployment.apps "web" deleted\n'
    missing = kubectl.run("get", "deployment", "web", check=False)
    assert 'deployments.apps "web" not found' in missing.stderr
    # The token is required.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{endpoint.url}/api/v1/pods", timeout=10)
    assert refused.value.code == 401


def test_official_python_client_lists_creates_patches_and_watches(live) -> None:
    kubernetes = pytest.importorskip("kubernetes")
    from kubernetes import client, config, watch

    cluster, kubectl, _ = live
    api_client = config.new_client_from_config(config_file=kubectl.env["KUBECONFIG"])
    core = client.CoreV1Api(api_client)
    apps = client.AppsV1Api(api_client)
    nodes = core.list_node()
    assert sorted(n.metadata.name for n in nodes.items) == sorted(cluster.node_names())
    body = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "py"},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "py"}},
            "template": {
                "metadata": {"labels": {"app": "py"}},
                "spec": {"containers": [{"name": "c", "image": "nginx:1.14"}]},
            },
        },
    }
    created = apps.create_namespaced_deployment("default", body)
    assert created.metadata.generation == 1
    patched = apps.patch_namespaced_deployment(
        "py",
        "default",
        {"spec": {"template": {"spec": {"containers": [{"name": "c", "image": "nginx:1.16"}]}}}},
    )
    assert patched.spec.template.spec.containers[0].image == "nginx:1.16"
    assert patched.metadata.generation == 2
    seen = []
    w = watch.Watch()
    for event in w.stream(
        core.list_namespaced_pod, "default", label_selector="app=py", timeout_seconds=3
    ):
        seen.append((event["type"], event["object"].metadata.name))
    assert {t for t, _ in seen} >= {"ADDED"}
    assert all(name.startswith("py-") for _, name in seen)
    with pytest.raises(client.exceptions.ApiException) as missing:
        apps.read_namespaced_deployment("nope", "default")
    assert missing.value.status == 404
    del kubernetes
