"""Every lesson notebook runs from top to bottom without an error (through the same
`execute` that publishes them to docs/lessons/), and each exercise's check says "not yet"
on the starting cells: the students' copy must not be solved already."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from publish_lessons import errors, execute  # noqa: E402

from test_lessons import verdicts  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path: Path) -> None:
    notebook = execute(path, timeout=120)
    assert not errors(notebook)
    solved = {k: v for k, v in verdicts(notebook).items() if not v.startswith("❌")}
    assert not solved, f"checks that pass on the starting cells: {solved}"
