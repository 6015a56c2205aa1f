"""Grading never runs a student's code and is safe to open: the README's Gradescope and
Classroom commands ignore a hostile pytest.ini, pyproject.toml, conftest.py and
sitecustomize.py; the plugin refuses a set-up where pytest would take its settings from the
submission; gradebook.csv cannot carry a spreadsheet formula; students whose folder starts
with "." get a row; files deeper than the limit are reported; a timeout keeps the points of
the tests that finished."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kubesim import grading

AGENT = """\
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: busybox}]
"""

TESTS = """\
import time
from kubesim.grading import points

@points(2)
def test_is_a_daemonset(submission):
    '''ds.yaml holds the DaemonSet agent'''
    submission.object("DaemonSet", "agent", file="ds.yaml")

@points(1)
def test_valid(submission):
    submission.assert_valid()

@points(4)
def test_slow_last(submission):
    if any("slow" in name for name in submission.names):
        time.sleep(60)
"""

# Each hostile file, if Python ever imported or pytest ever read it, leaves a marker and
# gives the student full marks.
EVIL_PY = """\
import json, pathlib
pathlib.Path({marker!r}).write_text("student code ran: " + __name__)

def pytest_sessionfinish(session):
    for path in {results!r}:
        pathlib.Path(path).write_text(json.dumps({{"score": 1000, "tests": []}}))
"""


def _hostile(folder: Path, marker: Path, results: list[str]) -> None:
    evil = EVIL_PY.format(marker=str(marker), results=results)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ds.yaml").write_text(AGENT)
    (folder / "evil.py").write_text(evil)
    (folder / "conftest.py").write_text(evil)
    (folder / "sitecustomize.py").write_text(evil)
    (folder / "test_evil.py").write_text(evil + "\ndef test_x():\n    pass\n")
    (folder / "pytest.ini").write_text("[pytest]\naddopts = -p evil\npythonpath = .\n")
    (folder / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\naddopts = "-p evil"\npythonpath = ["."]\n'
    )
    (folder / "tox.ini").write_text("[pytest]\naddopts = -p evil\npythonpath = .\n")
    (folder / "setup.cfg").write_text("[tool:pytest]\naddopts = -p evil\npythonpath = .\n")


def _pytest(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHON"))}
    return subprocess.run(
        [sys.executable, "-m", "pytest", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _scores(results: Path) -> list[tuple[str, float, str]]:
    doc = json.loads(results.read_text(encoding="utf-8"))
    return [(t["name"], t["score"], t["status"]) for t in doc["tests"]]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """The instructor's folder, as Gradescope unpacks it into /autograder/source."""
    folder = tmp_path / "source"
    folder.mkdir()
    (folder / "pytest.ini").write_text("[pytest]\n")
    (folder / "test_agent.py").write_text(TESTS.replace("time.sleep(60)", "pass"))
    return folder


