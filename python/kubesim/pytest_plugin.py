"""kubesim's pytest plugin (registered through the ``pytest11`` entry point).

It stays out of the way: importing it loads only pytest's own modules, its fixtures cost
nothing until a test asks for them, and it records and reports scores only when a test is
marked with ``points`` or a report is asked for.

Options (each also an ini setting, e.g. ``kubesim_submission = submission/``):

``--submission PATH``          the student's folder or file (the ``submission`` fixture)
``--kubesim-lang en|ko``       the language of messages, hints and reports
``--kubesim-gradescope PATH``  write Gradescope's results.json
``--kubesim-classroom [PATH]`` write GitHub Classroom's grader result (and, inside a
                               GitHub Actions step, its ``result`` output)

Fixtures: ``submission``, ``cluster`` (configured by ``@pytest.mark.cluster(...)``),
``clock`` and ``credit``. Markers: ``points(n, name=, number=, visibility=, tags=)`` and
``cluster(workers=, control_planes=, seed=, nodes=[...], ...)``.
"""

from __future__ import annotations

import base64
import json
import os
import re
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Generator

    from kubesim.grading import Credit, Submission, TestResult

#: Where ``--kubesim-classroom`` writes when no path is given (the python grader's folder).
CLASSROOM_DEFAULT = "autograding_output/results.json"

_OPTIONS = {
    # dest: (ini name, help)
    "kubesim_submission": ("kubesim_submission", "the student's submission: a folder or a file"),
    "kubesim_lang": ("kubesim_lang", "language of kubesim's messages and reports: en or ko"),
    "kubesim_gradescope": ("kubesim_gradescope", "write Gradescope's results.json to PATH"),
    "kubesim_classroom": (
        "kubesim_classroom",
        f"write GitHub Classroom's grader result to PATH (default {CLASSROOM_DEFAULT})",
    ),
}

_RECORDER = "kubesim-recorder"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("kubesim", "kubesim: grading Kubernetes manifests")
    group.addoption(
        "--submission", dest="kubesim_submission", metavar="PATH", default=None,
        help=_OPTIONS["kubesim_submission"][1],
    )  # fmt: skip
    group.addoption(
        "--kubesim-lang", dest="kubesim_lang", choices=("en", "ko"), default=None,
        help=_OPTIONS["kubesim_lang"][1],
    )  # fmt: skip
    group.addoption(
        "--kubesim-gradescope", dest="kubesim_gradescope", metavar="PATH", default=None,
        help=_OPTIONS["kubesim_gradescope"][1],
    )  # fmt: skip
    group.addoption(
        "--kubesim-classroom", dest="kubesim_classroom", metavar="PATH", nargs="?",
        const=CLASSROOM_DEFAULT, default=None, help=_OPTIONS["kubesim_classroom"][1],
    )  # fmt: skip
    for ini, help_text in _OPTIONS.values():
        parser.addini(ini, help_text, default=None)
    parser.addini(
        "kubesim_visibility",
        "Gradescope visibility of the whole result: "
        "visible, hidden, after_due_date or after_published",
        default=None,
    )


def _setting(config: pytest.Config, dest: str) -> str | None:
    """The command line wins over the ini file; ini paths are relative to the ini file."""
    value = config.getoption(dest, default=None)
    if value is not None:
        return str(value)
    ini = config.getini(_OPTIONS[dest][0])
    if not ini:
        return None
    ini = str(ini)
    if dest != "kubesim_lang" and config.inipath is not None and not os.path.isabs(ini):
        return str(Path(config.inipath).parent / ini)
    return ini


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    """Refuses to grade when pytest took its settings from the student: an ini file
    (pytest.ini, pyproject.toml, tox.ini, setup.cfg) found inside the submission, or a
    rootdir inside it, means the student's file chose pytest's options (``addopts = -p ...``
    and ``pythonpath = .`` would run the student's code). Runs before any conftest.py is
    read. A ``-c`` or ``--rootdir`` given on the command line is the instructor's choice and
    is trusted."""
    reason = unsafe_setup(early_config)
    if reason is not None:
        raise pytest.UsageError(reason)


