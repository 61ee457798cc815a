/* SPDX-License-Identifier: MIT */
/* extable.h - exception fixups: faulting instructions allowed to fail. */
#ifndef STRATA_ARCH_X86_EXTABLE_H
#define STRATA_ARCH_X86_EXTABLE_H

#include "lib/compiler.h"

/*
 * An entry says "if the instruction at fault faults, continue at fixup".
 * Entries are two 32-bit offsets relative to their own fields, so the
 * table needs no relocation in a position-independent image. Emit one
 * right after the instruction with EXTABLE_ENTRY("1b", "2f").
 */
#define EXTABLE_ENTRY(fault, fixup)                 \
    ".pushsection .ex_table, \"a\"\n\t"             \
    ".balign 4\n\t"                                 \
    ".long " fault " - .\n\t"                       \
    ".long " fixup " - .\n\t"                       \
    ".popsection\n\t"

/* Continuation address for a fault at rip, or 0 if there is none. */
uintptr_t extable_search(uintptr_t rip);

#endif /* STRATA_ARCH_X86_EXTABLE_H */