def test_gradescope_command_ignores_a_hostile_submission(tmp_path: Path, source: Path) -> None:
    """The README's run_autograder, on a clean and on a hostile copy of the same answer."""
    marker = tmp_path / "student-code-ran"
    scores = {}
    for name in ("clean", "hostile"):
        submission = tmp_path / name
        results = tmp_path / f"results-{name}" / "results.json"
        if name == "clean":
            submission.mkdir()
            (submission / "ds.yaml").write_text(AGENT)
        else:
            _hostile(submission, marker, [str(results)])
        run = _pytest(
            [
                "test_agent.py",
                "-p",
                "no:cacheprovider",
                "-c",
                str(source / "pytest.ini"),
                "--rootdir",
                str(source),
                f"--submission={submission}",
                "--kubesim-gradescope",
                str(results),
            ],
            cwd=source,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        scores[name] = _scores(results)
    assert not marker.exists(), marker.read_text()
    assert scores["hostile"] == scores["clean"]
    assert [score for _, score, _ in scores["clean"]] == [2, 1, 4]


def test_classroom_command_ignores_hostile_files_at_the_top(tmp_path: Path) -> None:
    """The README's Classroom step, in a student repository with hostile files at its top."""
    repo = tmp_path / "repo"
    marker = tmp_path / "student-code-ran"
    results = repo / "autograding_output" / "results.json"
    _hostile(repo, marker, [str(results)])
    tests = repo / ".github" / "tests"
    tests.mkdir(parents=True)
    (tests / "pytest.ini").write_text("[pytest]\n")
    (tests / "test_agent.py").write_text(TESTS.replace("time.sleep(60)", "pass"))
    run = _pytest(
        [
            ".github/tests/test_agent.py",
            "-c",
            ".github/tests/pytest.ini",
            "--rootdir",
            ".github/tests",
            "--submission=.",
            "--kubesim-classroom",
            "--noconftest",
            "-p",
            "no:cacheprovider",
        ],
        cwd=repo,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert not marker.exists(), marker.read_text()
    doc = json.loads(results.read_text(encoding="utf-8"))
    assert [t["score"] for t in doc["tests"]] == [2, 1, 4]


@pytest.mark.parametrize(
    "ini",
    [
        ("pytest.ini", "[pytest]\n"),
        ("pyproject.toml", "[tool.pytest.ini_options]\nxfail_strict = true\n"),
        ("tox.ini", "[pytest]\n"),
        ("setup.cfg", "[tool:pytest]\n"),
    ],
)
def test_plugin_refuses_an_ini_file_inside_the_submission(
    tmp_path: Path, ini: tuple[str, str]
) -> None:
    """The old command (`--submission PATH` with a space, no -c) lets pytest find the
    student's ini file: the plugin refuses, saying how to call it."""
    tests = tmp_path / "source"
    tests.mkdir()
    (tests / "test_agent.py").write_text(TESTS.replace("time.sleep(60)", "pass"))
    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / "ds.yaml").write_text(AGENT)
    (submission / ini[0]).write_text(ini[1])
    results = tmp_path / "results.json"
    run = _pytest(
        [
            "test_agent.py",
            "--submission",
            str(submission),
            "--kubesim-gradescope",
            str(results),
        ],
        cwd=tests,
    )
    assert run.returncode == 4, run.stdout + run.stderr
    assert "kubesim refuses to grade" in run.stderr
    assert f"the ini file {(submission / ini[0]).resolve()}" in run.stderr
    assert "--submission=" in run.stderr
    assert "-c " in run.stderr
    assert "kubesim 채점 거부" in run.stderr
    assert not results.exists()


def test_plugin_refuses_a_rootdir_inside_the_submission(tmp_path: Path) -> None:
    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / "ds.yaml").write_text(AGENT)
    (submission / "test_agent.py").write_text(TESTS.replace("time.sleep(60)", "pass"))
    run = _pytest(["test_agent.py", "--submission=."], cwd=submission)
    assert run.returncode == 4, run.stdout + run.stderr
    assert "the rootdir" in run.stderr
    # Named on the command line, the same folders are the instructor's choice.
    run = _pytest(["test_agent.py", "--submission=.", "--rootdir=."], cwd=submission)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize(
    "text",
    ["=SUM(1+2)*cmd|calc", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("x")'],
)
def test_csv_cell_neutralises_formulas(text: str) -> None:
    cell = grading.csv_cell(text)
    assert cell == "'" + text
    assert not cell.startswith(grading.FORMULA_STARTS)


@pytest.mark.parametrize("text", ["kim", "", "a=b", "1+1", "'quoted", "학생"])
def test_csv_cell_keeps_plain_text(text: str) -> None:
    assert grading.csv_cell(text) == text


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> tuple[grading.Gradebook, Path]:
    root = tmp_path_factory.mktemp("class")
    tests = root / "test_agent.py"
    tests.write_text(TESTS)
    subs = root / "submissions"
    for student in [".kim", "=SUM(1+2)*cmd|calc", "-lee", "slowpoke", "deep", ".git"]:
        (subs / student).mkdir(parents=True)
    for student in [".kim", "=SUM(1+2)*cmd|calc", "-lee", ".git"]:
        (subs / student / "ds.yaml").write_text(AGENT)
    (subs / "slowpoke" / "ds.yaml").write_text(AGENT)
    (subs / "slowpoke" / "slow.yaml").write_text(AGENT)
    deep = subs / "deep" / "a" / "b" / "c" / "d"
    deep.mkdir(parents=True)
    (deep / "ds.yaml").write_text(AGENT)
    (subs / "deep" / "a" / "b" / "c" / "ok.yaml").write_text(AGENT)
    book = grading.grade(tests, subs, jobs=2, timeout=6)
    out = root / "grades"
    book.write(out)
    return book, out


def _row(book: grading.Gradebook, student: str) -> grading.StudentResult:
    return next(s for s in book.students if s.student == student)


def test_dot_folders_are_students(graded) -> None:
    book, _ = graded
    assert [s.student for s in book.students] == [
        "-lee",
        ".kim",
        "=SUM(1+2)*cmd|calc",
        "deep",
        "slowpoke",
    ]
    assert (_row(book, ".kim").score, _row(book, ".kim").status) == (7, "graded")


def test_gradebook_csv_carries_no_formula(graded) -> None:
    _, out = graded
    with (out / "gradebook.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(grading.FORMULA_STARTS)]
    assert [row[0] for row in rows[1:]] == [
        "'-lee",
        ".kim",
        "'=SUM(1+2)*cmd|calc",
        "deep",
        "slowpoke",
    ]
    # The JSON and the feedback keep the name exactly.
    doc = json.loads((out / "gradebook.json").read_text(encoding="utf-8"))
    assert [s["student"] for s in doc["students"]][2] == "=SUM(1+2)*cmd|calc"
    feedback = sorted(p.read_text(encoding="utf-8") for p in (out / "feedback").iterdir())
    assert any("=SUM(1+2)*cmd|calc" in text for text in feedback)


def test_files_deeper_than_the_limit_are_reported(graded) -> None:
    book, _ = graded
    row = _row(book, "deep")
    assert f"a/b/c/d/ds.yaml: more than {grading.MAX_DEPTH} folders deep; not read" in row.message
    assert row.tests[0].score == 0  # ok.yaml was read; ds.yaml was not
    assert "a/b/c/ok.yaml" not in row.message


def test_a_timeout_keeps_the_points_of_finished_tests(graded) -> None:
    book, _ = graded
    row = _row(book, "slowpoke")
    assert row.status == "error"
    assert "took longer than 6 s" in row.message
    assert "the 2 test(s) that finished before keep their points" in row.message
    assert [(t.score, t.status) for t in row.tests] == [
        (2, "passed"),
        (1, "passed"),
        (0, "failed"),
    ]
    assert (row.score, row.max_score) == (3, 7)
