"""Shared fixtures: where the course material and the real-world corpus live."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("KUBESIM_SHARED", ROOT.parent / "shared"))


def shared_dir(name: str) -> Path:
    path = SHARED / name
    if not path.is_dir():
        pytest.skip(f"{path} is not here (set KUBESIM_SHARED to the shared/ folder)")
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
    return shared_dir("seeds")


@pytest.fixture
def real_world() -> Path:
    return shared_dir("real-world")
