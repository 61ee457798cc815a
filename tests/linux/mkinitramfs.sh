#!/bin/sh
# SPDX-License-Identifier: MIT
# mkinitramfs.sh - build the test initramfs (newc cpio) from a static busybox.
#   tests/linux/mkinitramfs.sh BUSYBOX OUT.cpio
set -eu
[ $# -eq 2 ] || { echo "usage: $0 BUSYBOX OUT.cpio" >&2; exit 2; }
busybox=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$busybox" ] || { echo "mkinitramfs: $busybox is not an executable" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/dev"
cp "$busybox" "$root/bin/busybox"
cp "$here/init.sh" "$root/init"
chmod 755 "$root/init" "$root/bin/busybox"
out_abs=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
(cd "$root" && find . | sort | cpio -o -H newc --quiet -R 0:0) > "$out_abs"
