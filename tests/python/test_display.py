"""Plots render in the cluster's language with every glyph present (a Korean font is found or
bundled), with a title, axis labels and a legend, and the final state drawn; notebook
ergonomics: kubectl output and apply results show as kubectl prints them, objects and
specs as YAML, and attribute completion lists the fields."""

from __future__ import annotations

import warnings

import pytest

import kubesim as ks
from kubesim import display

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "nginx:1.20"}]}
"""

JOB = """apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  completions: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{name: t, image: busybox}]
"""


def _draw(ax) -> list[str]:
    """Draws the figure and returns every warning matplotlib gave (missing glyphs)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax.figure.canvas.draw()
    plt.close(ax.figure)
    return [str(w.message) for w in caught]


def _texts(ax) -> list[str]:
    legend = ax.get_legend()
    return [
        ax.get_title(),
        ax.get_xlabel(),
        ax.get_ylabel(),
        *([t.get_text() for t in legend.get_texts()] if legend else []),
    ]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_rollout_plot_renders_in_the_clusters_language(lang: str) -> None:
    c = ks.Cluster(lang=lang)
    c.apply(DEPLOY)
    c.run()
    trace = c.set_image("deployment/web", web="nginx:1.21")
    assert trace.lang == lang
    ax = trace.plot()
    texts = _texts(ax)
    assert all(texts), texts
    hangul = any("\uac00" <= ch <= "\ud7a3" for t in texts for ch in t)
    assert hangul == (lang == "ko"), texts
    missing = [w for w in _draw(ax) if "missing" in w.lower() or "glyph" in w.lower()]
    assert not missing, missing


def test_a_korean_font_is_found() -> None:
    assert display.korean_font(), "no Korean font: install fonts-nanum or the notebook extra"


def test_rollout_plot_draws_the_final_state() -> None:
    c = ks.Cluster()
    c.apply(DEPLOY)
    c.run()
    trace = c.set_image("deployment/web", web="nginx:1.21")
    records = trace.to_records()
    ax = trace.plot()
    _, right = ax.get_xlim()
    # The last state (3 new pods available) is held for a while, not a zero-width point.
    assert right > records[-1]["elapsed"]
    line = ax.get_lines()[0]
    assert line.get_xdata()[-1] > records[-1]["elapsed"]
    assert line.get_ydata()[-1] == records[-1]["replicas"]
    plt.close(ax.figure)


def test_timeline_plot_has_a_legend_and_labels_in_korean() -> None:
    c = ks.Cluster(lang="ko")
    c.apply(JOB)
    c.run()
    ax = display.plot_timeline(c)
    texts = _texts(ax)
    assert all(texts), texts
    assert "성공" in texts, texts
    missing = [w for w in _draw(ax) if "missing" in w.lower() or "glyph" in w.lower()]
    assert not missing, missing


# --- notebook ergonomics --------------------------------------------------------------------


def test_kubectl_output_shows_as_text() -> None:
    c = ks.Cluster()
    c.apply(DEPLOY)
    c.run()
    out = c.kubectl("get pods")
    assert isinstance(out, str)
    assert repr(out) == str(out)
    assert out.splitlines()[0].split()[:2] == ["NAME", "READY"]


def test_apply_prints_as_kubectl_does() -> None:
    c = ks.Cluster()
    result = c.apply(DEPLOY)
    assert result == ["deployment.apps/web created"]
    assert str(result) == repr(result) == "deployment.apps/web created"


def test_objects_and_specs_show_as_yaml() -> None:
    [d] = ks.load(DEPLOY)
    html = d._repr_html_()
    assert "<pre" in html
    assert "replicas: 3" in html
    spec_html = d.spec._repr_html_()
    assert "matchLabels:" in spec_html
    from IPython.lib.pretty import pretty

    text = pretty(d.spec)
    assert text.splitlines()[0] == "progressDeadlineSeconds: 600" or "replicas: 3" in text
    assert "{" not in text.splitlines()[0]


def test_attribute_completion_lists_fields() -> None:
    [d] = ks.load(DEPLOY)
    names = dir(d)
    assert {"spec", "metadata", "api_version", "to_yaml", "kind"} <= set(names)
    spec_names = dir(d.spec)
    assert {"replicas", "selector", "template", "strategy", "progress_deadline_seconds"} <= set(
        spec_names
    )
    assert "match_labels" in dir(d.spec.selector)


# --- the kind-like default cluster ------------------------------------------------------------


def test_the_default_cluster_looks_like_kind() -> None:
    c = ks.Cluster()
    ds = c.kubectl("get ds -n kube-system").splitlines()
    assert ds[1].split()[:4] == ["kube-proxy", "4", "4", "4"]
    deploy = c.kubectl("get deploy -n kube-system").splitlines()
    assert deploy[1].split()[:2] == ["coredns", "2/2"]
    pods = c.kubectl("get pods -A").splitlines()[1:]
    assert len(pods) == 6
    assert all(line.split()[3] == "Running" for line in pods)
    assert c.namespaces() == [
        "default",
        "kube-node-lease",
        "kube-public",
        "kube-system",
    ]
    assert c.pods() == []
    assert "No resources found" in c.kubectl("get pods")


def test_an_empty_cluster_on_request() -> None:
    c = ks.Cluster(system=False)
    assert c.kubectl("get pods -A").startswith("No resources found")
