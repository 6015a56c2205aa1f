"""Lists of objects that show as tables in a notebook (``kubectl get`` columns, rendered by
the Rust core)."""

from __future__ import annotations

import html
from typing import Any

from kubesim._core import table_text

__all__ = ["ApplyResult", "KubectlOutput", "ObjectList"]


class ObjectList(list):  # type: ignore[type-arg]
    """A plain list of kubesim objects that a notebook shows as a ``kubectl get -o wide``
    table, with AGE taken at ``now`` (the cluster's clock when the list was made)."""

    def __init__(self, items: list[Any], now: Any = None) -> None:
        super().__init__(items)
        self.now = now

    def table(self, *, wide: bool = True) -> str:
        """The table as text, in kubectl's columns."""
        return table_text(list(self), now=self.now, wide=wide)

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(self.table())}</pre>"


class KubectlOutput(str):
    """What ``Cluster.kubectl`` prints: a ``str`` that a notebook or the REPL shows as the
    text itself (kubectl's table), not as a quoted one-line string."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(str(self))


class ApplyResult(list):  # type: ignore[type-arg]
    """What ``Cluster.apply`` returns: the list of kubectl's lines
    (``deployment.apps/web created``), shown and printed as kubectl prints them."""

    def __str__(self) -> str:
        return "\n".join(self)

    def __repr__(self) -> str:
        return "\n".join(self)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text("\n".join(self))
