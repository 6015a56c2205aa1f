"""`kubesim grade`: a class with every kind of bad submission is graded to the end; no
student's code ever runs; the gradebook and feedback files have their documented shapes."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from kubesim import grading
from kubesim.cli import main

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

@points(1, visibility="hidden")
def test_valid(submission):
    submission.assert_valid()

def test_not_too_slow(submission):
    if any(name.startswith("slow") for name in submission.names):
        time.sleep(60)
"""

EVIL_PY = """\
from pathlib import Path
Path({marker!r}).write_text("student code ran")
"""

BOMB = """\
a: &a ["x","x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]
"""


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, grading.Gradebook, str]:
    root = tmp_path_factory.mktemp("class")
    tests = root / "assignment" / "test_agent.py"
    tests.parent.mkdir()
    tests.write_text(TESTS)
    marker = root / "student-code-ran"
    subs = root / "assignment" / "submissions"  # inside the tests' folder on purpose
    students = {
        "alice": {"ds.yaml": AGENT},
        "yml": {"DS.YML": AGENT},
        "empty": {},
        "notyaml": {"ds.yaml": b"\x00\xff\xfe binary \x89PNG\r\n"},
        "tabs": {"ds.yaml": "kind:\tDaemonSet\n"},
        "enormous": {"ds.yaml": "# " + "x" * (4 * 1024 * 1024) + "\n" + AGENT},
        "bomb": {"ds.yaml": BOMB},
        "hostile": {
            "ds.yaml": AGENT,
            "conftest.py": EVIL_PY.format(marker=str(marker)),
            "test_evil.py": EVIL_PY.format(marker=str(marker)) + "def test_x():\n    pass\n",
            "pytest.ini": "[pytest]\naddopts = -p conftest\n",
            "sitecustomize.py": EVIL_PY.format(marker=str(marker)),
            "kubesim.py": EVIL_PY.format(marker=str(marker)),
        },
        "slow": {"slow.yaml": AGENT},
        "deep": {},
    }
    for name, files in students.items():
        folder = subs / name
        folder.mkdir(parents=True)
        for fname, content in files.items():
            path = folder / fname
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content)
    nested = subs / "deep"
    for i in range(40):
        nested = nested / f"d{i}"
    nested.mkdir(parents=True)
    (nested / "ds.yaml").write_text(AGENT)
    (subs / "links").mkdir()
    (subs / "links" / "ds.yaml").symlink_to("/etc/passwd")
    (subs / "fifo").mkdir()
    os.mkfifo(subs / "fifo" / "ds.yaml")
    (subs / "bob.yaml").write_text(AGENT)
    (subs / "README.txt").write_text("not a student")
    (subs / "linked-student").symlink_to(subs / "alice")
    out = root / "grades"
    progress = root / "progress.txt"
    with progress.open("w") as stream:
        book = grading.grade(tests, subs, jobs=2, timeout=8, progress=stream)
    book.write(out)
    return out, marker, book, progress.read_text()


def _row(book: grading.Gradebook, student: str) -> grading.StudentResult:
    return next(s for s in book.students if s.student == student)


def test_every_student_gets_a_line(graded) -> None:
    _, _, book, _ = graded
    assert [s.student for s in book.students] == [
        "alice",
        "bob",
        "bomb",
        "deep",
        "empty",
        "enormous",
        "fifo",
        "hostile",
        "linked-student",
        "links",
        "notyaml",
        "slow",
        "tabs",
        "yml",
    ]
    assert [(t.number, t.name, t.max_score) for t in book.tests] == [
        ("1", "ds.yaml holds the DaemonSet agent", 2.0),
        ("2", "valid", 1.0),
        ("3", "not too slow", 0.0),
    ]


@pytest.mark.parametrize(
    ("student", "score", "status", "message"),
    [
        ("alice", 3, "graded", ""),
        ("bob", 3, "graded", ""),
        ("yml", 3, "graded", ""),
        ("hostile", 3, "graded", ""),
        ("empty", 0, "graded", "the submission has no manifest files (.yaml, .yml, .json)"),
        ("deep", 0, "graded", "the submission has no manifest files (.yaml, .yml, .json)"),
        ("notyaml", 0, "graded", ""),
        ("tabs", 0, "graded", ""),
        ("bomb", 0, "graded", ""),
        (
            "enormous",
            0,
            "graded",
            "ds.yaml: 4.0 MiB is larger than the 3 MiB the API server accepts; not read",
        ),
        ("links", 0, "graded", "ds.yaml: a symbolic link, not read"),
        ("fifo", 0, "graded", "ds.yaml: not a regular file, not read"),
        ("linked-student", 0, "graded", "linked-student: a symbolic link, not read"),
        # Stopped by the timeout in its third test: the point of test 2, passed before, is kept.
        ("slow", 1, "error", "grading stopped: the tests took longer than 8 s on this submission"),
    ],
)
def test_scores_and_messages(graded, student: str, score: int, status: str, message: str) -> None:
    _, _, book, _ = graded
    row = _row(book, student)
    assert (row.score, row.max_score, row.status) == (score, 3, status)
    assert message in row.message
    if status == "graded":
        assert [t.status for t in row.tests][:2] == (
            ["passed", "passed"] if score else ["failed", "failed"]
        )


