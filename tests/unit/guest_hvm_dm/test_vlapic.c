/* SPDX-License-Identifier: MIT */
/* test_vlapic.c - local APIC registers, priorities, IPIs, destinations, the timer and x2APIC. */
#include "unit.h"
#include "guest/hvm/dm/vlapic.h"

static struct vlapic_effect fx;

static void wr(struct vlapic *l, uint32_t reg, uint32_t val, uint64_t now)
{
    vlapic_write(l, reg, val, now, &fx);
}

/* An APIC as Linux leaves it: enabled, spurious vector 0xff. */
static void enabled(struct vlapic *l, uint32_t id)
{
    vlapic_reset(l, id, id == 0);
    wr(l, VLAPIC_REG_SVR, 0x1ff, 0);
}

UNIT_TEST(vlapic_reset_values)
{
    struct vlapic l;

    vlapic_reset(&l, 3, false);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_ID, 0), 3U << 24);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_VERSION, 0), 0x00050014);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_SVR, 0), 0xff);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_DFR, 0), 0xffffffffU);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_LVT_LINT0, 0), VLAPIC_LVT_MASKED);
    CHECK_EQ(vlapic_base(&l), 0xfee00800ULL);
    vlapic_reset(&l, 0, true);
    CHECK_EQ(vlapic_base(&l), 0xfee00900ULL);
    CHECK(vlapic_xapic_mode(&l));
    CHECK(!vlapic_x2apic_mode(&l));
    /* Reserved, write-only and read-only registers. */
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_EOI, 0), 0);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_APR, 0), 0);
    CHECK_EQ(vlapic_read(&l, 0x2f0, 0), 0);
    CHECK_EQ(vlapic_read(&l, 0x3f0, 0), 0);
    wr(&l, VLAPIC_REG_ID, 0x05000000, 0);
    wr(&l, VLAPIC_REG_VERSION, 0, 0);
    wr(&l, VLAPIC_REG_PPR, 0xff, 0);
    wr(&l, 0x3f0, 0x12, 0);
    CHECK_EQ(fx.kind, VLAPIC_EFFECT_NONE);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_ID, 0), 0x05000000);  /* xAPIC ID is read/write */
    CHECK(vlapic_match(&l, 5, false, false));
    wr(&l, VLAPIC_REG_ID, 0, 0);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_VERSION, 0), 0x00050014);
}

UNIT_TEST(vlapic_software_disable)
{
    struct vlapic l;

    vlapic_reset(&l, 0, true);
    CHECK(vlapic_accept(&l, 0x40, false));
    CHECK_EQ(vlapic_pending(&l), -1);         /* held while disabled */
    wr(&l, VLAPIC_REG_LVT_LINT0, 0x700, 0);    /* forced masked */
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_LVT_LINT0, 0), 0x10700);
    CHECK(!vlapic_extint_allowed(&l));
    wr(&l, VLAPIC_REG_SVR, 0x1ff, 0);
    CHECK_EQ(vlapic_pending(&l), 0x40);
    wr(&l, VLAPIC_REG_LVT_LINT0, 0x700, 0);
    CHECK(vlapic_extint_allowed(&l));
    wr(&l, VLAPIC_REG_LVT_LINT0, 0x400, 0);    /* NMI mode: not ExtINT */
    CHECK(!vlapic_extint_allowed(&l));
    wr(&l, VLAPIC_REG_LVT_LINT0, 0xffffffff, 0);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_LVT_LINT0, 0), 0x1a7ff);
    wr(&l, VLAPIC_REG_SVR, 0xffffffff, 0);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_SVR, 0), 0x3ff);
    wr(&l, VLAPIC_REG_LVT_ERROR, 0xffffffff, 0);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_LVT_ERROR, 0), 0x100ff);
    wr(&l, VLAPIC_REG_SVR, 0x0ff, 0);          /* disable: every LVT masked */
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_LVT_TIMER, 0) & VLAPIC_LVT_MASKED, VLAPIC_LVT_MASKED);
    /* APIC off in IA32_APIC_BASE: the PIC reaches the core directly. */
    CHECK(vlapic_set_base(&l, 0xfee00000ULL));
    CHECK(vlapic_extint_allowed(&l));
    CHECK(!vlapic_xapic_mode(&l));
    CHECK(!vlapic_match(&l, 0, false, false));
}

