"""Self-checks for the lessons' exercises: a check cell calls :func:`check` with the same
``kubesim.testing`` assertions a grader uses, and prints, in the lesson's language, whether
the answer is right and, if not, what the simulation did and why.

>>> from kubesim.exercises import check, expect
>>> from kubesim.testing import assert_pods
>>> check("1-1", lambda: assert_pods(c, "replicaset/web", count=4, ready=True))  # doctest: +SKIP
✅ 1-1 정답입니다: ...

A check never raises, so a notebook with unsolved exercises still runs to its end; it
prints one line that starts with ✅ or ❌ (the lesson tests read that line) and returns
nothing, so the cell shows only the verdict.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import kubesim as ks

__all__ = ["FAIL", "PASS", "check", "expect"]

PASS = "✅"
FAIL = "❌"


def _t(lang: str, en: str, ko: str) -> str:
    return ks.ko_particles(ko) if lang == "ko" else en


def expect(condition: object, message: str) -> None:
    """Raises an AssertionError with ``message`` (what is wrong and why) unless ``condition``."""
    __tracebackhide__ = True
    if not condition:
        raise AssertionError(message)


def check(
    title: str,
    *checks: Callable[[], Any],
    success: str = "",
    lang: str | None = None,
) -> None:
    """Runs ``checks`` (callables that raise AssertionError on a wrong answer) in order and
    prints the verdict; the first failure is explained. A kubesim error (a manifest that does
    not load, a kubectl command that fails) counts as a wrong answer and is shown as is. The
    verdict is in ``lang``, else in Korean when the title is, else in ``ks.get_lang()``."""
    if lang is None:
        korean_title = any("\uac00" <= ch <= "\ud7a3" for ch in title)
        lang = "ko" if korean_title else ks.get_lang()
    for run in checks:
        try:
            run()
        except AssertionError as e:
            print(f"{FAIL} {title} " + _t(lang, "not yet:", "아직 아닙니다:"))
            print(str(e))
            return
        except ks.KubesimError as e:
            print(
                f"{FAIL} {title} "
                + _t(lang, "not yet: kubesim refused it:", "아직 아닙니다: kubesim이 거부했습니다:")
            )
            print(str(e))
            return
    note = f" {success}" if success else ""
    print(f"{PASS} {title} " + _t(lang, "correct.", "정답입니다.") + note)
