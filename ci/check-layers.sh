#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Check the include graph of src/ against the layer table (docs/layers.md):
# a file includes only its own layer and the layers below, portable layers
# reach the machine only through arch/arch.h, and only freestanding
# toolchain headers are used outside the host shim. Exit 1 on a violation.
set -uo pipefail
cd "$(dirname "$0")/.."

declare -A LAYER=([lib]=0 [arch]=1 [mm]=2 [core]=3 [hypercall]=4 [guest]=5 [boot]=6)
FREESTANDING="stdint.h stddef.h stdbool.h stdarg.h limits.h stdalign.h stdnoreturn.h"
violations=0

fail() {
  echo "layering: $1"
  violations=$((violations + 1))
}

# Layer of a path under src/ (or of a spec/ header: the highest layer it
# includes, so a shared predicate file cannot smuggle an upward include).
layer_of() {
  local path=$1 top
  case $path in
    src/*) top=${path#src/}; top=${top%%/*}; echo "${LAYER[$top]:--1}" ;;
    spec/*) spec_layer "$path" ;;
    include/public/*) echo -1 ;;
    *) echo -1 ;;
  esac
}

spec_layer() {
  local max=0 inc l
  while read -r inc; do
    [ -f "src/$inc" ] || continue
    l=$(layer_of "src/$inc")
    [ "$l" -gt "$max" ] && max=$l
  done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$1")
  echo "$max"
}

# Resolve a quoted include the way the compiler does with -Isrc -Iinclude -Ispec.
resolve() {
  local inc=$1 dir=$2
  for base in "$dir" src include spec; do
    if [ -f "$base/$inc" ]; then
      echo "$base/$inc" | sed 's#^\./##'
      return
    fi
  done
  echo ""
}

check_quoted() {
  local file=$1 own=$2 inc target tl
  while read -r inc; do
    target=$(resolve "$inc" "$(dirname "$file")")
    if [ -z "$target" ]; then
      fail "$file includes \"$inc\", which does not exist"
      continue
    fi
    tl=$(layer_of "$target")
    if [ "$tl" -gt "$own" ]; then
      fail "$file (L$own) includes $target (L$tl): upward include"
    fi
    case $file:$target in
      src/arch/arch.h:*) ;;
      src/arch/x86/*:src/arch/host/*|src/arch/host/*:src/arch/x86/*)
        fail "$file includes the other arch implementation $target" ;;
      src/arch/*|src/boot/*:src/arch/x86/*) ;;
      src/*:src/arch/x86/*|src/*:src/arch/host/*)
        fail "$file reaches $target directly; use arch/arch.h" ;;
    esac
  done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$file")
}

check_system() {
  local file=$1 inc
  case $file in src/arch/host/*) return ;; esac
  while read -r inc; do
    case " $FREESTANDING " in
      *" $inc "*) ;;
      *) fail "$file includes <$inc>: not a freestanding header" ;;
    esac
  done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*<\([^>]*\)>.*/\1/p' "$file")
}

files=$(find src include/public spec -type f \( -name '*.c' -o -name '*.h' -o -name '*.S' \) 2>/dev/null | sort)
count=0
for f in $files; do
  own=$(layer_of "$f")
  case $f in include/public/*) own=-1 ;; spec/*) own=6 ;; esac
  check_quoted "$f" "$own"
  check_system "$f"
  count=$((count + 1))
done

if [ "$violations" -gt 0 ]; then
  echo "layering: $violations violation(s) in $count files"
  exit 1
fi
echo "layering: $count files, no upward include"
