/* SPDX-License-Identifier: MIT */
/* sched_rtds.h - the RTDS policy: global EDF over deferrable servers. */
#ifndef STRATA_CORE_SCHED_SCHED_RTDS_H
#define STRATA_CORE_SCHED_SCHED_RTDS_H

#include "core/sched/sched.h"
#include "core/sched/rtds_budget.h"

/*
 * Real-time deferrable servers (Xen's RTDS, see docs/scheduling.md):
 * each unit has a budget per period; a pool has one global runqueue
 * ordered by absolute deadline (earliest first, EDF) holding units with
 * budget left, and a depleted queue ordered by replenishment time. A
 * per-pool replenishment timer (on the pool's first CPU) refills
 * depleted units at their period boundary and tickles the CPU running
 * the latest deadline. Not work-conserving: a unit without budget waits
 * for its next period even when CPUs are idle.
 *
 * The pool's first CPU must have a timer queue (timer_subsystem_init()).
 */

extern const struct sched_policy rtds_policy;

/* Set u's budget and period (ns); its current window keeps its deadline
 * and gets the new budget. EINVAL: not in an RTDS pool, or not
 * rtds_params_valid(). */
/*@ requires state: SchedStateValid;
    requires valid_unit: SchedUnitValid(u);
    assigns u->policy.rtds.budget_ns, u->policy.rtds.period_ns,
            u->policy.rtds.remaining_ns, sched_pools[0 .. SCHED_MAX_POOLS - 1].lock;
    behavior refused:
      assumes u->pool == SCHED_NO_POOL || !sched_pools[u->pool].in_use ||
              sched_pools[u->pool].policy != &rtds_policy ||
              !(0 < budget_ns <= period_ns <= RTDS_MAX_PERIOD_NS);
      assigns \nothing;
      ensures result: \result == STATUS_EINVAL;
    behavior set:
      assumes u->pool != SCHED_NO_POOL && sched_pools[u->pool].in_use &&
              sched_pools[u->pool].policy == &rtds_policy &&
              0 < budget_ns <= period_ns <= RTDS_MAX_PERIOD_NS;
      ensures result: \result == STATUS_OK;
      ensures server: u->policy.rtds.budget_ns == budget_ns &&
                      u->policy.rtds.period_ns == period_ns &&
                      u->policy.rtds.remaining_ns <= budget_ns;
    complete behaviors;
    disjoint behaviors; */
status_t rtds_set_params(struct sched_unit *u, uint64_t budget_ns,
                         uint64_t period_ns);

/* The pool's counters (struct rtds_stats in sched_policy_state.h). */
/*@ requires valid_out: \valid(out);
    assigns *out;
    behavior refused:
      assumes pool >= SCHED_MAX_POOLS || !sched_pools[pool].in_use ||
              sched_pools[pool].policy != &rtds_policy;
      assigns \nothing;
      ensures result: \result == STATUS_EINVAL;
    behavior copied:
      assumes pool < SCHED_MAX_POOLS && sched_pools[pool].in_use &&
              sched_pools[pool].policy == &rtds_policy;
      ensures result: \result == STATUS_OK;
      ensures copy: *out == rtds_pools[pool].stats;
    complete behaviors;
    disjoint behaviors; */
status_t rtds_get_stats(uint32_t pool, struct rtds_stats *out);

/* Deadline misses of u since it joined its pool. */
/*@ requires valid_unit: \valid_read(u);
    assigns \nothing;
    ensures result: \result == u->policy.rtds.misses; */
uint64_t rtds_unit_misses(const struct sched_unit *u);

#endif /* STRATA_CORE_SCHED_SCHED_RTDS_H */
