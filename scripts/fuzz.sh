#!/usr/bin/env bash
# The long fuzzing run (issue 19): the same property-based targets the test command runs
# briefly, with many more cases. Run it after `bash scripts/test.sh` has made .venv and
# installed the wheel:
#
#   bash scripts/fuzz.sh            # 2,000 examples per Python target, 500 Rust sequences
#   FUZZ_EXAMPLES=20000 FUZZ_CASES=5000 bash scripts/fuzz.sh
#
# Python targets (tests/python/test_fuzz.py, hypothesis): load/check on YAML-like text and
# Python values, label selectors, the kubectl command line, reconcile on arbitrary observed
# states, the cluster under random operations; plus the hostile-input tests. Rust target
# (tests/sim_fuzz.rs, proptest): the engine under random operations. Each run draws new
# random cases (KUBESIM_FUZZ_RANDOM); a failure prints the smallest case: add it as an
# @example (Python) or keep the proptest-regressions file (Rust), fix, and commit both.
set -euo pipefail
cd "$(dirname "$0")/.."

examples="${FUZZ_EXAMPLES:-2000}"
cases="${FUZZ_CASES:-500}"

printf '==> Python targets, %s examples each\n' "$examples"
KUBESIM_FUZZ_EXAMPLES="$examples" KUBESIM_FUZZ_RANDOM=1 \
    .venv/bin/python -m pytest -q -p no:cacheprovider \
    tests/python/test_fuzz.py tests/python/test_hostile_input.py

printf '==> Rust engine target, %s sequences\n' "$cases"
PROPTEST_CASES="$cases" cargo test --locked --release --test sim_fuzz
