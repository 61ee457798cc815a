/* SPDX-License-Identifier: MIT */
/* guest.h - per-CPU set-up for running guests (syscall MSRs, FPU). */
#ifndef STRATA_ARCH_X86_GUEST_H
#define STRATA_ARCH_X86_GUEST_H

/* Point SYSCALL at the guest entry and enable SSE state; on each CPU,
 * after its GDT and GS base are loaded. */
void guest_cpu_init(void);

#endif /* STRATA_ARCH_X86_GUEST_H */
