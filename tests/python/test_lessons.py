"""The course as lessons: the index maps every section of the course notes to a lesson, every
lesson has exercises with a check, the checks fail on the starting cells and pass on the
instructors' answers, the notebooks are what tools/notebooks/ generates, and the published
copies in docs/lessons/ exist with their outputs."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "tests" / "fixtures" / "course"
LESSONS = ROOT / "notebooks"
ANSWERS = ROOT / "instructors" / "answers"
PUBLISHED = ROOT / "docs" / "lessons"
sys.path.insert(0, str(ROOT / "tools"))

import make_notebook  # noqa: E402

SPECS = sorted((ROOT / "tools" / "notebooks").glob("[0-9]*.py"))


def _normalize(text: str) -> str:
    """A heading without markup, emoji or quotes, spaces collapsed."""
    text = re.sub(r"[*`\"“”]", "", text)
    text = "".join(ch for ch in text if ch.isalnum() or ch in " .-:()?,/&'")
    return " ".join(text.split()).strip(" .")


def _headings(text: str) -> list[str]:
    body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # front matter
    body = re.sub(r"^```.*?^```", "", body, flags=re.S | re.M)  # code blocks
    return [_normalize(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.+)$", body, re.M)]


def test_the_index_maps_every_section_of_the_course_notes() -> None:
    notes = sorted(COURSE.glob("*.txt"))
    if not notes:
        pytest.skip("the course notes are not in tests/fixtures/course/")
    index = _normalize(" ".join((LESSONS / "README.md").read_text().splitlines()))
    missing = []
    for note in notes:
        for heading in _headings(note.read_text()):
            if heading and heading not in index:
                missing.append(f"{note.name}: {heading}")
    assert not missing, "sections without a lesson in notebooks/README.md:\n" + "\n".join(missing)


def test_every_lesson_is_in_the_index() -> None:
    index = (LESSONS / "README.md").read_text()
    for spec in SPECS:
        assert f"({make_notebook.lesson_path(spec).name})" in index, spec.name


@pytest.mark.parametrize("spec", SPECS, ids=[s.stem for s in SPECS])
def test_notebooks_are_generated_from_their_sources(spec: Path) -> None:
    cells = make_notebook.cells_of(spec)
    for path, answers in [
        (make_notebook.lesson_path(spec), False),
        (make_notebook.answers_path(spec), True),
    ]:
        want = make_notebook.build(cells, answers=answers)
        have = nbformat.read(path, as_version=4)
        assert [c.source for c in have.cells] == [c.source for c in want.cells], (
            f"{path.name} is stale: run python tools/make_notebook.py --all"
        )


@pytest.mark.parametrize("spec", SPECS, ids=[s.stem for s in SPECS])
def test_every_lesson_has_two_exercises_with_a_check(spec: Path) -> None:
    cells = make_notebook.cells_of(spec)
    edits = [c[1] for c in cells if c[0] == "edit"]
    checks = [c[1] for c in cells if c[0] == "check"]
    assert len(set(edits)) >= 2, spec.name
    assert set(edits) == set(checks), spec.name
    for c in cells:
        if c[0] == "edit":
            assert c[2].strip() != c[3].strip(), f"{spec.name} {c[1]}: start equals answer"
        if c[0] == "check":
            assert "kubesim.exercises import check" in c[2], f"{spec.name} {c[1]}"


def verdicts(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """The first line each check cell printed, by exercise id."""
    out = {}
    for cell in notebook.cells:
        meta = cell.metadata.get("kubesim", {})
        if meta.get("role") != "check":
            continue
        text = "".join(
            o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream"
        )
        lines = [line for line in text.splitlines() if line[:1] in ("✅", "❌")]
        out[meta["exercise"]] = lines[-1] if lines else text
    return out


@pytest.mark.parametrize("spec", SPECS, ids=[make_notebook.answers_path(s).name for s in SPECS])
def test_checks_pass_on_the_instructors_answers(spec: Path) -> None:
    from publish_lessons import execute

    notebook = execute(make_notebook.answers_path(spec))
    found = verdicts(notebook)
    assert found, spec.name
    wrong = {k: v for k, v in found.items() if not v.startswith("✅")}
    assert not wrong, wrong


def test_published_lessons_have_their_outputs() -> None:
    for spec in SPECS:
        path = PUBLISHED / make_notebook.lesson_path(spec).name
        assert path.is_file(), f"{path} is missing: run python tools/publish_lessons.py"
        notebook = nbformat.read(path, as_version=4)
        lesson = nbformat.read(make_notebook.lesson_path(spec), as_version=4)
        assert [c.source for c in notebook.cells] == [c.source for c in lesson.cells], (
            f"{path.name} is stale: run python tools/publish_lessons.py"
        )
        code = [c for c in notebook.cells if c.cell_type == "code"]
        assert all(c.get("execution_count") for c in code), path.name
        assert not [
            o for c in code for o in c.get("outputs", []) if o.get("output_type") == "error"
        ], path.name
