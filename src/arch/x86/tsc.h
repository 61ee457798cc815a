/* SPDX-License-Identifier: MIT */
/* tsc.h - TSC calibration against the PIT, and time since boot. */
#ifndef STRATA_ARCH_X86_TSC_H
#define STRATA_ARCH_X86_TSC_H

#include "lib/compiler.h"

/* Measure the TSC rate over a PIT channel-2 one-shot (about 50 ms) and
 * take the current TSC as time zero. */
void tsc_calibrate(void);

/* TSC ticks per second found by tsc_calibrate. */
uint64_t tsc_hz(void);

/* Spin for at least us microseconds (after calibration). */
void tsc_delay_us(uint64_t us);

#endif /* STRATA_ARCH_X86_TSC_H */
