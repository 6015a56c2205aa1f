"""The exception hierarchy: everything kubesim raises derives from ``KubesimError``."""

from __future__ import annotations

from typing import Any

__all__ = [
    "ConcurrentUseError",
    "CronError",
    "KubectlError",
    "KubesimError",
    "ManifestError",
    "NotFound",
    "QuantityError",
    "SelectorError",
    "SimulationError",
    "SourceError",
]


class KubesimError(Exception):
    """The root of every error kubesim raises."""


class ManifestError(KubesimError, ValueError):
    """A manifest could not be loaded. ``diagnostics`` lists every problem found,
    each with file, line, column, field path, code, severity, message and hint."""

    def __init__(self, message: str, diagnostics: list[Any] | None = None) -> None:
        super().__init__(message)
        self.diagnostics: list[Any] = list(diagnostics or [])


class CronError(KubesimError, ValueError):
    """A cron schedule is malformed; the message names the field and why. ``expr``,
    ``field``, ``column``, ``reason`` and ``hint`` give the parts (None when unknown)."""

    expr: str | None = None
    field: str | None = None
    column: int | None = None
    reason: str | None = None
    hint: str | None = None


class SelectorError(KubesimError, ValueError):
    """A label selector string is malformed; ``position`` is where parsing stopped."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


class SimulationError(KubesimError):
    """The simulation could not go on (for example, controllers that never settle)."""


class KubectlError(KubesimError, ValueError):
    """A kubectl command line was refused; the message is worded as kubectl words it."""


class NotFound(KubesimError, LookupError):
    """An object that was asked for does not exist."""


class QuantityError(KubesimError, ValueError):
    """A resource quantity such as ``"500m"`` or ``"1Gi"`` is malformed."""


class SourceError(KubesimError, OSError):
    """A manifest file or folder could not be read."""


class ConcurrentUseError(KubesimError, RuntimeError):
    """Two threads called one ``Cluster`` at the same moment; the second call was refused
    and changed nothing. Use a Cluster per thread, or a lock around each call."""
