/* SPDX-License-Identifier: MIT */
/* rtds_budget.c - deferrable-server replenishment, charging and slices. */
#include "core/sched/rtds_budget.h"

bool rtds_params_valid(uint64_t budget_ns, uint64_t period_ns)
{
    return budget_ns > 0 && budget_ns <= period_ns &&
           period_ns <= RTDS_MAX_PERIOD_NS;
}

void rtds_replenish(struct rtds_unit *r, uint64_t now)
{
    uint64_t periods;

    if (now < r->deadline_ns)
        return;
    /* Whole periods elapsed since the deadline, plus the one now open. */
    periods = (now - r->deadline_ns) / r->period_ns + 1;
    r->deadline_ns += periods * r->period_ns;
    r->remaining_ns = r->budget_ns;
}

void rtds_charge(struct rtds_unit *r, uint64_t ran_ns)
{
    if (ran_ns > r->remaining_ns)
        r->remaining_ns = 0;
    else
        r->remaining_ns -= ran_ns;
}

uint64_t rtds_slice(const struct rtds_unit *r, uint64_t now)
{
    uint64_t window = r->deadline_ns - now;

    return r->remaining_ns < window ? r->remaining_ns : window;
}
