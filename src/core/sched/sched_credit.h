/* SPDX-License-Identifier: MIT */
/* sched_credit.h - the credit policy: weights, caps, priority classes, stealing. */
#ifndef STRATA_CORE_SCHED_SCHED_CREDIT_H
#define STRATA_CORE_SCHED_SCHED_CREDIT_H

#include "core/sched/sched.h"
#include "core/sched/credit_account.h"

/*
 * Proportional share in the manner of Xen's credit scheduler (see
 * docs/scheduling.md): every CPU has a runqueue ordered by class
 * (BOOST < UNDER < OVER), FIFO within BOOST and UNDER and by least
 * debt within OVER; every
 * CREDIT_PERIOD_NS the pool's CPU time is granted to the active units by
 * weight; a unit with credit is UNDER, one without is OVER, and a unit
 * that wakes with credit is BOOSTed until it is next charged. A CPU whose
 * best local unit is OVER (or that has none) steals a better unit from
 * another CPU's runqueue, which keeps the shares fair across CPUs and
 * no CPU idle while work waits (work-conserving). Caps park a unit until
 * the next accounting once it has used cap% of a CPU in the period.
 */

extern const struct sched_policy credit_policy;

/* Set u's weight (1 .. CREDIT_MAX_WEIGHT) and cap (% of a CPU, 0 = none).
 * EINVAL: u is not in a credit pool or a value is out of range. */
status_t credit_set_params(struct sched_unit *u, uint32_t weight, uint32_t cap);

/* The simulator's cost measure since pool creation: decisions taken and
 * their operations (sift steps plus runqueue slots examined, periodic
 * accounting excluded), steals, and the accountings with their own
 * operations (units visited plus sift steps of re-keying). */
struct credit_stats {
    uint64_t picks;
    uint64_t ops;
    uint64_t steals;
    uint64_t accountings;
    uint64_t accounting_ops;
};
status_t credit_get_stats(uint32_t pool, struct credit_stats *out);

#endif /* STRATA_CORE_SCHED_SCHED_CREDIT_H */
