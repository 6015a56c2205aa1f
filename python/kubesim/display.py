"""Plots for notebooks. The data comes from Rust (``Cluster.timeline()``, a RolloutTrace);
this module only draws it, with matplotlib (the ``notebook`` extra), imported when a plot
is asked for. Every plot has a title, axis labels and a legend in the cluster's language;
Korean text is set in a Korean font (:func:`korean_font`), so no glyph is missing."""

from __future__ import annotations

import importlib.util
from datetime import timedelta
from pathlib import Path
from typing import Any

__all__ = ["korean_font", "plot_rollout", "plot_timeline"]

_COLORS = {
    "Complete": "tab:green",
    "Succeeded": "tab:green",
    "Failed": "tab:red",
    "Deleted": "tab:gray",
    "Running": "tab:blue",
    "Pending": "tab:orange",
}

_OUTCOMES_KO = {
    "Complete": "완료",
    "Succeeded": "성공",
    "Failed": "실패",
    "Deleted": "삭제됨",
    "Running": "실행 중",
    "Pending": "대기 중",
}

#: Korean fonts matplotlib may already know, best first.
KOREAN_FAMILIES = (
    "NanumGothic",
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Malgun Gothic",
    "Apple SD Gothic Neo",
    "AppleGothic",
)

#: Where Debian's fonts-nanum and fonts-noto-cjk put them.
_FONT_FILES = (
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)

_found: list[str | None] = []


def _bundled_font() -> Path | None:
    """NanumGothic from the koreanize-matplotlib wheel (the ``notebook`` extra), found without
    importing it (its import changes matplotlib's settings)."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "NanumGothic.ttf"
    return path if path.is_file() else None


def korean_font() -> str | None:
    """The family name of a font with Hangul that matplotlib can use: one it already knows,
    else Debian's NanumGothic or Noto Sans CJK, else the NanumGothic the ``notebook`` extra
    installs (registered with matplotlib on first use). None if there is none."""
    if _found:
        return _found[0]
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    family = next((f for f in KOREAN_FAMILIES if f in known), None)
    if family is None:
        bundled = _bundled_font()
        for path in [*_FONT_FILES, *([str(bundled)] if bundled else [])]:
            if Path(path).is_file():
                font_manager.fontManager.addfont(path)
                family = font_manager.FontProperties(fname=path).get_name()
                break
    _found.append(family)
    return family


def _lang(source: Any, lang: str | None) -> str:
    if lang:
        return lang
    own = getattr(source, "lang", None)
    if isinstance(own, str):
        return own
    import kubesim

    return kubesim.get_lang()


def _family(lang: str) -> list[str]:
    """The font families for text in ``lang``: a Korean font first, then matplotlib's own
    (for Latin letters and digits the Korean font may lack)."""
    if lang == "ko":
        ko = korean_font()
        if ko:
            return [ko, "DejaVu Sans"]
    return ["DejaVu Sans"]


def _finish(ax: Any, family: list[str], title: str, xlabel: str, ylabel: str, legend: dict) -> None:
    ax.set_title(title, fontfamily=family)
    ax.set_xlabel(xlabel, fontfamily=family)
    ax.set_ylabel(ylabel, fontfamily=family)
    ax.legend(prop={"family": family, "size": "small"}, **legend)
    for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        label.set_fontfamily(family)


def plot_timeline(
    source: Any,
    *,
    ax: Any = None,
    title: str | None = None,
    kinds: tuple[str, ...] = ("Job", "Pod"),
    lang: str | None = None,
) -> Any:
    """Draw Jobs and pods as bars over time, one row each, coloured by outcome (failures of
    a Job, such as BackoffLimitExceeded, in red), with a legend of the outcomes. ``source``
    is a ``Cluster`` (its language labels the plot) or the list ``Cluster.timeline()``
    returns. Returns the matplotlib ``Axes``."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    lang = _lang(source, lang)
    family = _family(lang)
    ko = lang == "ko"
    spans = source.timeline() if hasattr(source, "timeline") else list(source)
    spans = [s for s in spans if s["kind"] in kinds]
    if ax is None:
        _, ax = plt.subplots(figsize=(10, max(2.0, 0.3 * len(spans) + 1)))
    title = title or ("Job과 Pod의 실행 시간" if ko else "Jobs and pods over time")
    outcomes: list[str] = []
    if spans:
        first = min(s["start"] for s in spans)
        last = max((s["end"] or s["start"]) for s in spans)
        # Short runs stay visible on a plot of days: at least 0.4% of the span shown.
        least = max(last - first, timedelta(minutes=1)) * 0.004
        for row, s in enumerate(spans):
            end = s["end"] or last
            outcome = s["outcome"] if s["outcome"] in _COLORS else "Failed"
            height = 0.8 if s["kind"] == "Job" else 0.5
            ax.barh(
                row, max(end - s["start"], least), left=s["start"], height=height,
                color=_COLORS[outcome],
            )  # fmt: skip
            if outcome not in outcomes:
                outcomes.append(outcome)
        ax.set_yticks(range(len(spans)), [f"{s['kind'].lower()}/{s['name']}" for s in spans])
        ax.invert_yaxis()
        ax.figure.autofmt_xdate()
    ax.grid(axis="x", alpha=0.3)
    handles = [Patch(color=_COLORS[o], label=_OUTCOMES_KO[o] if ko else o) for o in outcomes] or [
        Patch(color="white", label="(비어 있음)" if ko else "(empty)")
    ]
    _finish(
        ax,
        family,
        title,
        "시각 (UTC)" if ko else "time (UTC)",
        " / ".join(kinds),
        {"handles": handles, "loc": "upper left", "bbox_to_anchor": (1.01, 1)},
    )
    return ax