UNIT_TEST(vlapic_priority_and_eoi)
{
    struct vlapic l;

    enabled(&l, 0);
    CHECK(vlapic_accept(&l, 0x31, false));
    CHECK(!vlapic_accept(&l, 0x31, false));   /* already requested */
    CHECK(vlapic_accept(&l, 0x61, true));     /* level */
    CHECK_EQ(vlapic_pending(&l), 0x61);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_IRR + 0x30, 0), 1U << 1);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_TMR + 0x30, 0), 1U << 1);
    wr(&l, VLAPIC_REG_TPR, 0x160, 0);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_TPR, 0), 0x60);
    CHECK_EQ(vlapic_pending(&l), -1);         /* class 6 <= TPR class 6 */
    wr(&l, VLAPIC_REG_TPR, 0x5f, 0);
    CHECK_EQ(vlapic_pending(&l), 0x61);
    wr(&l, VLAPIC_REG_TPR, 0, 0);
    vlapic_ack(&l, 0x61);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_ISR + 0x30, 0), 1U << 1);
    CHECK_EQ(vlapic_ppr(&l), 0x60);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_PPR, 0), 0x60);
    CHECK_EQ(vlapic_pending(&l), -1);         /* 0x31 below the in-service class */
    vlapic_ack(&l, 0x99);                     /* not requested: nothing */
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_ISR + 0x40, 0), 0);
    wr(&l, VLAPIC_REG_EOI, 0, 0);
    CHECK_EQ(fx.kind, VLAPIC_EFFECT_EOI);     /* level: broadcast */
    CHECK_EQ(fx.vector, 0x61);
    CHECK_EQ(vlapic_pending(&l), 0x31);
    vlapic_ack(&l, 0x31);
    wr(&l, VLAPIC_REG_EOI, 0, 0);
    CHECK_EQ(fx.kind, VLAPIC_EFFECT_NONE);    /* edge: local only */
    wr(&l, VLAPIC_REG_EOI, 0, 0);             /* nothing in service */
    CHECK_EQ(fx.kind, VLAPIC_EFFECT_NONE);
    CHECK_EQ(vlapic_pending(&l), -1);
    /* TPR above the in-service class sets the PPR. */
    vlapic_accept(&l, 0x22, false);
    vlapic_ack(&l, 0x22);
    wr(&l, VLAPIC_REG_TPR, 0x45, 0);
    CHECK_EQ(vlapic_ppr(&l), 0x45);
}

UNIT_TEST(vlapic_errors)
{
    struct vlapic l;

    enabled(&l, 0);
    wr(&l, VLAPIC_REG_LVT_ERROR, 0xfe, 0);
    CHECK(!vlapic_accept(&l, 7, false));      /* illegal vector */
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_ESR, 0), 0);   /* latched on write */
    wr(&l, VLAPIC_REG_ESR, 0, 0);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_ESR, 0), VLAPIC_ESR_RECV_ILLEGAL);
    CHECK_EQ(vlapic_pending(&l), 0xfe);       /* error LVT raised */
    wr(&l, VLAPIC_REG_ESR, 0, 0);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_ESR, 0), 0);
    wr(&l, VLAPIC_REG_ICR_LOW, 0x0000000f, 0); /* fixed vector 15: not sent */
    CHECK_EQ(fx.kind, VLAPIC_EFFECT_NONE);
    wr(&l, VLAPIC_REG_ESR, 0, 0);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_ESR, 0), VLAPIC_ESR_SEND_ILLEGAL);
    wr(&l, VLAPIC_REG_LVT_ERROR, 0x5, 0);      /* error LVT with an illegal vector */
    CHECK(!vlapic_accept(&l, 1, false));
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_IRR, 0), 0);
}

