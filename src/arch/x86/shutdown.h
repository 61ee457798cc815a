/* SPDX-License-Identifier: MIT */
/* shutdown.h - wire panic() to arch_shutdown with the failure code. */
#ifndef STRATA_ARCH_X86_SHUTDOWN_H
#define STRATA_ARCH_X86_SHUTDOWN_H

/* Make panic() leave QEMU with EXIT_CODE_FAIL. */
void shutdown_init(void);

#endif /* STRATA_ARCH_X86_SHUTDOWN_H */
