/* SPDX-License-Identifier: MIT */
/* lapic.h - the local APIC (xAPIC MMIO): enable, timer, IPIs, EOI. */
#ifndef STRATA_ARCH_X86_LAPIC_H
#define STRATA_ARCH_X86_LAPIC_H

#include "lib/compiler.h"

/* Rate of the periodic boot tick each CPU starts with. The first
 * arch_timer_program on a CPU switches its timer to deadline programming
 * (TSC-deadline mode when CPUID offers it, else one-shot) for good. */
#define LAPIC_TIMER_HZ  100

/* Longest a programmed CPU sleeps without a deadline: the bound on how
 * late polled work (COM1 input on CPU 0) is noticed. */
#define LAPIC_MAX_SLEEP_NS  100000000ULL

/* Enable this CPU's LAPIC (spurious vector, software enable) and claim
 * the LAPIC's vectors: VEC_TIMER, VEC_KICK (arch_kick_cpu's wake-up IPI,
 * whose handler only sends the EOI: the interrupted CPU then re-examines
 * its timers and scheduler) and VEC_SPURIOUS. */
void lapic_enable(void);

/* Interrupts on VEC_SPURIOUS cpu has taken (logged, never fatal). */
uint64_t lapic_spurious_count(unsigned int cpu);

/* BSP, once, after tsc_calibrate: measure the timer's input clock. */
void lapic_timer_calibrate(void);

/* Start the periodic boot tick at LAPIC_TIMER_HZ on this CPU; each
 * timer interrupt (tick or deadline) increments this CPU's timer_ticks. */
void lapic_timer_start(void);

/* True once this CPU's timer is deadline-programmed (arch_timer_program). */
bool lapic_timer_is_oneshot(void);

/* Deadline interrupts cpu has taken, how late they came (sum and worst,
 * ns) and how many came before their deadline. */
struct lapic_timer_stats {
    uint64_t interrupts, late_sum_ns, late_max_ns, early;
};
struct lapic_timer_stats lapic_timer_stats(unsigned int cpu);

/* Wake-up IPIs (VEC_KICK) cpu has taken. */
uint64_t lapic_kicks(unsigned int cpu);

/* Send a fixed IPI with vector / an NMI to CPU index cpu. */
void lapic_send_ipi(unsigned int cpu, uint8_t vector);
void lapic_send_nmi(unsigned int cpu);

/* Timer input clock in Hz after the divider (from calibration). */
uint64_t lapic_timer_hz(void);

/* This CPU's APIC ID. */
uint32_t lapic_id(void);

/* Send INIT, then two start-up IPIs for vector page sipi_page. */
void lapic_start_ap(uint32_t apic_id, uint8_t sipi_page);

/* Signal end of interrupt. */
void lapic_eoi(void);

#endif /* STRATA_ARCH_X86_LAPIC_H */
