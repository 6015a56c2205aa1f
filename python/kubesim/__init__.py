"""kubesim: the Kubernetes workload controllers, re-implemented in Rust and run in a small,
deterministic cluster simulator, for lessons in notebooks and for grading in pytest.

>>> import kubesim as ks
>>> [deploy] = ks.load("deployment.yaml")            # doctest: +SKIP
>>> deploy.spec.strategy.rolling_update.max_surge    # doctest: +SKIP
'25%'
"""

from __future__ import annotations

from kubesim._core import (
    KUBERNETES_VERSION,
    CronJob,
    DaemonSet,
    Deployment,
    Diagnostic,
    Fields,
    Job,
    KubeObject,
    Node,
    PersistentVolumeClaim,
    Placement,
    Pod,
    ReplicaSet,
    Service,
    StatefulSet,
    __version__,
    daemon_pod_tolerations,
    load,
    selector_matches,
    should_run_daemon_pod,
    tolerates,
)
from kubesim.errors import (
    CronError,
    KubesimError,
    ManifestError,
    NotFound,
    QuantityError,
    SelectorError,
    SourceError,
)

__all__ = [
    "KUBERNETES_VERSION",
    "CronError",
    "CronJob",
    "DaemonSet",
    "Deployment",
    "Diagnostic",
    "Fields",
    "Job",
    "KubeObject",
    "KubesimError",
    "ManifestError",
    "Node",
    "NotFound",
    "PersistentVolumeClaim",
    "Placement",
    "Pod",
    "QuantityError",
    "ReplicaSet",
    "SelectorError",
    "Service",
    "SourceError",
    "StatefulSet",
    "__version__",
    "daemon_pod_tolerations",
    "load",
    "selector_matches",
    "should_run_daemon_pod",
    "tolerates",
]