def unsafe_setup(config: pytest.Config) -> str | None:
    """Why pytest's setup lets the submission choose pytest's settings, or None."""
    ns = config.known_args_namespace
    value = getattr(ns, "kubesim_submission", None)
    if value is None:
        return None  # the ini's own kubesim_submission is relative to that ini: not a student's
    submission = Path(value).resolve()
    if not submission.is_dir():
        return None  # one file cannot hold an ini file
    found: list[str] = []
    if config.inipath is not None and not getattr(ns, "inifilename", None):
        ini = Path(config.inipath).resolve()
        if ini.is_relative_to(submission):
            found.append(f"the ini file {ini}")
    if not getattr(ns, "rootdir", None) and Path(config.rootpath).resolve().is_relative_to(
        submission
    ):
        found.append(f"the rootdir {Path(config.rootpath).resolve()}")
    if not found:
        return None
    return (
        f"kubesim refuses to grade: {' and '.join(found)} lies inside the submission "
        f"{submission}, so the student's files could choose pytest's settings and run code. "
        "Name the instructor's settings and keep the submission an option value: "
        "pytest TESTS -c /path/to/instructor/pytest.ini --rootdir /path/to/instructor "
        f"--submission={value}  (note the '=': `--submission PATH` with a space lets pytest "
        "look for ini files inside PATH before kubesim is loaded).\n"
        f"kubesim 채점 거부: {' / '.join(found)}이(가) 제출물 {submission} 안에 있어서 학생 "
        "파일이 pytest 설정을 정하고 코드를 실행할 수 있습니다. 강사의 설정을 -c와 --rootdir로 "
        f"지정하고 제출물은 --submission={value} 처럼 '='로 붙여 주세요."
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "points(value, name=None, number=None, visibility='visible', tags=()): what a test is "
        "worth in kubesim's grading reports",
    )
    config.addinivalue_line(
        "markers",
        "cluster(workers=3, control_planes=1, seed=0, nodes=None, **options): how the kubesim "
        "`cluster` fixture is built; nodes is a list of add_node keyword dicts",
    )
    lang = _setting(config, "kubesim_lang")
    if lang is not None:
        if lang not in ("en", "ko"):
            raise pytest.UsageError(f"kubesim_lang must be en or ko, not {lang!r}")
        import kubesim

        kubesim.set_lang(lang)  # type: ignore[arg-type]
    reports = {
        "gradescope": _setting(config, "kubesim_gradescope"),
        "classroom": _setting(config, "kubesim_classroom"),
    }
    if any(reports.values()) and not hasattr(config, "workerinput"):
        config.pluginmanager.register(_Recorder(config, lang, reports), _RECORDER)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.pluginmanager.get_plugin(_RECORDER) is not None:
        return
    if any(item.get_closest_marker("points") is not None for item in items):
        recorder = _Recorder(config, _setting(config, "kubesim_lang"), {})
        config.pluginmanager.register(recorder, _RECORDER)
        recorder.pytest_collection_modifyitems(items)


def pytest_assertrepr_compare(
    config: pytest.Config, op: str, left: object, right: object
) -> list[str] | None:
    """Explains failed comparisons of kubesim's values (``nodes_of``, ``pod_count``): what
    was expected, what the simulation did, and why."""
    if not (_is_kubesim_value(left) or _is_kubesim_value(right)):
        return None
    from kubesim.testing import explain_comparison

    return explain_comparison(op, left, right)


def _is_kubesim_value(value: object) -> bool:
    return type(value).__module__ == "kubesim.testing"


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def submission(request: pytest.FixtureRequest) -> Submission:
    """The student's files, from ``--submission`` (or the ``kubesim_submission`` ini setting)."""
    from kubesim.grading import Submission

    path = _setting(request.config, "kubesim_submission")
    if path is None:
        pytest.fail(
            "no submission to grade: run pytest with --submission PATH "
            "(a student's folder or file), or set kubesim_submission in the ini file",
            pytrace=False,
        )
    return Submission(path, lang=_setting(request.config, "kubesim_lang"))


@pytest.fixture
def cluster(request: pytest.FixtureRequest) -> Any:
    """A fresh, deterministic simulated cluster (``ks.Cluster()``: a tainted control-plane
    and three workers, seed 0), or as ``@pytest.mark.cluster(...)`` says: its keywords go
    to ``ks.Cluster``, and ``nodes=[{"name": "gpu-1", "labels": {...}}, ...]`` adds nodes."""
    import kubesim

    options: dict[str, Any] = {}
    marker = request.node.get_closest_marker("cluster")
    if marker is not None:
        if marker.args:
            raise pytest.UsageError(
                "@pytest.mark.cluster takes keywords only, e.g. cluster(workers=5)"
            )
        options = dict(marker.kwargs)
    nodes = options.pop("nodes", None) or []
    lang = _setting(request.config, "kubesim_lang")
    if lang is not None:
        options.setdefault("lang", lang)
    c = kubesim.Cluster(**options)
    for node in nodes:
        if isinstance(node, str):
            c.add_node(node)
        else:
            spec = dict(node)
            c.add_node(spec.pop("name"), **spec)
    return c