UNIT_TEST(vlapic_icr)
{
    struct vlapic l;

    enabled(&l, 0);
    wr(&l, VLAPIC_REG_ICR_HIGH, 0x03ffffff, 0);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_ICR_HIGH, 0), 0x03000000);
    CHECK_EQ(fx.kind, VLAPIC_EFFECT_NONE);
    wr(&l, VLAPIC_REG_ICR_LOW, 0x000040fd | (1U << 12), 0);   /* delivery status ignored */
    CHECK_EQ(fx.kind, VLAPIC_EFFECT_IPI);
    CHECK_EQ(fx.dest, 3);
    CHECK(!fx.x2apic);
    CHECK_EQ(fx.icr_low, 0x40fd);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_ICR_LOW, 0), 0x40fd);
    wr(&l, VLAPIC_REG_ICR_LOW, 0x000c4500, 0);  /* INIT to all but self, vector 0 */
    CHECK_EQ(fx.kind, VLAPIC_EFFECT_IPI);
    CHECK_EQ(VLAPIC_ICR_SHORTHAND(fx.icr_low), VLAPIC_SHORT_OTHERS);
    wr(&l, VLAPIC_REG_ICR_LOW, 0x00000400, 0);  /* NMI: vector 0 is fine */
    CHECK_EQ(fx.kind, VLAPIC_EFFECT_IPI);
}

UNIT_TEST(vlapic_destinations)
{
    struct vlapic l;

    enabled(&l, 2);
    CHECK(vlapic_match(&l, 2, false, false));
    CHECK(!vlapic_match(&l, 3, false, false));
    CHECK(vlapic_match(&l, 0xff, false, false));
    CHECK(vlapic_match(&l, 0xffffffffU, true, true));
    /* Flat logical: LDR bit set by Linux's flat driver. */
    wr(&l, VLAPIC_REG_LDR, 0x04ffffff, 0);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_LDR, 0), 0x04000000);
    CHECK(vlapic_match(&l, 0x05, true, false));
    CHECK(!vlapic_match(&l, 0x03, true, false));
    /* Cluster model: cluster 1, member bit 2. */
    wr(&l, VLAPIC_REG_DFR, 0x0, 0);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_DFR, 0), 0x0fffffff);
    wr(&l, VLAPIC_REG_LDR, 0x14000000, 0);
    CHECK(vlapic_match(&l, 0x16, true, false));
    CHECK(!vlapic_match(&l, 0x26, true, false));
    CHECK(!vlapic_match(&l, 0x18, true, false));
    /* x2APIC: 32-bit physical ids and the derived cluster LDR. */
    CHECK(vlapic_set_base(&l, 0xfee00c00ULL));
    CHECK(vlapic_match(&l, 2, false, true));
    CHECK(!vlapic_match(&l, 0x102, false, true));
    CHECK(vlapic_match(&l, 0x00000004, true, true));
    CHECK(!vlapic_match(&l, 0x00010004, true, true));
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_LDR, 0), 0x4);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_ID, 0), 2);
}

UNIT_TEST(vlapic_oneshot_timer)
{
    struct vlapic l;

    enabled(&l, 0);
    wr(&l, VLAPIC_REG_TIMER_DIV, 0xb, 0);     /* divide by 1 */
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_TIMER_DIV, 0), 0xb);
    wr(&l, VLAPIC_REG_LVT_TIMER, 0xef, 0);    /* one-shot, vector 0xef */
    CHECK_EQ(vlapic_timer_expiry(&l), 0);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_TIMER_COUNT, 0), 0);
    wr(&l, VLAPIC_REG_TIMER_INIT, 1000, 5000);
    CHECK_EQ(vlapic_timer_expiry(&l), 6000);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_TIMER_INIT, 0), 1000);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_TIMER_COUNT, 4000), 1000);  /* before start */
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_TIMER_COUNT, 5250), 750);
    CHECK(!vlapic_timer_advance(&l, 5999));
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_TIMER_COUNT, 6000), 0);
    CHECK(vlapic_timer_advance(&l, 6000));
    CHECK_EQ(vlapic_pending(&l), 0xef);
    CHECK_EQ(vlapic_timer_expiry(&l), 0);
    CHECK(!vlapic_timer_advance(&l, 9000));   /* fires once */
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_TIMER_COUNT, 9000), 0);
    /* Masked: it counts and expires without an interrupt. */
    vlapic_ack(&l, 0xef);
    wr(&l, VLAPIC_REG_EOI, 0, 0);
    wr(&l, VLAPIC_REG_LVT_TIMER, 0x100ef, 0);
    wr(&l, VLAPIC_REG_TIMER_INIT, 10, 10000);
    CHECK(!vlapic_timer_advance(&l, 20000));
    CHECK_EQ(vlapic_pending(&l), -1);
    CHECK_EQ(vlapic_timer_expiry(&l), 0);
    /* Initial count 0 stops the timer. */
    wr(&l, VLAPIC_REG_LVT_TIMER, 0xef, 0);
    wr(&l, VLAPIC_REG_TIMER_INIT, 100, 0);
    wr(&l, VLAPIC_REG_TIMER_INIT, 0, 50);
    CHECK_EQ(vlapic_timer_expiry(&l), 0);
    CHECK(!vlapic_timer_advance(&l, 1000));
}

