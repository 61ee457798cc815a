#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# wp.sh - prove each module under proofs/ with Frama-C WP and hold it to its baseline.
#
# Usage: ci/wp.sh [--module NAME]... [--record] [--cache none|update|replay]
#
# A module is a folder proofs/NAME/ with
#   files        sources to prove, one path per line relative to the root
#   baseline     "PROVED TOTAL" as last recorded with --record
#   unproved.md  optional: every goal that may stay unproved, named, with why
#   options      optional: extra frama-c flags (e.g. -wp-timeout 20, -wp-fct f,g)
# The run fails when a module proves fewer goals than its baseline, when a
# goal is unproved without being named in unproved.md, or when Frama-C
# itself fails. Logs and a summary go to $STRATA_WP_OUT (default
# build/wp/), never into the source tree; only --record writes baselines.
# Environment: WP_TIMEOUT (seconds per goal, default 10), WP_JOBS (default 2).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROVERS=z3,cvc4                 # why3 names: "Z3 4.8.12", "CVC4 1.8"
TIMEOUT=${WP_TIMEOUT:-10}
JOBS=${WP_JOBS:-2}
OUT=${STRATA_WP_OUT:-$ROOT/build/wp}
CACHE_DIR=$ROOT/proofs/wp-cache
modules=()
record=0
cache=none

usage() {
    sed -n '3,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case $1 in
    --module) [ $# -ge 2 ] || usage; modules+=("$2"); shift 2 ;;
    --record) record=1; shift ;;
    --cache)
        [ $# -ge 2 ] || usage
        case $2 in none|update|replay) cache=$2 ;; *) usage ;; esac
        shift 2 ;;
    -h|--help) usage ;;
    *) echo "wp.sh: unknown argument '$1'" >&2; usage ;;
    esac
done

command -v frama-c >/dev/null || { echo "wp.sh: frama-c not found" >&2; exit 2; }

if [ ${#modules[@]} -eq 0 ]; then
    for dir in "$ROOT"/proofs/*/; do
        [ -f "$dir/files" ] && modules+=("$(basename "$dir")")
    done
fi
[ ${#modules[@]} -gt 0 ] || { echo "wp.sh: no proof modules" >&2; exit 2; }

mkdir -p "$OUT"
[ "$cache" = none ] || mkdir -p "$CACHE_DIR"
# Several people may run wp.sh at once: collect this run's table in a
# private file and move it into place at the end.
summary=$(mktemp "$OUT/.summary.XXXXXX")
trap 'rm -f "$summary"' EXIT

# Lines of a config file without comments and blank lines.
config_lines() {
    sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$1"
}

# Prints "PROVED TOTAL" from a WP log (0 0 if WP printed no summary).
goal_counts() {
    sed -n 's/^\[wp\] Proved goals: *\([0-9]*\) *\/ *\([0-9]*\).*/\1 \2/p' "$1" |
        tail -n 1 | grep . || echo "0 0"
}

# Prints the name of every goal the log reports without "Valid".
unproved_goals() {
    grep -E '^\[wp\] \[[^]]*\] Goal [A-Za-z0-9_]+' "$1" |
        grep -v -E ': Valid' |
        sed -E 's/^\[wp\] \[[^]]*\] Goal ([A-Za-z0-9_]+).*/\1/' | sort -u
}

# Runs WP on one module; prints its summary row; returns 1 on failure.
prove_module() {
    local module=$1 dir=$ROOT/proofs/$1 log=$OUT/$1.log.$$
    local files=() opts=() line start end status=ok proved total
    local base_proved=0 base_total=0 missing=0 unnamed=()

    [ -f "$dir/files" ] || { echo "wp.sh: proofs/$module/files missing" >&2; return 1; }
    while IFS= read -r line; do files+=("$ROOT/$line"); done < <(config_lines "$dir/files")
    if [ -f "$dir/options" ]; then
        # shellcheck disable=SC2207 # options are plain words, split on purpose
        opts=($(config_lines "$dir/options"))
    fi

    start=$(date +%s)
    if ! frama-c \
            -machdep x86_64 \
            -cpp-extra-args="-I$ROOT/include -I$ROOT/src -I$ROOT/spec -DSTRATA_PROOF" \
            -wp -wp-rte -wp-prover "$PROVERS" -wp-timeout "$TIMEOUT" \
            -wp-par "$JOBS" -wp-cache "$cache" -wp-cache-dir "$CACHE_DIR" \
            "${opts[@]}" "${files[@]}" >"$log" 2>&1; then
        status=frama-c-error
    fi
    end=$(date +%s)
    read -r proved total < <(goal_counts "$log")

    if [ -f "$dir/baseline" ]; then
        read -r base_proved base_total < <(config_lines "$dir/baseline")
    fi
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        if [ ! -f "$dir/unproved.md" ] || ! grep -q -w -F "$line" "$dir/unproved.md"; then
            unnamed+=("$line")
        fi
        missing=$((missing + 1))
    done < <(unproved_goals "$log")

    if [ "$status" = ok ] && [ "$total" -eq 0 ]; then status=no-goals; fi
    if [ "$status" = ok ] && [ "$record" -eq 0 ] && [ "$proved" -lt "$base_proved" ]; then
        status=below-baseline
    fi
    if [ "$status" = ok ] && [ ${#unnamed[@]} -gt 0 ]; then status=unnamed-unproved; fi
    if [ "$status" = ok ] && [ "$record" -eq 1 ]; then
        printf '# proved total (written by ci/wp.sh --record)\n%s %s\n' \
            "$proved" "$total" >"$dir/baseline"
    fi

    printf '%-16s %7s %7s %9s %9s %6ss  %s\n' "$module" "$proved" "$total" \
        "$base_proved/$base_total" "$missing" "$((end - start))" "$status" | tee -a "$summary"
    for line in "${unnamed[@]}"; do
        echo "    unproved and not named in proofs/$module/unproved.md: $line" | tee -a "$summary"
    done
    if [ "$status" = frama-c-error ] || [ "$status" = no-goals ]; then
        echo "    see $OUT/$module.log" | tee -a "$summary"
        grep -E 'User Error|annot-error|error:' "$log" | head -n 5 | sed 's/^/    /' || true
    fi
    mv -f "$log" "$OUT/$module.log"
    [ "$status" = ok ]
}

printf '%-16s %7s %7s %9s %9s %7s  %s\n' module proved total baseline unproved time status |
    tee -a "$summary"
failed=0
for module in "${modules[@]}"; do
    prove_module "$module" || failed=1
done
if [ "$cache" != none ]; then
    echo "cache: $(find "$CACHE_DIR" -type f | wc -l) entries, $(du -sh "$CACHE_DIR" | cut -f1) in proofs/wp-cache" |
        tee -a "$summary"
fi
mv -f "$summary" "$OUT/summary.txt"
trap - EXIT
exit $failed
