/* SPDX-License-Identifier: MIT */
/* hvm-irq-window: a pending interrupt waits for IF, then arrives after the STI shadow. */
#include "guest.h"
#include "hvm64.h"

const char test_title[] = "hvm-irq-window: held while IF=0, delivered after sti's shadow";

#define TIMER_VECTOR 0x41
#define DIVIDE_BY_1  0xb
#define ROUNDS       3

static volatile unsigned int fired, marker_seen, if_clear_fired;
static volatile unsigned int marker;

static void timer_irq(unsigned int vector)
{
    (void)vector;
    fired++;
    marker_seen = marker;
    lapic_write(LAPIC_EOI, 0);
}

/* Let the one-shot expire with IF clear: its count reaches 0, and the
 * exits in between give Strata every chance to (wrongly) deliver it. */
static void expire_with_if_clear(void)
{
    uint32_t r[4];

    lapic_write(LAPIC_TIMER_INIT, 20000);       /* 20 us */
    for (int i = 0; i < 100000 && lapic_read(LAPIC_TIMER_CUR) != 0; i++)
        cpuid(0, 0, r);
    for (int i = 0; i < 50; i++)
        cpuid(0, 0, r);
    if (fired != 0)
        if_clear_fired++;
}

static void one_round(unsigned int round)
{
    fired = 0;
    marker = 0;
    expire_with_if_clear();
    check_eq(if_clear_fired, 0U, "interrupts delivered with IF clear");
    /* the instruction after sti runs before the interrupt */
    __asm__ volatile("sti\n\tmovl $1, %0\n\tnop\n\tnop\n\tcli" : "=m"(marker) : : "memory");
    check_eq(fired, 1U, "interrupts after sti");
    check_eq(marker_seen, 1U, "marker when the interrupt came (the sti shadow)");
    printk("hvm-irq-window: round %u ok\n", round);
}

void test_main(void)
{
    irq_disable();
    hvm64_set_irq_handler(TIMER_VECTOR, timer_irq);
    lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | 0xff);
    lapic_write(LAPIC_TIMER_DIV, DIVIDE_BY_1);
    lapic_write(LAPIC_LVT_TIMER, TIMER_VECTOR);
    for (unsigned int i = 0; i < ROUNDS; i++)
        one_round(i);
    report_success();
}
