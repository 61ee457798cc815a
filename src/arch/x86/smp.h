/* SPDX-License-Identifier: MIT */
/* smp.h - start the application processors. */
#ifndef STRATA_ARCH_X86_SMP_H
#define STRATA_ARCH_X86_SMP_H

#include "lib/compiler.h"

/* Start every CPU the MADT listed (stacks were made by x86_setup): each
 * reports "CPU n (APIC id x) online", starts its timer and idles in hlt.
 * Returns the number of CPUs online, the BSP included. */
unsigned int smp_start_aps(void);

/* Make every idle AP run fn(cpu) on its own stack (never returning); an
 * AP notices at its next interrupt (the LAPIC timer tick at the latest). */
void smp_set_ap_work(void (*fn)(unsigned int cpu));

/* C entry of an AP (from ap_entry64 on its own stack). */
NORETURN void smp_ap_main(unsigned int cpu);

#endif /* STRATA_ARCH_X86_SMP_H */
