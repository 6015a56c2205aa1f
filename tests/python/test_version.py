"""One version: Cargo.toml's. The installed wheel's metadata, `kubesim --version`,
`ks.__version__` (compiled in from CARGO_PKG_VERSION) and the newest CHANGELOG.md entry agree
with it, and pyproject.toml does not carry a second one."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.version import Version

import kubesim as ks
from kubesim.cli import main

ROOT = Path(__file__).resolve().parents[2]


def section(toml: str, table: str) -> str:
    """The lines of one top-level [table] (tomllib is Python 3.11+; the suite runs on 3.9)."""
    match = re.search(rf"^\[{re.escape(table)}\]\n(.*?)(?=^\[|\Z)", toml, re.S | re.M)
    assert match, f"no [{table}]"
    return match.group(1)


@pytest.fixture(scope="module")
def cargo_version() -> str:
    package = section((ROOT / "Cargo.toml").read_text(encoding="utf-8"), "package")
    [version] = re.findall(r'^version = "([^"]+)"$', package, re.M)
    assert re.fullmatch(r"\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?", version), version
    return version


def test_pyproject_reads_the_version_from_cargo() -> None:
    project = section((ROOT / "pyproject.toml").read_text(encoding="utf-8"), "project")
    assert re.search(r'^dynamic = \["version"\]$', project, re.M)
    assert not re.search(r"^version\s*=", project, re.M)


def test_the_module_and_the_wheel_carry_cargos_version(cargo_version: str) -> None:
    assert ks.__version__ == cargo_version
    # Cargo's pre-releases (0.2.0-rc.1) are PEP 440's (0.2.0rc1) in the wheel's metadata.
    assert Version(metadata.version("kubesim")) == Version(cargo_version)


def test_cli_version(cargo_version: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"kubesim {cargo_version}"


def test_the_console_script_is_installed(cargo_version: str) -> None:
    [script] = [e for e in metadata.entry_points(group="console_scripts") if e.name == "kubesim"]
    assert script.value == "kubesim.cli:main"
    out = subprocess.run(
        [sys.executable, "-c", "from kubesim.cli import main; main(['--version'])"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (out.returncode, out.stdout.strip()) == (0, f"kubesim {cargo_version}")


def test_the_changelog_names_this_version_first(cargo_version: str) -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## \[([^\]]+)\]", text, re.M)
    assert versions, "CHANGELOG.md has no '## [version]' section"
    assert versions[0] == cargo_version