def plot_rollout(trace: Any, ax: Any = None, *, lang: str | None = None) -> Any:
    """A timeline of a RolloutTrace: pods of the old and new ReplicaSets (stacked, the
    available ones solid, the starting ones light) and the Deployment's replicas, up to and
    including the final state, labelled in the trace's language. Returns the ``Axes``."""
    import matplotlib.pyplot as plt

    lang = _lang(trace, lang)
    family = _family(lang)
    ko = lang == "ko"
    records = trace.to_records()
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3))
    t = [r["elapsed"] for r in records]
    columns = {
        "old_avail": [r["old_available"] for r in records],
        "old_start": [r["old_pods"] - r["old_available"] for r in records],
        "new_avail": [r["new_available"] for r in records],
        "new_start": [r["new_pods"] - r["new_available"] for r in records],
        "replicas": [r["replicas"] for r in records],
    }
    if t:
        # With steps drawn "post", the last state would have no width: hold it a while.
        t.append(t[-1] + max(1.0, 0.1 * (t[-1] - t[0])))
        for values in columns.values():
            values.append(values[-1])
    labels = (
        ["이전 버전: 사용 가능", "이전 버전: 시작 중", "새 버전: 사용 가능", "새 버전: 시작 중"]
        if ko
        else ["old available", "old starting", "new available", "new starting"]
    )
    ax.stackplot(
        t,
        columns["old_avail"],
        columns["old_start"],
        columns["new_avail"],
        columns["new_start"],
        labels=labels,
        colors=["#78909c", "#cfd8dc", "#43a047", "#c8e6c9"],
        step="post",
    )
    ax.step(
        t,
        columns["replicas"],
        where="post",
        color="black",
        linewidth=1,
        label="replicas (원하는 Pod 수)" if ko else "replicas (desired pods)",
    )
    _finish(
        ax,
        family,
        f"{trace.deployment} 롤아웃" if ko else trace.deployment,
        "경과 시간 (초)" if ko else "elapsed (seconds)",
        "Pod 수" if ko else "pods",
        {"loc": "upper left", "bbox_to_anchor": (1.01, 1)},
    )
    return ax
