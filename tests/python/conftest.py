"""Shared fixtures: where the course material and the real-world corpus live (copies inside
the repository, tests/fixtures/, with their sources and licenses in a SOURCES.md beside them,
so that a bare clone runs every test)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def fixture_dir(name: str) -> Path:
    """tests/fixtures/<name>; a missing folder is a broken checkout, never a reason to skip."""
    path = FIXTURES / name
    if not path.is_dir():
        raise FileNotFoundError(f"{path} is missing: the fixtures are part of the repository")
    return path


def yaml_blocks(text: str) -> list[tuple[int, str]]:
    """The fenced ```yaml / ```yml blocks of a lecture note, with the line each starts on."""
    blocks = []
    for match in re.finditer(r"^```ya?ml[^\n]*\n(.*?)^```", text, re.S | re.M):
        line = text.count("\n", 0, match.start(1)) + 1
        blocks.append((line, match.group(1)))
    return blocks


@pytest.fixture
def seeds() -> Path:
    return fixture_dir("course")


@pytest.fixture
def real_world() -> Path:
    return fixture_dir("real-world")
