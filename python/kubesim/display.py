"""Plots for notebooks. The data comes from Rust (``Cluster.timeline()``, a RolloutTrace);
this module only draws it, with matplotlib (the ``notebook`` extra), imported when a plot
is asked for."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

__all__ = ["plot_rollout", "plot_timeline"]

_COLORS = {
    "Complete": "tab:green",
    "Succeeded": "tab:green",
    "Failed": "tab:red",
    "Deleted": "tab:gray",
    "Running": "tab:blue",
    "Pending": "tab:orange",
}


def plot_timeline(
    source: Any,
    *,
    ax: Any = None,
    title: str | None = None,
    kinds: tuple[str, ...] = ("Job", "Pod"),
) -> Any:
    """Draw Jobs and pods as bars over time, one row each, coloured by outcome (failures of
    a Job, such as BackoffLimitExceeded, in red). ``source`` is a ``Cluster`` or the list
    ``Cluster.timeline()`` returns. Returns the matplotlib ``Axes``."""
    import matplotlib.pyplot as plt

    spans = source.timeline() if hasattr(source, "timeline") else list(source)
    spans = [s for s in spans if s["kind"] in kinds]
    if ax is None:
        _, ax = plt.subplots(figsize=(10, max(2.0, 0.3 * len(spans) + 1)))
    if not spans:
        return ax
    first = min(s["start"] for s in spans)
    last = max((s["end"] or s["start"]) for s in spans)
    # Short runs stay visible on a plot of days: at least 0.4% of the span shown.
    least = max(last - first, timedelta(minutes=1)) * 0.004
    for row, s in enumerate(spans):
        end = s["end"] or last
        color = _COLORS.get(s["outcome"], "tab:red")
        height = 0.8 if s["kind"] == "Job" else 0.5
        ax.barh(row, max(end - s["start"], least), left=s["start"], height=height, color=color)
    ax.set_yticks(range(len(spans)), [f"{s['kind'].lower()}/{s['name']}" for s in spans])
    ax.invert_yaxis()
    ax.grid(axis="x", alpha=0.3)
    if title:
        ax.set_title(title)
    ax.figure.autofmt_xdate()
    return ax


def plot_rollout(trace: Any, ax: Any = None) -> Any:
    """A timeline of a RolloutTrace: pods of the old and new ReplicaSets (stacked, the
    available ones solid, the starting ones light) and the Deployment's replicas."""
    import matplotlib.pyplot as plt

    records = trace.to_records()
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3))
    t = [r["elapsed"] for r in records]
    old_avail = [r["old_available"] for r in records]
    old_start = [r["old_pods"] - r["old_available"] for r in records]
    new_avail = [r["new_available"] for r in records]
    new_start = [r["new_pods"] - r["new_available"] for r in records]
    ax.stackplot(
        t,
        old_avail,
        old_start,
        new_avail,
        new_start,
        labels=["old available", "old starting", "new available", "new starting"],
        colors=["#78909c", "#cfd8dc", "#43a047", "#c8e6c9"],
        step="post",
    )
    ax.step(
        t,
        [r["replicas"] for r in records],
        where="post",
        color="black",
        linewidth=1,
        label="replicas",
    )
    ax.set_xlabel("seconds")
    ax.set_ylabel("pods")
    ax.set_title(trace.deployment)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    return ax
