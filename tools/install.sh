#!/usr/bin/env bash
# Install everything Pressroom needs on a Debian machine: system packages from
# debian-packages.txt, then a virtual environment in .venv with the exact pinned versions
# of constraints.txt. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=$(grep -v '^\s*#' debian-packages.txt | grep -v '^\s*$' | tr '\n' ' ')
missing=$(for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$missing" ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -c constraints.txt -e '.[test]'
echo "installed: $(.venv/bin/pressroom --version)"
