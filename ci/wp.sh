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
#
# Without --cache (what CI runs) every goal is proved from scratch in two
# passes: pass 1 tries every goal with a short timeout, pass 2 gives each
# goal pass 1 left unproved and unproved.md does not name the full
# timeout. Both passes share a cache created empty for this run only.
# Environment: WP_TIMEOUT (full seconds per goal and prover, default 10;
# a module's own -wp-timeout wins), WP_QUICK_TIMEOUT (pass 1, default 2;
# 0 = one pass at the full timeout), WP_JOBS (parallel provers, default 2).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROVERS=z3,cvc4                 # tried in this order, the next only if one fails
TIMEOUT=${WP_TIMEOUT:-10}
QUICK=${WP_QUICK_TIMEOUT:-2}
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
# private file and move it into place at the end. The run's private
# caches live under $work and go with it.
summary=$(mktemp "$OUT/.summary.XXXXXX")
work=$(mktemp -d "$OUT/.work.XXXXXX")
trap 'rm -rf "$summary" "$work"' EXIT

# Lines of a config file without comments and blank lines.
config_lines() {
    sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$1"
}

# Prints "PROVED TOTAL" from a WP log's first pass (0 0 if WP printed
# no summary).
goal_counts() {
    sed -n 's/^\[wp\] Proved goals: *\([0-9]*\) *\/ *\([0-9]*\).*/\1 \2/p' "$1" |
        head -n 1 | grep . || echo "0 0"
}

# Prints "NAME valid" or "NAME unproved" for every goal a WP log reports.
goal_results() {
    sed -n -E 's/^\[wp\] \[[^]]*\] Goal ([A-Za-z0-9_]+)(.*)/\1 \2/p' "$1" |
        awk '{ print $1, ($0 ~ /: Valid/ ? "valid" : "unproved") }' | sort -u
}

# Goal results of pass 1 overridden by those of pass 2 (same format).
merge_results() {
    awk '{ status[$1] = $2 } END { for (g in status) print g, status[g] }' "$@" | sort
}

# Whether unproved.md of module dir $1 names goal $2.
is_named() {
    [ -f "$1/unproved.md" ] && grep -q -w -F "$2" "$1/unproved.md"
}

# The function of each goal named on stdin ("-" when none matches, e.g.
# a lemma): the longest function of the log $1 ("annotating function F")
# that the goal name typed_F_... starts with.
goal_functions() {
    awk 'NR == FNR {
             if (match($0, /annotating function [A-Za-z0-9_]+/))
                 fct[substr($0, RSTART + 20, RLENGTH - 20)] = 1
             next
         }
         { best = "-"
           for (f in fct)
               if (index($1, "typed_" f "_") == 1 && length(f) > length(best)) best = f
           print best }' "$1" -
}

# Runs frama-c on the module's files: log, timeout, cache mode, cache
# dir, then extra flags (pass 1 gives the module's own select). Returns
# frama-c's status.
run_wp() {
    local log=$1 timeout=$2 mode=$3 dir=$4
    shift 4
    frama-c \
        -machdep x86_64 \
        -cpp-extra-args="-I$ROOT/include -I$ROOT/src -I$ROOT/spec -DSTRATA_PROOF" \
        -wp -wp-rte -wp-prover "$PROVERS" -wp-timeout "$timeout" \
        -wp-par "$JOBS" -wp-cache "$mode" -wp-cache-dir "$dir" \
        "${opts[@]}" "$@" "${files[@]}" >"$log" 2>&1
}

# Frama-C 25 replays a cached "Failed" (how Why3 reports a Z3 timeout
# here) even under a longer timeout, so pass 2 keeps only Valid entries:
# everything else is proved again.
keep_valid_only() {
    grep -r -L -F --include='*.json' '"verdict": "valid"' "$1" | xargs -r rm -f
}

# Reads the module's files and options into files/opts; a -wp-timeout in
# options becomes the module's full timeout (full_timeout) and a -wp-fct
# its function selection (select), both set per pass instead: Frama-C
# adds a second -wp-fct to the first rather than narrowing it.
load_module() {
    local dir=$1 line i
    local raw=()
    files=() opts=() select=() full_timeout=$TIMEOUT
    while IFS= read -r line; do files+=("$ROOT/$line"); done < <(config_lines "$dir/files")
    if [ -f "$dir/options" ]; then
        # shellcheck disable=SC2207 # options are plain words, split on purpose
        raw=($(config_lines "$dir/options"))
    fi
    for ((i = 0; i < ${#raw[@]}; i++)); do
        case ${raw[i]} in
        -wp-timeout) full_timeout=${raw[i + 1]}; i=$((i + 1)) ;;
        -wp-timeout=*) full_timeout=${raw[i]#*=} ;;
        -wp-fct) select=(-wp-fct "${raw[i + 1]}"); i=$((i + 1)) ;;
        -wp-fct=*) select=(-wp-fct "${raw[i]#*=}") ;;
        *) opts+=("${raw[i]}") ;;
        esac
    done
}

