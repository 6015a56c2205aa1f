"""kubesim's ``check`` against kubernetes-validate, on the same manifests, in one run.

Two sets of manifests: the valid files of the real-world corpus (tests/fixtures/real-world), and
student mistakes, each one small edit of a valid Deployment (a misspelt field, a field at
the wrong level, a string where a number belongs, a selector that does not match, a Job
whose pods never finish, ...). Both tools get the YAML text: kubesim's time includes its
own YAML parsing, kubernetes-validate's includes PyYAML's, with strict mode (unknown fields
are errors) against the Kubernetes 1.36 schema.

Prints the median time per manifest for each, the ratio, and which mistakes each tool
catches (an error is "caught"; kubesim's warnings do not count).

    python benches/check_vs_kubernetes_validate.py [--repeat 15] [--corpus DIR]

DIR defaults to tests/fixtures/real-world.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import kubernetes_validate
import yaml

import kubesim as ks

K8S_VERSION = "1.36.0"

BASE = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
        resources:
          requests: {cpu: 100m, memory: 64Mi}
          limits: {memory: 128Mi}
"""

JOB = """\
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: pi
        image: perl:5.34
"""

CRONJOB = """\
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup}
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: backup
            image: busybox:1.36
"""

# The pod template of BASE, and the same block indented one level too far (under selector).
TEMPLATE = BASE[BASE.index("  template:") :]
TEMPLATE_UNDER_SELECTOR = "".join("  " + line for line in TEMPLATE.splitlines(keepends=True))

# (name, base manifest, text to replace, replacement): each a mistake students make.
MISTAKES = [
    ("misspelt matchLabels", BASE, "matchLabels: {app: web}", "matchLables: {app: web}"),
    ("misspelt field (replica)", BASE, "replicas: 3", "replica: 3"),
    ("field with a capital (Image)", BASE, "image: nginx", "Image: nginx"),
    (
        "containers under spec, not template.spec",
        BASE,
        "  template:\n",
        "  containers: []\n  template:\n",
    ),
    ("template indented under selector", BASE, TEMPLATE, TEMPLATE_UNDER_SELECTOR),
    ("replicas as a string", BASE, "replicas: 3", 'replicas: "3"'),
    (
        "ports as a mapping",
        BASE,
        "        ports:\n        - containerPort: 80",
        "        ports:\n          containerPort: 80",
    ),
    (
        "label value 'on' (YAML 1.1 boolean)",
        BASE,
        "labels: {app: web}\nspec",
        "labels: {app: web, enabled: on}\nspec",
    ),
    (
        "selector does not match labels",
        BASE,
        "matchLabels: {app: web}",
        "matchLabels: {app: frontend}",
    ),
    ("no selector", BASE, "  selector:\n    matchLabels: {app: web}\n", ""),
    ("negative replicas", BASE, "replicas: 3", "replicas: -1"),
    (
        "maxSurge and maxUnavailable both 0",
        BASE,
        "replicas: 3",
        "replicas: 3\n  strategy:\n    rollingUpdate: {maxSurge: 0, maxUnavailable: 0}",
    ),
    (
        "maxUnavailable above 100%",
        BASE,
        "replicas: 3",
        "replicas: 3\n  strategy:\n    rollingUpdate: {maxUnavailable: 150%}",
    ),
    (
        "strategy type in lower case",
        BASE,
        "replicas: 3",
        "replicas: 3\n  strategy: {type: recreate}",
    ),
    ("name with capitals and underscore", BASE, "name: web\n  labels", "name: Web_App\n  labels"),
    ("label value with a space", BASE, "labels: {app: web}\nspec", "labels: {app: my web}\nspec"),
    (
        "duplicate container names",
        BASE,
        "      - name: web\n",
        "      - name: web\n        image: busybox:1.36\n      - name: web\n",
    ),
    ("container without image", BASE, "        image: nginx:1.27\n", ""),
    ("containerPort out of range", BASE, "containerPort: 80", "containerPort: 80800"),
    ("request above limit", BASE, "memory: 64Mi}", "memory: 256Mi}"),
    ("memory written 128MB", BASE, "memory: 128Mi}", "memory: 128MB}"),
    (
        "imagePullPolicy in lower case",
        BASE,
        "image: nginx:1.27\n",
        "image: nginx:1.27\n        imagePullPolicy: always\n",
    ),
    (
        "restartPolicy Never in a Deployment",
        BASE,
        "    spec:\n      containers",
        "    spec:\n      restartPolicy: Never\n      containers",
    ),
    (
        "probe without a handler",
        BASE,
        "image: nginx:1.27\n",
        "image: nginx:1.27\n        readinessProbe: {periodSeconds: 5}\n",
    ),
    (
        "mount of a volume that does not exist",
        BASE,
        "image: nginx:1.27\n",
        "image: nginx:1.27\n        volumeMounts: [{name: data, mountPath: /data}]\n",
    ),
    ("duplicate key", BASE, "replicas: 3", "replicas: 3\n  replicas: 2"),
    ("tab in indentation", BASE, "  replicas: 3", "\treplicas: 3"),
    ("removed apiVersion", BASE, "apiVersion: apps/v1", "apiVersion: extensions/v1beta1"),
    ("Job without restartPolicy", JOB, "      restartPolicy: Never\n", ""),
    ("Job with restartPolicy Always", JOB, "restartPolicy: Never", "restartPolicy: Always"),
    ("CronJob with six fields", CRONJOB, '"0 2 * * *"', '"0 0 2 * * *"'),
    ("CronJob with TZ= in schedule", CRONJOB, '"0 2 * * *"', '"TZ=Asia/Seoul 0 2 * * *"'),
    ("CronJob time zone KST", CRONJOB, '"0 2 * * *"', '"0 2 * * *"\n  timeZone: KST'),
]


