"""kubesim: the Kubernetes workload controllers, re-implemented in Rust and run in a small,
deterministic cluster simulator, for lessons in notebooks and for grading in pytest.

>>> import kubesim as ks
>>> [deploy] = ks.load("deployment.yaml")            # doctest: +SKIP
>>> deploy.spec.strategy.rolling_update.max_surge    # doctest: +SKIP
'25%'
>>> report = ks.check("deployment.yaml", lang="ko")  # doctest: +SKIP
>>> report.ok, [d.code for d in report.errors]       # doctest: +SKIP
(False, ['unknown-field'])
"""

from __future__ import annotations

from kubesim._core import (
    KUBERNETES_VERSION,
    CronIterator,
    CronJob,
    CronSchedule,
    DaemonSet,
    Deployment,
    Diagnostic,
    Fields,
    Job,
    KubeObject,
    Node,
    PersistentVolumeClaim,
    Pod,
    ReplicaSet,
    Report,
    Service,
    StatefulSet,
    __version__,
    check,
    get_lang,
    load,
    selector_matches,
    set_lang,
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
    "CronIterator",
    "CronJob",
    "CronSchedule",
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
    "Pod",
    "QuantityError",
    "ReplicaSet",
    "Report",
    "SelectorError",
    "Service",
    "SourceError",
    "StatefulSet",
    "__version__",
    "check",
    "get_lang",
    "load",
    "selector_matches",
    "set_lang",
]
