/* SPDX-License-Identifier: MIT */
/* credit_account.c - shares, caps, grants, burns and runqueue keys of the credit policy. */
#include "core/sched/credit_account.h"

uint64_t credit_share(uint64_t pool_credit, uint32_t weight,
                      uint64_t total_weight, uint64_t limit)
{
    uint64_t share = pool_credit * weight / total_weight;

    return share < limit ? share : limit;
}

uint64_t credit_cap_ns(uint32_t cap)
{
    if (cap == 0)
        return CREDIT_PERIOD_NS;
    return CREDIT_PERIOD_NS * cap / 100;
}

int64_t credit_grant(int64_t credit, uint64_t share)
{
    if (share >= (uint64_t)(CREDIT_LIMIT - credit))
        return CREDIT_LIMIT;
    return credit + (int64_t)share;
}

int64_t credit_burn(int64_t credit, uint64_t ran_ns)
{
    /* LAB 7: BEGIN */
    if (ran_ns >= (uint64_t)(credit + CREDIT_DEBT_LIMIT))
        return -CREDIT_DEBT_LIMIT;
    return credit - (int64_t)ran_ns;
    /* LAB 7: STUB
    LAB_TODO(7, "credit_burn: charge ran_ns, never below the debt limit");
    LAB 7: END */
}

uint8_t credit_class(int64_t credit)
{
    /* LAB 7: BEGIN */
    return credit > 0 ? 1 : 2;
    /* LAB 7: STUB
    LAB_TODO(7, "credit_class: UNDER (1) with credit left, OVER (2) without");
    LAB 7: END */
}

uint64_t credit_runq_key(uint8_t class, uint64_t seq)
{
    return (uint64_t)class * CREDIT_CLASS_UNIT + seq % CREDIT_CLASS_UNIT;
}
