/* SPDX-License-Identifier: MIT */
/* arch.h - the hvm64 environment: a 64-bit HVM guest (SVM with NPT), hypercalls by vmmcall. */
#ifndef GUEST_ENV_HVM64_ARCH_H
#define GUEST_ENV_HVM64_ARCH_H

/*
 * The hvm64 environment runs a test as a 64-bit HVM guest (SVM with NPT
 * on QEMU TCG); README.md says what is built and what is not yet. The
 * original plan of these files, mirroring ../pv64/:
 *
 * - head.S: an entry Strata's HVM loader can start (the PVH entry,
 *   XEN_ELFNOTE_PHYS32_ENTRY, in 32-bit protected mode with EBX =
 *   hvm_start_info, or the Linux 64-bit boot protocol), which builds
 *   identity page tables, enters long mode, sets up a stack, clears
 *   .bss and calls env_start(). An IDT whose 32 exception stubs build
 *   the same struct trap_regs as pv64 and call trap_handle().
 * - arch_hypercall(): `vmmcall` on AMD (`vmcall` on Intel), number in
 *   RAX, arguments in RDI RSI RDX R10 R8, result in RAX (the same
 *   registers as pv64, so hypercall.h is shared unchanged).
 * - the console: console_io works as for PV; the early/raw path is a
 *   byte loop to port 0xe9 (QEMU's debugcon) or the 16550 at 0x3f8,
 *   used before hypercalls work and for the verdict if they do not.
 * - env_setup(): shared_info by XENMEM_add_to_physmap
 *   (XENMAPSPACE_shared_info), the event upcall by HVM_PARAM_CALLBACK_IRQ
 *   (vector type) instead of callback_op, the timer as for pv64.
 * - env_time_ns(): the same pvclock reading from vcpu_info.time.
 * - the exception return: `iretq` (no HYPERVISOR_iret).
 *
 * The shared library (report, format, console, events, gnttab, cmdline,
 * exceptions) is environment independent and needs no change; memory.c
 * is PV-only (an HVM test sees guest-physical addresses).
 */
#include "libc.h"

#define ENV_NAME "hvm64"
#define ENV_HVM 1

long arch_hypercall(long nr, long a1, long a2, long a3, long a4, long a5);

#endif /* GUEST_ENV_HVM64_ARCH_H */
