/* SPDX-License-Identifier: MIT */
/* hvm-hlt-timer: a one-shot LAPIC timer interrupt wakes a halted vCPU, then a periodic one ticks. */
#include "guest.h"
#include "hvm64.h"

const char test_title[] = "hvm-hlt-timer: LAPIC timer one-shot and periodic wake HLT";

#define TIMER_VECTOR   0x40
#define LVT_PERIODIC   (1U << 17)
#define LVT_MASKED     (1U << 16)
#define DIVIDE_BY_1    0xb
#define TICKS          5

static volatile unsigned int fired;

static void timer_irq(unsigned int vector)
{
    (void)vector;
    fired++;
    lapic_write(LAPIC_EOI, 0);
}

static uint64_t tsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

void test_main(void)
{
    uint64_t t0;
    unsigned int halts = 0;

    hvm64_set_irq_handler(TIMER_VECTOR, timer_irq);
    lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | 0xff);
    lapic_write(LAPIC_TIMER_DIV, DIVIDE_BY_1);
    lapic_write(LAPIC_LVT_TIMER, TIMER_VECTOR);
    t0 = tsc();
    lapic_write(LAPIC_TIMER_INIT, 2000000);   /* 2 ms at the 1 GHz bus clock */
    while (fired == 0 && halts < 100) {
        safe_halt();
        halts++;
    }
    irq_disable();
    check_eq(fired, 1U, "one-shot timer interrupts");
    check(halts >= 1 && halts < 100, "%u halts before the one-shot", halts);
    check(tsc() > t0, "TSC did not move");
    check_eq(lapic_read(LAPIC_TIMER_CUR), 0U, "one-shot count at its end");
    lapic_write(LAPIC_LVT_TIMER, TIMER_VECTOR | LVT_PERIODIC);
    lapic_write(LAPIC_TIMER_INIT, 1000000);
    while (fired < 1 + TICKS)
        safe_halt();
    irq_disable();
    lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
    printk("hvm-hlt-timer: %u interrupts, %u halts for the one-shot\n", fired, halts);
    report_success();
}
