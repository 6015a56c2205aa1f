"""kubesim._core.CronSchedule: robfig/cron v3 schedules as the CronJob controller reads them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kubesim._core import CronSchedule
from kubesim.errors import CronError, KubesimError

UTC = timezone.utc


def at(*args: int, tz: str = "UTC") -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(tz))


@pytest.mark.parametrize(
    ("expr", "tz", "after", "expected"),
    [
        ("0 2 * * *", "Asia/Seoul", at(2024, 5, 1, 12), at(2024, 5, 2, 2, tz="Asia/Seoul")),
        ("*/15 * * * *", None, at(2024, 5, 1, 12, 7), at(2024, 5, 1, 12, 15)),
        ("0 9 * * mon-fri", None, at(2024, 5, 3, 10), at(2024, 5, 6, 9)),
        ("0 0 1 * 1", None, at(2024, 4, 23), at(2024, 4, 29)),  # day 1 OR Monday
        ("0 0 */2 * 1", None, at(2024, 4, 23), at(2024, 4, 25)),  # */2 has no star: OR
        ("0 0 * * 1", None, at(2024, 4, 23), at(2024, 4, 29)),  # * in dom: AND
        ("@monthly", None, at(2024, 2, 15), at(2024, 3, 1)),
        ("@every 90m", None, at(2024, 1, 1, 0, 0, 30), at(2024, 1, 1, 1, 30, 30)),
        ("0 0 29 2 *", None, at(2024, 3, 1), at(2028, 2, 29)),
    ],
)
def test_next(expr: str, tz: str | None, after: datetime, expected: datetime) -> None:
    assert CronSchedule(expr, time_zone=tz).next(after) == expected


def test_spring_forward_skips_and_fall_back_repeats() -> None:
    ny = "America/New_York"
    skipped = CronSchedule("30 2 * * *", time_zone=ny)
    # 2012-03-11 02:30 does not exist in New York: that day has no run.
    assert skipped.next(at(2012, 3, 10, 12, tz=ny)) == at(2012, 3, 12, 2, 30, tz=ny)
    repeated = CronSchedule("30 1 * * *", time_zone=ny)
    first, second, third = repeated.next_n(at(2012, 11, 4, 0, tz=ny), 3)
    assert (first.utcoffset(), second.utcoffset()) == (timedelta(hours=-4), timedelta(hours=-5))
    assert second.fold == 1
    # Same-tzinfo subtraction in Python ignores fold, so compare in UTC.
    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=1)
    assert third == at(2012, 11, 5, 1, 30, tz=ny)


def test_results_are_aware_in_the_schedule_zone() -> None:
    s = CronSchedule("0 2 * * *", time_zone="Asia/Seoul")
    got = s.next(datetime(2024, 5, 1, 12))  # naive means UTC
    assert got is not None
    assert got.tzinfo == ZoneInfo("Asia/Seoul")
    assert got.astimezone(UTC) == datetime(2024, 5, 1, 17, tzinfo=UTC)
    assert CronSchedule("0 2 * * *").next(datetime(2024, 5, 1)).tzinfo is UTC


def test_naive_datetimes_and_timestamps_mean_utc() -> None:
    s = CronSchedule("0 * * * *", time_zone="Europe/London")
    aware = s.next(datetime(2024, 7, 1, 12, 30, tzinfo=UTC))
    assert s.next(datetime(2024, 7, 1, 12, 30)) == aware
    assert s.next(int(datetime(2024, 7, 1, 12, 30, tzinfo=UTC).timestamp())) == aware
    assert s.next(datetime(2024, 7, 1, 12, 30, tzinfo=UTC).timestamp() + 0.5) == aware


def test_next_n_fire_times_and_timestamps() -> None:
    s = CronSchedule("*/20 * * * *")
    start = at(2024, 1, 1)
    assert s.next_n(start, 3) == [at(2024, 1, 1, 0, 20), at(2024, 1, 1, 0, 40), at(2024, 1, 1, 1)]
    assert s.next_n(start, 2, timestamps=True) == [1704068400, 1704069600]
    # (start, end]: the end is included, the start is not.
    assert s.fire_times(start, at(2024, 1, 1, 1)) == s.next_n(start, 3)
    assert len(s.fire_times(start, at(2024, 1, 2), limit=5)) == 5
    assert s.fire_times(start, start) == []


def test_prev_and_iter() -> None:
    s = CronSchedule("0 9 * * 1-5", time_zone="Asia/Seoul")
    before = at(2024, 5, 6, 9, tz="Asia/Seoul")  # a Monday, exactly at a fire time
    assert s.prev(before) == at(2024, 5, 3, 9, tz="Asia/Seoul")
    it = s.iter(at(2024, 5, 3, 9, tz="Asia/Seoul"))
    assert iter(it) is it
    assert [next(it) for _ in range(2)] == [
        at(2024, 5, 6, 9, tz="Asia/Seoul"),
        at(2024, 5, 7, 9, tz="Asia/Seoul"),
    ]
    assert CronSchedule("0 0 30 2 *").prev(at(2024, 1, 1)) is None
    assert CronSchedule("0 0 30 2 *").next(at(2024, 1, 1)) is None
    assert list(CronSchedule("0 0 30 2 *").iter(at(2024, 1, 1))) == []


def test_matches() -> None:
    s = CronSchedule("30 8 * * mon", time_zone="Asia/Seoul")
    assert s.matches(at(2024, 5, 6, 8, 30, tz="Asia/Seoul"))
    assert not s.matches(at(2024, 5, 6, 8, 30, 1, tz="Asia/Seoul"))
    assert not s.matches(at(2024, 5, 7, 8, 30, tz="Asia/Seoul"))
    with pytest.raises(CronError, match="fixed delay"):
        CronSchedule("@every 1h").matches(at(2024, 1, 1))


@pytest.mark.parametrize(
    ("expr", "tz", "en", "ko"),
    [
        ("0 2 * * *", None, "every day at 02:00", "매일 02:00"),
        ("*/15 * * * *", None, "every 15 minutes", "15분마다"),
        ("* * * * *", None, "every minute", "매분"),
        ("0 * * * *", None, "every hour", "매시 정각"),
        ("0 9 * * 1-5", None, "every Monday through Friday at 09:00", "매주 월~금요일 09:00"),
        (
            "0 9 * * mon,wed,fri",
            None,
            "every Monday, Wednesday and Friday at 09:00",
            "매주 월·수·금요일 09:00",
        ),
        ("0 0 1 * *", None, "on day 1 of the month at 00:00", "매월 1일 00:00"),
        ("@yearly", None, "every year on January 1 at 00:00", "매년 1월 1일 00:00"),
        ("0 */2 * * *", None, "every 2 hours on the hour", "2시간마다 정각"),
        (
            "0 9,18 * * *",
            "Asia/Seoul",
            "every day at 09:00 and 18:00 (Asia/Seoul)",
            "매일 09:00, 18:00 (Asia/Seoul)",
        ),
        ("@every 1h30m", None, "every 1 hour 30 minutes", "1시간 30분마다"),
    ],
)
def test_describe(expr: str, tz: str | None, en: str, ko: str) -> None:
    s = CronSchedule(expr, time_zone=tz)
    assert s.describe() == en
    assert s.describe("ko") == ko
    assert str(s) == en


@pytest.mark.parametrize(
    ("expr", "reason", "field", "column"),
    [
        ("61 * * * *", "end of range (61) above maximum (59): 61", "minute", 1),
        ("0 0 * * 7", "end of range (7) above maximum (6): 7", "day of week", 9),
        ("0 0 0 * *", "beginning of range (0) below minimum (1): 0", "day of month", 5),
        ("0 0 0 * * *", "expected exactly 5 fields, found 6: [0 0 0 * * *]", None, None),
        (
            "@every 1d",
            'failed to parse duration @every 1d: time: unknown unit "d" in duration "1d"',
            None,
            8,
        ),
        (
            "TZ=UTC 0 * * * *",
            "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
            None,
            1,
        ),
        ("", "empty spec string", None, None),
    ],
)
def test_errors(expr: str, reason: str, field: str | None, column: int | None) -> None:
    with pytest.raises(CronError) as info:
        CronSchedule(expr)
    err = info.value
    assert isinstance(err, ValueError)
    assert isinstance(err, KubesimError)
    assert (err.reason, err.field, err.column, err.expr) == (reason, field, column, expr)
    assert reason in str(err)


def test_unknown_time_zone_suggests_a_name() -> None:
    with pytest.raises(CronError, match=r'unknown time zone Asia/Seol.*did you mean "Asia/Seoul"'):
        CronSchedule("0 0 * * *", time_zone="Asia/Seol")
    with pytest.raises(CronError, match="explicit IANA"):
        CronSchedule("0 0 * * *", time_zone="")


def test_bad_arguments() -> None:
    s = CronSchedule("0 0 * * *")
    with pytest.raises(TypeError, match="got str"):
        s.next("2024-01-01")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="got bool"):
        s.next(True)
    with pytest.raises(CronError, match="unsupported language"):
        s.describe("fr")


def test_repr_and_attributes() -> None:
    s = CronSchedule("0 2 * * *", time_zone="Asia/Seoul")
    assert repr(s) == "CronSchedule('0 2 * * *', time_zone='Asia/Seoul')"
    assert (s.expr, s.time_zone, s.is_every) == ("0 2 * * *", "Asia/Seoul", False)
    assert repr(CronSchedule("@every 5m")) == "CronSchedule('@every 5m')"
    assert CronSchedule("@every 5m").is_every


EXPRESSIONS = st.sampled_from(
    ["*/5 * * * *", "0 2 * * *", "15 3 1,15 * *", "0 9 * * 1-5", "30 */4 * * sun", "@hourly"]
)
ZONES = st.sampled_from(["UTC", "Asia/Seoul", "America/New_York", "Europe/London"])
INSTANTS = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(expr=EXPRESSIONS, tz=ZONES, after=INSTANTS)
def test_next_is_later_and_matches_and_prev_steps_back(expr: str, tz: str, after: datetime) -> None:
    s = CronSchedule(expr, time_zone=tz)
    nxt = s.next(after)
    assert nxt is not None
    assert nxt > after
    assert s.matches(nxt)
    prev = s.prev(nxt)
    assert prev is not None
    assert prev < nxt
    assert s.next(prev) == nxt
