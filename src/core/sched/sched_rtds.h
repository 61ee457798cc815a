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
status_t rtds_set_params(struct sched_unit *u, uint64_t budget_ns,
                         uint64_t period_ns);

/* Decisions taken, their cost in heap steps plus slots examined, and
 * the deadline misses counted in the pool. */
struct rtds_stats {
    uint64_t picks;
    uint64_t ops;
    uint64_t misses;
    uint64_t replenishments;
};
status_t rtds_get_stats(uint32_t pool, struct rtds_stats *out);

/* Deadline misses of u since it joined its pool. */
uint64_t rtds_unit_misses(const struct sched_unit *u);

#endif /* STRATA_CORE_SCHED_SCHED_RTDS_H */
