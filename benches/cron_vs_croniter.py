"""kubesim's CronSchedule side by side with croniter, croniter-rs and cronsim, in one run, on
the same expressions and start times.

1. Agreement: the next fire times of each library, compared with robfig/cron v3.0.1 (what
   the Kubernetes CronJob controller runs), asked through tools/cron-oracle when Go and
   Debian's golang-github-robfig-cron-dev are installed (tools/install-test-deps.sh).
   Without them kubesim stands in for robfig/cron (tests/cron_oracle.rs holds it to the
   oracle), and the report says so. Every difference is printed with robfig's answer.
2. Parsing: expressions robfig/cron rejects or reads its own way, and what each library does.
3. Speed, as CPU time (the median of several runs, so a busy machine skews less): the time
   per parse and per next() call from Python for each library, the ratios, and kubesim's
   iterator and batch calls (datetimes, or POSIX seconds with ``timestamps=True``). kubesim's
   next() is timed twice: chained on its own answers (``t = s.next(t)``), and on datetimes
   that Python built in the zone (``zoneinfo``), the general fast path. The machine's load
   average is printed before and after, since the ratios are only fair within one run.

    python benches/cron_vs_croniter.py [--n 200] [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from croniter import croniter
from cronsim import CronSim

try:  # optional: a Rust port of croniter, for comparison
    from croniter_rs import croniter as croniter_rs
except ImportError:  # pragma: no cover
    croniter_rs = None

from kubesim import CronError, CronSchedule

ROOT = Path(__file__).resolve().parents[1]
UTC = timezone.utc

# (expression, zone, start): plain schedules, the day-of-month/day-of-week rule, leap days,
# and daylight saving (spring-forward gaps and autumn repeats).
CASES = [
    ("*/15 * * * *", "UTC", datetime(2024, 1, 1, 12, 0, tzinfo=UTC)),
    ("0 2 * * *", "UTC", datetime(2024, 1, 1, 12, 0, tzinfo=UTC)),
    ("0 9 * * 1-5", "Asia/Seoul", datetime(2024, 1, 1, 12, 0, tzinfo=UTC)),
    ("5,35 */3 1-15 1,4,7,10 *", "UTC", datetime(2024, 1, 1, 12, 0, tzinfo=UTC)),
    ("0 0 1,15 * 1", "UTC", datetime(2024, 1, 1, 12, 0, tzinfo=UTC)),
    ("0 12 29 2 *", "UTC", datetime(2023, 1, 1, 0, 0, tzinfo=UTC)),
    ("30 2 * * *", "America/New_York", datetime(2024, 3, 1, 0, 0, tzinfo=UTC)),
    ("30 1 * * *", "America/New_York", datetime(2024, 10, 25, 0, 0, tzinfo=UTC)),
    ("*/20 1 * * *", "Europe/London", datetime(2024, 10, 20, 0, 0, tzinfo=UTC)),
    ("0 * * * *", "Europe/London", datetime(2024, 3, 28, 0, 0, tzinfo=UTC)),
    ("0 0 1 * *", "Europe/London", datetime(2024, 1, 1, 12, 0, tzinfo=UTC)),
]

# Expressions robfig/cron rejects, or reads differently from the other libraries.
PARSE_CASES = [
    "0 0 * * 7",
    "0 0 * * 0-7",
    "*/0 * * * *",
    "0 0 30 2 *",
    "@hourly",
    "@every 90m",
    "0 0 ? * MON",
    "60 * * * *",
]


def cpu_median(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        samples.append(time.process_time() - t0)
    return statistics.median(samples)


class Oracle:
    """robfig/cron v3.0.1 through tools/cron-oracle, or None when Go or the package is missing."""

    def __init__(self) -> None:
        self.binary: Path | None = None
        go = shutil.which("go")
        if go is None or not Path("/usr/share/gocode/src/github.com/robfig/cron").is_dir():
            return
        out = Path(tempfile.mkdtemp()) / "cron-oracle"
        env = {**os.environ, "GOPATH": "/usr/share/gocode", "GO111MODULE": "off", "GOPROXY": "off"}
        env.setdefault("GOCACHE", str(Path(tempfile.gettempdir()) / "kubesim-gocache"))
        done = subprocess.run(
            [go, "build", "-o", str(out), "."],
            cwd=ROOT / "tools" / "cron-oracle",
            env=env,
            capture_output=True,
            check=False,
        )
        if done.returncode == 0:
            self.binary = out

    def ask(self, cases: list[tuple[str, str, int, int]]) -> list[list[int] | str]:
        """Fire times (unix seconds) or the error message, per (expr, zone, start, count)."""
        if self.binary is None:
            return []
        lines = "".join(f"{e.encode().hex()}\t{z}\t{s}\t{n}\n" for e, z, s, n in cases)
        out = subprocess.run(
            [str(self.binary)], input=lines, capture_output=True, text=True, check=True
        )
        answers: list[list[int] | str] = []
        for line in out.stdout.splitlines():
            kind, _, rest = line.partition("\t")
            if kind == "ok":
                answers.append([int(t) for t in rest.split() if t != "zero"])
            else:
                answers.append(bytes.fromhex(rest).decode() if kind == "err" else rest)
        return answers


def fire_times(expr: str, zone: str, start: datetime, n: int) -> dict[str, list[int] | str]:
    """The first n fire times after start, as unix seconds, from each library."""
    local = start.astimezone(ZoneInfo(zone))
    out: dict[str, list[int] | str] = {}
    try:
        out["kubesim"] = CronSchedule(expr, time_zone=zone).next_n(start, n, timestamps=True)
    except CronError as e:
        out["kubesim"] = f"error: {e}"
    try:
        it = croniter(expr, local)
        out["croniter"] = [int(it.get_next(datetime).timestamp()) for _ in range(n)]
    except Exception as e:
        out["croniter"] = f"error: {type(e).__name__}: {e}"
    try:
        sim = CronSim(expr, local)
        out["cronsim"] = [int(next(sim).timestamp()) for _ in range(n)]
    except Exception as e:
        out["cronsim"] = f"error: {type(e).__name__}: {e}"
    return out


def show(t: int, zone: str) -> str:
    return datetime.fromtimestamp(t, ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %Z")


def agreement(oracle: Oracle, n: int) -> None:
    truth = oracle.ask([(e, z, int(s.timestamp()), n) for e, z, s in CASES])
    judge = (
        "robfig/cron v3.0.1 (tools/cron-oracle)"
        if truth
        else "kubesim (the robfig/cron oracle could not be built here)"
    )
    print(f"== Agreement: next {n} fire times, judged by {judge}")
    for i, (expr, zone, start) in enumerate(CASES):
        got = fire_times(expr, zone, start, n)
        right = truth[i] if truth else got["kubesim"]
        cells = []
        notes = []
        for lib in ("kubesim", "croniter", "cronsim"):
            mine = got[lib]
            if isinstance(mine, str) or isinstance(right, str):
                ok = mine == right
                cells.append(f"{lib} {'ok' if ok else 'DIFFERS'}")
                if not ok:
                    notes.append(f"    {lib}: {mine!s:.90}; robfig: {right!s:.90}")
                continue
            same = sum(a == b for a, b in zip(mine, right))
            cells.append(f"{lib} {same}/{len(right)}")
            if len(right) < n and lib == "kubesim":
                notes.append(
                    f"    robfig gives up after {len(right)}: no fire time within five years"
                )
            diff = next((k for k, (a, b) in enumerate(zip(mine, right)) if a != b), None)
            if diff is not None:
                notes.append(
                    f"    {lib} first differs at #{diff + 1}: {show(mine[diff], zone)}"
                    f" where robfig fires {show(right[diff], zone)}"
                )
        print(f"{expr:26} {zone:17} from {start:%Y-%m-%d}: " + ", ".join(cells))
        for line in notes:
            print(line)


def parsing(oracle: Oracle) -> None:
    truth = oracle.ask([(e, "UTC", 1704067200, 1) for e in PARSE_CASES])
    print("\n== Parsing: what robfig/cron makes of odd expressions, and each library")
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for i, expr in enumerate(PARSE_CASES):
        got = fire_times(expr, "UTC", start, 1)
        robfig = truth[i] if truth else None
        if robfig is None:
            verdict = "robfig: ?"
        elif isinstance(robfig, str):
            verdict = "robfig: error"
        else:
            verdict = "robfig: " + (show(robfig[0], "UTC") if robfig else "never")
        cells = []
        for lib in ("kubesim", "croniter", "cronsim"):
            mine = got[lib]
            text = "error" if isinstance(mine, str) else (show(mine[0], "UTC") if mine else "never")
            if robfig is not None:
                agrees = isinstance(mine, str) == isinstance(robfig, str) and (
                    isinstance(mine, str) or mine[:1] == robfig[:1]
                )
                text += "" if agrees else " (wrong)"
            cells.append(f"{lib}: {text}")
        print(f"{expr:14} {verdict:32} " + "; ".join(cells))


def measure(expr: str, zone: str, start: datetime, n: int, repeat: int) -> dict[str, float]:
    """CPU seconds per parse and per fire time for each library on one case."""
    local = start.astimezone(ZoneInfo(zone))
    k = 2000
    sched = CronSchedule(expr, time_zone=zone)

    def parse_croniter() -> None:
        for _ in range(k):
            croniter(expr, local)

    def parse_cronsim() -> None:
        for _ in range(k):
            CronSim(expr, local)

    def parse_kubesim() -> None:
        for _ in range(k):
            CronSchedule(expr, time_zone=zone)

    def croniter_next() -> None:
        it = croniter(expr, local)
        for _ in range(n):
            it.get_next(datetime)

    def croniter_rs_next() -> None:
        it = croniter_rs(expr, local)
        for _ in range(n):
            it.get_next(datetime)

    def cronsim_next() -> None:
        it = CronSim(expr, local)
        for _ in range(n):
            next(it)

    def kubesim_next() -> None:
        t = start
        for _ in range(n):
            t = sched.next(t) or start

    # Datetimes Python made in the zone (not kubesim's answers): the zoneinfo fast path.
    tz = ZoneInfo(zone) if zone != "UTC" else UTC
    inputs = [datetime.fromtimestamp(start.timestamp() + 3607 * i, tz) for i in range(n)]

    def kubesim_zoneinfo() -> None:
        for t in inputs:
            sched.next(t)

    def kubesim_iter() -> None:
        it = sched.iter(start)
        for _ in range(n):
            if next(it, None) is None:
                it = sched.iter(start)

    big = 20 * n
    fires = max(1, len(sched.next_n(start, big, timestamps=True)))
    nan = float("nan")
    return {
        "parse croniter": cpu_median(parse_croniter, repeat) / k,
        "parse cronsim": cpu_median(parse_cronsim, repeat) / k,
        "parse kubesim": cpu_median(parse_kubesim, repeat) / k,
        "next croniter": cpu_median(croniter_next, repeat) / n,
        "next croniter-rs": cpu_median(croniter_rs_next, repeat) / n if croniter_rs else nan,
        "next cronsim": cpu_median(cronsim_next, repeat) / n,
        "next kubesim": cpu_median(kubesim_next, repeat) / n,
        "next zoneinfo": cpu_median(kubesim_zoneinfo, repeat) / n,
        "iter": cpu_median(kubesim_iter, repeat) / n,
        "batch": cpu_median(lambda: sched.next_n(start, big), repeat) / fires,
        "ts": cpu_median(lambda: sched.next_n(start, big, timestamps=True), repeat) / fires,
    }


def speed(n: int, repeat: int) -> None:
    print(f"\n== Speed: CPU µs per call (median of {repeat} runs); xLIB = LIB / kubesim")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"{'expression':26} {'zone':17} {'parse: croniter':>15} {'cronsim':>8} {'kubesim':>8}"
        f" {'xcroniter':>9} | {'next: croniter':>14} {'cron-rs':>8} {'cronsim':>8}"
        f" {'kubesim':>8} {'zoneinfo':>8} {'xcroniter':>9} {'xcron-rs':>8} {'xcronsim':>8} |"
        f" {'iter':>6} {'batch':>6} {'ts':>6}"
    )
    worst = {"next": 0.0, "zoneinfo": 0.0, "batch": 0.0}
    for expr, zone, start in CASES:
        m = {key: value * 1e6 for key, value in measure(expr, zone, start, n, repeat).items()}
        worst["next"] = max(worst["next"], m["next kubesim"])
        worst["zoneinfo"] = max(worst["zoneinfo"], m["next zoneinfo"])
        worst["batch"] = max(worst["batch"], m["batch"])
        print(
            f"{expr:26} {zone:17} {m['parse croniter']:15.2f} {m['parse cronsim']:8.2f}"
            f" {m['parse kubesim']:8.2f} {m['parse croniter'] / m['parse kubesim']:8.0f}x |"
            f" {m['next croniter']:14.2f} {m['next croniter-rs']:8.3f} {m['next cronsim']:8.2f}"
            f" {m['next kubesim']:8.3f} {m['next zoneinfo']:8.3f}"
            f" {m['next croniter'] / m['next kubesim']:8.0f}x"
            f" {m['next croniter-rs'] / m['next kubesim']:7.1f}x"
            f" {m['next cronsim'] / m['next kubesim']:7.0f}x |"
            f" {m['iter']:6.3f} {m['batch']:6.3f} {m['ts']:6.3f}"
        )
    print(
        f"\nkubesim worst case: next() {worst['next']:.3f} µs per call chained and"
        f" {worst['zoneinfo']:.3f} µs on zoneinfo datetimes (aim < 0.5),"
        f" batch {worst['batch']:.3f} µs per fire with datetimes (aim < 0.25)"
    )
    print(
        "cron-rs = croniter-rs (a Rust port of croniter); zoneinfo = kubesim next() on"
        " datetimes Python built in the zone; iter = CronIterator per fire; batch = next_n"
        " per fire (datetimes); ts = next_n(timestamps=True)"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200, help="fire times per case")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    oracle = Oracle()
    agreement(oracle, args.n)
    parsing(oracle)
    speed(args.n, args.repeat)


if __name__ == "__main__":
    main()
