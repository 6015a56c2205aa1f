"""Checks that a Linux wheel of kubesim runs where its platform tag promises, and, for a wheel
this machine can run, that it installs and imports in a fresh virtual environment.

    python scripts/check_wheel.py dist/kubesim-*-manylinux2014_x86_64*.whl [--no-install]

For each shared library in the wheel, binutils' readelf (any architecture) gives the ELF
machine, the libraries it needs (DT_NEEDED) and the symbol versions it needs
(.gnu.version_r). The policy comes from the tag, as in PEP 599/600/656:

- manylinux_2_X (manylinux2014 is 2_17): no GLIBC_ symbol version newer than 2.X, and only
  the libraries the manylinux policy allows (libc, libm, libpthread, libdl, librt,
  libgcc_s, ld-linux);
- musllinux_1_X: no GLIBC_ symbol version at all, and only musl's libc.

The x86_64 library's newest glibc symbols are listed with `objdump -T`. Then (unless
--no-install, or the wheel is for another machine) a new venv installs the wheel alone,
offline, and runs `kubesim --version` and a small simulation with it.
"""

from __future__ import annotations

import argparse
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import venv
import zipfile
from pathlib import Path

MACHINES = {"x86_64": "Advanced Micro Devices X86-64", "aarch64": "AArch64"}
# PEP 599's list (manylinux2014), which later manylinux policies keep.
MANYLINUX_LIBS = {
    "libc.so.6",
    "libm.so.6",
    "libpthread.so.0",
    "libdl.so.2",
    "librt.so.1",
    "libgcc_s.so.1",
    "ld-linux-x86-64.so.2",
    "ld-linux-aarch64.so.1",
}
SMOKE = """
import kubesim as ks
c = ks.Cluster()
c.apply('''
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx}]}
''')
c.run()
pods = c.pods(selector="app=web")
assert len(pods) == 2 and all(p.phase == "Running" for p in pods), pods
print("kubesim", ks.__version__, "imports and simulates:", len(pods), "pods Running")
"""


class WheelError(Exception):
    pass


def parse_tag(wheel: Path) -> tuple[str, str, tuple[int, int]]:
    """(family, machine, (major, minor)) of the wheel's platform tag: the family is
    "manylinux" or "musllinux"; legacy manylinux2014 is manylinux_2_17."""
    platform_tag = wheel.name.removesuffix(".whl").split("-")[-1]
    for tag in platform_tag.split("."):
        if tag.startswith("manylinux2014_"):
            return "manylinux", tag.removeprefix("manylinux2014_"), (2, 17)
        match = re.fullmatch(r"(manylinux|musllinux)_(\d+)_(\d+)_(\w+)", tag)
        if match:
            family, major, minor, machine = match.groups()
            return family, machine, (int(major), int(minor))
    raise WheelError(f"{wheel.name}: no manylinux or musllinux platform tag in {platform_tag!r}")


def readelf(*args: str) -> str:
    return subprocess.run(
        ["readelf", "--wide", *args], capture_output=True, text=True, check=True
    ).stdout


def check_library(lib: Path, family: str, machine: str, limit: tuple[int, int]) -> list[str]:
    """The problems of one shared library against the tag's policy (empty: it complies)."""
    problems = []
    found = re.search(r"Machine:\s+(.+)", readelf("--file-header", str(lib)))
    elf_machine = found.group(1).strip() if found else "unknown"
    if elf_machine != MACHINES.get(machine):
        problems.append(f"ELF machine {elf_machine!r}, tag says {machine}")
    dynamic = readelf("--dynamic", str(lib))
    needed = set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic))
    versions = re.findall(r"Name: (GLIBC_[\d.]+)", readelf("--version-info", str(lib)))
    glibc = sorted({tuple(int(n) for n in v.removeprefix("GLIBC_").split(".")) for v in versions})
    newest = ".".join(map(str, glibc[-1])) if glibc else "none"
    print(
        f"  {lib.name}: {elf_machine}, needs {sorted(needed)}, newest GLIBC symbol version {newest}"
    )
    if family == "manylinux":
        too_new = [v for v in glibc if v[:2] > limit]
        if too_new:
            problems.append(
                f"needs GLIBC {'.'.join(map(str, too_new[-1]))} > {limit[0]}.{limit[1]}"
            )
        if needed - MANYLINUX_LIBS:
            extra = sorted(needed - MANYLINUX_LIBS)
            problems.append(f"needs libraries outside the manylinux policy: {extra}")
    else:
        if glibc:
            problems.append(f"a musllinux library needs glibc symbols (GLIBC_{newest})")
        if not needed <= {"libc.so", "libgcc_s.so.1"}:
            problems.append(f"needs libraries other than musl's libc: {sorted(needed)}")
    if machine == platform.machine() and shutil.which("objdump") and glibc:
        # objdump -T: the dynamic symbols with the newest versions, as auditwheel would blame.
        dump = subprocess.run(
            ["objdump", "-T", str(lib)], capture_output=True, text=True, check=True
        ).stdout
        top = f"GLIBC_{newest}"
        print(f"  objdump -T: the symbols at {top}:")
        for line in dump.splitlines():
            if re.search(rf"\({re.escape(top)}\)|\s{re.escape(top)}\s", line):
                print("    " + " ".join(line.split()))
    return problems


def smoke_test(wheel: Path) -> None:
    """Installs the wheel alone, offline, into a new venv, and runs it there."""
    with tempfile.TemporaryDirectory(prefix="kubesim-wheel-") as tmp:
        env = Path(tmp) / "venv"
        venv.create(env, with_pip=True)
        bindir = env / ("Scripts" if sys.platform == "win32" else "bin")
        python = bindir / "python"
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, "--no-index", "--no-deps", str(wheel)], check=True)
        version = subprocess.run(
            [str(bindir / "kubesim"), "--version"], capture_output=True, text=True, check=True
        )
        print(f"  fresh venv: `kubesim --version` says {version.stdout.strip()!r}")
        subprocess.run([str(python), "-c", SMOKE], check=True, cwd=tmp)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheels", nargs="+", type=Path)
    parser.add_argument("--no-install", action="store_true", help="check the libraries only")
    args = parser.parse_args(argv)
    failed = False
    for wheel in args.wheels:
        print(f"{wheel.name}")
        try:
            family, machine, limit = parse_tag(wheel)
            with tempfile.TemporaryDirectory(prefix="kubesim-wheel-") as tmp:
                with zipfile.ZipFile(wheel) as zf:
                    zf.extractall(tmp)
                libs = sorted(p for p in Path(tmp).rglob("*.so") if p.is_file())
                if not libs:
                    raise WheelError("no shared library in the wheel")
                problems = [p for lib in libs for p in check_library(lib, family, machine, limit)]
            if problems:
                raise WheelError("; ".join(problems))
            policy = f"{family}_{limit[0]}_{limit[1]}_{machine}"
            print(f"  OK: consistent with {policy}")
            if not args.no_install and machine == platform.machine() and family == "manylinux":
                smoke_test(wheel)
        except (WheelError, zipfile.BadZipFile, subprocess.CalledProcessError) as error:
            print(f"  FAILED: {error}", file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
