"""The Korean glossary (docs/glossary.md) is applied: no forbidden variant of a term in the
sources, the lessons or the Korean the simulator shows; no mechanical particle (을(를)) in
anything a student reads; no Go map printing or English connectives inside Korean text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import kubesim as ks

ROOT = Path(__file__).resolve().parents[2]
HANGUL = re.compile(r"[\uac00-\ud7a3]")
MARKERS = (
    "을(를)",
    "를(을)",
    "이(가)",
    "가(이)",
    "은(는)",
    "는(은)",
    "와(과)",
    "과(와)",
    "(으)로",
    "(이)라",
)
ENGLISH_GLUE = re.compile(r"(?<![\w.\-/`'\"])(and|or|the|is|are|not|of)(?![\w\-/`'\"])")


def forbidden() -> list[str]:
    """The third column of the glossary's table: the variants never to write."""
    words = []
    text = (ROOT / "docs" / "glossary.md").read_text()
    for line in text.split("\n## ")[0].splitlines():  # the terms' table, before the particles
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and HANGUL.search(cells[2]) and not cells[2].startswith("쓰지"):
            words += [w.strip() for w in cells[2].split(",") if w.strip()]
    return words


def test_the_glossary_lists_the_variants() -> None:
    words = forbidden()
    for w in ["파드", "데몬셋", "레플리카셋", "디플로이먼트", "스테이트풀셋", "라벨"]:
        assert w in words


def _korean_lines(path: Path) -> Iterator[tuple[int, str]]:
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text())["cells"]
        text = "\n".join("".join(c["source"]) for c in cells)
    else:
        text = path.read_text()
    for n, line in enumerate(text.splitlines(), 1):
        if HANGUL.search(line):
            yield n, line


def _sources() -> list[Path]:
    files = [*ROOT.glob("src/**/*.rs"), *ROOT.glob("python/kubesim/*.py")]
    files += [*ROOT.glob("tools/notebooks/*.py"), *ROOT.glob("notebooks/*.ipynb")]
    files += [*ROOT.glob("instructors/**/*.ipynb"), *ROOT.glob("docs/*.md")]
    # glossary.md names the variants; src/ko.rs spells words as they are read (`Pod` 파드).
    return sorted(f for f in files if f.name not in ("glossary.md", "ko.rs"))


def test_no_forbidden_variant_in_the_sources_and_lessons() -> None:
    words = forbidden()
    found = [
        f"{path.relative_to(ROOT)}:{n}: {w}: {line.strip()[:100]}"
        for path in _sources()
        for n, line in _korean_lines(path)
        for w in words
        if w in line
    ]
    assert not found, f"{len(found)} forbidden variant(s):\n" + "\n".join(found)


def test_lessons_have_real_particles() -> None:
    files = [*ROOT.glob("tools/notebooks/*.py"), *ROOT.glob("notebooks/*"), *ROOT.glob("docs/*.md")]
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()[:100]}"
        for path in files
        if path.name != "glossary.md" and path.is_file()
        for n, line in _korean_lines(path)
        if any(m in line for m in MARKERS)
    ]
    assert not found, "\n".join(found)


# --- what the simulator shows in Korean ---------------------------------------------------

BROKEN = [
    # selector/template mismatch, no requests: Go's map printing and "cpu and memory" used to leak
    """apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: webapp}}
    spec: {containers: [{name: web, image: nginx}]}
""",
    "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: old}\n",
    """apiVersion: apps/v1
kind: DaemonSet
metadata: {name: my-daemonset}
spec:
  selector:
    matchLables: {app: my-app}
    template:
      metadata: {labels: {app: my-app}}
      spec: {containers: [{name: nginx, image: nginx}]}
""",
    """apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: "Bad_Name"
  replicas: yes
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: "postgres:16", resources: {requests: {cpu: 2x}}}]
""",
    """apiVersion: batch/v1
kind: CronJob
metadata: {name: backup}
spec:
  schedule: "0 2 * *"
  timeZone: Mars/Olympus
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Always
          containers: [{name: b, image: busybox}]
""",
]

SCENARIO = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "nginx:1.20"}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: a, image: busybox}]}
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec: {clusterIP: None, selector: {app: db}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: "postgres:16"}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: tick}
spec:
  schedule: "*/5 * * * *"
  successfulJobsHistoryLimit: 1
  jobTemplate:
    spec:
      completions: 2
      template:
        spec:
          restartPolicy: Never
          containers: [{name: t, image: busybox}]
"""


def korean_output() -> list[str]:
    """Korean text from many paths: diagnostics and hints, controller and scheduler
    reasons, explanations, kubectl errors."""
    out: list[str] = []
    for text in BROKEN:
        out += [line for line in str(ks.check(text, lang="ko")).splitlines()]
    c = ks.Cluster(lang="ko")
    c.apply(SCENARIO)
    c.run()
    c.set_image("deployment/web", web="nginx:1.21")
    c.kubectl("scale statefulset db --replicas=1")
    c.kubectl("run stray --image=nginx --labels=app=web")
    c.add_node("extra", labels={"disk": "ssd"})
    c.taint("kind-worker3", "maintenance=true:NoExecute")
    c.advance("12m")
    c.remove_node("extra")
    c.run()
    out += [s.reason for s in c.trace()]
    for pod in c.pods():
        out += c.explain(f"pod/{pod.name}").splitlines()
    out += c.explain("daemonset/agent").splitlines()
    for bad in [
        "get pods nothing-here",
        "scale deployment web --replicas=x",
        "taint nodes kind-worker bad",
        "rollout undo deployment/web --to-revision=99",
        "create deployment web --image=nginx",
        "get pods -o yamll",
    ]:
        try:
            c.kubectl(bad)
        except ks.KubectlError as error:
            out += str(error).splitlines()
    for action in ks.reconcile(ks.load(SCENARIO)[0], observed=[], lang="ko"):
        out.append(action.reason)
    return [line for line in out if HANGUL.search(line)]


@pytest.fixture(scope="module")
def shown() -> list[str]:
    return korean_output()


def test_korean_output_is_plentiful(shown: list[str]) -> None:
    assert len(shown) > 40


def test_korean_output_uses_the_glossary(shown: list[str]) -> None:
    words = forbidden()
    bad = [line for line in shown if any(w in line for w in words)]
    assert not bad, "\n".join(bad)


def test_korean_output_has_real_particles(shown: list[str]) -> None:
    bad = [line for line in shown if any(m in line for m in MARKERS)]
    assert not bad, "\n".join(bad)


def test_no_go_maps_or_english_glue_in_korean(shown: list[str]) -> None:
    bad = [line for line in shown if "map[" in line or ENGLISH_GLUE.search(line)]
    assert not bad, "\n".join(bad)


def test_python_messages_resolve_their_particles() -> None:
    from kubesim.testing import KubesimAssertionError, assert_pods

    c = ks.Cluster(lang="ko")
    with pytest.raises(KubesimAssertionError) as info:
        assert_pods(c, "deployment/nothing", count=1, lang="ko")
    text = str(info.value)
    assert HANGUL.search(text)
    assert not any(m in text for m in MARKERS), text
    assert ks.ko_particles("statefulset/web은(는) 호텔이(가) 아닙니다") == (
        "statefulset/web은 호텔이 아닙니다"
    )
