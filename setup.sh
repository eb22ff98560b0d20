#!/usr/bin/env bash
# One-time set-up of a fresh Debian machine (idempotent): the native BLAS/LAPACK the runtime calls (OpenBLAS;
# without it the runtime falls back to managed code, 20–50× slower at full size, and the tests that compare the
# two fail). Everything else, DuckDB for the interop tests included, comes from NuGet with the build.
set -euo pipefail
cd "$(dirname "$0")"

packages=()
ldconfig -p | grep -q 'libopenblas\.so\.0' || packages+=(libopenblas0-pthread)
if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing ${packages[*]} (Debian)..."
  sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
fi

