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

step "build and install the wheel"
rm -rf dist
maturin build --locked --release --out dist
python -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps dist/kubesim-*.whl

step "ruff"
ruff check python tests benches tools
ruff format --check python tests benches tools

step "pytest (Python surface, grading plugin, lesson notebooks)"
python -m pytest
