/* SPDX-License-Identifier: MIT */
/* test_timer.c - the LAPIC timer ticks at its programmed rate (TSC as the ruler). */
#include "boot/selftest.h"
#include "arch/arch.h"
#include "arch/x86/cpu.h"
#include "arch/x86/lapic.h"
#include "arch/x86/percpu.h"
#include "lib/format.h"
#include "lib/print.h"

#define WINDOW_MS       1000
#define MAX_INTERVALS   256
/*
 * Two checks, because TCG on a loaded host is late but not wrong:
 *  - the median interval between ticks (timestamped with the calibrated
 *    TSC as each tick wakes hlt) must be the period within +-10%; a wrong
 *    divider or count would be off by 2x or more;
 *  - the number of ticks must be 50%..110% of the expected count: QEMU
 *    folds periods it could not deliver in time into one tick, so a busy
 *    host loses ticks but never adds any.
 */
#define MEDIAN_TOLERANCE_PCT    10
#define COUNT_LOW_PCT           50
#define COUNT_HIGH_PCT          110

static uint64_t median(uint64_t *v, unsigned int n)
{
    for (unsigned int i = 1; i < n; i++) {
        uint64_t x = v[i];
        unsigned int j = i;

        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
    return n > 0 ? v[n / 2] : 0;
}

/* Halt until the window is over, timestamping every tick. */
static unsigned int collect(uint64_t *intervals, uint64_t *ticks)
{
    uint64_t start = arch_now_ns(), last = 0, seen = this_cpu()->timer_ticks;
    unsigned int n = 0;

    *ticks = 0;
    while (arch_now_ns() - start < WINDOW_MS * 1000000ULL) {
        uint64_t now_ticks;

        cpu_safe_halt();
        now_ticks = this_cpu()->timer_ticks;
        if (now_ticks == seen)
            continue;
        *ticks += now_ticks - seen;
        seen = now_ticks;
        if (last != 0 && n < MAX_INTERVALS)
            intervals[n++] = arch_now_ns() - last;
        last = arch_now_ns();
    }
    return n;
}

bool test_timer(void)
{
    uint64_t expected = LAPIC_TIMER_HZ * WINDOW_MS / 1000;
    uint64_t period_ns = 1000000000ULL / LAPIC_TIMER_HZ;
    uint64_t intervals[MAX_INTERVALS], ticks, med;
    unsigned int n = collect(intervals, &ticks);
    bool ok;
    char detail[160];

    med = median(intervals, n);
    ok = med * 100 >= period_ns * (100 - MEDIAN_TOLERANCE_PCT) &&
         med * 100 <= period_ns * (100 + MEDIAN_TOLERANCE_PCT) &&
         ticks * 100 >= expected * COUNT_LOW_PCT && ticks * 100 <= expected * COUNT_HIGH_PCT;
    format(detail, sizeof(detail),
           "%lu ticks in %u ms (want %lu, %u-%u%%), median interval %lu us (want %lu us +-%u%%)",
           ticks, WINDOW_MS, expected, COUNT_LOW_PCT, COUNT_HIGH_PCT, med / 1000,
           period_ns / 1000, MEDIAN_TOLERANCE_PCT);
    selftest_report("timer", ok, detail);
    return ok;
}
