"""Checks kubesim's sdist (`maturin sdist`): it carries what a build from source needs and its
version is Cargo.toml's; with --build, it also builds and installs with
`pip install kubesim-*.tar.gz` in a fresh venv (Rust needed, several minutes) and runs there.

    python scripts/check_sdist.py dist/kubesim-*.tar.gz [--build]

The test command runs the quick check; the release workflow builds the sdist and runs the
pytest suite against it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
import time
import venv
from pathlib import Path

from check_wheel import SMOKE

ROOT = Path(__file__).resolve().parents[1]
# What `pip install` of the sdist needs to build the same wheel: the crate, its lock file,
# the Python package with its stubs, and the metadata files.
REQUIRED = [
    "PKG-INFO",
    "pyproject.toml",
    "Cargo.toml",
    "Cargo.lock",
    "README.md",
    "LICENSE",
    "src/lib.rs",
    "python/kubesim/__init__.py",
    "python/kubesim/_core.pyi",
    "python/kubesim/py.typed",
]
# Never published: build output, environments, and the course notes of unknown license.
FORBIDDEN = ("target/", ".venv/", "dist/", ".git/", "tests/fixtures/course/")


def cargo_version() -> str:
    for line in (ROOT / "Cargo.toml").read_text(encoding="utf-8").splitlines():
        if line.startswith("version = "):
            return line.split('"')[1]
    raise SystemExit("Cargo.toml: no version")


def check_contents(sdist: Path) -> list[str]:
    with tarfile.open(sdist) as tar:
        names = tar.getnames()
        top = names[0].split("/")[0]
        files = {name.removeprefix(top + "/") for name in names}
        pkg_info = tar.extractfile(f"{top}/PKG-INFO")
        meta = pkg_info.read().decode() if pkg_info else ""
    problems = [f"missing {f}" for f in REQUIRED if f not in files]
    problems += [f"should not contain {f}" for f in sorted(files) if f.startswith(FORBIDDEN)]
    version = cargo_version()
    if f"\nVersion: {version}\n" not in meta:
        problems.append(f"PKG-INFO does not say Version: {version}")
    if top != f"kubesim-{version}":
        problems.append(f"top folder {top!r}, expected 'kubesim-{version}'")
    print(f"  {len(files)} files, version {version}, {sdist.stat().st_size // 1024} KiB")
    return problems


def build(sdist: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="kubesim-sdist-") as tmp:
        env = Path(tmp) / "venv"
        venv.create(env, with_pip=True)
        python = env / ("Scripts" if sys.platform == "win32" else "bin") / "python"
        start = time.monotonic()
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             str(sdist)],
            check=True,
        )  # fmt: skip
        print(f"  pip install {sdist.name}: {time.monotonic() - start:.0f} s")
        subprocess.run([str(python), "-c", SMOKE], check=True, cwd=tmp)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sdist", type=Path)
    parser.add_argument("--build", action="store_true", help="pip install it in a fresh venv")
    args = parser.parse_args(argv)
    print(args.sdist.name)
    problems = check_contents(args.sdist)
    if problems:
        print("  FAILED: " + "; ".join(problems), file=sys.stderr)
        return 1
    print("  OK: a complete sdist")
    if args.build:
        build(args.sdist)
    return 0


if __name__ == "__main__":
    sys.exit(main())
