"""kubesim's CronSchedule against croniter, on the same expressions, in one run.

For each expression: the next 1000 fire times from the same start, repeated; prints the
median time per call of 1000 fire times for each library and the ratio. "ts-only" is
`next_n(..., timestamps=True)`, which returns POSIX seconds instead of datetimes.

Where the two disagree the count is shown: croniter is not robfig/cron (it differs on some
DST edges), and chrono-tz's tables stop at 2100, after which kubesim keeps the last offset
(1000 monthly fire times from 2024 reach 2107).

    python benches/cron_vs_croniter.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from croniter import croniter

from kubesim._core import CronSchedule

CASES = [
    ("*/15 * * * *", "UTC"),
    ("0 2 * * *", "UTC"),
    ("0 9 * * 1-5", "Asia/Seoul"),
    ("30 1 * * *", "America/New_York"),
    ("0 0 1 * *", "Europe/London"),
    ("5,35 */3 1-15 1,4,7,10 *", "UTC"),
]
N = 1000


def median_seconds(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    start = datetime(2024, 1, 1, 12, 0, tzinfo=timezone.utc)
    header = (
        f"{'expression':28} {'zone':17} {'croniter':>10} {'kubesim':>10} "
        f"{'ratio':>7} {'ts-only':>10} {'ratio':>7}"
    )
    print(f"next {N} fire times, median of {args.repeat} runs (ms)")
    print(header)
    for expr, zone in CASES:
        tz = ZoneInfo(zone)
        local_start = start.astimezone(tz)
        sched = CronSchedule(expr, time_zone=zone)

        def with_croniter(expr=expr, local_start=local_start) -> list[datetime]:
            it = croniter(expr, local_start)
            return [it.get_next(datetime) for _ in range(N)]

        def with_kubesim(sched=sched) -> list[datetime]:
            return sched.next_n(start, N)

        def with_kubesim_ts(sched=sched) -> list[int]:
            return sched.next_n(start, N, timestamps=True)

        theirs, ours = with_croniter(), with_kubesim()
        agree = sum(a == b for a, b in zip(theirs, ours))
        c = median_seconds(with_croniter, args.repeat)
        k = median_seconds(with_kubesim, args.repeat)
        kt = median_seconds(with_kubesim_ts, args.repeat)
        note = "" if agree == N else f"  ({agree}/{N} identical fire times)"
        print(
            f"{expr:28} {zone:17} {c * 1e3:10.2f} {k * 1e3:10.2f} {c / k:6.0f}x "
            f"{kt * 1e3:10.3f} {c / kt:6.0f}x{note}"
        )


if __name__ == "__main__":
    main()
