#!/bin/sh
# SPDX-License-Identifier: MIT
# Instructions per operation of the mm benchmark phases under callgrind.
# Usage: mm_callgrind.sh <bench_mm binary> [ops]
set -e
bin=$1
ops=${2:-20000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-8s %18s %18s\n' guest "p2m_get Ir/op" "get+put Ir/op"
i=0
for name in "1 GiB" "64 GiB" "1 TiB"; do
  row=$(printf '%-8s' "$name")
  for op in lookup getput; do
    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out/cg" \
      "$bin" "$ops" "$i" "$op" >/dev/null 2>&1
    ir=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$out/cg")
    row="$row $(awk -v ir="$ir" -v n="$ops" 'BEGIN { printf "%18.1f", ir / n }')"
  done
  echo "$row"
  i=$((i + 1))
done
