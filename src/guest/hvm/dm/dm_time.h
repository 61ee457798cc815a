/* SPDX-License-Identifier: MIT */
/* dm_time.h - overflow-safe scaling between nanoseconds and device clock ticks. */
#ifndef STRATA_GUEST_HVM_DM_DM_TIME_H
#define STRATA_GUEST_HVM_DM_DM_TIME_H

#include <stdint.h>

#define DM_NS_PER_SEC 1000000000ULL

/* value * mul / div rounded down, saturating at UINT64_MAX; mul and div
 * must be below 2^32 and div non-zero, so the remainder product fits. */
/*@ requires div != 0;
    assigns \nothing;
*/
static inline uint64_t dm_scale(uint64_t value, uint64_t mul, uint64_t div)
{
    uint64_t whole = value / div, rest = value % div;

    if (mul != 0 && whole > (UINT64_MAX - rest * mul / div) / mul)
        return UINT64_MAX;
    return whole * mul + rest * mul / div;
}

/* The same rounded up (ticks to the first ns at which they have passed). */
/*@ requires div != 0;
    assigns \nothing;
*/
static inline uint64_t dm_scale_up(uint64_t value, uint64_t mul, uint64_t div)
{
    uint64_t down = dm_scale(value, mul, div);

    if (down != UINT64_MAX && (value % div) * mul % div != 0)
        return down + 1;
    return down;
}

#endif /* STRATA_GUEST_HVM_DM_DM_TIME_H */
