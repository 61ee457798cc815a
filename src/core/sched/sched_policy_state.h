/* SPDX-License-Identifier: MIT */
/* sched_policy_state.h - the credit and RTDS policies' state, named for the contracts. */
#ifndef STRATA_CORE_SCHED_SCHED_POLICY_STATE_H
#define STRATA_CORE_SCHED_SCHED_POLICY_STATE_H

/*
 * Included by sched.h only. The arrays belong to sched_credit.c and
 * sched_rtds.c; they are extern so that the core's contracts can name
 * what a call through the policy table may change. Everything here is
 * guarded by the lock of the pool it belongs to [P].
 */

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

/* Decisions taken, their cost in heap steps plus slots examined, and
 * the deadline misses counted in the pool. */
struct rtds_stats {
    uint64_t picks;
    uint64_t ops;
    uint64_t misses;
    uint64_t replenishments;
};

/* A CPU's credit runqueue: runnable, not running units, best first. */
struct credit_runq {
    struct sched_heap heap;
    struct sched_heap_node *slots[SCHED_MAX_UNITS];
};

/* A credit pool's accounting clock and counters. */
struct credit_pool {
    uint64_t next_accounting;     /* when the next period starts */
    uint64_t seq;                 /* arrival counter: FIFO in BOOST and UNDER */
    struct credit_stats stats;
};

/* An RTDS pool: the global EDF runqueue and the depleted queue. */
struct rtds_pool {
    struct sched_pool *pool;
    struct sched_heap runq;       /* budget left, by deadline */
    struct sched_heap depleted;   /* no budget, by replenishment time */
    struct sched_heap_node *runq_slots[SCHED_MAX_UNITS];
    struct sched_heap_node *depleted_slots[SCHED_MAX_UNITS];
    struct timer replenish_timer; /* armed at the depleted queue's head */
    struct rtds_stats stats;
};

extern struct credit_runq credit_runqs[SCHED_MAX_CPUS];
extern struct credit_pool credit_pools[SCHED_MAX_POOLS];
extern struct rtds_pool rtds_pools[SCHED_MAX_POOLS];
extern const struct sched_policy credit_policy;
extern const struct sched_policy rtds_policy;

#endif /* STRATA_CORE_SCHED_SCHED_POLICY_STATE_H */
