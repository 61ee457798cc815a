/* SPDX-License-Identifier: MIT */
/* guests_internal.h - calls between guests.c and run.c (not a layer export). */
#ifndef STRATA_GUEST_GUESTS_INTERNAL_H
#define STRATA_GUEST_GUESTS_INTERNAL_H

#include "guest/vcpu_state.h"

/* The scheduler pool guests run in. */
uint32_t guests_pool(void);

/* Prepare gv's one-shot timer (VIRQ_TIMER at the guest's deadline). */
status_t guest_timer_init(struct guest_vcpu *gv);

#endif /* STRATA_GUEST_GUESTS_INTERNAL_H */
