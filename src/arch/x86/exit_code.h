/* SPDX-License-Identifier: MIT */
/* exit_code.h - the verdicts written to QEMU's isa-debug-exit port. */
#ifndef STRATA_ARCH_X86_EXIT_CODE_H
#define STRATA_ARCH_X86_EXIT_CODE_H

/*
 * QEMU (-device isa-debug-exit,iobase=0xf4,iosize=0x04) exits with status
 * (v << 1) | 1 when v is written to the port. ci/qemu-run.sh maps the
 * statuses back: 33 = pass, 35 = fail. Status 1 (v = 0) is avoided since
 * QEMU itself exits 1 on errors.
 */
#define DEBUG_EXIT_PORT     0xf4
#define EXIT_CODE_PASS      0x10    /* QEMU exit status 33 */
#define EXIT_CODE_FAIL      0x11    /* QEMU exit status 35 */

#endif /* STRATA_ARCH_X86_EXIT_CODE_H */
