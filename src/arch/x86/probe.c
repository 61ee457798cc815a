/* SPDX-License-Identifier: MIT */
/* probe.c - instructions that may fault, each with an exception fixup. */
#include "arch/x86/probe.h"
#include "arch/x86/extable.h"
#include "arch/x86/percpu.h"

/* fixup_vector is set by traps.c on this CPU only; the barriers keep the
 * compiler from moving the reads across the faulting instruction. */
static void probe_arm(void)
{
    this_cpu()->fixup_vector = -1;
    __asm__ volatile("" : : : "memory");
}

static int probe_result(void)
{
    __asm__ volatile("" : : : "memory");
    return this_cpu()->fixup_vector;
}

int probe_read(const volatile void *addr, uint64_t *value)
{
    uint64_t v = 0;

    probe_arm();
    __asm__ volatile("1: movq (%1), %0\n"
                     "2:\n\t"
                     EXTABLE_ENTRY("1b", "2b")
                     : "+r"(v) : "r"(addr) : "memory");
    *value = v;
    return probe_result();
}

int probe_invalid_opcode(void)
{
    probe_arm();
    __asm__ volatile("1: ud2\n"
                     "2:\n\t"
                     EXTABLE_ENTRY("1b", "2b") : : : "memory");
    return probe_result();
}

int probe_bad_selector(void)
{
    probe_arm();
    /* FS is unused by Strata; the load faults before FS changes. */
    __asm__ volatile("movw %0, %%ax\n"
                     "1: movw %%ax, %%fs\n"
                     "2:\n\t"
                     EXTABLE_ENTRY("1b", "2b")
                     : : "i"(PROBE_BAD_SELECTOR) : "rax", "memory");
    return probe_result();
}
