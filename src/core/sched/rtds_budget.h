/* SPDX-License-Identifier: MIT */
/* rtds_budget.h - the RTDS server arithmetic: replenish, charge, slice; pure and proved. */
#ifndef STRATA_CORE_SCHED_RTDS_BUDGET_H
#define STRATA_CORE_SCHED_RTDS_BUDGET_H

#include "core/sched/sched.h"

/*
 * A deferrable server: a unit may use budget_ns in every period_ns
 * window [deadline - period, deadline); budget it does not use while
 * blocked is kept until the window ends, and at the window's end (the
 * deadline) the budget is refilled and the deadline moves on by whole
 * periods. A window that ends while the unit still wanted to run and had
 * budget left is a deadline miss.
 */
#define RTDS_DEFAULT_PERIOD_NS  10000000ull       /* 10 ms, as Xen */
#define RTDS_DEFAULT_BUDGET_NS   4000000ull       /* 4 ms, as Xen */
#define RTDS_MAX_PERIOD_NS       1000000000000ull /* 1000 s */
#define RTDS_MAX_TIME_NS         (1ull << 62)     /* ~146 years of uptime */

/*@ predicate RtdsParamsValid(struct rtds_unit *r) =
      0 < r->budget_ns <= r->period_ns <= RTDS_MAX_PERIOD_NS;

    predicate RtdsUnitValid(struct rtds_unit *r) =
      \valid(r) && RtdsParamsValid(r) &&
      r->remaining_ns <= r->budget_ns &&
      r->deadline_ns <= RTDS_MAX_TIME_NS;
*/

/* True if budget/period make a server (0 < budget <= period <= max). */
/*@ assigns \nothing;
    ensures result: \result <==>
        (0 < budget_ns && budget_ns <= period_ns && period_ns <= RTDS_MAX_PERIOD_NS); */
bool rtds_params_valid(uint64_t budget_ns, uint64_t period_ns);

/* Refill r if its window ended by now: the deadline moves to the first
 * period boundary after now and the budget is full again. */
/*@ requires valid: RtdsUnitValid(r);
    requires time: now <= RTDS_MAX_TIME_NS - RTDS_MAX_PERIOD_NS;
    assigns r->deadline_ns, r->remaining_ns;
    ensures valid: RtdsUnitValid(r);
    behavior current:
      assumes now < r->deadline_ns;
      assigns \nothing;
    behavior ended:
      assumes now >= r->deadline_ns;
      ensures future: now < r->deadline_ns <= now + r->period_ns;
      ensures aligned: (r->deadline_ns - \old(r->deadline_ns)) % r->period_ns == 0;
      ensures full: r->remaining_ns == r->budget_ns;
    complete behaviors;
    disjoint behaviors; */
void rtds_replenish(struct rtds_unit *r, uint64_t now);

/* Charge ran_ns against r's budget (never below zero). */
/*@ requires valid: RtdsUnitValid(r);
    assigns r->remaining_ns;
    ensures valid: RtdsUnitValid(r);
    behavior within:
      assumes ran_ns <= r->remaining_ns;
      ensures less: r->remaining_ns == \old(r->remaining_ns) - ran_ns;
    behavior exhausted:
      assumes ran_ns > r->remaining_ns;
      ensures empty: r->remaining_ns == 0;
    complete behaviors;
    disjoint behaviors; */
void rtds_charge(struct rtds_unit *r, uint64_t ran_ns);

/* How long r may run from now: its budget, cut at its deadline. */
/*@ requires valid: RtdsUnitValid(r);
    requires current: now < r->deadline_ns;
    assigns \nothing;
    ensures budget: \result <= r->remaining_ns;
    ensures deadline: \result <= r->deadline_ns - now;
    ensures tight: \result == r->remaining_ns ||
                   \result == r->deadline_ns - now; */
uint64_t rtds_slice(const struct rtds_unit *r, uint64_t now);

#endif /* STRATA_CORE_SCHED_RTDS_BUDGET_H */
