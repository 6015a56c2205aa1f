"""Runs every lesson notebook and writes it, outputs included, to docs/lessons/, so a student
can read a lesson (tables, pictures, plots, the checks' verdicts) on GitHub without running it.

    python tools/publish_lessons.py            # every lesson
    python tools/publish_lessons.py notebooks/04-daemonset.ipynb

The lesson tests use :func:`execute` too, so what is published is what the tests run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "notebooks"
PUBLISHED = ROOT / "docs" / "lessons"


def execute(path: Path, timeout: int = 300) -> nbformat.NotebookNode:
    """The notebook at ``path`` run from top to bottom in a fresh kernel (its folder as the
    working directory); an error is kept as the cell's output, not raised."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return notebook


def errors(notebook: nbformat.NotebookNode) -> list[str]:
    """The error outputs of a run notebook, as 'ename: evalue'."""
    return [
        f"{o.get('ename')}: {o.get('evalue')}"
        for c in notebook.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]


def publish(path: Path) -> Path:
    notebook = execute(path)
    failed = errors(notebook)
    if failed:
        raise SystemExit(f"{path.name} failed: {failed}")
    PUBLISHED.mkdir(parents=True, exist_ok=True)
    out = PUBLISHED / path.name
    nbformat.write(notebook, out)
    return out


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or sorted(LESSONS.glob("*.ipynb"))
    for path in paths:
        print(publish(path))


if __name__ == "__main__":
    main()
