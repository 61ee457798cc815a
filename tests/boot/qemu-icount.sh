#!/bin/sh
# SPDX-License-Identifier: MIT
# qemu-icount.sh - QEMU with guest time tied to executed instructions.
# For boot tests that judge timing (RTDS deadlines): under plain TCG the
# guest clock follows the host's, so a vCPU thread the loaded host does
# not run still "runs" its guest and overruns its slice. ci/qemu-run.sh
# calls this through QEMU=...; QEMU_REAL names the real binary.
exec "${QEMU_REAL:-qemu-system-x86_64}" "$@" -icount shift=auto,sleep=off
