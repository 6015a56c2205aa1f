"""Writes src/cron/zone_rules.rs: for every IANA zone, the POSIX TZ rule that the zone's
TZif file ends with (its footer) and the instant from which that rule alone gives the zone's
offsets.

Why: chrono-tz's tables stop at 2099 (later instants keep the offset in force then, so New
York stays on standard time all summer from 2100 on). Go's time package, which the CronJob
controller's robfig/cron computes with, applies the footer rule after a zone's last listed
transition. kubesim does the same with this table, and also uses the rule in place of a table
search from the instant it holds (faster, and the same answer: tests check the rule against
chrono-tz in every year from that instant to 2099).

Reads the system's compiled zone files (Debian's tzdata); their version must be the one
chrono-tz bundles (the generated file records it and a test compares).

    python3 tools/gen_zone_rules.py [/usr/share/zoneinfo] > src/cron/zone_rules.rs
"""

from __future__ import annotations

import os
import re
import struct
import sys

DAY = 86_400
DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]


def read_tzif(path: str) -> tuple[list[tuple[int, int]], str] | None:
    """(transitions as (unix, offset after), footer) of a TZif file, from its 64-bit part."""
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(b"TZif") or data[4:5] < b"2":
        return None

    def counts(at: int) -> tuple[int, ...]:
        return struct.unpack(">6l", data[at + 20 : at + 44])

    isut, isstd, leap, timecnt, typecnt, charcnt = counts(0)
    at = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut
    isut, isstd, leap, timecnt, typecnt, charcnt = counts(at)
    at += 44
    times = struct.unpack(f">{timecnt}q", data[at : at + timecnt * 8])
    at += timecnt * 8
    idx = data[at : at + timecnt]
    at += timecnt
    types = [struct.unpack(">lBB", data[at + 6 * i : at + 6 * i + 6]) for i in range(typecnt)]
    at += typecnt * 6 + charcnt + leap * 12 + isstd + isut
    footer = data[at:].split(b"\n")[1].decode()
    return [(t, types[i][0]) for t, i in zip(times, idx)], footer


def parse_offset(s: str) -> tuple[int, str]:
    m = re.match(r"([+-]?)(\d{1,3})(?::(\d\d))?(?::(\d\d))?", s)
    assert m, s
    secs = int(m[2]) * 3600 + int(m[3] or 0) * 60 + int(m[4] or 0)
    return (-secs if m[1] == "-" else secs), s[m.end() :]


def parse_name(s: str) -> str:
    if s.startswith("<"):
        return s[s.index(">") + 1 :]
    return s[len(re.match(r"[A-Za-z]+", s)[0]) :]


def parse_rule(s: str) -> tuple[tuple[int, int, int, int], str]:
    m = re.match(r"M(\d+)\.(\d)\.(\d)", s)
    assert m, f"only M rules are used by tzdata: {s}"
    s = s[m.end() :]
    time = 7200
    if s.startswith("/"):
        time, s = parse_offset(s[1:])
    return (int(m[1]), int(m[2]), int(m[3]), time), s


def parse_posix(tz: str):
    """(std offset east, dst offset east, start rule, end rule) or (std, None, None, None)."""
    s = parse_name(tz)
    std, s = parse_offset(s)
    std = -std
    if not s:
        return std, None, None, None
    s = parse_name(s)
    dst = std + 3600
    if s and s[0] != ",":
        dst, s = parse_offset(s)
        dst = -dst
    start, s = parse_rule(s[1:])
    end, s = parse_rule(s[1:])
    assert not s, tz
    return std, dst, start, end


def is_leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def days_in(month: int, year: int) -> int:
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def days_from_civil(y: int, m: int, d: int) -> int:
    if m <= 2:
        y -= 1
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146_097 + doe - 719_468


def rule_time(year: int, rule: tuple[int, int, int, int], off: int) -> int:
    """Go's tzruleTime for an M rule: seconds after the year's start (UTC) of the change."""
    mon, week, wday, time = rule
    dow = (days_from_civil(year, mon, 1) + 4) % 7
    d = (wday - dow) % 7
    for _ in range(1, week):
        if d + 7 >= days_in(mon, year):
            break
        d += 7
    d += DAYS_BEFORE[mon - 1] + (1 if is_leap(year) and mon > 2 else 0)
    return d * DAY + time - off


