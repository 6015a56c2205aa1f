#!/usr/bin/env bash
# Builds kubesim's portable Linux wheels and its sdist on this machine, then checks them
# (scripts/check_wheel.py): manylinux2014 (glibc 2.17) for x86_64 and aarch64 and
# musllinux_1_2 for x86_64 and aarch64, cross-compiled with maturin's zig support (ziglang,
# pinned in requirements-dev.txt). The test command (scripts/test.sh) builds and checks the
# x86_64 manylinux2014 wheel only; this script builds the rest. macOS and Windows wheels
# are built by .github/workflows/release.yml on their own runners.
#
#   bash scripts/build_wheels.sh [TARGET ...]     # default: all four; wheels in dist/
#
# TARGET is a Rust target: x86_64-unknown-linux-gnu, aarch64-unknown-linux-gnu,
# x86_64-unknown-linux-musl, aarch64-unknown-linux-musl. rustup adds the standard library
# of each target first (it downloads it once).
set -euo pipefail
cd "$(dirname "$0")/.."

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-musl)
fi

if [ ! -x .venv/bin/maturin ] || [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
fi
# maturin finds zig as `python3 -m ziglang` on PATH.
export PATH="$PWD/.venv/bin:$PATH"

mkdir -p dist
for target in "${targets[@]}"; do
  case "$target" in
    *-linux-gnu) compatibility=manylinux2014 ;;
    *-linux-musl) compatibility=musllinux_1_2 ;;
    *) echo "unsupported target $target (Linux gnu or musl only)" >&2; exit 2 ;;
  esac
  printf '\n==> %s (%s)\n' "$target" "$compatibility"
  rustup target add "$target"
  maturin build --locked --release --zig --target "$target" --compatibility "$compatibility" --out dist
done

printf '\n==> sdist\n'
maturin sdist --out dist

printf '\n==> check the wheels\n'
python scripts/check_wheel.py dist/kubesim-*-linux*.whl
