"""Every manifest in the course material and the real-world corpus loads, or is refused
with a clear error naming its line when the manifest itself is broken."""

from __future__ import annotations

from pathlib import Path

import pytest

import kubesim as ks
from conftest import yaml_blocks

# Real-world files that are genuinely broken, with the error each must get and its line.
BROKEN_REAL_WORLD = {
    "website-controllers-job-pod-failure-policy-ignore.yaml": ("yaml-syntax", 24),
    "kubernetes-addons-kube-proxy-ds.yaml": ("template-not-yaml", 37),
    "fluent-bit-elasticsearch-fluent-bit-ds.yaml": ("removed-api-version", 1),
    "website-application-job-cronjob.yaml": ("removed-api-version", 1),
    # requiredDuringScheduling... is a NodeSelector (a mapping), written here as a list.
    "website-pods-pod-with-node-affinity.yaml": ("type-error", 8),
    # No metadata at all: the API server requires a name or generateName.
    "website-controllers-job-success-policy-example.yaml": ("missing-name", 1),
}


def test_real_world_corpus(real_world: Path) -> None:
    files = sorted(real_world.glob("*.y*ml"))
    assert len(files) > 40
    loaded = 0
    for f in files:
        expected = BROKEN_REAL_WORLD.get(f.name)
        if expected is None:
            objs = ks.load(f)
            assert objs, f.name
            assert all(o.name for o in objs), f.name
            loaded += 1
            continue
        with pytest.raises(ks.ManifestError) as info:
            ks.load(f)
        first = info.value.diagnostics[0]
        assert (first.code, first.line) == expected, f"{f.name}: {first}"
        assert first.file == str(f)
        assert first.message, f.name
        assert first.hint, f"{f.name}: a broken file deserves a hint"
    assert loaded == len(files) - len(BROKEN_REAL_WORLD)


def test_seed_004_deployment_is_rolling_update_25_percent(seeds: Path) -> None:
    text = (seeds / "004_2ce743013d2b7bb7.txt").read_text(encoding="utf-8")
    deployments = [block for _, block in yaml_blocks(text) if "kind: Deployment" in block]
    [d] = ks.load(deployments[0])
    assert isinstance(d, ks.Deployment)
    assert d.spec.strategy.type == "RollingUpdate"
    assert d.spec.strategy.rolling_update.max_surge == "25%"
    assert d.spec.strategy.rolling_update.max_unavailable == "25%"


def test_every_seed_example_loads_or_gets_a_clear_error(seeds: Path) -> None:
    outcomes = []
    for note in sorted(seeds.glob("*.txt")):
        for line, block in yaml_blocks(note.read_text(encoding="utf-8")):
            try:
                objs = ks.load(block)
                outcomes.append((note.name, line, "ok", len(objs)))
            except ks.ManifestError as error:
                d = error.diagnostics[0]
                assert d.line >= 1, f"{note.name}:{line}: {d}"
                assert d.code, f"{note.name}:{line}: {d}"
                assert d.message, f"{note.name}:{line}: {d}"
                outcomes.append((note.name, line, d.code, 0))
    # Seed 002's DaemonSet is the lecture's own broken example (see test_check.py).
    assert ("002_bb2e281db99ee2f2.txt", 28, "unknown-field", 0) in outcomes
    assert sum(1 for o in outcomes if o[2] == "ok") >= 8, outcomes