UNIT_TEST(vlapic_divide_values)
{
    struct vlapic l;
    static const uint32_t dcr[8] = { 0x0, 0x1, 0x2, 0x3, 0x8, 0x9, 0xa, 0xb };
    static const uint64_t div[8] = { 2, 4, 8, 16, 32, 64, 128, 1 };

    enabled(&l, 0);
    wr(&l, VLAPIC_REG_LVT_TIMER, 0x30, 0);
    for (int i = 0; i < 8; i++) {
        wr(&l, VLAPIC_REG_TIMER_DIV, dcr[i] | 0xf0, 0);
        wr(&l, VLAPIC_REG_TIMER_INIT, 0xffffffffU, 100);
        CHECK_EQ(vlapic_timer_expiry(&l), 100 + 0xffffffffULL * div[i]);
        CHECK_EQ(vlapic_read(&l, VLAPIC_REG_TIMER_COUNT, 100 + 10 * div[i]), 0xffffffffU - 10);
    }
}

UNIT_TEST(vlapic_periodic_timer)
{
    struct vlapic l;

    enabled(&l, 0);
    wr(&l, VLAPIC_REG_TIMER_DIV, 0x0, 0);     /* divide by 2 */
    wr(&l, VLAPIC_REG_LVT_TIMER, (1U << 17) | 0x40, 0);
    wr(&l, VLAPIC_REG_TIMER_INIT, 50, 1000);  /* 100 ns period */
    CHECK_EQ(vlapic_timer_expiry(&l), 1100);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_TIMER_COUNT, 1150), 25);
    CHECK(vlapic_timer_advance(&l, 1100));
    CHECK_EQ(vlapic_timer_expiry(&l), 1200);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_TIMER_COUNT, 1100), 50);
    vlapic_ack(&l, 0x40);
    wr(&l, VLAPIC_REG_EOI, 0, 0);
    /* A long gap: missed periods coalesce into one interrupt. */
    CHECK(vlapic_timer_advance(&l, 1950));
    CHECK_EQ(vlapic_timer_expiry(&l), 2000);
    CHECK(!vlapic_timer_advance(&l, 1999));
    CHECK(!vlapic_timer_advance(&l, 2000));   /* vector still requested */
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_TIMER_COUNT, 2010), 45);
    /* Changing the divider keeps the remaining count. */
    wr(&l, VLAPIC_REG_TIMER_DIV, 0x1, 2010);  /* by 4: 45 counts left = 180 ns */
    CHECK_EQ(vlapic_timer_expiry(&l), 2190);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_TIMER_COUNT, 2010), 45);
    /* One-shot <-> periodic keeps the timer running. */
    wr(&l, VLAPIC_REG_LVT_TIMER, 0x40, 2020);
    CHECK_EQ(vlapic_timer_expiry(&l), 2190);
    /* A divider change when stopped just stores it. */
    wr(&l, VLAPIC_REG_TIMER_INIT, 0, 2030);
    wr(&l, VLAPIC_REG_TIMER_DIV, 0x3, 2030);
    CHECK_EQ(vlapic_timer_expiry(&l), 0);
    /* Early in a period the divider change clamps its start at 0. */
    wr(&l, VLAPIC_REG_TIMER_DIV, 0xb, 0);
    wr(&l, VLAPIC_REG_TIMER_INIT, 100, 0);
    wr(&l, VLAPIC_REG_TIMER_DIV, 0xa, 50);    /* by 128: 50 left */
    CHECK_EQ(vlapic_timer_expiry(&l), 50 + 50 * 128);
}