def rule_offset(rule, t: int) -> int:
    """Go's tzset: the offset a footer rule gives at unix second t."""
    std, dst, start, end = rule
    if dst is None:
        return std
    # The UTC year of t.
    days = t // DAY
    year = 1970 + days // 366
    while days_from_civil(year + 1, 1, 1) <= days:
        year += 1
    while days_from_civil(year, 1, 1) > days:
        year -= 1
    ysec = t - days_from_civil(year, 1, 1) * DAY
    s, e = rule_time(year, start, std), rule_time(year, end, dst)
    so, do = std, dst
    if e < s:
        s, e, so, do = e, s, do, so
    return do if s <= ysec < e else so


def rule_transitions(rule, lo: int, hi: int) -> list[int]:
    std, dst, start, end = rule
    if dst is None:
        return []
    out = []
    y0 = 1970 + lo // (366 * DAY) - 1
    y1 = 1970 + hi // (365 * DAY) + 1
    for y in range(y0, y1 + 1):
        base = days_from_civil(y, 1, 1) * DAY
        for t in (base + rule_time(y, start, std), base + rule_time(y, end, dst)):
            if lo <= t <= hi:
                out.append(t)
    return out


def valid_from(transitions: list[tuple[int, int]], rule) -> int:
    """The earliest listed transition from which the footer rule alone gives every offset
    (the file defers to the rule after its last transition). Both are piecewise constant, so
    agreeing on both sides of every change point of either proves agreement in between."""
    if not transitions:
        return -(2**63)
    last = transitions[-1][0]

    def file_at(x: int) -> int:
        return [o for (w, o) in transitions if w <= x][-1]

    best = None
    for k in range(len(transitions) - 1, -1, -1):
        tk = transitions[k][0]
        ok = rule_offset(rule, tk) == transitions[k][1]
        for i in range(k + 1, len(transitions)):
            t, off = transitions[i]
            before = transitions[i - 1][1]
            ok = ok and rule_offset(rule, t) == off and rule_offset(rule, t - 1) == before
            if not ok:
                break
        for r in rule_transitions(rule, tk, last) if ok else []:
            if r > tk and (
                rule_offset(rule, r) != file_at(r) or rule_offset(rule, r - 1) != file_at(r - 1)
            ):
                ok = False
                break
        if not ok:
            break
        best = tk
    # Without any agreement the rule only starts after the last transition.
    return best if best is not None else last


def main() -> None:
    root = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/zoneinfo"
    version = ""
    with open(os.path.join(root, "tzdata.zi")) as f:
        version = f.readline().split()[-1]
    zones = []
    for dirpath, dirnames, files in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        if rel.split(os.sep)[0] in ("posix", "right"):
            dirnames[:] = []
            continue
        for name in files:
            path = os.path.join(dirpath, name)
            zone = os.path.normpath(os.path.join(rel, name))
            if zone in ("localtime", "posixrules", "Factory"):
                continue
            got = read_tzif(path)
            if got is None:
                continue
            transitions, footer = got
            rule = parse_posix(footer)
            # From 1970 on: Go's rule arithmetic is exact there, and before it chrono-tz keeps
            # the history of a linked zone where these files may have the zone's own.
            since = max(valid_from(transitions, rule), 0)
            zones.append((zone, since, footer))
    zones.sort()
    out = [
        "//! Generated by tools/gen_zone_rules.py from the system's compiled IANA zone files;",
        "//! do not edit. Each zone's POSIX TZ rule (its TZif footer, which Go applies after the",
        "//! last listed transition) and the unix second from which that rule alone gives its",
        "//! offsets.",
        "",
        "/// The IANA release the rules come from (a test compares it with chrono-tz's).",
        "#[cfg(test)]",
        f'pub(super) const TZDB_VERSION: &str = "{version}";',
        "",
        "#[rustfmt::skip]",
        "pub(super) const RULES: &[(&str, i64, &str)] = &[",
    ]
    for zone, since, footer in zones:
        since_text = "i64::MIN" if since == -(2**63) else str(since)
        out.append(f'    ("{zone}", {since_text}, "{footer}"),')
    out.append("];")
    print("\n".join(out))


if __name__ == "__main__":
    main()