def kubesim_errors(text: str) -> bool:
    return not ks.check(text).ok


def kubernetes_validate_errors(text: str) -> bool:
    try:
        docs = [d for d in yaml.safe_load_all(text) if d is not None]
        for doc in docs:
            kubernetes_validate.validate(doc, K8S_VERSION, strict=True)
    except Exception:  # every failure (YAML, schema, strict) counts as catching the mistake
        return True
    return False


def median_seconds(fn: Callable[[str], object], text: str, repeat: int) -> float:
    fn(text)  # warm up caches (kubernetes-validate loads its schema on first use)
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(text)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(__file__).parents[1] / "tests" / "fixtures" / "real-world",
    )
    args = parser.parse_args()

    cases: list[tuple[str, str, bool]] = []  # (name, text, is_mistake)
    files = sorted(args.corpus.glob("*.y*ml"))
    if not files:
        parser.error(f"{args.corpus}: no *.yaml files (the corpus is tests/fixtures/real-world)")
    for f in files:
        text = f.read_text(encoding="utf-8")
        if ks.check(text).ok:
            cases.append((f.name, text, False))
    for name, base, old, new in MISTAKES:
        assert old in base, name
        cases.append((name, base.replace(old, new, 1), True))

    print(f"{'manifest':<58} {'kubesim':>10} {'k8s-validate':>13} {'ratio':>7}  caught")
    ratios = []
    total = {"kubesim": 0.0, "kubernetes-validate": 0.0}
    caught = {"kubesim": 0, "kubernetes-validate": 0}
    false_alarms = {"kubesim": 0, "kubernetes-validate": 0}
    for name, text, mistake in cases:
        t_ks = median_seconds(kubesim_errors, text, args.repeat)
        t_kv = median_seconds(kubernetes_validate_errors, text, args.repeat)
        ratios.append(t_kv / t_ks)
        total["kubesim"] += t_ks
        total["kubernetes-validate"] += t_kv
        ks_err, kv_err = kubesim_errors(text), kubernetes_validate_errors(text)
        if mistake:
            caught["kubesim"] += ks_err
            caught["kubernetes-validate"] += kv_err
            mark = f"ks={'yes' if ks_err else 'NO '} kv={'yes' if kv_err else 'NO '}"
        else:
            false_alarms["kubesim"] += ks_err
            false_alarms["kubernetes-validate"] += kv_err
            mark = "(valid)" + (" kv error!" if kv_err else "")
        print(
            f"{name[:58]:<58} {t_ks * 1e6:>8.0f}us {t_kv * 1e3:>11.2f}ms "
            f"{t_kv / t_ks:>6.0f}x  {mark}"
        )

    n_mistakes = len(MISTAKES)
    n_valid = len(cases) - n_mistakes
    print()
    print(f"median ratio (kubernetes-validate / kubesim): {statistics.median(ratios):.0f}x")
    print(
        f"sum of medians: kubesim {total['kubesim'] * 1e3:.1f} ms, "
        f"kubernetes-validate {total['kubernetes-validate'] * 1e3:.1f} ms "
        f"for {len(cases)} manifests"
    )
    for tool in caught:
        print(
            f"{tool}: caught {caught[tool]}/{n_mistakes} mistakes, "
            f"{false_alarms[tool]} errors on {n_valid} valid manifests"
        )


if __name__ == "__main__":
    main()
