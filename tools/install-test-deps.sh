#!/bin/sh
# Installs what the cron oracle test (tests/cron_oracle.rs) needs: Go, and robfig/cron v3.0.1
# as Debian packages it (golang-github-robfig-cron-dev), plus the system time zone database.
# Safe to run more than once.
set -eu
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends golang-go golang-github-robfig-cron-dev tzdata
dpkg -L golang-github-robfig-cron-dev | grep -q 'robfig/cron/spec.go'
go version
