#!/usr/bin/env bash
# Installs what the tests need and runs every test: Rust format, lints and tests; the
# wheel built and installed; ruff; pytest (which also executes every lesson notebook).
# This is the README's test command; .ci/run calls it and nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "system packages for cross-checks (Go and robfig/cron, the cron oracle)"
bash tools/install-test-deps.sh

step "Python environment (.venv, pinned by requirements-dev.txt)"
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
export PATH="$PWD/.venv/bin:$PATH"

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (core, and with the python feature), warnings are errors"
cargo clippy --locked --all-targets -- -D warnings
cargo clippy --locked --all-targets --features python -- -D warnings

step "cargo test"
cargo test --locked

step "build the portable wheel (manylinux2014, glibc 2.17, with zig), check it, install it"
rm -rf dist
maturin build --locked --release --zig --compatibility manylinux2014 --out dist
python scripts/check_wheel.py dist/kubesim-*.whl
python -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps dist/kubesim-*.whl

step "sdist (maturin sdist): the files a build from source needs"
maturin sdist --out dist
python scripts/check_sdist.py dist/kubesim-*.tar.gz

step "actionlint: the release workflow"
actionlint .github/workflows/*.yml

step "ruff"
ruff check python tests benches tools scripts
ruff format --check python tests benches tools scripts

step "pytest (Python surface, grading plugin, lesson notebooks)"
python -m pytest
