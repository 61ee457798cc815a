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

/* A selector far beyond the GDT limit: loading it raises #GP. */
#define PROBE_BAD_SELECTOR  0x7ff8

/* Load PROBE_BAD_SELECTOR into FS (#GP); returns the vector or -1. */
int probe_bad_selector(void);

#endif /* STRATA_ARCH_X86_PROBE_H */
