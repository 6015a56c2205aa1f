"""Grading students' manifests: points, partial credit, a student's submission, the
Gradescope and GitHub Classroom report formats, feedback files, and ``kubesim grade``,
which runs an instructor's tests once per student, each in its own process.

An assignment in a few lines::

    from kubesim.grading import points
    from kubesim.testing import assert_runs_on_every_node

    @points(3)
    def test_runs_on_every_node(submission, cluster):
        cluster.apply(submission.file("node-exporter.yaml"))
        cluster.run()
        assert_runs_on_every_node(cluster, "daemonset/node-exporter")

Nothing here simulates anything: scores are sums, reports are JSON, and the simulation
is the Rust core's. This module imports only the standard library at import time.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

__all__ = [
    "MANIFEST_SUFFIXES",
    "VISIBILITIES",
    "Credit",
    "Gradebook",
    "PartialCredit",
    "StudentResult",
    "Submission",
    "TestResult",
    "classroom_results",
    "feedback_text",
    "format_points",
    "grade",
    "gradescope_results",
    "partial",
    "points",
]

#: Gradescope's visibility settings for a test (and for the whole results.json).
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
#: Files of a submission that are read as manifests.
MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
#: The Kubernetes API server's request limit; kubesim refuses larger manifests too.
MAX_FILE_BYTES = 3 * 1024 * 1024
#: A submission larger than this in total is not graded.
MAX_SUBMISSION_BYTES = 16 * 1024 * 1024
#: Files and folders looked at in one submission before it is refused as too big.
MAX_ENTRIES = 1_000
#: Folder depth looked into inside a submission.
MAX_DEPTH = 4
#: Characters of a test's output kept in reports (Gradescope shows it in a <pre> block).
MAX_OUTPUT_CHARS = 20_000


def _t(lang: str | None, en: str, ko: str) -> str:
    if lang != "ko":
        return en
    from kubesim._core import ko_particles  # the native module, loaded on first Korean text

    return ko_particles(ko)


# --- points and partial credit -----------------------------------------------------------


def points(
    value: float,
    *,
    name: str | None = None,
    number: str | None = None,
    visibility: str = "visible",
    tags: Sequence[str] = (),
) -> Any:
    """What a test is worth: ``@points(3)`` on a test function (the same as
    ``@pytest.mark.points(3)``). ``name`` and ``number`` are what Gradescope shows (default:
    the docstring's first line, and the test's position); ``visibility`` is ``"visible"``,
    ``"hidden"``, ``"after_due_date"`` or ``"after_published"``."""
    import pytest

    if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
        raise ValueError(f"points must be a number >= 0, not {value!r}")
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}, not {visibility!r}")
    kwargs: dict[str, Any] = {"visibility": visibility}
    if name is not None:
        kwargs["name"] = name
    if number is not None:
        kwargs["number"] = str(number)
    if tags:
        kwargs["tags"] = list(tags)
    return pytest.mark.points(value, **kwargs)


class PartialCredit(AssertionError):
    """Raised by :func:`partial`: the test ends with ``points`` of its points, and ``reason``
    is what the student reads. Outside grading reports it is an ordinary failure."""

    def __init__(self, points: float, reason: str) -> None:
        super().__init__(reason)
        self.points = float(points)
        self.reason = str(reason)


def partial(points: float, reason: object) -> PartialCredit:
    """Ends the test with part of its points: ``partial(2, "runs on the workers but not on
    the control-plane")``. ``reason`` may be an exception (its message is used)."""
    __tracebackhide__ = True
    raise PartialCredit(points, str(reason))


class Credit:
    """The ``credit`` fixture: take points off and carry on. A test that then passes scores
    its points minus the deductions (never below 0) and shows every reason."""

    def __init__(self) -> None:
        self.deductions: list[tuple[float, str]] = []

    def deduct(self, points: float, reason: object) -> None:
        if points < 0:
            raise ValueError("deduct a number of points >= 0")
        self.deductions.append((float(points), str(reason)))

    @property
    def total(self) -> float:
        return sum(p for p, _ in self.deductions)

    @property
    def reasons(self) -> list[str]:
        return [r for _, r in self.deductions]


# --- a student's submission --------------------------------------------------------------


def _fail(message: str) -> None:
    __tracebackhide__ = True
    try:
        import pytest
    except ImportError:  # pragma: no cover - grading always runs under pytest
        raise AssertionError(message) from None
    pytest.fail(message, pytrace=False)


def _scan(root: Path, lang: str | None) -> tuple[list[Path], list[str]]:
    """The manifest files under ``root`` that are safe to read, and what was left out and why.
    Only regular files are read: symbolic links, devices and pipes are never opened."""
    files: list[Path] = []
    notes: list[str] = []
    try:
        st = root.lstat()
    except OSError:
        return [], [_t(lang, f"{root.name}: not found", f"{root.name}: 없습니다")]
    if stat.S_ISREG(st.st_mode):
        if root.suffix.lower() in MANIFEST_SUFFIXES:
            if st.st_size > MAX_FILE_BYTES:
                notes.append(_too_large(root.name, st.st_size, lang))
            else:
                files.append(root)
        return files, notes
    if not stat.S_ISDIR(st.st_mode):
        return [], [
            _t(lang, f"{root.name}: not a file or folder", f"{root.name}: 파일이나 폴더가 아닙니다")
        ]
    seen = 0
    stack: list[tuple[Path, int]] = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            seen += 1
            if seen > MAX_ENTRIES:
                notes.append(
                    _t(
                        lang,
                        f"more than {MAX_ENTRIES} files and folders; the rest were not read",
                        f"파일과 폴더가 {MAX_ENTRIES}개를 넘어 나머지는 읽지 않았습니다",
                    )
                )
                return sorted(files), notes
            if entry.name.startswith(".") or entry.name == "__pycache__":
                continue
            path = Path(entry.path)
            rel = path.relative_to(root).as_posix()
            if entry.is_symlink():
                if path.suffix.lower() in MANIFEST_SUFFIXES:
                    notes.append(
                        _t(
                            lang,
                            f"{rel}: a symbolic link, not read",
                            f"{rel}: 심볼릭 링크라서 읽지 않았습니다",
                        )
                    )
                continue
            if entry.is_dir(follow_symlinks=False):
                # Deeper folders are still listed (within MAX_ENTRIES) so that what they
                # hold is reported, not silently dropped.
                stack.append((path, depth + 1))
                continue
            if path.suffix.lower() not in MANIFEST_SUFFIXES:
                continue
            if depth >= MAX_DEPTH:
                notes.append(
                    _t(
                        lang,
                        f"{rel}: more than {MAX_DEPTH} folders deep; not read",
                        f"{rel}: 폴더가 {MAX_DEPTH}단계보다 깊어서 읽지 않았습니다",
                    )
                )
                continue
            try:
                est = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if not stat.S_ISREG(est.st_mode):
                notes.append(
                    _t(
                        lang,
                        f"{rel}: not a regular file, not read",
                        f"{rel}: 일반 파일이 아니라서 읽지 않았습니다",
                    )
                )
            elif est.st_size > MAX_FILE_BYTES:
                notes.append(_too_large(rel, est.st_size, lang))
            else:
                files.append(path)
    return sorted(files), notes


def _too_large(name: str, size: int, lang: str | None) -> str:
    mib = size / (1024 * 1024)
    return _t(
        lang,
        f"{name}: {mib:.1f} MiB is larger than the 3 MiB the API server accepts; not read",
        f"{name}: {mib:.1f} MiB로 API 서버가 받는 3 MiB보다 커서 읽지 않았습니다",
    )


class Submission:
    """A student's files (the ``submission`` fixture). Only ``.yaml``, ``.yml`` and ``.json``
    files are read, as data; nothing in a submission is ever run.

    >>> s = Submission("students/kim")                          # doctest: +SKIP
    >>> cluster.apply(s.file("daemonset.yaml"))                 # doctest: +SKIP
    >>> [ds] = s.objects(kind="DaemonSet")                      # doctest: +SKIP
    >>> s.assert_valid()                                        # doctest: +SKIP
    """

    def __init__(self, path: str | os.PathLike[str], *, lang: str | None = None) -> None:
        self.path = Path(path)
        self.lang = lang
        self._files, self.notes = _scan(self.path, lang)

    def __repr__(self) -> str:
        return f"<Submission {str(self.path)!r}: {len(self._files)} manifest file(s)>"

    @property
    def root(self) -> Path:
        """The folder the names are relative to."""
        return self.path if self.path.is_dir() else self.path.parent

    @property
    def files(self) -> list[Path]:
        """The manifest files, in name order."""
        return list(self._files)

    @property
    def names(self) -> list[str]:
        """The manifest files' names relative to the submission, in name order."""
        return [f.relative_to(self.root).as_posix() for f in self._files]

    def _describe_files(self) -> str:
        if not self._files:
            text = _t(
                self.lang,
                "it has no manifest files (.yaml, .yml, .json)",
                "매니페스트 파일(.yaml, .yml, .json)이 하나도 없습니다",
            )
        else:
            text = _t(self.lang, "it has: ", "제출된 파일: ") + ", ".join(self.names)
        if self.notes:
            text += "\n" + "\n".join(self.notes)
        return text

    def file(self, name: str) -> Path:
        """The path of the file ``name`` (``daemonset.yaml``; ``.yaml`` and ``.yml`` are
        interchangeable, and case does not matter); the test fails, saying what the
        submission has, when there is no such file."""
        wanted = name.replace("\\", "/").strip("/")
        by_name = dict(zip(self.names, self._files))
        if wanted in by_name:
            return by_name[wanted]

        def norm(n: str) -> str:
            n = n.lower()
            return n[:-4] + ".yaml" if n.endswith(".yml") else n

        for candidate, path in by_name.items():
            if norm(candidate) == norm(wanted):
                return path
        base = [p for c, p in by_name.items() if norm(c.rsplit("/", 1)[-1]) == norm(wanted)]
        if len(base) == 1:
            return base[0]
        if not self.path.is_dir() and len(self._files) == 1:
            # A submission that is one file answers for every file name.
            return self._files[0]
        _fail(
            _t(self.lang, f"the submission has no {name}; ", f"제출물에 {name} 파일이 없습니다. ")
            + self._describe_files()
        )
        raise AssertionError  # pragma: no cover - _fail raises

    def text(self, name: str) -> str:
        """The text of the file ``name``."""
        return self.file(name).read_text(encoding="utf-8", errors="replace")

    def _sources(self, file: str | None) -> list[Path]:
        if file is not None:
            return [self.file(file)]
        if not self._files:
            _fail(_t(self.lang, "the submission: ", "제출물: ") + self._describe_files())
        return list(self._files)

    def objects(
        self, kind: str | None = None, *, name: str | None = None, file: str | None = None
    ) -> list[Any]:
        """Every object in the submission (or in ``file``), with the API server's defaults,
        optionally only those of ``kind`` (``"DaemonSet"``, case-insensitive) and ``name``.
        A file that does not load fails the test with its diagnostics."""
        import kubesim as ks

        found: list[Any] = []
        problems: list[str] = []
        for path in self._sources(file):
            try:
                found.extend(ks.load(path, lang=self.lang))
            except ks.ManifestError as error:
                problems.append(self._relative(str(error)))
        if problems:
            _fail("\n".join(problems))
        if kind is not None:
            found = [o for o in found if o.kind.lower() == kind.lower()]
        if name is not None:
            found = [o for o in found if o.name == name]
        return found

    def object(self, kind: str, name: str | None = None, *, file: str | None = None) -> Any:
        """The one object of ``kind`` (and ``name``); the test fails, saying what the
        submission holds instead, unless there is exactly one."""
        matches = self.objects(kind, name=name, file=file)
        if len(matches) == 1:
            return matches[0]
        every = self.objects(file=file)
        held = ", ".join(f"{o.kind} {o.name}" for o in every) or "-"
        what = f"{kind} {name}" if name else kind
        if not matches:
            _fail(
                _t(
                    self.lang,
                    f"expected a {what}; the submission has: {held}",
                    f"{what}이(가) 있어야 하는데, 제출물에는 이것들이 있습니다: {held}",
                )
            )
        _fail(
            _t(
                self.lang,
                f"expected one {what}, found {len(matches)}",
                f"{what}은(는) 하나여야 하는데 {len(matches)}개 있습니다",
            )
        )
        raise AssertionError  # pragma: no cover - _fail raises

    def check(self, file: str | None = None) -> list[Any]:
        """``ks.check`` of every file (or of ``file``): one Report per file."""
        import kubesim as ks

        return [ks.check(p, lang=self.lang) for p in self._sources(file)]

    def assert_valid(self, file: str | None = None, *, warnings: bool = False) -> None:
        """Fails the test with every error (and, with ``warnings=True``, every warning) as
        line-numbered diagnostics, unless the files load as the API server would take them."""
        lines: list[str] = []
        for report in self.check(file):
            for d in report.diagnostics:
                if d.severity == "error" or warnings:
                    lines.append(str(d))
        if lines:
            _fail(self._relative("\n".join(lines)))

    def _relative(self, text: str) -> str:
        """Paths in messages, relative to the submission."""
        return relative_paths(text, self.root)


def relative_paths(text: str, root: str | os.PathLike[str]) -> str:
    """``text`` with ``root``'s absolute path left out, so students read ``daemonset.yaml:3:5``."""
    prefix = str(Path(root).resolve())
    for p in {prefix, str(root)}:
        if p and p not in (".", os.sep):
            text = text.replace(p.rstrip(os.sep) + os.sep, "")
    return text


# --- results -----------------------------------------------------------------------------


@dataclass
class TestResult:
    """One graded test."""

    __test__ = False  # not a pytest test class

    name: str
    number: str
    score: float
    max_score: float
    status: str  # "passed" or "failed"
    output: str = ""
    visibility: str = "visible"
    tags: list[str] = field(default_factory=list)
    execution_time: float = 0.0
    nodeid: str = ""
    filename: str = ""
    line_no: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _number(x: float) -> float | int:
    """Scores as Gradescope shows them: 2 rather than 2.0, and no float noise."""
    x = round(float(x), 4)
    return int(x) if x == int(x) else x


def format_points(x: float) -> str:
    """``2``, ``2.5``: points as people write them."""
    return str(_number(x))


def gradescope_results(
    tests: Sequence[TestResult],
    *,
    execution_time: float,
    output: str = "",
    visibility: str | None = None,
    stdout_visibility: str | None = None,
) -> dict[str, Any]:
    """results.json as Gradescope's autograder specification defines it: top-level
    ``score``, ``execution_time`` (seconds), ``output``, ``output_format``, optional
    ``visibility`` and ``stdout_visibility``, and ``tests``, each with ``score``,
    ``max_score``, ``status``, ``name``, ``number``, ``output``, ``tags`` and
    ``visibility``. No leaderboard."""
    doc: dict[str, Any] = {
        "score": _number(sum(t.score for t in tests)),
        "execution_time": round(float(execution_time), 3),
        "output": output,
        "output_format": "text",
        "test_output_format": "text",
        "test_name_format": "text",
    }
    if visibility is not None:
        doc["visibility"] = visibility
    if stdout_visibility is not None:
        doc["stdout_visibility"] = stdout_visibility
    doc["tests"] = [
        {
            "score": _number(t.score),
            "max_score": _number(t.max_score),
            "status": t.status,
            "name": t.name,
            "number": t.number,
            "output": t.output,
            "tags": list(t.tags),
            "visibility": t.visibility,
        }
        for t in tests
    ]
    return doc


def classroom_results(tests: Sequence[TestResult], *, error: str | None = None) -> dict[str, Any]:
    """The result a GitHub Classroom grader action hands to
    ``classroom-resources/autograding-grading-reporter`` (version 1, as the command and I/O
    graders write it): ``status`` pass/fail/error, ``max_score``, and per test ``name``,
    ``status``, ``score`` (the real points, which the reporter adds up), ``message``,
    ``test_code``, ``filename``, ``line_no`` and ``duration`` in milliseconds. Hidden tests
    keep their score but not their message."""
    if error is not None:
        status = "error"
    elif all(t.status == "passed" for t in tests):
        status = "pass"
    else:
        status = "fail"
    doc: dict[str, Any] = {
        "version": 1,
        "status": status,
        "max_score": _number(sum(t.max_score for t in tests)),
        "tests": [
            {
                "name": t.name,
                "status": "pass" if t.status == "passed" else "fail",
                "score": _number(t.score),
                "message": (t.output or None) if t.visibility == "visible" else None,
                "test_code": "",
                "filename": t.filename,
                "line_no": t.line_no,
                "duration": round(t.execution_time * 1000),
            }
            for t in tests
        ],
    }
    if error is not None:
        doc["message"] = error
    return doc


def shown_to_student(test: TestResult) -> bool:
    """Feedback files leave out hidden tests (as Gradescope does)."""
    return test.visibility != "hidden"


def summary_line(tests: Sequence[TestResult], lang: str | None) -> str:
    score = _number(sum(t.score for t in tests))
    top = _number(sum(t.max_score for t in tests))
    passed = sum(1 for t in tests if t.status == "passed")
    return _t(
        lang,
        f"Score: {score}/{top} ({passed} of {len(tests)} tests passed)",
        f"점수: {score}/{top} (테스트 {len(tests)}개 중 {passed}개 통과)",
    )


def feedback_text(
    student: str, tests: Sequence[TestResult], *, lang: str | None = None, message: str = ""
) -> str:
    """What a student reads: the score (unless hidden tests would give it away), then every
    test they may see, with what failed and why."""
    out = io.StringIO()
    out.write(f"# {student}\n\n")
    hidden = [t for t in tests if not shown_to_student(t)]
    visible = [t for t in tests if shown_to_student(t)]
    if message:
        out.write(message.rstrip() + "\n\n")
    if hidden:
        out.write(summary_line(visible, lang) + "\n")
        out.write(
            _t(
                lang,
                f"({len(hidden)} more test(s) are graded but not shown.)\n",
                f"(보이지 않는 테스트 {len(hidden)}개도 채점됩니다.)\n",
            )
        )
    else:
        out.write(summary_line(tests, lang) + "\n")
    for t in visible:
        mark = "PASS" if t.status == "passed" else "FAIL"
        out.write(f"\n## {t.number}. {t.name}: {mark} {_number(t.score)}/{_number(t.max_score)}\n")
        if t.output:
            out.write("\n" + t.output.rstrip() + "\n")
    return out.getvalue()


# --- grading a whole class ---------------------------------------------------------------


@dataclass
class StudentResult:
    """One student's line in the gradebook."""

    student: str
    score: float
    max_score: float
    status: str  # "graded", or "error" when the tests could not run to the end
    message: str = ""
    tests: list[TestResult] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "student": self.student,
            "score": _number(self.score),
            "max_score": _number(self.max_score),
            "status": self.status,
            "message": self.message,
            "tests": [
                {
                    "number": t.number,
                    "name": t.name,
                    "score": _number(t.score),
                    "max_score": _number(t.max_score),
                    "status": t.status,
                    "visibility": t.visibility,
                    "output": t.output,
                }
                for t in self.tests
            ],
        }


