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
    Action,
    Cluster,
    CronIterator,
    CronJob,
    CronSchedule,
    DaemonSet,
    Deployment,
    Diagnostic,
    Event,
    Fields,
    Job,
    KubeObject,
    Node,
    PersistentVolumeClaim,
    Pod,
    ReplicaSet,
    Service,
    StatefulSet,
    Step,
    Trace,
    __version__,
    load,
    reconcile,
    selector_matches,
)
from kubesim.errors import (
    CronError,
    KubectlError,
    KubesimError,
    ManifestError,
    NotFound,
    QuantityError,
    SelectorError,
    SimulationError,
    SourceError,
)

__all__ = [
    "KUBERNETES_VERSION",
    "Action",
    "Cluster",
    "CronError",
    "CronIterator",
    "CronJob",
    "CronSchedule",
    "DaemonSet",
    "Deployment",
    "Diagnostic",
    "Event",
    "Fields",
    "Job",
    "KubeObject",
    "KubectlError",
    "KubesimError",
    "ManifestError",
    "Node",
    "NotFound",
    "PersistentVolumeClaim",
    "Pod",
    "QuantityError",
    "ReplicaSet",
    "SelectorError",
    "Service",
    "SimulationError",
    "SourceError",
    "StatefulSet",
    "Step",
    "Trace",
    "__version__",
    "load",
    "reconcile",
    "selector_matches",
]
