#!/bin/sh
# SPDX-License-Identifier: MIT
# fetch.sh - get Debian's cloud kernel and busybox-static into the cache
# (outside the source tree, never committed) and build the guest files.
#
#   tests/linux/fetch.sh [CACHE_DIR]
#   CACHE_DIR  default: $STRATA_CACHE or ~/.cache/strata
# Prints KEY=VALUE lines: BZIMAGE VMLINUX INITRAMFS RELEASE.
# Re-running reuses what is there; a new kernel version is fetched when
# linux-image-cloud-amd64 starts depending on another one.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=${1:-${STRATA_CACHE:-$HOME/.cache/strata}}
mkdir -p "$cache"
cd "$cache"

# The metapackage depends on the current versioned kernel package.
kpkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null |
       sed -n 's/^ *Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' | head -n 1)
[ -n "$kpkg" ] || { echo "fetch: cannot resolve linux-image-cloud-amd64 (apt-get update?)" >&2; exit 1; }
release=${kpkg#linux-image-}

fetch_deb() {   # package -> extracted into dir named after it
    if [ ! -d "x-$1" ]; then
        rm -f "$1"_*.deb
        apt-get download "$1" >/dev/null 2>&1 ||
            { echo "fetch: apt-get download $1 failed" >&2; exit 1; }
        dpkg-deb -x "$1"_*.deb "x-$1.tmp" && mv "x-$1.tmp" "x-$1"
    fi
}
fetch_deb "$kpkg"
fetch_deb busybox-static

bzimage=$cache/x-$kpkg/boot/vmlinuz-$release
[ -f "$bzimage" ] || { echo "fetch: $bzimage missing in the package" >&2; exit 1; }
[ -f "vmlinux-$release" ] ||
    { python3 "$here/extract_vmlinux.py" "$bzimage" "vmlinux-$release.tmp" &&
      mv "vmlinux-$release.tmp" "vmlinux-$release"; }
# The initramfs depends on the scripts in the tree: rebuild it every time.
"$here/mkinitramfs.sh" "$cache/x-busybox-static/bin/busybox" initramfs.cpio

echo "BZIMAGE=$bzimage"
echo "VMLINUX=$cache/vmlinux-$release"
echo "INITRAMFS=$cache/initramfs.cpio"
echo "RELEASE=$release"
