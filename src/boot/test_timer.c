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
/* Tolerance in percent. TCG delivers timer interrupts late when the host
 * is loaded and QEMU folds missed periods into one, so the count can only
 * fall short; 20% still catches a wrong divider or rate (2x, 16x). */
#define TOLERANCE_PCT   20

bool test_timer(void)
{
    uint64_t expected = LAPIC_TIMER_HZ * WINDOW_MS / 1000;
    uint64_t start_ns, elapsed_ns, ticks, start_ticks;
    bool ok;
    char detail[128];

    start_ticks = this_cpu()->timer_ticks;
    start_ns = arch_now_ns();
    while (arch_now_ns() - start_ns < WINDOW_MS * 1000000ULL)
        cpu_safe_halt();
    elapsed_ns = arch_now_ns() - start_ns;
    ticks = this_cpu()->timer_ticks - start_ticks;
    ok = ticks * 100 >= expected * (100 - TOLERANCE_PCT) &&
         ticks * 100 <= expected * (100 + TOLERANCE_PCT);
    format(detail, sizeof(detail), "%lu ticks in %lu ms of TSC time, want %lu +-%u%% (%u Hz)",
           ticks, elapsed_ns / 1000000, expected, TOLERANCE_PCT, LAPIC_TIMER_HZ);
    selftest_report("timer", ok, detail);
    return ok;
}
