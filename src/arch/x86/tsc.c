/* SPDX-License-Identifier: MIT */
/* tsc.c - TSC calibration against PIT channel 2; arch_now_ns. */
#include "arch/arch.h"
#include "arch/x86/cpu.h"
#include "arch/x86/tsc.h"
#include "lib/print.h"

#define PIT_HZ          1193182ULL
#define PIT_CH2         0x42
#define PIT_CMD         0x43
#define PIT_GATE_PORT   0x61
#define PIT_GATE        0x01
#define PIT_SPEAKER     0x02
#define PIT_OUT2        0x20
#define PIT_CH2_MODE0   0xb0    /* channel 2, lo/hi byte, mode 0, binary */
#define CALIBRATE_MS    50
#define CALIBRATE_RUNS  3

static uint64_t tsc_rate;       /* ticks per second */
static uint64_t tsc_zero;       /* TSC at calibration: time 0 */
static uint64_t ns_mult;        /* ns = (ticks * ns_mult) >> 32 */

/* TSC ticks while PIT channel 2 counts down ms milliseconds. */
static uint64_t pit_measure(unsigned int ms)
{
    uint16_t latch = (uint16_t)(PIT_HZ * ms / 1000);
    uint64_t start;

    outb(PIT_GATE_PORT, (inb(PIT_GATE_PORT) & ~PIT_SPEAKER) | PIT_GATE);
    outb(PIT_CMD, PIT_CH2_MODE0);
    outb(PIT_CH2, latch & 0xff);
    outb(PIT_CH2, latch >> 8);
    start = rdtsc();
    while (!(inb(PIT_GATE_PORT) & PIT_OUT2))
        cpu_relax();
    return rdtsc() - start;
}

/* Being descheduled (TCG on a busy host) can only add TSC ticks to a
 * measurement, never remove them: the smallest of a few runs is best. */
void tsc_calibrate(void)
{
    uint64_t ticks = pit_measure(CALIBRATE_MS);

    for (unsigned int i = 1; i < CALIBRATE_RUNS; i++) {
        uint64_t t = pit_measure(CALIBRATE_MS);

        if (t < ticks)
            ticks = t;
    }

    tsc_rate = ticks * 1000 / CALIBRATE_MS;
    if (tsc_rate == 0)
        panic("TSC calibration failed");
    ns_mult = (1000000000ULL << 32) / tsc_rate;
    tsc_zero = rdtsc();
    printk("TSC: %lu.%03lu MHz (PIT, best of %u x %u ms)\n", tsc_rate / 1000000,
           (tsc_rate / 1000) % 1000, CALIBRATE_RUNS, CALIBRATE_MS);
}

uint64_t tsc_hz(void)
{
    return tsc_rate;
}

uint64_t arch_now_ns(void)
{
    uint64_t ticks = rdtsc() - tsc_zero;

    return (uint64_t)(((unsigned __int128)ticks * ns_mult) >> 32);
}

void tsc_delay_us(uint64_t us)
{
    uint64_t end = rdtsc() + tsc_rate / 1000000 * us;

    while ((int64_t)(rdtsc() - end) < 0)
        cpu_relax();
}