class Clock:
    """The ``clock`` fixture: the virtual clock of the ``cluster`` fixture."""

    def __init__(self, cluster: Any) -> None:
        self._cluster = cluster
        self.start: datetime = cluster.now

    @property
    def now(self) -> datetime:
        return self._cluster.now

    @property
    def elapsed(self) -> timedelta:
        return self._cluster.now - self.start

    def advance(self, span: Any) -> Any:
        """Moves the clock on by ``span`` ("90s", "5m", seconds or a timedelta), running
        everything that happens on the way; returns the Trace."""
        return self._cluster.advance(span)

    def advance_to(self, when: datetime | str) -> Any:
        """Moves the clock to ``when`` (an aware datetime or ISO 8601 text)."""
        if isinstance(when, str):
            when = datetime.fromisoformat(when.replace("Z", "+00:00"))
        span = when - self._cluster.now
        if span < timedelta(0):
            raise ValueError(
                f"{when.isoformat()} is before the clock ({self._cluster.now.isoformat()})"
            )
        return self._cluster.advance(span)

    def __repr__(self) -> str:
        return f"<Clock {self.now.isoformat()}>"


@pytest.fixture
def clock(cluster: Any) -> Clock:
    """The virtual clock of the ``cluster`` fixture: ``now``, ``advance(span)``,
    ``advance_to(t)``."""
    return Clock(cluster)


@pytest.fixture
def credit() -> Credit:
    """Partial credit: ``credit.deduct(1, "why")`` takes a point off and the test goes on."""
    from kubesim.grading import Credit

    return Credit()


# --- recording scores ----------------------------------------------------------------------


def _default_name(item: pytest.Item) -> str:
    obj = getattr(item, "obj", None)
    doc = (getattr(obj, "__doc__", None) or "").strip()
    name = doc.splitlines()[0].strip() if doc else ""
    if not name:
        base = getattr(item, "originalname", None) or item.name.split("[", 1)[0]
        name = base.removeprefix("test_").replace("_", " ").strip() or item.name
    callspec = getattr(item, "callspec", None)
    if callspec is not None:
        name += f" [{callspec.id}]"
    return name


