"""``kubesim.Cluster``: the Rust simulator (``kubesim._core.Cluster``) with one addition,
a clear error when two threads use one Cluster at the same moment.

Thread safety: the module's functions (``load``, ``check``, ``reconcile``, ...) and
``CronSchedule`` keep no shared mutable state and may be called from any number of threads
at once. A ``Cluster`` is one mutable simulation: calls from several threads are safe (a
call never sees or leaves half a change), but they must not overlap. pyo3 guards each call
with a borrow flag; when a second thread calls while the first is still inside (the first
may have let go of the GIL, e.g. while parsing YAML), the second call is refused with
:class:`~kubesim.errors.ConcurrentUseError` and changes nothing. Use a Cluster per thread,
or a ``threading.Lock`` around each call.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

from kubesim import _core
from kubesim.errors import ConcurrentUseError

__all__ = ["Cluster"]

#: pyo3's messages when a call finds the Cluster in use by another thread.
_BORROWED = ("Already borrowed", "Already mutably borrowed")


def _refused(error: RuntimeError) -> ConcurrentUseError:
    return ConcurrentUseError(
        "this Cluster is in use by another thread; a Cluster is one simulation and its "
        "calls must not overlap: use a Cluster per thread, or hold a threading.Lock around "
        "each call (nothing was changed by this call) / 이 Cluster를 다른 스레드가 쓰는 "
        "중입니다. 스레드마다 Cluster를 따로 만들거나 호출마다 threading.Lock을 잡으세요 "
        "(이 호출은 아무것도 바꾸지 않았습니다)"
    )


def _guard(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except RuntimeError as error:
            if type(error) is RuntimeError and str(error) in _BORROWED:
                raise _refused(error) from None
            raise

    return call


def _guard_property(prop: Any) -> property:
    def get(self: Any) -> Any:
        try:
            return prop.__get__(self)
        except RuntimeError as error:
            if type(error) is RuntimeError and str(error) in _BORROWED:
                raise _refused(error) from None
            raise

    return property(get, doc=prop.__doc__)


def _guarded(base: type) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, attr in vars(base).items():
        if name in ("__new__", "__init__", "__doc__", "__module__"):
            continue
        kind = type(attr).__name__
        if kind == "method_descriptor":
            out[name] = _guard(attr)
        elif kind == "getset_descriptor":
            out[name] = _guard_property(attr)
    return out


Cluster = type(
    "Cluster",
    (_core.Cluster,),
    {
        "__doc__": _core.Cluster.__doc__,
        "__module__": "kubesim",
        "__slots__": (),
        **_guarded(_core.Cluster),
    },
)
