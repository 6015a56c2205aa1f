#!/usr/bin/env bash
# Debian packages the tests need: Go and robfig/cron v3 (the cron parser Kubernetes
# vendors), to build the oracle that the cron cross-check test compares against.
# ShellCheck, which actionlint runs on the release workflow's scripts.
# Idempotent; needs root (CI and the development machines run as root).
set -euo pipefail
packages=(golang-go golang-github-robfig-cron-dev tzdata shellcheck)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
