#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Line coverage of the host-built modules by the unit tests (lcov).
# Prints a summary per module, writes HTML to build/coverage/html and
# fails when the total falls below STRATA_MIN_COVERAGE (default 90).
set -euo pipefail
cd "$(dirname "$0")/.."
min=${STRATA_MIN_COVERAGE:-90}
dir=build/coverage

cmake --preset coverage >/dev/null
cmake --build --preset coverage -j2 >"$dir.build.log" 2>&1 || {
  tail -n 30 "$dir.build.log"; exit 1; }
find "$dir" -name '*.gcda' -delete
ctest --test-dir "$dir" -L unit -j2 --output-on-failure >"$dir/ctest.log" 2>&1 || {
  tail -n 40 "$dir/ctest.log"; exit 1; }

# The host shim and the harness are test scaffolding, not modules.
lcov -q --capture --directory "$dir" --output-file "$dir/all.info" 2>/dev/null
lcov -q --extract "$dir/all.info" "$PWD/src/*" --output-file "$dir/src.info" 2>/dev/null
lcov -q --remove "$dir/src.info" "$PWD/src/arch/*" --output-file "$dir/modules.info" 2>/dev/null
genhtml -q "$dir/modules.info" --output-directory "$dir/html" >/dev/null 2>&1 || true

percent() {  # lcov summary of a tracefile -> "hit total"
  lcov --summary "$1" 2>&1 | sed -n 's/.*lines\.*: *[0-9.]*% (\([0-9]*\) of \([0-9]*\) lines).*/\1 \2/p'
}

echo "coverage (lines) of host-built modules:"
for m in lib mm core hypercall guest; do
  [ -d "src/$m" ] || continue
  lcov -q --extract "$dir/modules.info" "$PWD/src/$m/*" --output-file "$dir/$m.info" 2>/dev/null || continue
  read -r hit total < <(percent "$dir/$m.info") || continue
  [ "${total:-0}" -gt 0 ] || continue
  printf "  %-10s %6.1f%%  (%s of %s lines)\n" "src/$m" \
    "$(echo "scale=1; 100*$hit/$total" | bc)" "$hit" "$total"
done
read -r hit total < <(percent "$dir/modules.info")
pct=$(echo "scale=1; 100*$hit/$total" | bc)
printf "  %-10s %6.1f%%  (%s of %s lines)  html: %s/html/index.html\n" total "$pct" "$hit" "$total" "$dir"
if [ "$(echo "$pct < $min" | bc)" -eq 1 ]; then
  echo "coverage: FAILED: $pct% is below $min%"
  exit 1
fi
echo "coverage: ok ($pct% >= $min%)"
