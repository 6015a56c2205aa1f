# Stub fragment for kubesim._core (cron); merged into _core.pyi.
from collections.abc import Iterator
from datetime import datetime
from typing import Literal, overload

_Instant = datetime | int | float

class CronSchedule:
    """A CronJob schedule as the Kubernetes controller reads it (robfig/cron v3 ParseStandard).

    Naive datetimes and POSIX timestamps are taken as UTC; results are aware datetimes in the
    schedule's zone. Malformed schedules and unknown zones raise ``kubesim.errors.CronError``
    (a ``ValueError``) with ``expr``, ``field``, ``column``, ``reason`` and ``hint`` attributes.
    """

    def __init__(self, expr: str, time_zone: str | None = None) -> None: ...
    @property
    def expr(self) -> str: ...
    @property
    def time_zone(self) -> str | None: ...
    @property
    def is_every(self) -> bool: ...
    def next(self, after: _Instant) -> datetime | None: ...
    @overload
    def next_n(
        self, after: _Instant, n: int, *, timestamps: Literal[False] = False
    ) -> list[datetime]: ...
    @overload
    def next_n(self, after: _Instant, n: int, *, timestamps: Literal[True]) -> list[int]: ...
    def prev(self, before: _Instant) -> datetime | None: ...
    def matches(self, dt: _Instant) -> bool: ...
    @overload
    def fire_times(
        self,
        start: _Instant,
        end: _Instant,
        limit: int | None = None,
        *,
        timestamps: Literal[False] = False,
    ) -> list[datetime]: ...
    @overload
    def fire_times(
        self, start: _Instant, end: _Instant, limit: int | None = None, *, timestamps: Literal[True]
    ) -> list[int]: ...
    def iter(self, after: _Instant) -> CronIterator: ...
    def describe(self, lang: Literal["en", "ko"] | str = "en") -> str: ...

class CronIterator(Iterator[datetime]):
    def __iter__(self) -> CronIterator: ...
    def __next__(self) -> datetime: ...
