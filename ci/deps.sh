#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install every Debian package Strata's run and test commands need.
# Idempotent: does nothing when all are present. Needs root (or sudo).
set -euo pipefail

PACKAGES=(
  build-essential cmake gcc clang clang-tools llvm libclang-rt-14-dev
  binutils python3 git ca-certificates xz-utils file
  qemu-system-x86 qemu-utils
  frama-c-base why3 z3 cvc4
  lcov gcovr valgrind gdb
  bochs bochsbios vgabios grub-pc-bin grub-common xorriso mtools
  busybox-static cpio gzip gnuplot-nox bc
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "deps: all ${#PACKAGES[@]} packages present"
fi

# Why3 must know the provers (Z3, CVC4) before WP can use them.
if ! why3 config list-provers 2>/dev/null | grep -qi z3; then
  why3 config detect >/dev/null
fi
