/* SPDX-License-Identifier: MIT */
/* trampoline.h - where the AP start-up code is copied, and its parameters. */
#ifndef STRATA_ARCH_X86_TRAMPOLINE_H
#define STRATA_ARCH_X86_TRAMPOLINE_H

/* Page-aligned, below 1 MiB, clear of QEMU's Multiboot info at 0x9000. */
#define TRAMPOLINE_PHYS     0x6000

#ifndef __ASSEMBLER__
#include "lib/compiler.h"

/* The fields at the end of the blob (trampoline.S), filled per AP. */
struct trampoline_data {
    uint64_t boot_cr3;      /* entry.S boot tables: identity + image */
    uint64_t final_cr3;     /* paging.c tables */
    uint64_t stack;         /* the AP's main stack top */
    uint64_t entry;         /* ap_entry64 */
    uint64_t cpu;           /* the AP's CPU index */
};
#endif

#endif /* STRATA_ARCH_X86_TRAMPOLINE_H */
