"""Plots for notebooks. matplotlib is an optional extra (``pip install kubesim[notebook]``);
it is imported only when a plot is drawn."""

from __future__ import annotations

from typing import Any


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