def test_outputs_name_the_problem(graded) -> None:
    _, _, book, _ = graded
    outputs = {s.student: s.tests[0].output for s in book.students}
    assert outputs["notyaml"].startswith("ds.yaml:")
    assert "tab" in outputs["tabs"]
    assert outputs["bomb"].startswith("ds.yaml")
    assert outputs["empty"].startswith("the submission has no ds.yaml; it has no manifest files")
    assert "root:" not in json.dumps(book.to_dict()), "/etc/passwd was never read"


def test_no_code_from_a_submission_ran(graded) -> None:
    _, marker, _, _ = graded
    assert not marker.exists()


def test_gradebook_files(graded) -> None:
    out, _, book, _ = graded
    with (out / "gradebook.csv").open() as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [
        "student",
        "score",
        "max_score",
        "status",
        "1 ds.yaml holds the DaemonSet agent",
        "2 valid",
        "3 not too slow",
        "message",
    ]
    assert rows[1][:7] == ["alice", "3", "3", "graded", "2", "1", "0"]
    assert len(rows) == 1 + len(book.students)
    doc = json.loads((out / "gradebook.json").read_text())
    assert set(doc) == {"version", "max_score", "tests", "students"}
    assert doc["max_score"] == 3
    student = doc["students"][0]
    assert set(student) == {"student", "score", "max_score", "status", "message", "tests"}
    assert set(student["tests"][0]) == {
        "number",
        "name",
        "score",
        "max_score",
        "status",
        "visibility",
        "output",
    }
    feedback = (out / "feedback" / "notyaml.md").read_text()
    assert feedback.startswith(
        "# notyaml\n\nScore: 0/2 (1 of 2 tests passed)\n(1 more test(s) are graded but not shown.)\n"
    )
    assert "## 1. ds.yaml holds the DaemonSet agent: FAIL 0/2" in feedback
    assert "valid" not in feedback.split("\n## ")[-1], "hidden tests are left out"
    assert sorted(p.name for p in (out / "feedback").iterdir()) == sorted(
        f"{s.student}.md" for s in book.students
    )


def test_progress_lines(graded) -> None:
    _, _, book, progress = graded
    lines = progress.splitlines()
    assert len(lines) == len(book.students)
    assert lines[-1].startswith(f"[{len(book.students)}/{len(book.students)}] ")
    assert any(line.endswith("1/3 (error)") for line in lines)


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_agent.py").write_text(TESTS.replace("time.sleep(60)", "pass"))
    subs = tmp_path / "subs"
    (subs / "alice").mkdir(parents=True)
    (subs / "alice" / "ds.yaml").write_text(AGENT)
    (subs / "zed").mkdir()
    code = main(
        [
            "grade",
            str(tests),
            "--submissions",
            str(subs),
            "-j",
            "1",
            "--out",
            str(tmp_path / "g"),
            "-q",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:2] == ["alice: 3/3", "zed: 0/3"]
    assert (tmp_path / "g" / "gradebook.csv").exists()
    # The instructor's own mistakes are not a student's zero.
    (tests / "test_agent.py").write_text("import no_such_module\n")
    assert (
        main(["grade", str(tests), "--submissions", str(subs), "--out", str(tmp_path / "h"), "-q"])
        == 2
    )
    assert "no_such_module" in capsys.readouterr().err
    assert main(["grade", str(tmp_path / "nope.py"), "--submissions", str(subs), "-q"]) == 2
    assert main(["grade", str(tests), "--submissions", str(tmp_path / "nothing"), "-q"]) == 2


def test_a_student_stopped_for_time_does_not_stop_the_next(tmp_path: Path) -> None:
    tests = tmp_path / "test_agent.py"
    tests.write_text(TESTS)
    subs = tmp_path / "subs"
    for name, fname in [("a", "slow.yaml"), ("b", "ds.yaml"), ("c", "slow.yaml"), ("d", "ds.yaml")]:
        (subs / name).mkdir(parents=True)
        (subs / name / fname).write_text(AGENT)
    (subs / "d.yaml").write_text(AGENT)
    book = grading.grade(tests, subs, jobs=1, timeout=3)
    rows = [(s.student, s.score, s.status) for s in book.students]
    assert rows == [
        ("a", 1, "error"),  # the test that finished before the timeout keeps its point
        ("b", 3, "graded"),
        ("c", 1, "error"),
        ("d", 3, "graded"),
        ("d.yaml", 3, "graded"),
    ]


def test_korean_gradebook_and_feedback(tmp_path: Path) -> None:
    tests = tmp_path / "test_agent.py"
    tests.write_text(TESTS.replace("time.sleep(60)", "pass"))
    subs = tmp_path / "subs"
    (subs / "kim").mkdir(parents=True)
    (subs / "kim" / "ds.yaml").write_text(AGENT.replace("kind: DaemonSet", "kind: Deployment"))
    (subs / "lee").mkdir()
    book = grading.grade(tests, subs, jobs=2, lang="ko")
    book.write(tmp_path / "out")
    kim = (tmp_path / "out" / "feedback" / "kim.md").read_text()
    assert "점수: 0/2 (테스트 2개 중 1개 통과)" in kim
    assert "DaemonSet agent가 있어야 하는데, 제출물에는 이것들이 있습니다: Deployment agent" in kim
    assert _row(book, "lee").message == "제출물에 매니페스트 파일(.yaml, .yml, .json)이 없습니다"