# Pass 1 results $2 of module dir $1 -> the goals pass 2 retries: those
# unproved.md does not name; all unproved ones if even proving every
# unnamed goal could not reach the baseline.
goals_to_retry() {
    local dir=$1 pass1=$2 base_proved=0 goal unnamed=()
    while read -r goal; do
        is_named "$dir" "$goal" || unnamed+=("$goal")
    done < <(awk '$2 == "unproved" { print $1 }' "$pass1")
    [ -f "$dir/baseline" ] && read -r base_proved _ < <(config_lines "$dir/baseline")
    if [ $((base_proved - $(grep -c ' valid$' "$pass1" || true))) -gt ${#unnamed[@]} ]; then
        awk '$2 == "unproved" { print $1 }' "$pass1"
    elif [ ${#unnamed[@]} -gt 0 ]; then
        printf '%s\n' "${unnamed[@]}"
    fi
}

# Pass 2: the goals listed in $3 at the full timeout, replaying the Valid
# results of the run's cache $2; restricted to the functions holding
# them (the whole module if one is a lemma). Appends its log to $1 and
# prints its goal results.
second_pass() {
    local log=$1 pcache=$2 retry=$3 fcts rc=0
    fcts=$(goal_functions "$log" <"$retry" | sort -u | paste -s -d, -)
    # A lemma needs the module's own selection (select of load_module).
    case ,$fcts, in *,-,*) ;; *) select=(-wp-fct "$fcts") ;; esac
    keep_valid_only "$pcache"
    run_wp "$log.pass2" "$full_timeout" replay "$pcache" "${select[@]}" || rc=1
    { echo; echo "=== pass 2 (-wp-timeout $full_timeout, functions: $fcts) ==="
      cat "$log.pass2"; } >>"$log"
    goal_results "$log.pass2"
    rm -f "$log.pass2"
    return $rc
}

# Proves the module of dir $1, writing the goal results (see
# goal_results) to $2 and the log to $3; prints the number of goals given
# pass 2. Returns 1 if frama-c failed. Uses files, opts and full_timeout
# of load_module.
prove_goals() {
    local dir=$1 results=$2 log=$3 quick=$QUICK
    local pcache=$work/cache pass1=$work/pass1 pass2=$work/pass2 retry=$work/retry

    if [ "$cache" != none ]; then   # local use of the committed cache: one pass
        run_wp "$log" "$full_timeout" "$cache" "$CACHE_DIR" "${select[@]}" || return 1
        goal_results "$log" >"$results"; echo 0; return 0
    fi
    # A pass 1 no shorter than the full timeout would only repeat itself.
    if [ "$quick" -le 0 ] || [ "$quick" -ge "$full_timeout" ]; then quick=$full_timeout; fi
    rm -rf "$pcache"; mkdir -p "$pcache"
    run_wp "$log" "$quick" update "$pcache" "${select[@]}" || return 1
    goal_results "$log" >"$pass1"
    cp "$pass1" "$results"
    if [ "$quick" -lt "$full_timeout" ]; then goals_to_retry "$dir" "$pass1" >"$retry"; else : >"$retry"; fi
    if [ -s "$retry" ]; then
        second_pass "$log" "$pcache" "$retry" >"$pass2" || return 1
        merge_results "$pass1" "$pass2" >"$results"
    fi
    rm -rf "$pcache"
    wc -l <"$retry"
}

# Runs WP on one module; prints its summary row; returns 1 on failure.
prove_module() {
    local module=$1 dir=$ROOT/proofs/$1 log=$OUT/$1.log.$$ results=$work/results
    local files=() opts=() select=() full_timeout line start end status=ok proved total
    local base_proved=0 base_total=0 missing=0 unnamed=() retried=0 logged_total

    [ -f "$dir/files" ] || { echo "wp.sh: proofs/$module/files missing" >&2; return 1; }
    load_module "$dir"

    start=$(date +%s)
    retried=$(prove_goals "$dir" "$results" "$log") || status=frama-c-error
    end=$(date +%s)
    [ -f "$results" ] || : >"$results"
    total=$(wc -l <"$results")
    proved=$(grep -c ' valid$' "$results" || true)
    read -r _ logged_total < <(goal_counts "$log")

    if [ -f "$dir/baseline" ]; then
        read -r base_proved base_total < <(config_lines "$dir/baseline")
    fi
    while read -r line _; do
        is_named "$dir" "$line" || unnamed+=("$line")
        missing=$((missing + 1))
    done < <(awk '$2 == "unproved"' "$results")

    # Every goal WP counted must have been read from its log.
    if [ "$status" = ok ] && [ "$total" -ne "$logged_total" ]; then status='log-unreadable'; fi
    if [ "$status" = ok ] && [ "$total" -eq 0 ]; then status=no-goals; fi
    if [ "$status" = ok ] && [ "$record" -eq 0 ] && [ "$proved" -lt "$base_proved" ]; then
        status=below-baseline
    fi
    if [ "$status" = ok ] && [ ${#unnamed[@]} -gt 0 ]; then status='unnamed-unproved'; fi
    if [ "$status" = ok ] && [ "$record" -eq 1 ]; then
        printf '# proved total (written by ci/wp.sh --record)\n%s %s\n' \
            "$proved" "$total" >"$dir/baseline"
    fi

    printf '%-18s %7s %7s %9s %9s %7s %6ss  %s\n' "$module" "$proved" "$total" \
        "$base_proved/$base_total" "$missing" "$retried" "$((end - start))" "$status" |
        tee -a "$summary"
    for line in "${unnamed[@]}"; do
        echo "    unproved and not named in proofs/$module/unproved.md: $line" | tee -a "$summary"
    done
    if [ "$status" != ok ] && [ "$status" != below-baseline ] && [ "$status" != unnamed-unproved ]; then
        echo "    see $OUT/$module.log" | tee -a "$summary"
        grep -E 'User Error|annot-error|error:' "$log" | head -n 5 | sed 's/^/    /' || true
    fi
    mv -f "$log" "$OUT/$module.log"
    rm -f "$results"
    [ "$status" = ok ]
}

printf '%-18s %7s %7s %9s %9s %7s %7s  %s\n' module proved total baseline unproved retried time status |
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
exit $failed