@dataclass
class Gradebook:
    """Every student's score; ``write`` puts gradebook.csv, gradebook.json and a feedback
    file per student in a folder."""

    tests: list[TestResult]
    students: list[StudentResult]
    lang: str | None = None

    @property
    def max_score(self) -> float:
        return sum(t.max_score for t in self.tests)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "max_score": _number(self.max_score),
            "tests": [
                {
                    "number": t.number,
                    "name": t.name,
                    "max_score": _number(t.max_score),
                    "visibility": t.visibility,
                }
                for t in self.tests
            ],
            "students": [s.to_dict() for s in self.students],
        }

    def csv_text(self) -> str:
        """The gradebook as CSV, safe to open in a spreadsheet: every text cell that a
        spreadsheet would take for a formula is neutralised (see :func:`csv_cell`)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                csv_cell(c)
                for c in [
                    "student",
                    "score",
                    "max_score",
                    "status",
                    *(f"{t.number} {t.name}" for t in self.tests),
                    "message",
                ]
            ]
        )
        for s in self.students:
            by_number = {t.number: t for t in s.tests}
            writer.writerow(
                [csv_cell(s.student), _number(s.score), _number(s.max_score), csv_cell(s.status)]
                + [
                    _number(by_number[t.number].score) if t.number in by_number else 0
                    for t in self.tests
                ]
                + [csv_cell(s.message)]
            )
        return out.getvalue()

    def write(self, folder: str | os.PathLike[str]) -> Path:
        folder = Path(folder)
        (folder / "feedback").mkdir(parents=True, exist_ok=True)
        (folder / "gradebook.csv").write_text(self.csv_text(), encoding="utf-8")
        (folder / "gradebook.json").write_text(
            json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        for s in self.students:
            text = feedback_text(s.student, s.tests, lang=self.lang, message=s.message)
            (folder / "feedback" / f"{_safe_name(s.student)}.md").write_text(text, encoding="utf-8")
        return folder


#: What a spreadsheet takes for the start of a formula (OWASP's "CSV injection" list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A text cell that no spreadsheet evaluates: one starting with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return gets a leading ``'``, as OWASP recommends against CSV
    injection (a student folder named ``=SUM(1+2)*cmd|calc`` would otherwise run as a
    formula when the gradebook is opened). Numbers are written as numbers, never through
    here; gradebook.json and the feedback files keep the text exactly."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _safe_name(name: str) -> str:
    keep = "".join(c if c.isalnum() or c in "-_.@" else "_" for c in name).strip(".")
    return keep[:100] or "student"


def _tests_from(doc: dict[str, Any]) -> list[TestResult]:
    """Test results back from a results.json this module wrote."""
    out = []
    for t in doc.get("tests", []):
        out.append(
            TestResult(
                name=str(t.get("name", "")),
                number=str(t.get("number", "")),
                score=float(t.get("score", 0)),
                max_score=float(t.get("max_score", 0)),
                status=str(t.get("status", "failed")),
                output=str(t.get("output", "")),
                visibility=str(t.get("visibility", "visible")),
                tags=list(t.get("tags", [])),
            )
        )
    return out


def _copy_submission(src: Path, dest: Path, lang: str | None) -> tuple[int, list[str]]:
    """Copies the manifest files of a submission (regular files only, within the limits)
    into ``dest``; returns the bytes copied and what was left out."""
    files, notes = _scan(src, lang)
    root = src if src.is_dir() else src.parent
    total = 0
    dest.mkdir(parents=True, exist_ok=True)
    for f in files:
        size = f.lstat().st_size
        if total + size > MAX_SUBMISSION_BYTES:
            notes.append(
                _t(
                    lang,
                    f"the submission is larger than {MAX_SUBMISSION_BYTES // (1024 * 1024)} MiB; "
                    f"{f.relative_to(root).as_posix()} and the files after it were not read",
                    f"제출물이 {MAX_SUBMISSION_BYTES // (1024 * 1024)} MiB보다 커서 "
                    f"{f.relative_to(root).as_posix()}부터는 읽지 않았습니다",
                )
            )
            break
        target = dest / f.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Opened without following links, and only if still a regular file.
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(f, flags)
        except OSError:
            continue
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                continue
            data = fh.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            notes.append(_too_large(f.relative_to(root).as_posix(), len(data), lang))
            continue
        target.write_bytes(data)
        total += len(data)
    return total, notes


@dataclass
class _Job:
    ident: int
    student: str
    source: Path
    workdir: Path
    submission: Path
    notes: list[str]
    started: float = 0.0
    exitcode: int | None = None


def _child(args: list[str], workdir: str) -> int:
    """Runs pytest for one student in this (fresh, forked) process, in an empty working
    folder, with its output in pytest.log."""
    os.chdir(workdir)
    log = os.open(os.path.join(workdir, "pytest.log"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(log, 1)
    os.dup2(log, 2)
    try:
        import resource

        limit = 4 * 1024 * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass
    import pytest

    code = pytest.main(args)
    sys.stdout.flush()
    sys.stderr.flush()
    return int(code)


def _plugin_modules() -> list[str]:
    """The installed pytest plugins' modules and their distributions' packages (pytest would
    otherwise compile hypothesis afresh, with assertion rewriting, for every student)."""
    from importlib.metadata import distributions

    names: set[str] = set()
    for dist in distributions():
        points = [e for e in dist.entry_points if e.group == "pytest11"]
        if not points:
            continue
        names.update(e.value.split(":", 1)[0] for e in points)
        for file in dist.files or []:
            parts = file.parts
            if len(parts) == 2 and parts[1] == "__init__.py" and not parts[0].startswith("_"):
                names.add(parts[0])
    return sorted(names)


def _zygote() -> None:
    """A process that imports pytest, its plugins and kubesim once, then forks one fresh
    child per student. It reads ``run ID WORKDIR ARGS-JSON`` and ``kill ID`` lines and
    answers ``done ID EXITCODE``. Being single-threaded, it forks safely."""
    import importlib
    import select
    import signal

    for name in ["pytest", "_pytest.python", "kubesim", *_plugin_modules()]:
        # A plugin that fails to import shows up in the students' pytest logs instead.
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    import gc

    gc.freeze()  # what is imported here stays shared with the children, untouched
    children: dict[int, str] = {}
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    stdin = sys.stdin.fileno()
    buffer = b""
    closed = False
    while not closed or children:
        ready, _, _ = select.select([] if closed else [stdin], [], [], 0.02)
        if ready:
            chunk = os.read(stdin, 65536)
            if not chunk:
                closed = True
                for pid in children:
                    os.kill(pid, signal.SIGKILL)
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                verb, _, rest = line.decode().partition(" ")
                if verb == "run":
                    request = json.loads(rest)
                    pid = os.fork()
                    if pid == 0:
                        code = 3
                        try:
                            os.setsid()
                            code = _child(request["args"], request["workdir"])
                        finally:
                            os._exit(code)
                    children[pid] = str(request["id"])
                elif verb == "kill":
                    for pid, ident in children.items():
                        if ident == rest:
                            os.killpg(pid, signal.SIGKILL)
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            ident = children.pop(pid, None)
            if ident is not None:
                out.write(f"done {ident} {os.waitstatus_to_exitcode(status)}\n")
                out.flush()


class _Pool:
    """Starts students' processes (forked from a zygote where the OS can fork; a fresh
    interpreter each otherwise) and reports when each ends."""

    def __init__(self) -> None:
        import queue
        import subprocess
        import threading

        self.events: queue.Queue[tuple[str, int]] = queue.Queue()
        self.procs: dict[str, Any] = {}
        self.fork = hasattr(os, "fork") and os.name == "posix"
        env = dict(os.environ)
        package_root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join([package_root, *filter(None, [env.get("PYTHONPATH")])])
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        self.env = env
        if not self.fork:
            return
        self.zygote = subprocess.Popen(
            [sys.executable, "-c", "from kubesim.grading import _zygote; _zygote()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        assert self.zygote.stdout is not None
        if self.zygote.stdout.readline().strip() != "ready":
            raise GradingError("could not start the grading processes")

        def read() -> None:
            assert self.zygote.stdout is not None
            for line in self.zygote.stdout:
                verb, ident, code = [*line.split(), "", "", ""][:3]
                if verb == "done":
                    self.events.put((ident, int(code)))

        self.reader = threading.Thread(target=read, daemon=True)
        self.reader.start()

    def start(self, ident: str, args: list[str], workdir: Path) -> None:
        if self.fork:
            assert self.zygote.stdin is not None
            request = {"id": ident, "workdir": str(workdir), "args": args}
            try:
                self.zygote.stdin.write(f"run {json.dumps(request)}\n")
                self.zygote.stdin.flush()
            except OSError:
                self.events.put((ident, -1))  # the zygote is gone: this student could not run
            return
        import subprocess
        import threading

        code = (
            "import sys, json; from kubesim.grading import _child; "
            "sys.exit(_child(json.loads(sys.argv[1]), sys.argv[2]))"
        )
        proc = subprocess.Popen(
            [sys.executable, "-c", code, json.dumps(args), str(workdir)], env=self.env
        )
        self.procs[ident] = proc
        threading.Thread(target=lambda: self.events.put((ident, proc.wait())), daemon=True).start()

    def kill(self, ident: str) -> None:
        if self.fork:
            assert self.zygote.stdin is not None
            with contextlib.suppress(OSError):
                self.zygote.stdin.write(f"kill {ident}\n")
                self.zygote.stdin.flush()
        elif ident in self.procs:
            self.procs[ident].kill()

    def wait(self, timeout: float) -> tuple[str, int] | None:
        import queue

        try:
            return self.events.get(timeout=max(timeout, 0.0))
        except queue.Empty:
            return None

    def close(self) -> None:
        import subprocess

        if self.fork:
            try:
                assert self.zygote.stdin is not None
                self.zygote.stdin.close()
            except OSError:
                pass
            try:
                self.zygote.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.zygote.kill()
                self.zygote.wait()
            self.reader.join(timeout=10)
            if self.zygote.stdout is not None:
                self.zygote.stdout.close()


#: Folders of a submissions folder that tools make, never students (version control,
#: notebook checkpoints, macOS zip metadata): no row in the gradebook.
NOT_STUDENTS = frozenset({".git", ".hg", ".svn", ".ipynb_checkpoints", "__MACOSX", "__pycache__"})


def _students(folder: Path) -> list[tuple[str, Path]]:
    """A student per sub-folder, and per manifest file directly in ``folder``. A name that
    starts with "." is a student too (a folder ``.kim`` still gets a row); only the
    folders tools make (:data:`NOT_STUDENTS`) are left out."""
    entries = [
        e for e in sorted(folder.iterdir(), key=lambda p: p.name) if e.name not in NOT_STUDENTS
    ]
    folders = {e.name for e in entries if e.is_dir() or e.is_symlink()}
    out = []
    for entry in entries:
        if entry.name in folders:
            out.append((entry.name, entry))
        elif entry.suffix.lower() in MANIFEST_SUFFIXES:
            # kim.yaml is the student kim, unless there is a folder kim too.
            out.append((entry.name if entry.stem in folders else entry.stem, entry))
    return out


class _Progress:
    def __init__(self, total: int, stream: Any, enabled: bool) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.enabled = enabled
        self.tty = enabled and hasattr(stream, "isatty") and stream.isatty()
        self.start = time.monotonic()

    def step(self, result: StudentResult) -> None:
        self.done += 1
        if not self.enabled:
            return
        if self.tty:
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            bar = "#" * filled + "." * (width - filled)
            elapsed = time.monotonic() - self.start
            self.stream.write(
                f"\r[{bar}] {self.done}/{self.total} {elapsed:5.1f}s {result.student[:30]:<30}"
            )
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(
                f"[{self.done}/{self.total}] {result.student}: "
                f"{_number(result.score)}/{_number(result.max_score)}"
                + (f" ({result.status})" if result.status != "graded" else "")
                + "\n"
            )
        self.stream.flush()


def _test_files(tests: Path, exclude: Path) -> list[str]:
    """The instructor's test files: ``tests`` itself, or the test files of a folder, never
    anything inside the submissions folder."""
    if tests.is_file():
        return [str(tests)]
    found = []
    excluded = exclude.resolve()
    for p in sorted(tests.rglob("*.py")):
        resolved = p.resolve()
        if resolved == excluded or excluded in resolved.parents:
            continue
        if p.name.startswith("test_") or p.name.endswith("_test.py"):
            found.append(str(p))
    return found


def grade(
    tests: str | os.PathLike[str],
    submissions: str | os.PathLike[str],
    *,
    jobs: int | None = None,
    timeout: float = 120.0,
    lang: str | None = None,
    pytest_args: Sequence[str] = (),
    progress: Any = None,
    on_result: Callable[[StudentResult], None] | None = None,
) -> Gradebook:
    """Runs the instructor's ``tests`` once per student in ``submissions`` (a sub-folder or
    a manifest file each), ``jobs`` at a time, each in its own process with a ``timeout``.

    Each student's manifest files are first copied, as data and within limits, into an
    empty folder; pytest never collects anything from a submission, so no code a student
    wrote is run. A student whose tests cannot run to the end gets zero and a message."""
    tests_path = Path(tests)
    folder = Path(submissions)
    if not tests_path.exists():
        raise FileNotFoundError(f"no such tests file or folder: {tests_path}")
    if not folder.is_dir():
        raise NotADirectoryError(f"not a folder of submissions: {folder}")
    files = [str(Path(f).resolve()) for f in _test_files(tests_path, folder)]
    if not files:
        raise FileNotFoundError(f"no test files (test_*.py) in {tests_path}")
    jobs = max(1, jobs or os.cpu_count() or 1)
    scratch = Path(tempfile.mkdtemp(prefix="kubesim-grade-"))
    base_args = [
        *files,
        "-p",
        "no:cacheprovider",
        "-q",
        "--no-header",
        "-o",
        "console_output_style=classic",
        # Plugins are imported before pytest starts (to start each student quickly), so
        # pytest cannot rewrite the asserts inside plugins; grading needs only the tests'.
        "-W",
        "ignore::pytest.PytestAssertRewriteWarning",
        # Students read results.json, not this log: cheap tracebacks, and no forced
        # garbage collections at the end (half of a student's time otherwise).
        "--tb=native",
        "-p",
        "no:unraisableexception",
        *(["--kubesim-lang", lang] if lang else []),
        *pytest_args,
    ]
    pool = _Pool()
    try:
        reference = _reference_tests(pool, base_args, scratch, timeout)
        roster = _students(folder)
        results: dict[int, StudentResult] = {}
        bar = _Progress(len(roster), progress, progress is not None)
        queue: list[_Job] = []
        for i, (student, source) in enumerate(roster):
            workdir = scratch / f"{i:05d}"
            sub = workdir / "submission"
            notes: list[str] = []
            try:
                if source.is_symlink():
                    raise OSError(
                        _t(lang, "a symbolic link, not read", "심볼릭 링크라서 읽지 않았습니다")
                    )
                _, notes = _copy_submission(source, sub, lang)
            except OSError as error:
                sub.mkdir(parents=True, exist_ok=True)
                notes = [f"{source.name}: {error}"]
            if source.is_file() and not source.is_symlink() and (sub / source.name).exists():
                sub = sub / source.name
            queue.append(_Job(i, student, source, workdir, sub, notes))
        queue.reverse()
        running: dict[str, _Job] = {}
        while queue or running:
            while queue and len(running) < jobs:
                job = queue.pop()
                # One token: a separate PATH would be a positional argument while pytest
                # looks for ini files, before kubesim's option is known.
                args = [*base_args, f"--submission={job.submission}"]
                args += ["--kubesim-gradescope", str(job.workdir / "results.json")]
                job.started = time.monotonic()
                pool.start(str(job.ident), args, job.workdir)
                running[str(job.ident)] = job
            deadline = min(j.started + timeout for j in running.values())
            event = pool.wait(deadline - time.monotonic())
            if event is not None:
                ident, code = event
                finished = running.pop(ident, None)
                if finished is None:
                    continue  # a student stopped for taking too long, now gone
                job = finished
                job.exitcode = code
                result = _collect(job, reference, lang)
            else:
                late = [j for j in running.values() if time.monotonic() - j.started > timeout]
                if not late:
                    continue
                job = late[0]
                pool.kill(str(job.ident))
                # Its "done" arrives later and is ignored.
                running.pop(str(job.ident))
                result = _stopped(job, reference, lang, timed_out=timeout)
            results[job.ident] = result
            bar.step(result)
            if on_result is not None:
                on_result(result)
        return Gradebook(
            tests=reference, students=[results[i] for i in range(len(roster))], lang=lang
        )
    finally:
        pool.close()
        shutil.rmtree(scratch, ignore_errors=True)


class GradingError(RuntimeError):
    """The instructor's tests themselves could not run (not a student's fault)."""


def _reference_tests(
    pool: _Pool, base_args: list[str], scratch: Path, timeout: float
) -> list[TestResult]:
    """Runs the tests once on an empty submission: the tests, their points and numbers, and
    a check that the tests themselves work."""
    workdir = scratch / "reference"
    empty = workdir / "submission"
    empty.mkdir(parents=True)
    args = [
        *base_args,
        f"--submission={empty}",
        "--kubesim-gradescope",
        str(workdir / "results.json"),
    ]
    pool.start("reference", args, workdir)
    event = pool.wait(timeout)
    if event is None:
        pool.kill("reference")
        raise GradingError(f"the tests did not finish within {timeout:g} s on an empty submission")
    code = event[1]
    results = workdir / "results.json"
    log = workdir / "pytest.log"
    log_text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    if code not in (0, 1) or not results.exists():
        raise GradingError(f"the tests could not run (pytest exit status {code}):\n{log_text}")
    tests = _tests_from(json.loads(results.read_text(encoding="utf-8")))
    if not tests:
        raise GradingError(f"no tests were collected:\n{log_text}")
    for t in tests:
        t.score, t.status, t.output = 0.0, "failed", ""
    return tests


def _stopped(
    job: _Job,
    reference: list[TestResult],
    lang: str | None,
    *,
    timed_out: float | None = None,
    code: int | None = None,
) -> StudentResult:
    if timed_out is not None:
        message = _t(
            lang,
            f"grading stopped: the tests took longer than {timed_out:g} s on this submission",
            f"채점 중단: 이 제출물에서 테스트가 {timed_out:g}초를 넘겼습니다",
        )
    else:
        message = _t(
            lang,
            f"grading stopped: the test process ended unexpectedly (exit status {code})",
            f"채점 중단: 테스트 프로세스가 예기치 않게 끝났습니다 (종료 상태 {code})",
        )
    finished = _finished_tests(job) if timed_out is not None else {}
    if finished:
        message += _t(
            lang,
            f"; the {len(finished)} test(s) that finished before keep their points",
            f". 그 전에 끝난 테스트 {len(finished)}개의 점수는 그대로 둡니다",
        )
    if job.notes:
        message += "\n" + "\n".join(job.notes)
    tests = [
        finished.get(t.number)
        or TestResult(**{**t.to_dict(), "score": 0.0, "status": "failed", "output": ""})
        for t in reference
    ]
    return StudentResult(
        student=job.student,
        score=sum(t.score for t in tests),
        max_score=sum(t.max_score for t in reference),
        status="error",
        message=message,
        tests=tests,
        seconds=time.monotonic() - job.started,
    )


def _finished_tests(job: _Job) -> dict[str, TestResult]:
    """The tests a stopped student's run finished, by number: the plugin rewrites
    results.json after every test (whole, by renaming), so it holds them."""
    try:
        doc = json.loads((job.workdir / "results.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {t.number: t for t in _tests_from(doc)}


def _collect(job: _Job, reference: list[TestResult], lang: str | None) -> StudentResult:
    results = job.workdir / "results.json"
    code = job.exitcode
    if code not in (0, 1) or not results.exists():
        return _stopped(job, reference, lang, code=code)
    try:
        doc = json.loads(results.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return _stopped(job, reference, lang, code=code)
    tests = _tests_from(doc)
    message = "\n".join(job.notes)
    if not any(True for _ in _scan(job.submission, lang)[0]):
        empty = _t(
            lang,
            "the submission has no manifest files (.yaml, .yml, .json)",
            "제출물에 매니페스트 파일(.yaml, .yml, .json)이 없습니다",
        )
        message = f"{empty}\n{message}".strip()
    return StudentResult(
        student=job.student,
        score=sum(t.score for t in tests),
        max_score=sum(t.max_score for t in tests),
        status="graded",
        message=message,
        tests=tests,
        seconds=time.monotonic() - job.started,
    )
