"""What ``ks.reconcile`` returns: the controller's actions, and when it asked to look again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any


class Decision(list[Any]):
    """The actions of one reconcile, in order (a list of ``Action``), with
    ``requeue_after``: how long the controller waits before it looks again even if nothing
    changes (a ``timedelta``; None when it did not ask), as its work queue's
    ``AddAfter`` would."""

    requeue_after: timedelta | None

    def __init__(self, actions: list[Any], requeue_after: timedelta | None = None) -> None:
        super().__init__(actions)
        self.requeue_after = requeue_after

    def __repr__(self) -> str:
        return f"Decision({list.__repr__(self)}, requeue_after={self.requeue_after!r})"
