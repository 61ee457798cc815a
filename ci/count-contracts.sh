#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# count-contracts.sh - check that every exported prototype of a contracted
# module carries an ACSL contract directly above it.
#
# Usage: ci/count-contracts.sh
# For every source src/x/y.c listed in proofs/*/files, the public header
# src/x/y.h is scanned. A prototype is a top-level declaration ending in
# ");" (possibly spanning lines) that is not a typedef or a static inline
# definition; the text directly above it, after skipping plain comments
# and blank lines, must be the end of an ACSL "/*@ ... */" block. Prints a
# count per header and fails if any prototype is missing its contract.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
status=0
headers=()

for files in "$ROOT"/proofs/*/files; do
    [ -f "$files" ] || continue
    while IFS= read -r src; do
        case $src in *.c) ;; *) continue ;; esac
        header=${src%.c}.h
        [ -f "$ROOT/$header" ] && headers+=("$header")
    done < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$files")
done
[ ${#headers[@]} -gt 0 ] || { echo "count-contracts: no contracted headers"; exit 0; }

total_all=0
missing_all=0
for header in $(printf '%s\n' "${headers[@]}" | sort -u); do
    # awk state: depth of braces/parens, whether the last non-blank,
    # non-comment text was the end of an ACSL block.
    result=$(awk -v file="$header" '
        function flush_decl() {
            decl = ""; in_decl = 0
        }
        BEGIN { acsl_above = 0; in_acsl = 0; in_comment = 0; depth = 0;
                total = 0; missing = 0; flush_decl() }
        {
            line = $0
            if (in_acsl) {
                if (line ~ /\*\//) { in_acsl = 0; acsl_above = 1 }
                next
            }
            if (in_comment) {
                if (line ~ /\*\//) in_comment = 0
                next
            }
            if (line ~ /^[ \t]*\/\*@/) {
                if (line ~ /\*\//) acsl_above = 1; else in_acsl = 1
                next
            }
            if (line ~ /^[ \t]*\/\*/) {
                if (line !~ /\*\//) in_comment = 1
                next
            }
            if (line ~ /^[ \t]*\/\/@/) { acsl_above = 1; next }
            if (line ~ /^[ \t]*(\/\/.*)?$/) next
            if (line ~ /^[ \t]*#/) {
                # a macro continued with backslashes is skipped whole
                while (line ~ /\\$/ && (getline line) > 0) {}
                acsl_above = 0
                next
            }
            # track braces so struct/enum bodies and inline functions are skipped
            opens = gsub(/\{/, "{", line); closes = gsub(/\}/, "}", line)
            if (depth > 0 || opens > 0) {
                depth += opens - closes
                acsl_above = 0; flush_decl()
                next
            }
            if (!in_decl) { in_decl = 1; had_acsl = acsl_above; decl = line }
            else decl = decl " " line
            if (decl ~ /\)[^;]*;[ \t]*$/ && decl ~ /\(/) {
                if (decl !~ /^[ \t]*(typedef|extern[ \t]+[a-z_ ]*[^(]*;|static)/) {
                    total++
                    name = decl
                    sub(/\(.*/, "", name); sub(/.*[ \t*]/, "", name)
                    if (!had_acsl) { missing++; print "  missing contract: " file ": " name }
                }
                flush_decl()
            } else if (decl ~ /;[ \t]*$/) {
                flush_decl()
            }
            acsl_above = 0
        }
        END { print "COUNT " total " " missing }
    ' "$ROOT/$header")
    counts=$(printf '%s\n' "$result" | sed -n 's/^COUNT //p')
    printf '%s\n' "$result" | grep -v '^COUNT ' || true
    read -r total missing <<<"$counts"
    printf '%-28s %3d prototypes, %3d with contracts\n' "$header" "$total" "$((total - missing))"
    total_all=$((total_all + total))
    missing_all=$((missing_all + missing))
done
echo "total: $total_all prototypes, $missing_all without a contract"
[ "$missing_all" -eq 0 ] || status=1
exit $status
