"""The fixtures the tests read are inside the repository (tests/fixtures/), byte-for-byte as
recorded in the SOURCES.md beside them: each file listed with its size and sha256, each
real-world manifest with its origin URL and license."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, fixture_dir

INTEGRITY_ROW = re.compile(r"^\| `([^`]+)` \| (\d+) \| `([0-9a-f]{64})` \|$", re.M)
ORIGIN_ROW = re.compile(
    r"^\| `([^`]+\.yaml)` \| <(https://github\.com/[\w.-]+/[\w.-]+/blob/[0-9a-f]{40}/[^>]+)>"
    r"[^|]*\| ([^|]+) \|$",
    re.M,
)


def recorded(folder: Path) -> dict[str, tuple[int, str]]:
    text = (folder / "SOURCES.md").read_text(encoding="utf-8")
    return {name: (int(size), digest) for name, size, digest in INTEGRITY_ROW.findall(text)}


@pytest.mark.parametrize(("folder", "pattern"), [("real-world", "*.yaml"), ("course", "*.txt")])
def test_every_fixture_is_recorded_byte_for_byte(folder: str, pattern: str) -> None:
    path = fixture_dir(folder)
    table = recorded(path)
    files = sorted(f.name for f in path.glob(pattern))
    assert files, path
    assert sorted(table) == files, "SOURCES.md lists exactly the files in the folder"
    for name in files:
        data = (path / name).read_bytes()
        # A changed byte (an editor's "fix", a CRLF checkout) breaks the line numbers the
        # tests expect: .gitattributes keeps git from converting these files.
        assert (len(data), hashlib.sha256(data).hexdigest()) == table[name], name


def test_every_real_world_manifest_names_its_origin_and_license() -> None:
    path = fixture_dir("real-world")
    rows = ORIGIN_ROW.findall((path / "SOURCES.md").read_text(encoding="utf-8"))
    assert sorted(name for name, _, _ in rows) == sorted(f.name for f in path.glob("*.yaml"))
    for name, url, license_ in rows:
        assert license_.split()[0] in ("Apache-2.0", "CC-BY-4.0"), (name, license_)
        assert url.rsplit("/", 1)[-1], name


def test_no_test_reads_outside_the_repository() -> None:
    """No test, bench or lesson tool reaches for a folder beside the clone (a student's clone
    has none)."""
    root = FIXTURES.parents[1]
    outside = re.compile(r"\.\./shared|KUBESIM_SHARED|/work/shared")
    offenders = [
        str(f.relative_to(root))
        for folder in ("src", "tests", "benches", "tools", "scripts", "notebooks", "python")
        for f in (root / folder).rglob("*")
        if f.suffix in (".rs", ".py", ".sh", ".ipynb")
        and outside.search(f.read_text(encoding="utf-8", errors="replace"))
        and f.name != "test_fixtures.py"
    ]
    assert offenders == []
