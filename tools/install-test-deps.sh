#!/usr/bin/env bash
# Debian packages the tests need: Go and robfig/cron v3 (the cron parser Kubernetes
# vendors), to build the oracle that the cron cross-check test compares against.
# ShellCheck, which actionlint runs on the release workflow's scripts.
# fonts-nanum (NanumGothic, SIL Open Font License 1.1), the Korean font plots use.
# Idempotent; needs root (CI and the development machines run as root).
set -euo pipefail
packages=(golang-go golang-github-robfig-cron-dev tzdata shellcheck fonts-nanum)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# The real kubectl drives `kubesim serve` in tests/python/test_serve.py: Debian's
# kubernetes-client, only where no kubectl is installed already.
if ! command -v kubectl >/dev/null 2>&1; then
  missing+=(kubernetes-client)
fi
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
