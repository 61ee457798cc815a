#!/bin/sh
# SPDX-License-Identifier: MIT
# qemu-run.sh - boot a Strata image under QEMU (TCG) and judge the run by
# its isa-debug-exit status and by regexes over the serial log.
#
#   ci/qemu-run.sh [options] [image]
#     image            default: build/default/strata.mb32
#     --cmdline STR    hypervisor command line (-append), e.g. "test=fault"
#     --mem SIZE       guest RAM (default 128M)
#     --smp N          CPUs (default 2)
#     --timeout SECS   wall-clock limit (default 120; TCG on a busy box)
#     --expect RE      the log must match RE (extended regex; repeatable)
#     --forbid RE      the log must not match RE (repeatable)
#     --expect-exit S  pass|fail|any (default pass)
#     --log FILE       keep the serial log there (default: a temp file)
#     --module "FILE [ARGS]"  FILE as a boot module with the command
#                      line "FILE ARGS" (repeatable; no commas)
#     --grub           boot through GRUB (Multiboot2): image is strata.elf,
#                      put on a grub-mkrescue ISO with the command line
#     --interactive    serial on this terminal, no timeout, no judging
#     --gdb            also -s -S: wait for gdb on :1234 (ci/strata.gdb)
#
# Exit codes (src/arch/x86/exit_code.h): Strata writes 0x10 (pass) or
# 0x11 (fail) to port 0xf4; QEMU exits (v << 1) | 1 = 33 or 35. This
# script exits 0 when the verdict and every regex are as expected, else 1.
set -u

QEMU=${QEMU:-qemu-system-x86_64}
EXIT_PASS=33
EXIT_FAIL=35

image=build/default/strata.mb32
cmdline=""
mem=128M
smp=2
timeout_s=120
expect_exit=pass
log=""
interactive=0
gdb=0
grub=0
modules=""
expects_file=$(mktemp)
forbids_file=$(mktemp)
trap 'rm -f "$expects_file" "$forbids_file" ${iso:+"$iso"}' EXIT

usage() { sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

while [ $# -gt 0 ]; do
    case "$1" in
    --cmdline) cmdline=$2; shift 2 ;;
    --mem) mem=$2; shift 2 ;;
    --smp) smp=$2; shift 2 ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --expect) printf '%s\n' "$2" >>"$expects_file"; shift 2 ;;
    --forbid) printf '%s\n' "$2" >>"$forbids_file"; shift 2 ;;
    --expect-exit) expect_exit=$2; shift 2 ;;
    --log) log=$2; shift 2 ;;
    --interactive) interactive=1; shift ;;
    --gdb) gdb=1; shift ;;
    --grub) grub=1; shift ;;
    --module) modules="$modules${modules:+,}$2"; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "qemu-run.sh: unknown option $1" >&2; usage ;;
    *) image=$1; shift ;;
    esac
done

[ -f "$image" ] || { echo "qemu-run.sh: no image $image" >&2; exit 1; }

# A GRUB rescue ISO holding the ELF64 image and the modules; GRUB loads
# it as Multiboot2 and talks on the serial line.
make_iso() {
    isodir=$(mktemp -d)
    mkdir -p "$isodir/boot/grub"
    cp "$image" "$isodir/boot/strata.elf"
    {
        echo "set timeout=0"
        echo "serial --unit=0 --speed=115200"
        echo "terminal_input serial"
        echo "terminal_output serial"
        echo "menuentry Strata {"
        echo "  multiboot2 /boot/strata.elf $cmdline"
        # Each --module is "FILE [its command line]": GRUB's module2 line
        # gets the file's base name as the first word, then the rest.
        i=0
        old_ifs=$IFS
        IFS=,
        for m in $modules; do
            IFS=$old_ifs
            file=${m%% *}
            rest=${m#"$file"}
            cp "$file" "$isodir/boot/module$i"
            echo "  module2 /boot/module$i $(basename "$file")$rest"
            i=$((i + 1))
            IFS=,
        done
        IFS=$old_ifs
        echo "  boot"
        echo "}"
    } >"$isodir/boot/grub/grub.cfg"
    iso=$(mktemp --suffix=.iso)
    grub-mkrescue -o "$iso" "$isodir" >/dev/null 2>&1 ||
        { echo "qemu-run.sh: grub-mkrescue failed" >&2; rm -rf "$isodir"; exit 1; }
    rm -rf "$isodir"
}

set -- -accel tcg -cpu qemu64,+svm,+npt -m "$mem" -smp "$smp" \
    -nographic -no-reboot -monitor none \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04
iso=""
if [ "$grub" = 1 ]; then
    make_iso
    set -- "$@" -cdrom "$iso"
else
    set -- "$@" -kernel "$image" -append "$cmdline"
    [ -n "$modules" ] && set -- "$@" -initrd "$modules"
fi
[ "$gdb" = 1 ] && set -- "$@" -s -S

if [ "$interactive" = 1 ] || [ "$gdb" = 1 ]; then
    [ "$gdb" = 1 ] && echo "qemu-run.sh: waiting for gdb on :1234 (gdb -x ci/strata.gdb)" >&2
    "$QEMU" "$@" -serial mon:stdio
    exit $?
fi

if [ -z "$log" ]; then
    log=$(mktemp --suffix=.log)
    keep_log=0
else
    keep_log=1
fi
: >"$log"

timeout --kill-after=10 "$timeout_s" "$QEMU" "$@" -serial "file:$log" </dev/null >/dev/null 2>"$log.qemu-stderr"
status=$?

verdict=ok
reason=""
case "$status" in
$EXIT_PASS) got=pass ;;
$EXIT_FAIL) got=fail ;;
124|137) got=timeout ;;
*) got="status $status" ;;
esac
if [ "$expect_exit" != any ] && [ "$got" != "$expect_exit" ]; then
    verdict=bad; reason="exit: got $got, want $expect_exit"
fi
while IFS= read -r re; do
    if ! grep -Eq -- "$re" "$log"; then
        verdict=bad; reason="$reason${reason:+; }missing /$re/"
    fi
done <"$expects_file"
while IFS= read -r re; do
    if grep -Eq -- "$re" "$log"; then
        verdict=bad; reason="$reason${reason:+; }forbidden /$re/ present"
    fi
done <"$forbids_file"

if [ "$verdict" = ok ]; then
    echo "qemu-run.sh: PASS ($got) $image ${cmdline:+[$cmdline]}"
    grep -a 'Test result:' "$log"
else
    echo "qemu-run.sh: FAIL: $reason" >&2
    echo "----- serial log ($log) -----" >&2
    cat "$log" >&2
    if [ -s "$log.qemu-stderr" ]; then
        echo "----- qemu stderr -----" >&2
        cat "$log.qemu-stderr" >&2
    fi
fi
rm -f "$log.qemu-stderr"
[ "$keep_log" = 0 ] && rm -f "$log"
[ "$verdict" = ok ]
