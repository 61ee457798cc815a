/* SPDX-License-Identifier: MIT */
/* lapic.h - the local APIC (xAPIC MMIO): enable, timer, IPIs, EOI. */
#ifndef STRATA_ARCH_X86_LAPIC_H
#define STRATA_ARCH_X86_LAPIC_H

#include "lib/compiler.h"

/* Periodic timer rate programmed on every CPU. */
#define LAPIC_TIMER_HZ  100

/* Enable this CPU's LAPIC (spurious vector, software enable). */
void lapic_enable(void);

/* BSP, once, after tsc_calibrate: measure the timer's input clock. */
void lapic_timer_calibrate(void);

/* Start the periodic timer at LAPIC_TIMER_HZ on this CPU; each tick
 * increments this CPU's timer_ticks. */
void lapic_timer_start(void);

/* Timer input clock in Hz after the divider (from calibration). */
uint64_t lapic_timer_hz(void);

/* This CPU's APIC ID. */
uint32_t lapic_id(void);

/* Send INIT, then two start-up IPIs for vector page sipi_page. */
void lapic_start_ap(uint32_t apic_id, uint8_t sipi_page);

/* Signal end of interrupt. */
void lapic_eoi(void);

#endif /* STRATA_ARCH_X86_LAPIC_H */
