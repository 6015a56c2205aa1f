"""The fast datetime conversions of CronSchedule agree with Python's own, fold included."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from kubesim import CronSchedule

UTC = timezone.utc
ZONES = ["UTC", "America/New_York", "Europe/London", "Asia/Seoul", "Australia/Lord_Howe"]


@settings(max_examples=200, deadline=None)
@given(
    expr=st.sampled_from(["*/30 * * * *", "30 1 * * *", "0 * * * *", "15 2 * * 0"]),
    zone=st.sampled_from(ZONES),
    after=st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
    ),
)
def test_datetimes_are_what_fromtimestamp_gives(expr: str, zone: str, after: datetime) -> None:
    s = CronSchedule(expr, time_zone=zone)
    tz = UTC if zone == "UTC" else ZoneInfo(zone)
    got = s.next_n(after, 5)
    want = [datetime.fromtimestamp(t, tz) for t in s.next_n(after, 5, timestamps=True)]
    assert [(d.replace(tzinfo=None), d.fold, d.tzinfo) for d in got] == [
        (d.replace(tzinfo=None), d.fold, d.tzinfo) for d in want
    ]
    assert [d.timestamp() for d in got] == [d.timestamp() for d in want]


@settings(max_examples=200, deadline=None)
@given(
    zone=st.sampled_from([*ZONES, None]),
    after=st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1)),
)
def test_any_datetime_reads_as_its_instant(zone: str | None, after: datetime) -> None:
    s = CronSchedule("* * * * *")
    aware = (
        after if zone is None else after.replace(tzinfo=UTC if zone == "UTC" else ZoneInfo(zone))
    )
    instant = aware.replace(tzinfo=UTC) if aware.tzinfo is None else aware
    expected = (int(instant.timestamp()) // 60 + 1) * 60
    assert (
        s.next(
            aware,
        )
        is not None
    )
    assert s.next_n(aware, 1, timestamps=True) == [expected]
