#!/usr/bin/env bash
# Installs the system packages census needs to build and test, if any is missing (Debian/Ubuntu).
# Usage: .ci/install-deps.sh [extra-package ...]
set -euo pipefail
packages=(libicu-dev zlib1g-dev libdeflate-dev libzstd-dev pkg-config make gzip "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
