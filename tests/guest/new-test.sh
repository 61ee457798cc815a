#!/bin/sh
# SPDX-License-Identifier: MIT
# new-test.sh NAME ["one-sentence purpose"] - create tests/guest/NAME/ from
# a template (main.c and CMakeLists.txt) and say what to do next.
set -eu
name=${1:-}
purpose=${2:-"what it checks, in one sentence"}
case "$name" in
''|-*|*/*|*' '*) echo "usage: $0 NAME [\"purpose\"]  (NAME: lower-case, dashes)" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
dir=$here/$name
[ -e "$dir" ] && { echo "new-test.sh: $dir exists" >&2; exit 1; }
[ "$name" = lib ] || [ "$name" = selftest ] && { echo "new-test.sh: $name is reserved" >&2; exit 1; }
mkdir "$dir"
cat >"$dir/main.c" <<EOT
/* SPDX-License-Identifier: MIT */
/* $name: $purpose. */
#include "guest.h"

const char test_title[] = "$name: $purpose";

void test_main(void)
{
    struct xen_feature_info fi = { .submap_idx = 0 };

    check_eq(hypercall_xen_version(XENVER_get_features, &fi), 0, "get_features");
    report_success();
}
EOT
cat >"$dir/CMakeLists.txt" <<EOT
# SPDX-License-Identifier: MIT
# $name: $purpose.
strata_guest_test(NAME $name)
EOT
cat <<EOT
Created tests/guest/$name/main.c and CMakeLists.txt.
Next:
  1. write the checks in main.c (check(), check_eq(), require(), report_*; docs/guest-tests.md)
  2. options in CMakeLists.txt: GUESTS n, EXPECT word..., HYPERCALL page, EXTRA_OPTS --log-expect RE
  3. cmake -S . -B build/<you> && cmake --build build/<you> --target guest-$name
  4. ctest --test-dir build/<you> -R guest.$name -V
  5. add a row to the table in docs/guest-tests.md
EOT
