#!/usr/bin/env bash
# Installs everything clue needs to build, test and benchmark, from Debian 12 packages only.
# Safe to run repeatedly; skips apt entirely when every package is already present.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libcurl4-openssl-dev nlohmann-json3-dev libcli11-dev libyaml-cpp-dev
  libsqlite3-dev libre2-dev libutf8proc-dev libopenblas-dev libfmt-dev
  libkainjow-mustache-dev libcpp-httplib-dev libzip-dev zlib1g-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-numpy
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
