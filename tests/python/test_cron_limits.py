"""CronSchedule at its edges: every year a datetime can hold, huge or hostile arguments, the
zone changes robfig/cron itself loops on, and fuzzing of parse and next/prev. Nothing may
hang, abort the process or raise anything but the documented errors."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kubesim import CronError, CronSchedule

UTC = timezone.utc
DST_ZONES = [
    "America/New_York",
    "Europe/London",
    "Europe/Dublin",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Pacific/Chatham",
    "America/Nuuk",
]


def quick(fn, limit: float = 2.0):
    """Runs fn and asserts it returns (or raises) within `limit` seconds of CPU."""
    started = time.process_time()
    try:
        return fn()
    finally:
        assert time.process_time() - started < limit


def test_a_batch_of_centuries_is_refused_not_allocated() -> None:
    s = CronSchedule("* * * * *")
    with pytest.raises(CronError, match=r"more than 1000000 fire times.*iter\(\)"):
        quick(lambda: s.fire_times(0, 10**11, timestamps=True))
    assert len(s.fire_times(0, 10**11, 5, timestamps=True)) == 5
    with pytest.raises(CronError, match="more than 1000000"):
        s.next_n(0, 10**12, timestamps=True)
    with pytest.raises(CronError, match="more than 1000000"):
        s.fire_times(0, 10**11, 10**40, timestamps=True)
    with pytest.raises(ValueError, match="negative"):
        s.next_n(0, -1)
    with pytest.raises(TypeError, match="must be an int"):
        s.fire_times(0, 100, "5")
    it = s.iter(0)
    assert [next(it).timestamp() for _ in range(3)] == [60, 120, 180]


def test_apia_skipped_day() -> None:
    # Samoa went from 29 to 31 December 2011; robfig/cron v3.0.1 loops for ever here.
    s = CronSchedule("@monthly", time_zone="Pacific/Apia")
    apia = ZoneInfo("Pacific/Apia")
    got = quick(lambda: s.next(datetime(2011, 12, 15, tzinfo=apia)))
    assert got == datetime(2012, 1, 1, tzinfo=apia)
    assert got.utcoffset() == timedelta(hours=14)
    daily = CronSchedule("0 12 * * *", time_zone="Pacific/Apia")
    days = [t.day for t in daily.next_n(datetime(2011, 12, 28, tzinfo=apia), 4)]
    assert days == [28, 29, 31, 1]


@pytest.mark.parametrize("bad", [2**63 - 1, -(2**63), 10**30, -(10**30), 1e300, float("nan")])
def test_instants_out_of_range_raise_cron_error(bad) -> None:
    s = CronSchedule("@monthly", time_zone="Pacific/Apia")
    for method in (s.next, s.prev, s.matches, s.iter):
        with pytest.raises(ValueError, match="out of range"):
            quick(lambda method=method: method(bad))
    with pytest.raises(CronError, match="out of range"):
        quick(lambda: s.prev(2**63 - 1))


def test_year_1_and_9999() -> None:
    utc = CronSchedule("0 0 * * *")
    assert utc.next(datetime(1, 1, 1)) == datetime(1, 1, 2, tzinfo=UTC)
    assert utc.prev(datetime(1, 1, 1)) is None
    assert utc.prev(datetime(9999, 12, 31, 23, 59)) == datetime(9999, 12, 31, tzinfo=UTC)
    assert utc.next(datetime(9999, 12, 31, 12)) is None
    assert utc.next(datetime(9999, 12, 31, 12, tzinfo=UTC)) is None
    # Aware datetimes whose instant lies before year 1 (UTC).
    with pytest.raises(CronError, match="out of range"):
        utc.next(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))))
    # A fire time in range as an instant, but in year 10000 on the zone's wall clock.
    kiritimati = CronSchedule("0 0 * * *", time_zone="Pacific/Kiritimati")
    late = datetime(9999, 12, 31, 1, tzinfo=ZoneInfo("Pacific/Kiritimati"))
    with pytest.raises(CronError, match="outside years 1 to 9999"):
        kiritimati.next(late)
    assert kiritimati.next_n(late, 1, timestamps=True) == [253402250400]
    for zone in DST_ZONES:
        s = CronSchedule("30 2 * * *", time_zone=zone)
        tz = ZoneInfo(zone)
        for dt in (datetime(1, 1, 2), datetime(9999, 12, 1), datetime(9999, 6, 1, tzinfo=tz)):
            got = s.next(dt)
            assert got is not None
            assert got > dt.replace(tzinfo=dt.tzinfo or UTC)


def test_a_megabyte_time_zone_is_refused_at_once() -> None:
    with pytest.raises(CronError, match="unknown time zone") as info:
        quick(lambda: CronSchedule("0 * * * *", time_zone="x" * 10**6), limit=1.0)
    assert info.value.hint is None
    assert len(info.value.reason) < 200


@pytest.mark.parametrize("zone", DST_ZONES)
def test_daylight_saving_after_2099_matches_zoneinfo(zone: str) -> None:
    """Python's zoneinfo applies each zone's POSIX rule after its table, as Go does: every
    fire time in 2100-2101 is a whole hour of the zone's wall clock, and a loop advances."""
    s = CronSchedule("0 * * * *", time_zone=zone)
    t = datetime(2100, 1, 1, tzinfo=UTC)
    count = 0
    while t < datetime(2101, 1, 1, tzinfo=UTC):
        nxt = s.next(t)
        assert nxt is not None
        # (Aware datetimes in one zone compare by wall clock, fold aside: compare instants.)
        assert nxt.timestamp() > t.timestamp()
        wall = datetime.fromtimestamp(nxt.timestamp(), ZoneInfo(zone))
        assert (wall.minute, wall.second) == (0, 0) or zone == "Australia/Lord_Howe"
        assert nxt.utcoffset() == wall.utcoffset()
        t = nxt
        count += 1
    assert 8_750 <= count <= 8_800


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/London", "Australia/Lord_Howe"])
def test_own_zoneinfo_datetimes_read_as_python_reads_them(zone: str) -> None:
    """The fast path for datetimes in the schedule's own ZoneInfo gives the instant Python
    gives, in gaps and repeated hours too, with fold 0 and 1."""
    s = CronSchedule("*/30 * * * *", time_zone=zone)
    tz = ZoneInfo(zone)
    base = datetime(2024, 1, 1, tzinfo=UTC)
    days = [base + timedelta(days=d) for d in range(366)]
    # The days whose offset changes (and the days around them), and a few ordinary ones.
    changing = [
        d
        for d in days
        if d.astimezone(tz).utcoffset() != (d + timedelta(days=1)).astimezone(tz).utcoffset()
    ]
    chosen = {d + timedelta(days=k) for d in changing for k in (0, 1)} | set(days[::61])
    assert len(changing) >= 2
    for day in sorted(chosen):
        for minute in range(0, 24 * 60, 7):
            local = day.astimezone(tz).replace(hour=minute // 60, minute=minute % 60)
            for fold in (0, 1):
                dt = local.replace(fold=fold)
                assert s.next(dt) == s.next(dt.timestamp()), dt
                assert s.prev(dt) == s.prev(dt.timestamp()), dt


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.sampled_from([None, "UTC", "Asia/Seoul", *DST_ZONES]))
def test_parse_fuzz_raises_only_cron_error(expr: str, zone: str | None) -> None:
    try:
        s = CronSchedule(expr, time_zone=zone)
    except CronError:
        return
    s.describe("ko")
    got = s.next(1_700_000_000)
    assert got is None or got.timestamp() > 1_700_000_000


