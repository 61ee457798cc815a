/* SPDX-License-Identifier: MIT */
/* credit_account.h - the credit policy's accounting arithmetic, pure and proved. */
#ifndef STRATA_CORE_SCHED_CREDIT_ACCOUNT_H
#define STRATA_CORE_SCHED_CREDIT_ACCOUNT_H

#include "lib/compiler.h"

/*
 * Credit is CPU time in nanoseconds. Each accounting period a pool hands
 * out period * nr_cpus of it, split among the active units by weight and
 * clipped at what one unit can use (one CPU, or its cap); running
 * burns it. Credit stays within [-CREDIT_DEBT_LIMIT, CREDIT_LIMIT]: a unit
 * saves at most one period's credit, and carries at most four periods of
 * debt (enough that a light unit which ran a whole slice repays it all).
 */
#define CREDIT_TSLICE_NS        10000000ull   /* 10 ms */
#define CREDIT_PERIOD_NS        30000000ull   /* 30 ms accounting period */
#define CREDIT_DEFAULT_WEIGHT   256u
#define CREDIT_MAX_WEIGHT       65535u
#define CREDIT_LIMIT            ((int64_t)CREDIT_PERIOD_NS)
#define CREDIT_DEBT_LIMIT       ((int64_t)(4 * CREDIT_PERIOD_NS))
#define CREDIT_MAX_POOL_CREDIT  (CREDIT_PERIOD_NS * 64)
#define CREDIT_CLASS_UNIT       (1ull << 56)  /* key step of one class */

/*@ predicate CreditInRange(integer c) = -CREDIT_DEBT_LIMIT <= c <= CREDIT_LIMIT; */

/* weight's part of pool_credit among total_weight, at most limit. */
/*@ requires pool_range: pool_credit <= CREDIT_MAX_POOL_CREDIT;
    requires weight_range: 0 < weight <= CREDIT_MAX_WEIGHT;
    requires total_range: weight <= total_weight;
    assigns \nothing;
    ensures bounded: \result <= limit;
    ensures proportional: \result <= pool_credit * weight / total_weight;
    ensures exact: \result == limit ||
                   \result == pool_credit * weight / total_weight; */
uint64_t credit_share(uint64_t pool_credit, uint32_t weight,
                      uint64_t total_weight, uint64_t limit);

/* The most a unit with cap (% of one CPU, 0 = none) may run per period. */
/*@ requires cap_range: cap <= 6400;
    assigns \nothing;
    behavior uncapped:
      assumes cap == 0;
      ensures one_cpu: \result == CREDIT_PERIOD_NS;
    behavior capped:
      assumes cap != 0;
      ensures share: \result == CREDIT_PERIOD_NS * cap / 100;
    complete behaviors;
    disjoint behaviors; */
uint64_t credit_cap_ns(uint32_t cap);

/* credit after receiving share, clipped at CREDIT_LIMIT. */
/*@ requires in_range: CreditInRange(credit);
    requires share_range: share <= CREDIT_MAX_POOL_CREDIT;
    assigns \nothing;
    ensures in_range: CreditInRange(\result);
    behavior fits:
      assumes credit + share <= CREDIT_LIMIT;
      ensures sum: \result == credit + share;
    behavior clipped:
      assumes credit + share > CREDIT_LIMIT;
      ensures max: \result == CREDIT_LIMIT;
    complete behaviors;
    disjoint behaviors; */
int64_t credit_grant(int64_t credit, uint64_t share);

/* credit after running ran_ns, clipped at -CREDIT_DEBT_LIMIT. */
/*@ requires in_range: CreditInRange(credit);
    assigns \nothing;
    ensures in_range: CreditInRange(\result);
    behavior fits:
      assumes credit - ran_ns >= -CREDIT_DEBT_LIMIT;
      ensures difference: \result == credit - ran_ns;
    behavior clipped:
      assumes credit - ran_ns < -CREDIT_DEBT_LIMIT;
      ensures min: \result == -CREDIT_DEBT_LIMIT;
    complete behaviors;
    disjoint behaviors; */
int64_t credit_burn(int64_t credit, uint64_t ran_ns);

/* The class a unit with this much credit belongs to (boost aside). */
/*@ assigns \nothing;
    behavior under:
      assumes credit > 0;
      ensures result: \result == 1;
    behavior over:
      assumes credit <= 0;
      ensures result: \result == 2;
    complete behaviors;
    disjoint behaviors; */
uint8_t credit_class(int64_t credit);

/* Runqueue key: class in the top byte, then arrival order (FIFO). */
/*@ requires class_range: class <= 3;
    assigns \nothing;
    ensures order: \result == class * CREDIT_CLASS_UNIT + seq % CREDIT_CLASS_UNIT; */
uint64_t credit_runq_key(uint8_t class, uint64_t seq);

#endif /* STRATA_CORE_SCHED_CREDIT_ACCOUNT_H */