UNIT_TEST(vlapic_tsc_deadline)
{
    struct vlapic l;

    enabled(&l, 0);
    vlapic_tsc_deadline_write(&l, 500, 500, 0); /* not in deadline mode: ignored */
    CHECK_EQ(vlapic_tsc_deadline_read(&l), 0);
    CHECK_EQ(vlapic_timer_expiry(&l), 0);
    wr(&l, VLAPIC_REG_TIMER_INIT, 100, 0);
    wr(&l, VLAPIC_REG_LVT_TIMER, (2U << 17) | 0xec, 10);   /* deadline mode disarms */
    CHECK_EQ(vlapic_timer_expiry(&l), 0);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_TIMER_INIT, 0), 0);
    wr(&l, VLAPIC_REG_TIMER_INIT, 100, 20);   /* ignored in deadline mode */
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_TIMER_INIT, 0), 0);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_TIMER_COUNT, 30), 0);
    vlapic_tsc_deadline_write(&l, 7000, 7000, 100);
    CHECK_EQ(vlapic_tsc_deadline_read(&l), 7000);
    CHECK_EQ(vlapic_timer_expiry(&l), 7000);
    CHECK(!vlapic_timer_advance(&l, 6999));
    CHECK(vlapic_timer_advance(&l, 7000));
    CHECK_EQ(vlapic_tsc_deadline_read(&l), 0);
    CHECK_EQ(vlapic_pending(&l), 0xec);
    vlapic_tsc_deadline_write(&l, 5, 0, 100);  /* in the past: at once */
    CHECK_EQ(vlapic_timer_expiry(&l), 1);
    vlapic_tsc_deadline_write(&l, 0, 0, 100);  /* disarm */
    CHECK_EQ(vlapic_timer_expiry(&l), 0);
    vlapic_tsc_deadline_write(&l, 9000, 9000, 100);
    wr(&l, VLAPIC_REG_LVT_TIMER, 0xec, 200);   /* leaving deadline mode disarms */
    CHECK_EQ(vlapic_timer_expiry(&l), 0);
    CHECK_EQ(vlapic_tsc_deadline_read(&l), 0);
}

UNIT_TEST(vlapic_base_transitions)
{
    struct vlapic l;

    enabled(&l, 1);
    vlapic_accept(&l, 0x50, false);
    CHECK(!vlapic_set_base(&l, 0xfee00c00ULL | 1));        /* reserved bit */
    CHECK(!vlapic_set_base(&l, 0xfee00400ULL));            /* x2APIC without enable */
    CHECK(vlapic_set_base(&l, 0xfed00800ULL | VLAPIC_BASE_BSP));  /* move; BSP is read-only */
    CHECK_EQ(vlapic_base(&l), 0xfed00800ULL);
    CHECK(vlapic_set_base(&l, 0xfee00c00ULL));             /* xAPIC -> x2APIC */
    CHECK(vlapic_x2apic_mode(&l));
    CHECK(!vlapic_set_base(&l, 0xfee00800ULL));            /* x2APIC -> xAPIC: #GP */
    CHECK(vlapic_set_base(&l, 0xfee00000ULL));             /* -> disabled: state reset */
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_IRR + 0x20, 0), 0);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_SVR, 0), 0xff);
    CHECK(!vlapic_set_base(&l, 0xfee00c00ULL));            /* disabled -> x2APIC: #GP */
    CHECK(vlapic_set_base(&l, 0xfee00800ULL));
    CHECK(vlapic_xapic_mode(&l));
    vlapic_accept(&l, 0x50, false);
    vlapic_init(&l);                                        /* INIT keeps id and base */
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_ID, 0), 1U << 24);
    CHECK_EQ(vlapic_base(&l), 0xfee00800ULL);
    CHECK_EQ(vlapic_read(&l, VLAPIC_REG_IRR + 0x20, 0), 0);
}

