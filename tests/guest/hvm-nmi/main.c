/* SPDX-License-Identifier: MIT */
/* hvm-nmi: NMIs reach the guest, are blocked inside their handler and come after its IRET. */
#include "guest.h"
#include "hvm64.h"

const char test_title[] = "hvm-nmi: self-NMI by the ICR, NMI blocking until IRET";

#define LAPIC_ICR_LOW  0x300
#define LAPIC_ICR_HIGH 0x310
#define ICR_NMI_SELF   (0x40000U | 0x400U)   /* shorthand self, delivery mode NMI */
#define SPIN_EXITS     50

static volatile unsigned int nmis, depth, max_depth;

static void send_self_nmi(void)
{
    lapic_write(LAPIC_ICR_HIGH, 0);
    lapic_write(LAPIC_ICR_LOW, ICR_NMI_SELF);
}

/* Exits give Strata the chance to inject what is pending. */
static void some_exits(void)
{
    uint32_t r[4];

    for (int i = 0; i < SPIN_EXITS; i++)
        cpuid(0, 0, r);
}

static bool nmi_hook(struct trap_regs *regs)
{
    (void)regs;
    depth++;
    if (depth > max_depth)
        max_depth = depth;
    nmis++;
    if (nmis == 1) {
        send_self_nmi();        /* blocked until this handler's iretq */
        some_exits();
    }
    depth--;
    return true;
}

void test_main(void)
{
    trap_set_hook(X86_NMI, nmi_hook);
    lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | 0xff);
    irq_disable();                  /* NMIs ignore IF */
    send_self_nmi();
    some_exits();
    check(nmis >= 1, "no NMI after %d exits", SPIN_EXITS);
    for (int i = 0; i < 100 && nmis < 2; i++)
        some_exits();
    check_eq(nmis, 2U, "NMIs delivered");
    check_eq(max_depth, 1U, "NMI handler nesting depth");
    report_success();
}
