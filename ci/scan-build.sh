#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Clang static analyzer over both builds (image and host); fails on any
# report. Reports (HTML) land in build/scan/report.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/scan
rm -rf "$out"
mkdir -p "$out/report"

# gcc compiles (so the image flags stay exactly as in the real build);
# clang analyses every translation unit alongside.
SB=(scan-build --status-bugs --use-cc=gcc -o "$out/report" --exclude tests/)
"${SB[@]}" cmake -S . -B "$out/tree" -DSTRATA_PROOFS=OFF -DSTRATA_QEMU=OFF \
  -DSTRATA_SANITIZE=OFF >"$out/configure.log"
if ! "${SB[@]}" cmake --build "$out/tree" -j2 >"$out/build.log" 2>&1; then
  grep -E "warning:|error:|scan-build:" "$out/build.log" | head -n 40
  echo "scan-build: FAILED (reports in $out/report)"
  exit 1
fi
grep -E "scan-build: (No bugs|[0-9]+ bug)" "$out/build.log" || true
echo "scan-build: zero reports"
