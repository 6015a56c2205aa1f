"""Writes a lesson notebook from a list of cells, so notebooks stay reviewable as plain
Python in tools/notebooks/ and are regenerated, not edited by hand.

    python tools/make_notebook.py tools/notebooks/00_manifests.py notebooks/00-manifests.ipynb
    python tools/make_notebook.py --all      # every lesson, and the instructors' answers

A cell is ``("md", text)``, ``("code", source)``, or one half of an exercise:
``("edit", id, start, answer)`` is the cell a student edits (the lesson gets ``start``, the
instructors' copy in instructors/answers/ gets ``answer``) and ``("check", id, source)`` the
cell that checks it with ``kubesim.exercises.check``. Both carry ``kubesim.exercise`` (the id)
and ``kubesim.role`` in their metadata, which the lesson tests read.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "tools" / "notebooks"
LESSONS = ROOT / "notebooks"
ANSWERS = ROOT / "instructors" / "answers"


def _code(source: str, exercise: str | None = None, role: str | None = None):
    cell = nbformat.v4.new_code_cell(source.strip("\n"))
    if exercise is not None:
        cell.metadata["kubesim"] = {"exercise": exercise, "role": role}
        cell.metadata["tags"] = [f"exercise-{role}"]
    return cell


def build(cells: list[tuple[str, ...]], *, answers: bool = False) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    for cell in cells:
        kind = cell[0]
        if kind == "md":
            nb.cells.append(nbformat.v4.new_markdown_cell(cell[1].strip("\n")))
        elif kind == "code":
            nb.cells.append(_code(cell[1]))
        elif kind == "edit":
            _, exercise, start, answer = cell
            nb.cells.append(_code(answer if answers else start, exercise, "edit"))
        elif kind == "check":
            _, exercise, source = cell
            nb.cells.append(_code(source, exercise, "check"))
        else:
            raise ValueError(f"unknown cell kind {kind!r}")
    return nb


def cells_of(spec: Path) -> list[tuple[str, ...]]:
    return runpy.run_path(str(spec))["CELLS"]


def lesson_path(spec: Path) -> Path:
    """tools/notebooks/00_manifests.py → notebooks/00-manifests.ipynb."""
    return LESSONS / (spec.stem.replace("_", "-") + ".ipynb")


def answers_path(spec: Path) -> Path:
    return ANSWERS / (spec.stem.replace("_", "-") + "-answers.ipynb")


def write_all() -> None:
    ANSWERS.mkdir(parents=True, exist_ok=True)
    for spec in sorted(SOURCES.glob("[0-9]*.py")):
        cells = cells_of(spec)
        nbformat.write(build(cells), lesson_path(spec))
        if any(c[0] == "edit" for c in cells):
            nbformat.write(build(cells, answers=True), answers_path(spec))


def main() -> None:
    if sys.argv[1:] == ["--all"]:
        write_all()
        return
    spec, out = sys.argv[1], sys.argv[2]
    nbformat.write(build(cells_of(Path(spec))), out)


if __name__ == "__main__":
    main()
