/* SPDX-License-Identifier: MIT */
/* probe.h - deliberate faults guarded by exception fixups, for self-tests. */
#ifndef STRATA_ARCH_X86_PROBE_H
#define STRATA_ARCH_X86_PROBE_H

#include "lib/compiler.h"

/* Read 8 bytes at addr. Returns -1 if it did not fault, else the vector
 * of the fault the fixup absorbed (14 for #PF, 13 for #GP). */
int probe_read(const volatile void *addr, uint64_t *value);

/* Execute ud2; returns the vector absorbed (6) or -1. */
int probe_invalid_opcode(void);

/* Write 1 to CR4 bit 31 (reserved: #GP); returns the vector or -1. */
int probe_reserved_cr4(void);

#endif /* STRATA_ARCH_X86_PROBE_H */
