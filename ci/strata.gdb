# SPDX-License-Identifier: MIT
# strata.gdb - debug Strata under QEMU: symbols, connection, breakpoints.
#
#   terminal 1:  ci/qemu-run.sh --gdb --cmdline "test=fault" build/boot/strata.mb32
#   terminal 2:  gdb -x ci/strata.gdb build/boot/strata.elf
#
# The symbols come from the file named on gdb's command line; without one,
# from $STRATA_ELF, else build/default/strata.elf.
#
# QEMU starts the image in 32-bit protected mode, but qemu-system-x86_64
# always describes the 64-bit register file; gdb must agree before it
# connects, or it fails with "Remote 'g' packet reply is too long". So
# the architecture is fixed to i386:x86-64 first, even while the CPU still
# runs the 32-bit entry code (disassemble that with
# `set architecture i386` temporarily and `x/10i $pc`).
#
# Breakpoints are hardware ones (hbreak): the high addresses
# (0xffff82...) are not mapped until entry.S turns paging on, so QEMU
# cannot plant a software breakpoint there at attach time.
set pagination off
set confirm off
set architecture i386:x86-64
set disassembly-flavor att

python
import os
if gdb.current_progspace().filename is None:
    gdb.execute("file " + os.environ.get("STRATA_ELF", "build/default/strata.elf"))
end

target remote :1234

# The panic path and unexpected traps: stop before the machine exits.
hbreak panic
hbreak trap_dump
# The first C code (set STRATA_BREAK_MAIN=0 to skip it).
python
if os.environ.get("STRATA_BREAK_MAIN", "1") != "0":
    gdb.execute("hbreak strata_main")
end

echo Strata: connected; 'c' to run. Breakpoints: panic, trap_dump, strata_main.\n
