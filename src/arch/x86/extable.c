/* SPDX-License-Identifier: MIT */
/* extable.c - look up the fixup of a faulting instruction. */
#include "arch/x86/extable.h"

struct extable_entry {
    int32_t fault;      /* relative to &entry->fault */
    int32_t fixup;      /* relative to &entry->fixup */
};

/* Bounds of the .ex_table section (strata.ld). */
extern const struct extable_entry __ex_table_start[], __ex_table_end[];

uintptr_t extable_search(uintptr_t rip)
{
    for (const struct extable_entry *e = __ex_table_start; e < __ex_table_end; e++) {
        if ((uintptr_t)&e->fault + (intptr_t)e->fault == rip)
            return (uintptr_t)&e->fixup + (intptr_t)e->fixup;
    }
    return 0;
}