class _Recorder:
    """Scores every test and writes the reports at the end of the session."""

    def __init__(
        self, config: pytest.Config, lang: str | None, reports: dict[str, str | None]
    ) -> None:
        self.config = config
        self.lang = lang
        self.reports = reports
        self.meta: dict[str, dict[str, Any]] = {}
        self.results: dict[str, TestResult] = {}
        self.errors: list[str] = []
        self.started = time.monotonic()
        self.any_points = False

    # Collection: names, numbers and points, fixed before anything runs.
    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        from kubesim.grading import VISIBILITIES

        self.meta.clear()
        marked = [i for i in items if i.get_closest_marker("points") is not None]
        self.any_points = bool(marked)
        for index, item in enumerate(items, start=1):
            marker = item.get_closest_marker("points")
            kwargs = dict(marker.kwargs) if marker is not None else {}
            if marker is not None and marker.args:
                value = marker.args[0]
            elif "value" in kwargs:
                value = kwargs["value"]
            else:
                # Without any points marker every test is worth 1 (equal weights); once
                # some test has points, unmarked tests are worth nothing.
                value = 0 if self.any_points else 1
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
                raise pytest.UsageError(
                    f"{item.nodeid}: points must be a number >= 0, not {value!r}"
                )
            visibility = str(kwargs.get("visibility", "visible"))
            if visibility not in VISIBILITIES:
                raise pytest.UsageError(
                    f"{item.nodeid}: visibility must be one of "
                    f"{', '.join(VISIBILITIES)}, not {visibility!r}"
                )
            path, line, _ = item.location
            self.meta[item.nodeid] = {
                "name": str(kwargs.get("name") or _default_name(item)),
                "number": str(kwargs.get("number") or index),
                "max_score": float(value),
                "visibility": visibility,
                "tags": [str(t) for t in kwargs.get("tags", [])],
                "filename": Path(path).name,
                "line_no": (line or 0) + 1,
            }

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.errors.append(f"{report.nodeid or 'collection'}: {report.longreprtext}")

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, Any, Any]:
        report = yield
        meta = self.meta.get(item.nodeid)
        if meta is None:
            return report
        state = meta.setdefault("state", {"duration": 0.0, "failure": None, "skipped": False})
        state["duration"] += report.duration
        if report.skipped and not hasattr(report, "wasxfail"):
            state["skipped"] = True
        elif report.failed and state["failure"] is None and call.excinfo is not None:
            state["failure"] = call.excinfo.value
            if report.when != "call":
                state["when"] = report.when
        if report.when == "teardown":
            self._finish(item, meta, state)
        return report

    def _finish(self, item: pytest.Item, meta: dict[str, Any], state: dict[str, Any]) -> None:
        from kubesim.grading import (
            MAX_OUTPUT_CHARS,
            Credit,
            PartialCredit,
            TestResult,
            relative_paths,
        )

        if state["skipped"] and state["failure"] is None:
            return  # a skipped test is not graded
        top = meta["max_score"]
        failure = state["failure"]
        funcargs = getattr(item, "funcargs", {}) or {}
        credit = funcargs.get("credit")
        lines: list[str] = []
        if isinstance(failure, PartialCredit):
            score = min(max(failure.points, 0.0), top)
            lines.append(failure.reason)
            status = "passed" if score >= top else "failed"
        elif failure is not None:
            score = 0.0
            lines.append(_message(failure, state.get("when")))
            status = "failed"
        else:
            score, status = top, "passed"
        if isinstance(credit, Credit) and credit.deductions and failure is None:
            score = max(0.0, top - credit.total)
            lines = [f"-{_fmt(p)}: {r}" for p, r in credit.deductions]
            status = "failed"
        output = "\n".join(line for line in lines if line)
        root = _setting(self.config, "kubesim_submission")
        if root:
            output = relative_paths(
                output, Path(root) if Path(root).is_dir() else Path(root).parent
            )
        if len(output) > MAX_OUTPUT_CHARS:
            output = output[:MAX_OUTPUT_CHARS] + "\n..."
        self.results[item.nodeid] = TestResult(
            name=meta["name"],
            number=meta["number"],
            score=score,
            max_score=top,
            status=status,
            output=output,
            visibility=meta["visibility"],
            tags=meta["tags"],
            execution_time=state["duration"],
            nodeid=item.nodeid,
            filename=meta["filename"],
            line_no=meta["line_no"],
        )
        # results.json holds every test finished so far, so that a run stopped by a
        # timeout (Gradescope's, or `kubesim grade --timeout`) keeps the points earned.
        self._write_gradescope()

    def ordered(self) -> list[TestResult]:
        return [self.results[n] for n in self.meta if n in self.results]

    def _write_gradescope(self) -> None:
        from kubesim.grading import gradescope_results, summary_line

        path = self.reports.get("gradescope")
        if not path:
            return
        tests = self.ordered()
        error = "\n".join(self.errors) if self.errors else None
        output = summary_line(tests, self.lang)
        if error:
            output = f"{output}\n{error}"
        visibility = self.config.getini("kubesim_visibility") or None
        elapsed = time.monotonic() - self.started
        doc = gradescope_results(
            tests, execution_time=elapsed, output=output, visibility=visibility
        )
        _write_json(Path(path), doc)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        from kubesim.grading import classroom_results

        tests = self.ordered()
        error = "\n".join(self.errors) if self.errors else None
        self._write_gradescope()
        path = self.reports.get("classroom")
        if path:
            doc = classroom_results(tests, error=error)
            _write_json(Path(path), doc)
            github_output = os.environ.get("GITHUB_OUTPUT")
            if github_output:
                encoded = base64.b64encode(json.dumps(doc, ensure_ascii=False).encode()).decode()
                with open(github_output, "a", encoding="utf-8") as fh:
                    fh.write(f"result={encoded}\n")

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        from kubesim.grading import summary_line

        tests = self.ordered()
        if not tests:
            return
        terminalreporter.section("kubesim grading")
        for t in tests:
            mark = "PASS" if t.status == "passed" else "FAIL"
            hidden = "" if t.visibility == "visible" else f" ({t.visibility})"
            terminalreporter.write_line(
                f"{t.number:>4} {mark} {_fmt(t.score)}/{_fmt(t.max_score)}  {t.name}{hidden}"
            )
        terminalreporter.write_line(summary_line(tests, self.lang))
        for kind, path in self.reports.items():
            if path:
                terminalreporter.write_line(f"{kind}: {path}")


def _fmt(x: float) -> str:
    return f"{x:g}"


_WHERE = re.compile(r"^\s*[+]\s+(where|and)\s")


def _message(error: BaseException, when: str | None) -> str:
    """What a student reads about a failure: the message, never the traceback (which would
    show the instructor's test code)."""
    import kubesim

    if isinstance(error, pytest.fail.Exception):
        text = str(error.msg)
    elif isinstance(error, kubesim.ManifestError):
        text = str(error)
    elif isinstance(error, AssertionError):
        # pytest's "+  where x = f(...)" lines show the test's code, not the submission.
        lines = [line for line in str(error).splitlines() if not _WHERE.match(line)]
        text = "\n".join(lines) or "assertion failed"
    else:
        text = f"{type(error).__name__}: {error}"
    if when == "setup":
        text = f"(setup) {text}"
    return text


def _write_json(path: Path, doc: dict[str, Any]) -> None:
    """Writes ``doc`` whole or not at all (a temporary file renamed over ``path``), so that
    a process killed while writing never leaves half a results.json."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