UNIT_TEST(vlapic_x2apic_msrs)
{
    struct vlapic l;
    uint64_t v = 0;

    enabled(&l, 0x21);
    CHECK(!vlapic_msr_read(&l, 0x802, 0, &v));            /* xAPIC mode: #GP */
    CHECK(!vlapic_msr_write(&l, 0x808, 0, 0, &fx));
    CHECK(vlapic_set_base(&l, 0xfee00c00ULL));
    CHECK(vlapic_msr_read(&l, 0x802, 0, &v));
    CHECK_EQ(v, 0x21);
    CHECK(vlapic_msr_read(&l, 0x80d, 0, &v));
    CHECK_EQ(v, (2U << 16) | 2U);                          /* cluster 2, bit 1 */
    CHECK(vlapic_msr_read(&l, 0x803, 0, &v));
    CHECK(vlapic_msr_read(&l, 0x80f, 0, &v));
    CHECK_EQ(v, 0x1ff);
    CHECK(!vlapic_msr_read(&l, 0x80e, 0, &v));            /* no DFR */
    CHECK(!vlapic_msr_read(&l, 0x80b, 0, &v));            /* EOI is write-only */
    CHECK(!vlapic_msr_read(&l, 0x83f, 0, &v));            /* SELF IPI write-only */
    CHECK(!vlapic_msr_read(&l, 0x7ff, 0, &v));
    CHECK(!vlapic_msr_read(&l, 0x900, 0, &v));
    CHECK(!vlapic_msr_write(&l, 0x802, 5, 0, &fx));       /* ID read-only */
    CHECK(!vlapic_msr_write(&l, 0x80d, 5, 0, &fx));       /* LDR read-only */
    CHECK(!vlapic_msr_write(&l, 0x839, 5, 0, &fx));       /* current count */
    CHECK(!vlapic_msr_write(&l, 0x808, 1ULL << 32, 0, &fx));  /* reserved high half */
    CHECK(!vlapic_msr_write(&l, 0x8ff + 1, 0, 0, &fx));
    CHECK(vlapic_msr_write(&l, 0x808, 0x20, 0, &fx));
    CHECK(vlapic_msr_read(&l, 0x808, 0, &v));
    CHECK_EQ(v, 0x20);
    CHECK(vlapic_msr_write(&l, 0x832, 0x20031, 0, &fx));  /* LVT timer, periodic */
    CHECK(vlapic_msr_write(&l, 0x838, 10, 0, &fx));
    CHECK(vlapic_msr_write(&l, 0x83e, 0xb, 0, &fx));
    CHECK(vlapic_msr_read(&l, 0x839, 3, &v));
    CHECK_EQ(v, 7);                                        /* divide change kept 7 left */
    CHECK(vlapic_msr_read(&l, 0x810, 0, &v));             /* ISR word 0 */
    /* ICR is one 64-bit MSR with a 32-bit destination. */
    CHECK(vlapic_msr_write(&l, 0x830, (0x123ULL << 32) | 0x4031, 0, &fx));
    CHECK_EQ(fx.kind, VLAPIC_EFFECT_IPI);
    CHECK(fx.x2apic);
    CHECK_EQ(fx.dest, 0x123);
    CHECK(vlapic_msr_read(&l, 0x830, 0, &v));
    CHECK_EQ(v, (0x123ULL << 32) | 0x4031);
    CHECK(vlapic_msr_write(&l, 0x83f, 0x1ff, 0, &fx));    /* SELF IPI */
    CHECK_EQ(fx.kind, VLAPIC_EFFECT_IPI);
    CHECK_EQ(fx.icr_low, 0xff | (VLAPIC_SHORT_SELF << 18));
    vlapic_accept(&l, 0x77, true);
    vlapic_ack(&l, 0x77);
    CHECK(vlapic_msr_write(&l, 0x80b, 0, 0, &fx));        /* EOI */
    CHECK_EQ(fx.kind, VLAPIC_EFFECT_EOI);
    CHECK_EQ(fx.vector, 0x77);
    vlapic_accept_nmi(&l);
    CHECK(vlapic_take_nmi(&l));
    CHECK(!vlapic_take_nmi(&l));
}
