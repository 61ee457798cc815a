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

int probe_reserved_cr4(void)
{
    uint64_t cr4;

    probe_arm();
    __asm__ volatile("mov %%cr4, %0\n\t"
                     "btsq $31, %0\n"
                     "1: mov %0, %%cr4\n"
                     "2:\n\t"
                     EXTABLE_ENTRY("1b", "2b")
                     : "=&r"(cr4) : : "memory");
    return probe_result();
}
