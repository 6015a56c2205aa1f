"""`kubesim grade` on a class of N submissions of the example assignment (examples/grading/:
six tests, four of them on a simulated cluster), the sample class cycled to N.

Prints the total wall time, students per second, and the median and 90th percentile of
one student's time (from starting their process to reading their results), and the same
for a plain `pytest --submission` run of one student for comparison (a fresh interpreter
each, as Gradescope runs it). The machine is shared: run it when it is quiet, and read the
medians.

On the 2-core development machine, shared and loaded (load average 10 to 13), with the
DaemonSet and Deployment controllers merged: 500 students in 166 s (331 ms of wall time
each, 3.0 students/s); one student's process, median 596 ms and p90 733 ms with two at a
time; a plain `pytest --submission` in a fresh interpreter, 4.6 s per student.

    python benches/grading.py [--students 500] [--jobs 2] [--repeat 1]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kubesim import grading

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "grading"


def make_class(folder: Path, n: int) -> None:
    samples = sorted(p for p in (EXAMPLE / "submissions").iterdir() if p.is_dir())
    for i in range(n):
        sample = samples[i % len(samples)]
        shutil.copytree(sample, folder / f"{i:04d}-{sample.name}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--single", type=int, default=5, help="plain pytest runs to time")
    args = parser.parse_args()
    print(f"kubesim grade: {args.students} students, -j {args.jobs}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        subs = Path(tmp) / "class"
        subs.mkdir()
        make_class(subs, args.students)
        totals = []
        per_student: list[float] = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            book = grading.grade(EXAMPLE / "test_daemonset.py", subs, jobs=args.jobs)
            totals.append(time.perf_counter() - t0)
            per_student.extend(s.seconds for s in book.students)
            errors = sum(1 for s in book.students if s.status != "graded")
            if errors:
                print(f"  {errors} students could not be graded")
        total = statistics.median(totals)
        rate = args.students / total
        print(f"  total: {total:.1f} s (median of {args.repeat}); {rate:.1f} students/s")
        median = statistics.median(per_student) * 1000
        p90 = percentile(per_student, 0.9) * 1000
        print(
            f"  one student: median {median:.0f} ms, p90 {p90:.0f} ms "
            f"(its own process, {args.jobs} at a time)"
        )
        print(f"  wall time per student: {total / args.students * 1000:.0f} ms")
        single = []
        for _ in range(args.single):
            t0 = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pytest",
                    "-q",
                    "-p",
                    "no:cacheprovider",
                    str(EXAMPLE / "test_daemonset.py"),
                    "--submission",
                    str(EXAMPLE / "submissions" / "correct"),
                    "--kubesim-gradescope",
                    str(Path(tmp) / "results.json"),
                ],
                capture_output=True,
                check=False,
                cwd=tmp,
            )
            single.append(time.perf_counter() - t0)
        fresh = statistics.median(single) * 1000
        print(f"plain pytest, a fresh interpreter each: median {fresh:.0f} ms of {args.single}")


if __name__ == "__main__":
    main()