MINUTES = st.sampled_from(["*", "0", "30", "*/15", "1-5", "0,30", "*/7", "59", "2", "1-3/2"])
HOURS = st.sampled_from(["*", "0", "2", "*/5", "1-5", "0,12", "23", "1-3/2"])


@settings(max_examples=300, deadline=None)
@given(
    st.tuples(
        MINUTES,
        HOURS,
        st.sampled_from(["*", "1", "15", "29", "31", "1-7"]),
        st.sampled_from(["*", "2", "3,10", "11", "*/3"]),
        st.sampled_from(["*", "0", "1-5", "sun", "6"]),
    ),
    st.sampled_from(["UTC", "Pacific/Apia", *DST_ZONES]),
    st.integers(min_value=-(2**70), max_value=2**70) | st.integers(0, 15_000_000_000),
)
def test_next_prev_fuzz(fields: tuple[str, ...], zone: str, t: int) -> None:
    s = CronSchedule(" ".join(fields), time_zone=zone)
    if not -62_135_596_800 <= t <= 253_402_300_799:
        with pytest.raises(CronError, match="out of range"):
            s.next(t)
        return
    try:
        nxt = quick(lambda: s.next(t))
        prv = quick(lambda: s.prev(t))
    except CronError as e:
        # A fire time in range as an instant whose wall clock lies in year 0 or 10000.
        assert "outside years 1 to 9999" in str(e)  # noqa: PT017
        return
    if nxt is not None:
        assert nxt.timestamp() > t
        assert s.matches(nxt) or zone in ("Australia/Lord_Howe", "Pacific/Apia")
    if prv is not None:
        assert prv.timestamp() < t
