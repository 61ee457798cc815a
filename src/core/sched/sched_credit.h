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
/*@ requires state: SchedStateValid;
    requires valid_unit: SchedUnitValid(u);
    assigns u->policy.credit.weight, u->policy.credit.cap,
            sched_pools[0 .. SCHED_MAX_POOLS - 1].lock;
    behavior refused:
      assumes u->pool == SCHED_NO_POOL || !sched_pools[u->pool].in_use ||
              sched_pools[u->pool].policy != &credit_policy ||
              weight == 0 || weight > CREDIT_MAX_WEIGHT || cap > 100;
      assigns \nothing;
      ensures result: \result == STATUS_EINVAL;
    behavior set:
      assumes u->pool != SCHED_NO_POOL && sched_pools[u->pool].in_use &&
              sched_pools[u->pool].policy == &credit_policy &&
              0 < weight <= CREDIT_MAX_WEIGHT && cap <= 100;
      ensures result: \result == STATUS_OK;
      ensures values: u->policy.credit.weight == weight &&
                      u->policy.credit.cap == cap;
    complete behaviors;
    disjoint behaviors; */
status_t credit_set_params(struct sched_unit *u, uint32_t weight, uint32_t cap);

/* The pool's cost counters (struct credit_stats in sched_policy_state.h). */
/*@ requires valid_out: \valid(out);
    assigns *out;
    behavior refused:
      assumes pool >= SCHED_MAX_POOLS || !sched_pools[pool].in_use ||
              sched_pools[pool].policy != &credit_policy;
      assigns \nothing;
      ensures result: \result == STATUS_EINVAL;
    behavior copied:
      assumes pool < SCHED_MAX_POOLS && sched_pools[pool].in_use &&
              sched_pools[pool].policy == &credit_policy;
      ensures result: \result == STATUS_OK;
      ensures copy: *out == credit_pools[pool].stats;
    complete behaviors;
    disjoint behaviors; */
status_t credit_get_stats(uint32_t pool, struct credit_stats *out);

#endif /* STRATA_CORE_SCHED_SCHED_CREDIT_H */
